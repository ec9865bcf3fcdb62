"""Drive the site's real search box in headless Chromium, and score a query set.

Shared by the query-set test (tests/test_search_queries.py) and the benchmark
(scripts/bench_search.py), so both measure the same thing: what a drafter sees after typing.

A drafter types Chinese through an IME, which commits a word or phrase at once and then sends a
keyup; Material searches on keyup. So a query is put into the box whole and followed by a key
press, which gives exactly one search per query. The page records, in the page itself, when that
last keyup happened and when the result list was next rendered.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

QUERIES_FILE = Path(__file__).resolve().parent / "search_queries.yml"

# Installed once per page: time the last keyup in the search box and the next change of the
# rendered results (Material clears and refills the list, and rewrites the count above it).
_WATCH_RENDERS = """() => {
  if (window.__searchWatch) return;
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  const watch = window.__searchWatch = {renders: 0, keyup: 0, rendered: 0};
  box.addEventListener("keyup", () => { watch.keyup = performance.now(); }, true);
  const seen = () => { watch.renders += 1; watch.rendered = performance.now(); };
  new MutationObserver(seen).observe(list, {childList: true});
  new MutationObserver(seen).observe(meta, {childList: true, characterData: true, subtree: true});
}"""

# The worker has the index: Material no longer says 正在初始化搜索引擎 ("initialising search").
# With the site's page script, also wait for the full text (the worker indexes titles first).
_READY = """() => !/正在/.test(document.querySelector(".md-search-result__meta").textContent) &&
  (typeof talksSearchPage === "undefined" || talksSearchPage.complete)"""

# Results are rendered, and no longer the placeholder or "initialising" message.
_RENDERED_SINCE = """(before) => {
  const watch = window.__searchWatch;
  const meta = document.querySelector(".md-search-result__meta").textContent;
  return watch.renders > before && watch.rendered >= watch.keyup && /\\d|没有/.test(meta);
}"""

# The page path of each result, best first (one per page: the article heading's link).
_RESULT_PAGES = """() => [...document.querySelectorAll(
  ".md-search-result__list > .md-search-result__item")].map(item => {
    const link = item.querySelector(":scope > .md-search-result__link");
    return link ? link.href : "";
})"""


@dataclass
class Query:
    query: str
    expect: list[str]
    top: int
    kind: str = ""
    #: "" for the queries written before issue 13, "new" for its queries, "held-out" for the
    #: part of them kept out of any tuning (reported separately)
    set: str = ""


@dataclass
class Outcome:
    query: Query
    pages: list[str]
    latency_ms: float

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected page among the rendered results."""
        for rank, page in enumerate(self.pages, 1):
            if page in self.query.expect:
                return rank
        return None

    @property
    def met(self) -> bool:
        return self.rank is not None and self.rank <= self.query.top


@dataclass
class Scores:
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, test) -> float:
        return sum(1 for o in self.outcomes if test(o)) / len(self.outcomes)

    @property
    def recall_at_1(self) -> float:
        return self._share(lambda o: o.rank == 1)

    @property
    def recall_at_3(self) -> float:
        return self._share(lambda o: o.rank is not None and o.rank <= 3)

    @property
    def mrr(self) -> float:
        """Mean reciprocal rank over the rendered results (Material renders ten at first)."""
        return statistics.fmean(1 / o.rank if o.rank else 0.0 for o in self.outcomes)

    @property
    def met_share(self) -> float:
        return self._share(lambda o: o.met)

    def summary(self) -> str:
        return (f"{len(self.outcomes)} queries: recall@1 {self.recall_at_1:.3f}, "
                f"recall@3 {self.recall_at_3:.3f}, MRR {self.mrr:.3f}, "
                f"rank required by the set met {self.met_share:.3f}")

    def subset(self, name: str) -> "Scores":
        """The outcomes of one part of the query set ("" = the queries before issue 13)."""
        return Scores([o for o in self.outcomes if o.query.set == name])

    def by_set(self) -> dict[str, "Scores"]:
        return {label: part for label, name in SETS if (part := self.subset(name)).outcomes}

    def misses(self) -> list[str]:
        return [f"{o.query.query} → expected {' | '.join(o.query.expect)} in top {o.query.top}, "
                f"got rank {o.rank}; first: {o.pages[:3]}" for o in self.outcomes if not o.met]


#: The parts of the query set, as reported: (label, value of ``set:``).
SETS = (("old", ""), ("new", "new"), ("held-out", "held-out"))


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    queries = []
    for entry in yaml.safe_load(path.read_text("utf-8")):
        expect = entry["expect"] if isinstance(entry["expect"], list) else [entry["expect"]]
        queries.append(Query(str(entry["query"]), [p.strip("/") + "/" for p in expect],
                             int(entry["top"]), entry.get("kind", ""), entry.get("set", "")))
    return queries


def page_path(url: str, site_url: str) -> str:
    """``http://127.0.0.1:1234/types/tixing/#开场白`` → ``types/tixing/`` (also for file:// sites)."""
    path = unquote(urlparse(url).path)
    base = unquote(urlparse(site_url).path).rstrip("/") + "/"
    path = path[len(base):] if path.startswith(base) else path.lstrip("/")
    # The offline build has no directory URLs: types/tixing.html is types/tixing/
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    return path


class SearchBox:
    """The search box of one open page; ``run`` types a query and returns what was rendered."""

    def __init__(self, page, site_url: str, start: str = ""):
        self.page, self.site_url = page, site_url.rstrip("/")
        page.goto(f"{self.site_url}/{start}")
        self.box = page.locator("input.md-search__input")
        opener = page.locator("label.md-header__button[for=__search]")
        if opener.is_visible():  # on a phone the box opens from the header's search icon
            opener.click()
        self.box.click()
        page.evaluate(_WATCH_RENDERS)
        # Type only once the worker is ready: a query typed earlier is searched when it gets
        # ready, before the keyup that the latency is measured from
        page.wait_for_function(_READY, timeout=60_000)

    def run(self, query: str, timeout_ms: float = 15_000) -> tuple[list[str], float]:
        """Type ``query`` as an IME commits it; return result page paths and latency in ms."""
        if self.box.input_value() == query:
            self.clear()  # Material searches only when the value changes
        before = self.page.evaluate("() => window.__searchWatch.renders")
        self.box.fill(query)
        self.box.press("End")  # the keyup Material searches on
        self.page.wait_for_function(_RENDERED_SINCE, arg=before, timeout=timeout_ms)
        # Let any further synchronous rendering of the same result finish
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
        latency = self.page.evaluate("() => window.__searchWatch.rendered - window.__searchWatch.keyup")
        pages = [page_path(url, self.site_url) for url in self.page.evaluate(_RESULT_PAGES)]
        return pages, latency

    def marks(self) -> list[str]:
        """The highlighted words in the rendered results."""
        return [m for m in self.page.locator(".md-search-result mark").all_inner_texts() if m]

    def clear(self) -> None:
        before = self.page.evaluate("() => window.__searchWatch.renders")
        self.box.fill("")
        self.box.press("End")
        self.page.wait_for_function("(b) => window.__searchWatch.renders > b", arg=before)


def run_query_set(box: SearchBox, queries: list[Query]) -> Scores:
    scores = Scores()
    for query in queries:
        pages, latency = box.run(query.query)
        scores.outcomes.append(Outcome(query, pages, latency))
    return scores


# --- Typing character by character ------------------------------------------------------------

#: Installed before any page script (``context.add_init_script``): records every query the page
#: posts to Material's search worker, every answer (after Material has rendered it), and when the
#: worker reported its index ready (READY: titles indexed; 1001: the full text too). An answer names its query when the worker says which one
#: (``data.talks.query``); otherwise answers come in the order of the queries (Material's worker
#: answers every query, first in, first out).
WATCH_WORKER = """
(() => {
  if (window.__typing) return;
  const typing = window.__typing = {posts: [], answers: []};
  const Original = window.Worker;
  if (!Original) return;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        if (data.type === 1 && !window.__searchReady) window.__searchReady = performance.now();
        if (data.type === 1001 && !window.__searchComplete) window.__searchComplete = performance.now();
        if (data.type === 3) {
          const query = data.data && data.data.talks ? data.data.talks.query : null;
          setTimeout(() => typing.answers.push({t: performance.now(), q: query}));
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) typing.posts.push({t: performance.now(), q: message.data});
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


def keystroke_latencies(posts: list[dict], answers: list[dict]) -> list[float]:
    """Milliseconds from each posted query until results at least as fresh were rendered.

    A keystroke whose own results never came, because a newer keystroke's came first, is
    answered by those: what the drafter waits for is results for what is in the box.
    """
    answered: list[tuple[float, int]] = []  # (time, index of the query answered)
    for n, answer in enumerate(answers):
        if answer.get("q") is None:
            index = n
        else:
            index = max((k for k, post in enumerate(posts) if post["q"] == answer["q"] and post["t"] <= answer["t"]),
                        default=-1)
        answered.append((answer["t"], index))
    latencies = []
    for k, post in enumerate(posts):
        if not post["q"]:
            continue
        times = [t for t, index in answered if index >= k and t >= post["t"]]
        if times:
            latencies.append(min(times) - post["t"])
    return latencies


def type_char_by_char(box: SearchBox, queries: list[Query], interval_ms: float = 100) -> list[float]:
    """Type each query one character at a time, ``interval_ms`` apart, as a drafter does.

    Needs :data:`WATCH_WORKER` in the page. Returns one latency per keystroke.
    """
    page = box.page
    latencies: list[float] = []
    for query in queries:
        box.clear()
        page.evaluate("() => { window.__typing.posts = []; window.__typing.answers = []; }")
        text = query.query
        for end in range(1, len(text) + 1):
            box.box.fill(text[:end])
            box.box.press("End")
            page.wait_for_timeout(interval_ms)
        # the last keystroke's results (or a timeout: then that keystroke counts as unanswered)
        try:
            page.wait_for_function(
                """(q) => window.__typing.answers.some(a => a.q === q) ||
                          window.__typing.answers.length >= window.__typing.posts.length""",
                arg=text, timeout=15_000)
        except Exception:  # noqa: BLE001 - reported as a missing figure, not a crash
            pass
        page.evaluate("() => new Promise(r => setTimeout(r, 20))")
        record = page.evaluate("() => window.__typing")
        latencies += keystroke_latencies(record["posts"], record["answers"])
    return latencies
