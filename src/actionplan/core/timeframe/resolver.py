"""Resolve due values and recurrences to due moments on a working calendar.

Resolution is relative to the plan start, on a ``WorkCalendar``: plan week N is
[start + 7(N-1), start + 7N), plan month N is [start + (N-1) months, start + N months) with month
ends clipped, a quarter is three plan months, a year twelve. A calendar period without a year is
the first one that ends on or after the start; "this" and "next" periods are the calendar's (weeks
from Monday). The end of a period is the close of business of its last working day, its start
that of its first working day, its middle its 15th day for a month (else its middle day).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.due import parse_due
from actionplan.core.timeframe.errors import (
    MAX_OCCURRENCES,
    TimeFrameError,
    _calendar_errors_as_timeframe_errors,
    _fail,
)
from actionplan.core.timeframe.named_holidays import (
    HolidayName,
    KnownHolidays,
    display_name,
    matching_days,
    runs,
)
from actionplan.core.timeframe.renderer import PeriodName, Phrase, render
from actionplan.core.timeframe.values import (
    DUE_TYPES,
    AbsoluteDate,
    CalendarPeriod,
    DayMonth,
    Due,
    HolidayDue,
    Offset,
    Part,
    Period,
    PlanPeriod,
    Recurrence,
    RelativePeriod,
    Resolution,
    TimeFrame,
    WeekdayDue,
)
from actionplan.core.workcal import WorkCalendar


def add_months(day: date, months: int) -> date:
    """Calendar months later, the day clipped to the month's end (Jan 31 + 1 month = Feb 28)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, _calendar.monthrange(year, month0 + 1)[1]))


def period(value: Period, start: date) -> tuple[date, date]:
    """The period [first day, end) that ``value`` names, for a plan starting on ``start``."""
    if isinstance(value, CalendarPeriod):
        return _calendar_period(value, start)
    if isinstance(value, RelativePeriod):
        return _relative_period(value, start)
    return _plan_period(value, start)


_PLAN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _plan_period(value: PlanPeriod, start: date) -> tuple[date, date]:
    n = value.n or 1
    if value.unit in _PLAN_MONTHS:
        months = _PLAN_MONTHS[value.unit]
        return add_months(start, months * (n - 1)), add_months(start, months * n)
    if value.month is None:
        return start + timedelta(days=7 * (n - 1)), start + timedelta(days=7 * n)
    month_start, month_end = add_months(start, value.month - 1), add_months(start, value.month)
    return _week_of(
        n,
        month_start,
        month_end,
        N_("Month %(month)s of the plan has %(days)s days, so it has no week %(week)s."),
        value.month,
    )


def _week_of(n: int, month_start: date, month_end: date, msgid: str, month: object) -> tuple[date, date]:
    week_start = month_start + timedelta(days=7 * (n - 1))
    if week_start >= month_end:
        raise _fail(msgid, month=month, days=(month_end - month_start).days, week=n)
    return week_start, min(week_start + timedelta(days=7), month_end)


def _calendar_bounds(unit: str, number: int | None, year: int) -> tuple[date, date]:
    if unit == "year":
        return date(year, 1, 1), date(year + 1, 1, 1)
    months = 3 if unit == "quarter" else 1
    first = date(year, months * ((number or 1) - 1) + 1, 1)
    return first, add_months(first, months)


def calendar_year(value: CalendarPeriod, start: date) -> int:
    """The year of a calendar period: its own, else the first whose period ends on or after ``start``."""
    if value.year is not None:
        return value.year
    _, end = _calendar_bounds(value.unit, value.number, start.year)
    return start.year if end > start else start.year + 1


def _calendar_period(value: CalendarPeriod, start: date) -> tuple[date, date]:
    first, end = _calendar_bounds(value.unit, value.number, calendar_year(value, start))
    if value.week is None:
        return first, end
    month = PeriodName(CalendarPeriod("month", value.number, first.year))
    return _week_of(
        value.week, first, end, N_("%(month)s has %(days)s days, so it has no week %(week)s."), month
    )


def _relative_period(value: RelativePeriod, start: date) -> tuple[date, date]:
    if value.unit == "week":
        monday = start - timedelta(days=start.weekday()) + timedelta(weeks=value.ahead)
        return monday, monday + timedelta(days=7)
    if value.unit == "year":
        return _calendar_bounds("year", None, start.year + value.ahead)
    months = 3 if value.unit == "quarter" else 1
    first = date(start.year, months * ((start.month - 1) // months) + 1, 1)
    first = add_months(first, months * value.ahead)
    return first, add_months(first, months)


# --- moments inside a period ---------------------------------------------------------------------


def _moved_warning(day: date, moved: date, cal: WorkCalendar, *, later: bool = False) -> Message:
    """Why ``day`` moved to ``moved``; a public holiday is named, in the reader's language."""
    if cal.holidays is not None and cal.is_holiday(day) and day not in cal.closed_days:
        msgid = (
            N_(
                "%(day)s is not a working day (%(holiday)s); the due date moves to the next working "
                "day, %(moved)s."
            )
            if later
            else N_(
                "%(day)s is not a working day (%(holiday)s); the due date moves to the previous working "
                "day, %(moved)s."
            )
        )
        return Message(msgid, {"day": day, "holiday": HolidayName(cal.holidays, day), "moved": moved})
    msgid = (
        N_("%(day)s is not a working day; the due date moves to the next working day, %(moved)s.")
        if later
        else N_("%(day)s is not a working day; the due date moves to the previous working day, %(moved)s.")
    )
    return Message(msgid, {"day": day, "moved": moved})


def _on_working_day(day: date, cal: WorkCalendar, at: time | None = None) -> Resolution:
    if cal.is_working_day(day):
        moment = cal.close_of_business(day) if at is None else datetime.combine(day, at, tzinfo=cal.tzinfo)
        return Resolution(moment)
    moved = cal.working_day_on_or_before(day)
    warning = _moved_warning(day, moved, cal)
    moment = cal.close_of_business(moved) if at is None else datetime.combine(moved, at, tzinfo=cal.tzinfo)
    return Resolution(moment, (warning,))


def _end_of(first: date, end: date, cal: WorkCalendar) -> Resolution:
    last = cal.working_day_on_or_before(end - timedelta(days=1))
    if last >= first:
        return Resolution(cal.close_of_business(last))
    return Resolution(cal.close_of_business(last), (_no_working_day(first, end, last, after=False),))


def _start_of(first: date, end: date, cal: WorkCalendar) -> Resolution:
    day = cal.working_day_on_or_after(first)
    if day < end:
        return Resolution(cal.close_of_business(day))
    return Resolution(cal.close_of_business(day), (_no_working_day(first, end, day, after=True),))


def _no_working_day(first: date, end: date, moved: date, *, after: bool) -> Message:
    msgid = (
        N_(
            "The period %(first)s to %(last)s has no working day; the due date is the first working "
            "day after it, %(moved)s."
        )
        if after
        else N_(
            "The period %(first)s to %(last)s has no working day; the due date is the last working "
            "day before it, %(moved)s."
        )
    )
    return Message(msgid, {"first": first, "last": end - timedelta(days=1), "moved": moved})


def _middle_day(first: date, end: date, monthly: bool) -> date:
    day = first + timedelta(days=14 if monthly else (end - first - timedelta(days=1)).days // 2)
    return min(day, end - timedelta(days=1))


def _middle_of(first: date, end: date, monthly: bool, cal: WorkCalendar) -> Resolution:
    return _on_working_day(_middle_day(first, end, monthly), cal)


def _point(first: date, end: date, part: Part, unit: str, cal: WorkCalendar) -> Resolution:
    if part == "start":
        return _start_of(first, end, cal)
    if part == "middle":
        return _middle_of(first, end, unit == "month", cal)
    return _end_of(first, end, cal)


def _offset_day(offset: Offset, start: date, cal: WorkCalendar, sign: int = 1) -> date:
    if offset.unit == "days":
        return start + timedelta(days=sign * offset.amount)
    if offset.unit == "weeks":
        return start + timedelta(weeks=sign * offset.amount)
    if offset.unit == "months":
        return add_months(start, sign * offset.amount)
    return cal.add_business_days(start, sign * offset.amount)


def weekday_day(value: WeekdayDue, start: date) -> date:
    """The day a weekday due names (before moving off a day off)."""
    if value.ahead is not None:
        return start - timedelta(days=start.weekday()) + timedelta(weeks=value.ahead, days=value.weekday)
    first = start + timedelta(days=7 * ((value.week or 1) - 1))
    return first + timedelta(days=(value.weekday - first.weekday()) % 7)


def day_month_day(value: DayMonth, start: date) -> date:
    """The first ``value.day``/``value.month`` on or after ``start`` (29/2: the next leap year's)."""
    for year in range(start.year, start.year + 9):
        if value.day <= _calendar.monthrange(year, value.month)[1]:
            found = date(year, value.month, value.day)
            if found >= start:
                return found
    raise _fail(N_("The time frame falls outside the supported dates."))


def holiday_run(value: HolidayDue, start: date, cal: WorkCalendar) -> tuple[date, date]:
    """The first and last day of the first run of the named holiday that begins on or after ``start``."""
    if cal.holidays is None:
        raise _fail(
            N_("This calendar has no public holidays, so “%(name)s” cannot be placed."),
            name=display_name(value.name),
        )
    days = [
        d for year in range(start.year, start.year + 3) for d in matching_days(value.name, cal.holidays, year)
    ]
    for first, last in runs(days, cal.is_working_day):
        if first >= start:
            return first, last
    raise _fail(
        N_(
            "No public holiday named “%(name)s” follows %(start)s in the holidays of %(country)s, "
            "which include: %(known)s."
        ),
        name=display_name(value.name),
        start=start,
        country=cal.holidays,
        known=KnownHolidays(cal.holidays, start.year + 1),
    )


def _holiday_due(value: HolidayDue, start: date, cal: WorkCalendar) -> Resolution:
    first, last = holiday_run(value, start, cal)
    if value.after:
        if not value.amount:
            return Resolution(cal.close_of_business(cal.working_day_after(last)))
        return _on_working_day(_offset_day(Offset(value.amount, value.unit), last, cal), cal)
    if not value.amount:
        return Resolution(cal.close_of_business(cal.working_day_before(first)))
    return _on_working_day(_offset_day(Offset(value.amount, value.unit), first, cal, sign=-1), cal)


def resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    """The due moment of a due value for a plan starting on ``start``."""
    with _calendar_errors_as_timeframe_errors():
        return _resolve(value, start, cal)


@lru_cache(maxsize=65536)
def _resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    found = _locate(value, start, cal)
    if isinstance(value, AbsoluteDate | Offset | PlanPeriod):
        return found
    notes = [_read_in_a_later_year(value, start)]
    if found.due.date() < start:
        notes.append(
            Message(
                N_("%(due)s is before the plan's start, %(start)s."),
                {"due": found.due.date(), "start": start},
            )
        )
    return Resolution(found.due, found.warnings + tuple(n for n in notes if n is not None))


@lru_cache(maxsize=65536)
def _locate(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    """The due moment, with the warnings about days off (not the notes about the plan's start)."""
    if isinstance(value, AbsoluteDate):
        return _on_working_day(value.day, cal, value.at)
    if isinstance(value, Offset):
        return _on_working_day(_offset_day(value, start, cal), cal)
    if isinstance(value, PlanPeriod | CalendarPeriod | RelativePeriod):
        return _point(*period(value, start), value.part, _point_unit(value), cal)
    if isinstance(value, DayMonth):
        return _on_working_day(day_month_day(value, start), cal, value.at)
    if isinstance(value, WeekdayDue):
        return _on_working_day(weekday_day(value, start), cal)
    if isinstance(value, HolidayDue):
        return _holiday_due(value, start, cal)
    raise _fail(N_("“%(text)s” is not a due date."), text=render(value))


def _point_unit(value: Period) -> str:
    """The unit whose middle is its 15th day ("month") or its middle day (any other)."""
    if isinstance(value, CalendarPeriod) and value.week is not None:
        return "week"
    return value.unit


def _read_in_a_later_year(value: TimeFrame, start: date) -> Message | None:
    """A calendar name or date without a year, read in a later year than the start's: say so (and
    name the plan-period reading the user may have meant)."""
    if isinstance(value, DayMonth):
        day = day_month_day(value, start)
        if day.year == start.year:
            return None
        return Message(
            N_("%(phrase)s is read as %(day)s, the first one on or after the plan's start, %(start)s."),
            {"phrase": Phrase(value), "day": day, "start": start},
        )
    if not isinstance(value, CalendarPeriod) or value.year is not None:
        return None
    year = calendar_year(value, start)
    if year == start.year:
        return None
    if value.unit == "month" and value.week is not None:
        other = PlanPeriod("week", value.week, value.number, value.part)
    else:
        other = PlanPeriod(value.unit, value.number, None, value.part)  # type: ignore[arg-type]
    read = CalendarPeriod(value.unit, value.number, year, value.part, value.week)
    return Message(
        N_(
            "%(phrase)s is read as %(read)s, the first one that ends on or after the plan's start, "
            "%(start)s; did you mean the plan's own period, “%(other)s”?"
        ),
        {"phrase": PeriodName(value), "read": PeriodName(read), "start": start, "other": Phrase(other)},
    )


# --- recurrences --------------------------------------------------------------------------------

_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
_MONTHS_OF = {"month": 1, "quarter": 3, "year": 12}


def _recurrence_period(repeat: Recurrence, start: date, k: int) -> tuple[date, date]:
    """Period k (0-based) of a recurrence, counted from the plan start."""
    step = repeat.every
    if repeat.unit == "day":
        return start + timedelta(days=step * k), start + timedelta(days=step * (k + 1))
    if repeat.unit == "week":
        return start + timedelta(weeks=step * k), start + timedelta(weeks=step * (k + 1))
    months = _MONTHS_OF[repeat.unit] * step
    return add_months(start, months * k), add_months(start, months * (k + 1))


def _due_in(due: Due | None, first: date, end: date, repeat: Recurrence, cal: WorkCalendar) -> Resolution:
    """Due of the occurrence whose period is [first, end): ``due`` counted from the period's start."""
    if due is None:
        return _end_of(first, end, cal)
    if isinstance(due, PlanPeriod):
        if due.n is None and due.unit == repeat.unit:
            return _point(first, end, due.part, due.unit, cal)
        if _RANK[due.unit] > _RANK[repeat.unit]:
            raise _fail(
                N_("“%(due)s” is longer than the period of “%(repeat)s”."),
                due=render(due),
                repeat=render(repeat),
            )
        sub_first, sub_end = period(due, first)
        if sub_first >= end:
            raise _outside_period(due, repeat)
        return _point(sub_first, min(sub_end, end), due.part, due.unit, cal)
    if isinstance(due, Offset):
        day = _offset_day(due, first, cal)
        if day >= end:
            raise _outside_period(due, repeat)
        return _on_working_day(day, cal)
    if isinstance(due, RelativePeriod | WeekdayDue | DayMonth) or (
        isinstance(due, CalendarPeriod) and due.year is None
    ):
        # "yearly, due end of March", "monthly, by Friday": the first one in each period.
        if not first <= _nominal_day(due, first) < end:
            raise _outside_period(due, repeat)
        return _locate(due, first, cal)
    raise _fail(
        N_("A repeated step needs a due inside each period, not a fixed date like %(due)s."), due=render(due)
    )


def _nominal_day(due: RelativePeriod | WeekdayDue | DayMonth | CalendarPeriod, first: date) -> date:
    """The day a due names in the period starting ``first``, before any move off a day off."""
    if isinstance(due, WeekdayDue):
        return weekday_day(due, first)
    if isinstance(due, DayMonth):
        return day_month_day(due, first)
    start, end = period(due, first)
    if due.part == "start":
        return start
    if due.part == "middle":
        return _middle_day(start, end, _point_unit(due) == "month")
    return end - timedelta(days=1)


def _outside_period(due: Due, repeat: Recurrence) -> TimeFrameError:
    return _fail(
        N_("“%(due)s” falls outside each period of “%(repeat)s”."), due=render(due), repeat=render(repeat)
    )


def _bound(bound: object, start: date, cal: WorkCalendar) -> datetime | None:
    if bound is None:
        return None
    if isinstance(bound, str):
        bound = parse_due(bound)
    if isinstance(bound, datetime):
        return cal.localize(bound)
    if isinstance(bound, date):
        return datetime.combine(bound, time.max, tzinfo=cal.tzinfo)
    if isinstance(bound, DUE_TYPES):
        return resolve(bound, start, cal).due
    raise TypeError(f"not a bound: {bound!r}")


def occurrences(
    repeat: Recurrence,
    start: date,
    cal: WorkCalendar,
    *,
    due: Due | None = None,
    times: int | None = None,
    until: Due | datetime | date | str | None = None,
    horizon: datetime | date | None = None,
) -> list[Resolution]:
    """Due moments of occurrences 1, 2, ... of ``repeat``: occurrence k is due inside period k.

    Bounded by ``times`` and/or ``until``; only when neither is given, by ``horizon``. Occurrences
    due after the bound are dropped. A daily repeat skips days off instead of moving onto the
    previous working day, so each working day gets one occurrence. A repeat on set days (every
    Monday, the 15th of each month) is due on those days, from the start on.
    """
    if not isinstance(repeat, Recurrence):
        raise _fail(N_("“%(text)s” is not a repetition."), text=render(repeat))
    if times is not None and not 0 <= times <= MAX_OCCURRENCES:
        raise _fail(N_("times must be between 0 and %(cap)s."), cap=MAX_OCCURRENCES)
    if repeat.on_set_days and due is not None:
        raise _fail(
            N_("“%(repeat)s” is due on its own days; it takes no separate due such as “%(due)s”."),
            repeat=render(repeat),
            due=render(due),
        )
    with _calendar_errors_as_timeframe_errors():
        limit = _bound(until, start, cal)
        if times is None and until is None:
            limit = _bound(horizon, start, cal)
            if limit is None:
                raise _fail(N_("A repeated step needs times, until or the strategy's horizon to end."))
        if repeat.on_set_days:
            return _set_day_occurrences(repeat, start, cal, times, limit)
        return _occurrences(repeat, start, cal, due, times, limit)


def _capped(results: list[Resolution], times: int | None) -> list[Resolution]:
    if times is None and len(results) == MAX_OCCURRENCES:
        cap = Message(N_("Only the first %(cap)s occurrences are planned."), {"cap": MAX_OCCURRENCES})
        results[-1] = Resolution(results[-1].due, (*results[-1].warnings, cap))
    return results


def _occurrences(
    repeat: Recurrence,
    start: date,
    cal: WorkCalendar,
    due: Due | None,
    times: int | None,
    limit: datetime | None,
) -> list[Resolution]:
    wanted = MAX_OCCURRENCES if times is None else times
    results: list[Resolution] = []
    k = 0
    while len(results) < wanted and k < MAX_OCCURRENCES * 20:
        first, end = _recurrence_period(repeat, start, k)
        k += 1
        if limit is not None and datetime.combine(first, time.min, tzinfo=cal.tzinfo) > limit:
            break
        if repeat.unit == "day" and cal.working_day_on_or_before(end - timedelta(days=1)) < first:
            continue
        resolution = _due_in(due, first, end, repeat, cal)
        if limit is None or resolution.due <= limit:
            results.append(resolution)
    return _capped(results, times)


def set_days(repeat: Recurrence, start: date) -> Iterator[date]:
    """The named days of a weekday or day-of-month recurrence, from ``start`` on, in order."""
    if repeat.unit == "week":
        monday = start - timedelta(days=start.weekday())
        if max(repeat.weekdays) < start.weekday():
            monday += timedelta(weeks=1)  # "every other Monday" from a Tuesday: the coming Monday
        for k in range(MAX_OCCURRENCES * 20):
            week = monday + timedelta(weeks=repeat.every * k)
            for weekday in repeat.weekdays:
                day = week + timedelta(days=weekday)
                if day >= start:
                    yield day
        return
    month = start.replace(day=1)
    for k in range(MAX_OCCURRENCES * 20):
        day = _day_in_month(repeat, add_months(month, repeat.every * k))
        if day >= start:
            yield day


def _day_in_month(repeat: Recurrence, first: date) -> date:
    length = _calendar.monthrange(first.year, first.month)[1]
    if repeat.nth is None:
        # The 31st of a 30-day month is its last day.
        return first.replace(day=length if repeat.day == -1 else min(repeat.day or 1, length))
    weekday = repeat.weekdays[0]
    if repeat.nth == -1:
        last = first.replace(day=length)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (repeat.nth - 1))


def _in_its_month(day: date, cal: WorkCalendar) -> Resolution:
    """A day-of-month occurrence on a day off moves to the previous working day of its month, or,
    when there is none, to the next one, so that no month is skipped or doubled."""
    before = cal.working_day_on_or_before(day)
    if before == day or before.month == day.month:
        return _on_working_day(day, cal)
    after = cal.working_day_on_or_after(day)
    warning = _moved_warning(day, after, cal, later=True)
    return Resolution(cal.close_of_business(after), (warning,))


def _set_day_occurrences(
    repeat: Recurrence, start: date, cal: WorkCalendar, times: int | None, limit: datetime | None
) -> list[Resolution]:
    wanted = MAX_OCCURRENCES if times is None else times
    results: list[Resolution] = []
    if not wanted:
        return results
    for day in set_days(repeat, start):
        if limit is not None and datetime.combine(day, time.min, tzinfo=cal.tzinfo) > limit:
            break
        resolution = _on_working_day(day, cal) if repeat.unit == "week" else _in_its_month(day, cal)
        if limit is None or resolution.due <= limit:
            results.append(resolution)
            if len(results) >= wanted:
                break
    return _capped(results, times)
