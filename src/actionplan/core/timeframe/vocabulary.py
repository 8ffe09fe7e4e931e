"""The words of each language and the language-neutral symbols they stand for.

A symbol string such as ``END OF WEEK #2`` is what the grammar matches: ``#n`` is a number,
``@n`` an ordinal, ``WD:n`` a weekday (0 = Monday), ``CM:n`` a calendar month, ``CQ:n`` a
calendar quarter; a word may stand for several symbols (``fortnightly`` is ``EVERY #2 WEEK``) or
for none (``the``). Vietnamese words whose meaning depends on their neighbours (``tháng 3`` is
March, ``tháng thứ 3`` the plan's third month; ``thứ Hai`` is Monday, ``tuần thứ hai`` the second
week; ``sau`` is "after" or "next") are read by the lexer, with the tables below.
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
_EN_WEEKDAYS = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_EN_MONTHS = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
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
    "biweekly": "EVERY #2 WEEK",
    "yearly": "EVERY YEAR",
    "annually": "EVERY YEAR",
    "year": "YEAR",
    "years": "YEAR",
    "within": "WITHIN",
    "in": "IN",
    "same": "SAME",
    "next": "NEXT",
    "this": "THIS",
    "after": "AFTER",
    "from": "AFTER",
    "before": "BEFORE",
    "later": "LATER",
    "last": "LAST",
    "start": "START",
    "beginning": "START",
    "mid": "MID",
    "middle": "MID",
    "the": "",
    "by": "",
    "at": "",
    "on": "",
    "and": "",
    "plan": "",
    **{name: f"WD:{i}" for i, names in enumerate(_EN_WEEKDAYS) for name in names},
    **{name: f"CM:{i + 1}" for i, names in enumerate(_EN_MONTHS) for name in names},
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
# Month names after "tháng" that are not numbers: tháng Giêng = January, tháng Tư = April,
# tháng Chạp = December (tháng Ba, tháng Mười Một ... are numbers).
_VI_MONTH_NAMES = {"giêng": 1, "tư": 4, "chạp": 12}
# After these words "thứ" + number is an ordinal (tuần thứ hai = the second week); elsewhere
# thứ 2 ... thứ 7 are the weekdays Monday ... Saturday.
_VI_UNIT_WORDS = frozenset({"ngày", "tuần", "tháng", "quý", "năm", "lần"})
# Words that make "năm" the number five rather than "year" when they follow it (năm tuần).
_VI_COUNTED = frozenset({"ngày", "tuần", "tháng", "quý", "năm", "giờ", "tiếng", "lần"})
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
    "trước": "BEFORE",
    "giữa": "MID",
    "đầu": "START",
    "này": "THIS",
    "nay": "THIS",
    "tới": "NEXT",
    "nữa": "LATER",
    "cn": "WD:6",
    "vào": "",
    "và": "",
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
        "cuối cùng": "LAST",
        "chủ nhật": "WD:6",
        "một lần": "ONCE",
        "mười một": "#11",
        "mười hai": "#12",
        "hàng năm": "EVERY YEAR",
        "hằng năm": "EVERY YEAR",
        "mỗi năm": "EVERY YEAR",
        "sau khi bắt đầu": "AFTER START",
        "kể từ khi bắt đầu": "AFTER START",
    }.items()
}
_VI_MAX_PHRASE = max(len(k) for k in _VI_PHRASES)
# "sau" is "after" (sau Tết) or, after a period, "next" (tháng sau); "tết" names the holiday.
_VI_CONTEXT_WORDS = {"thứ", "sau", "tết", "năm"} | set(_VI_MONTH_NAMES)
_VI_VOCABULARY = (
    set(_VI_WORDS)
    | set(_VI_NUMBERS)
    | set(_VI_ORDINAL_ONLY)
    | {w for k in _VI_PHRASES for w in k}
    | _VI_CONTEXT_WORDS
)
_EN_VOCABULARY = set(_EN_WORDS) | set(_EN_NUMBERS) | set(_EN_ORDINALS)
