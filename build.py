#!/usr/bin/env python3
"""Command line of the site: build, serve, new-county, combine. Runs the publisher's stages; no logic here.

    python build.py                       build sources/ (one county, or a province of counties) into site/
    python build.py --source PATH --out DIR
    python build.py --source sources/ --county jianghua --out parts/jianghua   one county's part of a province
    python build.py combine parts/* --source sources/ --out site               parts built apart -> one site
    python build.py new-county 青山县     start a county: sources/qingshanxian/county.toml
    python build.py serve [--port 8000]   build, then serve on 127.0.0.1 (preview, kiosks)
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCE = ROOT / "sources"
DEFAULT_OUT = ROOT / "site"
SHOWN_WARNINGS = 30  # more than this are only in the warnings file


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"命令行参数有误：{message}\n用法见 python build.py --help\n")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = ChineseArgumentParser(description="把政策文件纯文本生成静态网站。")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "serve", "new-county", "combine"],
                        help="build（默认）生成网站；serve 生成后在本机提供浏览；new-county 县名 新建一个县；"
                             "combine 各县结果… 把分别生成的各县合成一个网站")
    parser.add_argument("names", nargs="*", help="new-county 的县名，或 combine 的各县结果文件夹")
    parser.add_argument("--source", type=Path, default=None,
                        help="输入：一个文本文件、一个县的文件夹，或放着各县文件夹的文件夹（默认 sources/）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出文件夹（默认 site/）")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                        help="按哪一天判断文件是否有效，格式 YYYY-MM-DD（默认按县情文件，未写则今天）")
    parser.add_argument("--site-url", default=None, help="网站的公开地址，用于二维码和分享链接")
    parser.add_argument("--county", default=None, help="只生成全省中的这一个县（文件夹名），供分批生成后合并")
    parser.add_argument("--jobs", type=int, default=None, help="同时生成几个县（默认等于处理器核数）")
    parser.add_argument("--no-cache", action="store_true", help="不用上次生成留下的缓存，全部重新生成")
    parser.add_argument("--cache", type=Path, default=None, help="缓存文件夹（默认 .build/cache）")
    parser.add_argument("--host", default="127.0.0.1", help="serve 监听的地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="serve 的端口（默认 8000）")
    parser.add_argument("--no-build", action="store_true", help="serve 时不重新生成，直接提供已有网站")
    parser.add_argument("--no-calculators", action="store_true",
                        help="不打包浏览器中的计算引擎（只生成文件页面，更快；计算器页面将无法即时计算）")
    args = parser.parse_args(argv)
    if args.command in ("build", "serve") and args.names:
        parser.error(f"多余的参数：{' '.join(args.names)}")
    if args.command == "new-county" and len(args.names) != 1:
        parser.error("new-county 后面要写一个县名，例如 python build.py new-county 青山县")
    if args.command == "combine" and not args.names:
        parser.error("combine 后面要写各县的生成结果文件夹，例如 python build.py combine parts/* --out site")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs 至少为 1")
    return args


def report(out: Path, notices: int, warnings: list, seconds: float, judged: str, lines: list[str] | None = None) -> None:
    """Warnings (the first few here, grouped by notice when `lines` has them so; all of them in a file beside
    the site) and a one-line summary."""
    texts = [str(w) for w in warnings]
    for text in (lines if lines is not None else texts)[:SHOWN_WARNINGS]:
        print(text, file=sys.stderr)
    listing = out.with_name(out.name + ".warnings.txt")
    if texts:
        listing.write_text("\n".join(texts) + "\n", encoding="utf-8")
    elif listing.exists():
        listing.unlink()
    more = f"（只显示了前 {SHOWN_WARNINGS} 条）" if len(texts) > SHOWN_WARNINGS else ""
    pointer = (f"；警告清单：{listing}{more}" + ("，核对清单见网站的 /report/ 页" if (out / "report" / "index.html").exists()
                                                else "，核对清单见各县网站的 /report/ 页" if (out / "counties.json").exists() else "")
               if texts else "")
    from publisher.progress import duration
    print(f"完成：{notices} 份文件，{len(texts)} 条警告，用时 {duration(seconds)}，{judged}。网站：{out}{pointer}")


def build(args: argparse.Namespace) -> int:
    from publisher.cache import DEFAULT_FOLDER
    from publisher.progress import for_terminal
    from bundle.wheel import BundleError
    from publisher.publish import build_all
    from reader.sources import SourceError

    start = time.monotonic()
    source = (args.source or DEFAULT_SOURCE).resolve()
    try:
        result = build_all(source, args.out.resolve(), args.date, args.site_url,
                           browser_bundle=not args.no_calculators, progress=for_terminal(sys.stderr),
                           cache_folder=None if args.no_cache else (args.cache or DEFAULT_FOLDER).resolve(),
                           jobs=args.jobs, county=args.county)
    except (SourceError, BundleError) as error:
        print(f"生成失败：{error}", file=sys.stderr)
        return 1
    if hasattr(result, "counties"):  # a province (or one county of it)
        judged = f"按 {args.date} 判断有效性" if args.date else "各县按县情文件中的日期（未写则今天）判断有效性"
        report(args.out.resolve(), result.notices, result.warnings, time.monotonic() - start,
               f"{len(result.counties)} 个县，{judged}")
    else:
        from publisher.report import report_lines
        report(args.out.resolve(), len(result.notices), result.warnings, time.monotonic() - start,
               f"按 {result.as_of} 判断有效性", report_lines(result.notices, result.warnings))
    return 0


def combine(args: argparse.Namespace) -> int:
    from publisher.progress import for_terminal
    from publisher.province import combine_parts
    from reader.sources import SourceError

    start = time.monotonic()
    try:
        result = combine_parts(args.names and [Path(n) for n in args.names], args.source, args.out, args.date,
                               args.site_url, for_terminal(sys.stderr))
    except SourceError as error:
        print(f"合并失败：{error}", file=sys.stderr)
        return 1
    report(args.out.resolve(), result.notices, result.warnings, time.monotonic() - start, f"{len(result.counties)} 个县")
    return 0


def new_county(args: argparse.Namespace) -> int:
    from publisher.profile import PROFILE, new_county as create
    from reader.sources import SourceError

    sources = (args.source or DEFAULT_SOURCE).resolve()
    try:
        folder = create(args.names[0], sources)
    except SourceError as error:
        print(f"未能新建：{error}", file=sys.stderr)
        return 1
    print(f"已新建 {folder / PROFILE}：请打开它核对县名、网站标题，填写公开网址和联系方式；"
          f"把这个县的通知文本（.txt）放进 {folder}，然后运行 python build.py --source {folder}")
    return 0


def serve(args: argparse.Namespace) -> int:
    from server.serve import port_problem, serve_forever

    if port_problem(args.port):  # before a build that would be wasted
        print(port_problem(args.port), file=sys.stderr)
        return 2
    if not args.no_build:
        status = build(args)
        if status:
            return status
    if not (args.out / "index.html").exists():
        print(f"{args.out} 中没有网站，请先运行 python build.py", file=sys.stderr)
        return 1
    return serve_forever(args.out, args.host, args.port)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    return {"serve": serve, "new-county": new_county, "combine": combine}.get(args.command, build)(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
