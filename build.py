#!/usr/bin/env python3
"""Command line of the site: build, serve, new-county, combine. Runs the publisher's stages; no logic here.

    python3 build.py                       build sources/ (one county, or a province of counties) into site/
    python3 build.py --source PATH --out DIR
    python3 build.py --source sources/ --county jianghua --out parts/jianghua   one county's part of a province
    python3 build.py combine parts/* --source sources/ --out site               parts built apart -> one site
    python3 build.py new-county 青山县     start a county: sources/qingshanxian/county.toml
    python3 build.py serve [--port 8000]   build, then serve on 127.0.0.1 (preview, kiosks)
    python3 build.py correct --list | 江政办发〔2024〕5号   list the notices / write a correction file for one
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCE = ROOT / "sources"
DEFAULT_OUT = ROOT / "site"
SHOWN_LINES = 60  # the terminal's checklist, in whole notices; everything is in the warnings file


VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
NEEDED = ("mkdocs", "jinja2", "markdown", "segno", "pypinyin", "brotli")  # what a build imports (requirements.txt)


def ensure_project_environment(argv: list[str]) -> None:
    """Run in the project's own environment whatever python started this: `python3 build.py` works as the README's
    `.venv/bin/python build.py` does. Without that environment, say in Chinese which command installs it."""
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        return
    if VENV_PYTHON.exists():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *argv])
    import importlib.util
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit("还没有安装生成网站所需的软件包。请在本文件夹中先运行一次：\n"
                 "    python3 make.py serve\n"
                 "它会安装所需软件包（装在项目内的 .venv 文件夹）、生成网站并在本机提供浏览；以后 python3 build.py 即可直接使用。")


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese: usage, the headings and -h (the option texts are ours)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=ChineseHelpFormatter, add_help=False, **kwargs)
        self._positionals.title = "命令和名称"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本说明并退出")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"命令行参数有误：{chinese_error(message)}\n用法见 python3 build.py --help\n")


ARGPARSE_ERRORS = (  # argparse's own messages, in Chinese
    (r"unrecognized arguments: (.*)", r"不认识的参数：\1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", r"\1 不能是 \2，可选：\3"),
    (r"argument (\S+): invalid \S+ value: (\S+)", r"\1 的值 \2 格式不对"),
    (r"argument (\S+): expected one argument", r"\1 后面要写一个值"),
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
)


def chinese_error(message: str) -> str:
    for pattern, chinese in ARGPARSE_ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, chinese, message)
    return message


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = ChineseArgumentParser(description="把政策文件纯文本生成静态网站。")
    parser.add_argument("command", nargs="?", default="build",
                        choices=["build", "serve", "new-county", "combine", "correct"], metavar="命令",
                        help="build（默认）生成网站；serve 生成后在本机提供浏览；new-county 县名 新建一个县；"
                             "combine 各县结果… 把分别生成的各县合成一个网站；correct 文号（或 文本文件:第几份）写更正文件")
    parser.add_argument("names", nargs="*", metavar="名称", help="new-county 的县名，combine 的各县结果文件夹，或 correct 的通知")
    parser.add_argument("--list", action="store_true", help="correct --list：列出各份通知及更正文件中的写法")
    parser.add_argument("--source", type=Path, default=None, metavar="路径",
                        help="输入：一个文本文件、一个县的文件夹，或放着各县文件夹的文件夹（默认 sources/）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="文件夹", help="输出文件夹（默认 site/）")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, metavar="日期",
                        help="按哪一天判断文件是否有效，格式 YYYY-MM-DD（默认按县情文件，未写则今天）")
    parser.add_argument("--site-url", default=None, metavar="网址", help="网站的公开地址，用于二维码和分享链接")
    parser.add_argument("--county", default=None, metavar="县文件夹名", help="只生成全省中的这一个县（文件夹名），供分批生成后合并")
    parser.add_argument("--jobs", type=int, default=None, metavar="个数", help="同时生成几个县（默认等于处理器核数）")
    parser.add_argument("--no-cache", action="store_true", help="不用上次生成留下的缓存，全部重新生成")
    parser.add_argument("--cache", type=Path, default=None, metavar="文件夹", help="缓存文件夹（默认 .build/cache）")
    parser.add_argument("--host", default="127.0.0.1", metavar="地址", help="serve 监听的地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, metavar="端口", help="serve 的端口（默认 8000）")
    parser.add_argument("--no-build", action="store_true", help="serve 时不重新生成，直接提供已有网站")
    parser.add_argument("--no-calculators", action="store_true",
                        help="不打包浏览器中的计算引擎（只生成文件页面，更快；计算器页面将无法即时计算）")
    args = parser.parse_args(argv)
    if args.command in ("build", "serve") and args.names:
        parser.error(f"多余的参数：{' '.join(args.names)}")
    if args.command == "new-county" and len(args.names) != 1:
        parser.error("new-county 后面要写一个县名，例如 python3 build.py new-county 青山县")
    if args.command == "correct" and (len(args.names) != 1) == (not args.list):
        parser.error("correct 后面要写一份通知的文号或 文本文件:第几份（例如 2024-notices.txt:3），或写 --list 列出各份通知")
    if args.command == "combine" and not args.names:
        parser.error("combine 后面要写各县的生成结果文件夹，例如 python3 build.py combine parts/* --out site")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs 至少为 1")
    return args


def report(out: Path, notices: int, warnings: list, seconds: float, judged: str,
           checklist: tuple[list[str], int, int] | None = None, needs_review: int = 0) -> None:
    """The checklist (the notices that need review first, whole notices only, within SHOWN_LINES; every warning is
    in a file beside the site) and a one-line summary that says what the terminal left out."""
    from publisher.progress import duration

    texts = [str(w) for w in warnings]
    # a province: each county's report is on its own /report/ page
    shown, left_notices, left_items = checklist or (texts[:SHOWN_LINES], 0, max(0, len(texts) - SHOWN_LINES))
    for text in shown:
        print(text, file=sys.stderr)
    listing = out.with_name(out.name + ".warnings.txt")
    if texts:
        listing.write_text("\n".join(texts) + "\n", encoding="utf-8")
    elif listing.exists():
        listing.unlink()
    if left_items:
        which = f"另有 {left_notices} 份文件的 {left_items} 条" if left_notices else f"另有 {left_items} 条"
        print(f"……{which}说明未在此显示（屏幕只列前 {len(shown)} 行），全部见警告清单 {listing}", file=sys.stderr)
    more = f"（屏幕上未显示其中 {left_items} 条）" if left_items else ""
    pointer = (f"；警告清单：{listing}{more}" + ("，核对清单见网站的 /report/ 页" if (out / "report" / "index.html").exists()
                                                else "，核对清单见各县网站的 /report/ 页" if (out / "counties.json").exists() else "")
               if texts else "")
    review = f"（其中 {needs_review} 份需要核对，已列在清单最前）" if needs_review else ""
    print(f"完成：{notices} 份文件{review}，{len(texts)} 条警告，用时 {duration(seconds)}，{judged}。网站：{out}{pointer}")


def build(args: argparse.Namespace) -> int:
    from publisher.cache import DEFAULT_FOLDER
    from publisher.progress import for_terminal
    from bundle.wheel import BundleError
    from publisher.province import samples_left_out
    from publisher.publish import build_all
    from reader.sources import SourceError

    start = time.monotonic()
    source = (args.source or DEFAULT_SOURCE).resolve()
    try:
        for sample in samples_left_out(source):
            print(f"提示：{sample.name} 是随附的示例县，旁边已有别的县，它只作示例、不生成到网站上，无需删除。"
                  f"要把它也生成，删去其县情文件中的 sample = true。", file=sys.stderr)
        result = build_all(source, args.out.resolve(), args.date, args.site_url,
                           browser_bundle=not args.no_calculators, progress=for_terminal(sys.stderr),
                           cache_folder=None if args.no_cache else (args.cache or DEFAULT_FOLDER).resolve(),
                           jobs=args.jobs, county=args.county)
    except (SourceError, BundleError) as error:
        print(f"生成失败：{error}", file=sys.stderr)
        return 1
    if hasattr(result, "counties"):  # a province (or one county of it)
        judged = f"按 {args.date} 判断有效性" if args.date else "各县按县情文件中的日期（未写则今天）判断有效性"
        report(args.out.resolve(), result.notices, result.warnings, time.monotonic() - start, f"{len(result.counties)} 个县，{judged}",
               needs_review=result.needs_review)
    else:
        from publisher.report import checklist, needing_review
        report(args.out.resolve(), len(result.notices), result.warnings, time.monotonic() - start, f"按 {result.as_of} 判断有效性",
               checklist(result.notices, result.warnings, SHOWN_LINES), needing_review(result.notices, result.warnings))
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
    from publisher.province import samples_left_out
    from reader.sources import SourceError

    sources = (args.source or DEFAULT_SOURCE).resolve()
    try:
        folder = create(args.names[0], sources)
    except SourceError as error:
        print(f"未能新建：{error}", file=sys.stderr)
        return 1
    print(f"已新建 {folder / PROFILE}：请打开它核对县名、网站标题，填写公开网址和联系方式；"
          f"把这个县的通知文本（.txt）放进 {folder}，然后运行 python3 build.py --source {folder}")
    for sample in samples_left_out(sources):
        print(f"随附的示例县 {sample.name} 只是示例：从此它不生成到网站上，无需删除，可留作写法参考。")
    return 0


def correct(args: argparse.Namespace) -> int:
    from publisher.publish import correct as run
    from reader.sources import SourceError

    try:
        shown, notes = run((args.source or DEFAULT_SOURCE).resolve(), None if args.list else args.names[0], args.county, args.date)
    except SourceError as error:
        print(f"未能写出更正文件：{error}", file=sys.stderr)
        return 1
    print(*notes, sep="\n", file=sys.stderr)
    print(*shown, sep="\n")
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
        print(f"{args.out} 中没有网站，请先运行 python3 build.py", file=sys.stderr)
        return 1
    return serve_forever(args.out, args.host, args.port)


def main(argv: list[str]) -> int:
    ensure_project_environment(argv)
    args = parse_args(argv)
    return {"serve": serve, "new-county": new_county, "combine": combine, "correct": correct}.get(args.command, build)(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
