"""Vietnamese typed without its marks ("cuoi thang 1"): put them back from the vocabulary.

Many people type Vietnamese without diacritics (an English keyboard, a phone, old habits). The
time-frame vocabulary is small, so each unmarked word or expression has one marked reading, with
a few exceptions settled by context: a multi-word expression is matched first ("hom sau" is "hôm
sau", "ke tu khi bat dau" is "kể từ khi bắt đầu"), and a lone word takes the reading that stands
alone in the vocabulary ("sau" is "sáu", six; "tu" is "tư", fourth). The parser tries this only
after the text failed as written, so no phrase that parses today changes its meaning.
"""

from __future__ import annotations

import re
import unicodedata

from actionplan.core.timeframe.lexer import _TOKEN_RE
from actionplan.core.timeframe.vocabulary import (
    _VI_MAX_PHRASE,
    _VI_NUMBERS,
    _VI_ORDINAL_ONLY,
    _VI_PHRASES,
    _VI_VOCABULARY,
    _VI_WORDS,
)

# Words whose unmarked form is shared: the reading a word standing alone gets.
_PREFERRED = ("hàng", "bảy", "sáu", "tư")
_STANDALONE = set(_VI_WORDS) | set(_VI_NUMBERS) | set(_VI_ORDINAL_ONLY) | {"thứ"}


def strip_marks(text: str) -> str:
    """``"cuối tháng đầu tiên"`` -> ``"cuoi thang dau tien"`` (đ is a letter of its own, made d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _word_readings() -> dict[str, str]:
    readings: dict[str, str] = {}
    for word in sorted(_VI_VOCABULARY):
        readings.setdefault(strip_marks(word), word)
    for word in _PREFERRED:
        readings[strip_marks(word)] = word
    return readings


_WORDS = _word_readings()
_PHRASES = {tuple(strip_marks(w) for w in phrase): phrase for phrase in sorted(_VI_PHRASES)}


def restore_marks(normalized: str) -> str:
    """The text with each Vietnamese word or expression written with its marks; others unchanged."""
    matches = list(_TOKEN_RE.finditer(normalized))
    words = [strip_marks(m.group(0)) if m.lastgroup == "word" else None for m in matches]
    replaced: list[tuple[re.Match[str], str]] = []
    i = 0
    while i < len(matches):
        if words[i] is None:
            i += 1
            continue
        for size in range(min(_VI_MAX_PHRASE, len(words) - i), 1, -1):
            phrase = _PHRASES.get(tuple(words[i : i + size]))  # type: ignore[arg-type]
            if phrase is not None:
                replaced += zip(matches[i : i + size], phrase, strict=True)
                i += size
                break
        else:
            written = matches[i].group(0)
            if written not in _STANDALONE and words[i] in _WORDS:
                replaced.append((matches[i], _WORDS[words[i]]))  # type: ignore[index]
            i += 1
    out, end = [], 0
    for match, word in replaced:
        out += [normalized[end : match.start()], word]
        end = match.end()
    return "".join(out) + normalized[end:]


def looks_vietnamese(word: str) -> bool:
    """An unmarked word that is a Vietnamese time-frame word once its marks are back."""
    return strip_marks(word) in _WORDS
