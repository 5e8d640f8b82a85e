"""What a long build is doing, as it does it.

On a terminal: one line that shows the stage, n/total and the time spent and still expected, in
Chinese, redrawn in place; each finished stage is left as a line with its time. In a log (not a
terminal): one line per finished stage with its time, nothing redrawn. A silent Progress (the
library default) prints nothing.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import TextIO

REDRAW_EVERY_S = 0.1


def duration(seconds: float) -> str:
    """12.3 秒, 1 分 05 秒, 1 小时 02 分."""
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} 分 {secs:02d} 秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes:02d} 分"


class Stage:
    def __init__(self, progress: "Progress", name: str, total: int | None) -> None:
        self.progress, self.name, self.total = progress, name, total
        self.done = 0
        self.start = time.monotonic()
        self.note = ""

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done += n
        if note:
            self.note = note
        self.progress._draw(self)

    def line(self) -> str:
        elapsed = time.monotonic() - self.start
        parts = [self.name]
        if self.total:
            parts.append(f"{self.done}/{self.total}")
        parts.append(f"已用 {duration(elapsed)}")
        if self.total and 0 < self.done < self.total:
            parts.append(f"预计还需 {duration(elapsed / self.done * (self.total - self.done))}")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)


class Progress:
    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None) -> None:
        self.stream = stream
        self.interactive = bool(stream is not None and (stream.isatty() if interactive is None else interactive))
        self.start = time.monotonic()
        self.times: dict[str, float] = {}
        self._drawn_at = 0.0
        self._width = 0

    @classmethod
    def silent(cls) -> "Progress":
        return cls(None)

    @contextmanager
    def stage(self, name: str, total: int | None = None):
        stage = Stage(self, name, total)
        self._draw(stage, force=True)
        try:
            yield stage
        finally:
            seconds = time.monotonic() - stage.start
            self.times[name] = self.times.get(name, 0.0) + seconds
            count = f"（{stage.done}/{stage.total}）" if stage.total else ""
            self.log(f"{name}{count}：{duration(seconds)}" + (f"，{stage.note}" if stage.note else ""))

    def log(self, text: str) -> None:
        """A line that stays (in a log, or above the redrawn line on a terminal)."""
        if self.stream is None:
            return
        self._clear()
        print(text, file=self.stream, flush=True)

    def _draw(self, stage: Stage, force: bool = False) -> None:
        if not self.interactive:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < REDRAW_EVERY_S and stage.done != stage.total:
            return
        self._drawn_at = now
        text = stage.line()
        self._clear()
        self.stream.write(text)
        self.stream.flush()
        self._width = _display_width(text)

    def _clear(self) -> None:
        if self.interactive and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self._width = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def _display_width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def for_terminal(stream: TextIO = sys.stderr) -> Progress:
    return Progress(stream)


__all__ = ["Progress", "Stage", "duration", "for_terminal"]
