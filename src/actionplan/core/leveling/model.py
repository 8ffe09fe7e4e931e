"""What the forecast reads and what it returns: plain frozen data, no Django, no plan file.

Both the plan file (`from_plan.situation_from_plan`) and the database
(`actionplan.planning.forecasting`) build a `Situation`; `schedule.forecast` turns it into a
`Forecast`. Datetimes are timezone-aware; hours are floats (effort is never finer than minutes).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any, NamedTuple

from actionplan.core.workcal import WorkCalendar

# Rank of a priority name: lower is served first (critical, high, normal, low).
PRIORITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "normal": 2, "low": 3}
PRIORITY_NAMES: tuple[str, ...] = ("critical", "high", "normal", "low")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    capacity: float = 40.0  # hours per week
    team: str | None = None
    time_off: tuple[tuple[date, date], ...] = ()  # closed ranges


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    members: tuple[str, ...] = ()  # person ids, in plan order


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str


@dataclass(slots=True)  # not frozen: made by the thousand, where a frozen init costs double; never mutated
class Work:
    """One occurrence of a step, open or done.

    `ref` is the review's ref ("s/p/step", or "s/p/step#n" for a repeating step); `after` holds the
    refs of the occurrences it waits for. `earliest` is the latest of the step's own start, its
    action plan's start and, for occurrence n > 1 of a repeating step, the due of occurrence n-1.
    `remaining` is the effort still to do (effort less the latest check-in's percent done).
    """

    ref: str
    title: str
    responsible: str  # person, team or vendor id
    strategy: str  # strategy id
    due: datetime
    earliest: datetime
    effort: float | None = None  # hours; None: not estimated
    remaining: float | None = None  # hours; None: the whole effort
    priority: str = "normal"
    after: tuple[str, ...] = ()
    done: bool = False
    lead_time_days: int | None = None  # a vendor's business days from ready to delivered
    position: int = 0  # plan order

    @property
    def hours_left(self) -> float:
        """Hours of work still to do (0 for a done or unestimated occurrence)."""
        if self.done or self.effort is None:
            return 0.0
        return max(0.0, self.effort if self.remaining is None else self.remaining)


@dataclass(frozen=True)
class Situation:
    """Everything the forecast needs, as of one moment."""

    calendar: WorkCalendar
    as_of: datetime
    people: tuple[Person, ...] = ()
    teams: tuple[Team, ...] = ()
    vendors: tuple[Vendor, ...] = ()
    work: tuple[Work, ...] = ()
    strategy_titles: dict[str, str] = field(default_factory=dict, compare=False)

    def with_work(self, ref: str, **changes: object) -> Situation:
        """A copy with one occurrence changed (what a suggestion would do)."""
        return replace(
            self,
            work=tuple(replace(w, **changes) if w.ref == ref else w for w in self.work),  # type: ignore[arg-type]
        )


class Planned(NamedTuple):  # a tuple: one per occurrence of every forecast read, made in one call
    """The forecast of one occurrence."""

    ref: str
    responsible: str  # as planned; the member who does a team step
    start: datetime | None  # None: done, or no work to plan
    finish: datetime | None
    due: datetime
    late: bool


class Week(NamedTuple):  # a tuple: thousands per workload, made in one call each
    week: str  # ISO week "2027-W10"
    capacity: float
    demand: float
    planned: float

    @property
    def overloaded(self) -> bool:
        return self.demand > self.capacity + 1e-9


@dataclass(frozen=True)
class Forecast:
    as_of: datetime
    trace: Any = field(
        compare=False, repr=False
    )  # schedule.Trace: what was planned, on the business-hour line

    @cached_property
    def items(self) -> tuple[Planned, ...]:
        """The forecast of each occurrence, in the order of Situation.work."""
        from actionplan.core.leveling.schedule import planned_items

        return tuple(planned_items(self.trace))

    @cached_property
    def hours(self) -> dict[str, dict[date, float]]:
        """Person id -> day -> hours planned that day."""
        return self.trace.daily_hours()

    def by_ref(self) -> dict[str, Planned]:
        return {p.ref: p for p in self.items}

    @property
    def late_count(self) -> int:
        return self.trace.late_count

    @property
    def latest_finish(self) -> datetime | None:
        """The latest forecast finish of an open occurrence (None: nothing open can finish)."""
        return self.trace.latest_finish


@dataclass(frozen=True)
class Overload:
    """A person (or team) over capacity: the weeks, the peak load and the strategies they carry."""

    party: str  # person or team id
    name: str
    weeks: tuple[str, ...]  # ISO weeks over capacity, in order
    percent: int  # the highest demand / capacity of those weeks, in percent
    strategies: tuple[str, ...]  # ids of the strategies whose open work they carry in those weeks
    strategy_titles: tuple[str, ...]

    @property
    def split(self) -> bool:
        """Carries steps of two or more strategies while over capacity (the article's case)."""
        return len(self.strategies) >= 2


# What a suggestion changes: kinds, in the order they are offered.
SUGGESTION_KINDS: tuple[str, ...] = ("reassign", "outsource", "raise_priority", "lower_priority", "move_due")


@dataclass(frozen=True)
class Suggestion:
    """One change and its effect, measured by re-running the forecast with the change made.

    `id` is short and stable for the same data: it hashes the kind, the occurrences, the target and
    the fingerprint of the situation, so a suggestion computed on data that has changed since is
    not found any more (and is refused, not applied blindly).
    kind        ref (changed)          target
    reassign    the at-risk occurrence a person id (same team first)
    outsource   the at-risk occurrence a vendor id
    raise_priority  the at-risk one     the new priority name
    lower_priority  a conflicting one   the new priority name
    move_due    the at-risk occurrence the new due (ISO 8601)
    """

    id: str
    kind: str
    ref: str  # the occurrence whose step or occurrence is changed
    target: str
    for_ref: str  # the at-risk occurrence this helps
    late_before: int
    late_after: int
    finish_before: datetime | None  # latest finish of all occurrences
    finish_after: datetime | None
    for_finish_before: datetime | None  # the at-risk occurrence's own forecast finish
    for_finish_after: datetime | None
