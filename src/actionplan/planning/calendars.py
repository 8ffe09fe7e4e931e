"""The working calendar of an organization, built from its row and cached per calendar state."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from actionplan.core.workcal import (
    DEFAULT_HOURS,
    WEEKDAY_NAMES,
    WorkCalendar,
    format_hours,
    parse_holidays,
    parse_hours,
    parse_work_week,
)
from actionplan.orgs.models import Organization

DEFAULT_HOURS_TEXT = format_hours(DEFAULT_HOURS)


def hours_field(default: str, by_day: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """The `Organization.hours` JSON: {"default": "08:00-12:00, 13:00-17:00", "sat": "08:00-12:00"}."""
    return {"default": default, **dict(by_day)}


def hours_by_day(hours: dict) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Inverse of `hours_field`: (default hours, ((weekday, hours), ...) in Monday-first order)."""
    hours = hours or {}
    default = hours.get("default") or DEFAULT_HOURS_TEXT
    by_day = tuple((day, hours[day]) for day in WEEKDAY_NAMES if day in hours)
    return default, by_day


def calendar_for(org: Organization) -> WorkCalendar:
    """The organization's WorkCalendar (raises ValueError if the stored calendar is invalid)."""
    default, by_day = hours_by_day(org.hours)
    return _calendar(
        org.timezone,
        org.work_week,
        default,
        by_day,
        org.holidays or "",
        tuple(org.closed_days or ()),
        tuple(org.working_days or ()),
    )


@lru_cache(maxsize=64)
def _calendar(
    timezone: str,
    work_week: str,
    default_hours: str,
    by_day: tuple[tuple[str, str], ...],
    holidays: str,
    closed_days: tuple[str, ...],
    working_days: tuple[str, ...],
) -> WorkCalendar:
    week = [parse_hours(default_hours)] * 7
    for day, text in by_day:
        week[WEEKDAY_NAMES.index(day)] = parse_hours(text)
    return WorkCalendar(
        timezone=timezone,
        work_week=parse_work_week(work_week),
        hours=tuple(week),
        holidays=parse_holidays(holidays),
        closed_days=frozenset(date.fromisoformat(d) for d in closed_days),
        extra_working_days=frozenset(date.fromisoformat(d) for d in working_days),
    )
