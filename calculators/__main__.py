"""python -m calculators [--county FOLDER] <id>: one JSON object on stdin, the result as JSON on stdout.

Exit status 0 when `errors` is empty, 2 otherwise. `python -m calculators [--county FOLDER] --list`
prints the ids. --county names a county's folder (sources/<county>): its rule files
(calculators/*.toml) are served with the national ones; without it, the national rule files only
(calculators/national/*.toml): a county's calculators are its rule files, and none is in the package.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import api
from .working import failure

USAGE = ("用法：python -m calculators [--county 县文件夹] <计算器> < 输入.json\n"
         "      python -m calculators [--county 县文件夹] --list\n"
         "不写 --county 时只有国家规定的计算器；县里的计算器要写 --county 县文件夹，例如 --county sources/jianghua\n")


def main(argv: list[str]) -> int:
    county = argv[:1] == ["--county"]
    if county:
        if len(argv) < 2:
            print(USAGE + "--county 后面要写县文件夹，例如 sources/jianghua", file=sys.stderr)
            return 2
        if not (Path(argv[1]) / "calculators").is_dir():
            print(f"县文件夹 {argv[1]} 里没有 calculators 文件夹（县里的计算器规则文件放在 calculators/*.toml）", file=sys.stderr)
            return 2
        try:
            api.use(api.catalogue(api.county_rule_files(argv[1])))
        except api.RuleError as error:
            print(f"计算器规则文件有误：{error}", file=sys.stderr)
            return 2
        argv = argv[2:]
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(USAGE + f"计算器：{'、'.join(api.ids())}", file=sys.stderr)
        return 2 if not argv or argv[0] not in ("-h", "--help") else 0
    if argv[0] == "--list":
        print("\n".join(api.ids()))
        return 0
    if argv[0] not in api.ids():
        sys.stdout.write(json.dumps(api.unknown(argv[0]), ensure_ascii=False) + "\n")
        if not county:
            print("不写 --county 时只有国家规定的计算器；县里的计算器请写 --county 县文件夹，例如 --county sources/jianghua",
                  file=sys.stderr)
        return 2
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        output = json.dumps(failure(argv[0], [{"field": None, "message": "输入不是 UTF-8 编码的文本。"}]), ensure_ascii=False)
    else:
        output = api.run_json(argv[0], text)
    sys.stdout.write(output + "\n")
    return 0 if not json.loads(output)["errors"] else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
