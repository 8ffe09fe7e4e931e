"""Parse English or Vietnamese phrases into time-frame values, with suggestions when that fails.

Parsing goes text -> normalised tokens -> a language-neutral string of symbols (``END OF WEEK #2``)
-> one of a few regular patterns -> a frozen value. Each language only supplies a vocabulary that
maps its words (and multi-word expressions) to symbols, so both languages share one grammar and
the same value always comes out of the English and the Vietnamese form of a phrase.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.accents import looks_vietnamese, restore_marks
from actionplan.core.timeframe.errors import TimeFrameError, _fail
from actionplan.core.timeframe.grammar import _build_all
from actionplan.core.timeframe.lexer import _normalize, _symbols, _tokenize
from actionplan.core.timeframe.values import Due, Lang, Recurrence, ResponseTarget, TimeFrame
from actionplan.core.timeframe.vocabulary import _EN_VOCABULARY, _VI_VOCABULARY

Kind = Literal["due", "repeat", "target"]
_KINDS: tuple[Kind, ...] = ("due", "repeat", "target")
_EXAMPLES: dict[str, dict[Kind, tuple[str, ...]]] = {
    "en": {
        "due": (
            "2027-03-15",
            "2027-03-15 14:00",
            "15/03/2027",
            "30/4",
            "+10 days",
            "+2 weeks",
            "+3 months",
            "+5 business days",
            "in 3 business days",
            "within 2 weeks",
            "end of week 2",
            "end of month 1",
            "end of week 2 of month 1",
            "end of the second week of the first month",
            "end of the first month",
            "start of month 2",
            "middle of month 3",
            "end of quarter 1",
            "end of year 1",
            "end of month",
            "end of March",
            "mid-March",
            "start of April",
            "end of Q2",
            "end of 2027",
            "end of the year",
            "end of this month",
            "end of next month",
            "next week",
            "by Friday",
            "Friday of week 3",
            "Friday next week",
            "before Tết",
            "after Tết",
            "2 weeks before Tết",
        ),
        "repeat": (
            "daily",
            "weekly",
            "monthly",
            "quarterly",
            "yearly",
            "every 2 weeks",
            "biweekly",
            "every 3 days",
            "every 2 months",
            "every Monday",
            "every Monday and Thursday",
            "every other Friday",
            "on the 15th of each month",
            "last day of each month",
            "first Monday of each month",
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
            "30/4",
            "+10 ngày",
            "+2 tuần",
            "+3 tháng",
            "+5 ngày làm việc",
            "sau 3 ngày làm việc",
            "trong vòng 2 tuần",
            "2 tuần nữa",
            "cuối tuần 2",
            "cuối tuần thứ hai của tháng đầu tiên",
            "cuối tháng đầu tiên",
            "cuối tháng thứ 3",
            "cuối tháng thứ sáu",
            "đầu tháng thứ 2",
            "giữa tháng thứ 3",
            "cuối quý thứ hai",
            "cuối năm thứ nhất",
            "cuối tháng",
            "cuối tháng 3",
            "cuối tháng Ba",
            "giữa tháng 3",
            "đầu tháng 4",
            "cuối quý 2",
            "cuối năm",
            "cuối năm 2027",
            "cuối tháng này",
            "cuối tháng sau",
            "tuần sau",
            "trước thứ Sáu",
            "thứ Sáu tuần thứ ba",
            "thứ Sáu tuần sau",
            "trước Tết",
            "sau Tết",
            "2 tuần trước Tết",
        ),
        "repeat": (
            "hàng ngày",
            "hàng tuần",
            "hàng tháng",
            "hàng quý",
            "hàng năm",
            "mỗi 2 tuần",
            "2 tuần một lần",
            "mỗi 3 ngày",
            "mỗi 2 tháng",
            "thứ Hai hàng tuần",
            "mỗi thứ Sáu",
            "thứ 2 và thứ 5 hàng tuần",
            "ngày 15 hàng tháng",
            "ngày cuối cùng của mỗi tháng",
            "thứ Hai đầu tiên của mỗi tháng",
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


# A few of the examples for a form's help: a plan period next to a calendar name, so that the reader
# sees the difference, then the everyday kinds. Each is one of _EXAMPLES.
_HELP: dict[str, dict[Kind, tuple[str, ...]]] = {
    "en": {
        "due": (
            "end of week 2 of month 1",
            "end of month 1",
            "end of March",
            "Friday of week 3",
            "before Tết",
            "30/4",
            "+10 days",
        ),
        "repeat": ("monthly", "every Monday", "on the 15th of each month", "biweekly"),
        "target": ("within 4 business hours", "same business day", "next business day"),
    },
    "vi": {
        "due": (
            "cuối tuần thứ hai của tháng đầu tiên",
            "cuối tháng thứ sáu",
            "cuối tháng 3",
            "thứ Sáu tuần thứ ba",
            "trước Tết",
            "30/4",
            "+10 ngày",
        ),
        "repeat": ("hàng tháng", "thứ Hai hàng tuần", "ngày 15 hàng tháng", "2 tuần một lần"),
        "target": ("trong vòng 4 giờ làm việc", "trong ngày", "ngày làm việc tiếp theo"),
    },
}


def help_examples(lang: str, kind: Kind) -> tuple[str, ...]:
    """A handful of example phrases of one kind, for a form field's help."""
    return _HELP["vi" if lang == "vi" else "en"][kind]


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
    en = sum(w in _EN_VOCABULARY for w in words)
    vi = sum(w in _VI_VOCABULARY or (w not in _EN_VOCABULARY and looks_vietnamese(w)) for w in words)
    if vi == en:
        vi += any(not w.isascii() for w in words)
    return "vi" if vi > en else "en"


# Symbols that say what kind of phrase was typed: suggestions keep to phrases of the same kind
# (a weekday phrase gets weekday forms, not "tuần thứ hai").
_FAMILIES = (
    ("WD:",),
    ("CM:", "CQ:"),
    ("HOLIDAY",),
    ("THIS", "NEXT"),
    ("EVERY", "ONCE", "REGULARLY"),
    ("WITHIN", "SAME"),
)


def _families(symbols: Iterable[str]) -> set[int]:
    return {i for i, family in enumerate(_FAMILIES) for symbol in symbols if symbol.startswith(family)}


@lru_cache(maxsize=64)
def _example_families(lang: Lang, kinds: tuple[Kind, ...]) -> tuple[tuple[str, frozenset[int]], ...]:
    families = []
    for phrase in examples(lang, kinds):
        normalized = _normalize(phrase)
        symbols = _symbols(_tokenize(normalized), lang, normalized).symbols
        families.append((phrase, frozenset(_families(symbols))))
    return tuple(families)


def _suggest(
    normalized: str, lang: Lang, kinds: tuple[Kind, ...], symbols: Iterable[str] = ()
) -> tuple[str, ...]:
    pool = _example_families(lang, kinds)
    typed = _families(symbols)
    alike = [phrase for phrase, families in pool if typed & families]
    candidates = alike or [phrase for phrase, _ in pool]
    return tuple(difflib.get_close_matches(normalized, candidates, n=3, cutoff=0.0))


def _kind_value(values: list[TimeFrame], kinds: tuple[Kind, ...]) -> TimeFrame | None:
    return next((value for value in values if _kind_of(value) in kinds), None)


@lru_cache(maxsize=16384)
def _parse_in(normalized: str, lang: Lang, kinds: tuple[Kind, ...]) -> TimeFrame:
    symbols: list[str] = []
    try:
        lexed = _symbols(_tokenize(normalized), lang, normalized)
        symbols = lexed.symbols
        if lexed.unknown:
            raise TimeFrameError(
                Message(
                    N_("Not understood: %(words)s in “%(text)s”. Closest accepted forms: %(suggestions)s."),
                    {"words": ", ".join(dict.fromkeys(lexed.unknown)), "text": normalized, "suggestions": ""},
                ),
                unknown_words=tuple(dict.fromkeys(lexed.unknown)),
            )
        values = _build_all(symbols, lexed.holiday)
    except TimeFrameError as error:
        raise _with_suggestions(error, normalized, lang, kinds, symbols) from None
    if not values:
        raise _with_suggestions(
            _fail(
                N_("“%(text)s” is not a time frame. Closest accepted forms: %(suggestions)s."),
                text=normalized,
            ),
            normalized,
            lang,
            kinds,
            symbols,
        )
    value = _kind_value(values, kinds)
    if value is None:
        raise _with_suggestions(_wrong_kind(normalized, kinds), normalized, lang, kinds, symbols)
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
    error: TimeFrameError, text: str, lang: Lang, kinds: tuple[Kind, ...], symbols: Iterable[str] = ()
) -> TimeFrameError:
    suggestions = _suggest(text, lang, kinds, symbols)
    message = error.message
    if "suggestions" in message.params or "%(suggestions)s" in message.msgid:
        message = Message(message.msgid, {**message.params, "suggestions": "; ".join(suggestions)})
    return TimeFrameError(message, error.unknown_words, suggestions)


def _as_typed(error: TimeFrameError, text: str) -> TimeFrameError:
    """The error quoting the phrase as the user typed it (case and marks kept), not as read."""
    if "text" not in error.message.params:
        return error
    typed = " ".join(unicodedata.normalize("NFC", text).split())
    message = Message(error.message.msgid, {**error.message.params, "text": typed})
    return TimeFrameError(message, error.unknown_words, error.suggestions)


@lru_cache(maxsize=16384)
def _parse(text: str, lang: str, kinds: tuple[Kind, ...]) -> TimeFrame:
    try:
        return _parse_normalized(text, lang, kinds)
    except TimeFrameError as error:
        raise _as_typed(error, text) from None


def _parse_normalized(text: str, lang: str, kinds: tuple[Kind, ...]) -> TimeFrame:
    if lang not in ("auto", "en", "vi"):
        raise _fail(N_("Unknown language %(lang)s (use en, vi or auto)."), lang=lang)
    normalized = _normalize(text)
    first: Lang = _detect_normalized(normalized) if lang == "auto" else lang  # type: ignore[assignment]
    others: tuple[Lang, ...] = ("vi" if first == "en" else "en",) if lang == "auto" else ()
    try:
        return _parse_in(normalized, first, kinds)
    except TimeFrameError as error:
        for other in others:
            try:
                return _parse_in(normalized, other, kinds)
            except TimeFrameError:
                pass
        restored = restore_marks(normalized) if "vi" in (first, *others) else normalized
        if restored == normalized:
            raise error from None
        try:
            return _parse_in(restored, "vi", kinds)
        except TimeFrameError as marked:
            # Read as Vietnamese, the error on the marked text names only the words really unknown;
            # it quotes the text as typed, never the one with the marks put back.
            raise (marked if first == "vi" else error) from None


def parse(text: str, lang: str = "auto") -> TimeFrame:
    """Any time-frame value; raises ``TimeFrameError`` naming the words not understood."""
    return _parse(text, lang, _KINDS)


def parse_due_phrase(text: str, lang: str = "auto") -> Due:
    """A due phrase read by the grammar (`timeframe.parse_due` reads plain ISO dates first)."""
    return _parse(text, lang, ("due",))  # type: ignore[return-value]


def parse_repeat(text: str, lang: str = "auto") -> Recurrence:
    return _parse(text, lang, ("repeat",))  # type: ignore[return-value]


def parse_target(text: str, lang: str = "auto") -> ResponseTarget:
    return _parse(text, lang, ("target",))  # type: ignore[return-value]
