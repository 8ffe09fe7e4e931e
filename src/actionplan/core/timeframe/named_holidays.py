"""Public holidays by name, from the calendar's holiday data (the ``holidays`` package).

A phrase names a holiday in the user's words ("Tết", "Christmas", "Quốc khánh"); the data names
each holiday day in one or more languages ("Lunar New Year's Eve", "Mùng hai Tết Nguyên Đán").
Both are compared as keys: lower case, marks taken off, punctuation as spaces, so "Tết", "tet" and
"TẾT" are one name, and a key matches a holiday whose name contains its words in order. A few
everyday names are aliases ("Tết" alone is the Lunar New Year, not "Tết Dương lịch").
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from actionplan.core.timeframe.marks import strip_marks
from actionplan.core.timeframe.vocabulary import _EN_VOCABULARY, _VI_VOCABULARY
from actionplan.core.workcal import holiday_names

_PUNCTUATION_RE = re.compile(r"\W+")

# Everyday names -> the words of the data's English name.
_ALIASES = {
    "tet": "lunar new year",
    "tet nguyen dan": "lunar new year",
    "tet am lich": "lunar new year",
    "giang sinh": "christmas",
    "noel": "christmas",
    "tet duong lich": "new years day",
    "nam moi": "new years day",
    "gio to": "hung kings",
    "gio to hung vuong": "hung kings",
    "giai phong mien nam": "liberation day",
    "quoc te lao dong": "labor day",
    "labour day": "labor day",
}
_DISPLAY = {
    "tet": "Tết",
    "tet nguyen dan": "Tết Nguyên Đán",
    "tet duong lich": "Tết Dương lịch",
    "giang sinh": "Giáng sinh",
    "quoc khanh": "Quốc khánh",
    "gio to": "Giỗ Tổ",
    "gio to hung vuong": "Giỗ Tổ Hùng Vương",
}


# A holiday's name starts with a word of its own: "before Christmas", "sau Tết", "trước Giỗ Tổ", but
# "after 3 days", "trước thứ Sáu" are not names. A word typed with marks is compared as typed (giỗ
# is not giờ); one typed without them, with every word's unmarked form (gio could be giờ).
_TIME_FRAME_WORDS = frozenset(_EN_VOCABULARY | _VI_VOCABULARY) - {"tết"}
_UNMARKED_TIME_FRAME_WORDS = frozenset(strip_marks(w) for w in _TIME_FRAME_WORDS) - {"tet"}


def can_start_holiday_name(word: str) -> bool:
    """Whether ``word``, after "before"/"after"/"trước"/"sau", starts the name of a holiday."""
    word = word.lower()
    if not word.isalpha() or word in _TIME_FRAME_WORDS:
        return False
    return word != strip_marks(word) or word not in _UNMARKED_TIME_FRAME_WORDS


def holiday_key(text: str) -> str:
    """The comparable form of a holiday's name: ``"Tết Nguyên Đán"`` -> ``"tet nguyen dan"``."""
    unquoted = strip_marks(text.lower()).replace("'", "").replace("’", "")
    return " ".join(_PUNCTUATION_RE.sub(" ", unquoted).split())


def display_name(key: str) -> str:
    """How a phrase writes the holiday of ``key``: ``"tet"`` -> ``"Tết"``, ``"noel"`` -> ``"Noel"``."""
    return _DISPLAY.get(key) or string.capwords(key)


@lru_cache(maxsize=64)
def _languages(country: str) -> tuple[str | None, ...]:
    import holidays as holidays_lib  # ~0.1 s to import: only when a phrase names a holiday

    try:
        supported = holidays_lib.country_holidays(country).supported_languages
    except (NotImplementedError, KeyError, ValueError):
        return (None,)
    return (None, *(lang for lang in ("en_US", "vi") if lang in supported))


def holiday_name(country: str, day: date, lang: str) -> str | None:
    """The name of the public holiday on ``day`` in ``lang`` ("vi" or "en"), if the data has one."""
    languages = _languages(country)
    wanted = "vi" if lang == "vi" and "vi" in languages else ("en_US" if "en_US" in languages else None)
    return holiday_names(country, day.year, wanted).get(day)


@dataclass(frozen=True)
class HolidayName:
    """A message parameter: the holiday on ``day`` named in the reader's language."""

    country: str
    day: date

    def localize(self, lang: str) -> str:
        return holiday_name(self.country, self.day, lang) or ""


@lru_cache(maxsize=1024)
def _keys(country: str, year: int) -> tuple[tuple[date, str], ...]:
    """(day, " key ") of every holiday name of ``year`` in every language of the data."""
    return tuple(
        (day, f" {holiday_key(name)} ")
        for language in _languages(country)
        for day, name in holiday_names(country, year, language).items()
    )


@lru_cache(maxsize=4096)
def matching_days(key: str, country: str, year: int) -> tuple[date, ...]:
    """The days of ``year`` whose holiday's name, in any language of the data, holds ``key``'s words."""
    words = f" {_ALIASES.get(key, key)} "
    return tuple(sorted({day for day, name in _keys(country, year) if words in name}))


@dataclass(frozen=True)
class KnownHolidays:
    """A message parameter: the distinct holiday names of a country's year, in the reader's language."""

    country: str
    year: int

    def localize(self, lang: str) -> str:
        names = (
            holiday_name(self.country, day, lang)
            for day in sorted(holiday_names(self.country, self.year, None))
        )
        return "; ".join(dict.fromkeys(name for name in names if name))


def runs(days: Iterable[date], is_working_day: Callable[[date], bool]) -> list[tuple[date, date]]:
    """Group sorted holiday days into (first, last) runs: days with only days off between them."""
    grouped: list[tuple[date, date]] = []
    for day in days:
        if grouped:
            first, last = grouped[-1]
            between = (last + timedelta(days=i) for i in range(1, (day - last).days))
            if all(not is_working_day(d) for d in between):
                grouped[-1] = (first, day)
                continue
        grouped.append((day, day))
    return grouped
