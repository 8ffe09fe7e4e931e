"""Text -> normalised tokens -> language-neutral symbols, using one language's vocabulary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache

from actionplan.core.messages import N_
from actionplan.core.timeframe.errors import _MAX_DIGITS, _fail
from actionplan.core.timeframe.named_holidays import can_start_holiday_name
from actionplan.core.timeframe.values import Lang
from actionplan.core.timeframe.vocabulary import (
    _EN_NUMBERS,
    _EN_ORDINALS,
    _EN_WORDS,
    _VI_COUNTED,
    _VI_MAX_PHRASE,
    _VI_MONTH_NAMES,
    _VI_NUMBERS,
    _VI_ORDINAL_ONLY,
    _VI_PHRASES,
    _VI_UNIT_WORDS,
    _VI_WORDS,
)

_TOKEN_RE = re.compile(
    r"""
    (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9])
    |(?P<dmy>[0-9]{1,2}([/.-])[0-9]{1,2}\3[0-9]{4})(?![0-9])
    |(?P<dm>[0-9]{1,2}/[0-9]{1,2})(?![0-9/])
    |(?P<time>[0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2})?|h(?:[0-9]{2})?))(?!\w)
    |(?P<ord>[0-9]+(?:st|nd|rd|th))(?!\w)
    |(?P<quarter>q[1-4])(?!\w)
    |(?P<vday>t[2-7])(?!\w)
    |(?P<num>[0-9]+)
    |(?P<word>[^\W\d_]+)
    |(?P<plus>\+)
    |(?P<punct>[,.;!?()"'“”’])
    |(?P<other>\S)
    """,
    re.VERBOSE,
)


_ISO_T_RE = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?=[0-9])")
# "mid-March", "end-of-month": a hyphen between letters only joins words.
_WORD_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    text = _WORD_HYPHEN_RE.sub(" ", text)
    return _ISO_T_RE.sub(r"\1 ", " ".join(text.split()))


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int = 0


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[_Token, ...]:
    # Cached because language detection and parsing both tokenize the same normalised text.
    return tuple(_Token(m.lastgroup or "other", m.group(0), m.start()) for m in _TOKEN_RE.finditer(text))


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


@dataclass
class _Lexed:
    """The symbols of a phrase, the words its language does not know, and a holiday's name."""

    symbols: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    holiday: str | None = None


def _symbols(tokens: Sequence[_Token], lang: Lang, text: str) -> _Lexed:
    """Language-neutral symbols for ``tokens`` (of the normalised ``text``)."""
    out = _Lexed()
    words = [t.text if t.kind == "word" else None for t in tokens]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _starts_holiday_name(out.symbols, token):
            # "before Christmas", "sau Tết": the rest of the phrase names a holiday, which only
            # the calendar's holiday data can place.
            out.holiday = text[token.start :].strip(" .!?;,")
            out.symbols.append("HOLIDAY")
            break
        if token.kind in ("iso", "dmy"):
            out.symbols.append(_date_symbol(token))
        elif token.kind == "dm":
            day, month = token.text.split("/")
            out.symbols.append(f"dm:{int(day)}-{int(month)}")
        elif token.kind == "time":
            out.symbols.append(_time_symbol(token.text))
        elif token.kind == "num":
            out.symbols.append(f"#{_number(token.text)}")
        elif token.kind == "ord":
            out.symbols.append(f"@{_number(token.text)}")
        elif token.kind == "quarter":
            out.symbols.append(f"CQ:{token.text[1]}")
        elif token.kind == "vday":
            out.symbols.append(f"WD:{int(token.text[1]) - 2}")
        elif token.kind == "plus":
            out.symbols.append("PLUS")
        elif token.kind == "punct":
            pass
        elif token.kind == "word" and lang == "en":
            _en_word(token.text, out)
        elif token.kind == "word":
            i = _vi_word(words, tokens, i, out)
            continue
        else:
            out.unknown.append(token.text)
        i += 1
    out.symbols = [s for symbol in out.symbols for s in symbol.split()]
    return out


def _starts_holiday_name(symbols: list[str], token: _Token) -> bool:
    if not symbols or symbols[-1] not in ("BEFORE", "AFTER") or token.kind != "word":
        return False
    return can_start_holiday_name(token.text)


def _en_word(word: str, out: _Lexed) -> None:
    if word in _EN_WORDS:
        out.symbols.append(_EN_WORDS[word])
    elif word in _EN_NUMBERS:
        out.symbols.append(f"#{_EN_NUMBERS[word]}")
    elif word in _EN_ORDINALS:
        out.symbols.append(f"@{_EN_ORDINALS[word]}")
    else:
        out.unknown.append(word)


def _vi_word(words: list[str | None], tokens: Sequence[_Token], i: int, out: _Lexed) -> int:
    """Consume the Vietnamese expression at ``i``; return the index after it."""
    size, symbol = _vi_phrase_at(words, i)
    if size:
        out.symbols.append(symbol)
        return i + size
    word = words[i]
    assert word is not None
    if word == "thứ":
        return _vi_thu(words, tokens, i, out)
    if word == "tháng":
        return _vi_named(words, tokens, i, out, "MONTH", "CM", months=True)
    if word == "quý":
        return _vi_named(words, tokens, i, out, "QUARTER", "CQ", months=False)
    if word == "năm":
        follower = words[i + 1] if i + 1 < len(words) else None
        counted = follower in _VI_COUNTED or _vi_phrase_at(words, i + 1)[0]
        # năm tuần = five weeks; năm 2027, cuối năm, năm nay = the year.
        out.symbols.append("#5" if counted else "YEAR")
        return i + 1
    if word == "sau":
        # tuần sau = next week; sau Tết, sau 3 ngày = after.
        # tuần sau = next week, but 2 tuần sau Tết = 2 weeks after Tết.
        last = out.symbols[-1] if out.symbols else ""
        counted = len(out.symbols) > 1 and out.symbols[-2].startswith("#")
        period = last in ("WEEK", "MONTH", "QUARTER", "YEAR") and not counted
        out.symbols.append("NEXT" if period else "AFTER")
        return i + 1
    size, value = _vi_number_at(words, i, ordinal=False)
    if size:
        out.symbols.append(f"#{value}")
        return i + size
    if word in _VI_WORDS:
        out.symbols.append(_VI_WORDS[word])
    else:
        out.unknown.append(word)
    return i + 1


def _vi_phrase_at(words: list[str | None], i: int) -> tuple[int, str]:
    """(words used, symbols) of the longest multi-word expression at ``i``, (0, "") if none."""
    for size in range(min(_VI_MAX_PHRASE, len(words) - i), 1, -1):
        symbol = _VI_PHRASES.get(tuple(words[i : i + size]))  # type: ignore[arg-type]
        if symbol is not None:
            return size, symbol
    return 0, ""


def _vi_thu(words: list[str | None], tokens: Sequence[_Token], i: int, out: _Lexed) -> int:
    """ "thứ" + number: an ordinal after a unit (tuần thứ hai), else a weekday (thứ Hai = Monday)."""
    follower = tokens[i + 1] if i + 1 < len(tokens) else None
    size, value = 0, 0
    if follower is not None and follower.kind == "num":
        size, value = 1, _number(follower.text)
    elif follower is not None and follower.kind == "word":
        size, value = _vi_number_at(words, i + 1, ordinal=True)
    if not size:
        if follower is None or follower.kind != "word":
            out.unknown.append("thứ")
        # else the word after "thứ" is the one not understood ("thứ bx"): it is named on its own.
        return i + 1
    after_unit = i > 0 and words[i - 1] in _VI_UNIT_WORDS
    if after_unit or not 2 <= value <= 7 or words[i + 1] == "nhất":
        out.symbols.append(f"@{value}")
    else:
        out.symbols.append(f"WD:{value - 2}")
    return i + 1 + size


def _vi_named(
    words: list[str | None],
    tokens: Sequence[_Token],
    i: int,
    out: _Lexed,
    unit: str,
    named: str,
    *,
    months: bool,
) -> int:
    """The calendar's month or quarter ("tháng 3", "tháng Ba", "quý 2"), else the plan's unit
    ("tháng", "tháng thứ 3")."""
    follower = tokens[i + 1] if i + 1 < len(tokens) else None
    if follower is not None and follower.kind == "num":
        out.symbols.append(f"{named}:{_number(follower.text)}")
        return i + 2
    size, symbol = _vi_phrase_at(words, i + 1)
    if size and symbol.startswith("#"):  # tháng mười một = November
        out.symbols.append(f"{named}:{symbol[1:]}")
        return i + 1 + size
    if follower is not None and follower.kind == "word" and not size:
        word = words[i + 1]
        if word in _VI_MONTH_NAMES and (months or word == "tư"):  # quý tư = the fourth quarter
            out.symbols.append(f"{named}:{_VI_MONTH_NAMES[word]}")  # type: ignore[index]
            return i + 2
        size, value = _vi_number_at(words, i + 1, ordinal=False)
        if size:
            out.symbols.append(f"{named}:{value}")
            return i + 1 + size
    out.symbols.append(unit)
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
