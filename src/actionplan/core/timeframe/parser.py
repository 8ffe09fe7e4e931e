"""Parse English or Vietnamese phrases into time-frame values, with suggestions when that fails.

Parsing goes text -> normalised tokens -> a language-neutral string of symbols (``END OF WEEK #2``)
-> one of a few regular patterns -> a frozen value. Each language only supplies a vocabulary that
maps its words (and multi-word expressions) to symbols, so both languages share one grammar and
the same value always comes out of the English and the Vietnamese form of a phrase.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from actionplan.core.messages import N_, Message
from actionplan.core.timeframe.accents import looks_vietnamese, restore_marks
from actionplan.core.timeframe.errors import TimeFrameError, _fail
from actionplan.core.timeframe.grammar import _build
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
    en = sum(w in _EN_VOCABULARY for w in words)
    vi = sum(w in _VI_VOCABULARY or (w not in _EN_VOCABULARY and looks_vietnamese(w)) for w in words)
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
            # Read as Vietnamese, the error on the marked text names only the words really unknown.
            raise (marked if first == "vi" else error) from None


def parse(text: str, lang: str = "auto") -> TimeFrame:
    """Any time-frame value; raises ``TimeFrameError`` naming the words not understood."""
    return _parse(text, lang, _KINDS)


def parse_due(text: str, lang: str = "auto") -> Due:
    return _parse(text, lang, ("due",))  # type: ignore[return-value]


def parse_repeat(text: str, lang: str = "auto") -> Recurrence:
    return _parse(text, lang, ("repeat",))  # type: ignore[return-value]


def parse_target(text: str, lang: str = "auto") -> ResponseTarget:
    return _parse(text, lang, ("target",))  # type: ignore[return-value]
