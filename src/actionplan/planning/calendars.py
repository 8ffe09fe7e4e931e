"""The working calendar of an organization, built from its row and cached per calendar state.

The row keeps the plan file's own notation (work week, hours per weekday, holiday country, ISO
dates), and the calendar is built by the same function the plan resolver uses, so a due date
computed from the database equals the one computed while importing.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from actionplan.core.planfile_model import DEFAULT_HOURS, WEEKDAYS, CalendarSpec, OrganizationSpec
from actionplan.core.planresolve import build_calendar
from actionplan.core.workcal import WorkCalendar
from actionplan.orgs.models import Organization


def hours_field(default: str, by_day: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """The `Organization.hours` JSON: {"default": "08:00-12:00, 13:00-17:00", "sat": "08:00-12:00"}."""
    return {"default": default, **dict(by_day)}


def hours_by_day(hours: dict | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Inverse of `hours_field`: (default hours, ((weekday, hours), ...) in Monday-first order)."""
    hours = hours or {}
    default = hours.get("default") or DEFAULT_HOURS
    return default, tuple((day, hours[day]) for day in WEEKDAYS if day in hours)


def calendar_spec(org: Organization) -> CalendarSpec:
    """The organization's calendar as the plan file writes it."""
    default, by_day = hours_by_day(org.hours)
    return CalendarSpec(
        work_week=org.work_week,
        hours=default,
        hours_by_day=by_day,
        holidays=org.holidays or None,
        closed_days=tuple(date.fromisoformat(d) for d in org.closed_days or ()),
        working_days=tuple(date.fromisoformat(d) for d in org.working_days or ()),
    )


def calendar_for(org: Organization) -> WorkCalendar:
    """The organization's WorkCalendar (ValueError if the stored calendar is inconsistent)."""
    return _calendar(org.key, org.timezone, calendar_spec(org))


@lru_cache(maxsize=64)
def _calendar(key: str, timezone: str, spec: CalendarSpec) -> WorkCalendar:
    return build_calendar(OrganizationSpec(id=key, name=key, timezone=timezone, calendar=spec))
