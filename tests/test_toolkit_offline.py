"""The offline package (`make offline`): one zip that works from file:// with no network at all."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from docx import Document

from conftest import FOLDER, ROOT, guarded_context, run_mkdocs



def test_zip_is_one_folder_of_html_pages_without_outside_urls(offline_zip, offline_site):
    names = zipfile.ZipFile(offline_zip).namelist()
    assert all(name.startswith(f"{FOLDER}/") for name in names)
    assert all(name.isascii() for name in names)  # unpacks cleanly with any Windows zip tool
    assert (offline_site / "index.html").exists()
    assert (offline_site / "search/search_index.js").exists()  # search without a server
    assert (offline_site / "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing.html").exists()
    for page in offline_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "unpkg.com" not in text, page
        assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', text), page
    home = (offline_site / "index.html").read_text("utf-8")
    assert '<script src="assets/javascripts/vendor/iframe-worker-shim.js"></script>' in home
    assert "navigation.instant" not in home


def test_same_sources_give_the_same_zip(offline_zip, tmp_path):
    again = tmp_path / "again.zip"
    subprocess.run([sys.executable, str(ROOT / "scripts/dev.py"), "offline", str(again)], cwd=ROOT,
                   check=True, capture_output=True)
    first, second = zipfile.ZipFile(offline_zip), zipfile.ZipFile(again)
    assert first.namelist() == second.namelist()
    assert [n for n in first.namelist() if first.read(n) != second.read(n)] == []
    assert again.read_bytes() == offline_zip.read_bytes()


def test_offline_build_turns_instant_navigation_off(repo_copy, tmp_path, monkeypatch):
    for page in ROOT.glob("*.md"):  # top-level pages the site includes (e.g. CONTRIBUTING.md)
        shutil.copy(page, repo_copy / page.name)
    config = repo_copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("    - navigation.tabs\n",
                                                        "    - navigation.tabs\n    - navigation.instant\n"), "utf-8")
    monkeypatch.setenv("TALKS_OFFLINE", "true")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text("utf-8")
    assert "navigation.instant" not in home and "iframe-worker-shim.js" in home
    monkeypatch.delenv("TALKS_OFFLINE")
    result = run_mkdocs(repo_copy, tmp_path / "online")
    assert "navigation.instant" in (tmp_path / "online/index.html").read_text("utf-8")


@pytest.fixture()
def file_tab(browser):
    """A tab for file:// pages in which any request that is not a local file is refused."""
    context = guarded_context(browser, lambda url: url.startswith(("file:", "data:", "blob:", "about:")))
    tab = context.new_page()
    yield tab
    assert context.outside == []
    context.close()


def search(tab, query: str) -> list[str]:
    box = tab.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    box.press("End")
    tab.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d|没有/.test(m.textContent) && !/正在/.test(m.textContent); }", timeout=15_000)
    links = tab.locator(".md-search-result__list > .md-search-result__item > .md-search-result__link")
    return [unquote(href).split("#")[0].split("?")[0] for href in links.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.browser
def test_offline_site_navigates_and_searches_from_file_url(file_tab, offline_site):
    file_tab.goto((offline_site / "index.html").as_uri())
    file_tab.locator(".md-tabs__link", has_text="谈话类型").click()
    file_tab.wait_for_url("**/types/index.html")
    file_tab.locator(".md-nav__link", has_text="选哪种谈话").first.click()
    file_tab.wait_for_url("**/types/choose.html")
    assert file_tab.locator("article h1").inner_text().startswith("选哪种谈话")
    for query, expected in [("两个维护", "/types/zhengzhi-jiandu.html"), ("谈话记录表", "/forms/jilu.html"),
                            ("诫勉谈话", "/types/jiemian.html")]:
        results = search(file_tab, query)
        assert any(r.endswith(expected) for r in results), (query, results)


@pytest.mark.browser
def test_offline_form_fills_in_and_downloads_the_filled_in_word_file(file_tab, offline_site):
    file_tab.goto((offline_site / "forms/tongzhi.html").as_uri())
    file_tab.click(".talk-fill__toggle")
    file_tab.locator('.talk-fill input[data-placeholder="谈话对象姓名"]').fill("张明")
    file_tab.locator("h2.talk-form .talk-copy--form").first.click()
    assert "张明同志：" in file_tab.evaluate("navigator.clipboard.readText()").split("\n")
    with file_tab.expect_download() as info:
        file_tab.click("a.talk-download")  # from tongzhi.docx.js, as on the example pages
    text = [p.text for p in Document(info.value.path()).paragraphs]
    assert "张明同志：" in text and "【谈话对象姓名】同志：" not in text


@pytest.mark.browser
def test_offline_example_copies_and_downloads_the_filled_in_word_file(file_tab, offline_site):
    file_tab.goto((offline_site / "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing.html").as_uri())
    file_tab.click(".talk-fill__toggle")
    file_tab.locator('.talk-fill input[data-placeholder="谈话对象姓名"]').fill("张明")
    file_tab.click(".talk-copy-all")
    assert "张明同志" in file_tab.evaluate("navigator.clipboard.readText()")
    with file_tab.expect_download() as info:
        file_tab.click("a.talk-download")  # fetch() cannot read file://; the .docx.js script can
    text = "\n".join(p.text for p in Document(info.value.path()).paragraphs)
    assert "张明同志" in text and "【谈话对象姓名】" not in text
