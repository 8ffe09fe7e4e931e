"""Symbols -> values: a small recursive-descent grammar shared by both languages.

Each reading (a date, an offset, a point in a period, a weekday, a holiday, a recurrence, a
response target) is a function over a ``_Reader``; a phrase may have several readings ("within 2
business days" is a response target and, as a due, an offset), returned best first so that the
caller keeps the first of the kind it asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from actionplan.core.messages import N_
from actionplan.core.timeframe.errors import _fail
from actionplan.core.timeframe.named_holidays import holiday_key
from actionplan.core.timeframe.values import (
    MIN_YEAR,
    AbsoluteDate,
    CalendarPeriod,
    DayMonth,
    HolidayDue,
    Offset,
    OffsetUnit,
    Part,
    PlanPeriod,
    Recurrence,
    RelativePeriod,
    ResponseTarget,
    TargetKind,
    TimeFrame,
    WeekdayDue,
)

_PARTS: dict[str, Part] = {"END": "end", "START": "start", "MID": "middle"}
_UNITS = ("WEEK", "MONTH", "QUARTER", "YEAR")
_OFFSET_UNITS: dict[str, tuple[OffsetUnit, int]] = {
    "DAY": ("days", 1),
    "WEEK": ("weeks", 1),
    "MONTH": ("months", 1),
    "YEAR": ("months", 12),
    "BDAY": ("business_days", 1),
}
_TARGET_UNITS: dict[str, TargetKind] = {
    "HOUR": "business_hours",
    "BHOUR": "business_hours",
    "CHOUR": "clock_hours",
    "DAY": "business_days",
    "BDAY": "business_days",
}


_PAIRS = {"BIZ DAY": "BDAY", "BIZ HOUR": "BHOUR", "CLOCK HOUR": "CHOUR"}


class _Reader:
    def __init__(self, symbols: list[str], holiday: str | None) -> None:
        self.symbols = symbols
        self.holiday = holiday
        self.i = 0

    def peek(self) -> str:
        return self.symbols[self.i] if self.i < len(self.symbols) else ""

    def accept(self, *names: str) -> str | None:
        if self.peek() in names:
            self.i += 1
            return self.symbols[self.i - 1]
        return None

    def tagged(self, tag: str) -> str | None:
        """The value of a ``tag``-prefixed symbol (``#3``, ``CM:3``, ``d:2027-03-15``), consumed."""
        symbol = self.peek()
        if symbol.startswith(tag) and len(symbol) > len(tag):
            self.i += 1
            return symbol[len(tag) :]
        return None

    def number(self, tags: str = "#") -> int | None:
        """A number (``#n``) or, with ``tags="#@"``, an ordinal too."""
        symbol = self.peek()
        if symbol[:1] in tags and symbol[1:].isdigit():
            self.i += 1
            return int(symbol[1:])
        return None

    def year(self) -> int | None:
        """An optional calendar year: ``2027`` or ``năm 2027``."""
        start = self.i
        self.accept("YEAR")
        found = self.number()
        if found is not None and found >= MIN_YEAR:
            return found
        self.i = start
        return None

    @property
    def done(self) -> bool:
        return self.i == len(self.symbols)


Reading = Callable[[_Reader], TimeFrame | None]


def _build_all(symbols: list[str], holiday: str | None = None) -> list[TimeFrame]:
    """Every reading of ``symbols``, best first."""
    # "business day", "clock hour" read as one symbol each, like Vietnamese "ngày làm việc".
    merged: list[str] = []
    for symbol in symbols:
        pair = _PAIRS.get(f"{merged[-1]} {symbol}") if merged else None
        if pair:
            merged[-1] = pair
        else:
            merged.append(symbol)
    found: list[TimeFrame] = []
    for reading in _READINGS:
        reader = _Reader(merged, holiday)
        value = reading(reader)
        if value is not None and reader.done and value not in found:
            found.append(value)
    return found


# --- dues ---------------------------------------------------------------------------------------


def _time_of_day(r: _Reader) -> time | None:
    at = r.tagged("t:")
    return time.fromisoformat(at) if at else None


def _date(r: _Reader) -> TimeFrame | None:
    r.accept("BEFORE")
    r.accept("DAY")
    day = r.tagged("d:")
    if day is None:
        return None
    return AbsoluteDate(date.fromisoformat(day), _time_of_day(r))


def _day_month(r: _Reader) -> TimeFrame | None:
    """30/4, ngày 30 tháng 4, 30 April, April 30, the 30th of April (with an optional year)."""
    r.accept("BEFORE")
    r.accept("DAY")
    pair = r.tagged("dm:")
    if pair is not None:
        day, month = (int(p) for p in pair.split("-"))
    else:
        first = r.number("#@")
        r.accept("OF")
        month_text = r.tagged("CM:")
        if month_text is None:
            return None
        month = int(month_text)
        day = first if first is not None else r.number("#@")  # type: ignore[assignment]
        if day is None or day > 31:  # "March 2027" is a month, not a day
            return None
    year = r.year()
    at = _time_of_day(r)
    if year is None:
        return DayMonth(day, month, at)
    try:
        return AbsoluteDate(date(year, month, day), at)
    except ValueError:
        raise _fail(N_("%(date)s is not a date in the calendar."), date=f"{day}/{month}/{year}") from None


def _offset(r: _Reader) -> TimeFrame | None:
    r.accept("PLUS", "AFTER", "IN", "WITHIN")
    amount = r.number()
    unit = r.accept(*_OFFSET_UNITS)
    if amount is None or unit is None:
        return None
    if r.accept("AFTER"):
        if not r.accept("START"):
            return None
    else:
        r.accept("LATER")
    name, factor = _OFFSET_UNITS[unit]
    return Offset(amount * factor, name)


def _point(r: _Reader) -> TimeFrame | None:
    """end/start/middle of a plan or calendar period; a bare calendar period is its end."""
    r.accept("BEFORE")
    part_symbol = r.accept(*_PARTS)
    r.accept("OF")
    make = _period(r, bare=part_symbol is None)
    if make is None:
        return None
    value = make(_PARTS[part_symbol] if part_symbol else "end")
    if part_symbol is None and not isinstance(value, RelativePeriod | CalendarPeriod):
        return None  # "month 3" alone is not a due; "March", "Q2" and "next week" are
    if part_symbol is None and isinstance(value, CalendarPeriod) and value.unit == "year":
        return None  # nor is a bare number such as 2027
    return value


PeriodMaker = Callable[[Part], TimeFrame]


def _period(r: _Reader, *, bare: bool = False) -> PeriodMaker | None:
    readings: tuple[Callable[[_Reader], PeriodMaker | None], ...] = (
        lambda r: _relative_period(r, bare=bare),
        _calendar_period,
        _plan_period,
    )
    for reading in readings:
        start = r.i
        found = reading(r)
        if found is not None:
            return found
        r.i = start
    return None


def _relative_period(r: _Reader, *, bare: bool = False) -> PeriodMaker | None:
    first = r.accept("THIS", "NEXT")
    unit = r.accept(*_UNITS)
    if unit is None:
        return None
    which = first or r.accept("THIS", "NEXT")
    if which is None:
        if unit != "YEAR" or r.peek() or bare:
            return None
        which = "THIS"  # "cuối năm", "end of the year": the calendar year holding the start
    ahead = 1 if which == "NEXT" else 0
    return lambda part: RelativePeriod(unit.lower(), ahead, part)  # type: ignore[arg-type]


def _calendar_period(r: _Reader) -> PeriodMaker | None:
    week = _week_number(r)
    if week is not None and not r.accept("OF"):
        return None
    month = r.tagged("CM:")
    if month is not None:
        year = r.year()
        return lambda part: CalendarPeriod("month", int(month), year, part, week)
    if week is not None:
        return None
    quarter = r.tagged("CQ:")
    if quarter is not None:
        year = r.year()
        return lambda part: CalendarPeriod("quarter", int(quarter), year, part)
    year = r.year()
    if year is not None:
        return lambda part: CalendarPeriod("year", None, year, part)
    return None


def _week_number(r: _Reader) -> int | None:
    """``week 2``, ``tuần thứ hai``, ``the second week``; None (nothing consumed) otherwise."""
    start = r.i
    if r.accept("WEEK"):
        n = r.number("#@")
    else:
        n = r.number("@")
        if n is not None and not r.accept("WEEK"):
            n = None
    if n is None:
        r.i = start
    return n


def _plan_period(r: _Reader) -> PeriodMaker | None:
    week = _week_number(r)
    if week is not None:
        if not r.accept("OF"):
            return lambda part: PlanPeriod("week", week, None, part)
        month = _numbered(r, "MONTH")
        if month is None:
            return None
        return lambda part: PlanPeriod("week", week, month, part)
    r.accept("EVERY")
    for unit in ("MONTH", "QUARTER", "YEAR", "WEEK"):
        n = _numbered(r, unit)
        if n is not None:
            return lambda part, unit=unit, n=n: PlanPeriod(unit.lower(), n, None, part)  # type: ignore[misc]
    unit_symbol = r.accept("WEEK", "MONTH", "QUARTER")
    if unit_symbol is None:
        return None
    return lambda part: PlanPeriod(unit_symbol.lower(), None, None, part)  # type: ignore[arg-type]


def _numbered(r: _Reader, unit: str) -> int | None:
    """``month 3``, ``the third month``, ``tháng thứ 3`` (``unit`` given); None, nothing consumed."""
    start = r.i
    if r.accept(unit):
        n = r.number("#@")
        if n is not None and not (unit == "YEAR" and n >= MIN_YEAR):
            return n
    else:
        n = r.number("@")
        if n is not None and r.accept(unit):
            return n
    r.i = start
    return None


def _weekday(r: _Reader) -> TimeFrame | None:
    """by Friday, Friday of week 3, thứ Sáu tuần thứ ba, Friday next week, thứ Sáu tuần này."""
    r.accept("BEFORE")
    weekday = r.tagged("WD:")
    if weekday is None:
        return None
    if r.done:
        return WeekdayDue(int(weekday))
    r.accept("OF")
    week = _week_number(r)
    if week is not None:
        return WeekdayDue(int(weekday), week=week)
    which = r.accept("THIS", "NEXT")
    if not r.accept("WEEK"):
        return None
    which = which or r.accept("THIS", "NEXT")
    if which is None:
        return None
    return WeekdayDue(int(weekday), ahead=1 if which == "NEXT" else 0)


def _holiday(r: _Reader) -> TimeFrame | None:
    """trước Tết, after Christmas, 2 tuần trước Tết, 3 business days after Tết."""
    amount = r.number()
    unit = r.accept(*_OFFSET_UNITS) if amount is not None else None
    if amount is not None and unit is None:
        return None
    side = r.accept("BEFORE", "AFTER")
    if side is None or not r.accept("HOLIDAY") or r.holiday is None:
        return None
    name, factor = _OFFSET_UNITS[unit] if unit and amount else ("days", 1)
    return HolidayDue(holiday_key(r.holiday), after=side == "AFTER", amount=(amount or 0) * factor, unit=name)


# --- recurrences --------------------------------------------------------------------------------


def _every(r: _Reader) -> TimeFrame | None:
    """weekly, every 2 weeks, every other month, mỗi 2 tuần, 2 tuần một lần, every 2 weeks on Monday."""
    if r.accept("EVERY"):
        every = 2 if r.accept("OTHER") else _count(r)
        unit = r.accept("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")
        if unit is None:
            return None
        r.accept("ONCE")
    else:
        every_or_none = r.number()
        unit = r.accept("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")
        if every_or_none is None or unit is None or not r.accept("ONCE"):
            return None
        every = every_or_none
    weekdays = _weekdays(r) if unit == "WEEK" else ()
    return Recurrence(unit.lower(), every, weekdays)  # type: ignore[arg-type]


def _count(r: _Reader) -> int:
    """The n of "every n ...": 1 when not written (a written 0 is refused by the value)."""
    found = r.number("#@")
    return 1 if found is None else found


def _weekdays(r: _Reader) -> tuple[int, ...]:
    found: list[int] = []
    while (weekday := r.tagged("WD:")) is not None:
        found.append(int(weekday))
    return tuple(sorted(set(found)))


def _on_weekdays(r: _Reader) -> TimeFrame | None:
    """every Monday (and Thursday), every other Monday, thứ Hai hàng tuần, mỗi thứ 6."""
    every = 0
    if r.accept("EVERY"):
        every = 2 if r.accept("OTHER") else 1
    weekdays = _weekdays(r)
    if not weekdays:
        return None
    if not every:
        # thứ Hai hàng tuần, thứ Hai 2 tuần một lần
        if r.accept("EVERY"):
            every = _count(r)
            if not r.accept("WEEK"):
                return None
            r.accept("ONCE")
        else:
            every = r.number() or 0
            if not every or not r.accept("WEEK") or not r.accept("ONCE"):
                return None
    return Recurrence("week", every, weekdays)


def _month_day(r: _Reader) -> TimeFrame | None:
    """ngày 15 hàng tháng, on the 15th of each month, ngày cuối cùng của mỗi tháng, last day of
    each month, monthly on the 15th."""
    if r.peek() == "EVERY":
        r.accept("EVERY")
        every = _count(r)
        if not r.accept("MONTH"):
            return None
        day = _day_of_month(r)
        return None if day is None else Recurrence("month", every, day=day)
    day = _day_of_month(r)
    if day is None:
        return None
    r.accept("OF")
    if not r.accept("EVERY"):
        return None
    every = _count(r)
    if not r.accept("MONTH"):
        return None
    return Recurrence("month", every, day=day)


def _day_of_month(r: _Reader) -> int | None:
    if r.accept("DAY"):
        if r.accept("LAST"):
            return -1
        return r.number("#@")
    if r.accept("LAST"):
        return -1 if r.accept("DAY") else None
    return r.number("@")


def _nth_weekday(r: _Reader) -> TimeFrame | None:
    """first Monday of each month, last Friday of each month, thứ Hai đầu tiên của mỗi tháng,
    thứ Hai tuần thứ 2 của mỗi tháng, thứ Sáu cuối cùng của mỗi tháng."""
    nth = _nth(r)
    weekday = r.tagged("WD:")
    if weekday is None:
        return None
    if nth is None:
        nth = _nth(r)
        if nth is None and r.accept("WEEK"):
            nth = r.number("#@")
    if nth is None:
        return None
    r.accept("OF")
    if not r.accept("EVERY") or not r.accept("MONTH"):
        return None
    return Recurrence("month", 1, (int(weekday),), nth=nth)


def _nth(r: _Reader) -> int | None:
    if r.accept("LAST"):
        return -1
    return r.number("@")


def _regularly(r: _Reader) -> TimeFrame | None:
    return Recurrence("week", 1) if r.accept("REGULARLY") else None


# --- response targets ---------------------------------------------------------------------------


def _target(r: _Reader) -> TimeFrame | None:
    if r.accept("WITHIN"):
        amount = r.number()
        unit = r.accept(*_TARGET_UNITS)
        if amount is None or unit is None:
            return None
        return ResponseTarget(_TARGET_UNITS[unit], amount)
    if r.accept("SAME"):
        return ResponseTarget("same_business_day") if r.accept("DAY", "BDAY") else None
    if r.accept("NEXT"):
        return ResponseTarget("next_business_day") if r.accept("DAY", "BDAY") else None
    return None


_READINGS: tuple[Reading, ...] = (
    _date,
    _day_month,
    _target,
    _offset,
    _point,
    _weekday,
    _holiday,
    _regularly,
    _every,
    _on_weekdays,
    _month_day,
    _nth_weekday,
)
