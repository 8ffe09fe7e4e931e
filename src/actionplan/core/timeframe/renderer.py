"""The canonical English or Vietnamese phrase of a time-frame value."""

from __future__ import annotations

from actionplan.core.timeframe.values import (
    AbsoluteDate,
    Offset,
    PeriodEnd,
    Recurrence,
    ResponseTarget,
    TimeFrame,
)

_EN_UNIT = {"days": "day", "weeks": "week", "months": "month", "business_days": "business day"}
_VI_UNIT = {"days": "ngày", "weeks": "tuần", "months": "tháng", "business_days": "ngày làm việc"}
_VI_PERIOD = {"day": "ngày", "week": "tuần", "month": "tháng", "quarter": "quý"}
_EN_ADVERB = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly"}


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}" if amount == 1 else f"{amount} {noun}s"


def render(value: TimeFrame, lang: str = "en") -> str:
    """The canonical phrase for ``value`` in ``lang``; parsing it gives ``value`` back."""
    vi = lang == "vi"
    if isinstance(value, AbsoluteDate):
        day = f"{value.day:%d/%m}/{value.day.year:04d}" if vi else f"{value.day.year:04d}-{value.day:%m-%d}"
        if value.at is None:
            return day
        return f"{day} {value.at.isoformat('minutes' if not value.at.second else 'seconds')}"
    if isinstance(value, Offset):
        unit = _VI_UNIT[value.unit] if vi else _plural(value.amount, _EN_UNIT[value.unit]).split(" ", 1)[1]
        return f"+{value.amount} {unit}"
    if isinstance(value, PeriodEnd):
        noun = _VI_PERIOD[value.unit] if vi else value.unit
        text = f"cuối {noun}" if vi else f"end of {noun}"
        if value.n is not None:
            text += f" {value.n}"
        if value.month is not None:
            text += f" của tháng {value.month}" if vi else f" of month {value.month}"
        return text
    if isinstance(value, Recurrence):
        if value.every == 1:
            return f"hàng {_VI_PERIOD[value.unit]}" if vi else _EN_ADVERB[value.unit]
        return (
            f"mỗi {value.every} {_VI_PERIOD[value.unit]}"
            if vi
            else f"every {_plural(value.every, value.unit)}"
        )
    if isinstance(value, ResponseTarget):
        return _render_target(value, vi)
    raise TypeError(f"not a time-frame value: {value!r}")


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
