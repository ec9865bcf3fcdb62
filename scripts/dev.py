"""Set up and run the site on any machine: ``python scripts/dev.py serve|build|test``.

``make serve`` / ``make test`` call this script; on Windows without make run it directly
(``py scripts\\dev.py serve``). It creates ``.venv`` on first use and reinstalls the pinned
packages whenever requirements*.txt change, so the two README commands work on a fresh clone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
#: Files whose change must restart `mkdocs serve`: MkDocs imports hook code once per process.
HOOK_FILES = "hooks/*.py"
ADDRESS = "127.0.0.1:8000"


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` unless the installed set is already current."""
    if sys.version_info < (3, 11):
        sys.exit("需要 Python 3.11 或更高版本（Material for MkDocs 9.8 的要求）。")
    if not PYTHON.exists():
        say(f"创建虚拟环境 {VENV.relative_to(ROOT)} …")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256()
    for name in sorted(p.name for p in ROOT.glob("requirements*.txt")):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say(f"安装 {requirements} 中固定版本的依赖 …")
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", str(ROOT / requirements)], check=True, cwd=ROOT)
    stamp.write_text(digest.hexdigest())


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def hook_snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in ROOT.glob(HOOK_FILES)}


def serve() -> int:
    """mkdocs serve with live reload; restarted when hook code changes (MkDocs caches hooks)."""
    ensure_venv("requirements.txt")
    command = [str(PYTHON), "-m", "mkdocs", "serve", "--livereload", "--dev-addr", ADDRESS]
    say(f"预览地址 http://{ADDRESS}/ ，修改 docs/、snippets/、hooks/ 后自动刷新；按 Ctrl+C 退出")
    while True:
        snapshot = hook_snapshot()
        server = subprocess.Popen(command, cwd=ROOT, env=env())
        try:
            while server.poll() is None:
                time.sleep(1)
                if hook_snapshot() != snapshot:
                    say("hooks/ 中的代码有改动，重启预览服务 …")
                    server.terminate()
                    server.wait()
                    break
            else:
                return server.returncode
        except KeyboardInterrupt:
            server.terminate()
            server.wait()
            return 0


def build() -> int:
    ensure_venv("requirements.txt")
    return subprocess.call([str(PYTHON), "-m", "mkdocs", "build", "--strict"], cwd=ROOT, env=env())


def test(args: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env())


def main(argv: list[str]) -> int:
    commands = {"serve": lambda: serve(), "build": lambda: build(), "test": lambda: test(argv[1:])}
    if not argv or argv[0] not in commands:
        print("用法：python scripts/dev.py serve|build|test [pytest 参数]")
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
