"""Command-line arguments of the maintainers' scripts: files checked before use, errors in Chinese.

A maintainer may pass a file outside the repository, a misspelt name or a folder; each gets one
clear line instead of a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def repository_files(names: list[str], root: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """The named files as absolute paths inside ``root``, and a message for every name that is not one."""
    files: list[Path] = []
    problems: list[str] = []
    kinds = "、".join(suffixes)
    for name in names:
        path = Path(name).resolve()
        if not path.exists():
            problems.append(f"{name}: 找不到这个文件。修改：检查路径和文件名（路径相对于当前目录）")
        elif not path.is_file():
            problems.append(f"{name}: 这是一个文件夹，不是文件。修改：写出文件夹里要检查的文件，或不写参数检查全部文件")
        elif not path.is_relative_to(root):
            problems.append(f"{name}: 不在本仓库（{root}）中。修改：只能检查仓库里的页面和示例文件")
        elif path.suffix not in suffixes:
            problems.append(f"{name}: 不是可检查的文件类型。修改：只能检查 {kinds} 文件")
        else:
            files.append(path)
    return files, problems


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse whose own complaints (unknown option, missing value) are said in Chinese."""

    def error(self, message: str) -> None:  # noqa: D401 (argparse's name)
        self.print_usage(sys.stderr)
        print(f"{self.prog}：参数有误（{message}）。运行 {self.prog} --help 查看可用的参数。", file=sys.stderr)
        sys.exit(2)
