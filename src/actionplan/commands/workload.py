"""`actionplan workload`, `suggest` and `apply-suggestion`: the forecast of the organization in the
database, seen as load per person and week, and the changes that keep work on time.

The functions are plain Typer commands; cli.py registers them (Django set up, the language
chosen, domain errors printed as one line with exit 2). The computing is
`planning.forecasting`'s; this module only prints.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from actionplan.commands.options import FormatOption, LangOption, OrgOption, check_format, moment
from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError

if TYPE_CHECKING:
    from actionplan.core.leveling.model import Week
    from actionplan.planning.forecasting import ForecastView

WORKLOAD_HELP = N_(
    "People and teams by ISO week: the hours the forecast plans, the demand of their open work and "
    "their capacity; a week over capacity is shown in red and marked with !."
)
SUGGEST_HELP = N_(
    "Who is over capacity, and the changes that keep work on time (reassign, outsource, change a "
    "priority, move a due), each with its measured effect."
)
APPLY_SUGGESTION_HELP = N_(
    "Apply a suggestion of `actionplan suggest` by its id, with a reason (recorded in the step's "
    "history). A suggestion computed on data that has changed since is refused: run suggest again."
)
MAX_WEEKS = 520

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help=N_("Forecast as of this date or time (default now; org's zone).")),
]


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def _org_and_moment(org: str | None, as_of: str | None) -> tuple[Any, datetime]:
    from actionplan.orgs.services import resolve_org

    organization = resolve_org(org)
    tz = ZoneInfo(organization.timezone)
    return organization, moment(as_of, tz, "--as-of") or datetime.now(tz)


def _dump(data: dict) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _short(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


# --------------------------------------------------------------------------------------------
# workload


def workload(
    *,
    org: OrgOption = None,
    as_of: AsOfOption = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks", help=N_("How many weeks from the as-of week (default: as far as there is work).")
        ),
    ] = None,
    format: FormatOption = "table",  # noqa: A002 - the option's name
    lang: LangOption = None,
) -> None:
    from django.utils.translation import gettext

    from actionplan.core.leveling.report import overload_json
    from actionplan.planning.forecasting import forecast_view

    check_format(format)
    if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
        raise ActionError(Message(N_("--weeks must be a number from 1 to %(max)s"), {"max": MAX_WEEKS}))
    organization, when = _org_and_moment(org, as_of)
    view = forecast_view(organization, when, weeks=weeks, with_suggestions=False)
    rows = _rows(view, weeks)
    if format == "json":
        _dump(
            {
                "as_of": view.situation.as_of.isoformat(),
                "people": [
                    {
                        "id": pid,
                        "name": name,
                        "kind": kind,
                        "weeks": [
                            {
                                "week": w.week,
                                "capacity_hours": w.capacity,
                                "demand_hours": w.demand,
                                "planned_hours": w.planned,
                            }
                            for w in row
                        ],
                    }
                    for pid, name, kind, row in rows
                ],
                "overloads": [overload_json(o, gettext) for o in view.overloads],
            }
        )
        return
    _print_workload(view, rows, organization)


def _rows(view: ForecastView, weeks: int | None) -> list[tuple[str, str, str, tuple[Week, ...]]]:
    """(id, name, kind, weeks) for each person then each team, all rows as long as the longest."""
    from actionplan.core.leveling.demand import workload as weeks_of

    table = view.weeks
    longest = max((len(r) for r in table.values()), default=0)
    if weeks is None and any(len(r) != longest for r in table.values()):
        table = weeks_of(view.situation, view.result, weeks=longest)
    parties = [(p.id, p.name, "person") for p in view.situation.people]
    parties += [(t.id, t.name, "team") for t in view.situation.teams]
    return [(pid, name, kind, table.get(pid, ())) for pid, name, kind in parties]


def _style(week: Week) -> str:
    """Colour by load (demand against capacity): red over capacity, yellow near it."""
    if week.capacity <= 0:
        return "bold red" if week.demand > 0 else "dim"
    load = week.demand / week.capacity
    if week.overloaded:
        return "bold white on red"
    if load >= 0.8:
        return "black on yellow"
    if week.demand > 0 or week.planned > 0:
        return "green"
    return "dim"


def _print_workload(view: ForecastView, rows: list, organization: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from actionplan.core.leveling.overload import overload_summary

    console = _console()
    table = Table(
        title=_("Workload of %(org)s as of %(as_of)s")
        % {"org": organization.name, "as_of": _short(view.situation.as_of)},
        title_justify="left",
        caption=_("each week: demand / capacity in hours; ! and red: over capacity"),
        caption_justify="left",
    )
    table.add_column(_("who"), no_wrap=True, min_width=10)
    year = ""
    for w in rows[0][3] if rows else ():
        # "W05", with the year over the first week of each year
        head = f"{w.week[:4]}\n{w.week[5:]}" if w.week[:4] != year else f"\n{w.week[5:]}"
        year = w.week[:4]
        table.add_column(head, justify="right", no_wrap=True)
    for _pid, name, kind, row in rows:
        who = name + (f" ({_('team')})" if kind == "team" else "")
        cells = [
            Text(("!" if w.overloaded else "") + f"{w.demand:.0f}/{w.capacity:.0f}", style=_style(w))
            for w in row
        ]
        table.add_row(who, *cells)
    console.print(table)
    if not rows:
        console.print(_("no one to plan for"), markup=False)
    for o in view.overloads:
        console.print(overload_summary(o).render(_), markup=False, style="bold red")


# --------------------------------------------------------------------------------------------
# suggest


def suggest(
    *,
    org: OrgOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = "table",  # noqa: A002 - the option's name
    lang: LangOption = None,
) -> None:
    from django.utils.translation import gettext

    from actionplan.core.leveling.report import overload_json, suggestion_json
    from actionplan.planning.forecasting import forecast_view

    check_format(format)
    organization, when = _org_and_moment(org, as_of)
    view = forecast_view(organization, when)
    if format == "json":
        _dump(
            {
                "as_of": view.situation.as_of.isoformat(),
                "overloads": [overload_json(o, gettext) for o in view.overloads],
                "suggestions": [suggestion_json(s, view.situation, gettext) for s in view.suggestions],
            }
        )
        return
    _print_suggestions(view)


def _print_suggestions(view: ForecastView) -> None:
    from rich.table import Table
    from rich.text import Text

    from actionplan.core.leveling.overload import overload_summary
    from actionplan.core.leveling.suggest import suggestion_message

    console = _console()
    as_of = _short(view.situation.as_of)
    if view.overloads:
        console.print(_("Over capacity as of %(as_of)s:") % {"as_of": as_of}, style="bold", markup=False)
        for o in view.overloads:
            console.print("  " + overload_summary(o).render(_), markup=False, style="red")
    else:
        console.print(_("no one is over capacity as of %(as_of)s") % {"as_of": as_of}, markup=False)
    if not view.suggestions:
        console.print(_("nothing to suggest: nothing is at risk"), markup=False)
        return
    table = Table(title=_("Suggestions"), title_justify="left")
    table.add_column(_("id"), no_wrap=True)
    table.add_column(_("change"), overflow="fold", ratio=1)
    table.add_column(_("for"), overflow="fold")
    table.add_column(_("late"), no_wrap=True, justify="right")
    table.add_column(_("latest finish"), no_wrap=True)
    for s in view.suggestions:
        better = s.late_after < s.late_before
        table.add_row(
            s.id,
            suggestion_message(s, view.situation).render(_),
            s.for_ref,
            Text(f"{s.late_before} → {s.late_after}", style="green" if better else ""),
            f"{_short(s.finish_before)} → {_short(s.finish_after)}",
        )
    console.print(table)
    console.print(_("apply one with: actionplan apply-suggestion ID --reason TEXT"), markup=False)


# --------------------------------------------------------------------------------------------
# apply-suggestion


def apply_suggestion(
    suggestion_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("The suggestion's id, from actionplan suggest."))
    ],
    *,
    reason: Annotated[
        str | None, typer.Option("--reason", help=N_("Why: recorded in the step's history (required)."))
    ] = None,
    org: OrgOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.core.leveling.suggest import suggestion_message
    from actionplan.planning import forecasting

    organization, when = _org_and_moment(org, as_of)
    applied = forecasting.apply_suggestion(
        organization, suggestion_id, reason=reason or "", as_of=when, source="cli"
    )
    situation = forecasting.situation_for(organization, when)
    typer.echo(
        _("applied %(id)s: %(change)s")
        % {"id": applied.id, "change": suggestion_message(applied, situation).render(_)}
    )
    typer.echo(
        "  "
        + _("late %(before)s → %(after)s, latest finish %(fbefore)s → %(fafter)s")
        % {
            "before": applied.late_before,
            "after": applied.late_after,
            "fbefore": _short(applied.finish_before),
            "fafter": _short(applied.finish_after),
        }
    )
