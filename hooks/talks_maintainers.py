"""What each page tells about its source: the "编辑此页" link, the "最后更新" date, the guide.

- Dates come from git history with ONE ``git log`` call per build (not one per page, which
  would cost a process per page); outside a git checkout, or without git, pages simply show no
  date and the build goes on.
- Every page's edit link points at the file a maintainer edits: ``docs/…`` for pages, the
  snippet for a generated example page, ``CONTRIBUTING.md`` for the published guide.
- ``CONTRIBUTING.md`` lives at the repository root (where GitHub shows it); the site publishes
  the same text as ``contributing.md``, with links rewritten for the site.

No MkDocs import here: tests call these functions directly.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

#: Where the guide is published on the site (relative to docs/).
CONTRIBUTING_PAGE = "contributing.md"


def last_changed(root: Path) -> tuple[dict[str, date], str]:
    """Repository path → date of the last commit that touched it; and why it is empty, if it is.

    One ``git log`` over the whole history, newest first: the first date seen for a path is its
    last change. A shallow clone knows only its own commits (CI must fetch the full history).
    """
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%cs", "--name-only", "--no-renames",
             "--relative", "--", "."],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return {}, f"无法运行 git（{err.__class__.__name__}）"
    if result.returncode != 0:
        return {}, "不在 git 仓库中" if "not a git repository" in result.stderr else result.stderr.strip()
    changed: dict[str, date] = {}
    current: date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:])
        elif line and current and line not in changed:
            changed[line] = current
    return changed, ""


def chinese_date(day: date) -> str:
    """2026-05-01 → 2026年5月1日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def latest(changed: dict[str, date], sources: list[str]) -> date | None:
    days = [changed[s] for s in sources if s in changed]
    return max(days) if days else None


def tidy_edit_url(url: str | None) -> str | None:
    """``…/edit/main/docs/../snippets/a.yml`` → ``…/edit/main/snippets/a.yml``.

    MkDocs joins ``edit_uri`` and a file's ``edit_uri`` with ``urljoin``, which resolves ``..``
    only against a ``repo_url``; this site sets no ``repo_url`` (Material would call
    api.github.com for it), so the dots are resolved here.
    """
    if not url:
        return url
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")
    return urlunsplit(parts._replace(path=path))


_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def contributing_page(text: str, edit_base: str | None) -> str:
    """CONTRIBUTING.md as a site page: ``docs/x.md`` links become site links, other files repo links."""

    def rewrite(match: re.Match) -> str:
        words, target = match.group(1), match.group(2)
        if re.match(r"^[a-z]+:|^#", target):
            return match.group(0)
        if target.startswith("docs/"):
            return f"[{words}]({target[len('docs/'):]})"
        if edit_base:  # a file outside docs/: show it in the repository
            return f"[{words}]({tidy_edit_url(edit_base.replace('/edit/', '/blob/') + '../' + target)})"
        return words if words.strip("`") == target else f"{words}（`{target}`）"

    front = "---\ntitle: 参与维护\ndescription: 怎样新增示例谈话、规范用语和谈话类型，预览、检查和提交修改\n---\n\n"
    return front + _LINK.sub(rewrite, text)
