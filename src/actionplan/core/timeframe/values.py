"""The frozen values a time-frame phrase parses into, and the resolved due moment.

Two families of periods, kept apart because readers keep them apart:
- a **plan period** (``PlanPeriod``) is counted from the plan's start: "month 3", "tháng thứ 3";
- a **calendar period** (``CalendarPeriod``, ``RelativePeriod``) is the calendar's: "March",
  "tháng 3", "Q2", "2027", "this month", "tháng sau".
A due may be the end, the start or the middle of either (``part``).
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal, get_args

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.errors import _check_amount, _fail
from actionplan.core.timeframe.named_holidays import can_start_holiday_name, display_name, holiday_key

OffsetUnit = Literal["days", "weeks", "months", "business_days"]
PlanUnit = Literal["week", "month", "quarter", "year"]
CalendarUnit = Literal["month", "quarter", "year"]
RecurrenceUnit = Literal["day", "week", "month", "quarter", "year"]
Part = Literal["end", "start", "middle"]
TargetKind = Literal[
    "business_hours", "clock_hours", "business_days", "same_business_day", "next_business_day"
]
Lang = Literal["en", "vi"]

PARTS = ("end", "start", "middle")
OFFSET_UNITS = ("days", "weeks", "months", "business_days")
# Calendar years a phrase may name; outside them a number is a typo, not a year.
MIN_YEAR, MAX_YEAR = 1900, 2999


def _check_time(at: time | None) -> None:
    if at is not None and (at.tzinfo is not None or at.microsecond):
        raise _fail(N_("A time of day in a time frame has no time zone and no fractions of a second."))


def _check_part(part: str) -> None:
    if part not in PARTS:
        raise _fail(N_("Unknown part of a period %(part)s."), part=part)


def _check_weekday(weekday: int) -> None:
    if not 0 <= weekday <= 6:
        raise _fail(N_("A weekday is numbered 0 (Monday) to 6 (Sunday), not %(day)s."), day=weekday)


def _check_year(year: int | None) -> None:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise _fail(
            N_("The year %(year)s is out of range (%(lowest)s to %(highest)s)."),
            year=year,
            lowest=MIN_YEAR,
            highest=MAX_YEAR,
        )


@dataclass(frozen=True)
class AbsoluteDate:
    day: date
    at: time | None = None

    def __post_init__(self) -> None:
        _check_time(self.at)


@dataclass(frozen=True)
class DayMonth:
    """A date without a year ("30/4"): the first one on or after the plan's start."""

    day: int
    month: int
    at: time | None = None

    def __post_init__(self) -> None:
        _check_time(self.at)
        if not 1 <= self.month <= 12:
            raise _fail(N_("There is no month %(month)s; months are 1 to 12."), month=self.month)
        # February 29 exists (in leap years); the 31st of a 30-day month never does.
        days = 29 if self.month == 2 else _calendar.monthrange(2001, self.month)[1]
        if not 1 <= self.day <= days:
            raise _fail(
                N_("%(day)s/%(month)s is not a date in the calendar."), day=self.day, month=self.month
            )


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: OffsetUnit

    def __post_init__(self) -> None:
        if self.unit not in OFFSET_UNITS:
            raise _fail(N_("Unknown offset unit %(unit)s."), unit=self.unit)
        _check_amount(self.amount, 0)


@dataclass(frozen=True)
class PlanPeriod:
    """A period counted from the plan's start: week/month/quarter/year ``n`` (None: the first, or,
    as the due of a recurrence, each), or week ``n`` of plan month ``month``; ``part`` of it."""

    unit: PlanUnit
    n: int | None
    month: int | None = None
    part: Part = "end"

    def __post_init__(self) -> None:
        if self.unit not in ("week", "month", "quarter", "year"):
            raise _fail(N_("Unknown period %(unit)s."), unit=self.unit)
        _check_part(self.part)
        if self.n is not None:
            _check_amount(self.n, 1)
        elif self.unit == "year":
            raise _fail(N_("A year of the plan needs its number, as in “end of year 1”."))
        if self.month is not None:
            if self.unit != "week" or self.n is None:
                raise _fail(N_("Only a numbered week can be counted inside a month."))
            _check_amount(self.month, 1)


@dataclass(frozen=True)
class CalendarPeriod:
    """A period the calendar names: month ``number`` (1-12), quarter ``number`` (1-4) or the year
    ``year``; without a year, the first such period that ends on or after the plan's start.
    ``week`` is week N (days 7N-6 to 7N) of the named month."""

    unit: CalendarUnit
    number: int | None
    year: int | None = None
    part: Part = "end"
    week: int | None = None

    def __post_init__(self) -> None:
        _check_part(self.part)
        _check_year(self.year)
        if self.unit == "month":
            if self.number is None or not 1 <= self.number <= 12:
                raise _fail(
                    N_(
                        "There is no month %(month)s in the calendar (1 to 12); the plan's month "
                        "%(month)s is written “month %(month)s” or “tháng thứ %(month)s”."
                    ),
                    month=self.number,
                )
        elif self.unit == "quarter":
            if self.number is None or not 1 <= self.number <= 4:
                raise _fail(N_("There is no quarter %(quarter)s; quarters are 1 to 4."), quarter=self.number)
        elif self.unit == "year":
            if self.number is not None or self.year is None:
                raise _fail(N_("A calendar year needs its number, as in “end of 2027”."))
        else:
            raise _fail(N_("Unknown period %(unit)s."), unit=self.unit)
        if self.week is not None:
            if self.unit != "month":
                raise _fail(N_("Only a numbered week can be counted inside a month."))
            if not 1 <= self.week <= 5:
                raise _fail(N_("A month has weeks 1 to 5, not %(week)s."), week=self.week)


@dataclass(frozen=True)
class RelativePeriod:
    """The calendar week (from Monday), month, quarter or year holding the plan's start
    (``ahead`` 0: "this month", "tháng này") or the one after it (1: "next month", "tháng sau")."""

    unit: PlanUnit
    ahead: int = 0
    part: Part = "end"

    def __post_init__(self) -> None:
        if self.unit not in ("week", "month", "quarter", "year"):
            raise _fail(N_("Unknown period %(unit)s."), unit=self.unit)
        _check_part(self.part)
        if self.ahead not in (0, 1):
            raise _fail(N_("Only this and the next period can be named."))


@dataclass(frozen=True)
class WeekdayDue:
    """A weekday (0 = Monday): in plan week ``week``, in this (``ahead`` 0) or next (1) calendar
    week, or, with neither, the first one on or after the plan's start ("by Friday")."""

    weekday: int
    week: int | None = None
    ahead: int | None = None

    def __post_init__(self) -> None:
        _check_weekday(self.weekday)
        if self.week is not None:
            _check_amount(self.week, 1)
            if self.ahead is not None:
                raise _fail(N_("A weekday is in a week of the plan or in this or next week, not both."))
        if self.ahead not in (None, 0, 1):
            raise _fail(N_("Only this and the next period can be named."))


@dataclass(frozen=True)
class HolidayDue:
    """Before or after the public holiday named ``name`` (its key, see ``named_holidays``) that
    follows the plan's start, on the calendar's holiday data ("trước Tết", "2 weeks before
    Christmas"), moved by ``amount`` ``unit``."""

    name: str
    after: bool = False
    amount: int = 0
    unit: OffsetUnit = "days"

    def __post_init__(self) -> None:
        if not self.name or self.name != holiday_key(self.name):
            raise _fail(N_("A holiday is named by its key: lower case words without marks, as in “tet”."))
        if not can_start_holiday_name(display_name(self.name).split()[0]):
            raise _fail(N_("“%(name)s” is not the name of a holiday."), name=self.name)
        if self.unit not in OFFSET_UNITS or (not self.amount and self.unit != "days"):
            raise _fail(N_("Unknown offset unit %(unit)s."), unit=self.unit)
        _check_amount(self.amount, 0)


@dataclass(frozen=True)
class Recurrence:
    """Every ``every`` days/weeks/months/quarters/years; a week may name its ``weekdays``
    (0 = Monday); a month may name its ``day`` (-1 = the last) or, with one weekday, the ``nth``
    one (1-4, -1 = the last)."""

    unit: RecurrenceUnit
    every: int = 1
    weekdays: tuple[int, ...] = ()
    day: int | None = None
    nth: int | None = None

    def __post_init__(self) -> None:
        if self.unit not in ("day", "week", "month", "quarter", "year"):
            raise _fail(N_("Unknown recurrence unit %(unit)s."), unit=self.unit)
        _check_amount(self.every, 1)
        for weekday in self.weekdays:
            _check_weekday(weekday)
        if tuple(sorted(set(self.weekdays))) != self.weekdays:
            raise _fail(N_("Weekdays of a recurrence are listed once each, Monday first."))
        if self.weekdays and not (
            self.unit == "week" or (self.unit == "month" and self.nth is not None and len(self.weekdays) == 1)
        ):
            raise _fail(N_("Weekdays repeat weekly, or as the nth weekday of each month."))
        if self.nth is not None and (
            self.nth not in (1, 2, 3, 4, -1) or len(self.weekdays) != 1 or self.every != 1
        ):
            raise _fail(
                N_("The nth weekday of a month is the first to the fourth, or the last, of one weekday.")
            )
        if self.day is not None:
            if self.unit != "month" or self.nth is not None:
                raise _fail(N_("A day of the month repeats monthly."))
            if self.day != -1 and not 1 <= self.day <= 31:
                raise _fail(N_("A day of the month is 1 to 31, or the last."))

    @property
    def on_set_days(self) -> bool:
        """Due on named days (weekdays, a day of the month), not at a due inside each period."""
        return bool(self.weekdays) or self.day is not None


@dataclass(frozen=True)
class ResponseTarget:
    kind: TargetKind
    amount: int = 0

    def __post_init__(self) -> None:
        if self.kind in ("same_business_day", "next_business_day"):
            if self.amount != 0:
                raise _fail(N_("“Same day” and “next day” targets take no number."))
        elif self.kind in ("business_hours", "clock_hours", "business_days"):
            _check_amount(self.amount, 1)
        else:
            raise _fail(N_("Unknown response target %(kind)s."), kind=self.kind)


Period = PlanPeriod | CalendarPeriod | RelativePeriod
Due = (
    AbsoluteDate | DayMonth | Offset | PlanPeriod | CalendarPeriod | RelativePeriod | WeekdayDue | HolidayDue
)
DUE_TYPES: tuple[type, ...] = get_args(Due)  # the due classes, for isinstance checks
TimeFrame = Due | Recurrence | ResponseTarget


@dataclass(frozen=True)
class Resolution:
    due: datetime
    warnings: tuple[Message, ...] = ()
