"""The words of each language and the language-neutral symbols they stand for.

A symbol string such as ``END OF WEEK #2`` is what the grammar matches: ``#n`` is a number,
``@n`` an ordinal, and a word may stand for several symbols (``fortnightly`` is ``EVERY #2 WEEK``)
or for none (``the``).
"""

from __future__ import annotations

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
