"""Set up and run the site on any machine: ``python scripts/dev.py serve|build|test``.

``make serve`` / ``make test`` call this script; on Windows without make run it directly
(``py scripts\\dev.py serve``). It creates ``.venv`` on first use and reinstalls the pinned
packages whenever requirements*.txt change, so the two README commands work on a fresh clone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
#: Files whose change must restart `mkdocs serve`: MkDocs imports hook code once per process.
HOOK_FILES = "hooks/*.py"
ADDRESS = "127.0.0.1:8000"
#: The offline package (`make offline`): a zip with one folder; open index.html in it.
OFFLINE_ZIP = ROOT / "dist" / "tanhua-zhiyin-offline.zip"
OFFLINE_FOLDER = "tanhua-zhiyin-offline"
#: npm packages the browser tests inject into pages (axe-core), pinned in tests/package-lock.json.
NODE_DIR = ROOT / "tests"


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


#: The preview renders only the pages a save changed (hooks/talks_preview.py); bench.py times it.
SERVE_ARGS = ("serve", "--livereload", "--dirty")


def hook_snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in ROOT.glob(HOOK_FILES)}


def serve() -> int:
    """mkdocs serve with live reload; restarted when hook code changes (MkDocs caches hooks)."""
    ensure_venv("requirements.txt")
    command = [str(PYTHON), "-m", "mkdocs", *SERVE_ARGS, "--dev-addr", ADDRESS]
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


def ensure_node_modules() -> None:
    """Install tests/package-lock.json (axe-core) with npm when it changed; warn if npm is missing."""
    lock = NODE_DIR / "package-lock.json"
    stamp = NODE_DIR / "node_modules" / ".installed-lock"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if not npm:
        say("未找到 npm，无障碍检查（axe-core）的测试将跳过。安装：sudo apt-get install npm")
        return
    say("安装 tests/package-lock.json 中固定版本的 npm 包（axe-core）…")
    subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"], check=True, cwd=ROOT)
    stamp.write_text(digest)


def test(args: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    ensure_node_modules()
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env())


#: The fast lane: every test that needs neither a MkDocs build nor Chromium (tests/conftest.py marks them).
FAST = ["-m", "not build and not browser"]


def test_fast(args: list[str]) -> int:
    """Pure and model tests only, for the edit–test loop (under a minute on two cores)."""
    ensure_venv("requirements-dev.txt")
    return subprocess.call([str(PYTHON), "-m", "pytest", *FAST, *args], cwd=ROOT, env=env())


def lint(args: list[str]) -> int:
    """Content lint (scripts/lint.py): every page and snippet, or the files given."""
    ensure_venv("requirements-dev.txt")
    return subprocess.call([str(PYTHON), str(ROOT / "scripts" / "lint.py"), *args], cwd=ROOT, env=env())


def offline(args: list[str]) -> int:
    """Build the offline site (Material's offline plugin) and pack it as one zip."""
    ensure_venv("requirements.txt")
    target = Path(args[0]).resolve() if args else OFFLINE_ZIP
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / OFFLINE_FOLDER
        code = subprocess.call([str(PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                               cwd=ROOT, env={**env(), "TALKS_OFFLINE": "true"})
        if code:
            return code
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(p for p in site.rglob("*") if p.is_file()):
                # Fixed dates: the same sources give the same zip.
                entry = zipfile.ZipInfo(f"{OFFLINE_FOLDER}/{file.relative_to(site).as_posix()}", (1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, file.read_bytes())
        partial.replace(target)
    say(f"离线版：{target}（解压后双击 {OFFLINE_FOLDER}/index.html 打开，无需网络）")
    return 0


def bench(args: list[str]) -> int:
    """Benchmarks (scripts/bench.py): build, scaling, live reload, search; prints a table, writes build/bench.json."""
    ensure_venv("requirements-dev.txt")
    return subprocess.call([str(PYTHON), str(ROOT / "scripts" / "bench.py"), *args], cwd=ROOT, env=env())


def main(argv: list[str]) -> int:
    commands = {"serve": lambda: serve(), "build": lambda: build(), "test": lambda: test(argv[1:]),
                "test-fast": lambda: test_fast(argv[1:]),
                "offline": lambda: offline(argv[1:]), "lint": lambda: lint(argv[1:]),
                "bench": lambda: bench(argv[1:])}
    if not argv or argv[0] not in commands:
        print("用法：python scripts/dev.py serve|build|test [pytest 参数]|test-fast [pytest 参数]|lint [文件 …]|offline [zip 路径]"
              "|bench [--quick]")
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
