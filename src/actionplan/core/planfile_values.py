"""Scalar values of a plan file: text -> date, number, effort, ... or a located error.

Each reader takes a node and returns the value, or BAD after recording an error; callers keep
going so that one pass reports every problem in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import MAX_DATE, MIN_DATE, Location, PlanError, When, unpacked
from actionplan.core.planfile_yaml import NULLS, Map, Node, Scalar, Seq, location

BAD: Any = type("Bad", (), {"__repr__": lambda self: "BAD"})()

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?\Z")
_INT = re.compile(r"[-+]?\d[\d_]*\Z")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\Z")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_HOURS_AMOUNT = re.compile(
    r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>h|hours?|giờ|d|days?|ngày)\Z",
    re.IGNORECASE,
)
_CAPACITY = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?:h|hours?|giờ)?\s*/\s*(?:week|wk|w|tuần)\Z", re.IGNORECASE)
_TARGET = re.compile(
    r"(?P<dir>>=|≥|<=|≤|at least|at most|ít nhất|tối thiểu|tối đa|không quá|nhiều nhất)?\s*"
    r"(?P<n>[-+]?\d[\d_]*(?:\.\d+)?)\Z",
    re.IGNORECASE,
)
_AT_MOST = {"<=", "≤", "at most", "tối đa", "không quá", "nhiều nhất"}
# A vendor's lead time. Vendors quote days meaning working days, so "5 days" is 5 business days.
_LEAD_TIME = re.compile(
    r"(?P<n>[0-9]{1,9})\s*(?P<unit>(?:business|working)\s+days?|workdays?|days?|weeks?|ngày\s+làm\s+việc|ngày|tuần)\Z",
    re.IGNORECASE,
)
MAX_LEAD_TIME_DAYS = 1000  # about four years of business days
HOURS_PER_DAY = Decimal(8)  # "2d" of effort = 2 x 8 h, whatever the calendar says

# Currencies whose amounts have no or three decimals (ISO 4217); all others have two.
_ZERO_DECIMALS = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
_THREE_DECIMALS = frozenset(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])


def parse_date(text: str) -> date | None:
    """ "2027-03-15" or "15/03/2027" (day first, as written in Vietnam); None if it is neither."""
    text = text.strip()
    match = _ISO_DATE.match(text)
    if match:
        y, m, d = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _VN_DATE.match(text)
        if not match:
            return None
        d, m, y = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(y, m, d)
    except ValueError:
        return None


_PLAIN_HOURS = re.compile(r"\d+(?:[.,]\d+)?\Z")


def parse_effort(text: str, *, plain_number: bool = True) -> Decimal | None:
    """Effort in hours: "6h", "1.5h", "2d" (= 16h), "6 giờ", "2 ngày" or a plain number of hours.

    None when the text is none of these.
    """
    text = text.strip()
    match = _HOURS_AMOUNT.match(text)
    if match:
        amount = Decimal(match["n"])
        return amount * HOURS_PER_DAY if match["unit"].lower()[0] in "dn" else amount
    if plain_number and _PLAIN_HOURS.match(text):
        return Decimal(text.replace(",", "."))
    return None


class LeadTimeError(ValueError):
    """A phrase that is not a lead time; `.message` is translatable."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.message = Message(msgid, params)
        super().__init__(self.message.render())


def lead_time_days(text: str) -> int:
    """A vendor's lead time in business days: "5 business days", "5 days" (business days too),
    "2 weeks" (= 10: a week is 5 business days), "5 ngày làm việc", "5 ngày", "2 tuần".

    Raises LeadTimeError (a ValueError) naming what is expected.
    """
    phrase = " ".join(text.split())
    if not phrase.isascii():
        import unicodedata  # Vietnamese typed with combining marks reads as precomposed

        phrase = unicodedata.normalize("NFC", phrase)
    match = _LEAD_TIME.match(phrase)
    if match is None:
        raise LeadTimeError(
            N_(
                "'%(value)s' is not a lead time: write business days or weeks, "
                "like 5 business days, 2 weeks, 5 ngày làm việc or 2 tuần"
            ),
            value=text,
        )
    number = int(match["n"])
    days = number * 5 if match["unit"].lower().startswith(("week", "tuần")) else number
    if days > MAX_LEAD_TIME_DAYS:
        raise LeadTimeError(
            N_("a lead time of %(days)s business days is too long: at most %(limit)s"),
            days=days,
            limit=MAX_LEAD_TIME_DAYS,
        )
    return days


def currency_decimals(currency: str) -> int:
    if currency in _ZERO_DECIMALS:
        return 0
    return 3 if currency in _THREE_DECIMALS else 2


def describe(node: Node) -> str:
    """How an error message shows what it got instead."""
    if isinstance(node, Map):
        return N_("a mapping")
    if isinstance(node, Seq):
        return N_("a list")
    return N_("nothing") if node.is_null else f"'{node.value}'"


class Values:
    """Error sink plus the scalar readers; one per load."""

    def __init__(self, filename: str):
        self.filename = filename
        self.errors: list[PlanError] = []
        self.currency = "VND"
        # Plans repeat the same efforts and dates thousands of times: text -> value, per load.
        self._efforts: dict[str, Decimal] = {}
        self._dates: dict[str, date] = {}

    # -- errors ------------------------------------------------------------------------------
    def loc(self, node: Node | int) -> Location:
        """Where `node` starts; also takes a place packed by planfile_model.packed."""
        if node.__class__ is int:
            return unpacked(self.filename, node)  # type: ignore[arg-type]
        return location(self.filename, node)  # type: ignore[arg-type]

    def error(self, node: Node | Location | int, msgid: str, **params: object) -> Any:
        where = node if isinstance(node, Location) else self.loc(node)
        self.errors.append(PlanError(where, Message(msgid, params)))
        return BAD

    def value_error(self, node: Node | Location | int, exc: ValueError, msgid: str) -> Any:
        """A ValueError from workcal: its own translatable message when it has one."""
        message = getattr(exc, "message", None)
        if isinstance(message, Message):
            where = node if isinstance(node, Location) else self.loc(node)
            self.errors.append(PlanError(where, message))
            return BAD
        return self.error(node, msgid, reason=str(exc))

    def expected(self, node: Node, what: str | Message) -> Any:
        # `what` is an N_-marked fragment ("a date like 2027-03-01"): Message.render translates it too.
        return self.error(node, N_("expected %(what)s, got %(got)s"), what=what, got=describe(node))

    # -- scalars -----------------------------------------------------------------------------
    # Each reader below starts with a fast path for a good value and otherwise goes the long
    # way round, which also words the error: a plan of 5,000 steps reads 40,000 values.
    def scalar(self, node: Node, what: str | Message) -> str | Any:
        if not isinstance(node, Scalar) or node.is_null:
            return self.expected(node, what)
        return node.value

    def text(self, node: Node) -> str | Any:
        if node.__class__ is Scalar:
            value = node.value  # type: ignore[union-attr]
            if value.strip() and not (node.plain and value in NULLS):  # type: ignore[union-attr]
                return value
        value = self.scalar(node, N_("text"))
        if value is not BAD and not value.strip():
            return self.error(node, N_("this must not be empty"))
        return value

    def slug(self, node: Node) -> str | Any:
        if (
            node.__class__ is Scalar
            and SLUG.match(node.value)  # type: ignore[union-attr]
            and not (node.plain and node.value in NULLS)  # type: ignore[union-attr]  # plain "null"
        ):
            return node.value  # type: ignore[union-attr]
        value = self.scalar(node, N_("an id"))
        if value is BAD:
            return BAD
        if not SLUG.match(value):
            return self.error(
                node,
                N_(
                    "'%(value)s' is not a valid id: use lowercase letters, digits, '-' and '_', "
                    "starting with a letter or digit, at most 64 characters"
                ),
                value=value,
            )
        return value

    def ref(self, node: Node) -> str | Any:
        if node.__class__ is Scalar and not (node.plain and node.value in NULLS):  # type: ignore[union-attr]
            return node.value  # type: ignore[union-attr]
        return self.scalar(node, N_("an id"))

    def choice(self, node: Node, options: tuple[str, ...], aliases: dict[str, str] | None = None) -> Any:
        if node.__class__ is Scalar and not (node.plain and node.value in NULLS):  # type: ignore[union-attr]
            key = node.value.strip().lower()  # type: ignore[union-attr]
            key = (aliases or {}).get(key, key)
            if key in options:
                return key
        value = self.scalar(node, Message(N_("one of: %(options)s"), {"options": ", ".join(options)}))
        if value is BAD:
            return BAD
        key = value.strip().lower()
        key = (aliases or {}).get(key, key)
        if key not in options:
            return self.error(
                node,
                N_("'%(value)s' is not one of: %(expected)s"),
                value=value,
                expected=", ".join(options),
            )
        return key

    def email(self, node: Node) -> str | Any:
        value = self.scalar(node, N_("an email address"))
        if value is not BAD and not _EMAIL.match(value.strip()):
            return self.error(node, N_("'%(value)s' is not an email address"), value=value)
        return value

    def integer(self, node: Node, low: int, high: int) -> int | Any:
        if not isinstance(node, Scalar) or not node.plain or not _INT.match(node.value):
            return self.expected(node, N_("a whole number"))
        value = int(node.value.replace("_", ""))
        if not low <= value <= high:
            return self.error(
                node,
                N_("%(value)s is out of range: it must be from %(low)s to %(high)s"),
                value=value,
                low=low,
                high=high,
            )
        return value

    def number(self, node: Node, what: str = N_("a number like 12.5")) -> Decimal | Any:
        if isinstance(node, Scalar) and node.plain and node.value and _NUMBER.match(node.value):
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                pass
        return self.expected(node, what)

    def amount(self, node: Node) -> Decimal | Any:
        """A non-negative quantity: measurements can be negative, amounts cannot."""
        value = self.number(node)
        if value is not BAD and value < 0:
            return self.error(node, N_("this must not be negative"))
        return value

    def money(self, node: Node) -> Decimal | Any:
        value = self.amount(node)
        if value is BAD:
            return BAD
        places = currency_decimals(self.currency)
        fraction = -value.as_tuple().exponent > places
        if (places == 0 and "." in node.value) or (fraction and value != round(value, places)):
            if places == 0:
                # 150.000 is 150 in YAML, but a Vietnamese reader wrote one hundred fifty thousand.
                return self.error(
                    node,
                    N_(
                        "%(currency)s amounts have no decimals; write %(example)s "
                        "(a dot is not a thousands separator)"
                    ),
                    currency=self.currency,
                    example=node.value.replace(".", ""),
                )
            return self.error(
                node,
                N_("%(currency)s amounts have at most %(places)s decimals"),
                currency=self.currency,
                places=places,
            )
        return value

    def hours_amount(self, node: Node, default_unit: str = "h") -> Decimal | Any:
        """Effort: "6h", "1.5h", "2d" (= 16h), "6 giờ", "2 ngày", or a plain number of hours."""
        if node.__class__ is Scalar and not node.plain:  # type: ignore[union-attr]
            # Quoted: never a number; a plain "12h" is the same text as a quoted one.
            amount = self._efforts.get(node.value)  # type: ignore[union-attr]
            if amount is not None:
                return amount
        elif node.__class__ is Scalar and not _NUMBER.match(node.value or "x"):  # type: ignore[union-attr]
            amount = self._efforts.get(node.value)  # type: ignore[union-attr]
            if amount is not None:
                return amount
        if isinstance(node, Scalar) and node.plain and _NUMBER.match(node.value or "x"):
            return self.amount(node)
        value = self.scalar(node, N_("an effort like 6h or 2d"))
        if value is BAD:
            return BAD
        amount = parse_effort(value, plain_number=False)
        if amount is None:
            return self.expected(node, N_("an effort like 6h or 2d"))
        self._efforts[value] = amount
        return amount

    def lead_time(self, node: Node) -> str | Any:
        """A vendor's lead time, kept as written ("5 business days"); see lead_time_days."""
        value = self.scalar(node, N_("a lead time like 5 business days or 2 weeks"))
        if value is BAD:
            return BAD
        try:
            lead_time_days(value)
        except LeadTimeError as exc:
            return self.value_error(node, exc, N_("invalid lead time: %(reason)s"))
        return value

    def capacity(self, node: Node) -> Decimal | Any:
        """Weekly capacity: "40h/week", "40 giờ/tuần" or a plain number of hours."""
        if isinstance(node, Scalar) and node.plain and _NUMBER.match(node.value or "x"):
            value = self.amount(node)
        else:
            text = self.scalar(node, N_("a capacity like 40h/week"))
            if text is BAD:
                return BAD
            match = _CAPACITY.match(text.strip())
            if not match:
                return self.expected(node, N_("a capacity like 40h/week"))
            value = Decimal(match["n"])
        if value is not BAD and value > 168:
            return self.error(node, N_("a week has 168 hours; %(value)s is too many"), value=value)
        return value

    def target(self, node: Node) -> tuple[str, Decimal] | Any:
        """A goal target: ">= 2", "<= 4", "at least 2", "ít nhất 2" or a plain number (at least)."""
        value = self.scalar(node, N_("a target like >= 2 or <= 4"))
        if value is BAD:
            return BAD
        match = _TARGET.match(value.strip())
        if not match:
            return self.expected(node, N_("a target like >= 2 or <= 4"))
        direction = "at_most" if (match["dir"] or "").lower() in _AT_MOST else "at_least"
        return direction, Decimal(match["n"].replace("_", ""))

    # -- dates -------------------------------------------------------------------------------
    def _parse_date(self, text: str) -> date | None:
        return parse_date(text)

    def _in_range(self, node: Node, day: date) -> bool:
        if MIN_DATE <= day <= MAX_DATE:
            return True
        self.error(
            node,
            N_("the date %(date)s is out of range: plan dates are from %(min)s to %(max)s"),
            date=day.isoformat(),
            min=MIN_DATE.isoformat(),
            max=MAX_DATE.isoformat(),
        )
        return False

    def date(self, node: Node) -> date | Any:
        if node.__class__ is Scalar:
            day = self._dates.get(node.value)  # type: ignore[union-attr]
            if day is not None:
                return day
        text = self.scalar(node, N_("a date like 2027-03-01"))
        if text is BAD:
            return BAD
        day = self._parse_date(text.strip())
        if day is None:
            return self.expected(node, N_("a date like 2027-03-01"))
        if not self._in_range(node, day):
            return BAD
        self._dates[text] = day
        return day

    def when(self, node: Node) -> When | Any:
        """A date, or a date and time "2027-03-01 14:30" (naive: the organization's zone)."""
        what = N_("a date like 2027-03-01 or a date and time like 2027-03-01 14:30")
        text = self.scalar(node, what)
        if text is BAD:
            return BAD
        text = text.strip()
        head, sep, tail = text.replace("T", " ", 1).partition(" ")
        day = self._parse_date(head)
        if day is None:
            return self.expected(node, what)
        if not sep:
            return day if self._in_range(node, day) else BAD
        match = _TIME.match(tail.strip())
        if not match:
            if re.search(r"(Z|[+-]\d\d:?\d\d)\Z", tail):
                return self.error(
                    node,
                    N_("write the time without a time zone: times are in the organization's time zone"),
                )
            return self.expected(node, what)
        try:
            moment = datetime.combine(day, time(int(match[1]), int(match[2]), int(match[3] or 0)))
        except ValueError:
            return self.expected(node, what)
        return moment if self._in_range(node, day) else BAD

    def period(self, node: Node) -> tuple[date, date] | Any:
        """Time off: one date, or "2027-04-28..2027-05-02" (both days included)."""
        what = N_("a date or a range like 2027-04-28..2027-05-02")
        text = self.scalar(node, what)
        if text is BAD:
            return BAD
        first, sep, last = text.partition("..")
        a = self._parse_date(first.strip())
        b = self._parse_date(last.strip()) if sep else a
        if a is None or b is None:
            return self.expected(node, what)
        if not (self._in_range(node, a) and self._in_range(node, b)):
            return BAD
        if b < a:
            return self.error(node, N_("the range ends before it starts"))
        return a, b

    # -- collections -------------------------------------------------------------------------
    def items(self, node: Node, read: Callable[[Node], Any]) -> tuple[Any, ...] | Any:
        if not isinstance(node, Seq):
            return self.expected(node, N_("a list"))
        values = (read(item) for item in node.items)
        return tuple(v for v in values if v is not BAD)
