"""`parse_due` without the grammar for a plain ISO date, the commonest due of a large plan.

The grammar (vocabulary, lexer, accents) costs more to import than a plan of plain dates costs
to read, so the parser module is imported only for a phrase that needs it.
"""

from __future__ import annotations

import re
from datetime import date

from actionplan.core.timeframe.values import AbsoluteDate, Due, PlanPeriod

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Phrases every plan reads (a strategy's default horizon), as the grammar reads them (a test
# keeps the two equal): a plan of plain dates then never needs the grammar at all.
PRESET: dict[str, Due] = {
    "end of month 12": PlanPeriod(unit="month", n=12, month=None, part="end"),
}


def parse_due(text: str, lang: str = "auto") -> Due:
    """A due phrase -> its value; raises ``TimeFrameError`` naming the words not understood."""
    # The grammar reads an ISO date as exactly this value, at a hundred times the cost (a
    # property test keeps the two equal).
    if _ISO_DAY.fullmatch(text):
        try:
            return AbsoluteDate(date.fromisoformat(text))
        except ValueError:
            pass  # 2027-02-30: the grammar says what is wrong
    preset = PRESET.get(text)
    if preset is not None:
        return preset
    from actionplan.core.timeframe.parser import parse_due_phrase

    return parse_due_phrase(text, lang)
