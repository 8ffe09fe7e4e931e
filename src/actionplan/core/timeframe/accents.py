"""Vietnamese typed without its marks ("cuoi thang 1"): put them back from the vocabulary.

Many people type Vietnamese without diacritics (an English keyboard, a phone, old habits). The
time-frame vocabulary is small, so each unmarked word or expression has one marked reading, with
a few exceptions settled by context: a multi-word expression is matched first ("hom sau" is "hôm
sau", "ke tu khi bat dau" is "kể từ khi bắt đầu"); right after "thứ" a number is read ("thu sau"
is "thứ sáu", "thu tu" is "thứ tư"); a word that is valid as typed is never rewritten ("sau" stays
"sau", after or next; "nay" stays "nay", this); any other word takes the reading that stands alone
in the vocabulary ("tu" is "tư", fourth). The parser tries this only after the text failed as
written, so no phrase that parses today changes its meaning.
"""

from __future__ import annotations

import re

from actionplan.core.timeframe.lexer import _TOKEN_RE
from actionplan.core.timeframe.marks import strip_marks
from actionplan.core.timeframe.vocabulary import (
    _VI_MAX_PHRASE,
    _VI_NUMBERS,
    _VI_ORDINAL_ONLY,
    _VI_PHRASES,
    _VI_VOCABULARY,
)

__all__ = ["looks_vietnamese", "restore_marks", "strip_marks"]

# Words whose unmarked form is shared: the reading a word standing alone gets.
_PREFERRED = ("hàng", "bảy", "sáu", "tư", "năm")


def _word_readings() -> dict[str, str]:
    readings: dict[str, str] = {}
    for word in sorted(_VI_VOCABULARY):
        readings.setdefault(strip_marks(word), word)
    for word in _PREFERRED:
        readings[strip_marks(word)] = word
    return readings


_WORDS = _word_readings()
# After "thứ", the number readings: "thu sau" is thứ sáu (Friday or sixth), not "thứ sau".
_AFTER_THU = {strip_marks(w): w for w in (*_VI_NUMBERS, *_VI_ORDINAL_ONLY)} | {"sau": "sáu", "bay": "bảy"}
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
            after_thu = i > 0 and words[i - 1] == "thu"
            if after_thu and words[i] in _AFTER_THU:
                replaced.append((matches[i], _AFTER_THU[words[i]]))  # type: ignore[index]
            elif written not in _VI_VOCABULARY and words[i] in _WORDS:
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
