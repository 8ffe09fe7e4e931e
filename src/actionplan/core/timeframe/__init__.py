"""The time-frame language: parse English or Vietnamese phrases into small values, resolve them.

errors      TimeFrameError, the limits on numbers
values      the frozen values (AbsoluteDate, DayMonth, Offset, PlanPeriod, CalendarPeriod,
            RelativePeriod, WeekdayDue, HolidayDue, Recurrence, ResponseTarget)
vocabulary  English and Vietnamese words -> language-neutral symbols
lexer       text -> normalised tokens -> symbols (Vietnamese words read by their neighbours)
grammar     symbols -> values, every reading, best first
parser      parse, parse_repeat, parse_target, detect_language, examples
due         parse_due (a plain ISO date without the parser, anything else through it)
marks       Vietnamese marks taken off
accents     Vietnamese typed without marks, read again with them (the parser's last try)
named_holidays  public holidays by name, from the calendar's holiday data
renderer    value -> canonical phrase
resolver    due values and recurrences -> due moments on a working calendar
reading     how a phrase was read, for the person who typed it
respond     response targets -> when a contact must be answered
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actionplan.core.timeframe.due import parse_due
    from actionplan.core.timeframe.errors import MAX_OCCURRENCES, TimeFrameError
    from actionplan.core.timeframe.parser import (
        detect_language,
        examples,
        help_examples,
        parse,
        parse_repeat,
        parse_target,
    )
    from actionplan.core.timeframe.reading import explain
    from actionplan.core.timeframe.renderer import render
    from actionplan.core.timeframe.resolver import add_months, occurrences, period, resolve
    from actionplan.core.timeframe.respond import respond_by
    from actionplan.core.timeframe.values import (
        AbsoluteDate,
        CalendarPeriod,
        DayMonth,
        Due,
        HolidayDue,
        Offset,
        PlanPeriod,
        Recurrence,
        RelativePeriod,
        Resolution,
        ResponseTarget,
        TimeFrame,
        WeekdayDue,
    )

# Public name -> the submodule that defines it. The submodules (vocabulary, grammar, lexer...)
# take tens of milliseconds to import, and a command that only reads a plan of plain dates never
# needs them: `import actionplan.core.timeframe` is cheap and each name loads on first use.
_HOME = {
    "MAX_OCCURRENCES": "errors",
    "TimeFrameError": "errors",
    **dict.fromkeys(
        (
            "detect_language",
            "examples",
            "help_examples",
            "parse",
            "parse_repeat",
            "parse_target",
        ),
        "parser",
    ),
    "parse_due": "due",
    "explain": "reading",
    "render": "renderer",
    **dict.fromkeys(("add_months", "occurrences", "period", "resolve"), "resolver"),
    "respond_by": "respond",
    **dict.fromkeys(
        (
            "AbsoluteDate",
            "CalendarPeriod",
            "DayMonth",
            "Due",
            "HolidayDue",
            "Offset",
            "PlanPeriod",
            "Recurrence",
            "RelativePeriod",
            "Resolution",
            "ResponseTarget",
            "TimeFrame",
            "WeekdayDue",
        ),
        "values",
    ),
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


__all__ = [
    "MAX_OCCURRENCES",
    "AbsoluteDate",
    "CalendarPeriod",
    "DayMonth",
    "Due",
    "HolidayDue",
    "Offset",
    "PlanPeriod",
    "Recurrence",
    "RelativePeriod",
    "Resolution",
    "ResponseTarget",
    "TimeFrame",
    "TimeFrameError",
    "WeekdayDue",
    "add_months",
    "detect_language",
    "examples",
    "explain",
    "help_examples",
    "occurrences",
    "parse",
    "parse_due",
    "parse_repeat",
    "parse_target",
    "period",
    "render",
    "resolve",
    "respond_by",
]
