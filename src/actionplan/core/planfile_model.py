"""The plan file v1 as frozen dataclasses: what `planfile.load` returns and `planfile.dump` writes.

Fields mirror the YAML keys (docs/planfile.md). Phrases (time frames, work week, hours) are kept
as written so an export gives the owner's own words back; numbers of money, effort and capacity
are Decimal so a round trip never drifts; datetimes are naive, meaning the organization's zone.
Every spec carries its source location, excluded from equality so that a loaded plan compares
equal to one built in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from actionplan.core.messages import Message

PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "critical")
STATUSES: tuple[str, ...] = ("active", "paused", "done", "dropped")
CHANNELS: tuple[str, ...] = ("email", "phone", "letter", "chat", "visit", "other")
LOCALES: tuple[str, ...] = ("vi", "en")
DIRECTIONS: tuple[str, ...] = ("at_least", "at_most")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_CURRENCY = "VND"
DEFAULT_WORK_WEEK = "mon-fri"
DEFAULT_HOURS = "08:00-12:00, 13:00-17:00"
DEFAULT_HOLIDAYS = "VN"
DEFAULT_CAPACITY = Decimal(40)
DEFAULT_HORIZON = "end of month 12"
MIN_DATE = date(2000, 1, 1)  # plan dates outside this range are typing mistakes
MAX_DATE = date(2100, 12, 31)

# A date or a naive datetime in the organization's time zone.
When = date | datetime


@dataclass(frozen=True)
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class PlanError:
    location: Location
    message: Message

    def __str__(self) -> str:
        return f"{self.location}: {self.message.render()}"

    def render(self, gettext=lambda s: s) -> str:  # noqa: ANN001 - any gettext callable
        return f"{self.location}: {self.message.render(gettext)}"


class PlanFileError(Exception):
    """A plan file (or its resolution) failed; `errors` holds every located problem, in file order."""

    def __init__(self, errors: list[PlanError]):
        self.errors = sorted(errors, key=lambda e: (e.location.line, e.location.column))
        super().__init__("\n".join(str(e) for e in self.errors))


def _loc() -> Location | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


def _locs() -> Mapping[str, Location]:
    return field(default_factory=dict, compare=False, repr=False)  # type: ignore[return-value]


class _Located:
    """`loc` is where the object starts; `locs[key]` where the value of `key` starts.

    Keys of `locs` are YAML keys; entries of `done` are `done.N`, entries of `after` `after.I`.
    """

    loc: Location | None
    locs: Mapping[str, Location]

    def where(self, key: str) -> Location | None:
        """The location of the value of `key`, else of the object itself."""
        return self.locs.get(key, self.loc)


@dataclass(frozen=True, kw_only=True)
class CalendarSpec(_Located):
    work_week: str = DEFAULT_WORK_WEEK
    hours: str = DEFAULT_HOURS  # the default business hours of a working day
    hours_by_day: tuple[tuple[str, str], ...] = ()  # (weekday "sat", hours) where they differ, mon..sun order
    holidays: str | None = DEFAULT_HOLIDAYS  # country code; None = no public holidays
    closed_days: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class OrganizationSpec(_Located):
    id: str
    name: str
    locale: str = "vi"
    timezone: str = DEFAULT_TIMEZONE
    currency: str = DEFAULT_CURRENCY
    calendar: CalendarSpec = CalendarSpec()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class TeamSpec(_Located):
    id: str
    name: str
    lead: str | None = None  # person id
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class PersonSpec(_Located):
    id: str
    name: str
    email: str = ""
    team: str | None = None  # team id
    capacity: Decimal = DEFAULT_CAPACITY  # hours per week
    rate: Decimal | None = None  # hourly cost, currency major units
    time_off: tuple[tuple[date, date], ...] = ()  # closed ranges; one day = (d, d)
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class VendorSpec(_Located):
    id: str
    name: str
    kind: str = ""
    contact: str = ""
    email: str = ""
    phone: str = ""
    fee: Decimal | None = None
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class MeasurementSpec(_Located):
    at: When
    value: Decimal
    note: str = ""
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class GoalSpec(_Located):
    id: str
    title: str
    metric: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    direction: str = "at_least"  # from the target: ">= 2" at_least, "<= 4" at_most
    target: Decimal | None = None
    due: str | None = None  # time-frame phrase
    measurements: tuple[MeasurementSpec, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class StepSpec(_Located):
    id: str
    title: str
    description: str = ""
    who: str | None = None  # None: the action plan's responsible
    due: str | None = None  # time-frame phrase
    start: date | None = None  # earliest start
    effort: Decimal | None = None  # hours
    cost: Decimal | None = None
    priority: str = "normal"
    after: tuple[str, ...] = ()  # step refs as written: "write", "plan/write", "strategy/plan/write"
    repeat: str | None = None  # recurrence phrase
    times: int | None = None
    until: str | None = None  # time-frame phrase
    # Completion per occurrence number (1-based), sorted; a step that does not repeat has at most (1, when).
    done: tuple[tuple[int, When], ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()

    @property
    def recurring(self) -> bool:
        return self.repeat is not None


@dataclass(frozen=True, kw_only=True)
class ServiceStandardSpec(_Located):
    id: str
    title: str
    channel: str
    target: str  # response-target phrase, e.g. "within 4 business hours"
    who: str | None = None
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class ActionPlanSpec(_Located):
    id: str
    title: str
    description: str = ""
    goal: str | None = None  # goal id in the same strategy
    responsible: str | None = None  # party id; may be omitted only when every step names its `who`
    priority: str = "normal"
    start: date | None = None  # else the strategy's start
    steps: tuple[StepSpec, ...] = ()
    service_standards: tuple[ServiceStandardSpec, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class StrategySpec(_Located):
    id: str
    title: str
    start: date
    description: str = ""
    owner: str | None = None  # person id
    horizon: str = DEFAULT_HORIZON  # time-frame phrase
    budget: Decimal | None = None
    priority: str = "normal"
    status: str = "active"
    goals: tuple[GoalSpec, ...] = ()
    action_plans: tuple[ActionPlanSpec, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@dataclass(frozen=True, kw_only=True)
class PlanFile(_Located):
    organization: OrganizationSpec
    version: int = 1
    teams: tuple[TeamSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    vendors: tuple[VendorSpec, ...] = ()
    strategies: tuple[StrategySpec, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()

    def steps(self) -> list[tuple[str, StrategySpec, ActionPlanSpec, StepSpec]]:
        """Every step with its ref "strategy/plan/step", in file order."""
        return [
            (f"{s.id}/{p.id}/{st.id}", s, p, st)
            for s in self.strategies
            for p in s.action_plans
            for st in p.steps
        ]
