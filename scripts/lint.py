"""Content lint: ``python scripts/lint.py [文件 …]`` (``make lint`` runs it on the whole site).

Prints one line per finding, ``文件:行: 规则：问题。修改：办法``, and exits with status 1 if there
is any. With file arguments only those files are checked (paths relative to the repository).
The rules and where their data lives are described in scripts/talks_lint.py and CONTRIBUTING.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the build's own loaders and numbering table
sys.path.insert(0, str(ROOT / "scripts"))

import talks_lint  # noqa: E402
from cli import repository_files  # noqa: E402
from talks_errors import SnippetError  # noqa: E402
from talks_yaml import decode  # noqa: E402


def main(argv: list[str]) -> int:
    if argv:
        talks_lint.configure_autocorrect(ROOT)
        data = talks_lint.load_data(ROOT)
        findings = list(data.page_problems)
        paths, problems = repository_files(argv, ROOT, (".md", ".yml", ".yaml"))
        if problems:
            print("\n".join(problems))
            return 2
        for file in paths:
            path = file.relative_to(ROOT).as_posix()
            try:
                text = decode(file.read_bytes(), path)
            except SnippetError as err:
                findings.append(talks_lint.Finding(path, err.line, "示例格式", err.problem, err.fix))
                continue
            findings += talks_lint.lint_text(path, text, data)
        snippets = [p for p in paths if p.suffix in (".yml", ".yaml")]
        findings += talks_lint.build_checks(ROOT, findings, data, snippets)
        count = len(argv)
    else:
        findings, count = talks_lint.lint_repo(ROOT)
    for finding in findings:
        print(finding)
    if findings:
        print(f"\n检查了 {count} 个文件，发现 {len(findings)} 处问题。按每行“修改：”后的办法改正；"
              "确需保留的写法（例如说明“不要这样写”），见 CONTRIBUTING.md 的“内容检查”一节。")
        return 1
    print(f"检查了 {count} 个文件，没有发现问题。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
