"""The built site in headless Chromium: Chinese search and no request to any other host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import guarded_context

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "types/",
    "types/zhengzhi-jiandu/",
    "examples/zhengzhi-jiandu/",
    "examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/",
    "reference/regulations/",
    "reference/terms/",
]


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into the site's search box; return the result page paths, best first."""
    page.goto(f"{site_url}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    # Chinese arrives as committed IME text without a keyup; a real IME sends one, so do we.
    box.press("End")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d|没有/.test(m.textContent) && !/正在/.test(m.textContent); }",
        timeout=10_000,
    )
    # The first ten pages Material renders: what a drafter sees without scrolling
    links = page.locator(".md-search-result__list > .md-search-result__item > .md-search-result__link")
    return [urlparse(href).path.split("#")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize("query, expected", [
    ("两个维护", "/types/zhengzhi-jiandu/"),
    ("一岗双责", "/types/zhengzhi-jiandu/"),
    ("形式主义", "/types/zhengzhi-jiandu/"),
    ("政治监督谈话", "/types/zhengzhi-jiandu/"),
    ("两个维护", "/examples/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang/"),
    ("诫勉谈话", "/types/jiemian/"),
])
def test_search_finds_pages_using_fixed_terms(page, site_url, query, expected):
    results = search(page, site_url, query)
    assert expected in results, f"{query}: {results}"


@pytest.mark.parametrize("query", ["两个维护", "一岗双责"])
def test_query_ending_in_a_dictionary_word_is_searched_whole(page, site_url, query):
    """Material's unpatched worker drops a word that ends at the query's last character,
    so 两个维护 was searched (and highlighted) as 两个 alone."""
    assert search(page, site_url, query)
    marks = [m for m in page.locator(".md-search-result mark").all_inner_texts() if m]
    assert marks and all(m == query for m in marks), marks


def test_no_request_leaves_the_site(browser, site_url):
    context = guarded_context(browser, lambda url: urlparse(url).hostname in ("127.0.0.1", "localhost"))
    tab = context.new_page()
    for path in PAGES:
        tab.goto(f"{site_url}/{path}")
        tab.wait_for_load_state("networkidle")
    # Search loads its worker and index on first use
    tab.locator("input.md-search__input").click()
    tab.locator("input.md-search__input").press_sequentially("谈话")
    tab.locator("input.md-search__input").press("End")
    tab.wait_for_timeout(500)
    outside = context.outside
    context.close()
    assert outside == []
