"""The real build: `mkdocs build --strict` on the repository and on copies with planted mistakes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_mkdocs

EXAMPLE_DIR = "examples/zhengzhi-jiandu"


def html_of(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def example_pages(site: Path, folder: str = EXAMPLE_DIR) -> list[Path]:
    return sorted(p for p in (site / folder).glob("*/index.html"))


def test_guidance_page_declares_structure_and_lists_examples(built_site):
    page = html_of(built_site, "types/zhengzhi-jiandu")
    assert "<h1" in page and "政治监督谈话" in page
    assert 'id="规范用语"' in page
    for section in ("开场白", "总体评价", "问题与不足", "几点要求", "征求意见"):
        assert f'id="{section}"' in page, section
    # The marker was replaced by a table linking every example
    assert "talks:examples" not in page
    snippets = sorted((ROOT / "snippets/zhengzhi-jiandu").glob("*.yml"))
    for snippet in snippets:
        assert f'href="../../{EXAMPLE_DIR}/{snippet.stem}/"' in page


def test_at_least_four_generated_examples_with_index(built_site):
    pages = example_pages(built_site)
    assert len(pages) >= 4
    index = html_of(built_site, EXAMPLE_DIR)
    for page in pages:
        assert f'href="{page.parent.name}/"' in index
    # 谈话人 → 谈话对象 column
    assert "市委书记 → 市委常委、常务副市长" in index


def test_example_page_has_header_numbering_and_placeholders(built_site):
    page = html_of(built_site, f"{EXAMPLE_DIR}/shiwei-shuji-changwu-fushizhang")
    for label in ("谈话类型", "谈话人", "谈话对象", "适用情形", "依据"):
        assert f"<strong>{label}</strong>" in page
    assert re.search(r"<h2[^>]*>一、总体评价", page)
    assert re.search(r"<h2[^>]*>三、几点要求", page)
    assert '<span class="talk-lead">一是思想政治建设方面。</span>' in page
    assert '<span class="talk-lead">一要持之以恒抓学习，夯实思想根基。</span>' in page
    assert "【谈话对象姓名】" in page  # highlighted in the browser (toolkit.js), the HTML stays as written
    # Notes link to the standard phrasing on the guidance page
    assert 'href="../../../types/zhengzhi-jiandu/#开场白"' in page


def test_examples_are_in_nav(built_site):
    page = html_of(built_site, f"{EXAMPLE_DIR}/shiwei-shuji-changwu-fushizhang")
    assert "md-nav__link--active" in page
    assert "市委书记 → 市委常委、常务副市长" in page


def test_worked_examples_carry_no_seed_errors_or_dated_references():
    dated = re.compile(r"形势主义|钻财税|十九大|十九届|十四五|党史学习教育|疫情防控|XX|××")
    for snippet in (ROOT / "snippets").rglob("*.yml"):
        text = snippet.read_text("utf-8")
        assert not dated.search(text), f"{snippet}: {dated.search(text).group(0)}"


def test_search_index_segments_fixed_terms(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert index["config"]["separator"].startswith("[\\s\\u200b")
    text = " ".join(doc["text"] for doc in index["docs"])
    for term in ("两个维护", "一岗双责", "形式主义", "政治监督谈话"):
        assert f"\u200b{term}\u200b" in text, term


def test_no_page_references_another_host(built_site):
    """Static check of everything the browser would load: tags, CSS url(), preloads."""
    fetchers = re.compile(r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""")
    css_urls = re.compile(r"""url\(\s*["']?(?:https?:)?//""")
    for file in built_site.rglob("*"):
        if file.suffix == ".html":
            text = file.read_text("utf-8")
            assert not fetchers.search(text), f"{file}: {fetchers.search(text).group(0)}"
        elif file.suffix == ".css":
            assert not css_urls.search(file.read_text("utf-8")), file


def test_generated_pages_are_not_written_into_docs(built_site):
    assert not (ROOT / "docs/examples").exists()


# --- Bad input through the real build: clear message, no traceback, old site kept -----------

BROKEN = {
    "tab": ("谈话人: ", "\t谈话人: ", "Tab"),
    "fullwidth colon": ("标题: ", "标题：", "全角冒号"),
    "unknown key": ("谈话对象: ", "谈话对像: ", "是不是“谈话对象”"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bad_snippet_stops_build_and_keeps_old_site(repo_copy, tmp_path, case):
    old, new, expected = BROKEN[case]
    snippet = repo_copy / "snippets/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang.yml"
    text = snippet.read_text("utf-8")
    snippet.write_text(text.replace(old, new, 1), "utf-8")
    site = tmp_path / "old-site"
    site.mkdir()
    (site / "index.html").write_text("上一次成功构建的站点", "utf-8")

    result = run_mkdocs(repo_copy, site)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    line = next(n for n, l in enumerate(snippet.read_text("utf-8").splitlines(), 1) if new in l)
    assert f"snippets/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang.yml:{line}:" in output
    assert expected in output and "修改：" in output
    assert (site / "index.html").read_text("utf-8") == "上一次成功构建的站点"


def test_gbk_snippet_stops_build_with_message(repo_copy, tmp_path):
    snippet = repo_copy / "snippets/zhengzhi-jiandu/shiwei-shuji-changwu-fushizhang.yml"
    snippet.write_bytes(snippet.read_text("utf-8").encode("gbk", errors="replace"))
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "GBK" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_bad_structure_in_guidance_page_is_reported(repo_copy, tmp_path):
    page = repo_copy / "docs/types/zhengzhi-jiandu.md"
    page.write_text(page.read_text("utf-8").replace("谈话结构:\n", "谈话结构：\n", 1), "utf-8")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/types/zhengzhi-jiandu.md:" in result.stderr and "全角冒号" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_regulation_heading_without_title_marks_is_reported_once_at_its_page(repo_copy, tmp_path):
    page = repo_copy / "docs/reference/regulations.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("### 《中国共产党党内监督条例》", "### 中国共产党党内监督条例", 1), "utf-8")
    line = page.read_text("utf-8").splitlines().index("### 中国共产党党内监督条例") + 1
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/reference/regulations.md:{line}:" in result.stderr and "书名号" in result.stderr
    assert "snippets/" not in result.stderr  # not once per snippet that cites it
    assert "Traceback" not in result.stderr + result.stdout
