"""Shared fixtures: the real site built once, a local HTTP server, and headless Chromium."""

from __future__ import annotations

import difflib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

import talks_load
from talks_errors import SnippetError

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# --- Markers, applied by what a test uses ------------------------------------------------------
# `make test-fast` runs `-m "not build and not browser"`: the pure and model tests, no MkDocs
# build and no Chromium. Nobody marks a test by hand: a test that asks for one of these fixtures,
# or calls one of these helpers (directly or through a helper of its module), is marked.
BROWSER_FIXTURES = {"browser", "page"}
BUILD_FIXTURES = {"built_site", "site_url", "offline_site"}
BUILD_HELPERS = {"run_mkdocs", "run_dev", "subprocess"}


def _uses(function, names: set[str], seen: set | None = None) -> bool:
    """Whether ``function`` (or a function of its module it calls) refers to one of ``names``."""
    seen = seen if seen is not None else set()
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    referenced = set(code.co_names)
    for const in code.co_consts:  # nested functions and lambdas
        if hasattr(const, "co_names"):
            referenced |= set(const.co_names)
    if referenced & names:
        return True
    module = getattr(function, "__globals__", {})
    return any(_uses(module[name], names, seen) for name in referenced
               if callable(module.get(name)) and getattr(module[name], "__module__", None) == function.__module__)


def _fixture_functions(item) -> list:
    """The test function and the functions of the fixtures it uses (a fixture may build too)."""
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for name in getattr(item, "fixturenames", ()):
        for definition in (info.name2fixturedefs.get(name, ()) if info else ()):
            functions.append(definition.func)
    return [f for f in functions if f is not None]


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.build)
        elif names & BUILD_FIXTURES or any(_uses(f, BUILD_HELPERS) for f in _fixture_functions(item)):
            item.add_marker(pytest.mark.build)


#: The repository address the deploy workflow gives the build (TALKS_EDIT_URI); tests build the
#: published site with it, and check separately that a build without it shows no edit links.
DEPLOYED_EDIT_URI = "https://github.com/OWNER/REPO/edit/main/docs/"


def run_mkdocs(config_dir: Path, site_dir: Path, *extra: str,
               edit_uri: str | None = DEPLOYED_EDIT_URI) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` exactly as a maintainer runs it, in ``config_dir``
    (as the deploy workflow builds it, unless ``edit_uri`` is None)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    env.pop("TALKS_EDIT_URI", None)
    if edit_uri is not None:
        env["TALKS_EDIT_URI"] = edit_uri
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=config_dir, capture_output=True, text=True, encoding="utf-8", env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def types():
    """The talk types the repository's guidance pages declare."""
    return talks_load.load_types(ROOT / "docs")


@pytest.fixture(scope="session")
def regulations():
    """The regulation titles listed on the 法规依据 page."""
    return talks_load.load_regulations((ROOT / "docs/reference/regulations.md").read_text("utf-8"))


@pytest.fixture()
def repo_copy(tmp_path) -> Path:
    """A throwaway copy of the sources, for tests that plant mistakes."""
    copy = tmp_path / "repo"
    for name in ("docs", "hooks", "schema", "snippets"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):  # the guide is a page of the site (参与维护)
        shutil.copy(ROOT / name, copy / name)
    return copy


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 (a random free port) for the browser tests."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def missing_tool(message: str, what: str) -> None:
    """Skip loudly on a developer's machine; fail in CI (CI=true), where the tool must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    print(f"\n\n{'!' * 70}\n!! {message}\n!! {what}已跳过。\n{'!' * 70}\n", file=sys.stderr)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not CHROMIUM.exists():
        missing_tool("未找到 /usr/bin/chromium，浏览器测试无法运行。"
                     "安装方法（Debian/Ubuntu）：sudo apt-get install chromium", "浏览器测试")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def guarded_context(browser, allowed):
    """A desktop context that may use the clipboard and downloads; every request whose URL
    ``allowed(url)`` rejects is aborted and recorded in ``context.outside``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.outside = []

    def guard(route):
        if allowed(route.request.url):
            route.continue_()
        else:
            context.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


# --- Shared by the determinism tests: trees of built files and their differences --------------

#: Not part of a checkout: environments, outputs and caches.
IGNORED = shutil.ignore_patterns(".venv", "site", "build", "dist", "__pycache__", "*.pyc", ".pytest_cache",
                                 ".hypothesis", ".cache", "node_modules")


def source_date_epoch() -> str:
    out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "1767225600"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """One line per file that differs, with the first differing text for a quick diagnosis."""
    found = [f"only in one build: {name}" for name in sorted(a.keys() ^ b.keys())]
    for name in sorted(a.keys() & b.keys()):
        if a[name] == b[name]:
            continue
        first = next(i for i, (x, y) in enumerate(zip(a[name] + b"\0", b[name] + b"\1")) if x != y)
        context = (a[name][max(0, first - 60): first + 60], b[name][max(0, first - 60): first + 60])
        if name.endswith((".html", ".json", ".js", ".xml", ".css", ".txt")):
            diff = difflib.unified_diff(a[name].decode("utf-8", "replace").splitlines(),
                                        b[name].decode("utf-8", "replace").splitlines(), lineterm="", n=0)
            context = "\n      ".join(list(diff)[2:8])
        found.append(f"{name} (differs at byte {first}): {context}")
    return found



# --- Shared by the snippet error and schema tests: a minimal valid snippet -----------------------

PATH = "snippets/zhengzhi-jiandu/ceshi.yml"

VALID = """\
# 测试用的最小示例
标题: 测试谈话
谈话类型: 政治监督谈话
谈话人: 县委书记
谈话对象: 乡镇党委书记
场景: 乡镇（街道）
适用情形: 年度谈话。
依据:
  - 《中国共产党党内监督条例》第二十一条
正文:
  - 部分: 开场白
    内容:
      - 【谈话对象姓名】同志，今天我与你进行政治监督谈话。
  - 部分: 总体评价
    标题: 总体评价
    内容:
      - 总体评价的文字。
  - 部分: 问题与不足
    标题: 问题与不足
    编号: 一是
    内容:
      - 引出问题。
      - 要点: 思想政治建设方面。
        内容:
          - 具体问题。
  - 部分: 几点要求
    标题: 几点要求
    内容:
      - 提出要求。
  - 部分: 征求意见
    内容:
      - 请你谈谈意见。
"""


def load(source: str | bytes, types, regulations, path: str = PATH):
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return talks_load.load_talk(raw, path, types, regulations)


def error_of(source, types, regulations, path: str = PATH) -> SnippetError:
    with pytest.raises(SnippetError) as caught:
        load(source, types, regulations, path)
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- The offline package, shared by the offline tests of the toolkit and the composer -------------

#: The one folder inside the offline zip.
FOLDER = "tanhua-zhiyin-offline"


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The zip made by the documented command (scripts/dev.py offline = make offline)."""
    target = tmp_path_factory.mktemp("offline") / "site.zip"
    result = subprocess.run([sys.executable, str(ROOT / "scripts/dev.py"), "offline", str(target)],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return target


@pytest.fixture(scope="session")
def offline_site(offline_zip, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder / FOLDER
