"""The frozen values a time-frame phrase parses into, and the resolved due moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.errors import _check_amount, _fail

OffsetUnit = Literal["days", "weeks", "months", "business_days"]
PeriodUnit = Literal["week", "month", "quarter"]
RecurrenceUnit = Literal["day", "week", "month", "quarter"]
TargetKind = Literal[
    "business_hours", "clock_hours", "business_days", "same_business_day", "next_business_day"
]
Lang = Literal["en", "vi"]


@dataclass(frozen=True)
class AbsoluteDate:
    day: date
    at: time | None = None

    def __post_init__(self) -> None:
        if self.at is not None and (self.at.tzinfo is not None or self.at.microsecond):
            raise _fail(N_("A time of day in a time frame has no time zone and no fractions of a second."))


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: OffsetUnit

    def __post_init__(self) -> None:
        if self.unit not in ("days", "weeks", "months", "business_days"):
            raise _fail(N_("Unknown offset unit %(unit)s."), unit=self.unit)
        _check_amount(self.amount, 0)


@dataclass(frozen=True)
class PeriodEnd:
    unit: PeriodUnit
    n: int | None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.unit not in ("week", "month", "quarter"):
            raise _fail(N_("Unknown period %(unit)s."), unit=self.unit)
        if self.n is not None:
            _check_amount(self.n, 1)
        if self.month is not None:
            if self.unit != "week" or self.n is None:
                raise _fail(N_("Only a numbered week can be counted inside a month."))
            _check_amount(self.month, 1)


@dataclass(frozen=True)
class Recurrence:
    unit: RecurrenceUnit
    every: int = 1

    def __post_init__(self) -> None:
        if self.unit not in ("day", "week", "month", "quarter"):
            raise _fail(N_("Unknown recurrence unit %(unit)s."), unit=self.unit)
        _check_amount(self.every, 1)


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


Due = AbsoluteDate | Offset | PeriodEnd
TimeFrame = AbsoluteDate | Offset | PeriodEnd | Recurrence | ResponseTarget


@dataclass(frozen=True)
class Resolution:
    due: datetime
    warnings: tuple[Message, ...] = ()
