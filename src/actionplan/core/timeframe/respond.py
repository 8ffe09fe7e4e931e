"""When a contact must be answered, given a response target and a working calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from actionplan.core.timeframe.errors import _calendar_errors_as_timeframe_errors
from actionplan.core.timeframe.values import ResponseTarget
from actionplan.core.workcal import WorkCalendar


def respond_by(target: ResponseTarget, arrived: datetime, cal: WorkCalendar) -> datetime:
    """When a contact that arrived at ``arrived`` must be answered (aware, calendar zone)."""
    with _calendar_errors_as_timeframe_errors():
        return _respond_by(target, arrived, cal)


def _respond_by(target: ResponseTarget, arrived: datetime, cal: WorkCalendar) -> datetime:
    local = cal.localize(arrived)
    if target.kind == "business_hours":
        return cal.add_business_hours(local, target.amount)
    if target.kind == "clock_hours":
        return cal.localize(local + timedelta(hours=target.amount))
    if target.kind == "next_business_day":
        return cal.close_of_business(cal.working_day_after(local.date()))
    # A contact that arrives after close, or on a day off, counts from the next working day.
    day = local.date()
    if not cal.is_working_day(day) or local >= cal.close_of_business(day):
        day = cal.working_day_after(day)
    if target.kind == "business_days":
        day = cal.add_business_days(day, target.amount)
    return cal.close_of_business(day)
