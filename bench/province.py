"""Province-size figures: a synthetic province built whole (peak memory of every process, time, linearity),
one notice changed and rebuilt, and the first query of the search across counties.

    python -m bench --province 50x1000          50 counties of 1,000 notices (tens of minutes)
    python -m bench --province 10x1000,50x1000  two sizes, to see whether time is linear in notices

Memory is the sum over the build's whole process tree (the build, its county workers and their Pagefind),
sampled every 0.2 s from /proc (proportional set size, so pages shared between forked workers count once).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_S = 0.2


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                tree.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError):
                continue
    return tree


def _memory_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory_kb(root: int) -> int:
    tree, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total


def run_measured(command: list[str], cwd: Path = ROOT) -> dict:
    """Run a command; its wall time, exit status, output and the peak memory of its whole process tree."""
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], tree_memory_kb(process.pid))
            time.sleep(SAMPLE_S)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    return {"seconds": round(time.monotonic() - start, 1), "status": process.returncode, "peak_memory_mb": peak[0] // 1024,
            "stdout": out, "stderr": err}


def build_command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *args]


def change_one_notice(county: Path) -> None:
    """Edit one word of one notice in one county (the first file's first 各乡镇)."""
    path = sorted(county.glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("各乡镇")
    path.write_text(text[:at] + "各乡镇（改）" + text[at + 3:], encoding="utf-8")


def measure_province(work: Path, counties: int, per_county: int, as_of: str, with_calculators: bool = False) -> dict:
    from bench.synthetic import generate_province

    source = work / f"province-{counties}x{per_county}"
    real = next(p.parent for p in sorted((ROOT / "sources").glob("*/county.toml")))
    if not source.exists():
        generate_province(real, source, counties, per_county)
    out, cache = work / f"province-site-{counties}x{per_county}", work / f"province-cache-{counties}x{per_county}"
    shutil.rmtree(cache, ignore_errors=True)
    common = ["--date", as_of, "--cache", str(cache), *(() if with_calculators else ("--no-calculators",))]
    env_cache = ["--source", str(source), "--out", str(out)]
    print(f"… 全省 {counties} 县 × {per_county} 份：完整生成", flush=True)
    full = run_measured(build_command(*env_cache, *common))
    if full["status"] != 0:
        raise SystemExit("全省生成失败：\n" + full["stderr"][-3000:])
    notices = counties * per_county
    figures = {"counties": counties, "notices_per_county": per_county, "notices": notices,
               "build_s": full["seconds"], "notices_per_s": round(notices / full["seconds"], 1),
               "peak_memory_mb": full["peak_memory_mb"],
               "site_mb": round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20)}
    first = sorted(p for p in source.iterdir() if p.is_dir())[0]
    part = work / f"province-part-{first.name}"
    print("… 一个县单独生成（缓存已有），改一份文件后再生成", flush=True)
    run_measured(build_command("--source", str(source), "--county", first.name, "--out", str(part), *common))
    change_one_notice(first)
    rebuild = run_measured(build_command("--source", str(source), "--county", first.name, "--out", str(part), *common))
    figures["county_rebuild_one_notice_s"] = rebuild["seconds"]
    figures["county_rebuild_peak_memory_mb"] = rebuild["peak_memory_mb"]
    print("… 全省再生成（只改了一份文件）", flush=True)
    again = run_measured(build_command(*env_cache, *common))
    figures["province_rebuild_one_notice_s"] = again["seconds"]
    figures["site"] = str(out)
    return figures


__all__ = ["measure_province", "run_measured", "tree_memory_kb"]
