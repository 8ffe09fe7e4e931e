"""The time-frame language: parse English or Vietnamese phrases into small values, resolve them.

errors      TimeFrameError, the limits on numbers
values      the frozen values (AbsoluteDate, DayMonth, Offset, PlanPeriod, CalendarPeriod,
            RelativePeriod, WeekdayDue, HolidayDue, Recurrence, ResponseTarget)
vocabulary  English and Vietnamese words -> language-neutral symbols
lexer       text -> normalised tokens -> symbols (Vietnamese words read by their neighbours)
grammar     symbols -> values, every reading, best first
parser      parse, parse_due, parse_repeat, parse_target, detect_language, examples
marks       Vietnamese marks taken off
accents     Vietnamese typed without marks, read again with them (the parser's last try)
named_holidays  public holidays by name, from the calendar's holiday data
renderer    value -> canonical phrase
resolver    due values and recurrences -> due moments on a working calendar
reading     how a phrase was read, for the person who typed it
respond     response targets -> when a contact must be answered
"""

from actionplan.core.timeframe.errors import MAX_OCCURRENCES, TimeFrameError
from actionplan.core.timeframe.parser import (
    detect_language,
    examples,
    help_examples,
    parse,
    parse_due,
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
