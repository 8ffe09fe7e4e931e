"""The canonical English or Vietnamese phrase of a time-frame value (parsing it gives the value)."""

from __future__ import annotations

from dataclasses import dataclass

from actionplan.core.timeframe.named_holidays import display_name
from actionplan.core.timeframe.values import (
    AbsoluteDate,
    CalendarPeriod,
    DayMonth,
    HolidayDue,
    Offset,
    PlanPeriod,
    Recurrence,
    RelativePeriod,
    ResponseTarget,
    TimeFrame,
    WeekdayDue,
)


@dataclass(frozen=True)
class Phrase:
    """A message parameter: a value's canonical phrase in the reader's language."""

    value: TimeFrame

    def localize(self, lang: str) -> str:
        return render(self.value, lang)


@dataclass(frozen=True)
class PeriodName:
    """A message parameter: a period's name in the reader's language ("month 3", "tháng 3")."""

    value: PlanPeriod | CalendarPeriod | RelativePeriod

    def localize(self, lang: str) -> str:
        return period_name(self.value, lang == "vi")


_EN_UNIT = {"days": "day", "weeks": "week", "months": "month", "business_days": "business day"}
_VI_UNIT = {"days": "ngày", "weeks": "tuần", "months": "tháng", "business_days": "ngày làm việc"}
_VI_PERIOD = {"day": "ngày", "week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
_EN_ADVERB = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly"}
_EN_PART = {"end": "end of", "start": "start of", "middle": "middle of"}
_VI_PART = {"end": "cuối", "start": "đầu", "middle": "giữa"}
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VI_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EN_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}" if amount == 1 else f"{amount} {noun}s"


def _en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def render(value: TimeFrame, lang: str = "en") -> str:
    """The canonical phrase for ``value`` in ``lang``; parsing it gives ``value`` back."""
    vi = lang == "vi"
    if isinstance(value, AbsoluteDate):
        day = f"{value.day:%d/%m}/{value.day.year:04d}" if vi else f"{value.day.year:04d}-{value.day:%m-%d}"
        return _with_time(day, value)
    if isinstance(value, DayMonth):
        return _with_time(
            f"{value.day}/{value.month}" if vi else f"{EN_MONTHS[value.month - 1]} {value.day}", value
        )
    if isinstance(value, Offset):
        return f"+{value.amount} {_offset_unit(value.amount, value.unit, vi)}"
    if isinstance(value, PlanPeriod | CalendarPeriod | RelativePeriod):
        part = _VI_PART[value.part] if vi else _EN_PART[value.part]
        return f"{part} {period_name(value, vi)}"
    if isinstance(value, WeekdayDue):
        return _render_weekday_due(value, vi)
    if isinstance(value, HolidayDue):
        name = display_name(value.name)
        side = ("sau" if value.after else "trước") if vi else ("after" if value.after else "before")
        if not value.amount:
            return f"{side} {name}"
        return f"{value.amount} {_offset_unit(value.amount, value.unit, vi)} {side} {name}"
    if isinstance(value, Recurrence):
        return _render_recurrence(value, vi)
    if isinstance(value, ResponseTarget):
        return _render_target(value, vi)
    raise TypeError(f"not a time-frame value: {value!r}")


def _with_time(day: str, value: AbsoluteDate | DayMonth) -> str:
    if value.at is None:
        return day
    return f"{day} {value.at.isoformat('minutes' if not value.at.second else 'seconds')}"


def _offset_unit(amount: int, unit: str, vi: bool) -> str:
    return _VI_UNIT[unit] if vi else _plural(amount, _EN_UNIT[unit]).split(" ", 1)[1]


def period_name(value: PlanPeriod | CalendarPeriod | RelativePeriod, vi: bool) -> str:
    """The period alone: "month 3", "tháng thứ 3", "March 2027", "tháng sau"."""
    if isinstance(value, PlanPeriod):
        return _plan_period_name(value, vi)
    if isinstance(value, RelativePeriod):
        if vi:
            this = "nay" if value.unit == "year" else "này"
            return f"{_VI_PERIOD[value.unit]} {'sau' if value.ahead else this}"
        return f"{'next' if value.ahead else 'this'} {value.unit}"
    year = f" {value.year}" if value.year is not None and value.unit != "year" else ""
    vi_year = f" năm {value.year}" if year else ""
    if value.unit == "year":
        return f"năm {value.year}" if vi else f"{value.year}"
    if value.unit == "quarter":
        return f"quý {value.number}{vi_year}" if vi else f"Q{value.number}{year}"
    month = f"tháng {value.number}{vi_year}" if vi else f"{EN_MONTHS[value.number - 1]}{year}"  # type: ignore[operator]
    if value.week is None:
        return month
    return f"tuần {value.week} của {month}" if vi else f"week {value.week} of {month}"


def _plan_period_name(value: PlanPeriod, vi: bool) -> str:
    if vi:
        noun = _VI_PERIOD[value.unit]
        if value.n is None:
            return noun
        if value.unit == "week":
            text = f"tuần {value.n}"  # a cardinal week is the plan's: there is no calendar week number
            return text if value.month is None else f"{text} của tháng thứ {value.month}"
        return f"{noun} thứ {value.n}"
    text = value.unit if value.n is None else f"{value.unit} {value.n}"
    return text if value.month is None else f"{text} of month {value.month}"


def _render_weekday_due(value: WeekdayDue, vi: bool) -> str:
    day = VI_WEEKDAYS[value.weekday] if vi else EN_WEEKDAYS[value.weekday]
    if value.week is not None:
        return f"{day} tuần thứ {value.week}" if vi else f"{day} of week {value.week}"
    if value.ahead is not None:
        if vi:
            return f"{day} tuần {'sau' if value.ahead else 'này'}"
        return f"{day} {'next' if value.ahead else 'this'} week"
    return f"trước {day}" if vi else f"by {day}"


def _render_recurrence(value: Recurrence, vi: bool) -> str:
    if value.weekdays and value.nth is not None:
        day = VI_WEEKDAYS[value.weekdays[0]] if vi else EN_WEEKDAYS[value.weekdays[0]]
        if not vi:
            return f"{_EN_NTH[value.nth]} {day} of each month"
        which = {1: "đầu tiên", -1: "cuối cùng"}.get(value.nth, f"tuần thứ {value.nth}")
        return f"{day} {which} của mỗi tháng"
    if value.weekdays:
        days = [VI_WEEKDAYS[d] if vi else EN_WEEKDAYS[d] for d in value.weekdays]
        if vi:
            listed = _and(days, "và")
            return f"{listed} hàng tuần" if value.every == 1 else f"{listed} {value.every} tuần một lần"
        listed = _and(days, "and")
        if value.every <= 2:
            return f"every {'other ' if value.every == 2 else ''}{listed}"
        return f"every {value.every} weeks on {listed}"
    if value.day is not None:
        if vi:
            day = "ngày cuối cùng của" if value.day == -1 else f"ngày {value.day}"
            each = "hàng tháng" if value.every == 1 and value.day != -1 else f"mỗi {value.every} tháng"
            return f"{day} {'mỗi tháng' if value.every == 1 and value.day == -1 else each}"
        day = "the last day" if value.day == -1 else f"the {_en_ordinal(value.day)}"
        each = "each month" if value.every == 1 else f"every {value.every} months"
        return f"on {day} of {each}"
    if value.every == 1:
        return f"hàng {_VI_PERIOD[value.unit]}" if vi else _EN_ADVERB[value.unit]
    return (
        f"mỗi {value.every} {_VI_PERIOD[value.unit]}" if vi else f"every {_plural(value.every, value.unit)}"
    )


def _render_target(value: ResponseTarget, vi: bool) -> str:
    if value.kind == "same_business_day":
        return "trong ngày" if vi else "same business day"
    if value.kind == "next_business_day":
        return "ngày làm việc tiếp theo" if vi else "next business day"
    if vi:
        unit = {
            "business_hours": "giờ làm việc",
            "clock_hours": "giờ đồng hồ",
            "business_days": "ngày làm việc",
        }
        return f"trong vòng {value.amount} {unit[value.kind]}"
    unit = {"business_hours": "business hour", "clock_hours": "clock hour", "business_days": "business day"}
    return f"within {_plural(value.amount, unit[value.kind])}"
