"""The drafter's toolkit in headless Chromium: copy, fill in, Word, print, filters, phone width,
no outside requests, and axe-core accessibility checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from docx import Document
from docx.oxml.ns import qn

import talks_layout
import talks_load
import talks_site
import talks_tags
from conftest import ROOT, guarded_context, missing_tool

pytestmark = pytest.mark.browser

SLUG = "xiangzhen-shuji-banzi-chengyuan-tixing"
EXAMPLE = f"examples/tixing/{SLUG}/"
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

#: One page of every kind a drafter opens.
PAGE_KINDS = {
    "home": "",
    "guidance": "types/tixing/",
    "example": EXAMPLE,
    "example index": "examples/lianzheng/",
    "form": "forms/jilu/",
    "tags": "reference/tags/",
    "phrase index": "reference/phrases/",
    "guide": "guides/before/",
    "regulations": "reference/regulations/",
    "chooser": "types/choose/",
    "comparison": "types/compare/",
    "composer": "compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing",
}


@pytest.fixture(scope="module")
def talk():
    docs = ROOT / "docs"
    types = talks_load.load_types(docs)
    regulations = talks_load.load_regulations((docs / "reference/regulations.md").read_text("utf-8"))
    talks, _ = talks_load.load_talks(ROOT, ROOT / "snippets", types, regulations)
    return next(t for t in talks if t.slug == SLUG)


@pytest.fixture()
def context(browser):
    """A desktop tab that may use the clipboard and download, and records outside requests."""
    ctx = guarded_context(browser, lambda url: urlparse(url).hostname in ("127.0.0.1", "localhost"))
    yield ctx
    ctx.close()


@pytest.fixture()
def tab(context):
    return context.new_page()


def clipboard(tab) -> str:
    return tab.evaluate("navigator.clipboard.readText()")


def open_example(tab, site_url):
    tab.goto(f"{site_url}/{EXAMPLE}")
    tab.wait_for_selector(".talk-copy-all")


# --- Copy ---------------------------------------------------------------------------------------

def test_copy_button_puts_exactly_that_paragraph_on_the_clipboard(tab, site_url, talk):
    open_example(tab, site_url)
    lines = [line for line in talks_layout.printed_lines(talk) if line.kind == "para"]
    # the first paragraph has a note (批注) right after it; the fifth is a numbered point
    for index in (0, 4):
        tab.locator("p.talk-para").nth(index).locator(".talk-copy").click()
        text = clipboard(tab)
        assert text == lines[index].full
        assert not ZERO_WIDTH.search(text) and "复制" not in text and "批注" not in text
    assert lines[4].full.startswith("二是群众诉求办理拖沓。【诉求所在村名】")
    assert "【" in text and "，" in text and "。" in text  # full-width punctuation intact


def test_copy_all_gives_the_whole_talk_with_numbering_and_paragraph_breaks(tab, site_url, talk):
    open_example(tab, site_url)
    tab.click(".talk-copy-all")
    text = clipboard(tab)
    assert text == talks_layout.plain_text(talks_layout.printed_lines(talk))
    assert text.splitlines()[0] == talk.title
    assert "\n一是下村少，调研走过场。你分管农业农村工作" in text
    assert "批注" not in text and "使用说明" not in text and "复制" not in text
    assert not ZERO_WIDTH.search(text)
    status = tab.locator(".talk-toast[role=status]")
    assert re.fullmatch(r"已复制全文，共 \d+ 段", status.inner_text())


def test_copy_works_by_keyboard_and_says_so(tab, site_url, talk):
    open_example(tab, site_url)
    tab.locator("p.talk-para .talk-copy").first.focus()
    tab.keyboard.press("Enter")
    assert clipboard(tab) == next(line for line in talks_layout.printed_lines(talk) if line.kind == "para").full
    assert tab.locator(".talk-toast").inner_text() == "已复制本段"
    tab.locator(".talk-copy-all").focus()
    tab.keyboard.press("Space")
    assert clipboard(tab).startswith(talk.title + "\n")
    label = tab.locator("p.talk-para .talk-copy").nth(2).get_attribute("aria-label")
    assert label == "复制第 3 段"


def test_copy_standard_phrasing_without_title_or_source(tab, site_url):
    text = (ROOT / "docs/types/tixing.md").read_text("utf-8")
    first = talks_load.extract_phrases(text, "提醒谈话")[0]
    expected = re.sub(r"\s*\n\s*", "", first.body)
    tab.goto(f"{site_url}/types/tixing/")
    tab.locator(".admonition.phrase .talk-copy--phrase").first.click()
    assert clipboard(tab) == expected
    tab.goto(f"{site_url}/reference/phrases/")
    box = tab.locator(".admonition.phrase").first
    assert "出处" in box.inner_text()
    box.locator(".talk-copy--phrase").click()
    copied = clipboard(tab)
    assert copied and "出处" not in copied and "复制" not in copied and "\n" not in copied


# --- Fill in ------------------------------------------------------------------------------------

def fill(tab, values: dict[str, str]) -> None:
    tab.click(".talk-fill__toggle")
    for name, value in values.items():
        tab.locator(f'.talk-fill input[data-placeholder="{name}"]').fill(value)


def test_filling_a_placeholder_changes_the_page_and_the_copy(tab, site_url, talk):
    open_example(tab, site_url)
    template = talks_layout.plain_text(talks_layout.printed_lines(talk))
    names = tab.locator(".talk-fill input").evaluate_all("els => els.map(e => e.dataset.placeholder)")
    assert names[:2] == ["谈话对象姓名", "陪同人姓名"] and "诉求所在村名" in names
    assert len(names) == len(set(names))
    # each field shows the sentence its placeholder first stands in
    context = tab.locator('.talk-fill input[data-placeholder="诉求所在村名"]').evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent")
    assert "【诉求所在村名】" in context and context.endswith(("。", "；", "！", "？", "……"))
    fill(tab, {"谈话对象姓名": "张明", "诉求所在村名": "红旗村"})
    spans = tab.locator('.placeholder[data-placeholder="诉求所在村名"]')
    assert spans.count() >= 3 and set(spans.all_inner_texts()) == {"红旗村"}
    assert tab.locator(".talk-fill__count").inner_text() == f"已填写 2 / {len(names)} 项"
    tab.click(".talk-copy-all")
    copied = clipboard(tab)
    assert copied == template.replace("【谈话对象姓名】", "张明").replace("【诉求所在村名】", "红旗村")
    tab.click(".talk-fill__reset")
    assert set(spans.all_inner_texts()) == {"【诉求所在村名】"}
    tab.click(".talk-copy-all")
    assert clipboard(tab) == template


# --- Word ---------------------------------------------------------------------------------------

def download(tab, selector: str) -> tuple[Path, str]:
    with tab.expect_download() as info:
        tab.click(selector)
    return Path(info.value.path()), info.value.suggested_filename


def body_fonts(doc) -> tuple[str, str]:
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    title = doc.styles["Title"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    return normal, title


def test_word_download_is_the_talk_and_carries_filled_in_values(tab, site_url, talk):
    open_example(tab, site_url)
    path, name = download(tab, "a.talk-download")
    assert name == f"{talk.title}.docx"
    doc = Document(path)
    lines = [line.full for line in talks_layout.printed_lines(talk)]
    assert [p.text for p in doc.paragraphs] == lines
    assert body_fonts(doc) == ("仿宋_GB2312", "方正小标宋简体")

    fill(tab, {"谈话对象姓名": "张明", "诉求所在村名": "红旗村", "农业重点工作": "高标准农田 <一期> & 二期"})
    path, name = download(tab, "a.talk-download")
    assert name == f"{talk.title}.docx"
    doc = Document(path)
    expected = [line.replace("【谈话对象姓名】", "张明").replace("【诉求所在村名】", "红旗村")
                .replace("【农业重点工作】", "高标准农田 <一期> & 二期") for line in lines]
    assert [p.text for p in doc.paragraphs] == expected
    assert body_fonts(doc) == ("仿宋_GB2312", "方正小标宋简体")
    assert round(doc.sections[0].top_margin.mm) == 37
    assert tab.locator(".talk-toast").inner_text() == "已生成填好内容的 Word 文件"


def test_form_word_download(tab, site_url):
    tab.goto(f"{site_url}/forms/jilu/")
    path, name = download(tab, "a.talk-download")
    assert name == "jilu.docx"
    doc = Document(path)
    assert len(doc.tables) >= 3
    assert doc.paragraphs[0].text == "【单位名称】谈话记录表"
    assert "填写说明" not in [p.text for p in doc.paragraphs]


# --- Find: filters by tag -------------------------------------------------------------------------

def visible_rows(tab) -> int:
    return tab.locator("article table tbody tr:visible").count()


def test_example_index_filters_by_tag(tab, site_url):
    site = talks_site.load_site(ROOT, ROOT / "docs")
    talks = site.talks_of(site.types["廉政谈话"])
    tab.goto(f"{site_url}/examples/lianzheng/")
    total = visible_rows(tab)
    assert total == len(talks)
    # a facet is offered only where the examples differ in it (one severity here: nothing to choose)
    values = {facet: {t for talk in talks for t in site.talk_tags[talk.slug] if t.startswith(facet + "/")}
              for facet in talks_tags.FACETS}
    facets = tab.locator(".talk-filter__label").all_inner_texts()
    assert facets == [f for f in talks_tags.FACETS if len(values[f]) > 1]
    option = tab.locator(".talk-filter__option").first
    expected = int(re.search(r"（(\d+)）", option.inner_text()).group(1))
    option.click()
    assert option.get_attribute("aria-pressed") == "true"
    assert 0 < visible_rows(tab) == expected < total
    assert tab.locator(".talk-filter__count").inner_text() == f"显示 {expected} / {total} 篇"
    tab.click(".talk-filter__clear")
    assert visible_rows(tab) == total


def test_tag_page_filters_all_examples_across_facets(tab, site_url):
    tab.goto(f"{site_url}/reference/tags/")
    table = tab.locator("article table").first
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total == len(list((ROOT / "snippets").rglob("*.yml")))
    tab.click('.talk-filter__option[data-tag="领域/学校"]')
    tab.click('.talk-filter__option[data-tag="严肃程度/教育提醒"]')
    shown = [r for r in rows.all() if r.is_visible()]
    assert shown and len(shown) < total
    for row in shown:
        tags = row.locator("a[data-tags]").get_attribute("data-tags").split(";")
        assert "领域/学校" in tags and "严肃程度/教育提醒" in tags
    # the tag index lists guidance pages by type name and links back from each page's tags
    tab.goto(f"{site_url}/types/jiemian/")
    tab.click('a.md-tag:has-text("谈话类型：诫勉谈话")')
    tab.wait_for_url("**/reference/tags/**")
    tab.wait_for_load_state()
    url = unquote(tab.url)
    assert "/reference/tags/" in url and url.endswith("#tag:谈话类型/诫勉谈话")
    assert tab.locator('[id="tag:谈话类型/诫勉谈话"]').count() == 1


# --- Print ------------------------------------------------------------------------------------------

CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
          ".md-footer", ".md-top", ".talk-copy", ".talk-tools", ".md-tags", ".headerlink"]


@pytest.mark.parametrize("path", [EXAMPLE, "types/tixing/", "forms/jilu/"])
def test_print_shows_only_the_content_on_a4(tab, site_url, path, tmp_path):
    tab.goto(f"{site_url}/{path}")
    tab.wait_for_load_state("networkidle")
    tab.emulate_media(media="print")
    for selector in CHROME:
        visible = tab.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent !== null "
                                                     "&& getComputedStyle(e).display !== 'none').length")
        assert visible == 0, selector
    size = tab.locator("article p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16  # 12 pt
    for heading in tab.locator("article h2, article h3").all()[:5]:
        assert heading.evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    pdf = tab.pdf(prefer_css_page_size=True)
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes)


# --- Phone width -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", list(PAGE_KINDS.values()))
def test_phone_width_390_has_no_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.goto(f"{site_url}/{path}")
    tab.wait_for_load_state("networkidle")
    if path == EXAMPLE:
        tab.click(".talk-fill__toggle")
    if path.startswith("compose/"):
        tab.wait_for_selector("#talk-composer[data-ready]")
        tab.click(".composer-fill summary")
        tab.locator(".composer-part").first.get_by_role("button", name="插入规范用语").click()
    width = tab.evaluate("document.documentElement.scrollWidth")
    overflowing = tab.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(e => { const r = e.getBoundingClientRect();
                       return r.width && r.right > innerWidth + 1 && !e.closest('.md-typeset__scrollwrap'); })
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    scrolling = tab.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')]
        .filter(w => w.scrollWidth > w.clientWidth + 1).length""")
    labelled = tab.evaluate("""() => [...document.querySelectorAll('article table[data-cards] td')].every(td => {
        const th = td.closest('table').querySelectorAll('thead th')[td.cellIndex];
        return !th || !th.textContent.trim() || td.hasAttribute('data-label'); })""")
    context.close()
    assert width <= 390 and overflowing == [], overflowing
    assert scrolling == 0 and labelled  # wide tables read as cards: nothing cut off, no sideways scrolling


# --- No outside requests, on every kind of page and while using the tools ---------------------------

def test_no_request_leaves_the_site_from_any_kind_of_page(context, site_url):
    tab = context.new_page()
    for path in PAGE_KINDS.values():
        tab.goto(f"{site_url}/{path}")
        tab.wait_for_load_state("networkidle")
    open_example(tab, site_url)
    fill(tab, {"谈话对象姓名": "张明"})
    tab.click(".talk-copy-all")
    with tab.expect_download():
        tab.click("a.talk-download")
    tab.emulate_media(media="print")
    tab.wait_for_timeout(200)
    assert context.outside == []


# --- Accessibility (axe-core from the npm registry, injected into the page) --------------------------

@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing_tool("未找到 tests/node_modules/axe-core，无障碍检查无法运行。"
                     "安装方法：npm ci --prefix tests（make test 会自动安装）", "无障碍检查")
    return AXE.read_text("utf-8")


def run_axe(tab, axe_source: str) -> list[dict]:
    tab.add_script_tag(content=axe_source)
    return tab.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("kind", [*PAGE_KINDS, "example (dark)"])
def test_axe_finds_no_serious_or_critical_violations(tab, site_url, axe_source, kind, width):
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(f"{site_url}/{PAGE_KINDS[kind.removesuffix(' (dark)')]}")
    tab.wait_for_load_state("networkidle")
    if kind.endswith("(dark)"):
        tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    if kind.startswith("example") and kind != "example index":
        tab.click(".talk-fill__toggle")  # the placeholder form too
    if kind == "composer":  # the placeholder list, a picker of phrasings and a form of the 卷宗 too
        tab.wait_for_selector("#talk-composer[data-ready]")
        tab.click(".composer-fill summary")
        tab.locator(".composer-part").first.get_by_role("button", name="插入规范用语").click()
        tab.click(".composer-form summary >> nth=0")
    violations = run_axe(tab, axe_source)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


def test_phrase_index_filters_by_type_and_part(tab, site_url):
    tab.goto(f"{site_url}/reference/phrases/")
    blocks = tab.locator("div[data-phrase-type]")
    total = blocks.count()
    assert total > 100
    tab.select_option("#talk-phrase-type", "提醒谈话")
    tab.select_option("#talk-phrase-part", "开场白")
    shown = [b for b in blocks.all() if b.is_visible()]
    assert 0 < len(shown) < total
    for block in shown:
        assert (block.get_attribute("data-phrase-type"), block.get_attribute("data-phrase-part")) == ("提醒谈话", "开场白")
    assert tab.locator(".talk-phrase-filter__count").inner_text() == f"显示 {len(shown)} / {total} 段"
    tab.select_option("#talk-phrase-type", "")
    tab.select_option("#talk-phrase-part", "")
    assert sum(b.is_visible() for b in blocks.all()) == total


def test_placeholders_are_highlighted_in_the_text_only(tab, site_url, talk):
    open_example(tab, site_url)
    spans = tab.locator("article .placeholder[data-placeholder]")
    expected = sum(line.full.count("【") for line in talks_layout.printed_lines(talk) if line.kind == "para")
    in_talk = tab.locator("article p.talk-para .placeholder").count()
    assert spans.count() >= in_talk == expected > 0
    assert tab.locator("article code .placeholder, article pre .placeholder").count() == 0
    # an attribute that contains 【】 is never touched
    assert tab.evaluate("[...document.querySelectorAll('article [title]')].every(e => !e.title.includes('<span'))")
