"""Benchmark the site: ``make bench`` (or ``python scripts/dev.py bench``).

Prints a table and writes it as JSON (default ``build/bench.json``). Every figure is a median of
several runs; every comparison is a ratio of figures from the same run. Nothing here touches the
working tree: each part works in a temporary copy of the repository.

    hook overhead   full build vs. a plain Material build of the same pages (hooks off)
    scaling         build time and peak memory at 1×, 5× and 20× the worked examples
    profile         share of build time: loading, rendering, jieba, Markdown, templates, rest
    live reload     save one snippet → the served page shows the change (mkdocs serve)
    search          index ready after the search box gets focus (the index loads only then),
                    keystroke latency with whole queries and typing character by character,
                    in headless Chromium, 1× and 20×; search index size against its plain text
    page weight     transferred bytes (and gzipped) and requests, home and one example page, uncached
    fuzzing         10,000 random inputs through the snippet loader (tests/test_fuzz_loader.py)

It is a measurement, not a test: it never fails on a number (exit status 1 only if a build
fails). Usage: ``python scripts/bench.py [--runs N] [--quick] [--skip PART …]``.
"""

from __future__ import annotations

import cProfile
import functools
import gzip
import html
import http.server
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli import ChineseArgumentParser  # noqa: E402
from dev import SERVE_ARGS  # noqa: E402  (time the preview exactly as make serve runs it)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Not copied into the temporary trees: environments, outputs and caches.
IGNORED = shutil.ignore_patterns(".venv", "site", "build", "dist", "__pycache__", "*.pyc", ".pytest_cache",
                                 ".hypothesis", ".cache", "node_modules")
PARTS = ("overhead", "scaling", "profile", "reload", "search", "composer", "fuzz")

# The targets, checked in the table.
TARGET_OVERHEAD = 1.10
TARGET_SCALING = 20.0
#: Live reload, save → page updated, per factor of today's examples.
TARGET_RELOAD_S = {1: 1.0, 20: 2.0}
TARGET_INDEX_READY_MS = 300.0  # after the search box gets focus, 1× (issue 13)
TARGET_P95_MS = 100.0
#: The composer (issue 11): page ready after load; a Word file of a 3,000-character talk.
TARGET_COMPOSER_READY_MS = 1000.0
TARGET_COMPOSER_WORD_MS = 200.0
#: Typing character by character (issue 13): p95 keystroke → results per factor of the examples.
TARGET_TYPING_P95_MS = {"1x": 50.0, "20x": 100.0}
TARGET_FIRST_LOAD_GZIP = 150 * 1024
#: A drafter typing one character at a time.
TYPING_INTERVAL_MS = 100


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Building ----------------------------------------------------------------------------------

def source_date_epoch() -> str:
    """The commit time of HEAD (so two runs of one commit agree), or a fixed date outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except OSError:
        pass
    return "1767225600"  # 2026-01-01


def build_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1",
            "SOURCE_DATE_EPOCH": source_date_epoch(), **extra}


def copy_repo(destination: Path) -> Path:
    """The working tree (with .git, so git-based hooks behave as in the repository)."""
    shutil.copytree(ROOT, destination, ignore=IGNORED, symlinks=True)
    return destination


class BuildFailed(RuntimeError):
    pass


def run_build(config_dir: Path, site_dir: Path, config_file: str = "mkdocs.yml",
              env: dict[str, str] | None = None) -> tuple[float, float | None, float | None]:
    """`mkdocs build --strict` in a fresh process: wall seconds, CPU seconds and peak RSS in MB.

    CPU time (user + system of the build process) is what the ratios use: other work on the
    machine stretches wall time but hardly the build's own CPU time. None where the OS has no
    rusage (Windows): then wall time stands in for it.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config_file, "-d", str(site_dir)]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config_dir, stdout=subprocess.DEVNULL, stderr=errors,
                                   env=env or build_env())
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # Windows: no rusage
            process.wait()
            seconds = time.perf_counter() - start
            cpu, peak = None, None
        if process.returncode:
            errors.seek(0)
            raise BuildFailed(f"mkdocs build failed in {config_dir}:\n{errors.read().decode('utf-8', 'replace')}")
    return seconds, cpu, peak


def median_build(config_dir: Path, runs: int, config_file: str = "mkdocs.yml") -> dict:
    times, cpus, peaks = [], [], []
    run_build(config_dir, config_dir / ".bench-warmup")  # compiles the copy's hook modules, fills caches
    for index in range(runs):
        seconds, cpu, peak = run_build(config_dir, config_dir / f".bench-site-{index}", config_file)
        times.append(seconds)
        cpus.append(cpu if cpu is not None else seconds)
        peaks.append(peak)
    return {"seconds": statistics.median(times), "runs": times, "cpu_seconds": statistics.median(cpus),
            "cpu_runs": cpus, "peak_mb": _median_or_none(peaks)}


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html")) if site.exists() else 0


def count_examples(site: Path) -> int:
    """Generated example pages: site/examples/<type>/<slug>/index.html."""
    return sum(1 for _ in (site / "examples").glob("*/*/index.html"))


# --- 1. Hook overhead: the same pages as plain Markdown, hooks off ------------------------------

#: A hook added after the project's own: writes every page's final Markdown, every generated
#: non-page file and the expanded nav, so that a plain build can serve the very same pages.
CAPTURE_HOOK = '''
import json, os
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_CAPTURE"])

@event_priority(-100)
def on_config(config):
    (OUT / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), "utf-8")

@event_priority(-100)
def on_files(files, *, config):
    for file in files:
        if file.generated_by is not None and not file.is_documentation_page():
            target = OUT / "docs" / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content_bytes)

@event_priority(-100)
def on_page_markdown(markdown, *, page, config, files):
    target = OUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.safe_dump(dict(page.meta), allow_unicode=True) if page.meta else ""
    target.write_text((f"---\\n{meta}---\\n\\n" if meta else "") + markdown, "utf-8")
'''


def mkdocs_config(config_dir: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader: understands !ENV, !!python/…

    with open(config_dir / "mkdocs.yml", encoding="utf-8") as handle:
        return yaml_load(handle)


def make_plain_copy(copy: Path) -> int:
    """Write ``mkdocs-plain.yml`` in ``copy``: the pages the hooks produce, as files; hooks off."""
    capture = copy / ".bench-capture"
    (capture / "docs").mkdir(parents=True)
    hook = copy / ".bench-capture-hook.py"
    hook.write_text(CAPTURE_HOOK, "utf-8")
    config = mkdocs_config(copy)
    hooks = list(config.get("hooks") or []) + [hook.name]
    (copy / "mkdocs-capture.yml").write_text(
        f"INHERIT: mkdocs.yml\nhooks: {json.dumps(hooks)}\n", "utf-8")
    run_build(copy, copy / ".bench-capture-site", "mkdocs-capture.yml", build_env(BENCH_CAPTURE=str(capture)))
    plain_docs = copy / "docs-plain"
    shutil.copytree(Path(copy / config.get("docs_dir", "docs")), plain_docs)
    shutil.copytree(capture / "docs", plain_docs, dirs_exist_ok=True)
    nav = json.loads((capture / "nav.json").read_text("utf-8"))
    (copy / "mkdocs-plain.yml").write_text(
        "INHERIT: mkdocs.yml\ndocs_dir: docs-plain\nhooks: []\nwatch: []\n"
        f"nav: {json.dumps(nav, ensure_ascii=False)}\n", "utf-8")
    return count_pages(copy / ".bench-capture-site")


def bench_overhead(work: Path, runs: int) -> dict:
    copy = copy_repo(work / "overhead")
    pages = make_plain_copy(copy)
    runs_of: dict[str, dict[str, list]] = {k: {"wall": [], "cpu": [], "peak": []} for k in ("hooks", "plain")}
    run_build(copy, copy / ".bench-warmup")  # compiles the copy's hook modules and fills jieba's cache
    for index in range(runs):  # alternate, so that drift of the machine hits both alike
        for kind, config_file in (("hooks", "mkdocs.yml"), ("plain", "mkdocs-plain.yml")):
            seconds, cpu, peak = run_build(copy, copy / f".bench-{kind}-{index}", config_file)
            runs_of[kind]["wall"].append(seconds)
            runs_of[kind]["cpu"].append(cpu if cpu is not None else seconds)
            runs_of[kind]["peak"].append(peak)
    median = {kind: {k: _median_or_none(v) for k, v in values.items()} for kind, values in runs_of.items()}
    identical = trees_identical(copy / ".bench-hooks-0", copy / f".bench-hooks-{runs - 1}")
    return {"pages": pages, "plain_pages": count_pages(copy / ".bench-plain-0"),
            "hooks_seconds": median["hooks"]["wall"], "plain_seconds": median["plain"]["wall"],
            "hooks_cpu_seconds": median["hooks"]["cpu"], "plain_cpu_seconds": median["plain"]["cpu"],
            "ratio": median["hooks"]["cpu"] / median["plain"]["cpu"],
            "wall_ratio": median["hooks"]["wall"] / median["plain"]["wall"],
            "hooks_peak_mb": median["hooks"]["peak"], "plain_peak_mb": median["plain"]["peak"],
            "runs": runs_of, "repeat_builds_identical": identical, "site": str(copy / ".bench-hooks-0")}


def _median_or_none(values):
    return statistics.median(values) if values and None not in values else None


def trees_identical(a: Path, b: Path) -> list[str] | bool:
    """True, or the files that differ between two built sites."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b) + sorted(
        f for f in files_a & files_b if (a / f).read_bytes() != (b / f).read_bytes())
    return differ or True


# --- 2. Scaling: synthetic copies of every snippet with new slugs ------------------------------

def multiply_snippets(copy: Path, factor: int) -> int:
    """Add ``factor - 1`` copies of each snippet (new file name, title marked); return the count."""
    originals = sorted(p for p in (copy / "snippets").rglob("*.yml"))
    for original in originals:
        text = original.read_text("utf-8")
        for k in range(2, factor + 1):
            variant = re.sub(r"^(标题:\s*)(.+?)\s*$", lambda m: f"{m.group(1)}{m.group(2)}（样本{k}）", text,
                             count=1, flags=re.M)
            original.with_name(f"{original.stem}-x{k}.yml").write_text(variant, "utf-8")
    return len(originals) * factor


def bench_scaling(work: Path, factors: tuple[int, ...], runs: int) -> dict:
    results: dict[str, dict] = {}
    for factor in factors:
        copy = copy_repo(work / f"scale-{factor}")
        snippets = multiply_snippets(copy, factor)
        say(f"scaling: {factor}× ({snippets} snippets), {runs} builds …")
        built = median_build(copy, runs)
        site = copy / ".bench-site-0"
        pages, examples = count_pages(site), count_examples(site)
        results[f"{factor}x"] = {"factor": factor, "snippets": snippets, "pages": pages, "example_pages": examples,
                                 **built, "ms_per_page": 1000 * built["cpu_seconds"] / pages, "site": str(site)}
    base = results[f"{factors[0]}x"]
    for entry in results.values():
        entry["time_ratio"] = entry["cpu_seconds"] / base["cpu_seconds"]
        entry["wall_ratio"] = entry["seconds"] / base["seconds"]
        added = entry["example_pages"] - base["example_pages"]
        entry["marginal_ms_per_example"] = 1000 * (entry["cpu_seconds"] - base["cpu_seconds"]) / added if added else None
    return results


# --- 3. Where the time goes: one profiled build -----------------------------------------------

def profile_build(config_dir: Path, out: Path) -> None:
    """Run in a child process (``--profile-build``): fresh module state, one build under cProfile."""
    started = time.perf_counter()
    os.chdir(config_dir)
    sys.path.insert(0, str(config_dir / "hooks"))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import jieba

    imported = time.perf_counter()
    jieba.setLogLevel(60)
    jieba.initialize()  # the dictionary load: once per process, reported apart from the build
    initialized = time.perf_counter()
    config = load_config("mkdocs.yml", site_dir=str(config_dir / ".bench-profile-site"))
    profiler = cProfile.Profile()
    profiler.enable()
    build(config)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, name) → (cc, nc, tt, ct, callers)

    def cumulative(test) -> float:
        return sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items() if test(file.replace("\\", "/"), name))

    total = cumulative(lambda f, n: f.endswith("mkdocs/commands/build.py") and n == "build")
    load = cumulative(lambda f, n: f.endswith("hooks/talks.py") and n == "on_config")
    hook_other = cumulative(lambda f, n: f.endswith("hooks/talks.py") and n.startswith("on_") and n != "on_config")
    jieba_cut = cumulative(lambda f, n: f.endswith("jieba/__init__.py") and n == "cut")
    search = cumulative(lambda f, n: f.endswith("material/plugins/search/plugin.py")
                        and n in ("on_page_context", "on_post_build"))
    markdown = cumulative(lambda f, n: f.endswith("markdown/core.py") and n == "convert")
    templates = cumulative(lambda f, n: f.endswith("jinja2/environment.py") and n == "render")
    shares = {
        "hooks: load and check (on_config)": load,
        "hooks: generate pages and files (other events)": hook_other,
        "jieba segmentation (search index)": jieba_cut,
        "search index, other": search - jieba_cut,
        "Markdown → HTML": markdown,
        "templates (Jinja, incl. nav)": templates,
    }
    shares["rest of MkDocs/Material"] = total - sum(shares.values())

    def entered(module: str) -> float:
        """Time in a hook module's functions when called from outside it (inclusive)."""
        return sum(edge[3] for (file, _, _), (_, _, _, _, callers) in stats.items() if file.endswith(module)
                   for (caller, _, _), edge in callers.items() if not caller.endswith(module))

    within = {"in both: .docx downloads (talks_docx)": entered("hooks/talks_docx.py"),
              "in both: schema validation (talks_schema)": entered("hooks/talks_schema.py"),
              "in both: YAML parsing (talks_yaml)": entered("hooks/talks_yaml.py")}
    out.write_text(json.dumps({
        "profiled_build_seconds": total,
        "shares": {k: v / total for k, v in shares.items()},
        "hook_parts": {k: v / total for k, v in within.items() if v},
        "seconds": shares,
        "process_startup_seconds": {"imports": imported - started, "jieba_dictionary": initialized - imported},
    }, ensure_ascii=False, indent=1), "utf-8")


def bench_profile(work: Path) -> dict:
    copy = work / "overhead" if (work / "overhead").exists() else copy_repo(work / "profile")
    out = work / "profile.json"
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--profile-build", str(copy), str(out)],
                   check=True, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text("utf-8"))


# --- 4. Live reload: save a snippet, wait for the served page to change -----------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far; None where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def bench_reload(work: Path, edits: int, factor: int = 1) -> dict:
    """Save one snippet ``edits`` times under ``make serve``'s command; time save → page changed."""
    copy = copy_repo(work / f"reload-{factor}")
    snippet = sorted((copy / "snippets").rglob("*.yml"))[0]
    if factor > 1:
        multiply_snippets(copy, factor)
    url_path = f"examples/{snippet.parent.name}/{snippet.stem}/"
    port = free_port()
    log = (work / "serve.log").open("w+", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=copy, stdout=log, stderr=subprocess.STDOUT, env=build_env(),
                              start_new_session=os.name != "nt")
    url = f"http://127.0.0.1:{port}/{url_path}"
    latencies: list[float] = []
    cpu: list[float] = []
    try:
        deadline = time.monotonic() + 600
        while "适用情形" not in fetch(url):
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise BuildFailed(f"mkdocs serve did not start:\n{log.read()}")
            time.sleep(0.2)
        original = snippet.read_text("utf-8")
        for index in range(edits):
            time.sleep(1.0)  # let the watcher settle, as between two saves by hand
            marker = f"基准测试标记{index}{int(time.time())}"
            edited = re.sub(r"^(适用情形:\s*)(.+?)\s*$", lambda m: f"{m.group(1)}{m.group(2)}{marker}", original,
                            count=1, flags=re.M)
            used = process_cpu(server.pid)
            saved = time.perf_counter()
            snippet.write_text(edited, "utf-8")
            while marker not in fetch(url):
                if time.perf_counter() - saved > 60:
                    raise BuildFailed("live reload: the page did not change within 60 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - saved)
            time.sleep(0.5)  # the rest of the rebuild (search index, sitemap) is written after the page
            if used is not None:
                cpu.append(process_cpu(server.pid) - used)
    finally:
        if os.name == "nt":
            server.terminate()
        else:
            os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.seek(0)
        rebuilds = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", log.read())]
        log.close()
    return {"factor": factor, "edits": edits, "seconds": statistics.median(latencies), "max_seconds": max(latencies),
            "runs": latencies,
            "rebuild_cpu_seconds": statistics.median(cpu) if cpu else None, "cpu_runs": cpu,
            "rebuild_seconds_reported_by_mkdocs": statistics.median(rebuilds[1:]) if len(rebuilds) > 1 else None,
            "first_build_seconds": rebuilds[0] if rebuilds else None, "page": url_path}


# --- 5. Search and page weight in headless Chromium -------------------------------------------

#: Record when Material's search worker reports its index ready (message type 1 = READY).
WATCH_WORKER = """
(() => {
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 1 && !window.__searchReady) window.__searchReady = performance.now();
      });
    }
  };
})();
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_directory(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def index_size(site: Path) -> dict:
    """The search index against the plain text it indexes (titles and section text, no markup)."""
    raw = (site / "search/search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]
    tag = re.compile(r"<[^>]+>")

    def plain(text: str) -> str:
        return re.sub(r"\s+", " ", html.unescape(tag.sub(" ", text)).replace("\u200b", "")).strip()

    text = "\n".join(plain(d.get("title", "")) + "\n" + plain(d.get("text", "")) for d in docs)
    by_page: dict[str, int] = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, 0) + len(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    largest = sorted(by_page.items(), key=lambda kv: -kv[1])[:3]
    plain_bytes = len(text.encode("utf-8"))
    return {"index_bytes": len(raw), "index_gzip_bytes": len(gzip.compress(raw, 9)), "plain_text_bytes": plain_bytes,
            "ratio": len(raw) / plain_bytes, "entries": len(docs),
            "largest_pages": [{"page": p or "(home)", "share": b / len(raw)} for p, b in largest]}


def bench_browser(sites: dict[str, Path], example_page: str, loads: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import search_harness  # the query set and search box driver of tests/ (issue 4)
    except ImportError:
        search_harness = None
    results: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, site in sites.items():
                url, server = serve_directory(site)
                try:
                    entry = results[label] = {"index": index_size(site), "pages": count_pages(site)}
                    entry["index_ready_ms"] = _index_ready(browser, url, loads)
                    if search_harness is not None:
                        entry.update(_latency(browser, url, search_harness, rounds))
                    if label == "1x":
                        entry["page_weight"] = {name: _page_weight(browser, f"{url}/{path}")
                                                for name, path in (("home", ""), ("example", example_page))}
                finally:
                    server.shutdown()
        finally:
            browser.close()
    return results


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(_watch_worker())
    return context, context.new_page()


def _watch_worker() -> str:
    """The worker watch of tests/search_harness.py (queries, answers, READY), else the one above."""
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        import search_harness
        return search_harness.WATCH_WORKER
    except ImportError:
        return WATCH_WORKER


def _index_ready(browser, url: str, loads: int) -> dict:
    """Milliseconds from focusing the search box to the worker's READY (the index is requested only
    then), each load in a fresh, uncached context, once the page has loaded. READY comes when
    titles are indexed; the full text follows (talksSearch.setup)."""
    times, full = [], []
    for _ in range(loads):
        context, page = _new_page(browser)
        page.goto(url + "/", wait_until="networkidle")
        start = page.evaluate("() => performance.now()")
        page.locator("input.md-search__input").focus()
        page.wait_for_function("() => window.__searchReady", timeout=120_000)
        times.append(page.evaluate("() => window.__searchReady") - start)
        if page.evaluate("() => typeof talksSearchPage !== 'undefined'"):  # titles first, then full text
            page.wait_for_function("() => window.__searchComplete", timeout=120_000)
        full.append(page.evaluate("() => window.__searchComplete || window.__searchReady") - start)
        context.close()
    return {"median": statistics.median(times), "runs": times,
            "full_text_median": statistics.median(full), "full_text_runs": full}


def _latency(browser, url: str, search_harness, rounds: int) -> dict:
    queries = search_harness.load_queries()[:30]
    context, page = _new_page(browser)
    try:
        box = search_harness.SearchBox(page, url)
        page.wait_for_function("() => window.__searchReady", timeout=120_000)
        box.run(queries[0].query, timeout_ms=60_000)  # warm-up: the first search is not a keystroke figure
        latencies = []
        for _ in range(rounds):
            box.clear()
            latencies += [o.latency_ms for o in search_harness.run_query_set(box, queries).outcomes]
        # a drafter typing one character every 100 ms: keystroke → results at least that fresh
        typing = search_harness.type_char_by_char(box, queries, TYPING_INTERVAL_MS)
    finally:
        context.close()
    return {"queries": len(queries), "searches": len(latencies), "latency_p50_ms": statistics.median(latencies),
            "latency_p95_ms": percentile(latencies, 0.95), "latency_max_ms": max(latencies),
            "typing_interval_ms": TYPING_INTERVAL_MS, "typing_keystrokes": len(typing),
            "typing_p50_ms": statistics.median(typing) if typing else None,
            "typing_p95_ms": percentile(typing, 0.95) if typing else None,
            "typing_max_ms": max(typing) if typing else None}


def _page_weight(browser, url: str) -> dict:
    """Requests and bytes of one uncached first load, until the network is idle (search untouched:
    the index is requested only when the reader starts to search)."""
    context, page = _new_page(browser)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    transferred = body = gzipped = 0
    kinds: dict[str, int] = {}
    for request in finished:
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        body += sizes["responseBodySize"]
        response = request.response()
        content = response.body() if response else b""
        gzipped += len(gzip.compress(content, 6))
        kinds[request.resource_type] = kinds.get(request.resource_type, 0) + 1
    context.close()
    return {"requests": len(finished), "transferred_bytes": transferred, "body_bytes": body,
            "gzip_body_bytes": gzipped, "by_type": kinds}


# --- 6. Fuzzing the snippet loader ------------------------------------------------------------

# --- 6. The composer (起草台) in headless Chromium ---------------------------------------------

#: A draft of about 3,000 characters: the example's paragraphs repeated into one part each.
COMPOSER_WORD = """(target) => {
  const d = JSON.parse(JSON.stringify(talkComposer.draft()));
  const texts = d.parts.flatMap(p => p.paras.map(x => x.text)).filter(Boolean);
  let chars = 0, i = 0;
  d.parts.forEach(p => { p.paras = []; });
  while (chars < target) {
    const text = texts[i % texts.length];
    d.parts[i % d.parts.length].paras.push({id: "b" + i, kind: "para", style: i % 3 ? "" : "（一）", lead: "", text});
    chars += text.length; i++;
  }
  talkComposer.docx(d);  // warm
  const times = [];
  for (let k = 0; k < 15; k++) { const t = performance.now(); talkComposer.docx(d); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  return {chars, median: times[7], max: times[14]};
}"""


def bench_composer(site: Path, loads: int) -> dict:
    """Milliseconds from navigation start to the composer ready (an example's draft shown), each in
    a fresh context; and the time to make the Word file of a 3,000-character talk."""
    from playwright.sync_api import sync_playwright

    url, server = serve_directory(site)
    example = next(p.parent.name for p in sorted(site.glob("examples/*/*/index.html")))
    ready = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                for _ in range(loads):
                    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                    page = context.new_page()
                    page.goto(f"{url}/compose/?example={example}")
                    page.wait_for_function("() => window.talkComposerReady", timeout=60_000)
                    ready.append(page.evaluate("() => window.talkComposerReady"))
                    if len(ready) == loads:
                        word = page.evaluate(COMPOSER_WORD, 3000)
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    return {"ready_ms": statistics.median(ready), "ready_runs": ready, "word_ms": word["median"],
            "word_max_ms": word["max"], "word_chars": word["chars"]}


def bench_fuzz(cases: int) -> dict:
    sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]
    import test_fuzz_loader

    per_strategy = max(1, cases // len(test_fuzz_loader.STRATEGIES))
    start = time.perf_counter()
    counts = test_fuzz_loader.run_all(per_strategy)
    seconds = time.perf_counter() - start
    total = sum(c["cases"] for c in counts.values())
    return {"cases": total, "talks": sum(c["talks"] for c in counts.values()),
            "errors": sum(c["errors"] for c in counts.values()), "crashes": 0, "seconds": seconds,
            "by_strategy": counts}


# --- Report ------------------------------------------------------------------------------------

def _fmt_ms(value) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _mb(value) -> str:
    return "—" if value is None else f"{value:.0f} MB"


def table(report: dict) -> list[tuple[str, str, str]]:
    """(figure, value, target and whether it is met) rows."""
    rows: list[tuple[str, str, str]] = []

    def met(ok: bool) -> str:
        return "met" if ok else "MISSED"

    if o := report.get("overhead"):
        rows += [
            ("full build, hooks on (strict)", f"{o['hooks_cpu_seconds']:.2f} s CPU ({o['hooks_seconds']:.2f} s wall), "
             f"{o['pages']} pages, {_mb(o['hooks_peak_mb'])}", ""),
            ("plain Material build, same pages", f"{o['plain_cpu_seconds']:.2f} s CPU ({o['plain_seconds']:.2f} s wall), "
             f"{o['plain_pages']} pages, {_mb(o['plain_peak_mb'])}", ""),
            ("hook overhead ratio (CPU; wall)", f"{o['ratio']:.3f}; {o['wall_ratio']:.3f}",
             f"≤ {TARGET_OVERHEAD:.2f} {met(o['ratio'] <= TARGET_OVERHEAD)}"),
            ("repeat builds byte-identical", "yes" if o["repeat_builds_identical"] is True
             else f"NO: {', '.join(o['repeat_builds_identical'][:5])}", ""),
        ]
    if s := report.get("scaling"):
        for key, e in s.items():
            marginal = e.get("marginal_ms_per_example")
            rows.append((f"build at {key} ({e['snippets']} snippets, {e['pages']} pages)",
                         f"{e['cpu_seconds']:.2f} s CPU ({e['seconds']:.2f} s wall), {_mb(e['peak_mb'])}, "
                         f"{e['ms_per_page']:.0f} ms/page"
                         + (f", +{marginal:.0f} ms per added example" if marginal else ""),
                         f"×{e['time_ratio']:.2f} of 1×" + (f" (≤ ×{e['factor']} {met(e['time_ratio'] <= e['factor'])})"
                                                            if e["factor"] > 1 else "")))
    if p := report.get("profile"):
        startup = p["process_startup_seconds"]
        rows.append(("profiled build (cProfile)", f"{p['profiled_build_seconds']:.2f} s + startup: imports "
                     f"{startup['imports']:.2f} s, jieba dictionary {startup['jieba_dictionary']:.2f} s", ""))
        for name, share in p["shares"].items():
            rows.append((f"  {name}", f"{100 * share:.0f} %", ""))
            if name.startswith("hooks: generate"):  # parts of the two hook rows above
                rows += [(f"    {part}", f"{100 * s:.0f} %", "") for part, s in p.get("hook_parts", {}).items()]
    if c := report.get("composer"):
        rows.append(("composer page ready after load (median)", _fmt_ms(c["ready_ms"]),
                     f"≤ {TARGET_COMPOSER_READY_MS:.0f} ms {met(c['ready_ms'] <= TARGET_COMPOSER_READY_MS)}"))
        rows.append((f"composer Word file, {c['word_chars']:,}-character talk", f"median {c['word_ms']:.1f} ms, "
                     f"max {c['word_max_ms']:.1f} ms",
                     f"≤ {TARGET_COMPOSER_WORD_MS:.0f} ms {met(c['word_ms'] <= TARGET_COMPOSER_WORD_MS)}"))
    for key, r in (report.get("reload") or {}).items():
        target = TARGET_RELOAD_S.get(r["factor"])
        rows.append((f"live reload at {key}: save snippet → page updated",
                     f"median {r['seconds']:.2f} s, max {r['max_seconds']:.2f} s wall (rebuild "
                     f"{r['rebuild_seconds_reported_by_mkdocs'] or 0:.2f} s wall, "
                     f"{r['rebuild_cpu_seconds'] or 0:.2f} s CPU; first build {r['first_build_seconds'] or 0:.1f} s)",
                     f"≤ {target:.0f} s {met(r['seconds'] <= target)}" if target else ""))
    for key, b in (report.get("search") or {}).items():
        ready = b["index_ready_ms"]["median"]
        rows.append((f"search index ready after the search box gets focus, {key}", _fmt_ms(ready)
                     + f" (full text {_fmt_ms(b['index_ready_ms'].get('full_text_median'))})",
                     f"≤ 300 ms {met(ready <= TARGET_INDEX_READY_MS)}" if key == "1x" else ""))
        if "latency_p95_ms" in b:
            rows.append((f"keystroke → results, whole queries, {key}, {b['queries']} queries × "
                         f"{b['searches'] // b['queries']}",
                         f"p50 {b['latency_p50_ms']:.1f} ms, p95 {b['latency_p95_ms']:.1f} ms",
                         f"p95 ≤ 100 ms {met(b['latency_p95_ms'] <= TARGET_P95_MS)}" if key == "1x" else ""))
        if b.get("typing_p95_ms") is not None:
            target = TARGET_TYPING_P95_MS.get(key)
            rows.append((f"keystroke → results, typing character by character every {b['typing_interval_ms']} ms, "
                         f"{key}, {b['typing_keystrokes']} keystrokes",
                         f"p50 {b['typing_p50_ms']:.1f} ms, p95 {b['typing_p95_ms']:.1f} ms, "
                         f"max {b['typing_max_ms']:.0f} ms",
                         f"p95 ≤ {target:.0f} ms {met(b['typing_p95_ms'] <= target)}" if target else ""))
        i = b["index"]
        rows.append((f"search index, {key}", f"{i['index_bytes'] / 1e6:.2f} MB ({i['index_gzip_bytes'] / 1e6:.2f} MB "
                     f"gzip) vs plain text {i['plain_text_bytes'] / 1e6:.2f} MB = ×{i['ratio']:.2f}", ""))
        for name, w in (b.get("page_weight") or {}).items():
            rows.append((f"page weight, {name}, first load uncached",
                         f"{w['requests']} requests, {w['transferred_bytes'] / 1e6:.2f} MB "
                         f"({w['gzip_body_bytes'] / 1024:.0f} KB if gzipped)",
                         f"≤ 150 KB gzipped {met(w['gzip_body_bytes'] <= TARGET_FIRST_LOAD_GZIP)}"))
    if f := report.get("fuzz"):
        rows.append(("fuzzing the snippet loader", f"{f['cases']} cases: {f['talks']} talks, {f['errors']} "
                     f"SnippetErrors, {f['crashes']} crashes ({f['seconds']:.0f} s)", "0 crashes met"))
    return rows


def print_table(report: dict) -> None:
    rows = table(report)
    machine = report["machine"]
    print(f"\n谈话工作指引 benchmark — {machine['cores']} cores, {machine['cpu']}, Python {machine['python']}, "
          f"{report['runs']} runs per figure (median); load average {machine['load_average_at_start']} at start, "
          f"{machine['load_average_at_end']} at end\n")

    def width(text: str) -> int:  # CJK characters take two columns
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)

    first = max(width(r[0]) for r in rows)
    second = max(width(r[1]) for r in rows)
    for name, value, target in rows:
        print(f"{name}{' ' * (first - width(name))}  {value}{' ' * (second - width(value))}  {target}")


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "system": platform.system(),
            "load_average_at_start": load_average()}


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load: other work on the machine makes wall times longer."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def main(argv: list[str]) -> int:
    if argv[:1] == ["--profile-build"]:
        profile_build(Path(argv[1]), Path(argv[2]))
        return 0
    parser = ChineseArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure at 1× (default 5; 3 at 5× and 20×)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and cases: a smoke run of every part")
    parser.add_argument("--skip", nargs="*", default=[], choices=PARTS, help="parts to leave out")
    parser.add_argument("--fuzz-cases", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=ROOT / "build/bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary trees (path is printed)")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else args.runs
    scale_runs = 1 if args.quick else max(1, min(3, runs))
    factors = (1, 5) if args.quick else (1, 5, 20)
    fuzz_cases = 500 if args.quick else args.fuzz_cases

    report: dict = {"machine": machine(), "runs": runs, "source_date_epoch": source_date_epoch(),
                    "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    work = Path(tempfile.mkdtemp(prefix="talks-bench-"))
    try:
        if "overhead" not in args.skip:
            say(f"hook overhead: {runs} × (hooks build + plain build) …")
            report["overhead"] = bench_overhead(work, runs)
        if "scaling" not in args.skip:
            report["scaling"] = bench_scaling(work, factors, scale_runs)
        if "profile" not in args.skip:
            say("profile: one build under cProfile …")
            report["profile"] = bench_profile(work)
        if "reload" not in args.skip:
            report["reload"] = {}
            for factor in (1, factors[-1]):
                say(f"live reload at {factor}×: {max(3, runs)} edits under mkdocs {' '.join(SERVE_ARGS)} …")
                report["reload"][f"{factor}x"] = bench_reload(work, max(3, runs), factor)
        if "search" not in args.skip:
            if not Path(CHROMIUM).exists():
                say("search: /usr/bin/chromium not found (sudo apt-get install chromium); skipped")
            else:
                sites = {}
                for key in ("1x", f"{factors[-1]}x"):
                    if report.get("scaling", {}).get(key):
                        sites[key] = Path(report["scaling"][key]["site"])
                if not sites:
                    sites["1x"] = work / "search-site"
                    run_build(copy_repo(work / "search"), sites["1x"])
                example = next((Path(p).parent.relative_to(sites["1x"]).as_posix() + "/"
                                for p in sorted(sites["1x"].glob("examples/*/*/index.html"))), "")
                say(f"search in headless Chromium: {', '.join(sites)} …")
                report["search"] = bench_browser(sites, example, loads=max(3, runs), rounds=2 if args.quick else 3)
        if "composer" not in args.skip and Path(CHROMIUM).exists():
            site = Path(report["scaling"]["1x"]["site"]) if report.get("scaling", {}).get("1x") else work / "composer-site"
            if not site.exists():
                run_build(copy_repo(work / "composer"), site)
            say("composer in headless Chromium …")
            report["composer"] = bench_composer(site, loads=max(3, runs))
        if "fuzz" not in args.skip:
            say(f"fuzzing: {fuzz_cases} cases …")
            report["fuzz"] = bench_fuzz(fuzz_cases)
    except BuildFailed as err:
        print(err, file=sys.stderr)
        return 1
    finally:
        if args.keep:
            say(f"temporary trees kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_average_at_end"] = load_average()
    report["table"] = [list(row) for row in table(report)]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_table(report)
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
