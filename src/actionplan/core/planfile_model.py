"""The plan file v1 as frozen dataclasses: what `planfile.load` returns and `planfile.dump` writes.

Fields mirror the YAML keys (docs/planfile.md). Phrases (time frames, work week, hours) are kept
as written so an export gives the owner's own words back; numbers of money, effort and capacity
are Decimal so a round trip never drifts; datetimes are naive, meaning the organization's zone.
Every spec carries its source location, excluded from equality so that a loaded plan compares
equal to one built in code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, FrozenInstanceError, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, TypeVar

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

_T = TypeVar("_T")


def _frozen(*, kw_only: bool = False) -> Callable[[type[_T]], type[_T]]:
    """`@dataclass(frozen=True)` for the classes a load makes tens of thousands of.

    The result is a dataclass (fields, replace, asdict work) that behaves as the frozen one
    does: keyword or positional __init__ with the same defaults, equality and hash over the
    compared fields, the same repr, assignment raising FrozenInstanceError. Its __init__ fills
    the instance dict in one step instead of one object.__setattr__ per field (3x faster), and
    the class costs one exec instead of six, which is most of the import time of this module.
    """

    def wrap(cls: type[_T]) -> type[_T]:
        if cls.__doc__ is None:
            cls.__doc__ = cls.__name__  # else dataclass computes one with inspect.signature
        cls = dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        fields = list(cls.__dataclass_fields__.values())  # type: ignore[attr-defined]
        names = [f.name for f in fields]
        namespace: dict[str, Any] = {"_MISSING": MISSING, "_set": object.__setattr__}
        params, lines = [], []
        for f in fields:
            if f.default is not MISSING:
                namespace[f"_default_{f.name}"] = f.default
                params.append(f"{f.name}=_default_{f.name}")
            elif f.default_factory is not MISSING:
                namespace[f"_factory_{f.name}"] = f.default_factory
                params.append(f"{f.name}=_MISSING")
                lines.append(f" if {f.name} is _MISSING: {f.name} = _factory_{f.name}()\n")
            else:
                params.append(f.name)
        star = "*, " if kw_only else ""
        values = ", ".join(f"{name!r}: {name}" for name in names)
        source = (
            f"def __init__(self, {star}{', '.join(params)}):\n"
            f"{''.join(lines)} _set(self, '__dict__', {{{values}}})\n"
        )
        exec(source, namespace)  # noqa: S102 - our own field names, as dataclass does
        cls.__init__ = namespace["__init__"]  # type: ignore[misc]
        compared = attrgetter(*[f.name for f in fields if f.compare])
        hashed = attrgetter(*[f.name for f in fields if f.compare and (f.hash is None or f.hash)])
        shown = [f.name for f in fields if f.repr]

        def __eq__(self: Any, other: Any) -> Any:  # noqa: N807
            if other.__class__ is not self.__class__:
                return NotImplemented
            return compared(self) == compared(other)

        def __hash__(self: Any) -> int:  # noqa: N807
            return hash(hashed(self))

        def __repr__(self: Any) -> str:  # noqa: N807
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({inner})"

        def __setattr__(self: Any, name: str, value: Any) -> None:  # noqa: N807
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:  # noqa: N807
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        # For `build`: the defaults and the names without one, to fill an instance's dict at once.
        cls._defaults = {f.name: f.default for f in fields if f.default is not MISSING}  # type: ignore[attr-defined]
        cls._factories = {f.name: f.default_factory for f in fields if f.default_factory is not MISSING}  # type: ignore[attr-defined]
        cls._required = frozenset(
            f.name for f in fields if f.default is MISSING and f.default_factory is MISSING
        )  # type: ignore[attr-defined]
        for method in (__eq__, __hash__, __repr__, __setattr__, __delattr__):
            if method.__name__ not in cls.__dict__:  # as dataclass, never over the class's own
                method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
                setattr(cls, method.__name__, method)
        return cls

    return wrap


@_frozen()
class Location:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@_frozen()
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


def build(cls: type[_T], values: dict[str, Any]) -> _T:
    """`cls(**values)` for a spec class, without the keyword call: the reader makes 5,000 steps.

    `values` must hold every field without a default, and nothing but fields; it becomes the
    instance's dict (the caller gives it up).
    """
    if not cls._required <= values.keys() or not values.keys() <= cls.__dataclass_fields__.keys():  # type: ignore[attr-defined]
        return cls(**values)  # the TypeError a wrong call deserves
    for name, default in cls._defaults.items():  # type: ignore[attr-defined]
        if name not in values:
            values[name] = default
    for name, factory in cls._factories.items():  # type: ignore[attr-defined]
        if name not in values:
            values[name] = factory()
    spec = object.__new__(cls)
    object.__setattr__(spec, "__dict__", values)
    return spec


def build_complete(cls: type[_T], values: dict[str, Any]) -> _T:
    """`build` for `values` that hold every field of `cls` and nothing else, in their order:
    what the reader's fast path for one-line rows has already made sure of."""
    spec = object.__new__(cls)
    object.__setattr__(spec, "__dict__", values)
    return spec


def packed(line: int, column: int) -> int:
    """A 0-based line and column as one int: what Locations keeps until a Location is asked for."""
    return line << 32 | column


def unpacked(file: str, at: int) -> Location:
    return Location(file, (at >> 32) + 1, (at & 0xFFFFFFFF) + 1)


class Locations(Mapping[str, Location]):
    """The `locs` of a loaded spec: key -> where its value starts.

    A plan of 5,000 steps has some 40,000 values and its errors name a handful of them, so the
    reader keeps each place as a packed int (see `packed`) and makes a Location the first time
    one is asked for. Ints are neither Locations to build nor objects for the garbage collector
    to scan again and again while the plan lives.
    """

    __slots__ = ("_file", "_at")

    def __init__(self, file: str, at: dict[str, Location | int]):
        self._file = file
        self._at = at

    def __getitem__(self, key: str) -> Location:
        at = self._at[key]
        if at.__class__ is int:
            at = self._at[key] = unpacked(self._file, at)  # type: ignore[arg-type]
        return at  # type: ignore[return-value]

    def get(self, key: str, default: Location | None = None) -> Location | None:  # type: ignore[override]
        at = self._at.get(key)  # what `where` asks, once per step and key when resolving
        if at is None:
            return default
        if at.__class__ is int:
            at = self._at[key] = unpacked(self._file, at)  # type: ignore[arg-type]
        return at  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"Locations({dict(self)!r})"


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


@_frozen(kw_only=True)
class CalendarSpec(_Located):
    work_week: str = DEFAULT_WORK_WEEK
    hours: str = DEFAULT_HOURS  # the default business hours of a working day
    hours_by_day: tuple[tuple[str, str], ...] = ()  # (weekday "sat", hours) where they differ, mon..sun order
    holidays: str | None = DEFAULT_HOLIDAYS  # country code; None = no public holidays
    closed_days: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@_frozen(kw_only=True)
class OrganizationSpec(_Located):
    id: str
    name: str
    locale: str = "vi"
    timezone: str = DEFAULT_TIMEZONE
    currency: str = DEFAULT_CURRENCY
    calendar: CalendarSpec = CalendarSpec()
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@_frozen(kw_only=True)
class TeamSpec(_Located):
    id: str
    name: str
    lead: str | None = None  # person id
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@_frozen(kw_only=True)
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


@_frozen(kw_only=True)
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


@_frozen(kw_only=True)
class MeasurementSpec(_Located):
    at: When
    value: Decimal
    note: str = ""
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@_frozen(kw_only=True)
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


@_frozen(kw_only=True)
class StepSpec(_Located):
    id: str
    title: str
    description: str = ""
    who: str | None = None  # None: the action plan's responsible
    due: str | None = None  # time-frame phrase
    start: date | None = None  # earliest start
    effort: Decimal | None = None  # hours
    # An outside vendor's time from the step being ready to delivery, as written ("5 business
    # days", "2 tuần"); planfile_values.lead_time_days reads it as business days.
    lead_time: str | None = None
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


@_frozen(kw_only=True)
class ServiceStandardSpec(_Located):
    id: str
    title: str
    channel: str
    target: str  # response-target phrase, e.g. "within 4 business hours"
    who: str | None = None
    loc: Location | None = _loc()
    locs: Mapping[str, Location] = _locs()


@_frozen(kw_only=True)
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


@_frozen(kw_only=True)
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


@_frozen(kw_only=True)
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
