"""Text -> normalised tokens -> language-neutral symbols, using one language's vocabulary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from actionplan.core.messages import N_
from actionplan.core.timeframe.errors import _MAX_DIGITS, _fail
from actionplan.core.timeframe.values import Lang
from actionplan.core.timeframe.vocabulary import (
    _EN_NUMBERS,
    _EN_ORDINALS,
    _EN_WORDS,
    _VI_MAX_PHRASE,
    _VI_NUMBERS,
    _VI_ORDINAL_ONLY,
    _VI_PHRASES,
    _VI_WORDS,
)

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
