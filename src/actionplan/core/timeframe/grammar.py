"""The few regular patterns over symbol strings, and the builders that turn a match into a value."""

from __future__ import annotations

import re
from datetime import date, time

from actionplan.core.timeframe.values import (
    AbsoluteDate,
    Offset,
    OffsetUnit,
    PeriodEnd,
    Recurrence,
    ResponseTarget,
    TargetKind,
    TimeFrame,
)

_UNIT_NUM = r"(?:(?P<{u}>WEEK|MONTH|QUARTER) [#@](?P<{n}>\d+)|@(?P<{n2}>\d+) (?P<{u2}>WEEK|MONTH|QUARTER))"
_MONTH_NUM = r"(?:MONTH [#@](?P<m>\d+)|@(?P<m2>\d+) MONTH)"
_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "date": r"^(?:DAY )?d:(?P<day>\S+)(?: t:(?P<at>\S+))?$",
        "offset": r"^(?:PLUS )?#(?P<n>\d+) (?P<unit>DAY|WEEK|MONTH|BDAY|BIZ DAY)(?: AFTER START)?$",
        "period": rf"^END (?:OF )?{_UNIT_NUM.format(u='u', n='n', n2='n2', u2='u2')}(?: OF {_MONTH_NUM})?$",
        "period_each": r"^END (?:OF )?(?:EVERY )?(?P<u>WEEK|MONTH|QUARTER)$",
        "regularly": r"^REGULARLY$",
        "every": r"^EVERY (?:(?P<other>OTHER) |[#@](?P<n>\d+) )?(?P<u>DAY|WEEK|MONTH|QUARTER)$",
        "within": r"^WITHIN #(?P<n>\d+) (?P<u>HOUR|BHOUR|BIZ HOUR|CHOUR|CLOCK HOUR|DAY|BDAY|BIZ DAY)$",
        "same": r"^SAME (?:DAY|BDAY|BIZ DAY)$",
        "next": r"^NEXT (?:DAY|BDAY|BIZ DAY)$",
    }.items()
}
_OFFSET_UNITS: dict[str, OffsetUnit] = {
    "DAY": "days",
    "WEEK": "weeks",
    "MONTH": "months",
    "BDAY": "business_days",
    "BIZ DAY": "business_days",
}
_TARGET_UNITS: dict[str, TargetKind] = {
    "HOUR": "business_hours",
    "BHOUR": "business_hours",
    "BIZ HOUR": "business_hours",
    "CHOUR": "clock_hours",
    "CLOCK HOUR": "clock_hours",
    "DAY": "business_days",
    "BDAY": "business_days",
    "BIZ DAY": "business_days",
}


def _build(symbols: str) -> TimeFrame | None:
    for name, pattern in _PATTERNS.items():
        match = pattern.match(symbols)
        if match:
            return _BUILDERS[name](match)
    return None


def _build_date(m: re.Match[str]) -> TimeFrame:
    at = time.fromisoformat(m["at"]) if m["at"] else None
    return AbsoluteDate(date.fromisoformat(m["day"]), at)


def _build_period(m: re.Match[str]) -> TimeFrame:
    unit = m["u"] or m["u2"]
    month = m["m"] or m["m2"]
    return PeriodEnd(unit.lower(), int(m["n"] or m["n2"]), int(month) if month else None)


def _build_every(m: re.Match[str]) -> TimeFrame:
    every = 2 if m["other"] else int(m["n"] or 1)
    return Recurrence(m["u"].lower(), every)  # type: ignore[arg-type]


_BUILDERS = {
    "date": _build_date,
    "offset": lambda m: Offset(int(m["n"]), _OFFSET_UNITS[m["unit"]]),
    "period": _build_period,
    "period_each": lambda m: PeriodEnd(m["u"].lower(), None),
    "regularly": lambda m: Recurrence("week", 1),
    "every": _build_every,
    "within": lambda m: ResponseTarget(_TARGET_UNITS[m["u"]], int(m["n"])),
    "same": lambda m: ResponseTarget("same_business_day"),
    "next": lambda m: ResponseTarget("next_business_day"),
}
