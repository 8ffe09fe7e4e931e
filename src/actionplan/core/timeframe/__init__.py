"""The time-frame language: parse English or Vietnamese phrases into small values, resolve them.

errors      TimeFrameError, the limits on numbers
values      the frozen values (AbsoluteDate, Offset, PeriodEnd, Recurrence, ResponseTarget)
vocabulary  English and Vietnamese words -> language-neutral symbols
lexer       text -> normalised tokens -> symbols
grammar     symbol patterns -> values
parser      parse, parse_due, parse_repeat, parse_target, detect_language, examples
accents     Vietnamese typed without marks, read again with them (the parser's last try)
renderer    value -> canonical phrase
resolver    due values and recurrences -> due moments on a working calendar
respond     response targets -> when a contact must be answered
"""

from actionplan.core.timeframe.errors import MAX_OCCURRENCES, TimeFrameError
from actionplan.core.timeframe.parser import (
    detect_language,
    examples,
    parse,
    parse_due,
    parse_repeat,
    parse_target,
)
from actionplan.core.timeframe.renderer import render
from actionplan.core.timeframe.resolver import add_months, occurrences, period, resolve
from actionplan.core.timeframe.respond import respond_by
from actionplan.core.timeframe.values import (
    AbsoluteDate,
    Offset,
    PeriodEnd,
    Recurrence,
    Resolution,
    ResponseTarget,
    TimeFrame,
)

__all__ = [
    "MAX_OCCURRENCES",
    "AbsoluteDate",
    "Offset",
    "PeriodEnd",
    "Recurrence",
    "Resolution",
    "ResponseTarget",
    "TimeFrame",
    "TimeFrameError",
    "add_months",
    "detect_language",
    "examples",
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
