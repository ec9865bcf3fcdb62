"""The one error type a maintainer sees: where, what, and how to fix it."""

from __future__ import annotations


class SnippetError(Exception):
    """A mistake in a maintainer's file, reported as ``path:line: 问题。修改：办法``."""

    def __init__(self, path: str, line: int, problem: str, fix: str = "", field: str = ""):
        self.path = path
        self.line = line
        self.problem = problem
        self.fix = fix
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: "
        subject = f"字段“{self.field}”：" if self.field else ""
        problem = self.problem.rstrip("。")
        ending = "" if problem.endswith(("？", "！")) else "。"
        fix = f"{ending}修改：{self.fix}" if self.fix else ""
        return f"{where}{subject}{problem}{fix}"
