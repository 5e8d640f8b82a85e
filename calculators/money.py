"""Exact money: Decimal throughout, rounded to the fen (0.01 yuan) half up, as the contract says."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0")


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(amount: Decimal | int | float) -> str:
    """Chinese display of a money amount: 15,250.00 元 (never -0.00 元)."""
    fen = to_fen(amount if isinstance(amount, Decimal) else Decimal(str(amount)))
    return f"{fen.copy_abs() if fen.is_zero() else fen:,.2f} 元"


def number(value: Decimal) -> str:
    """Plain display of a quantity without trailing zeros: 100, 12.5."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent(rate: Decimal) -> str:
    return f"{number(rate * 100)}%"


def as_json_number(value: Decimal) -> float | int:
    """JSON has no decimals: integers stay int, fen amounts become the nearest float (exact to print)."""
    if value.is_zero():
        return 0  # never -0 or -0.0
    return int(value) if value == value.to_integral_value() and abs(value) < 2 ** 53 else float(value)
