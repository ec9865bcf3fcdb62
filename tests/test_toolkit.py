"""The drafter's toolkit without a browser: Word files (GB/T 9704 layout), tags, build errors."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

import talks_layout
import talks_docx
import talks_load
import talks_render
import talks_tags
from conftest import ROOT, run_mkdocs

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def loaded():
    types = talks_load.load_types(DOCS)
    regulations = talks_load.load_regulations((DOCS / "reference/regulations.md").read_text("utf-8"))
    talks, problems = talks_load.load_talks(ROOT, ROOT / "snippets", types, regulations)
    assert not problems
    rules = talks_tags.load_rules((DOCS / "reference/tags.md").read_text("utf-8"), "reference/tags.md")
    return types, talks, rules


def _talk(loaded, slug):
    return next(t for t in loaded[1] if t.slug == slug)


def east_asia(rpr) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


# --- The text of the Word file is the text of the page -----------------------------------------

def page_lines(markdown: str) -> list[str]:
    """Talk lines of a generated example page, as the browser's 复制全文 collects them."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith(("# ", "## ", "### ")):
            text = re.sub(r"\\(.)", r"\1", line.split(" ", 1)[1])  # undo md_escape
            lines.append(html.unescape(text))
        match = re.match(r'<p class="talk-(?:para|speaker|salutation)[^"]*">(.*)</p>$', line)
        if match:
            lines.append(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))))
    return [line for line in lines if line]


def test_every_example_gives_the_same_lines_in_word_as_on_its_page(loaded):
    types, talks, _ = loaded
    for talk in talks:
        expected = page_lines(talks_render.render_example(talk, types, "reference/regulations.md"))
        assert [line.full for line in talks_layout.printed_lines(talk)] == expected, talk.source


def test_word_file_holds_the_talk_without_notes(loaded):
    talk = _talk(loaded, "xiangzhen-shuji-banzi-chengyuan-tixing")
    doc = Document(io.BytesIO(talks_docx.talk_docx(talk)))
    texts = [p.text for p in doc.paragraphs]
    assert texts == [line.full for line in talks_layout.printed_lines(talk)]
    assert texts[0] == talk.title
    assert not any("批注" in t for t in texts)
    assert "一是下村少，调研走过场。" in "".join(texts)


# --- GB/T 9704 layout -----------------------------------------------------------------------------

def test_page_margins_fonts_and_line_pitch_follow_gbt_9704(loaded):
    talk = _talk(loaded, "shi-jiwei-shuji-guoqi-xuncha-zhenggai")  # headings 一、 and points （一）
    doc = Document(io.BytesIO(talks_docx.talk_docx(talk)))
    section = doc.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in sizes] == [210, 297, 37, 35, 28, 26]  # Word stores twips

    normal = doc.styles["Normal"]
    assert east_asia(normal.element.rPr) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(normal.paragraph_format.line_spacing.pt - 28.95) < 0.01  # 22 lines in 225 mm
    assert normal.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    # 28 characters fit the 156 mm line, 29 do not: 16 pt characters set w:spacing/20 pt closer
    pitch = 16 + int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * pitch <= 156 / 25.4 * 72 < 29 * pitch

    title = doc.paragraphs[0]
    assert title.style.name == "Title"
    assert east_asia(title.style.element.rPr) == "方正小标宋简体" and title.style.font.size == Pt(22)
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not title.style.font.bold

    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings and all(re.match(r"[一二三四五六七八九十]+、", p.text) for p in headings)
    assert east_asia(doc.styles["Heading 1"].element.rPr) == "黑体"
    assert doc.styles["Heading 1"].font.size == Pt(16)
    assert east_asia(doc.styles["Heading 2"].element.rPr) == "楷体_GB2312"
    for style in ("Normal", "Title", "Heading 1", "Heading 2"):  # no theme font overrides the names
        fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
        assert not [a for a in fonts.attrib if "Theme" in a], style

    # A point （一） runs in with its text: the lead in 楷体, the rest in the body font.
    leads = [p for p in doc.paragraphs if re.match(r"（[一二三四五六七八九十]+）", p.text)]
    assert leads
    for paragraph in leads:
        first = paragraph.runs[0]
        assert east_asia(first._r.rPr) == "楷体_GB2312", paragraph.text
        if len(paragraph.runs) > 1:
            assert east_asia(paragraph.runs[1]._r.rPr) is None  # inherits 仿宋 from Normal


def test_page_numbers_are_fields_on_odd_and_even_pages(loaded):
    doc = Document(io.BytesIO(talks_docx.talk_docx(loaded[1][0])))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")


def test_placeholders_stay_whole_in_an_uncompressed_document_xml(loaded):
    """The browser fills placeholders by replacing text in word/document.xml."""
    for talk in loaded[1]:
        data = talks_docx.talk_docx(talk)
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
        assert info.compress_type == zipfile.ZIP_STORED
        xml = archive.read(info).decode("utf-8")
        page_text = "".join(line.full for line in talks_layout.printed_lines(talk))
        placeholders = set(talks_load.PLACEHOLDER.findall(page_text))
        runs = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
        for name in placeholders:
            expected = page_text.count(f"【{name}】")
            whole = sum(t.count(f"【{html.escape(name, quote=False)}】")
                        for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
            assert whole == expected, (talk.source, name)
        assert runs


def test_same_talk_gives_the_same_bytes(loaded):
    talk = loaded[1][0]
    first = talks_docx.talk_docx(talk)
    talks_docx.lines_docx.cache_clear()
    assert talks_docx.talk_docx(talk) == first


def test_docx_script_registers_the_file_by_name():
    script = talks_docx.docx_script("a.docx", b"PK\x03\x04")
    assert script.startswith('(window.talkDocx = window.talkDocx || {})["a.docx"] = "UEsDBA=="')


# --- Forms ------------------------------------------------------------------------------------

def test_form_sections_become_pages_of_a_word_file():
    page = """<h1>谈话记录表</h1><h2>用途说明</h2><p>不收入。</p>
    <h2>记录表</h2><p><strong>【单位名称】谈话记录表</strong></p><p><strong>一、基本情况</strong></p>
    <table><thead><tr><th>项目</th><th>内容</th></tr></thead>
    <tbody><tr><td>谈话人</td><td>【姓名】<br>【职务】</td></tr></tbody></table>
    <h2>回执</h2><div class="admonition example"><p class="admonition-title">回执</p>
    <p>【姓名】同志：</p><p>（一）准备材料。请带齐。</p></div>
    <h2>填写说明</h2><p>不收入。</p>"""
    doc = Document(io.BytesIO(talks_docx.form_docx("谈话记录表", page, ["记录表", "回执"])))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "【单位名称】谈话记录表" and doc.paragraphs[0].style.name == "Title"
    assert "一、基本情况" in texts and "不收入。" not in texts
    heading = next(p for p in doc.paragraphs if p.text == "一、基本情况")
    assert heading.style.name == "Heading 1"
    assert "回执" in texts  # a section without its own title gets its heading as title
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["项目", "内容"]
    assert table.rows[1].cells[1].text == "【姓名】\n【职务】"
    salutation = next(p for p in doc.paragraphs if p.text == "【姓名】同志：")
    assert salutation.paragraph_format.first_line_indent == Pt(0)
    point = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert point.runs[0].text == "（一）准备材料。" and east_asia(point.runs[0]._r.rPr) == "楷体_GB2312"
    # the second section starts a new page by its own first paragraph, not by an empty
    # paragraph holding a page break (which leaves a blank line at the top of the page)
    assert not [br for br in doc.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    openings = [p for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in openings] == ["回执"]
    with pytest.raises(KeyError):
        talks_docx.form_docx("x", page, ["没有这一节"])


def test_every_form_page_offers_word_and_links_it(built_site):
    for page in sorted((DOCS / "forms").glob("*.md")):
        if page.name == "index.md":
            continue
        docx = built_site / "forms" / f"{page.stem}.docx"
        doc = Document(docx)
        assert doc.tables, page.name
        assert east_asia(doc.styles["Normal"].element.rPr) == "仿宋_GB2312"
        built = (built_site / "forms" / page.stem / "index.html").read_text("utf-8")
        assert f'href="../{page.stem}.docx"' in built, page.name


# --- Tags -------------------------------------------------------------------------------------

def test_example_tags_come_from_its_fields(loaded):
    types, talks, rules = loaded
    talk = _talk(loaded, "xiangzhen-shuji-banzi-chengyuan-tixing")  # 乡镇党委委员、副镇长；乡镇（街道）
    assert talks_tags.talk_tags(talk, types, rules) == [
        "谈话类型/提醒谈话", "谈话对象/领导班子成员", "领域/乡镇（街道）", "严肃程度/教育提醒"]
    vocabulary = talks_tags.vocabulary(types, rules)
    for talk in talks:
        tags = talks_tags.talk_tags(talk, types, rules)
        assert set(tags) <= vocabulary
        facets = {t.split("/")[0] for t in tags}
        assert facets == set(talks_tags.FACETS), (talk.source, tags)


def test_example_pages_and_guidance_pages_show_their_tags(built_site):
    example = (built_site / "examples/tixing/xiangzhen-shuji-banzi-chengyuan-tixing/index.html").read_text("utf-8")
    assert re.search(r'<a href="[^"]*reference/tags/#tag:领域/乡镇街道" class="md-tag">领域：乡镇（街道）<', example)
    guide = (built_site / "types/jiemian/index.html").read_text("utf-8")
    assert ">谈话类型：诫勉谈话<" in guide and ">严肃程度：严肃告诫<" in guide
    index = (built_site / "reference/tags/index.html").read_text("utf-8")
    assert index.count("data-tags=") == len(list((ROOT / "snippets").rglob("*.yml")))
    # Guidance pages are listed under their type, not under their nav title 工作指引
    assert re.search(r'<a href="../../types/jiemian/">\s*诫勉谈话\s*</a>', index)


def test_tags_show_in_facet_order_as_category_and_name():
    page = ('<nav class="md-tags" ><a href="#a" class="md-tag">领域/学校</a>'
            '<a href="#b" class="md-tag">谈话类型/约谈</a></nav><h3><span class="md-tag">领域/学校</span></h3>')
    shown = talks_render.present_tags(page, talks_tags.FACETS)
    assert shown.index("谈话类型：约谈") < shown.index("领域：学校")
    assert '<span class="md-tag">领域：学校</span>' in shown and ">领域/学校<" not in shown


def test_unclassifiable_example_stops_the_build_with_a_chinese_message(repo_copy, tmp_path):
    snippet = next((repo_copy / "snippets/tixing").glob("xiangzhen*.yml"))
    text = snippet.read_text("utf-8")
    snippet.write_text(re.sub(r"^谈话对象: .*$", "谈话对象: 外聘专家", text, count=1, flags=re.M), "utf-8")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("谈话对象: "))) + 1
    assert f"snippets/tixing/{snippet.name}:{line}: 字段“谈话对象”：“外聘专家”不属于任何“谈话对象”标签" in result.stderr
    assert "docs/reference/tags.md" in result.stderr and "Traceback" not in result.stderr


def test_hand_written_tag_outside_the_vocabulary_is_refused(repo_copy, tmp_path):
    page = repo_copy / "docs/guides/before.md"
    page.write_text(page.read_text("utf-8").replace("---\n", "---\ntags: [随便写的标签]\n", 1), "utf-8")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/guides/before.md: 标签“随便写的标签”不在标签词表中" in result.stderr
    assert "Traceback" not in result.stderr


def test_word_section_that_a_form_does_not_have_is_reported(repo_copy, tmp_path):
    page = repo_copy / "docs/forms/jilu.md"
    page.write_text(page.read_text("utf-8").replace("Word文件: [", "Word文件: [没有这一节, ", 1), "utf-8")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/forms/jilu.md: 页首“Word文件”列出的“没有这一节”不是本页的二级标题" in result.stderr


# --- Offline and no outside URLs --------------------------------------------------------------

def test_no_page_or_script_of_the_site_names_an_outside_host(built_site):
    """Every page and our own scripts and styles: no http(s) URL that a browser would load."""
    loaded_url = re.compile(r'(?:src|href)="(?:https?:)?//', re.I)
    for page in built_site.rglob("*.html"):
        text = page.read_text("utf-8")
        head = text[: text.find("</head>")]
        assert not loaded_url.search(head), page
        assert not re.search(r'<(?:img|script|iframe|source|link)[^>]+(?:src|href)="(?:https?:)?//', text), page
    for own in ("assets/javascripts/toolkit.js", "assets/stylesheets/toolkit.css", "assets/stylesheets/print.css"):
        assert not re.search(r"https?://|url\(", (built_site / own).read_text("utf-8")), own
