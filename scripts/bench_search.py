"""Benchmark the site's search as a drafter meets it: quality and latency in headless Chromium.

    .venv/bin/python scripts/bench_search.py                 # build the site, then measure
    .venv/bin/python scripts/bench_search.py --site /tmp/s   # measure an already built site
    .venv/bin/python scripts/bench_search.py --file          # open it from file:// (offline build)

Reports recall@1, recall@3 and MRR over tests/search_queries.yml, the time from opening a page
until search is ready (the index is fetched and built in the worker), and p50/p95 latency from
the last keystroke to rendered results over several rounds of the query set.
It is a measurement, not a test: it never fails on a number.
"""

from __future__ import annotations

import functools
import http.server
import os
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


def build(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode:
        sys.exit(result.stdout + result.stderr)


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


def main() -> None:
    parser = ChineseArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repository's)")
    parser.add_argument("--file", action="store_true", help="open the site from file:// instead of HTTP")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the query set for latency")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(site)
        url = site.resolve().as_uri() if args.file else serve(site)
        queries = search_harness.load_queries()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            start = time.perf_counter()
            box = search_harness.SearchBox(page, url, "index.html" if args.file else "")
            ready = time.perf_counter()
            scores = search_harness.run_query_set(box, queries)
            latencies = [o.latency_ms for o in scores.outcomes]
            by_query = {o.query.query: [o.latency_ms] for o in scores.outcomes}
            for _ in range(args.rounds - 1):
                box.clear()
                for outcome in search_harness.run_query_set(box, queries).outcomes:
                    latencies.append(outcome.latency_ms)
                    by_query[outcome.query.query].append(outcome.latency_ms)
            browser.close()

    print(f"site: {site}  ({'file://' if args.file else 'http://127.0.0.1'})")
    print(f"quality: {scores.summary()}")
    for miss in scores.misses():
        print(f"  miss: {miss}")
    print(f"page opened and search ready (index fetched and built in the worker) "
          f"{1000 * (ready - start):.0f} ms")
    print(f"latency, last keystroke to rendered results, {len(latencies)} searches: "
          f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
          f"max {max(latencies):.1f} ms")
    slowest = sorted(by_query.items(), key=lambda item: -statistics.median(item[1]))[:5]
    print("slowest (median ms): " + ", ".join(f"{q} {statistics.median(ms):.0f}" for q, ms in slowest))


if __name__ == "__main__":
    main()
