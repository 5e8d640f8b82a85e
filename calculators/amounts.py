"""Numbers as people write them: "50万", "50万元", "500,000", "５０００００", "90平方米", "90㎡", "3亩", "1.5 万元".

`read_number(text, unit)` returns the exact Decimal, or raises Unreadable with the reason in
Chinese. It refuses only what is really ambiguous or wrong for the field (a comma that may be
a decimal comma, a unit that is not the field's), and bounds length, magnitude and precision
before any arithmetic, so a hostile value such as "1e-999999" costs nothing.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MAX_CHARACTERS = 40
MAX_DECIMALS = 6  # finer than any amount, area or concentration these rules use
MAX_MAGNITUDE = 15  # digits before the decimal point

# the units each field may be written in, as the suffixes people use (after NFKC and lower-casing)
# and what one of them is worth in the field's own unit
UNIT_SPELLINGS: dict[str, dict[str, Decimal]] = {
    "元": {"元": Decimal(1), "块钱": Decimal(1), "块": Decimal(1), "rmb": Decimal(1)},
    "平方米": {"平方米": Decimal(1), "平米": Decimal(1), "平方": Decimal(1), "m2": Decimal(1), "m^2": Decimal(1)},
    "亩": {"亩": Decimal(1)},
    "µg/m³": {"μg/m3": Decimal(1), "ug/m3": Decimal(1), "微克/立方米": Decimal(1), "微克每立方米": Decimal(1)},
    "mg/m³": {"mg/m3": Decimal(1), "毫克/立方米": Decimal(1), "毫克每立方米": Decimal(1)},
    "个月": {"个月": Decimal(1), "月": Decimal(1), "年": Decimal(12)},
    "只": {"只": Decimal(1)},
    "头": {"头": Decimal(1)},
    "项": {"项": Decimal(1)},
    "次": {"次": Decimal(1)},
    "级": {"级": Decimal(1)},
    "套": {"套": Decimal(1)},
}
CURRENCY_SIGNS = ("¥", "￥")
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
PLAIN = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?")
GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
ASCII_PLAIN = re.compile(r"\s*-?[0-9]+(?:\.[0-9]+)?\s*")


class Unreadable(ValueError):
    """The reason, in Chinese, to be put after the field's name."""


def is_plain(raw: str) -> bool:
    """Written as a plain number (ASCII digits, optional sign and decimal point): nothing to explain."""
    return bool(ASCII_PLAIN.fullmatch(raw))


def normalise(raw: str) -> str:
    """Full-width digits and signs to ASCII, ㎡ to m2, µ to μ; no spaces; lower case."""
    text = unicodedata.normalize("NFKC", raw).replace("−", "-").replace("﹣", "-")
    return "".join(text.split()).lower()


def _spellings(unit: str) -> dict[str, Decimal]:
    return UNIT_SPELLINGS.get(unit, {})


def _other_unit(text: str, unit: str) -> str | None:
    """A unit this text ends in that is not the field's (for the refusal)."""
    mine = set(_spellings(unit))
    for name, spellings in UNIT_SPELLINGS.items():
        if name == unit:
            continue
        for spelling in sorted(spellings, key=len, reverse=True):
            if text.endswith(spelling) and spelling not in mine and not any(m.endswith(spelling) and text.endswith(m) for m in mine):
                return name
    return None


def read_number(raw: str, unit: str) -> Decimal:
    if len(raw) > MAX_CHARACTERS:
        raise Unreadable(f"写得太长（{len(raw)} 个字符），最多 {MAX_CHARACTERS} 个字符")
    text = normalise(raw)
    if not text:
        raise Unreadable("是空的")
    for sign in CURRENCY_SIGNS:
        if text.startswith(sign) and unit == "元":
            text = text[len(sign):]
    factor = Decimal(1)
    for spelling in sorted(_spellings(unit), key=len, reverse=True):
        if text.endswith(spelling) and len(text) > len(spelling):
            text, factor = text[: -len(spelling)], _spellings(unit)[spelling]
            break
    else:
        other = _other_unit(text, unit)
        if other:
            expected = f"单位应为{unit}" if unit else "不带单位"
            raise Unreadable(f"{expected}，而“{raw.strip()}”是按{other}写的；请换算后填写，避免弄错")
    for word, multiplier in MULTIPLIERS.items():
        if text.endswith(word) and len(text) > 1:
            text, factor = text[:-1], factor * multiplier
            break
    if "," in text:
        if not GROUPED.fullmatch(text):
            digits = text.replace(",", "")
            raise Unreadable(f"中的逗号含义不明：“{raw.strip()}”里的逗号可能是小数点，也可能是千位分隔符，"
                             f"而千位分隔符应每三位一个。请写成 {text.replace(',', '.', 1) if text.count(',') == 1 else digits} "
                             f"或 {digits}，小数请用小数点")
        text = text.replace(",", "")
    if not PLAIN.fullmatch(text):
        raise Unreadable("不是数字")
    mantissa, _, exponent = text.partition("e")
    if exponent and abs(int(exponent)) > 2 * MAX_MAGNITUDE:
        raise Unreadable(f"的数量级（10 的 {int(exponent)} 次方）超出可以计算的范围")
    try:
        value = Decimal(text) * factor
    except InvalidOperation:  # pragma: no cover - PLAIN admits only what Decimal reads
        raise Unreadable("不是数字") from None
    return bounded(value)


def bounded(value: Decimal) -> Decimal:
    """Refuse a value too large or too finely divided to be an amount, before any arithmetic."""
    if not value.is_finite():
        raise Unreadable("必须是有限的数字，不能是 NaN 或无穷大")
    if value.is_zero():
        return Decimal(0)  # also turns -0 into 0, so no "-0.00 元"
    if value.adjusted() >= MAX_MAGNITUDE:
        raise Unreadable(f"超出可以计算的范围：最多 {MAX_MAGNITUDE} 位整数")
    normal = value.normalize()
    if normal.as_tuple().exponent < -MAX_DECIMALS:
        raise Unreadable(f"小数位数太多：最多 {MAX_DECIMALS} 位小数")
    return value
