"""The composer (起草台, docs/compose.md + assets/javascripts/composer.js) in headless Chromium:
compose a talk from an empty draft, adapt an example, fill placeholders, copy, Word, drafts kept
in the browser (also from file://), hostile input, and nothing sent anywhere."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import docx
import pytest
from lxml import etree

from conftest import guarded_context

EXAMPLE = "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing/"
PARTS = ".composer-part"


@pytest.fixture()
def context(browser):
    """Clipboard and downloads allowed; every request is recorded, any outside one aborted."""
    ctx = guarded_context(browser, lambda url: urlparse(url).hostname in ("127.0.0.1", "localhost")
                          or url.startswith(("file://", "blob:", "data:")))
    ctx.requests = []
    ctx.on("request", lambda request: ctx.requests.append((request.method, request.url)))
    yield ctx
    ctx.close()


@pytest.fixture()
def tab(context):
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    assert tab.errors == []


def open_composer(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector("#talk-composer[data-ready]")


def part(tab, name: str):
    return tab.locator(PARTS, has=tab.locator("h3", has_text=name)).first


def preview_lines(tab) -> list[str]:
    tab.wait_for_timeout(200)  # typing redraws the talk after a pause of 120 ms
    return [line.strip() for line in tab.locator(".composer-preview").inner_text().split("\n") if line.strip()]


def download(tab, selector: str) -> tuple[bytes, str]:
    with tab.expect_download() as info:
        tab.click(selector)
    return Path(info.value.path()).read_bytes(), info.value.suggested_filename


def valid_docx(data: bytes) -> docx.document.Document:
    """Every XML part parses, and python-docx opens the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))
    return docx.Document(io.BytesIO(data))


def saved_drafts(tab) -> dict:
    tab.wait_for_timeout(400)  # saving waits 300 ms for the typing to pause
    return json.loads(tab.evaluate("localStorage.getItem('talks-composer-v1')") or "{}")


# --- Compose a 诫勉谈话 from an empty draft ------------------------------------------------------------

def test_compose_a_jiemian_talk_from_an_empty_draft(tab, site_url):
    open_composer(tab, f"{site_url}/compose/")
    tab.select_option("#composer-start-type", label="诫勉谈话")
    tab.get_by_role("button", name="开始起草").click()
    names = tab.locator(f"{PARTS} h3").all_inner_texts()
    assert names[0] == "开场白" and "宣布诫勉决定" in names and names[-1] == "告知后续"

    # A standard phrasing: the alternatives of a slot stand side by side, each with its tone.
    opening = part(tab, "开场白")
    opening.get_by_role("button", name="插入规范用语").click()
    cards = opening.locator(".composer-card")
    assert cards.count() >= 2 and opening.locator(".composer-tone").count() >= 1
    first_text = cards.first.locator(".composer-card__text").first.inner_text()
    cards.first.get_by_role("button").click()
    assert opening.locator("textarea").first.input_value() == first_text

    # Two points in 提出要求, numbered by the layout table, never by hand.
    demands = part(tab, "提出要求")
    for text in ("严格执行廉洁自律规定。", "认真抓好问题整改。"):
        demands.get_by_role("button", name="新增空白段落").click()
        tab.keyboard.type(text)
        part(tab, "提出要求").locator("select").last.select_option("（一）")
    leads = [line for line in preview_lines(tab) if line.startswith("（")]
    assert leads == ["（一）严格执行廉洁自律规定。", "（二）认真抓好问题整改。"]
    # Reordered, they are numbered again.
    part(tab, "提出要求").get_by_role("button", name="上移第 2 段").click()
    assert [line for line in preview_lines(tab) if line.startswith("（")] == [
        "（一）认真抓好问题整改。", "（二）严格执行廉洁自律规定。"]
    # Undo puts them back.
    tab.get_by_role("button", name="撤销").click()
    assert [line for line in preview_lines(tab) if line.startswith("（")][0] == "（一）严格执行廉洁自律规定。"

    # Free text in the last part, then copy and Word.
    part(tab, "告知后续").get_by_role("button", name="新增空白段落").click()
    tab.keyboard.type("谈话结束后，请你在【检查报送日期】前报送书面检查。")
    tab.get_by_role("button", name="复制全文").click()
    copied = tab.evaluate("navigator.clipboard.readText()").split("\n")
    assert copied == preview_lines(tab)
    assert copied[0] == "诫勉谈话提纲" and "（一）严格执行廉洁自律规定。" in copied
    data, name = download(tab, ".composer-download")
    assert name == "诫勉谈话提纲.docx"
    document = valid_docx(data)
    assert [p.text for p in document.paragraphs] == copied
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == "诫勉谈话提纲"


# --- Adapt an example ------------------------------------------------------------------------------------

def test_adapt_an_example_edit_reorder_fill_and_take_it_away(tab, site_url):
    tab.goto(f"{site_url}/{EXAMPLE}")
    tab.get_by_role("link", name="从本例起草").click()
    tab.wait_for_selector("#talk-composer[data-ready]")
    assert "example=" not in tab.url  # a reload reopens this draft instead of starting another
    title = tab.locator("#composer-title").input_value()
    assert title == tab.evaluate("talkModel.examples.find(e => e.slug === 'xiangzhen-shuji-banzi-chengyuan-tixing').title")
    before = preview_lines(tab)

    # Edit a paragraph in place.
    first = tab.locator(f"{PARTS} textarea").first
    first.fill(first.input_value() + "请你如实谈。")
    assert any(line.endswith("请你如实谈。") for line in preview_lines(tab))

    # Reorder by keyboard: Alt+↓ moves the paragraph down and keeps the focus on it.
    section = tab.locator(PARTS).nth(1)
    texts = section.locator("textarea")
    if texts.count() < 2:
        section = next(tab.locator(PARTS).nth(i) for i in range(tab.locator(PARTS).count())
                       if tab.locator(PARTS).nth(i).locator("textarea").count() >= 2)
        texts = section.locator("textarea")
    one, two = texts.nth(0).input_value(), texts.nth(1).input_value()
    texts.nth(0).focus()
    tab.keyboard.press("Alt+ArrowDown")
    assert [texts.nth(0).input_value(), texts.nth(1).input_value()] == [two, one]
    assert tab.evaluate("document.activeElement.value") == one

    # Placeholders: listed once with their sentence; filled in the list or where they stand.
    tab.locator(".composer-fill summary").click()
    names = tab.locator(".composer-fill label").all_inner_texts()
    assert len(names) == len(set(names)) > 3 and "谈话对象姓名" in names
    hint = tab.locator(".composer-fill .composer-hint[id]").first.inner_text()
    assert hint.startswith("出现在：") and "【" in hint
    tab.get_by_label("谈话对象姓名", exact=True).fill("张明")
    tab.wait_for_timeout(200)  # the talk is drawn again after a pause
    slot = tab.locator(".composer-preview .composer-slot:not(.is-filled)").first
    slot_name = slot.get_attribute("data-placeholder")
    slot.click()
    tab.keyboard.type("红旗村 <一组> & 二组")
    tab.keyboard.press("Enter")
    lines = preview_lines(tab)
    assert not any("【谈话对象姓名】" in line for line in lines) and any("张明" in line for line in lines)
    assert any("红旗村 <一组> & 二组" in line for line in lines)
    assert any("【" in line for line in lines)  # unfilled placeholders stay visible
    assert len(lines) == len(before)

    tab.get_by_role("button", name="复制全文").click()
    copied = tab.evaluate("navigator.clipboard.readText()").split("\n")
    assert copied == lines
    data, _ = download(tab, ".composer-download")
    document = valid_docx(data)
    assert [p.text for p in document.paragraphs] == copied
    values = saved_drafts(tab)["drafts"]
    assert any(d["values"].get(slot_name) == "红旗村 <一组> & 二组" for d in values.values()), (slot_name, [d["values"] for d in values.values()])


def test_outline_view_shows_headings_and_points_only(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    full = preview_lines(tab)
    tab.get_by_role("button", name="提纲视图（只看标题和要点）").click()
    outline = preview_lines(tab)
    assert 2 < len(outline) < len(full) and outline[0] == full[0]
    assert all(len(line) <= max(len(f) for f in full) for line in outline)


# --- 谈话卷宗 ---------------------------------------------------------------------------------------------

def test_the_values_fill_every_document_of_the_talk(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    tab.locator(".composer-fill summary").click()
    tab.get_by_label("谈话对象姓名", exact=True).fill("张明")
    tab.wait_for_timeout(300)  # the documents are drawn again after a pause in typing
    forms = tab.locator(".composer-form")
    assert forms.locator("summary").all_inner_texts() == ["谈话通知", "谈话记录表", "整改台账", "谈话情况报告"]
    notice = forms.first
    notice.locator("summary").click()
    assert "张明同志：" in notice.inner_text()
    notice.get_by_role("button", name="复制“谈话通知”").click()
    assert "张明同志：" in tab.evaluate("navigator.clipboard.readText()")
    data, name = download(tab, ".composer-form >> nth=0 >> button.composer-button >> nth=1")
    assert name.endswith(".docx")
    document = valid_docx(data)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "张明同志：" in text and "【谈话对象姓名】" not in text


# --- Drafts stay in the browser ---------------------------------------------------------------------------

def test_drafts_are_saved_reopened_renamed_exported_imported_and_cleared(tab, site_url, tmp_path):
    open_composer(tab, f"{site_url}/compose/?type=tanxin")
    part(tab, "开场白").get_by_role("button", name="新增空白段落").click()
    tab.keyboard.type("今天找你谈谈心。")
    tab.wait_for_timeout(500)
    tab.reload()
    tab.wait_for_selector("#talk-composer[data-ready]")
    assert part(tab, "开场白").locator("textarea").first.input_value() == "今天找你谈谈心。"

    tab.locator("#composer-draft-name").fill("张明同志谈心")
    tab.locator("#composer-draft-name").press("Tab")
    assert "张明同志谈心" in tab.locator("#composer-draft").inner_text()
    data, name = download(tab, "button:has-text(\"导出草稿\")")
    assert name == "张明同志谈心.json"
    exported = tmp_path / name
    exported.write_bytes(data)

    tab.get_by_role("button", name="清除全部草稿").click()
    assert saved_drafts(tab) == {} and tab.locator("#composer-start-type").count() == 1
    tab.set_input_files("input.composer-import", str(exported))
    tab.wait_for_selector(PARTS)
    assert part(tab, "开场白").locator("textarea").first.input_value() == "今天找你谈谈心。"
    assert len(saved_drafts(tab)["order"]) == 1

    tab.get_by_role("button", name="删除草稿").click()
    assert saved_drafts(tab)["order"] == []


def test_nothing_is_sent_anywhere(context, site_url):
    tab = context.new_page()
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    tab.wait_for_load_state("networkidle")
    loaded = list(context.requests)
    tab.locator(f"{PARTS} textarea").first.fill("机密的内容")
    tab.locator(".composer-fill summary").click()
    tab.get_by_label("谈话对象姓名", exact=True).fill("张明")
    tab.get_by_role("button", name="复制全文").click()
    with tab.expect_download():
        tab.click(".composer-download")
    tab.wait_for_timeout(300)
    assert context.outside == []
    assert all(method == "GET" for method, _ in context.requests)
    after = [url for _, url in context.requests[len(loaded):] if not url.startswith("blob:")]
    assert after == []  # typing, filling, copying and Word make no request at all
    assert not any("机密" in url or "张明" in url for _, url in context.requests)


# --- Hostile input still makes a Word file that opens ----------------------------------------------------

HOSTILE = ["<w:t>]]></w:t>", "&amp; & < > \" '", "控制\u0001字符\u000b与\u001f", "孤立代理\ud800项",
           "表情😀与生僻字𠀀", "换行\n第二行\r\n第三行", "\u202e反向\u200b零宽", "x" * 5000]


def test_hostile_text_gives_a_word_file_that_opens(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?type=jiemian")
    data = tab.evaluate("""(texts) => {
        const d = JSON.parse(JSON.stringify(talkComposer.draft()));
        d.title = texts[0];
        d.values = {"谈话对象姓名": texts[1]};
        d.parts[0].heading = texts[2];
        d.parts[0].paras = texts.map((t, i) => ({id: "h" + i, kind: "para", style: i % 2 ? "（一）" : "", lead: t, text: t + "【谈话对象姓名】"}));
        return Array.from(talkComposer.docx(d));
    }""", HOSTILE)
    document = valid_docx(bytes(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<w:t>]]></w:t>" in text and "表情😀与生僻字𠀀" in text and "\u0001" not in text


# --- The same from file:// (the offline package) --------------------------------------------------------

def test_composer_works_from_file_and_keeps_the_draft(browser, offline_site):
    context = guarded_context(browser, lambda url: url.startswith(("file://", "blob:", "data:")))
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    example = offline_site / "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing.html"
    tab.goto(example.as_uri())
    tab.get_by_role("link", name="从本例起草").click()
    tab.wait_for_selector("#talk-composer[data-ready]")
    tab.locator(f"{PARTS} textarea").first.fill("离线起草的第一段。")
    tab.wait_for_timeout(500)
    tab.reload()
    tab.wait_for_selector("#talk-composer[data-ready]")
    assert tab.locator(f"{PARTS} textarea").first.input_value() == "离线起草的第一段。"
    data, _ = download(tab, ".composer-download")
    assert valid_docx(data).paragraphs[1].text.startswith("离线起草的第一段。") or \
        "离线起草的第一段。" in [p.text for p in valid_docx(data).paragraphs]
    assert context.outside == []
    context.close()


# --- Where the composer is reached, and where its data is not loaded ---------------------------------

def test_a_guidance_page_opens_an_empty_draft_of_its_type(tab, site_url):
    tab.goto(f"{site_url}/types/jiemian/")
    tab.get_by_role("link", name="用起草台写一篇诫勉谈话").click()
    tab.wait_for_selector("#talk-composer[data-ready]")
    assert tab.locator("#composer-type").input_value() == "jiemian"
    assert tab.locator(f"{PARTS} textarea").count() == 0  # empty: parts only
    assert tab.locator(f"{PARTS} h3").count() >= 5


def test_the_composer_and_its_data_load_only_on_its_own_page(context, site_url):
    tab = context.new_page()
    for path in ("", EXAMPLE, "types/jiemian/", "forms/tongzhi/"):
        tab.goto(f"{site_url}/{path}")
        tab.wait_for_load_state("networkidle")
    assert not [url for _, url in context.requests if "composer" in url or "talks-model" in url or "docx-template" in url]
    tab.goto(f"{site_url}/")
    assert tab.locator(".md-tabs a", has_text="起草").count() == 1  # in the top navigation
    assert tab.locator("article a", has_text="起草台").count() >= 1  # and on the home page


def test_the_browsers_word_file_is_the_builds_for_the_same_talk(tab, site_url, built_site):
    """Made in the browser from the same template and paragraphs: an unchanged example's Word file
    has the very paragraphs (text, style, run fonts) of the file the build publishes."""
    def paragraphs(document):
        return [(p.style.name, p.text, [(r._r.rPr.xml if r._r.rPr is not None else "") for r in p.runs])
                for p in document.paragraphs]

    for slug, folder in (("xiangzhen-shuji-banzi-chengyuan-tixing", "tixing"),
                         ("xian-renqian-jiti-tanhuahuiyi", "renzhi")):
        open_composer(tab, f"{site_url}/compose/?example={slug}")
        data, _ = download(tab, ".composer-download")
        browser_made = valid_docx(data)
        built = docx.Document(built_site / f"examples/{folder}/{slug}.docx")
        assert paragraphs(browser_made) == paragraphs(built)
        assert browser_made.core_properties.title == built.core_properties.title


def test_print_shows_only_the_talk(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    tab.emulate_media(media="print")
    visible = tab.evaluate("""() => ['.composer-editor', '.composer-drafts', '.composer-toolbar', '.composer-dossier',
        '.composer-fill', '.md-header', '.composer-preview'].map(s => {
            const e = document.querySelector(s); return !!e && e.getBoundingClientRect().height > 0; })""")
    assert visible == [False] * 6 + [True]
    assert tab.locator(".composer-preview").inner_text().startswith(preview_lines(tab)[0])


def test_every_example_numbers_in_the_browser_as_the_build_numbers_it(tab, site_url):
    """The composer's numbering (the table of talks_layout) gives every example exactly the lines
    the build prints: a rule over all examples, old and new."""
    import talks_layout
    import talks_site
    from conftest import ROOT

    site = talks_site.load_site(ROOT, ROOT / "docs")
    open_composer(tab, f"{site_url}/compose/")
    browser_lines = tab.evaluate("""() => Object.fromEntries(talkModel.examples.map(
        e => [e.slug, talkComposer.plainText(talkComposer.fromExample(e.slug))]))""")
    assert set(browser_lines) == {t.slug for t in site.talks}
    for talk in site.talks:
        assert browser_lines[talk.slug] == [line.full for line in talks_layout.printed_lines(talk)], talk.source


# --- What a drafter must never lose -------------------------------------------------------------------

@pytest.mark.parametrize("stored", [
    '{"drafts":{},"order":"x"}',
    '{"drafts":{"a":{"type":"jiemian","parts":[{"part":"开场白"}]}},"order":["a"],"current":"a"}',
    '{"drafts":{"b":{"type":"nosuchtype","parts":[]}},"order":["b"],"current":"b"}',
    "not json at all",
])
def test_a_damaged_store_never_locks_the_composer(tab, site_url, stored):
    tab.goto(f"{site_url}/compose/")
    tab.evaluate("(value) => localStorage.setItem('talks-composer-v1', value)", stored)
    open_composer(tab, f"{site_url}/compose/")
    if tab.locator(PARTS).count():  # a repaired draft
        assert tab.locator(f"{PARTS} h3").first.inner_text() == "开场白"
        part(tab, "开场白").get_by_role("button", name="新增空白段落").click()
        tab.keyboard.type("修复后继续写。")
        assert "修复后继续写。" in preview_lines(tab)
    else:  # nothing usable: a fresh start, the unreadable text kept aside
        tab.get_by_role("button", name="开始起草").click()
        assert tab.locator(PARTS).count() > 0
    if stored == "not json at all":
        assert tab.evaluate("localStorage.getItem('talks-composer-v1-backup')") == stored


def test_two_tabs_do_not_overwrite_each_others_drafts(context, site_url):
    one, two = context.new_page(), context.new_page()
    open_composer(one, f"{site_url}/compose/?type=jiemian")
    open_composer(two, f"{site_url}/compose/?type=renzhi")
    one.locator("#composer-title").fill("第一个标签页的标题")
    one.wait_for_timeout(400)
    two.locator("#composer-title").fill("第二个标签页的标题")
    two.wait_for_timeout(400)
    titles = sorted(d["title"] for d in saved_drafts(one)["drafts"].values())
    assert titles == ["第一个标签页的标题", "第二个标签页的标题"]


def test_the_placeholder_list_follows_the_text_and_the_documents(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?type=jiemian")
    tab.locator(".composer-fill summary").click()
    part(tab, "开场白").get_by_role("button", name="新增空白段落").click()
    tab.keyboard.type("请【新填的对象】同志于【新填的地点】谈话。")
    tab.wait_for_timeout(300)
    assert tab.get_by_label("新填的对象", exact=True).count() == 1 and tab.get_by_label("新填的地点", exact=True).count() == 1
    assert tab.evaluate("document.activeElement.tagName") == "TEXTAREA"  # typing went on undisturbed
    legends = tab.locator(".composer-fill legend").all_inner_texts()
    assert legends[0] == "谈话提纲中的" and "谈话通知中的" in legends
    assert tab.get_by_label("谈话地点", exact=True).count() == 1  # only the notice has it
    # 谈话类型 comes from the draft unless the drafter writes something else.
    notice = tab.locator(".composer-form").first
    notice.locator("summary").click()
    assert "诫勉谈话" in notice.inner_text()


def test_the_focus_stays_with_the_reader(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    first = tab.locator(PARTS).first
    ids = first.locator("textarea").evaluate_all("(areas) => areas.map(a => a.id)")
    first.get_by_role("button", name="删除第 1 段").click()
    assert tab.evaluate("document.activeElement.id") == ids[1]  # the next paragraph
    first.get_by_role("button", name="插入规范用语").click()
    tab.locator(".composer-picker .composer-card button").first.click()
    assert tab.evaluate("document.activeElement.tagName") == "TEXTAREA"  # the inserted paragraph
    tab.locator(".composer-setup summary").click()
    tab.locator("#composer-type").focus()
    before = tab.locator("#composer-type").input_value()
    tab.keyboard.press("ArrowDown")  # stepping through the types keeps the panel open and the focus
    assert tab.locator("#composer-type").input_value() != before
    assert tab.evaluate("document.activeElement.id") == "composer-type"
    assert tab.locator(".composer-setup").evaluate("d => d.open")


def test_printing_keeps_the_placeholders_and_filled_values(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    tab.locator(".composer-fill summary").click()
    tab.get_by_label("谈话对象姓名", exact=True).fill("张明")
    tab.wait_for_timeout(300)
    tab.emulate_media(media="print")
    printed = tab.locator(".composer-preview").inner_text()
    assert "张明" in printed and "【" in printed
    assert not tab.locator(".composer-title-field").is_visible()


def test_form_word_files_take_any_value(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?example=xiangzhen-shuji-banzi-chengyuan-tixing")
    tab.locator(".composer-fill summary").click()
    name = tab.get_by_label("谈话对象姓名", exact=True)
    name.fill("张\u0001明<&>")
    tab.locator(".composer-form").first.locator("summary").click()
    data, _ = download(tab, ".composer-form >> nth=0 >> button.composer-button >> nth=1")
    assert "张明<&>同志：" in "\n".join(p.text for p in valid_docx(data).paragraphs)
    name.evaluate("(i) => { i.value = '第一行\\n第二行\\t制表\\ud800'; i.dispatchEvent(new Event('input')); }")
    data, _ = download(tab, ".composer-form >> nth=0 >> button.composer-button >> nth=1")
    assert "第一行" in "\n".join(p.text for p in valid_docx(data).paragraphs)


def test_a_statement_part_offers_what_the_person_talked_to_may_say(tab, site_url):
    open_composer(tab, f"{site_url}/compose/?type=jiemian")
    statement = part(tab, "本人表态")
    statement.get_by_role("button", name="插入规范用语").click()
    headings = statement.locator(".composer-picker h4").all_inner_texts()
    assert any(h.startswith("谈话对象的说法：") for h in headings)
    # and a meeting's opening offers no phrasing written for a talk with one person
    open_composer(tab, f"{site_url}/compose/?type=lianzheng")
    tab.locator(".composer-setup summary").click()
    tab.select_option("#composer-form", "集体谈话")
    opening = part(tab, "开场白")
    opening.get_by_role("button", name="插入规范用语").click()
    assert "形式：个别谈话" not in opening.locator(".composer-picker").inner_text()
