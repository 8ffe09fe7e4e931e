"""How a phrase was read, for the person who typed it: "tháng Ba (theo lịch) → 31/03/2027".

A due date that looks right but was read another way is the worst failure a planning tool can
have, so every interface that resolves a phrase for a person shows this reading next to the date:
which period (the calendar's or the plan's), counted from which start.
"""

from __future__ import annotations

from datetime import date, timedelta

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.errors import _calendar_errors_as_timeframe_errors
from actionplan.core.timeframe.named_holidays import display_name
from actionplan.core.timeframe.renderer import PeriodName, Phrase
from actionplan.core.timeframe.resolver import calendar_year, holiday_run, period, resolve
from actionplan.core.timeframe.values import (
    AbsoluteDate,
    CalendarPeriod,
    DayMonth,
    HolidayDue,
    Offset,
    PlanPeriod,
    Recurrence,
    RelativePeriod,
    ResponseTarget,
    TimeFrame,
    WeekdayDue,
)
from actionplan.core.workcal import WorkCalendar

_PART = {
    "end": N_("end of %(period)s"),
    "start": N_("start of %(period)s"),
    "middle": N_("middle of %(period)s"),
}


def explain(value: TimeFrame, start: date, cal: WorkCalendar) -> Message:
    """How ``value`` is read for a plan starting on ``start``, ending with its due for a due."""
    with _calendar_errors_as_timeframe_errors():
        reading = _reading(value, start, cal)
        if isinstance(value, Recurrence | ResponseTarget):
            return reading
        return Message(
            N_("%(reading)s → %(due)s"), {"reading": reading, "due": resolve(value, start, cal).due.date()}
        )


def _named_period(
    value: CalendarPeriod | RelativePeriod, first: date, start: date
) -> CalendarPeriod | RelativePeriod:
    """The calendar's own name of the period a phrase lands on: "next month" is "February 2027"."""
    if isinstance(value, CalendarPeriod):
        if value.year is not None or value.unit == "year":
            return value
        return CalendarPeriod(value.unit, value.number, calendar_year(value, start), value.part, value.week)
    if value.unit == "week":
        return value  # weeks have no calendar name; the reading gives their dates
    if value.unit == "year":
        return CalendarPeriod("year", None, first.year, value.part)
    number = first.month if value.unit == "month" else (first.month - 1) // 3 + 1
    return CalendarPeriod(value.unit, number, first.year, value.part)


def _reading(value: TimeFrame, start: date, cal: WorkCalendar) -> Message:
    if isinstance(value, AbsoluteDate):
        return Message(N_("the date %(day)s"), {"day": value.day})
    if isinstance(value, Offset | Recurrence):
        return Message(
            N_("%(phrase)s, counted from the plan's start, %(start)s"),
            {"phrase": Phrase(value), "start": start},
        )
    if isinstance(value, PlanPeriod):
        first, end = period(value, start)
        numbered = PlanPeriod(value.unit, value.n or 1, value.month, value.part)  # "month" alone is month 1
        name = Message(_PART[value.part], {"period": PeriodName(numbered)})
        return Message(
            N_("%(name)s of the plan, from %(first)s to %(last)s (the plan starts %(start)s)"),
            {"name": name, "first": first, "last": end - timedelta(days=1), "start": start},
        )
    if isinstance(value, CalendarPeriod | RelativePeriod):
        first, end = period(value, start)
        named = _named_period(value, first, start)
        name = Message(_PART[value.part], {"period": PeriodName(named)})
        return Message(
            N_("%(name)s (calendar), from %(first)s to %(last)s"),
            {"name": name, "first": first, "last": end - timedelta(days=1)},
        )
    if isinstance(value, DayMonth):
        return Message(
            N_("%(phrase)s, the first one on or after the plan's start, %(start)s"),
            {"phrase": Phrase(value), "start": start},
        )
    if isinstance(value, WeekdayDue):
        return Message(
            N_("%(phrase)s, counted from the plan's start, %(start)s"),
            {"phrase": Phrase(value), "start": start},
        )
    if isinstance(value, HolidayDue):
        first, last = holiday_run(value, start, cal)
        return Message(
            N_("%(phrase)s: %(holiday)s is %(first)s to %(last)s"),
            {"phrase": Phrase(value), "holiday": display_name(value.name), "first": first, "last": last},
        )
    return Message(N_("%(phrase)s"), {"phrase": Phrase(value)})
