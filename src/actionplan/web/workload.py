"""What the workload page shows: people and teams × ISO weeks, the named overloads, a cell's
occurrences, and the suggestions with their measured effect.

Every number comes from `planning.forecasting.forecast_view` (the core's forecast, demand and
overloads); this module arranges them for display and decides nothing about the plan itself.
The step page reuses the suggestion rows (`suggestion_rows`) and the forecast columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from actionplan.core.leveling.demand import workload as week_figures
from actionplan.core.leveling.model import Planned, Week, Work
from actionplan.core.leveling.overload import overload_summary
from actionplan.core.leveling.suggest import suggestion_message
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization
from actionplan.planning import forecasting
from actionplan.planning.forecasting import ForecastView, forecast_view
from actionplan.web.forecast import (
    SuggestionRow,
    forecast_status,
    occurrence_title,
    party_names,
    priority_label,
    step_url,
    suggestion_rows,
)
from actionplan.web.helpers import editor_view, htmx_partial, org_view, safe_next, status_label
from actionplan.web.views import render_page

DEFAULT_WEEKS = 8
MAX_WEEKS = 26  # half a year: wider is unreadable, and each week is a column
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def weeks_param(value: str | None) -> int:
    """`?weeks=N`: a whole number of weeks from 1 to MAX_WEEKS; anything else is the default
    (a hand-edited address should show a page, not an error)."""
    try:
        weeks = int(value or DEFAULT_WEEKS)
    except ValueError:
        return DEFAULT_WEEKS
    return min(max(weeks, 1), MAX_WEEKS)


def week_monday(week: str) -> date:
    """The Monday of an ISO week "2027-W10"; ValueError when it is not one."""
    match = _WEEK.match(week)
    if not match:
        raise ValueError(week)
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


@dataclass(frozen=True)
class Column:
    week: str  # "2027-W10"
    monday: date

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        return gettext("W%(number)s") % {"number": self.number}

    @property
    def long_label(self) -> str:
        return gettext("week %(number)s") % {"number": self.number}


def _level(week: Week) -> str:
    """The heat of a cell: the larger of demand and planned hours against capacity (a late step
    is planned in weeks that no longer ask for it); over capacity is the core's `overloaded`."""
    if week.overloaded:
        return "over"
    load = max(week.demand, week.planned)
    if week.capacity <= 0 or load <= 0:
        return "free"
    ratio = load / week.capacity
    if ratio <= 0.5:
        return "light"
    if ratio <= 0.85:
        return "busy"
    return "full"


@dataclass(frozen=True)
class Cell:
    column: Column
    figures: Week
    url: str

    @property
    def level(self) -> str:
        return _level(self.figures)

    @property
    def over(self) -> bool:
        return self.figures.overloaded

    @property
    def percent(self) -> int | None:
        """Demand as a percent of capacity (None when the week has no capacity)."""
        if self.figures.capacity <= 0:
            return None
        return round(self.figures.demand / self.figures.capacity * 100)


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    kind: str  # person or team
    cells: tuple[Cell, ...]
    members: tuple[str, ...] = ()  # a team's member names

    @property
    def overloaded(self) -> bool:
        return any(cell.over for cell in self.cells)


@dataclass(frozen=True)
class OverloadRow:
    text: str
    party: str
    split: bool  # carries steps of two strategies (the article's case)


@dataclass(frozen=True)
class WorkloadPage:
    as_of: datetime
    weeks: int
    columns: tuple[Column, ...]
    people: tuple[Row, ...]
    teams: tuple[Row, ...]
    overloads: tuple[OverloadRow, ...]
    suggestions: tuple[SuggestionRow, ...]
    late_count: int
    latest_finish: datetime | None

    @property
    def more_weeks(self) -> int:
        return min(self.weeks * 2, MAX_WEEKS)


# --------------------------------------------------------------------------------------------
# The page


def cell_url(org_key: str, party: str, week: str) -> str:
    return reverse("workload_cell", args=[org_key, party, week])


def _rows(org_key: str, view: ForecastView, columns: tuple[Column, ...]) -> tuple[tuple[Row, ...], ...]:
    names = party_names(view.situation)

    def cells(party: str) -> tuple[Cell, ...]:
        by_week = {w.week: w for w in view.weeks.get(party, ())}
        return tuple(
            Cell(
                column=c,
                figures=by_week.get(c.week) or Week(week=c.week, capacity=0.0, demand=0.0, planned=0.0),
                url=cell_url(org_key, party, c.week),
            )
            for c in columns
        )

    people = tuple(Row(p.id, p.name, "person", cells(p.id)) for p in view.situation.people)
    teams = tuple(
        Row(t.id, t.name, "team", cells(t.id), tuple(names.get(m, m) for m in t.members))
        for t in view.situation.teams
    )
    return people, teams


def _columns(view: ForecastView, weeks: int) -> tuple[Column, ...]:
    """The page's weeks: those the core computed (from the as-of week on), else counted here."""
    for party_weeks in view.weeks.values():
        if party_weeks:
            return tuple(Column(w.week, week_monday(w.week)) for w in party_weeks)
    local = view.situation.as_of.astimezone(view.situation.calendar.tzinfo).date()
    monday = local - timedelta(days=local.weekday())
    return tuple(
        Column(f"{d.isocalendar().year}-W{d.isocalendar().week:02d}", d)
        for d in (monday + timedelta(weeks=i) for i in range(weeks))
    )


def _weeks_to_show(view: ForecastView) -> int:
    """The default span: DEFAULT_WEEKS, or up to the last overloaded week if that is later
    (an overload named above the table must be in it), at most MAX_WEEKS."""
    local = view.situation.as_of.astimezone(view.situation.calendar.tzinfo).date()
    monday = local - timedelta(days=local.weekday())
    last = max(
        ((week_monday(week) - monday).days // 7 for o in view.overloads for week in o.weeks),
        default=0,
    )
    return min(MAX_WEEKS, max(DEFAULT_WEEKS, last + 1))


def load_page(org: Organization, as_of: datetime, weeks: int | None = None) -> WorkloadPage:
    """`weeks`: the span asked for; None: the default span (see `_weeks_to_show`)."""
    view = forecast_view(org, as_of, weeks=weeks or DEFAULT_WEEKS, with_suggestions=True)
    if weeks is None:
        weeks = _weeks_to_show(view)
        if weeks != DEFAULT_WEEKS:
            view = replace(view, weeks=week_figures(view.situation, view.result, weeks=weeks))
    columns = _columns(view, weeks)
    people, teams = _rows(org.key, view, columns)
    overloads = tuple(
        OverloadRow(text=overload_summary(o).render(gettext), party=o.party, split=o.split)
        for o in view.overloads
    )
    return WorkloadPage(
        as_of=view.situation.as_of,
        weeks=weeks,
        columns=columns,
        people=people,
        teams=teams,
        overloads=overloads,
        suggestions=suggestion_rows(view, org.key),
        late_count=view.result.late_count,
        latest_finish=view.result.latest_finish,
    )


# --------------------------------------------------------------------------------------------
# One cell: a person's (or team's) occurrences in one week


@dataclass(frozen=True)
class CellItem:
    work: Work
    planned: Planned | None
    title: str
    url: str
    strategy_title: str
    status: str
    doer: str  # who does it (a team step: the member the forecast gives it to)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def priority_label(self) -> str:
        return priority_label(self.work.priority)

    @property
    def late(self) -> bool:
        return bool(self.planned and self.planned.late)


@dataclass(frozen=True)
class CellPage:
    party: str
    name: str
    kind: str
    column: Column
    figures: Week
    items: tuple[CellItem, ...]
    as_of: datetime

    @property
    def over(self) -> bool:
        return self.figures.overloaded

    @property
    def percent(self) -> int | None:
        return Cell(self.column, self.figures, "").percent


def _overlaps(a: datetime | None, b: datetime | None, lo: datetime, hi: datetime) -> bool:
    return a is not None and b is not None and a < hi and b >= lo


def load_cell(org: Organization, as_of: datetime, party: str, week: str) -> CellPage | None:
    """The open occurrences that load `party` in `week`: planned in it by the forecast, or
    asking for hours in it (their window from earliest start to due crosses it). None: no such
    person or team, or not a week."""
    try:
        monday = week_monday(week)
    except ValueError:
        return None
    view = forecast_view(org, as_of, weeks=1, with_suggestions=False)
    situation = view.situation
    people = {p.id: p for p in situation.people}
    teams = {t.id: t for t in situation.teams}
    if party in people:
        name, kind, members = people[party].name, "person", {party}
    elif party in teams:
        name, kind, members = teams[party].name, "team", set(teams[party].members)
    else:
        return None
    figures = week_figures(situation, view.result, start=monday, weeks=1).get(party, ())
    column = Column(week, monday)
    tz = situation.calendar.tzinfo
    lo = datetime.combine(monday, time(), tz)
    hi = lo + timedelta(weeks=1)
    names = party_names(situation)
    items = []
    for work in situation.work:
        if work.done or work.hours_left <= 0:
            continue
        planned = view.planned.get(work.ref)
        doer = planned.responsible if planned is not None else work.responsible
        # The same rules as the core's figures: planned hours belong to who does the work (for a
        # team step, the member it goes to); demand to who is responsible (a team's row adds its
        # members'), from the earliest start to the due, all in the as-of week once overdue.
        in_plan = doer in members and planned is not None and _overlaps(planned.start, planned.finish, lo, hi)
        ready = max(work.earliest, situation.as_of)
        ours = work.responsible == party or (kind == "team" and work.responsible in members)
        in_demand = ours and _overlaps(ready, max(work.due, ready), lo, hi)
        if not (in_plan or in_demand):
            continue
        items.append(
            CellItem(
                work=work,
                planned=planned,
                title=occurrence_title(work, work.ref),
                url=step_url(org.key, work.ref),
                strategy_title=situation.strategy_titles.get(work.strategy, work.strategy),
                status=forecast_status(work, planned, situation.as_of),
                doer=names.get(doer, doer),
            )
        )
    far = datetime.max.replace(tzinfo=tz)
    items.sort(key=lambda i: ((i.planned.start if i.planned and i.planned.start else far), i.work.due))
    return CellPage(
        party=party,
        name=name,
        kind=kind,
        column=column,
        figures=figures[0] if figures else Week(week=week, capacity=0.0, demand=0.0, planned=0.0),
        items=tuple(items),
        as_of=situation.as_of,
    )


# --------------------------------------------------------------------------------------------
# The views


@org_view
def workload_page(request: HttpRequest, org: Organization) -> HttpResponse:
    """People and teams × weeks: planned / capacity and demand, overloads, suggestions."""
    asked = request.GET.get("weeks")
    page = load_page(org, timezone.now(), weeks_param(asked) if asked is not None else None)
    return render_page(
        request, "web/workload/page.html", org, page=page, as_of=page.as_of, max_weeks=MAX_WEEKS
    )


@org_view
def cell_page(request: HttpRequest, org: Organization, party_key: str, week: str) -> HttpResponse:
    """One person's (or team's) open steps in one week, with their forecast; a fragment for htmx."""
    found = load_cell(org, timezone.now(), party_key, week)
    if found is None:
        raise Http404("No such person, team or week")
    if htmx_partial(request):
        return render(request, "web/workload/cell.html", {"org": org, "cell": found, "focus": True})
    back = reverse("workload", args=[org.key]) + f"#party-{party_key}"
    return render_page(request, "web/workload/cell_page.html", org, cell=found, back=back)


# A page's suggestions are measured as of the moment the page was computed; applying one re-runs
# the forecast as of that same moment, so the change found is the change applied. A page older
# than this applies as of now (its suggestion is then refused as stale if anything moved).
PAGE_AS_OF_TTL = timedelta(hours=12)


def _page_as_of(request: HttpRequest) -> datetime:
    now = timezone.now()
    try:
        as_of = datetime.fromisoformat(request.POST.get("as_of", ""))
    except ValueError:
        return now
    if timezone.is_naive(as_of) or not (now - PAGE_AS_OF_TTL <= as_of <= now):
        return now
    return as_of


@require_POST
@editor_view
def apply_suggestion(request: HttpRequest, org: Organization, suggestion_id: str) -> HttpResponse:
    """Apply one suggestion (owners and managers), recorded with its reason in the step's history.

    A suggestion computed on data that has changed since is not found any more: the service
    refuses it, the page says so, and nothing changes.
    """
    back = safe_next(request, reverse("workload", args=[org.key]))
    try:
        applied = forecasting.apply_suggestion(
            org,
            suggestion_id,
            reason=request.POST.get("reason", "").strip(),
            as_of=_page_as_of(request),
            user=request.user,
            source="web",
        )
    except ActionError as exc:
        messages.error(request, exc.message.render(gettext))
    else:
        text = suggestion_message(applied, forecasting.situation_for(org, timezone.now())).render(gettext)
        messages.success(request, gettext("Applied: %(change)s") % {"change": text})
    return redirect(back)
