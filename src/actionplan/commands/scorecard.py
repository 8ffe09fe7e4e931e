"""`actionplan scorecard`: on-time rate and slips against the baseline per person, team, vendor or
strategy, from `accountability.scorecards` (the web page's numbers). cli.py registers it."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from actionplan.commands.options import FormatOption, LangOption, OrgOption, check_format, moment
from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError

if TYPE_CHECKING:
    from actionplan.core.scorecard import Row

SCORECARD_HELP = N_(
    "On-time rate and slip in working days against the baseline due, per person, team, vendor or "
    "strategy, over a period (default: the last 12 weeks up to today). An occurrence counts in the "
    "period its baseline due falls in."
)
BY = ("person", "team", "vendor", "strategy")


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ActionError(
            Message(
                N_("%(option)s: %(value)s is not a date (use YYYY-MM-DD)"), {"option": option, "value": text}
            )
        ) from None


def scorecard(
    *,
    by: Annotated[str, typer.Option("--by", help=N_("person, team, vendor or strategy."))] = "person",
    first: Annotated[
        str | None,
        typer.Option("--from", help=N_("First day of the period, YYYY-MM-DD (baseline due dates).")),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", help=N_("Last day of the period, YYYY-MM-DD (default: the as-of day).")),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=N_("As of this date or time (default now; org's zone)."))
    ] = None,
    org: OrgOption = None,
    format: FormatOption = "table",  # noqa: A002 - the option's name
    lang: LangOption = None,
) -> None:
    from actionplan.accountability.scorecards import build_scorecard, default_period
    from actionplan.orgs.services import resolve_org

    check_format(format)
    if by not in BY:
        raise ActionError(Message(N_("--by must be person, team, vendor or strategy")))
    start, end = _day(first, "--from"), _day(last, "--to")
    if start is not None and end is not None and start > end:
        raise ActionError(
            Message(N_("--from %(first)s is after --to %(last)s"), {"first": first, "last": last})
        )
    organization = resolve_org(org)
    tz = ZoneInfo(organization.timezone)
    when = moment(as_of, tz, "--as-of") or datetime.now(tz)
    card = build_scorecard(
        organization, when, default_period(when, tz, start, end), kinds=(by,), with_weeks=False
    )
    if format == "json":
        sys.stdout.write(json.dumps(card.to_json(by), ensure_ascii=False, indent=2) + "\n")
        return
    _print(card.rows[by], by, card)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _print(rows: tuple[Row, ...], by: str, card: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    table = Table(
        title=_("Scorecard of %(org)s, %(first)s to %(last)s, as of %(as_of)s")
        % {
            "org": card.organization.name,
            "first": card.period.first.isoformat(),
            "last": card.period.last.isoformat(),
            "as_of": card.as_of.strftime("%Y-%m-%d %H:%M"),
        },
        title_justify="left",
        caption=_("slip: working days after the baseline due; — : nothing to measure"),
        caption_justify="left",
    )
    table.add_column(_("who") if by != "strategy" else _("strategy"), no_wrap=True)
    for head in (
        _("occurrences due"),
        _("on time"),
        _("late"),
        _("overdue"),
        _("on-time rate"),
        _("avg slip"),
        _("worst slip"),
        _("quality (1-5)"),
    ):
        table.add_column(head, justify="right", no_wrap=True)
    if by == "strategy":
        table.add_column(_("done"), justify="right", no_wrap=True)
        table.add_column(_("forecast end"), no_wrap=True)
    else:
        table.add_column(_("blocked (h)"), justify="right", no_wrap=True)
    for row in rows:
        f = row.figures
        cells = [
            row.who.name,
            str(f.due),
            str(f.done_on_time),
            str(f.done_late),
            str(f.open_overdue),
            _rate(f.on_time_rate),
            _number(f.avg_slip_days),
            _number(f.max_slip_days),
            _number(f.avg_quality),
        ]
        if by == "strategy":
            cells.append("—" if f.percent_done is None else f"{round(f.percent_done)} %")
            cells.append(
                row.forecast_end.astimezone(card.as_of.tzinfo).strftime("%Y-%m-%d")
                if row.forecast_end
                else "—"
            )
        else:
            cells.append(_number(f.blocked_hours))
        table.add_row(*cells)
    console.print(table)
    if not rows:
        console.print(_("nothing to show"), markup=False)
