"""Money: stored as integer minor units of the organization's currency, written in major units.

VND, JPY and KRW have no minor unit in practice (exponent 0); other currencies use cents (2).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

ZERO_EXPONENT = frozenset({"VND", "JPY", "KRW", "CLP", "ISK", "UGX", "PYG", "XAF", "XOF"})
THREE_EXPONENT = frozenset({"BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD"})


def exponent(currency: str) -> int:
    """Number of minor-unit digits of `currency` (ISO 4217 code, case-insensitive)."""
    code = (currency or "").upper()
    if code in ZERO_EXPONENT:
        return 0
    if code in THREE_EXPONENT:
        return 3
    return 2


def to_minor(amount: Decimal | int | None, currency: str) -> int | None:
    """Major units -> integer minor units, rounding half to even; None stays None."""
    if amount is None:
        return None
    scaled = Decimal(amount).scaleb(exponent(currency))
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def from_minor(amount: int | None, currency: str) -> Decimal | None:
    """Integer minor units -> major units as a Decimal without superfluous zeros; None stays None."""
    if amount is None:
        return None
    value = Decimal(amount).scaleb(-exponent(currency))
    return plain(value)


def plain(value: Decimal) -> Decimal:
    """`Decimal("40.00")` -> `Decimal("40")`, `Decimal("1.50")` -> `Decimal("1.5")`, never exponent form."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
