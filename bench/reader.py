"""python -m bench.reader: the reader's time against the size of its input, for the shapes that were quadratic.

    python -m bench.reader            sizes 2,500 / 5,000 / 10,000 / 20,000 (run under the heavy lock)
    python -m bench.reader --quick    sizes 250 … 2,000 (seconds; what `python -m bench --quick` runs)

Each shape is a text made to stress one part of the reader (issue 13, point 3):
  wrapped         one paragraph hard-wrapped over N lines (the continuation re-scan)
  repeated        N clauses all numbered 五、 (unique anchors for repeated markers)
  one_doc_number  N notices sharing one 文号 (page addresses made unique)
  name_list       N lines "刘  斌   县政府办主任" (space-aligned, rejected as a table at every line)
  web_copies      N web copies in one file, each with its information block and footer
The reader (read, split, parse, validity) and the page renderer run on each; the fitted exponent
is the slope of log(time) against log(size): 1.0 is linear, 2.0 quadratic. Not a test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 29)
HEAD = "关于某事的通知\n某政办发〔2024〕1号\n各单位：\n"
TAIL = "某县人民政府办公室\n2024年3月1日\n"
LINE = "突出教育、公用事业、工程建设、政府采购等重点领域，进一步强化公平竞争审查，及时清理和废除影响"


def wrapped(n: int) -> str:
    return HEAD + "\n".join(LINE for _ in range(n)) + "。\n" + TAIL


def repeated(n: int) -> str:
    return HEAD + "".join("五、保障措施\n（一）加强组织领导。调整领导小组。\n" for _ in range(n // 2)) + TAIL


def one_doc_number(n: int) -> str:
    return "".join(f"关于第{k}件事的通知\n某政办发〔2024〕1号\n请遵照执行。\n" for k in range(n // 3))


def name_list(n: int) -> str:
    return HEAD + "\n".join(f"刘  斌   县第{k}办公室主任" for k in range(n)) + "\n" + TAIL


def web_copies(n: int) -> str:
    page = ("首页 > 政务公开 > 政府文件\n索引号: 0031/2024-{k:05d} 发布机构: 某县人民政府办公室\n发文字号: 某政办发〔2024〕{k}号 成文日期: 2024-03-01\n"
            "关于第{k}件事的通知\n某政办发〔2024〕{k}号\n各单位：\n请遵照执行。\n某县人民政府办公室\n2024年3月1日\n"
            "【打印正文】 【关闭正文】\n上一篇：无\n版权所有：某县人民政府 网站标识码：1234567890\n")
    return "".join(page.format(k=k) for k in range(1, n // 13 + 1))


QUICK_SIZES = [250, 500, 1000, 2000]
FULL_SIZES = [2500, 5000, 10000, 20000]
SHAPES = {"wrapped": wrapped, "repeated": repeated, "one_doc_number": one_doc_number, "name_list": name_list,
          "web_copies": web_copies}


def time_reader(text: str) -> tuple[float, int]:
    from publisher.render import render_notice
    from publisher.corpus import read_notices

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "notices.txt"
        source.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        corpus = read_notices(source, AS_OF)
        for notice in corpus.notices:
            render_notice(notice, None, AS_OF.isoformat())
        return time.perf_counter() - start, len(corpus.notices)


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def measure(sizes: list[int]) -> dict:
    results = {}
    for name, make in SHAPES.items():
        points = []
        for size in sizes:
            seconds, notices = time_reader(make(size))
            points.append((size, seconds))
            print(f"  {name:<15} {size:>7} 行  {seconds:8.3f} s  （{notices} 份）", flush=True)
        results[name] = {"points": points, "exponent": round(exponent(points), 2)}
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (seconds)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "reader.json")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    results = measure(sizes)
    print("== 读取用时随输入规模的拟合指数（1 为线性，2 为平方）")
    for name, result in results.items():
        print(f"  {name:<15} {result['exponent']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"sizes": sizes, "shapes": results}, ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
