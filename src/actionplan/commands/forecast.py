"""`actionplan forecast [FILE]`: when each open occurrence will really be done, who is overloaded,
and what to change.

With a plan file it needs no database: it imports only the core (`launch.py` sends
`actionplan forecast FILE ...` here before Typer and Django are loaded), so a what-if on a file
starts fast. Without a file it forecasts the organization in the database.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import datetime, time
from typing import Any

from actionplan.commands.language import catalogue_gettext, cli_language
from actionplan.core.messages import N_

FORECAST_HELP = N_(
    "Forecast when each open occurrence will be done, on each person's capacity: late steps, "
    "overloaded people and suggestions with their measured effect.\n\n"
    "With FILE, forecast that plan file (no database needed); without, the organization in the database."
)
DEFAULT_SUGGESTIONS = 3
# Without --suggestions, trial forecasts may plan this many occurrences in all (a 5,000-step plan:
# 2 trials; the demo: every trial it needs); an explicit --suggestions N is answered in full.
DEFAULT_TRIAL_BUDGET = 10_000
FORMATS = ("table", "json")


class Usage(Exception):
    """A bad option value: printed as one line, exit 2."""


def parse_as_of(text: str | None, tz: Any) -> datetime:
    """Any ISO 8601 date or date-time, as the plan file reads them (naive: the organization's
    zone; a date alone: 00:00; Z or an offset: that moment); default now."""
    if text is None:
        return datetime.now(tz)
    from actionplan.core.planfile_values import parse_moment

    value = parse_moment(text)
    if value is None:
        raise Usage(
            N_("%(option)s: %(value)s is not a date or time (use YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
            {"option": "--as-of", "value": text},
        )
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def forecast_file(
    path: str, *, as_of: str | None, fmt: str, language: str, suggestions: int | None = None
) -> int:
    """Forecast a plan file and print it; the exit code (0, or 2 for bad input)."""
    from actionplan.commands.forked import in_parallel
    from actionplan.core import planfile, planresolve
    from actionplan.core.leveling.from_plan import situation_from_plan
    from actionplan.core.leveling.schedule import forecast
    from actionplan.core.leveling.suggest import suggest

    gettext = catalogue_gettext(language)
    try:
        if fmt not in FORMATS:
            raise Usage(N_("--format must be table or json"), {})
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise Usage(
                N_("cannot read %(file)s: %(error)s"), {"file": path, "error": exc.strerror or exc}
            ) from None
        plan = planfile.load(data, filename=path)
        resolved = planresolve.resolve_plan(plan)
        assert resolved.calendar is not None
        moment = parse_as_of(as_of, resolved.calendar.tzinfo)
    except Usage as exc:
        msgid, params = exc.args
        print(gettext(msgid) % params if params else gettext(msgid), file=sys.stderr)
        return 2
    except planfile.PlanFileError as exc:
        print("\n".join(e.render(gettext) for e in exc.errors), file=sys.stderr)
        return 2
    situation = situation_from_plan(plan, resolved, moment)
    result = forecast(situation)
    # The suggestions' trial forecasts run in a child while this process finds the overloads
    # and builds the output (commands.forked: the same answer on one core, later).
    ideas = in_parallel(
        lambda: suggest(
            situation,
            result,
            limit=DEFAULT_SUGGESTIONS if suggestions is None else suggestions,
            budget=DEFAULT_TRIAL_BUDGET if suggestions is None else None,
        )
    )
    # Imported only now: what only this side needs loads while the child works.
    from actionplan.core.leveling.overload import overloads

    found = overloads(situation, result)
    emit(situation, result, found, ideas, fmt=fmt, gettext=gettext)
    return 0


def emit(situation: Any, result: Any, found: Any, ideas: Any, *, fmt: str, gettext: Any) -> None:
    """Print a forecast as JSON or as a table (the same for a file and for the database)."""
    from actionplan.core.leveling.report import forecast_json

    if fmt == "json":
        import orjson

        data = forecast_json(
            situation, result, overloads=found, suggestions=ideas, gettext=gettext, as_text=False
        )
        sys.stdout.buffer.write(orjson.dumps(data) + b"\n")
        return
    _table(forecast_json(situation, result, overloads=found, suggestions=ideas, gettext=gettext), gettext)


def _short(moment: str | None) -> str:
    return moment[:16].replace("T", " ") if moment else "—"


def _table(data: dict[str, Any], gettext: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, markup=False)  # titles and ids like [s1a2] are text, not markup
    table = Table(title=gettext("Forecast as of %(as_of)s") % {"as_of": _short(data["as_of"])})
    table.add_column(gettext(N_("Step")), overflow="fold")
    table.add_column(gettext(N_("Responsible")), overflow="fold")
    table.add_column(gettext(N_("Effort (h)")), justify="right")
    table.add_column(gettext(N_("Due")), no_wrap=True)
    table.add_column(gettext(N_("Forecast finish")), no_wrap=True)
    table.add_column(gettext(N_("Late")))
    for item in data["occurrences"]:
        late = item["late"]
        who = item["responsible"]
        table.add_row(
            item["ref"],
            who if item["assignee"] == who else f"{who} → {item['assignee']}",
            "" if item["effort_hours"] is None else str(item["effort_hours"]),
            (item["due"] or "")[:10],
            _short(item["forecast_finish"]),
            gettext(N_("late")) if late else "",
            style="bold red" if late else None,
        )
    console.print(table)
    late = sum(1 for i in data["occurrences"] if i["late"])
    console.print(
        gettext("%(late)s of %(count)s occurrences forecast late.")
        % {"late": late, "count": len(data["occurrences"])}
    )
    if data["overloads"]:
        console.print(gettext("Over capacity:"), style="bold")
        for o in data["overloads"]:
            console.print(f"  {o['summary']}")
    if data["suggestions"]:
        console.print(gettext("Suggestions:"), style="bold")
        for s in data["suggestions"]:
            console.print(
                f"  [{s['id']}] {s['description']}: "
                + gettext("late %(before)s → %(after)s, latest finish %(fbefore)s → %(fafter)s")
                % {
                    "before": s["late_before"],
                    "after": s["late_after"],
                    "fbefore": _short(s["finish_before"]),
                    "fafter": _short(s["finish_after"]),
                }
            )


# Options of the fast path; anything else (or no FILE) goes to the full Typer command.
_VALUED = {"--as-of": "as_of", "--format": "fmt", "--lang": "lang", "--suggestions": "suggestions"}


def fast_main(argv: list[str]) -> int | None:
    """`forecast FILE [options]` without Typer or Django; None when the full command must answer."""
    values: dict[str, str] = {}
    files: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, inline = arg.partition("=")
        if name in _VALUED:
            if eq:
                values[_VALUED[name]] = inline
            elif i + 1 < len(argv):
                values[_VALUED[name]] = argv[i + 1]
                i += 1
            else:
                return None
        elif arg.startswith("-"):
            return None  # --help, --org, a typo: Typer answers
        else:
            files.append(arg)
        i += 1
    if len(files) != 1:
        return None
    try:
        count = int(values["suggestions"]) if "suggestions" in values else None
    except ValueError:
        return None
    # A short-lived process over one large plan: the cyclic collector would only rescan it.
    gc.disable()
    return forecast_file(
        files[0],
        as_of=values.get("as_of"),
        fmt=values.get("fmt", "table"),
        language=cli_language(values.get("lang") or os.environ.get("ACTIONPLAN_LANGUAGE")),
        suggestions=count,
    )
