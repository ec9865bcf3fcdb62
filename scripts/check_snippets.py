"""Check worked example files without building the site: ``python scripts/check_snippets.py [文件 …]``.

With no arguments every file under snippets/ is checked. Prints one line per file: OK with the
length of its talk text, or the problem with file, line and fix. Exit status 1 if any failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the build's own loaders: the same checks as the build

import talks_load  # noqa: E402
from cli import repository_files  # noqa: E402
import talks_site  # noqa: E402
from talks_errors import SnippetError  # noqa: E402


def main(argv: list[str]) -> int:
    docs = ROOT / "docs"
    try:
        types = talks_load.load_types(docs)
        regulations = talks_load.load_regulations(talks_site.read_page(docs, talks_site.REGULATIONS_PAGE))
        generic = talks_load.load_generic_placeholders(talks_site.read_page(docs, talks_site.WRITING_PAGE))
    except SnippetError as err:
        print(err)
        return 1
    files, problems = repository_files(argv, ROOT, (".yml", ".yaml"))
    if problems:
        print("\n".join(problems))
        return 2
    files = files or sorted((ROOT / "snippets").rglob("*.yml"))
    failed = 0
    for file in files:
        path = file.relative_to(ROOT).as_posix()
        try:
            talk = talks_load.load_talk(file.read_bytes(), path, types, regulations, generic)
        except SnippetError as err:
            failed += 1
            print(err)
            continue
        print(f"{path}: OK（{talk.type_name}，正文 {talk.text_length} 字）")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
