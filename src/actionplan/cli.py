"""The `actionplan` command: set up, import and export plan files, review, mark done, serve.

Commands are thin: they call the services in `actionplan.planning` / `actionplan.orgs.services`
and print. Domain errors never show a traceback: they are printed as one clear line each and the
command exits with 2 (bad input: plan file, reference, date, option) or 1 (anything else:
configuration, database).

Language: messages and `--help` are in English unless `--lang vi` is given (after the command or
before it), or `ACTIONPLAN_LANGUAGE` (else `LANG`) starts with `vi`. Help texts are marked with
N_ and translated from the same catalogue.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

import typer

from actionplan.commands import forecast as forecast_command
from actionplan.commands.checkin import CHECKIN_HELP, checkin
from actionplan.commands.decide import DECIDE_HELP, RATE_HELP, decide, rate
from actionplan.commands.forecast import FORECAST_HELP
from actionplan.commands.history import HISTORY_HELP, history
from actionplan.commands.language import catalogue_gettext, cli_language
from actionplan.commands.options import LangOption, OrgOption
from actionplan.commands.options import moment as _moment
from actionplan.commands.scorecard import SCORECARD_HELP, scorecard
from actionplan.commands.timeframe import TIMEFRAME_HELP, timeframe
from actionplan.commands.workload import (
    APPLY_SUGGESTION_HELP,
    SUGGEST_HELP,
    WORKLOAD_HELP,
    apply_suggestion,
    suggest,
    workload,
)
from actionplan.core.messages import N_

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="actionplan",
    help=N_("Strategies, action plans and on-time reviews for small businesses."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("timeframe", help=TIMEFRAME_HELP)(timeframe)

DEMO_ORG = "sao-mai"
DEMO_FILE = "sao-mai.vi.yaml"
DEMO_USER = "owner"
STATUS_STYLE = {
    "done_on_time": "green",
    "done_late": "yellow",
    "overdue": "bold red",
    "at_risk": "bold yellow",
    "due_soon": "magenta",
    "on_track": "cyan",
}


# --------------------------------------------------------------------------------------------
# Boundary: Django setup, language, errors -> exit codes.


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def _say(text: str = "") -> None:
    typer.echo(text)


def _complain(text: str) -> None:
    typer.echo(text, err=True)


def _fail(text: str, code: int = 2) -> typer.Exit:
    _complain(text)
    return typer.Exit(code)


def _command(name: str, help: str) -> Callable[[F], F]:  # noqa: A002 - Typer's word
    """Register a command whose domain errors become a message and an exit code."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            from django.core.exceptions import ImproperlyConfigured

            try:
                _setup()
            except ImproperlyConfigured as exc:  # no settings: no translations either
                raise _fail(f"configuration error: {exc}", 1) from None
            from django.utils import translation

            with translation.override(cli_language(kwargs.get("lang"))):
                return _guarded(fn, args, kwargs)

        app.command(name, help=help)(run)
        return fn

    return decorate


def _guarded(fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, OperationalError, ProgrammingError

    try:
        return fn(*args, **kwargs)
    except (typer.Exit, typer.Abort):
        raise
    except ImproperlyConfigured as exc:
        raise _fail(_("configuration error: %(error)s") % {"error": exc}, 1) from None
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc).lower()
        if "no such table" in text or ("does not exist" in text and "relation" in text):
            raise _fail(_("database not initialised: run actionplan init"), 1) from None
        raise _fail(_("database error: %(error)s") % {"error": exc}, 1) from None
    except DatabaseError as exc:
        raise _fail(_("database error: %(error)s") % {"error": exc}, 1) from None
    except Exception as exc:
        handled = _domain_error(exc)
        if handled is None:
            raise
        raise _fail(handled, 2) from None


def _domain_error(exc: Exception) -> str | None:
    from django.utils.translation import gettext

    from actionplan.core.planfile_model import PlanFileError
    from actionplan.core.timeframe import TimeFrameError
    from actionplan.errors import ActionError

    if isinstance(exc, PlanFileError):
        return "\n".join(e.render(gettext) for e in exc.errors)
    if isinstance(exc, ActionError):
        return exc.render(gettext)
    if isinstance(exc, TimeFrameError):
        return exc.message.render(gettext)
    return None


@app.callback()
def _before_any_command(lang: LangOption = None) -> None:
    # `actionplan --lang vi COMMAND` speaks Vietnamese as `COMMAND --lang vi` does: the command
    # reads the language from the environment when it has no --lang of its own.
    if lang:
        os.environ["ACTIONPLAN_LANGUAGE"] = lang


def _org(org_key: str | None):  # noqa: ANN202 - Organization, imported after setup
    from actionplan.orgs.services import resolve_org

    return resolve_org(org_key)


# --------------------------------------------------------------------------------------------
# Commands.


@_command(
    "init", help=N_("Create or migrate the database and collect static files when they changed (idempotent).")
)
def init() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _collect_static()
    _say(_("database ready"))


def _collect_static() -> None:
    """collectstatic, only when a source file is newer than the last collection (or none was made)."""
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / ".collected"
    newest = 0.0
    for config in apps.get_app_configs():
        for folder, _dirs, files in os.walk(Path(config.path) / "static"):
            for name in files:
                newest = max(newest, (Path(folder) / name).stat().st_mtime)
    if stamp.exists() and stamp.stat().st_mtime >= newest:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    root.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def _print_result(result: Any) -> None:
    from django.utils.translation import gettext

    for warning in result.warnings:
        text = _("warning: %(message)s") % {"message": warning.message.render(gettext)}
        _complain(f"{warning.location}: {text}")
    head = _("dry run of %(org)s (nothing written)") if result.dry_run else _("imported %(org)s")
    _say(head % {"org": result.organization})
    labels = {
        "organization": _("organization"),
        "party": _("people, teams and vendors"),
        "strategy": _("strategies"),
        "goal": _("goals"),
        "measurement": _("measurements"),
        "action_plan": _("action plans"),
        "step": _("steps"),
        "dependency": _("dependencies"),
        "service_standard": _("service standards"),
        "occurrence": _("occurrences"),
    }
    for typ, counts in result.counts.items():
        if counts.changed:
            _say(
                "  "
                + _(
                    "%(what)s: %(created)s created, %(updated)s updated, "
                    "%(deleted)s deleted, %(unchanged)s unchanged"
                )
                % {"what": labels[typ], **vars(counts)}
            )
    if not result.changed:
        unchanged = sum(c.unchanged for c in result.counts.values())
        _say("  " + _("no changes (%(count)s rows unchanged)") % {"count": unchanged})
    for ref in result.reopened:
        _say("  " + _("%(ref)s: open again (done in the database, not in the file)") % {"ref": ref})
    for ref in result.kept:
        _say("  " + _("%(ref)s: kept (done, beyond the step's occurrences)") % {"ref": ref})


@_command(
    "import",
    help=N_(
        "Load a plan file into its organization (all or nothing; the file is the truth).\n\n"
        "Errors are printed as FILE:LINE:COLUMN: message, all at once, and nothing is written (exit 2)."
    ),
)
def import_(
    file: Annotated[Path, typer.Argument(help=N_("The plan file (YAML)."))],
    *,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Check and show the changes; write nothing."))
    ] = False,
    lang: LangOption = None,
) -> None:
    from actionplan.planning.importer import import_plan_file

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise _fail(
            _("cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror or exc}
        ) from None
    result = import_plan_file(data, str(file), dry_run=dry_run)
    _print_result(result)


@_command("export", help=N_("Write the organization as a plan file (importing it back changes nothing)."))
def export(
    *,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=N_("Write to this file, not stdout."))
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.planning.exporter import export_text

    text = export_text(_org(org))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(
            _("cannot write %(file)s: %(error)s") % {"file": output, "error": exc.strerror or exc}
        ) from None
    _say(_("wrote %(file)s") % {"file": output})


def status_label(status: str) -> str:
    labels = {
        "done_on_time": _("done on time"),
        "done_late": _("done late"),
        "overdue": _("overdue"),
        "at_risk": _("at risk"),
        "due_soon": _("due soon"),
        "on_track": _("on track"),
    }
    return labels.get(status, status)


@_command(
    "review",
    help=N_("Every step occurrence with who, when and its status (done on time, late, overdue, ...)."),
)
def review(
    *,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=N_("Review as of this date or time (default now; org's zone).")),
    ] = None,
    format: Annotated[str, typer.Option("--format", help=N_("table or json."))] = "table",  # noqa: A002
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope", help=N_("The agenda's scope: org (default), strategy:ID, team:ID or person:ID.")
        ),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option("--minutes", metavar="ID", help=N_("Print the minutes of saved review ID as Markdown.")),
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from django.utils import timezone

    from actionplan.accountability.reviews import agenda, agenda_json, parse_scope
    from actionplan.commands.review import print_agenda, print_minutes
    from actionplan.planning.review import review_json

    if format not in ("table", "json"):
        raise _fail(_("--format must be table or json"))
    organization = _org(org)
    if minutes is not None:
        print_minutes(organization, minutes)
        return
    tz = ZoneInfo(organization.timezone)
    moment = _moment(as_of, tz, "--as-of") or timezone.now()
    the_scope = parse_scope(organization, scope)
    plan = agenda(organization, the_scope, moment)  # its review is build_review's, forecast once
    result = plan.review
    if format == "json":
        data = review_json(result)
        data["agenda"] = agenda_json(plan)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _print_review(result)
    print_agenda(plan)


def _progress(item: Any) -> str:
    """The percent done ("40%"), and "blocked: why" when the latest check-in says so."""
    parts = [f"{item.percent_done}%"] if item.percent_done is not None else []
    if item.blocked:
        parts.append(_("blocked: %(reason)s") % {"reason": item.blocked})
    return "; ".join(parts)


def _print_review(result: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    org = result.organization
    table = Table(
        title=_("%(org)s as of %(as_of)s")
        % {"org": org.name, "as_of": result.as_of.strftime("%Y-%m-%d %H:%M")},
        title_justify="left",
    )
    table.add_column(_("ref"), no_wrap=True)
    table.add_column(_("step"), overflow="fold", ratio=1)
    table.add_column(_("responsible"), overflow="fold")
    table.add_column(_("due"), no_wrap=True)
    table.add_column(_("done"), no_wrap=True)
    table.add_column(_("status"), no_wrap=True)
    table.add_column(_("progress"), overflow="fold")
    for item in result.items:
        table.add_row(
            item.ref,
            item.title,
            item.responsible.name,
            item.due.strftime("%Y-%m-%d %H:%M"),
            item.completed_at.strftime("%Y-%m-%d %H:%M") if item.completed_at else "",
            Text(status_label(item.status), style=STATUS_STYLE.get(item.status, "")),
            _progress(item),
        )
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    console.print(table)
    counts = result.counts()
    summary = ", ".join(f"{status_label(s)}: {counts[s]}" for s in STATUS_STYLE if s in counts)
    console.print(summary or _("nothing planned"), markup=False)


@_command("done", help=N_("Mark a step occurrence done (an occurrence already done is refused)."))
def done(
    ref: Annotated[
        str, typer.Argument(help=N_("strategy/plan/step, or strategy/plan/step#n of a recurring step."))
    ],
    *,
    at: Annotated[
        str | None, typer.Option("--at", help=N_("When it was done (default now; org's zone if no offset)."))
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.planning.actions import find_occurrence, mark_done

    organization = _org(org)
    tz = ZoneInfo(organization.timezone)
    occurrence = find_occurrence(organization, ref)
    occurrence = mark_done(occurrence, _moment(at, tz, "--at"), source="cli")
    when = occurrence.completed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    _say(_("%(ref)s done at %(at)s") % {"ref": ref, "at": when})


@_command("reopen", help=N_("Make a done step occurrence open again."))
def reopen_(
    ref: Annotated[
        str, typer.Argument(help=N_("strategy/plan/step, or strategy/plan/step#n of a recurring step."))
    ],
    *,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.planning.actions import find_occurrence, reopen

    reopen(find_occurrence(_org(org), ref), source="cli")
    _say(_("%(ref)s is open again") % {"ref": ref})


@_command(
    "createuser",
    help=N_("Create a login in an organization; an existing login gets the new password and role."),
)
def createuser(
    username: Annotated[str, typer.Argument(help=N_("The login name."))],
    *,
    password: Annotated[
        str | None, typer.Option("--password", help=N_("The password (asked for when absent)."))
    ] = None,
    org: OrgOption = None,
    role: Annotated[str, typer.Option("--role", help=N_("owner, manager or member."))] = "owner",
    lang: LangOption = None,
) -> None:
    from actionplan.orgs.services import create_user

    if password is None:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    user = create_user(username, password, org, role)
    _say(
        _("login %(user)s ready (%(role)s of %(org)s)")
        % {"user": user.get_username(), "role": role, "org": _org(org).key}
    )


def examples_dir() -> Path:
    """Where the example plan files are: $ACTIONPLAN_EXAMPLES, the repo's examples/, or ./examples."""
    candidates = [
        os.environ.get("ACTIONPLAN_EXAMPLES"),
        Path(__file__).resolve().parents[2] / "examples",  # editable install: <repo>/src/actionplan/cli.py
        Path(__file__).resolve().parent / "examples",  # packaged with the code
        Path.cwd() / "examples",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / DEMO_FILE).is_file():
            return Path(candidate)
    raise _fail(_("the example plans are missing (set ACTIONPLAN_EXAMPLES to the examples folder)"), 1)


def _demo_password() -> str:
    from django.conf import settings

    path = Path(settings.DATA_DIR) / "demo-password"
    if path.exists():
        password = path.read_text(encoding="utf-8").strip()
        if len(password) >= 12:
            return password
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(password + "\n")
    path.chmod(0o600)
    return password


@_command(
    "demo",
    help=N_("Load the demo organization (the article's bakery, in Vietnamese) once, and print its login."),
)
def demo(
    *,
    host: Annotated[str, typer.Option("--host", help=N_("Host shown in the login line."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port shown in the login line."))] = 8000,
    lang: LangOption = None,
) -> None:
    from actionplan.orgs.models import Organization
    from actionplan.orgs.services import create_user
    from actionplan.planning.importer import import_plan_file

    if not Organization.objects.filter(key=DEMO_ORG).exists():
        path = examples_dir() / DEMO_FILE
        import_plan_file(path.read_bytes(), str(path))
        _say(_("demo organization %(org)s loaded") % {"org": DEMO_ORG})
    password = _demo_password()
    create_user(DEMO_USER, password, DEMO_ORG, "owner")
    _say(
        _("Login at %(url)s as %(user)s / %(password)s")
        % {"url": f"http://{host}:{port}", "user": DEMO_USER, "password": password}
    )


@_command(
    "serve",
    help=N_("Run the production server (gunicorn + whitenoise) after `init`; not Django's runserver."),
)
def serve(
    *,
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port to listen on."))] = 8000,
    workers: Annotated[int, typer.Option("--workers", help=N_("gunicorn worker processes."))] = 2,
    lang: LangOption = None,
) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _collect_static()
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "actionplan.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    _say(_("serving on %(url)s") % {"url": f"http://{host}:{port}"})
    sys.stdout.flush()
    os.execv(sys.executable, argv)


@_command("forecast", help=FORECAST_HELP)
def forecast(
    file: Annotated[
        Path | None, typer.Argument(help=N_("A plan file to forecast (what-if); default: the database."))
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=N_("Forecast as of this date or time (default now; org's zone).")),
    ] = None,
    format: Annotated[str, typer.Option("--format", help=N_("table or json."))] = "table",  # noqa: A002
    suggestions: Annotated[
        int | None,
        typer.Option(
            "--suggestions",
            help=N_(
                "How many suggestions to look for (0: none; default 3, within a bounded amount of work)."
            ),
        ),
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from django.utils.translation import gettext

    if file is not None:  # reached only when the fast path declined, e.g. with --org
        code = forecast_command.forecast_file(
            str(file), as_of=as_of, fmt=format, language=cli_language(lang), suggestions=suggestions
        )
        raise typer.Exit(code)
    if format not in forecast_command.FORMATS:
        raise _fail(_("--format must be table or json"))
    from actionplan.planning.forecasting import forecast_view

    organization = _org(org)
    moment = _moment(as_of, ZoneInfo(organization.timezone), "--as-of") or datetime.now(
        ZoneInfo(organization.timezone)
    )
    count = forecast_command.DEFAULT_SUGGESTIONS if suggestions is None else suggestions
    view = forecast_view(organization, moment, with_suggestions=count > 0)
    forecast_command.emit(
        view.situation,
        view.result,
        view.overloads,
        view.suggestions[:count],
        fmt=format,
        gettext=gettext,
    )


_command("workload", help=WORKLOAD_HELP)(workload)
_command("suggest", help=SUGGEST_HELP)(suggest)
_command("apply-suggestion", help=APPLY_SUGGESTION_HELP)(apply_suggestion)
_command("scorecard", help=SCORECARD_HELP)(scorecard)
_command("checkin", help=CHECKIN_HELP)(checkin)
_command("history", help=HISTORY_HELP)(history)
_command("decide", help=DECIDE_HELP)(decide)
_command("rate", help=RATE_HELP)(rate)


@_command("schema", help=N_("Print the plan file's JSON Schema (for editors)."))
def schema(lang: LangOption = None) -> None:
    from actionplan.core.planfile import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


def _help_language(argv: list[str]) -> str:
    """`--help` is answered before options are parsed, so its language is read off the raw arguments."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return cli_language(arg.split("=", 1)[1])
        if arg == "--lang" and i + 1 < len(argv):
            return cli_language(argv[i + 1])
    return cli_language()


def _translate_help(command: Any, gettext: Callable[[str], str]) -> None:  # Typer's own click command
    """Translate the help of a command, its parameters and its subcommands, in place."""
    if command.help:
        command.help = gettext(command.help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = gettext(param.help)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub, gettext)


def command_for(argv: list[str]) -> Any:
    """The click command behind `app`, its help in the language the arguments or environment ask for."""
    command = typer.main.get_command(app)
    language = _help_language(argv)
    if language != "en":
        # The help is shown before Django is set up: the same catalogue, read by the standard library.
        _translate_help(command, catalogue_gettext(language))
    return command


def main() -> None:
    """Entry point of the `actionplan` script."""
    command_for(sys.argv[1:])(prog_name="actionplan")


if __name__ == "__main__":
    main()
