#!/usr/bin/env python3
"""Command line of the site: build, serve. Runs the pipeline's stages in order; no logic here.

    python build.py                       build the bundled notices into site/
    python build.py --source PATH --out DIR
    python build.py serve [--port 8000]   build, then serve on 127.0.0.1 (preview, kiosks)
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCE = ROOT / "sources" / "jianghua"
DEFAULT_OUT = ROOT / "site"


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"命令行参数有误：{message}\n用法见 python build.py --help\n")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = ChineseArgumentParser(description="把政策文件纯文本生成静态网站。")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "serve"],
                        help="build（默认）生成网站；serve 生成后在本机提供浏览")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="输入：一个文本文件或一个文件夹（默认 sources/jianghua）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出文件夹（默认 site/）")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None,
                        help="按哪一天判断文件是否有效，格式 YYYY-MM-DD（默认今天）")
    parser.add_argument("--site-url", default=None, help="网站的公开地址，用于二维码和分享链接")
    parser.add_argument("--host", default="127.0.0.1", help="serve 监听的地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="serve 的端口（默认 8000）")
    parser.add_argument("--no-build", action="store_true", help="serve 时不重新生成，直接提供已有网站")
    parser.add_argument("--no-calculators", action="store_true",
                        help="不打包浏览器中的计算引擎（只生成文件页面，更快；计算器页面将无法即时计算）")
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> int:
    from pipeline.site import BundleError, SourceError, build_all

    as_of = args.date or dt.date.today()
    try:
        corpus = build_all(args.source.resolve(), args.out.resolve(), as_of, args.site_url,
                           browser_bundle=not args.no_calculators)
    except (SourceError, BundleError) as error:
        print(f"生成失败：{error}", file=sys.stderr)
        return 1
    from pipeline.report import report_lines
    for line in report_lines(corpus.notices, corpus.warnings):
        print(line, file=sys.stderr)
    print(f"已生成 {len(corpus.notices)} 份文件的网站：{args.out}（{len(corpus.warnings)} 条警告，按 {as_of} 判断有效性；核对清单见网站的 /report/ 页）")
    return 0


def serve(args: argparse.Namespace) -> int:
    from pipeline.serve import port_problem, serve_forever

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
    return serve(args) if args.command == "serve" else build(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
