"""One build, measured: `python -m bench.build_one SOURCE OUT DATE` prints the stage timings as JSON.

Run as its own process so that its peak memory (with Pagefind's) is its own.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from publisher.publish import build_all

    source, out, day = Path(argv[0]), Path(argv[1]), dt.date.fromisoformat(argv[2])
    timings: dict[str, float] = {}
    start = time.perf_counter()
    corpus = build_all(source, out, day, timings=timings)
    timings["total"] = time.perf_counter() - start
    print(json.dumps({"notices": len(corpus.notices), "stages_s": timings}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
