"""python -m calculators <id>: one JSON object on stdin, the result as JSON on stdout.

Exit status 0 when `errors` is empty, 2 otherwise. `python -m calculators --list` prints the ids.
"""
from __future__ import annotations

import json
import sys

from . import IDS
from .api import run_json, unknown
from .working import failure


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("用法：python -m calculators <计算器> < 输入.json\n      python -m calculators --list\n"
              f"计算器：{'、'.join(IDS)}", file=sys.stderr)
        return 2 if not argv or argv[0] not in ("-h", "--help") else 0
    if argv[0] == "--list":
        print("\n".join(IDS))
        return 0
    if argv[0] not in IDS:
        sys.stdout.write(json.dumps(unknown(argv[0]), ensure_ascii=False) + "\n")
        return 2
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        output = json.dumps(failure(argv[0], [{"field": None, "message": "输入不是 UTF-8 编码的文本。"}]), ensure_ascii=False)
    else:
        output = run_json(argv[0], text)
    sys.stdout.write(output + "\n")
    return 0 if not json.loads(output)["errors"] else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
