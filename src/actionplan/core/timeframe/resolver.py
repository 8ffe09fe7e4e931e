"""Resolve due values and recurrences to due moments on a working calendar.

Resolution is relative to the plan start, on a ``WorkCalendar``: plan week N is
[start + 7(N-1), start + 7N), plan month N is [start + (N-1) months, start + N months) with month
ends clipped, a quarter is three plan months, and "end of" a period is the close of business of
its last working day.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.errors import (
    MAX_OCCURRENCES,
    TimeFrameError,
    _calendar_errors_as_timeframe_errors,
    _fail,
)
from actionplan.core.timeframe.parser import parse_due
from actionplan.core.timeframe.renderer import render
from actionplan.core.timeframe.values import (
    AbsoluteDate,
    Due,
    Offset,
    PeriodEnd,
    Recurrence,
    Resolution,
    TimeFrame,
)
from actionplan.core.workcal import WorkCalendar


def add_months(day: date, months: int) -> date:
    """Calendar months later, the day clipped to the month's end (Jan 31 + 1 month = Feb 28)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, _calendar.monthrange(year, month0 + 1)[1]))


def period(value: PeriodEnd, start: date) -> tuple[date, date]:
    """The plan period [first day, end) that ``value`` ends; n None means the first one."""
    n = value.n or 1
    if value.unit == "quarter":
        return add_months(start, 3 * (n - 1)), add_months(start, 3 * n)
    if value.unit == "month":
        return add_months(start, n - 1), add_months(start, n)
    if value.month is None:
        return start + timedelta(days=7 * (n - 1)), start + timedelta(days=7 * n)
    month_start, month_end = add_months(start, value.month - 1), add_months(start, value.month)
    week_start = month_start + timedelta(days=7 * (n - 1))
    if week_start >= month_end:
        raise _fail(
            N_("Month %(month)s of the plan has %(days)s days, so it has no week %(week)s."),
            month=value.month,
            days=(month_end - month_start).days,
            week=n,
        )
    return week_start, min(week_start + timedelta(days=7), month_end)


def _on_working_day(day: date, cal: WorkCalendar, at: time | None = None) -> Resolution:
    if cal.is_working_day(day):
        moment = cal.close_of_business(day) if at is None else datetime.combine(day, at, tzinfo=cal.tzinfo)
        return Resolution(moment)
    moved = cal.working_day_on_or_before(day)
    warning = Message(
        N_("%(day)s is not a working day; the due date moves to the previous working day, %(moved)s."),
        {"day": day.isoformat(), "moved": moved.isoformat()},
    )
    moment = cal.close_of_business(moved) if at is None else datetime.combine(moved, at, tzinfo=cal.tzinfo)
    return Resolution(moment, (warning,))


def _end_of(first: date, end: date, cal: WorkCalendar) -> Resolution:
    last = cal.working_day_on_or_before(end - timedelta(days=1))
    if last >= first:
        return Resolution(cal.close_of_business(last))
    warning = Message(
        N_(
            "The period %(first)s to %(last)s has no working day; the due date is the last working "
            "day before it, %(moved)s."
        ),
        {
            "first": first.isoformat(),
            "last": (end - timedelta(days=1)).isoformat(),
            "moved": last.isoformat(),
        },
    )
    return Resolution(cal.close_of_business(last), (warning,))


def _offset_day(offset: Offset, start: date, cal: WorkCalendar) -> date:
    if offset.unit == "days":
        return start + timedelta(days=offset.amount)
    if offset.unit == "weeks":
        return start + timedelta(weeks=offset.amount)
    if offset.unit == "months":
        return add_months(start, offset.amount)
    return cal.add_business_days(start, offset.amount)


def resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    """The due moment of a due value (date, offset or period end) for a plan starting on ``start``."""
    with _calendar_errors_as_timeframe_errors():
        return _resolve(value, start, cal)


@lru_cache(maxsize=65536)
def _resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    if isinstance(value, AbsoluteDate):
        return _on_working_day(value.day, cal, value.at)
    if isinstance(value, Offset):
        return _on_working_day(_offset_day(value, start, cal), cal)
    if isinstance(value, PeriodEnd):
        return _end_of(*period(value, start), cal)
    raise _fail(N_("“%(text)s” is not a due date."), text=render(value))


_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3}


def _recurrence_period(repeat: Recurrence, start: date, k: int) -> tuple[date, date]:
    """Period k (0-based) of a recurrence, counted from the plan start."""
    step = repeat.every
    if repeat.unit == "day":
        return start + timedelta(days=step * k), start + timedelta(days=step * (k + 1))
    if repeat.unit == "week":
        return start + timedelta(weeks=step * k), start + timedelta(weeks=step * (k + 1))
    months = 3 * step if repeat.unit == "quarter" else step
    return add_months(start, months * k), add_months(start, months * (k + 1))


def _due_in(due: Due | None, first: date, end: date, repeat: Recurrence, cal: WorkCalendar) -> Resolution:
    """Due of the occurrence whose period is [first, end): ``due`` counted from the period's start."""
    if due is None or (isinstance(due, PeriodEnd) and due.n is None and due.unit == repeat.unit):
        return _end_of(first, end, cal)
    if isinstance(due, PeriodEnd):
        if _RANK[due.unit] > _RANK[repeat.unit]:
            raise _fail(
                N_("“%(due)s” is longer than the period of “%(repeat)s”."),
                due=render(due),
                repeat=render(repeat),
            )
        sub_first, sub_end = period(due, first)
        if sub_first >= end:
            raise _outside_period(due, repeat)
        return _end_of(sub_first, min(sub_end, end), cal)
    if isinstance(due, Offset):
        day = _offset_day(due, first, cal)
        if day >= end:
            raise _outside_period(due, repeat)
        return _on_working_day(day, cal)
    raise _fail(
        N_("A repeated step needs a due inside each period, not a fixed date like %(due)s."), due=render(due)
    )


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
    if isinstance(bound, AbsoluteDate | Offset | PeriodEnd):
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
    previous working day, so each working day gets one occurrence.
    """
    if not isinstance(repeat, Recurrence):
        raise _fail(N_("“%(text)s” is not a repetition."), text=render(repeat))
    if times is not None and not 0 <= times <= MAX_OCCURRENCES:
        raise _fail(N_("times must be between 0 and %(cap)s."), cap=MAX_OCCURRENCES)
    with _calendar_errors_as_timeframe_errors():
        limit = _bound(until, start, cal)
        if times is None and until is None:
            limit = _bound(horizon, start, cal)
            if limit is None:
                raise _fail(N_("A repeated step needs times, until or the strategy's horizon to end."))
        return _occurrences(repeat, start, cal, due, times, limit)


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
            return results
        if repeat.unit == "day" and cal.working_day_on_or_before(end - timedelta(days=1)) < first:
            continue
        resolution = _due_in(due, first, end, repeat, cal)
        if limit is None or resolution.due <= limit:
            results.append(resolution)
    if times is None and len(results) == MAX_OCCURRENCES:
        cap = Message(N_("Only the first %(cap)s occurrences are planned."), {"cap": MAX_OCCURRENCES})
        results[-1] = Resolution(results[-1].due, (*results[-1].warnings, cap))
    return results
