"""Formatting filters only: dates in the active time zone and language, money, numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language

from actionplan.planning.money import exponent

register = template.Library()

# vi: 15/03/2027 17:00 ; en: 15 Mar 2027 17:00
_DATETIME = {"vi": "d/m/Y H:i", "en": "j M Y H:i"}
_DATE = {"vi": "d/m/Y", "en": "j M Y"}


def _lang() -> str:
    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def _group(number: Decimal, places: int) -> str:
    """Thousands separators and decimal mark of the active language."""
    text = f"{number:,.{places}f}"
    if _lang() == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@register.filter
def when(value: datetime | date | None) -> str:
    """A moment in the active time zone (the organization's), or a date, for the active language."""
    if value is None or value == "":
        return ""
    if not isinstance(value, date):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return dateformat.format(value, _DATETIME[_lang()])
    return dateformat.format(value, _DATE[_lang()])


@register.filter
def day(value: datetime | date | None) -> str:
    """Only the date part, in the active time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _DATE[_lang()])


@register.filter
def iso(value: datetime | None) -> str:
    """For <time datetime="...">."""
    if not isinstance(value, datetime):
        return value.isoformat() if isinstance(value, date) else ""
    return (
        timezone.localtime(value).isoformat(timespec="minutes")
        if timezone.is_aware(value)
        else value.isoformat()
    )


@register.filter
def money(amount: int | None, currency: str = "VND") -> str:
    """Integer minor units as an amount in `currency`: 50000000 VND -> "50.000.000 VND" (vi)."""
    if amount is None or amount == "":
        return ""
    currency = (currency or "VND").upper()
    places = exponent(currency)
    return f"{_group(Decimal(int(amount)).scaleb(-places), places)} {currency}"


@register.filter
def num(value) -> str:
    """A decimal without trailing zeros: Decimal("2.0000") -> "2", Decimal("1.50") -> "1,5" (vi)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return _group(number.to_integral_value(), 0)
    normalized = number.normalize()
    return _group(normalized, max(0, -normalized.as_tuple().exponent))


@register.filter
def hours(value) -> str:
    """Hours to one decimal, without trailing zeros (31.96 -> "32", 7.5 -> "7,5" in Vietnamese):
    the forecast counts in fractions of an hour that nobody plans by."""
    if value is None or value == "":
        return ""
    try:
        rounded = round(float(value), 1)
    except (TypeError, ValueError):
        return str(value)
    return num(Decimal(str(rounded)))


_SHORT_DAY = {"vi": "d/m", "en": "j M"}


@register.filter
def short_day(value: date | None) -> str:
    """A day without its year, for week columns: 01/03 (vi), 1 Mar (en)."""
    if not isinstance(value, date):
        return ""
    return dateformat.format(value, _SHORT_DAY[_lang()])


@register.filter
def iso_exact(value: datetime | None) -> str:
    """A moment to the microsecond, for a hidden form field that must come back unchanged."""
    return value.isoformat() if isinstance(value, datetime) else ""
