"""Benchmark the site's search as a drafter meets it: quality, page weight and latency in headless Chromium.

    .venv/bin/python scripts/bench_search.py                 # build the site, then measure
    .venv/bin/python scripts/bench_search.py --site /tmp/s   # measure an already built site
    .venv/bin/python scripts/bench_search.py --file          # open it from file:// (offline build)
    .venv/bin/python scripts/bench_search.py --factor 20     # 20× the worked examples (temporary copy)

Reports recall@1, recall@3 and MRR over tests/search_queries.yml (all of it, and separately the
queries before issue 13, its new ones and the held-out ones); the bytes of a page's first load
(gzipped, as a server that compresses sends them); the time from focusing the search box until the
index is ready; and latency from keystroke to rendered results, both with whole queries (as an IME
commits a word) and typing character by character.
It is a measurement, not a test: it never fails on a number.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli import ChineseArgumentParser  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import search_harness  # noqa: E402  (tests/ is put on the path just above)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build(source: Path, site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=source, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode:
        sys.exit(result.stdout + result.stderr)


def scaled_copy(work: Path, factor: int) -> Path:
    """A copy of the repository with ``factor`` times the worked examples (as make bench makes it)."""
    import bench

    copy = bench.copy_repo(work / f"scale-{factor}")
    bench.multiply_snippets(copy, factor)
    return copy


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> str:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(search_harness.WATCH_WORKER)
    return context


def first_load(browser, url: str) -> dict:
    """One uncached first load, until the network is idle, without touching search: bytes gzipped."""
    context = new_context(browser)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    gzipped = body = 0
    largest = []
    for request in finished:
        response = request.response()
        content = response.body() if response else b""
        size = len(gzip.compress(content, 6))
        gzipped += size
        body += len(content)
        largest.append((size, request.url.rsplit("/", 1)[-1][:40]))
    context.close()
    return {"requests": len(finished), "bytes": body, "gzip_bytes": gzipped,
            "largest": sorted(largest, reverse=True)[:4]}


def ready_after_focus(browser, url: str, loads: int = 3) -> tuple[list[float], list[float]]:
    """Milliseconds from focusing the search box (page loaded, network idle) to the worker's READY
    (search answers), and to its full text being indexed (the site's worker indexes titles first;
    Material's own worker has both at once)."""
    ready, full = [], []
    for _ in range(loads):
        context = new_context(browser)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        start = page.evaluate("() => performance.now()")
        page.locator("input.md-search__input").focus()
        page.wait_for_function("() => window.__searchReady", timeout=60_000)
        ready.append(max(0.0, page.evaluate("() => window.__searchReady") - start))
        site_worker = page.evaluate("() => typeof talksSearchPage !== 'undefined'")
        if site_worker:
            page.wait_for_function("() => window.__searchComplete", timeout=60_000)
        full.append(max(0.0, page.evaluate("() => window.__searchComplete || window.__searchReady") - start))
        context.close()
    return ready, full


def summary(values: list[float]) -> str:
    if not values:
        return "—"
    return (f"p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
            f"max {max(values):.1f} ms ({len(values)})")


def main() -> None:
    parser = ChineseArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repository's)")
    parser.add_argument("--file", action="store_true", help="open the site from file:// instead of HTTP")
    parser.add_argument("--factor", type=int, default=1, help="times the worked examples (temporary copy)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the query set for whole-query latency")
    parser.add_argument("--typing-queries", type=int, default=30, help="queries typed character by character")
    parser.add_argument("--interval", type=float, default=100, help="ms between keystrokes when typing")
    parser.add_argument("--no-quality", action="store_true", help="skip the query set (latency only)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(scaled_copy(Path(tmp), args.factor) if args.factor > 1 else ROOT, site)
        url = site.resolve().as_uri() if args.file else serve(site)
        start_page = "index.html" if args.file else ""
        queries = search_harness.load_queries()
        typed = queries[::max(1, len(queries) // args.typing_queries)][:args.typing_queries]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            weight = {} if args.file else {
                "home": first_load(browser, url + "/"),
                "example": first_load(browser, url + "/" + next(
                    p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.glob("examples/*/*/index.html"))))}
            ready, full = ready_after_focus(browser, f"{url}/{start_page}")
            context = new_context(browser)
            page = context.new_page()
            box = search_harness.SearchBox(page, url, start_page)
            box.run(queries[0].query, timeout_ms=60_000)  # warm-up
            scores = None
            latencies = []
            for round_ in range(args.rounds):
                if args.no_quality and round_:
                    break
                box.clear()
                result = search_harness.run_query_set(box, queries)
                scores = scores or result
                latencies += [o.latency_ms for o in result.outcomes]
            typing = search_harness.type_char_by_char(box, typed, args.interval)
            context.close()
            browser.close()
        if args.factor > 1 and not args.site:
            shutil.rmtree(site, ignore_errors=True)

    print(f"site: {site}  ({'file://' if args.file else 'http://127.0.0.1'}, {args.factor}× examples)")
    if scores and not args.no_quality:
        print(f"quality, all: {scores.summary()}")
        for label, part in scores.by_set().items():
            print(f"quality, {label}: {part.summary()}")
        for miss in scores.misses():
            print(f"  miss: {miss}")
    for name, w in weight.items():
        print(f"first load, {name}: {w['requests']} requests, {w['bytes'] / 1024:.0f} KB, "
              f"{w['gzip_bytes'] / 1024:.0f} KB gzipped; largest: "
              + ", ".join(f"{n} {b / 1024:.0f} KB" for b, n in w["largest"]))
    print(f"index ready after focus (search answers): {', '.join(f'{t:.0f}' for t in ready)} ms "
          f"(median {statistics.median(ready):.0f} ms); full text indexed: "
          f"{', '.join(f'{t:.0f}' for t in full)} ms (median {statistics.median(full):.0f} ms)")
    print(f"latency, whole queries (last keystroke to rendered results): {summary(latencies)}")
    print(f"latency, typing character by character every {args.interval:.0f} ms, {len(typed)} queries: "
          f"{summary(typing)}")


if __name__ == "__main__":
    main()
