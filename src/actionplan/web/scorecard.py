"""The scorecard page: a table per kind (people, teams, vendors, strategies) and, per person and
per strategy, a small server-rendered SVG of the weekly on-time rate.

Every number comes from `accountability.scorecards.build_scorecard` (the CLI's numbers); this
module only lays them out and draws the chart's geometry (no JavaScript).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from actionplan.accountability.scorecards import Scorecard, build_scorecard, default_period
from actionplan.core.scorecard import Row, WeekRate
from actionplan.orgs.models import Organization
from actionplan.web.helpers import org_view
from actionplan.web.views import render_page

BAR_WIDTH = 12
BAR_GAP = 4
CHART_HEIGHT = 40  # the bar of a 100 % week
MIN_BAR = 3  # a 0 % week: a low solid bar; a week with nothing to measure: a hollow dot
MAX_DAYS = 366  # a wider period is cut to a year: each week is a bar


def percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


@dataclass(frozen=True)
class Bar:
    week: WeekRate
    x: int
    height: int  # 0 when the week has nothing to measure (drawn as a mark on the axis)

    @property
    def y(self) -> int:
        return CHART_HEIGHT - self.height

    @property
    def percent(self) -> int | None:
        return percent(self.week.on_time_rate)

    @property
    def number(self) -> int:
        return self.week.monday.isocalendar().week

    @property
    def text(self) -> str:
        f = self.week.figures
        known = f.done_on_time + f.done_late + f.open_overdue
        if self.percent is None:
            return gettext("week %(number)s: nothing to measure") % {"number": self.number}
        return gettext("week %(number)s: %(percent)s %% on time (%(on_time)s of %(known)s)") % {
            "number": self.number,
            "percent": self.percent,
            "on_time": f.done_on_time,
            "known": known,
        }


@dataclass(frozen=True)
class Chart:
    id: str
    bars: tuple[Bar, ...]

    @property
    def width(self) -> int:
        return max(1, len(self.bars) * (BAR_WIDTH + BAR_GAP) - BAR_GAP)

    @property
    def height(self) -> int:
        return CHART_HEIGHT + 2

    @property
    def description(self) -> str:
        return "; ".join(bar.text for bar in self.bars)


def chart(prefix: str, row: Row) -> Chart | None:
    if not row.weeks or not row.figures.due:  # nothing due: the row's dashes say it, no empty chart
        return None
    bars = tuple(
        Bar(
            week=w,
            x=i * (BAR_WIDTH + BAR_GAP),
            height=0 if w.on_time_rate is None else max(MIN_BAR, round(w.on_time_rate * CHART_HEIGHT)),
        )
        for i, w in enumerate(row.weeks)
    )
    return Chart(id=f"{prefix}-{row.who.id}", bars=bars)


@dataclass(frozen=True)
class Line:
    row: Row
    chart: Chart | None

    @property
    def rate(self) -> int | None:
        return percent(self.row.figures.on_time_rate)


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ScorecardPage:
    card: Scorecard
    sections: tuple[Section, ...]
    notice: str = ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def load_page(
    org: Organization, as_of: datetime, first: str | None = None, last: str | None = None
) -> ScorecardPage:
    """The page for `?from=&to=`: an unreadable date or a reversed period falls back to the
    default period (the last 12 weeks) with a notice, as a hand-edited address should."""
    tz = ZoneInfo(org.timezone)
    start, end = _date(first), _date(last)
    notice = ""
    if (first and start is None) or (last and end is None) or (start and end and start > end):
        notice = gettext("These dates could not be used; showing the last 12 weeks.")
        start = end = None
    period = default_period(as_of, tz, start, end)
    if (period.last - period.first).days > MAX_DAYS:
        notice = gettext("The period is shown up to one year from its first day.")
        period = default_period(as_of, tz, period.first, period.first + timedelta(days=MAX_DAYS - 1))
    card = build_scorecard(org, as_of, period)
    titles = {
        "person": gettext("People"),
        "team": gettext("Teams (their own steps and their members')"),
        "vendor": gettext("Outside vendors"),
        "strategy": gettext("Strategies"),
    }
    sections = tuple(
        Section(kind, titles[kind], tuple(Line(row, chart(kind, row)) for row in rows))
        for kind, rows in card.rows.items()
        if rows
    )
    return ScorecardPage(card=card, sections=sections, notice=notice)


@org_view
def scorecard_page(request: HttpRequest, org: Organization) -> HttpResponse:
    """On-time rate and slips against the baseline per person, team, vendor and strategy."""
    page = load_page(org, timezone.now(), request.GET.get("from"), request.GET.get("to"))
    return render_page(request, "web/scorecard/page.html", org, page=page, as_of=page.card.as_of)
