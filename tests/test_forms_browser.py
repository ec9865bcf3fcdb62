"""Form pages in headless Chromium: copy buttons, fill-in of 【占位符】, and the Word download
carrying the filled-in values, as on the example pages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from docx import Document
from lxml import etree

from conftest import guarded_context

pytestmark = pytest.mark.browser

FORM = "forms/tongzhi/"


@pytest.fixture()
def tab(browser):
    context = guarded_context(browser, lambda url: urlparse(url).hostname in ("127.0.0.1", "localhost"))
    yield context.new_page()
    assert not context.outside
    context.close()


def open_form(tab, site_url):
    tab.goto(f"{site_url}/{FORM}")
    tab.wait_for_selector(".talk-tools .talk-copy-all")


def clipboard(tab) -> str:
    return tab.evaluate("navigator.clipboard.readText()")


def download(tab) -> tuple[Path, str]:
    with tab.expect_download() as info:
        tab.click("a.talk-download")
    return Path(info.value.path()), info.value.suggested_filename


def test_form_page_has_copy_buttons_and_fill_in_of_its_documents(tab, site_url):
    open_form(tab, site_url)
    assert tab.locator("h2.talk-form").count() == 4
    assert tab.locator("h2.talk-form .talk-copy--form").count() == 4
    assert tab.locator("p.talk-form-para > .talk-copy").count() > 20
    names = tab.locator(".talk-fill input").evaluate_all("els => els.map(e => e.dataset.placeholder)")
    assert "谈话对象姓名" in names and "成文日期" in names and len(names) == len(set(names))
    # the notes on using the forms (用途说明, 填写说明) get no copy button
    assert tab.locator("h2", has_text="用途说明").locator(".talk-copy").count() == 0
    assert tab.locator("h2", has_text="填写说明").count() == 1

    # one paragraph, as the page shows it
    paragraph = tab.locator("p.talk-form-para", has_text="同志：").first
    paragraph.hover()
    paragraph.locator(".talk-copy").click()
    assert clipboard(tab) == "【谈话对象姓名】同志："


@pytest.mark.parametrize("stem", ["tongzhi", "tigang", "jilu", "taizhang", "baogao", "shumian-jiemian",
                                  "lianjie-chengnuoshu"])
def test_every_form_offers_exactly_the_placeholders_of_its_word_file(tab, site_url, built_site, stem):
    tab.goto(f"{site_url}/forms/{stem}/")
    tab.wait_for_selector(".talk-tools .talk-copy-all")
    names = tab.locator(".talk-fill input").evaluate_all("els => els.map(e => e.dataset.placeholder)")
    with zipfile.ZipFile(built_site / "forms" / f"{stem}.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert names and set(names) == set(re.findall(r"【([^【】<]+)】", document)), stem


def test_filled_values_reach_the_copy_and_the_word_file(tab, site_url):
    open_form(tab, site_url)
    tab.click(".talk-fill__toggle")
    value = "张明 <甲> & 乙"
    tab.locator('.talk-fill input[data-placeholder="谈话对象姓名"]').fill(value)
    tab.locator('.talk-fill input[data-placeholder="成文日期"]').fill("2026年5月1日")
    assert set(tab.locator('.placeholder[data-placeholder="谈话对象姓名"]').all_inner_texts()) == {value}

    tab.locator("h2.talk-form .talk-copy--form").first.click()
    copied = clipboard(tab).split("\n")
    assert copied[:3] == ["【发文机关名称】", "谈话通知书", "【机关代字】〔【年份】〕【序号】号"]
    assert f"{value}同志：" in copied and "2026年5月1日" in copied and "【成文日期】" not in copied

    tab.click(".talk-copy-all")
    everything = clipboard(tab)
    assert "约谈通知书" in everything and "回执" in everything and "用途说明" not in everything
    assert "2026年5月1日" in everything and "【成文日期】" not in everything

    path, name = download(tab)
    assert name == "tongzhi.docx"
    assert tab.locator(".talk-toast").inner_text() == "已生成填好内容的 Word 文件"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for part in archive.namelist():
            if part.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(part))  # every part is still well-formed XML
        document = archive.read("word/document.xml").decode("utf-8")
    assert "张明 &lt;甲&gt; &amp; 乙同志：" in document and "【谈话对象姓名】" not in document
    texts = [p.text for p in Document(path).paragraphs]
    assert f"{value}同志：" in texts and texts.count("2026年5月1日") == 3
    assert "【发文机关名称】" in texts  # what was not filled in stays for the drafter


def test_without_values_the_download_is_the_published_file(tab, site_url, built_site):
    open_form(tab, site_url)
    path, name = download(tab)
    assert name == "tongzhi.docx"
    assert path.read_bytes() == (built_site / "forms" / "tongzhi.docx").read_bytes()


def test_on_a_phone_the_copy_button_does_not_narrow_the_form(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    tab.goto(f"{site_url}/{FORM}")
    tab.wait_for_selector("h2.talk-form .talk-copy--form")
    widths = tab.evaluate("""() => {
        const box = document.querySelector('h2.talk-form ~ .admonition');
        const column = document.querySelector('article.md-content__inner');
        return [box.getBoundingClientRect().width, column.clientWidth,
                document.documentElement.scrollWidth, document.documentElement.clientWidth];
    }""")
    context.close()
    box, column, scroll, client = widths
    assert box >= column - 40, widths  # the floated button once took ~70 px off the form's box
    assert scroll <= client, widths
