"""How numbers, dates and amounts are written in the Chinese text of the working, help and pictures.

Every figure in user-facing text goes through these, so that prose generated from the
parameters reads the same everywhere.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .money import number

TEN_THOUSAND = Decimal(10000)


def chinese_date(day: dt.date) -> str:
    """2026年12月31日"""
    return f"{day.year}年{day.month}月{day.day}日"


def grouped(value: Decimal) -> str:
    """A quantity with thousands separators and no trailing zeros: 500,000; 1,234.5; 90."""
    text = number(value)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + ("." + fraction if fraction else "")


def wan(amount: Decimal) -> str:
    """An amount of yuan as a person says it: 2万元, 1.5万元, 500元."""
    if amount >= TEN_THOUSAND:
        return f"{number(amount / TEN_THOUSAND)}万元"
    return f"{number(amount)}元"


def span(start: dt.date, end: dt.date | None) -> str:
    """2023-10-01 至 2024-09-30, or 2024-03-12 起 when open-ended."""
    return f"{start} 至 {end}" if end else f"{start} 起"


def chinese_span(start: dt.date, end: dt.date | None) -> str:
    return f"{chinese_date(start)}至{chinese_date(end)}" if end else f"{chinese_date(start)}起"


CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (item and level numbers up to 99)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones] if ones else "")
