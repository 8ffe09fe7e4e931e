"""Scalar values of a plan file: text -> date, number, effort, ... or a located error.

Each reader takes a node and returns the value, or BAD after recording an error; callers keep
going so that one pass reports every problem in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
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
# A moment in any ISO 8601 form (extended or basic; calendar, week or ordinal date; hours,
# minutes or seconds with a decimal fraction; Z or an offset), or a day-first date with a time.
MOMENT_PATTERN = (
    r"(?:(?P<y>\d{4})-?W(?P<w>\d\d)-?(?P<wd>\d)"  # week date 2027-W14-2, 2027W142
    r"|(?P<oy>\d{4})-?(?P<od>\d{3})"  # ordinal date 2027-096, 2027096
    r"|(?P<cy>\d{4})(?P<cm>\d\d)(?P<cd>\d\d)"  # basic calendar date 20270406
    r"|(?P<day>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}))"  # 2027-04-06, 06/04/2027
    r"(?:(?:[Tt]| +)(?:(?P<h>\d{1,2}):(?P<m>\d\d)(?::(?P<s>\d\d))?"  # 10:00, 10:00:05
    r"|(?P<bh>\d\d)(?:(?P<bm>\d\d)(?P<bs>\d\d)?)?)"  # 10, 1000, 100005
    r"(?P<f>[.,]\d{1,9})?"  # a fraction of the last unit
    r"(?P<z>[Zz]|[+-]\d\d(?::?\d\d)?)?)?\Z"  # Z, +07, +0700, +07:00
)
_MOMENT = re.compile(MOMENT_PATTERN)
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


def parse_moment(text: str) -> date | datetime | None:
    """A date, a local date and time (naive), or a precise moment (aware, with a fixed offset).

    Every ISO 8601 form of a date or date and time (see _MOMENT), besides the day-first
    "15/03/2027 14:30" of Vietnam; "24:00" is the end of the day. None when the text is none of
    these or names no real day or time.
    """
    match = _MOMENT.match(text.strip())
    if match is None:
        return None
    g = match.groupdict()
    try:
        if g["y"]:
            day = date.fromisocalendar(int(g["y"]), int(g["w"]), int(g["wd"]))
        elif g["oy"]:
            number = int(g["od"])
            if not 1 <= number <= (366 if _leap(int(g["oy"])) else 365):
                return None
            day = date(int(g["oy"]), 1, 1) + timedelta(days=number - 1)
        elif g["cy"]:
            day = date(int(g["cy"]), int(g["cm"]), int(g["cd"]))
        else:
            day = parse_date(g["day"])
            if day is None:
                return None
    except ValueError:
        return None
    hour = g["h"] or g["bh"]
    if hour is None:
        return day
    units = [int(hour), int(g["m"] or g["bm"] or 0), int(g["s"] or g["bs"] or 0)]
    if units[0] > 24 or units[1] > 59 or units[2] > 59:
        return None
    moment = datetime.combine(day, time(0)) + timedelta(hours=units[0], minutes=units[1], seconds=units[2])
    if g["f"]:
        # The fraction belongs to the last unit written: 10.5 is 10:30, 10:00:05.25 a quarter second on.
        last = 2 if (g["s"] or g["bs"]) else 1 if (g["m"] or g["bm"]) else 0
        fraction = Decimal("0." + g["f"][1:]) * (3_600_000_000, 60_000_000, 1_000_000)[last]
        moment += timedelta(microseconds=int(fraction.to_integral_value()))
    if units[0] == 24 and moment.time() != time(0) or moment.date() > day + timedelta(days=1):
        return None  # 24:00 and nothing after it
    zone = g["z"]
    if zone is None:
        return moment
    if zone in ("Z", "z"):
        return moment.replace(tzinfo=UTC)
    hours, minutes = int(zone[1:3]), int(zone[-2:]) if len(zone) > 3 else 0
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return moment.replace(tzinfo=timezone(-offset if zone[0] == "-" else offset))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


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
        """A date, a date and time "2027-03-01 14:30" (naive: the organization's zone), or a moment
        with an offset "2027-03-01T14:30:00+07:00" / "...Z" (aware: converted to the organization's
        zone when resolved). Every ISO 8601 form is read (parse_moment)."""
        what = N_(
            "a date like 2027-03-01, a date and time like 2027-03-01 14:30, "
            "or a moment with its offset like 2027-03-01T14:30:00+07:00"
        )
        text = self.scalar(node, what)
        if text is BAD:
            return BAD
        moment = parse_moment(text)
        if moment is None:
            return self.expected(node, what)
        day = moment.date() if isinstance(moment, datetime) else moment
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
