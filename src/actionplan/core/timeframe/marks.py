"""Vietnamese marks taken off ("cuối tháng" -> "cuoi thang"), to compare unmarked text and holiday names."""

from __future__ import annotations

import unicodedata


def strip_marks(text: str) -> str:
    """``"cuối tháng đầu tiên"`` -> ``"cuoi thang dau tien"`` (đ is a letter of its own, made d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
