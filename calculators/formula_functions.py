"""The functions a rule file's formulas may call: the spreadsheet vocabulary a county clerk knows.

Each function checks the kinds of its arguments and raises Refused with a Chinese reason; the
evaluator adds the formula's place. Conventions are the ones the calculators have always used:
money rounds to the fen half up; a band's lower limit belongs to that band ("2万元（含）以上");
a month or year after a day that the target month lacks (31 January + 1 month, 29 February + 1
year) is the first day of the following month; whole months and years count only completed
ones (满12个月算一年).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Callable

from .money import number as plain_number, percent, to_fen, yuan

MAX_PLACES = 10
MAX_YEARS = 9000  # added to a date: beyond, the calendar ends
MONTHS_PER_YEAR = 12  # the calendar's, not a rule's
OPEN_END = ("以上", "不限")  # the last row of a band table by upper limits may say so instead of a number


class Refused(ValueError):
    """Why a function cannot compute these arguments, in Chinese."""


@dataclass(frozen=True)
class Function:
    name: str
    least: int
    most: int | None  # None: any number of arguments
    run: Callable[..., Any]
    signature: str  # how the documentation and error messages write a call
    lazy: bool = False  # receives thunks, evaluates only what it needs (如果)


def kind_name(value: Any) -> str:
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, Decimal):
        return "数"
    if isinstance(value, dt.date):
        return "日期"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "表"
    return "空值" if value is None else type(value).__name__


def number(value: Any, what: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    raise Refused(f"{what}应为数，得到的是{kind_name(value)}")


def day(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise Refused(f"{what}应为日期，得到的是{kind_name(value)}")


def whole(value: Any, what: str, limit: int = 100000) -> int:
    value = number(value, what)
    if value != value.to_integral_value() or abs(value) > limit:
        raise Refused(f"{what}应为不超过 {limit} 的整数，得到的是 {value}")
    return int(value)


def _numbers(name: str, args: tuple) -> list[Decimal]:
    items = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    if not items:
        raise Refused(f"{name}至少要有一个数（列表是空的）")
    return [number(item, f"{name}的第 {index} 个数") for index, item in enumerate(items, start=1)]


def _smallest(*args):
    return min(_numbers("最小", args))


def _largest(*args):
    return max(_numbers("最大", args))


def _total(items):
    if not isinstance(items, (list, tuple)):
        raise Refused(f"求和的对象应为列表（逐项计算的步骤），得到的是{kind_name(items)}")
    return sum((number(item, f"求和的第 {index} 项") for index, item in enumerate(items, start=1)), Decimal(0))


def _count(items):
    if not isinstance(items, (list, tuple)):
        raise Refused(f"个数的对象应为列表，得到的是{kind_name(items)}")
    return Decimal(len(items))


def _if(condition, yes, no):
    chosen = condition()
    if not isinstance(chosen, bool):
        raise Refused(f"如果的第一个参数应为条件（是/否），得到的是{kind_name(chosen)}")
    return yes() if chosen else no()


def _fen(value):
    return to_fen(number(value, "到分的参数"))


def _round(value, places=Decimal(0)):
    digits = whole(places, "四舍五入的小数位数", MAX_PLACES)
    return number(value, "四舍五入的参数").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _ceiling(value):
    return number(value, "向上取整的参数").quantize(Decimal(1), rounding=ROUND_CEILING)


def _floor(value):
    return number(value, "向下取整的参数").quantize(Decimal(1), rounding=ROUND_FLOOR)


def _quotient(a, b):
    divisor = number(b, "整除的除数")
    if divisor.is_zero():
        raise Refused("整除的除数为零")
    return (number(a, "整除的被除数") / divisor).quantize(Decimal(1), rounding=ROUND_FLOOR)


def bands(table: Any, what: str) -> list[tuple[Any, Any]]:
    """A band table: a list of [limit, value] rows, limits rising."""
    if not isinstance(table, (list, tuple)) or not table:
        raise Refused(f"{what}应为分档表（每行 [界限, 值]），得到的是{kind_name(table)}")
    rows = []
    for index, row in enumerate(table, start=1):
        if not isinstance(row, (list, tuple)) or len(row) != 2:
            raise Refused(f"{what}的第 {index} 行应为 [界限, 值] 两项")
        rows.append((row[0], row[1]))
    return rows


def _rising(rows, what: str, open_end: bool = False) -> None:
    limits = [limit for limit, _ in rows]
    if open_end and isinstance(limits[-1], str) and limits[-1] in OPEN_END:
        limits = limits[:-1]
    for index, limit in enumerate(limits, start=1):
        number(limit, f"{what}第 {index} 行的界限")
    if any(b <= a for a, b in zip(limits, limits[1:])):
        raise Refused(f"{what}的界限应从小到大排列")


def _by_lower(value, table):
    """The value of the band whose lower limit is the last not above the amount (lower limit included)."""
    amount = number(value, "按下限分档的数")
    rows = bands(table, "按下限分档的表")
    _rising(rows, "按下限分档的表")
    chosen = [row for row in rows if amount >= row[0]]
    if not chosen:
        raise Refused(f"{amount} 小于分档表的最低界限 {rows[0][0]}")
    return chosen[-1][1]


def _by_upper(value, table):
    """The value of the first band whose upper limit the amount does not exceed (upper limit included)."""
    amount = number(value, "按上限分档的数")
    rows = bands(table, "按上限分档的表")
    _rising(rows, "按上限分档的表", open_end=True)
    for limit, result in rows:
        if (isinstance(limit, str) and limit in OPEN_END) or amount <= limit:
            return result
    raise Refused(f"{amount} 大于分档表的最高界限 {rows[-1][0]}；最后一行的界限可写“以上”")


def _progressive(value, table):
    """Each slice of the amount paid at its own band's rate (like income-tax bands)."""
    amount = number(value, "累进的金额")
    rows = bands(table, "累进的分档表")
    _rising(rows, "累进的分档表")
    total = Decimal(0)
    for index, (lower, rate) in enumerate(rows):
        upper = rows[index + 1][0] if index + 1 < len(rows) else None
        if amount <= lower:
            break
        top = min(amount, upper) if upper is not None else amount
        total += (top - lower) * number(rate, f"累进分档表第 {index + 1} 行的比例")
    return total


def _whole_band(value, table):
    """All of the amount paid at the rate of the band it falls in (lower limit included)."""
    amount = number(value, "全额的金额")
    if amount < number(bands(table, "全额的分档表")[0][0], "全额分档表第 1 行的界限"):
        return Decimal(0)
    return amount * number(_by_lower(amount, table), "全额分档表的比例")


def _lookup(table, *keys):
    current = table
    for index, key in enumerate(keys, start=1):
        if isinstance(current, list):  # a list is looked up by item number, from 1
            position = whole(key, f"查表的第 {index} 个键（第几项）", len(current) or 1) if isinstance(key, Decimal) else None
            if position is None or position < 1:
                raise Refused(f"列表要按第几项（1 至 {len(current)}）查，得到的是 {key}")
            current = current[position - 1]
            continue
        if not isinstance(current, dict):
            raise Refused(f"查表的第 {index} 个键 {key} 之前已经不是表了")
        lookup = plain_number(key) if isinstance(key, Decimal) else str(key) if not isinstance(key, bool) else ("是" if key else "否")
        if lookup not in current:
            keys_text = "、".join(str(k) for k in current)
            raise Refused(f"表中没有“{lookup}”这一项；有的是：{keys_text}")
        current = current[lookup]
    return current


def _unfilled(value):
    return value is None


def _band_slices(value, table):
    """The working of 累进: each band's slice, its rate and its part, in words."""
    amount = number(value, "累进明细的金额")
    rows = bands(table, "累进明细的分档表")
    _rising(rows, "累进明细的分档表")
    parts = []
    for index, (lower, rate) in enumerate(rows):
        upper = rows[index + 1][0] if index + 1 < len(rows) else None
        if amount <= lower:
            break
        piece = (min(amount, upper) if upper is not None else amount) - lower
        span = f"{yuan(lower)} 至 {yuan(upper)}" if upper is not None else f"{yuan(lower)} 以上"
        parts.append(f"{span}的部分 {yuan(piece)} × {percent(rate)} = {yuan(piece * rate)}")
    return "；".join(parts)


def _whole_band_words(value, table):
    """The working of 全额: the band the amount falls in and the whole amount at its rate, in words."""
    amount = number(value, "全额明细的金额")
    rows = [row for row in bands(table, "全额明细的分档表") if amount >= number(row[0], "全额明细分档表的界限")]
    if not rows:
        return f"{yuan(amount)} 低于分档表的最低界限"
    lower, rate = rows[-1]
    return (f"{yuan(amount)} 落在 {yuan(lower)} 起的一段，全额按 {percent(rate)}：{yuan(amount)} × {percent(rate)} = "
            f"{yuan(amount * rate)}")


def _date(text):
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        raise Refused(f"日期的参数应为“YYYY-MM-DD”形式的文字，得到的是{kind_name(text)}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(f"“{text}”不是真实存在的日期（格式 YYYY-MM-DD）") from None


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes the 1st of the month after."""
    index = start.year * MONTHS_PER_YEAR + start.month - 1 + months
    year, month = divmod(index, MONTHS_PER_YEAR)
    if not 1 <= year <= 9998:
        raise Refused("日期超出可以计算的范围")
    try:
        return dt.date(year, month + 1, start.day)
    except ValueError:
        following = dt.date(year + (month + 1) // MONTHS_PER_YEAR, (month + 1) % MONTHS_PER_YEAR + 1, 1)
        return following


def _add_days(start, count):
    try:
        return day(start, "加天数的日期") + dt.timedelta(days=whole(count, "加的天数", 3660000))
    except OverflowError:
        raise Refused("日期超出可以计算的范围") from None


def _add_months(start, count):
    return add_months(day(start, "加月数的日期"), whole(count, "加的月数", MAX_YEARS * MONTHS_PER_YEAR))


def _add_years(start, count):
    return add_months(day(start, "加年数的日期"), MONTHS_PER_YEAR * whole(count, "加的年数", MAX_YEARS))


def _days_between(start, end):
    return Decimal((day(end, "天数的结束日期") - day(start, "天数的开始日期")).days)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Completed months from start to end (negative when end is earlier)."""
    if end < start:
        return -whole_months(end, start)
    months = (end.year - start.year) * MONTHS_PER_YEAR + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def _months_between(start, end):
    return Decimal(whole_months(day(start, "整月数的开始日期"), day(end, "整月数的结束日期")))


def _years_between(start, end):
    months = whole_months(day(start, "整年数的开始日期"), day(end, "整年数的结束日期"))
    return Decimal(months // MONTHS_PER_YEAR if months >= 0 else -(-months // MONTHS_PER_YEAR))


def _year_of(value):
    return Decimal(day(value, "年份的参数").year)


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function("最小", 1, None, _smallest, "最小(数1, 数2, …) 或 最小(列表)"),
    Function("最大", 1, None, _largest, "最大(数1, 数2, …) 或 最大(列表)"),
    Function("如果", 3, 3, _if, "如果(条件, 成立时的值, 不成立时的值)", lazy=True),
    Function("到分", 1, 1, _fen, "到分(金额)：四舍五入到 0.01 元"),
    Function("四舍五入", 1, 2, _round, "四舍五入(数, 小数位数)"),
    Function("向上取整", 1, 1, _ceiling, "向上取整(数)"),
    Function("向下取整", 1, 1, _floor, "向下取整(数)"),
    Function("整除", 2, 2, _quotient, "整除(被除数, 除数)：商的整数部分，如 整除(26, 12) = 2"),
    Function("求和", 1, 1, _total, "求和(逐项步骤)"),
    Function("个数", 1, 1, _count, "个数(列表)"),
    Function("累进", 2, 2, _progressive, "累进(金额, 分档表)：超额累进，各段按各段比例"),
    Function("全额", 2, 2, _whole_band, "全额(金额, 分档表)：全部按所在段比例"),
    Function("按下限分档", 2, 2, _by_lower, "按下限分档(数, 表)：表的每行 [下限, 值]，含下限"),
    Function("按上限分档", 2, 2, _by_upper, "按上限分档(数, 表)：表的每行 [上限, 值]，含上限"),
    Function("查表", 2, 4, _lookup, "查表(表, 键1, 键2…)"),
    Function("未填", 1, 1, _unfilled, "未填(输入)：没有填写时为“是”"),
    Function("累进明细", 2, 2, _band_slices, "累进明细(金额, 分档表)：各段的计算过程，写进说明"),
    Function("全额明细", 2, 2, _whole_band_words, "全额明细(金额, 分档表)：所在段和计算过程，写进说明"),
    Function("日期", 1, 1, _date, "日期(\"2024-02-06\")"),
    Function("加天", 2, 2, _add_days, "加天(日期, 天数)"),
    Function("加月", 2, 2, _add_months, "加月(日期, 月数)"),
    Function("加年", 2, 2, _add_years, "加年(日期, 年数)"),
    Function("天数", 2, 2, _days_between, "天数(开始日期, 结束日期)"),
    Function("整月数", 2, 2, _months_between, "整月数(开始日期, 结束日期)：满一个月才算一个月"),
    Function("整年数", 2, 2, _years_between, "整年数(开始日期, 结束日期)：满一年才算一年"),
    Function("年份", 1, 1, _year_of, "年份(日期)"),
)}

# names people bring from spreadsheets and programming: the message points to the name to write
ALIASES = {"min": "最小", "max": "最大", "if": "如果", "round": "四舍五入", "sum": "求和", "len": "个数",
           "count": "个数", "ceiling": "向上取整", "ceil": "向上取整", "floor": "向下取整", "int": "向下取整",
           "date": "日期", "days": "天数", "vlookup": "查表", "lookup": "查表", "iif": "如果",
           "最小值": "最小", "最大值": "最大", "若": "如果", "合计": "求和", "取整": "向下取整"}
