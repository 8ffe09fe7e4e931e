"""The time-frame language: parse English or Vietnamese phrases into small values, resolve them.

Parsing goes text -> normalised tokens -> a language-neutral string of symbols (``END OF WEEK #2``)
-> one of a few regular patterns -> a frozen value. Each language only supplies a vocabulary that
maps its words (and multi-word expressions) to symbols, so both languages share one grammar and
the same value always comes out of the English and the Vietnamese form of a phrase.

Resolution is relative to the plan start, on a ``WorkCalendar``: plan week N is
[start + 7(N-1), start + 7N), plan month N is [start + (N-1) months, start + N months) with month
ends clipped, a quarter is three plan months, and "end of" a period is the close of business of
its last working day.
"""

from __future__ import annotations

import calendar as _calendar
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal

from actionplan.core.messages import N_, Message
from actionplan.core.workcal import CalendarError, WorkCalendar

OffsetUnit = Literal["days", "weeks", "months", "business_days"]
PeriodUnit = Literal["week", "month", "quarter"]
RecurrenceUnit = Literal["day", "week", "month", "quarter"]
TargetKind = Literal[
    "business_hours", "clock_hours", "business_days", "same_business_day", "next_business_day"
]
Lang = Literal["en", "vi"]

MAX_OCCURRENCES = 1000
# Larger amounts are typos, and bounding them keeps every resolution inside the date range.
MAX_AMOUNT = 10000
_MAX_DIGITS = 6


class TimeFrameError(ValueError):
    """A phrase that cannot be parsed, or a value that cannot be resolved."""

    def __init__(
        self, message: Message, unknown_words: Sequence[str] = (), suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(message.render())
        self.message = message
        self.unknown_words = tuple(unknown_words)
        self.suggestions = tuple(suggestions)


def _fail(msgid: str, **params: object) -> TimeFrameError:
    if "%(suggestions)s" in msgid:
        params.setdefault("suggestions", "")
    return TimeFrameError(Message(msgid, params))


def _check_amount(amount: int, lowest: int) -> None:
    if not lowest <= amount <= MAX_AMOUNT:
        raise _fail(
            N_("The number %(number)s is out of range (%(lowest)s to %(highest)s)."),
            number=amount,
            lowest=lowest,
            highest=MAX_AMOUNT,
        )


# --- values -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AbsoluteDate:
    day: date
    at: time | None = None

    def __post_init__(self) -> None:
        if self.at is not None and (self.at.tzinfo is not None or self.at.microsecond):
            raise _fail(N_("A time of day in a time frame has no time zone and no fractions of a second."))


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: OffsetUnit

    def __post_init__(self) -> None:
        if self.unit not in ("days", "weeks", "months", "business_days"):
            raise _fail(N_("Unknown offset unit %(unit)s."), unit=self.unit)
        _check_amount(self.amount, 0)


@dataclass(frozen=True)
class PeriodEnd:
    unit: PeriodUnit
    n: int | None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.unit not in ("week", "month", "quarter"):
            raise _fail(N_("Unknown period %(unit)s."), unit=self.unit)
        if self.n is not None:
            _check_amount(self.n, 1)
        if self.month is not None:
            if self.unit != "week" or self.n is None:
                raise _fail(N_("Only a numbered week can be counted inside a month."))
            _check_amount(self.month, 1)


@dataclass(frozen=True)
class Recurrence:
    unit: RecurrenceUnit
    every: int = 1

    def __post_init__(self) -> None:
        if self.unit not in ("day", "week", "month", "quarter"):
            raise _fail(N_("Unknown recurrence unit %(unit)s."), unit=self.unit)
        _check_amount(self.every, 1)


@dataclass(frozen=True)
class ResponseTarget:
    kind: TargetKind
    amount: int = 0

    def __post_init__(self) -> None:
        if self.kind in ("same_business_day", "next_business_day"):
            if self.amount != 0:
                raise _fail(N_("“Same day” and “next day” targets take no number."))
        elif self.kind in ("business_hours", "clock_hours", "business_days"):
            _check_amount(self.amount, 1)
        else:
            raise _fail(N_("Unknown response target %(kind)s."), kind=self.kind)


Due = AbsoluteDate | Offset | PeriodEnd
TimeFrame = AbsoluteDate | Offset | PeriodEnd | Recurrence | ResponseTarget


@dataclass(frozen=True)
class Resolution:
    due: datetime
    warnings: tuple[Message, ...] = ()


# --- lexing -----------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9])
    |(?P<dmy>[0-9]{1,2}([/.-])[0-9]{1,2}\3[0-9]{4})(?![0-9])
    |(?P<time>[0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2})?|h(?:[0-9]{2})?))(?!\w)
    |(?P<ord>[0-9]+(?:st|nd|rd|th))(?!\w)
    |(?P<num>[0-9]+)
    |(?P<word>[^\W\d_]+)
    |(?P<plus>\+)
    |(?P<punct>[,.;!?()"'“”])
    |(?P<other>\S)
    """,
    re.VERBOSE,
)

_EN_NUMBERS = {
    w: i + 1
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_EN_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ]
    )
}
_EN_WORDS: dict[str, str] = {
    "end": "END",
    "of": "OF",
    "week": "WEEK",
    "weeks": "WEEK",
    "month": "MONTH",
    "months": "MONTH",
    "quarter": "QUARTER",
    "quarters": "QUARTER",
    "day": "DAY",
    "days": "DAY",
    "hour": "HOUR",
    "hours": "HOUR",
    "hr": "HOUR",
    "hrs": "HOUR",
    "business": "BIZ",
    "working": "BIZ",
    "work": "BIZ",
    "clock": "CLOCK",
    "every": "EVERY",
    "each": "EVERY",
    "other": "OTHER",
    "daily": "EVERY DAY",
    "weekly": "EVERY WEEK",
    "monthly": "EVERY MONTH",
    "quarterly": "EVERY QUARTER",
    "regularly": "REGULARLY",
    "fortnightly": "EVERY #2 WEEK",
    "yearly": "EVERY #12 MONTH",
    "annually": "EVERY #12 MONTH",
    "within": "WITHIN",
    "same": "SAME",
    "next": "NEXT",
    "after": "AFTER",
    "from": "AFTER",
    "start": "START",
    "the": "",
    "by": "",
    "at": "",
    "on": "",
    "plan": "",
}

_VI_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
# Words that are numbers only right after "thứ" (ordinals): thứ tư = 4th, thứ nhất = 1st.
_VI_ORDINAL_ONLY = {"tư": 4, "nhất": 1}
_VI_WORDS: dict[str, str] = {
    "cuối": "END",
    "của": "OF",
    "tuần": "WEEK",
    "tháng": "MONTH",
    "quý": "QUARTER",
    "ngày": "DAY",
    "giờ": "HOUR",
    "tiếng": "HOUR",
    "mỗi": "EVERY",
    "hàng": "EVERY",
    "hằng": "EVERY",
    "trong": "WITHIN",
    "vào": "",
    "trước": "",
    "lúc": "",
    "hạn": "",
}
# Multi-word expressions, matched longest first before single words.
_VI_PHRASES: dict[tuple[str, ...], str] = {
    tuple(k.split()): v
    for k, v in {
        "ngày làm việc tiếp theo": "NEXT BDAY",
        "ngày hôm sau": "NEXT DAY",
        "hôm sau": "NEXT DAY",
        "ngày tiếp theo": "NEXT DAY",
        "ngày kế tiếp": "NEXT DAY",
        "ngày làm việc": "BDAY",
        "giờ làm việc": "BHOUR",
        "giờ đồng hồ": "CHOUR",
        "trong vòng": "WITHIN",
        "trong cùng một ngày làm việc": "SAME BDAY",
        "trong cùng ngày làm việc": "SAME BDAY",
        "trong ngày làm việc": "SAME BDAY",
        "cùng ngày làm việc": "SAME BDAY",
        "trong cùng một ngày": "SAME DAY",
        "trong cùng ngày": "SAME DAY",
        "trong ngày": "SAME DAY",
        "cùng một ngày": "SAME DAY",
        "cùng ngày": "SAME DAY",
        "một cách thường xuyên": "REGULARLY",
        "thường xuyên": "REGULARLY",
        "đầu tiên": "@1",
        "mười một": "#11",
        "mười hai": "#12",
        "hàng năm": "EVERY #12 MONTH",
        "hằng năm": "EVERY #12 MONTH",
        "mỗi năm": "EVERY #12 MONTH",
        "sau khi bắt đầu": "AFTER START",
        "kể từ khi bắt đầu": "AFTER START",
    }.items()
}
_VI_MAX_PHRASE = max(len(k) for k in _VI_PHRASES)
_VI_VOCABULARY = (
    set(_VI_WORDS) | set(_VI_NUMBERS) | set(_VI_ORDINAL_ONLY) | {w for k in _VI_PHRASES for w in k} | {"thứ"}
)
_EN_VOCABULARY = set(_EN_WORDS) | set(_EN_NUMBERS) | set(_EN_ORDINALS)


_ISO_T_RE = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    return _ISO_T_RE.sub(r"\1 ", " ".join(text.split()))


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[_Token, ...]:
    # Cached because language detection and parsing both tokenize the same normalised text.
    return tuple(_Token(m.lastgroup or "other", m.group(0)) for m in _TOKEN_RE.finditer(text))


def _number(text: str) -> int:
    digits = text.rstrip("stndrh")
    if len(digits) > _MAX_DIGITS:
        raise _fail(N_("The number %(number)s is too large."), number=text)
    return int(digits)


def _date_symbol(token: _Token) -> str:
    if token.kind == "iso":
        year, month, day = (int(p) for p in token.text.split("-"))
    else:
        day, month, year = (int(p) for p in re.split(r"[/.-]", token.text))
    try:
        return f"d:{date(year, month, day).isoformat()}"
    except ValueError:
        raise _fail(N_("%(date)s is not a date in the calendar."), date=token.text) from None


def _time_symbol(text: str) -> str:
    parts = [int(p) for p in re.split(r"[:h]", text) if p]
    hour, minute, second = (parts + [0, 0])[:3]
    if hour > 23 or minute > 59 or second > 59:
        raise _fail(N_("%(time)s is not a time of day."), time=text)
    return f"t:{time(hour, minute, second).isoformat()}"


def _symbols(tokens: Sequence[_Token], lang: Lang) -> tuple[list[str], list[str]]:
    """Language-neutral symbols for ``tokens``, plus the words the language does not know."""
    out: list[str] = []
    unknown: list[str] = []
    words = [t.text if t.kind == "word" else None for t in tokens]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind in ("iso", "dmy"):
            out.append(_date_symbol(token))
        elif token.kind == "time":
            out.append(_time_symbol(token.text))
        elif token.kind == "num":
            out.append(f"#{_number(token.text)}")
        elif token.kind == "ord":
            out.append(f"@{_number(token.text)}")
        elif token.kind == "plus":
            out.append("PLUS")
        elif token.kind == "punct":
            pass
        elif token.kind == "word" and lang == "en":
            if token.text in _EN_WORDS:
                out.append(_EN_WORDS[token.text])
            elif token.text in _EN_NUMBERS:
                out.append(f"#{_EN_NUMBERS[token.text]}")
            elif token.text in _EN_ORDINALS:
                out.append(f"@{_EN_ORDINALS[token.text]}")
            else:
                unknown.append(token.text)
        elif token.kind == "word":
            i = _vi_word(words, tokens, i, out, unknown)
            continue
        else:
            unknown.append(token.text)
        i += 1
    return [s for symbol in out for s in symbol.split()], unknown


def _vi_word(
    words: list[str | None], tokens: Sequence[_Token], i: int, out: list[str], unknown: list[str]
) -> int:
    """Consume the Vietnamese expression at ``i``; return the index after it."""
    for size in range(min(_VI_MAX_PHRASE, len(words) - i), 1, -1):
        symbol = _VI_PHRASES.get(tuple(words[i : i + size]))  # type: ignore[arg-type]
        if symbol is not None:
            out.append(symbol)
            return i + size
    word = words[i]
    assert word is not None
    if word == "thứ":
        # "thứ hai" here is the ordinal "second", never Monday: weekdays are not time frames.
        follower = tokens[i + 1] if i + 1 < len(tokens) else None
        if follower is not None and follower.kind == "num":
            out.append(f"@{_number(follower.text)}")
            return i + 2
        if follower is not None and follower.kind == "word":
            size, value = _vi_number_at(words, i + 1, ordinal=True)
            if size:
                out.append(f"@{value}")
                return i + 1 + size
        unknown.append(word)
        return i + 1
    size, value = _vi_number_at(words, i, ordinal=False)
    if size:
        out.append(f"#{value}")
        return i + size
    if word in _VI_WORDS:
        out.append(_VI_WORDS[word])
    else:
        unknown.append(word)
    return i + 1


def _vi_number_at(words: list[str | None], i: int, *, ordinal: bool) -> tuple[int, int]:
    """(words used, value) of the Vietnamese number word(s) at ``i``, (0, 0) if none."""
    word = words[i]
    if word == "mười" and i + 1 < len(words) and words[i + 1] in ("một", "hai"):
        return 2, 10 + _VI_NUMBERS[words[i + 1]]  # type: ignore[index]
    if word in _VI_NUMBERS:
        return 1, _VI_NUMBERS[word]
    if ordinal and word in _VI_ORDINAL_ONLY:
        return 1, _VI_ORDINAL_ONLY[word]
    return 0, 0


# --- grammar ----------------------------------------------------------------------------------

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


# --- parse ------------------------------------------------------------------------------------

Kind = Literal["due", "repeat", "target"]
_KINDS: tuple[Kind, ...] = ("due", "repeat", "target")
_EXAMPLES: dict[str, dict[Kind, tuple[str, ...]]] = {
    "en": {
        "due": (
            "2027-03-15",
            "2027-03-15 14:00",
            "15/03/2027",
            "+10 days",
            "+2 weeks",
            "+3 months",
            "+5 business days",
            "end of week 2",
            "end of month 1",
            "end of week 2 of month 1",
            "end of the second week of the first month",
            "end of the first month",
            "end of quarter 1",
            "end of month",
        ),
        "repeat": (
            "daily",
            "weekly",
            "monthly",
            "quarterly",
            "every 2 weeks",
            "every 3 days",
            "every 2 months",
            "regularly",
        ),
        "target": (
            "within 4 business hours",
            "within 4 hours",
            "within 4 clock hours",
            "within 2 business days",
            "same business day",
            "same day",
            "next business day",
            "next day",
        ),
    },
    "vi": {
        "due": (
            "15/03/2027",
            "15/03/2027 14:00",
            "+10 ngày",
            "+2 tuần",
            "+3 tháng",
            "+5 ngày làm việc",
            "cuối tuần 2",
            "cuối tháng 1",
            "cuối tuần 2 của tháng 1",
            "cuối tuần thứ hai của tháng đầu tiên",
            "cuối tháng đầu tiên",
            "cuối tháng thứ sáu",
            "cuối quý 1",
            "cuối tháng",
        ),
        "repeat": (
            "hàng ngày",
            "hàng tuần",
            "hàng tháng",
            "hàng quý",
            "mỗi 2 tuần",
            "mỗi 3 ngày",
            "mỗi 2 tháng",
            "thường xuyên",
        ),
        "target": (
            "trong vòng 4 giờ làm việc",
            "trong vòng 4 giờ",
            "trong vòng 4 giờ đồng hồ",
            "trong vòng 2 ngày làm việc",
            "trong ngày",
            "ngày làm việc tiếp theo",
            "ngày hôm sau",
        ),
    },
}


def examples(lang: str = "en", kinds: Iterable[Kind] = _KINDS) -> tuple[str, ...]:
    """Canonical example phrases, for help texts and for suggestions."""
    table = _EXAMPLES["vi" if lang == "vi" else "en"]
    return tuple(phrase for kind in kinds for phrase in table[kind])


def _kind_of(value: TimeFrame) -> Kind:
    if isinstance(value, Recurrence):
        return "repeat"
    if isinstance(value, ResponseTarget):
        return "target"
    return "due"


def detect_language(text: str) -> Lang:
    """``"vi"`` when more words are Vietnamese than English, else ``"en"``."""
    return _detect_normalized(_normalize(text))


def _detect_normalized(text: str) -> Lang:
    words = [t.text for t in _tokenize(text) if t.kind == "word"]
    vi = sum(w in _VI_VOCABULARY for w in words)
    en = sum(w in _EN_VOCABULARY for w in words)
    if vi == en:
        vi += any(not w.isascii() for w in words)
    return "vi" if vi > en else "en"


def _suggest(normalized: str, lang: Lang, kinds: tuple[Kind, ...]) -> tuple[str, ...]:
    return tuple(difflib.get_close_matches(normalized, examples(lang, kinds), n=3, cutoff=0.0))


@lru_cache(maxsize=16384)
def _parse_in(normalized: str, lang: Lang, kinds: tuple[Kind, ...]) -> TimeFrame:
    try:
        symbols, unknown = _symbols(_tokenize(normalized), lang)
        if unknown:
            raise TimeFrameError(
                Message(
                    N_("Not understood: %(words)s in “%(text)s”. Closest accepted forms: %(suggestions)s."),
                    {"words": ", ".join(dict.fromkeys(unknown)), "text": normalized, "suggestions": ""},
                ),
                unknown_words=tuple(dict.fromkeys(unknown)),
            )
        value = _build(" ".join(symbols))
    except TimeFrameError as error:
        raise _with_suggestions(error, normalized, lang, kinds) from None
    if value is None:
        raise _with_suggestions(
            _fail(
                N_("“%(text)s” is not a time frame. Closest accepted forms: %(suggestions)s."),
                text=normalized,
            ),
            normalized,
            lang,
            kinds,
        )
    if _kind_of(value) not in kinds:
        raise _with_suggestions(_wrong_kind(normalized, kinds), normalized, lang, kinds)
    return value


def _wrong_kind(text: str, kinds: tuple[Kind, ...]) -> TimeFrameError:
    if kinds == ("due",):
        return _fail(N_("“%(text)s” is not a due date. Closest accepted forms: %(suggestions)s."), text=text)
    if kinds == ("repeat",):
        return _fail(
            N_("“%(text)s” is not a repetition. Closest accepted forms: %(suggestions)s."), text=text
        )
    return _fail(
        N_("“%(text)s” is not a response target. Closest accepted forms: %(suggestions)s."), text=text
    )


def _with_suggestions(
    error: TimeFrameError, text: str, lang: Lang, kinds: tuple[Kind, ...]
) -> TimeFrameError:
    suggestions = _suggest(text, lang, kinds)
    message = error.message
    if "suggestions" in message.params or "%(suggestions)s" in message.msgid:
        message = Message(message.msgid, {**message.params, "suggestions": "; ".join(suggestions)})
    return TimeFrameError(message, error.unknown_words, suggestions)


@lru_cache(maxsize=16384)
def _parse(text: str, lang: str, kinds: tuple[Kind, ...]) -> TimeFrame:
    if lang not in ("auto", "en", "vi"):
        raise _fail(N_("Unknown language %(lang)s (use en, vi or auto)."), lang=lang)
    normalized = _normalize(text)
    if lang != "auto":
        return _parse_in(normalized, lang, kinds)  # type: ignore[arg-type]
    first: Lang = _detect_normalized(normalized)
    try:
        return _parse_in(normalized, first, kinds)
    except TimeFrameError as error:
        try:
            return _parse_in(normalized, "vi" if first == "en" else "en", kinds)
        except TimeFrameError:
            raise error from None


def parse(text: str, lang: str = "auto") -> TimeFrame:
    """Any time-frame value; raises ``TimeFrameError`` naming the words not understood."""
    return _parse(text, lang, _KINDS)


def parse_due(text: str, lang: str = "auto") -> Due:
    return _parse(text, lang, ("due",))  # type: ignore[return-value]


def parse_repeat(text: str, lang: str = "auto") -> Recurrence:
    return _parse(text, lang, ("repeat",))  # type: ignore[return-value]


def parse_target(text: str, lang: str = "auto") -> ResponseTarget:
    return _parse(text, lang, ("target",))  # type: ignore[return-value]


# --- render -----------------------------------------------------------------------------------

_EN_UNIT = {"days": "day", "weeks": "week", "months": "month", "business_days": "business day"}
_VI_UNIT = {"days": "ngày", "weeks": "tuần", "months": "tháng", "business_days": "ngày làm việc"}
_VI_PERIOD = {"day": "ngày", "week": "tuần", "month": "tháng", "quarter": "quý"}
_EN_ADVERB = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}" if amount == 1 else f"{amount} {noun}s"


def render(value: TimeFrame, lang: str = "en") -> str:
    """The canonical phrase for ``value`` in ``lang``; parsing it gives ``value`` back."""
    vi = lang == "vi"
    if isinstance(value, AbsoluteDate):
        day = f"{value.day:%d/%m}/{value.day.year:04d}" if vi else f"{value.day.year:04d}-{value.day:%m-%d}"
        if value.at is None:
            return day
        return f"{day} {value.at.isoformat('minutes' if not value.at.second else 'seconds')}"
    if isinstance(value, Offset):
        unit = _VI_UNIT[value.unit] if vi else _plural(value.amount, _EN_UNIT[value.unit]).split(" ", 1)[1]
        return f"+{value.amount} {unit}"
    if isinstance(value, PeriodEnd):
        noun = _VI_PERIOD[value.unit] if vi else value.unit
        text = f"cuối {noun}" if vi else f"end of {noun}"
        if value.n is not None:
            text += f" {value.n}"
        if value.month is not None:
            text += f" của tháng {value.month}" if vi else f" of month {value.month}"
        return text
    if isinstance(value, Recurrence):
        if value.every == 1:
            return f"hàng {_VI_PERIOD[value.unit]}" if vi else _EN_ADVERB[value.unit]
        return (
            f"mỗi {value.every} {_VI_PERIOD[value.unit]}"
            if vi
            else f"every {_plural(value.every, value.unit)}"
        )
    if isinstance(value, ResponseTarget):
        return _render_target(value, vi)
    raise TypeError(f"not a time-frame value: {value!r}")


def _render_target(value: ResponseTarget, vi: bool) -> str:
    if value.kind == "same_business_day":
        return "trong ngày" if vi else "same business day"
    if value.kind == "next_business_day":
        return "ngày làm việc tiếp theo" if vi else "next business day"
    if vi:
        unit = {
            "business_hours": "giờ làm việc",
            "clock_hours": "giờ đồng hồ",
            "business_days": "ngày làm việc",
        }
        return f"trong vòng {value.amount} {unit[value.kind]}"
    unit = {"business_hours": "business hour", "clock_hours": "clock hour", "business_days": "business day"}
    return f"within {_plural(value.amount, unit[value.kind])}"


# --- resolve ----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """Calendar months later, the day clipped to the month's end (Jan 31 + 1 month = Feb 28)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, _calendar.monthrange(year, month0 + 1)[1]))


def period(value: PeriodEnd, start: date) -> tuple[date, date]:
    """The plan period [first day, end) that ``value`` ends; n None means the first one."""
    n = value.n or 1
    if value.unit == "quarter":
        return add_months(start, 3 * (n - 1)), add_months(start, 3 * n)
    if value.unit == "month":
        return add_months(start, n - 1), add_months(start, n)
    if value.month is None:
        return start + timedelta(days=7 * (n - 1)), start + timedelta(days=7 * n)
    month_start, month_end = add_months(start, value.month - 1), add_months(start, value.month)
    week_start = month_start + timedelta(days=7 * (n - 1))
    if week_start >= month_end:
        raise _fail(
            N_("Month %(month)s of the plan has %(days)s days, so it has no week %(week)s."),
            month=value.month,
            days=(month_end - month_start).days,
            week=n,
        )
    return week_start, min(week_start + timedelta(days=7), month_end)


def _on_working_day(day: date, cal: WorkCalendar, at: time | None = None) -> Resolution:
    if cal.is_working_day(day):
        moment = cal.close_of_business(day) if at is None else datetime.combine(day, at, tzinfo=cal.tzinfo)
        return Resolution(moment)
    moved = cal.working_day_on_or_before(day)
    warning = Message(
        N_("%(day)s is not a working day; the due date moves to the previous working day, %(moved)s."),
        {"day": day.isoformat(), "moved": moved.isoformat()},
    )
    moment = cal.close_of_business(moved) if at is None else datetime.combine(moved, at, tzinfo=cal.tzinfo)
    return Resolution(moment, (warning,))


def _end_of(first: date, end: date, cal: WorkCalendar) -> Resolution:
    last = cal.working_day_on_or_before(end - timedelta(days=1))
    if last >= first:
        return Resolution(cal.close_of_business(last))
    warning = Message(
        N_(
            "The period %(first)s to %(last)s has no working day; the due date is the last working "
            "day before it, %(moved)s."
        ),
        {
            "first": first.isoformat(),
            "last": (end - timedelta(days=1)).isoformat(),
            "moved": last.isoformat(),
        },
    )
    return Resolution(cal.close_of_business(last), (warning,))


def _offset_day(offset: Offset, start: date, cal: WorkCalendar) -> date:
    if offset.unit == "days":
        return start + timedelta(days=offset.amount)
    if offset.unit == "weeks":
        return start + timedelta(weeks=offset.amount)
    if offset.unit == "months":
        return add_months(start, offset.amount)
    return cal.add_business_days(start, offset.amount)


def _out_of_range() -> TimeFrameError:
    return _fail(N_("The time frame falls outside the supported dates."))


@contextmanager
def _calendar_errors_as_timeframe_errors() -> Iterator[None]:
    """Callers see one error type: calendar errors keep their message, overflows say why."""
    try:
        yield
    except TimeFrameError:
        raise
    except CalendarError as error:
        raise TimeFrameError(error.message) from None
    except (OverflowError, ValueError):
        raise _out_of_range() from None


def resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    """The due moment of a due value (date, offset or period end) for a plan starting on ``start``."""
    with _calendar_errors_as_timeframe_errors():
        return _resolve(value, start, cal)


@lru_cache(maxsize=65536)
def _resolve(value: TimeFrame, start: date, cal: WorkCalendar) -> Resolution:
    if isinstance(value, AbsoluteDate):
        return _on_working_day(value.day, cal, value.at)
    if isinstance(value, Offset):
        return _on_working_day(_offset_day(value, start, cal), cal)
    if isinstance(value, PeriodEnd):
        return _end_of(*period(value, start), cal)
    raise _fail(N_("“%(text)s” is not a due date."), text=render(value))


_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3}


def _recurrence_period(repeat: Recurrence, start: date, k: int) -> tuple[date, date]:
    """Period k (0-based) of a recurrence, counted from the plan start."""
    step = repeat.every
    if repeat.unit == "day":
        return start + timedelta(days=step * k), start + timedelta(days=step * (k + 1))
    if repeat.unit == "week":
        return start + timedelta(weeks=step * k), start + timedelta(weeks=step * (k + 1))
    months = 3 * step if repeat.unit == "quarter" else step
    return add_months(start, months * k), add_months(start, months * (k + 1))


def _due_in(due: Due | None, first: date, end: date, repeat: Recurrence, cal: WorkCalendar) -> Resolution:
    """Due of the occurrence whose period is [first, end): ``due`` counted from the period's start."""
    if due is None or (isinstance(due, PeriodEnd) and due.n is None and due.unit == repeat.unit):
        return _end_of(first, end, cal)
    if isinstance(due, PeriodEnd):
        if _RANK[due.unit] > _RANK[repeat.unit]:
            raise _fail(
                N_("“%(due)s” is longer than the period of “%(repeat)s”."),
                due=render(due),
                repeat=render(repeat),
            )
        sub_first, sub_end = period(due, first)
        if sub_first >= end:
            raise _outside_period(due, repeat)
        return _end_of(sub_first, min(sub_end, end), cal)
    if isinstance(due, Offset):
        day = _offset_day(due, first, cal)
        if day >= end:
            raise _outside_period(due, repeat)
        return _on_working_day(day, cal)
    raise _fail(
        N_("A repeated step needs a due inside each period, not a fixed date like %(due)s."), due=render(due)
    )


def _outside_period(due: Due, repeat: Recurrence) -> TimeFrameError:
    return _fail(
        N_("“%(due)s” falls outside each period of “%(repeat)s”."), due=render(due), repeat=render(repeat)
    )


def _bound(bound: object, start: date, cal: WorkCalendar) -> datetime | None:
    if bound is None:
        return None
    if isinstance(bound, str):
        bound = parse_due(bound)
    if isinstance(bound, datetime):
        return cal.localize(bound)
    if isinstance(bound, date):
        return datetime.combine(bound, time.max, tzinfo=cal.tzinfo)
    if isinstance(bound, AbsoluteDate | Offset | PeriodEnd):
        return resolve(bound, start, cal).due
    raise TypeError(f"not a bound: {bound!r}")


def occurrences(
    repeat: Recurrence,
    start: date,
    cal: WorkCalendar,
    *,
    due: Due | None = None,
    times: int | None = None,
    until: Due | datetime | date | str | None = None,
    horizon: datetime | date | None = None,
) -> list[Resolution]:
    """Due moments of occurrences 1, 2, ... of ``repeat``: occurrence k is due inside period k.

    Bounded by ``times`` and/or ``until``; only when neither is given, by ``horizon``. Occurrences
    due after the bound are dropped. A daily repeat skips days off instead of moving onto the
    previous working day, so each working day gets one occurrence.
    """
    if not isinstance(repeat, Recurrence):
        raise _fail(N_("“%(text)s” is not a repetition."), text=render(repeat))
    if times is not None and not 0 <= times <= MAX_OCCURRENCES:
        raise _fail(N_("times must be between 0 and %(cap)s."), cap=MAX_OCCURRENCES)
    with _calendar_errors_as_timeframe_errors():
        limit = _bound(until, start, cal)
        if times is None and until is None:
            limit = _bound(horizon, start, cal)
            if limit is None:
                raise _fail(N_("A repeated step needs times, until or the strategy's horizon to end."))
        return _occurrences(repeat, start, cal, due, times, limit)


def _occurrences(
    repeat: Recurrence,
    start: date,
    cal: WorkCalendar,
    due: Due | None,
    times: int | None,
    limit: datetime | None,
) -> list[Resolution]:
    wanted = MAX_OCCURRENCES if times is None else times
    results: list[Resolution] = []
    k = 0
    while len(results) < wanted and k < MAX_OCCURRENCES * 20:
        first, end = _recurrence_period(repeat, start, k)
        k += 1
        if limit is not None and datetime.combine(first, time.min, tzinfo=cal.tzinfo) > limit:
            return results
        if repeat.unit == "day" and cal.working_day_on_or_before(end - timedelta(days=1)) < first:
            continue
        resolution = _due_in(due, first, end, repeat, cal)
        if limit is None or resolution.due <= limit:
            results.append(resolution)
    if times is None and len(results) == MAX_OCCURRENCES:
        cap = Message(N_("Only the first %(cap)s occurrences are planned."), {"cap": MAX_OCCURRENCES})
        results[-1] = Resolution(results[-1].due, (*results[-1].warnings, cap))
    return results


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
