"""The scorecard: how reliably each person, team, vendor and strategy delivers, against the baseline.

Plain data in, rows out; no Django. The web page, `actionplan scorecard` and (later) the review
meeting call `scorecard()`, so they show the same numbers.

Definitions (docs/scorecards.md says the same for users):

- **Period**: an occurrence counts in the period its *baseline* due falls in (the local date, in
  the calendar's zone, between `Period.first` and `Period.last` inclusive). Rescheduling moves
  the current due, never the baseline, so it never moves an occurrence out of a period.
- **Done**: completed at or before the as-of moment (a completion after it has not happened yet).
- **Done on time**: completed at or before the baseline due; **done late**: after it. A
  rescheduled occurrence completed before its new due but after its baseline is late.
- **Open overdue**: not done as of as-of, and as-of is past the baseline due.
- **Slip** (working days): 0 for an occurrence done on time; for one done late, the working days
  of the calendar after the baseline due's local date up to and including the completion's local
  date, and at least 1 (late on the due day itself, or finished on a day off, is one day late);
  for an open overdue one, the same counted to the as-of moment (the slip so far). Occurrences
  still open and not yet due have no slip. `avg_slip_days` and `max_slip_days` are over the
  occurrences that have one (done, or open overdue); None when there are none.
- **On-time rate**: done on time / (done on time + done late + open overdue), i.e. among the
  occurrences whose outcome is known as of as-of (an overdue one can no longer be on time);
  None when there are none.
- **Quality** (1..5) and **blocked spans** are optional inputs: the average quality is None when
  no occurrence of the row has a rating, the blocked hours None when no occurrence of the row has
  blocked data (unknown is not zero).
- **Teams**: a team's row counts the occurrences the team is responsible for plus those of its
  members (`teams` maps a team to its members); a person's row counts only their own.
- **Strategies** add `percent_done` (done / due, 0..100), `total_slip_days` and `forecast_end`:
  the latest forecast finish (from the forecast, `core.leveling`, passed in per occurrence) of the
  strategy's open occurrences, whatever their period; None when none has one.

The current `due` is carried for callers but changes nothing here (a property test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from actionplan.core.workcal import WorkCalendar

Kind = Literal["person", "team", "vendor", "strategy"]
KINDS: tuple[Kind, ...] = ("person", "team", "vendor", "strategy")
BlockedSpan = tuple[datetime, datetime | None]  # from, to (None: still blocked)


@dataclass(frozen=True)
class Who:
    kind: Kind
    id: str
    name: str


@dataclass(frozen=True)
class Item:
    """One occurrence, as the scorecard needs it; datetimes timezone-aware."""

    ref: str
    who: Who  # who is responsible (person, team or vendor)
    strategy: str  # the strategy's id
    baseline_due: datetime
    due: datetime  # the current due: carried, never used in a measure
    completed_at: datetime | None = None
    quality: int | None = None  # 1..5, from a review's rating (later work)
    blocked: tuple[BlockedSpan, ...] | None = None  # None: unknown (no check-in data)
    forecast_finish: datetime | None = None  # the forecast's finish of an open occurrence

    def __post_init__(self) -> None:
        if self.quality is not None and not 1 <= self.quality <= 5:
            raise ValueError(f"quality must be 1..5, not {self.quality}")


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("the period's first day is after its last")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def weeks(self) -> tuple[date, ...]:
        """The Mondays of the ISO weeks the period touches, in order."""
        monday = self.first - timedelta(days=self.first.weekday())
        out = []
        while monday <= self.last:
            out.append(monday)
            monday += timedelta(weeks=1)
        return tuple(out)


@dataclass(frozen=True)
class Figures:
    due: int = 0
    done_on_time: int = 0
    done_late: int = 0
    open_overdue: int = 0
    slips: tuple[int, ...] = ()  # one per occurrence that has a slip
    qualities: tuple[int, ...] = ()
    blocked_hours: float | None = None

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        known = self.done_on_time + self.done_late + self.open_overdue
        return self.done_on_time / known if known else None

    @property
    def avg_slip_days(self) -> float | None:
        return sum(self.slips) / len(self.slips) if self.slips else None

    @property
    def max_slip_days(self) -> int | None:
        return max(self.slips) if self.slips else None

    @property
    def total_slip_days(self) -> int:
        return sum(self.slips)

    @property
    def avg_quality(self) -> float | None:
        return sum(self.qualities) / len(self.qualities) if self.qualities else None

    @property
    def percent_done(self) -> float | None:
        return 100 * self.done / self.due if self.due else None


@dataclass(frozen=True)
class WeekRate:
    monday: date
    figures: Figures

    @property
    def week(self) -> str:
        iso = self.monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    @property
    def on_time_rate(self) -> float | None:
        return self.figures.on_time_rate


@dataclass(frozen=True)
class Row:
    who: Who
    figures: Figures
    weeks: tuple[WeekRate, ...] = ()
    forecast_end: datetime | None = None  # strategies only
    members: tuple[str, ...] = field(default=())  # teams only: member ids

    def to_json(self) -> dict:
        """The row as `actionplan scorecard --format json` prints it."""
        f = self.figures
        out: dict = {
            "kind": self.who.kind,
            "id": self.who.id,
            "name": self.who.name,
            "due": f.due,
            "done_on_time": f.done_on_time,
            "done_late": f.done_late,
            "on_time_rate": _round(f.on_time_rate, 4),
            "avg_slip_days": _round(f.avg_slip_days, 2),
            "max_slip_days": f.max_slip_days,
            "open_overdue": f.open_overdue,
            "avg_quality": _round(f.avg_quality, 2),
        }
        if self.who.kind == "strategy":
            out["percent_done"] = _round(f.percent_done, 1)
            out["total_slip_days"] = f.total_slip_days
            out["forecast_end"] = self.forecast_end.isoformat() if self.forecast_end else None
        else:
            out["blocked_hours"] = _round(f.blocked_hours, 2)
        return out


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------------------------
# One occurrence


def working_days_after(calendar: WorkCalendar, first: date, last: date) -> int:
    """The working days d with first < d <= last (0 when last <= first)."""
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


class WorkingDays:
    """Working days counted by prefix sums over the days asked for, so the slips of a whole
    organization cost one pass over the calendar rather than one walk per occurrence."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.origin: date | None = None
        self.prefix: list[int] = []  # prefix[i]: working days in [origin, origin + i]

    def after(self, first: date, last: date) -> int:
        """The working days d with first < d <= last (0 when last <= first)."""
        if last <= first:
            return 0
        before = self._upto(first)  # first: may move the origin back, which `last` then reuses
        return self._upto(last) - before

    def _upto(self, day: date) -> int:
        if self.origin is None or day < self.origin:
            self.origin, self.prefix = day - timedelta(days=366), []
        index = (day - self.origin).days
        while len(self.prefix) <= index:
            current = self.origin + timedelta(days=len(self.prefix))
            previous = self.prefix[-1] if self.prefix else 0
            self.prefix.append(previous + self.calendar.is_working_day(current))
        return self.prefix[index]


def outcome(item: Item, as_of: datetime) -> Literal["done_on_time", "done_late", "open_overdue", "open"]:
    """The occurrence against its baseline due, as of a moment."""
    if item.completed_at is not None and item.completed_at <= as_of:
        return "done_on_time" if item.completed_at <= item.baseline_due else "done_late"
    return "open_overdue" if as_of > item.baseline_due else "open"


def slip_days(
    item: Item, as_of: datetime, calendar: WorkCalendar, days: WorkingDays | None = None
) -> int | None:
    """Working days late against the baseline due (see the module's docstring); None while open
    and not yet due."""
    result = outcome(item, as_of)
    if result == "open":
        return None
    if result == "done_on_time":
        return 0
    end = item.completed_at if result == "done_late" else as_of
    assert end is not None
    tz = calendar.tzinfo
    first, last = item.baseline_due.astimezone(tz).date(), end.astimezone(tz).date()
    count = days.after(first, last) if days is not None else working_days_after(calendar, first, last)
    return max(1, count)


def blocked_hours(item: Item, as_of: datetime, calendar: WorkCalendar) -> float | None:
    """Business hours the occurrence was blocked up to as-of; None when unknown."""
    if item.blocked is None:
        return None
    total = 0.0
    for start, end in item.blocked:
        stop = as_of if end is None else min(end, as_of)
        if stop > start:
            total += calendar.business_hours_between(start, stop)
    return total


# --------------------------------------------------------------------------------------------
# A set of occurrences


class Measure(NamedTuple):
    outcome: str
    slip: int | None
    blocked: float | None


def measure(item: Item, as_of: datetime, calendar: WorkCalendar, days: WorkingDays | None = None) -> Measure:
    return Measure(
        outcome(item, as_of), slip_days(item, as_of, calendar, days), blocked_hours(item, as_of, calendar)
    )


def figures(
    items: Iterable[Item],
    as_of: datetime,
    calendar: WorkCalendar,
    measured: Mapping[int, Measure] | None = None,
) -> Figures:
    """The scorecard's numbers for occurrences already chosen (no period filter here).
    `measured`: id(item) -> its Measure, when the caller computed them already."""
    counts = {"done_on_time": 0, "done_late": 0, "open_overdue": 0, "open": 0}
    slips: list[int] = []
    qualities: list[int] = []
    blocked: float | None = None
    due = 0
    for item in items:
        due += 1
        m = measured[id(item)] if measured is not None else measure(item, as_of, calendar)
        counts[m.outcome] += 1
        if m.slip is not None:
            slips.append(m.slip)
        if item.quality is not None:
            qualities.append(item.quality)
        hours = m.blocked
        if hours is not None:
            blocked = (blocked or 0.0) + hours
    return Figures(
        due=due,
        done_on_time=counts["done_on_time"],
        done_late=counts["done_late"],
        open_overdue=counts["open_overdue"],
        slips=tuple(slips),
        qualities=tuple(qualities),
        blocked_hours=blocked,
    )


def baseline_day(item: Item, calendar: WorkCalendar) -> date:
    return item.baseline_due.astimezone(calendar.tzinfo).date()


def weekly(
    items: Sequence[Item],
    period: Period,
    as_of: datetime,
    calendar: WorkCalendar,
    measured: Mapping[int, Measure] | None = None,
) -> tuple[WeekRate, ...]:
    """Per ISO week of the period, the figures of the occurrences whose baseline due is in it."""
    by_week: dict[date, list[Item]] = {}
    for item in items:
        day = baseline_day(item, calendar)
        by_week.setdefault(day - timedelta(days=day.weekday()), []).append(item)
    return tuple(WeekRate(m, figures(by_week.get(m, ()), as_of, calendar, measured)) for m in period.weeks())


def scorecard(
    items: Iterable[Item],
    *,
    by: Kind,
    period: Period,
    as_of: datetime,
    calendar: WorkCalendar,
    parties: Sequence[Who] = (),
    teams: Mapping[str, Sequence[str]] | None = None,
    strategies: Sequence[Who] = (),
    with_weeks: bool = True,
) -> tuple[Row, ...]:
    """One row per party of kind `by` (or per strategy), in the order given.

    `parties`: every person, team and vendor to show (a row even with nothing due; a responsible
    not listed gets a row after them); `teams`: team id -> member ids; `strategies`: the
    strategies to show (kind "strategy"), likewise. `with_weeks`: compute the weekly series.
    """
    everything = list(items)
    in_period = [i for i in everything if baseline_day(i, calendar) in period]
    members = {team: tuple(ids) for team, ids in (teams or {}).items()}
    if by == "strategy":
        whos = _with_missing(strategies, (Who("strategy", i.strategy, i.strategy) for i in everything))
    else:
        whos = _with_missing(
            [w for w in parties if w.kind == by], (i.who for i in everything if i.who.kind == by)
        )
    days = WorkingDays(calendar)
    measured = {id(i): measure(i, as_of, calendar, days) for i in in_period}
    by_who: dict[str, list[Item]] = {}
    by_strategy: dict[str, list[Item]] = {}
    for i in in_period:
        by_who.setdefault(i.who.id, []).append(i)
        by_strategy.setdefault(i.strategy, []).append(i)
    ends: dict[str, datetime] = {}
    for i in everything:
        if i.forecast_finish is not None and outcome(i, as_of).startswith("open"):
            ends[i.strategy] = max(ends.get(i.strategy, i.forecast_finish), i.forecast_finish)
    rows = []
    for who in whos:
        if by == "strategy":
            mine = by_strategy.get(who.id, [])
        else:
            ids = [who.id, *members.get(who.id, ())] if by == "team" else [who.id]
            mine = [i for pid in dict.fromkeys(ids) for i in by_who.get(pid, ())]
        rows.append(
            Row(
                who=who,
                figures=figures(mine, as_of, calendar, measured),
                weeks=weekly(mine, period, as_of, calendar, measured) if with_weeks else (),
                forecast_end=ends.get(who.id) if by == "strategy" else None,
                members=members.get(who.id, ()) if by == "team" else (),
            )
        )
    return tuple(rows)


def _with_missing(listed: Sequence[Who], seen: Iterable[Who]) -> list[Who]:
    out = list(listed)
    known = {w.id for w in out}
    for who in seen:
        if who.id not in known:
            known.add(who.id)
            out.append(who)
    return out
