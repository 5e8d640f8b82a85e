"""The one error type of rule files and formulas: a Chinese message that names the file, line and column.

Positions are 1-based and count characters (not bytes), as an editor shows them, so a clerk can
go straight to the place. The loader fills in the file; a formula fills in the place inside itself.
"""
from __future__ import annotations


class RuleError(Exception):
    def __init__(self, message: str, file: str = "", line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def where(self) -> str:
        place = self.file or "规则文件"
        if self.line is not None:
            place += f" 第 {self.line} 行"
            if self.column is not None:
                place += f"第 {self.column} 列"
        return place

    def __str__(self) -> str:
        return f"{self.where()}：{self.message}"


class EvaluationError(RuleError):
    """A formula that is well formed but cannot be computed for these values (division by zero,
    a missing table key, a result too large). At build time, in a worked example, it fails the build;
    for a user's inputs it becomes a result error in Chinese."""
