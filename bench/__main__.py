"""python -m bench: build, search, page-weight and calculator figures, checked against budgets.

    python -m bench                 everything: the real corpus, 1,000 and 10,000 synthetic notices,
                                    3 runs of each start-up figure, and an emulated mid-range phone
    python -m bench --quick         the real corpus only, one run, no phone (what CI runs)
    python -m bench --sizes 0,1000  choose corpus sizes (0 = the real corpus)
    python -m bench.reader          the reader's time against input size for the once-quadratic shapes
    python -m bench --province 50x1000          a synthetic province: 50 counties of 1,000 notices (tens of
                                                minutes; run it alone, it needs the machine's memory)
    python -m bench --province 10x1000,50x1000  two sizes: is the time linear in notices?

Prints a table and writes bench/results/latest.json (or --json PATH). Budgets: bench/budgets.toml.
Not a test: figures vary with the machine; nothing here fails the test suite.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".build" / "bench"
# the real corpus: the first county folder shipped in sources/ (the benchmark names no county)
REAL = next(p.parent for p in sorted((ROOT / "sources").glob("*/county.toml")))
AS_OF = "2026-11-29"


def build(size: int) -> tuple[Path, dict]:
    """Build a corpus of `size` notices (0 = the real one) in its own process; time and peak memory."""
    from bench.synthetic import generate

    source = REAL if size == 0 else WORK / f"corpus-{size}"
    if size and not source.exists():
        generate(REAL, source, size)
    out = WORK / f"site-{size}"
    process = subprocess.Popen([sys.executable, "-m", "bench.build_one", str(source), str(out), AS_OF],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"生成 {size or '真实'} 语料的网站失败（退出码 {status >> 8}）")
    result = json.loads(output.strip().splitlines()[-1])
    stages = {k: round(v, 1) for k, v in result["stages_s"].items()}
    index_kb = sum(p.stat().st_size for p in (out / "pagefind").rglob("*") if p.is_file()) / 1024
    return out, {"notices": result["notices"], "stages_s": stages,
                 "notices_per_s": round(result["notices"] / stages["total"], 1),
                 "peak_memory_mb": usage.ru_maxrss // 1024, "site_mb": round(sum(
                     p.stat().st_size for p in out.rglob("*") if p.is_file() and not p.name.endswith(".gz")) / 2**20, 1),
                 "search_index_kb": round(index_kb)}


def measure(sizes: list[int], runs: int, with_phone: bool) -> dict:
    from bench import browser as b

    figures: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(), "date": dt.date.today().isoformat()},
                     "build": {}, "search": {}}
    sites = {}
    for size in sizes:
        print(f"… 生成 {size or '真实'} 语料的网站", flush=True)
        sites[size], figures["build"][str(size or "real")] = build(size)
    with b.chromium() as browser:
        for size, site in sites.items():
            with b.serve(site) as base:
                figures["search"][str(size or "real")] = {
                    "index_kb": figures["build"][str(size or "real")]["search_index_kb"], **b.search(browser, base)}
        real = sites.get(0) or sites[min(sites)]
        with b.serve(real) as base, b.serve(real, encodings=("gzip",)) as floor_base:
            print("… 页面大小与计算器启动", flush=True)
            figures["page_weight"] = {
                "home": b.page_weight(browser, base, ""),
                "notice": b.page_weight(browser, base, "jiangzhengbanfa-2024-1/"),
                "calculator_before_engine": b.page_weight(browser, base, "calculators/housing/", before_engine=True),
            }
            figures["page_weight"]["notice"]["readable_without_script"] = b.readable_without_script(browser, base, "jiangzhengbanfa-2024-1/")
            calculator = "calculators/insurance/?category=illness&self_paid_yuan=10000"
            figures["calculator"] = {**b.startup(browser, base, calculator, runs, floor_base=floor_base),
                                     **b.recompute(browser, base)}
            print("… 首次访问的传输量（按文件）", flush=True)
            figures["first_visit"] = b.first_visit(browser, base, calculator)
        if with_phone:
            print("… 模拟中档手机（1.6 Mbit/s，150 ms，CPU 4×）", flush=True)
            figures["phone"] = b.phone(browser, real, max(1, runs - 2))
    return figures


def measure_provinces(specs: list[str], figures: dict, with_browser: bool = True) -> None:
    """Province builds (bench/province.py), then the first query of the search across counties in Chromium."""
    from bench.province import measure_province

    figures["province"] = {}
    for spec in specs:
        counties, per_county = (int(n) for n in spec.lower().split("x"))
        result = measure_province(WORK, counties, per_county, AS_OF)
        site = Path(result.pop("site"))
        if with_browser:
            from bench import browser as b
            with b.chromium() as chromium, b.serve(site) as base:
                result["search"] = b.search(chromium, base)
        figures["province"][spec] = result


def check(figures: dict) -> list[dict]:
    budgets = tomllib.loads((ROOT / "bench" / "budgets.toml").read_text(encoding="utf-8"))
    calculator, first_visit = figures.get("calculator", {}), figures.get("first_visit", {})
    found = {
        "notice_page_first_visit_kb_gzip": figures.get("page_weight", {}).get("notice", {}).get("wire_kb"),
        "search_first_query_kb_at_10000": figures["search"].get("10000", {}).get("first_query_kb"),
        "search_repeat_query_ms": max((s["repeat_query_ms"] for s in figures["search"].values()), default=None),
        "calculator_cold_over_floor": calculator.get("cold_over_floor"),
        "calculator_warm_s": first_visit.get("warm_s"),
        "calculator_first_result_mb": first_visit.get("first_result", {}).get("mb"),
        "calculator_first_visit_mb": first_visit.get("first_visit_15s", {}).get("mb"),
        "phone_cold_over_floor": figures.get("phone", {}).get("cold_over_floor"),
        "calculator_recompute_ms": calculator.get("recompute_ms"),
        "build_10000_s": figures["build"].get("10000", {}).get("stages_s", {}).get("total"),
        "reader_scaling_exponent": max((r["exponent"] for r in figures.get("reader_scaling", {}).values()), default=None),
    }
    province = figures.get("province", {})
    big = province.get("50x1000", {})
    found.update({
        "province_peak_memory_mb_50x1000": big.get("peak_memory_mb"),
        "province_build_s_50x1000": big.get("build_s"),
        "province_search_first_query_kb_50x1000": big.get("search", {}).get("first_query_kb"),
        "county_rebuild_one_notice_s_1000": max((f["county_rebuild_one_notice_s"] for f in province.values()
                                                if f["notices_per_county"] == 1000), default=None),
    })
    if len(province) > 1:  # seconds per notice at the largest size over the smallest
        ordered = sorted(province.values(), key=lambda f: f["notices"])
        found["province_time_per_notice_ratio"] = round(
            (ordered[-1]["build_s"] / ordered[-1]["notices"]) / (ordered[0]["build_s"] / ordered[0]["notices"]), 2)
    rows = []
    for name, budget in budgets.items():
        value = found.get(name)
        if value is None:
            rows.append({"budget": name, "value": None, "max": budget["max"], "status": "not measured (run the full bench)"})
            continue
        ratio = value / budget["max"]
        rows.append({"budget": name, "value": value, "max": budget["max"], "ratio": round(ratio, 2),
                     "status": "met" if ratio <= 1 else "MISSED"})
    return rows


def report(figures: dict) -> None:
    print("\n== 生成（build）")
    for size, f in figures["build"].items():
        print(f"  {size:>6}: {f['notices']:>6} 份  {f['stages_s']['total']:>7.1f} s  {f['notices_per_s']:>6} 份/s  "
              f"峰值内存 {f['peak_memory_mb']} MB  网站 {f['site_mb']} MB  阶段 {f['stages_s']}")
    print("== 搜索（Chromium）")
    for size, f in figures["search"].items():
        print(f"  {size:>6}: 索引 {f['index_kb']} KB；首次查询 {f['first_query_kb']} KB / {f['first_query_ms']} ms；"
              f"同一查询再次 {f['repeat_query_kb']} KB / {f['repeat_query_ms']} ms；另一查询 {f['other_query_kb']} KB / {f['other_query_ms']} ms")
    if "page_weight" in figures:
        print("== 首次访问页面大小（原始 / gzip / 实际传输）")
    for name, f in figures.get("page_weight", {}).items():
        print(f"  {name:<26} {f['raw_kb']:>8} KB / {f['gzip_kb']:>7} KB / {f['wire_kb']:>7} KB  {f['requests']} 个请求")
    c = figures.get("calculator")
    if c:
        print(f"== 计算器启动：冷启动 {c['cold_s']} s（裸 Pyodide {c['floor_cold_s']} s，比值 {c['cold_over_floor']}）；"
          f"首次访问结果 3 秒后刷新 {c['warm_s']} s（裸 {c['floor_warm_s']} s）；重算 {c['recompute_ms']} ms；冷启动传输 {c['cold_transfer_kb']} KB")
    v = figures.get("first_visit")
    if v:
        print(f"== 计算器首次访问（Brotli，服务器端计数）：到第一个结果 {v['first_result']['mb']} MB，{v['first_result']['requests']} 个请求；"
          f"结果后 15 秒内共 {v['first_visit_15s']['mb']} MB；再次访问 {v['returning_s']} s，其结果 3 秒后刷新 {v['warm_s']} s"
          f"（{'内存映像' if v['warm_started_from'] == 'memory-image' else '普通启动'}）")
    for name, kb in list(v["first_visit_15s"]["by_file_kb"].items() if v else [])[:15]:
        first = v["first_result"]["by_file_kb"].get(name, 0)
        print(f"  {kb:>9} KB（到结果 {first:>8} KB）  {name}")
    if "phone" in figures:
        p = figures["phone"]
        print(f"== 中档手机：文件页可读 {p['notice_readable_s']} s，加载完 {p['notice_load_s']} s；计算器冷启动 {p['cold_s']} s"
              f"（裸 {p['floor_cold_s']} s），热启动 {p['warm_s']} s")
    if "reader_scaling" in figures:
        print("== 读取用时随规模的拟合指数（1 为线性）：" + "；".join(
            f"{name} {r['exponent']}" for name, r in figures["reader_scaling"].items()))
    for spec, f in figures.get("province", {}).items():
        search = f.get("search", {})
        print(f"== 全省 {spec}：{f['notices']} 份，{f['build_s']} s（{f['notices_per_s']} 份/s），全部进程合计峰值内存 "
              f"{f['peak_memory_mb']} MB，网站 {f['site_mb']} MB；改一份文件后单县重新生成 {f['county_rebuild_one_notice_s']} s"
              f"（峰值 {f['county_rebuild_peak_memory_mb']} MB），全省重新生成 {f['province_rebuild_one_notice_s']} s；"
              f"跨县首次查询 {search.get('first_query_kb')} KB / {search.get('first_query_ms')} ms")
    print("== 预算")
    for row in figures["budgets"]:
        ratio = f"×{row['ratio']}" if "ratio" in row else ""
        print(f"  {row['status']:<8} {row['budget']:<34} {row['value']} / {row['max']} {ratio}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="real corpus only, one run, no phone emulation")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes, 0 = the real corpus, none = none")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--province", default=None,
                        help="synthetic provinces COUNTIESxNOTICES[,…], e.g. 50x1000 (quick mode: 3x30)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [] if args.sizes == "none" else [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [] if args.province else ([0] if args.quick else [0, 1000, 10000])
    runs = args.runs or (1 if args.quick else 3)
    WORK.mkdir(parents=True, exist_ok=True)
    figures = measure(sizes, runs, with_phone=not args.quick) if sizes else {"build": {}, "search": {}}
    if sizes:
        from bench import reader
        print("… 读取用时随规模的变化", flush=True)
        figures["reader_scaling"] = reader.measure(reader.QUICK_SIZES if args.quick else reader.FULL_SIZES)
    provinces = args.province.split(",") if args.province else (["3x30"] if args.quick else [])
    if provinces:
        measure_provinces(provinces, figures)
    figures["budgets"] = check(figures)
    report(figures)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\n已写入 {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
