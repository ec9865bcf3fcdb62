"""The built Word files, opened as the zip of XML parts they are: font table and fallbacks, no
Japanese leftovers, document properties, the page number's place, and the 公文 layout of forms."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import talks_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4
#: The four fonts of GB/T 9704 and an installed font each falls back to.
FALLBACKS = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体", "黑体": "SimHei"}
JAPANESE = re.compile("ＭＳ|明朝|ゴシック|Mincho|MS Gothic|Meiryo|メイリオ|游明朝|游ゴシック|Yu Mincho|Yu Gothic|ja-JP")
PLACEHOLDER = re.compile(r"【[^【】]+】")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def word_files(built_site) -> dict[str, bytes]:
    files = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in sorted(built_site.rglob("*.docx"))}
    assert sum(name.startswith("forms/") for name in files) == 7
    assert sum(name.startswith("examples/") for name in files) >= 20
    return files


@pytest.fixture(scope="module")
def forms(word_files) -> dict[str, dict[str, bytes]]:
    return {Path(name).stem: parts(data) for name, data in word_files.items() if name.startswith("forms/")}


def body(form: dict[str, bytes]):
    return etree.fromstring(form["word/document.xml"]).find(w("body"))


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def prop(p, path: str):
    found = p.xpath(f"w:pPr/{path}", namespaces=NS)
    return found[0] if found else None


# --- Every Word file ------------------------------------------------------------------------

def test_every_part_is_well_formed_xml_and_free_of_japanese_leftovers(word_files):
    for name, data in word_files.items():
        for part, content in parts(data).items():
            assert part != "docProps/thumbnail.jpeg", name  # a picture of some other document
            if part.endswith((".xml", ".rels")):
                etree.fromstring(content)  # raises on malformed XML
                text = content.decode("utf-8")
                assert not JAPANESE.search(text), (name, part, JAPANESE.search(text).group(0))


def test_font_table_declares_the_chinese_fonts_with_fallbacks(word_files):
    for name, data in word_files.items():
        table = etree.fromstring(parts(data)["word/fontTable.xml"])
        fonts = {f.get(w("name")): f for f in table.findall(w("font"))}
        for font, alternative in FALLBACKS.items():
            entry = fonts.get(font)
            assert entry is not None, (name, font)
            assert entry.find(w("altName")).get(w("val")) == alternative, (name, font)
            assert entry.find(w("charset")).get(w("val")) == "86", (name, font)  # GB2312
            assert entry.find(w("family")) is not None and entry.find(w("pitch")) is not None, (name, font)
        # every font a run or style names is in the table (Word substitutes from the table)
        named = set()
        for part, content in parts(data).items():
            if part.startswith("word/") and part.endswith(".xml") and "theme" not in part:
                for element in etree.fromstring(content).iter(w("rFonts")):
                    named.update(v for k, v in element.attrib.items() if k in (w("eastAsia"),))
        assert named <= set(fonts), (name, named - set(fonts))


def test_document_properties_name_the_site_not_a_word_version(word_files):
    for name, data in word_files.items():
        files = parts(data)
        app = etree.fromstring(files["docProps/app.xml"])
        values = {child.tag.split("}")[1]: child.text for child in app}
        assert values["Application"] == "谈话工作指引", name
        assert values["Company"] == "谈话工作指引" and values["Template"] == "谈话工作指引", name
        assert "AppVersion" not in values, name  # a Word version number would be false
        assert "Word" not in files["docProps/app.xml"].decode() and "Normal.dot" not in files["docProps/app.xml"].decode()
        core = files["docProps/core.xml"].decode()
        assert "<dc:creator>谈话工作指引</dc:creator>" in core, name
        assert "<cp:lastModifiedBy>谈话工作指引</cp:lastModifiedBy>" in core, name


def test_page_number_sits_7_mm_below_the_type_area(word_files):
    """GB/T 9704 7.5: 一字线上距版心下边缘约 7 mm. Word puts the footer's bottom at the footer
    distance above the page's bottom edge; the footer line (exact height) grows upwards."""
    for name, data in word_files.items():
        files = parts(data)
        margins = etree.fromstring(files["word/document.xml"]).find(f"{w('body')}/{w('sectPr')}/{w('pgMar')}")
        bottom = int(margins.get(w("bottom"))) / TWIPS_PER_MM
        footer = int(margins.get(w("footer"))) / TWIPS_PER_MM
        for part in ("word/footer1.xml", "word/footer2.xml"):
            paragraphs = etree.fromstring(files[part]).findall(w("p"))
            assert len(paragraphs) == 1, (name, part)
            spacing = prop(paragraphs[0], "w:spacing")
            assert spacing is not None and spacing.get(w("lineRule")) == "exact", (name, part)
            assert int(spacing.get(w("before"), "0")) == int(spacing.get(w("after"), "0")) == 0
            line = int(spacing.get(w("line"))) / TWIPS_PER_MM
            gap = bottom - (footer + line)
            assert abs(gap - 7) <= 1, (name, part, round(gap, 2))
            assert abs(bottom - 35) < 0.1 and abs(footer + line - 28) <= 1


def test_placeholders_stay_whole_in_one_text_run(word_files):
    for name, data in word_files.items():
        root = etree.fromstring(parts(data)["word/document.xml"])
        for p in root.iter(w("p")):
            whole = PLACEHOLDER.findall(paragraph_text(p))
            in_runs = [m for t in p.iter(w("t")) for m in PLACEHOLDER.findall(t.text or "")]
            assert sorted(whole) == sorted(in_runs), (name, paragraph_text(p))


def test_same_sources_give_the_same_bytes():
    page = "<h2>a</h2><p><strong>标题</strong></p><p>【某单位】（印章）</p><h2>b</h2><p>正文。</p>"
    first = talks_docx.form_docx("t", page, ["a", "b"])
    talks_docx._template.cache_clear()
    assert talks_docx.form_docx("t", page, ["a", "b"]) == first


# --- Forms: 公文 layout ----------------------------------------------------------------------

def test_issue_number_is_centred_and_signature_and_date_right_aligned(forms):
    seen = {"issue": 0, "signature": 0, "date": 0}
    for name, form in forms.items():
        for p in body(form).findall(w("p")):  # not in table cells (a 文号 row of a receipt)
            text = paragraph_text(p)
            jc = prop(p, "w:jc")
            alignment = jc.get(w("val")) if jc is not None else None
            indent = prop(p, "w:ind")
            if re.fullmatch(r"\S*〔\S*〕\S*号", text):
                seen["issue"] += 1
                assert alignment == "center", (name, text)
                assert indent is None or indent.get(w("firstLine")) in (None, "0"), (name, text)
            elif text.endswith(("（印章）", "（签名）：")):
                seen["signature"] += 1
                assert alignment == "right", (name, text)
            elif text == "【成文日期】" or re.fullmatch(r"(承诺日期：)?[　\d]*年[　\d]*月[　\d]*日", text):
                seen["date"] += 1
                assert alignment == "right", (name, text)
                assert indent.get(w("firstLine")) == "0" and indent.get(w("rightChars")) == "400", (name, text)
    assert seen["issue"] >= 3 and seen["signature"] >= 6 and seen["date"] >= 6, seen


def test_forms_have_no_page_break_paragraphs_and_each_section_starts_a_page(forms):
    sections = {"tongzhi": 4, "shumian-jiemian": 3, "jilu": 3, "taizhang": 2, "baogao": 2, "tigang": 2,
                "lianjie-chengnuoshu": 2}
    for name, form in forms.items():
        root = body(form)
        assert not root.xpath(".//w:br[@w:type='page']", namespaces=NS), name
        openings = root.xpath("w:p[w:pPr/w:pageBreakBefore]", namespaces=NS)
        assert len(openings) == sections[name] - 1, name
        for p in openings:  # a section opens with its title, not an empty line
            assert paragraph_text(p).strip(), name
        # no empty paragraph runs into a page of its own at a section's end
        children = [e for e in root if e.tag != w("sectPr")]
        for before, after in zip(children, children[1:]):
            if after in openings:
                assert before.tag == w("tbl") or paragraph_text(before).strip(), (name, paragraph_text(after))
        last = children[-1]
        if last.tag == w("p") and not paragraph_text(last):
            assert prop(last, "w:spacing").get(w("line")) == "20", name


def test_numbered_list_items_are_not_headings(forms):
    styles = etree.fromstring(forms["tongzhi"]["word/styles.xml"])
    heading_ids = {s.get(w("styleId")) for s in styles.findall(w("style"))
                   if s.find(w("name")) is not None and s.find(w("name")).get(w("val")).startswith("heading")}
    headings, items = [], []
    for name, form in forms.items():
        for p in body(form).iter(w("p")):
            text = paragraph_text(p)
            style = prop(p, "w:pStyle")
            is_heading = style is not None and style.get(w("val")) in heading_ids
            if re.match(r"[一二三四五六七八九十]+、", text):
                (headings if is_heading else items).append(text)
                if re.search("[，。；：！？]", text.split("、", 1)[1]):
                    assert not is_heading, (name, text)
            if re.match(r"\d+\.", text):
                assert not is_heading, (name, text)
    assert "一、会议时间" in headings and "一、基本情况" in headings
    assert any(t.startswith("一、【准备事项一") for t in items)
    assert any(t.startswith("一、对【约谈事由】") for t in items)


def test_form_sections_are_marked_for_the_browser():
    page = ('<h2 id="a">谈话通知书（个别谈话）<a class="headerlink" href="#a">¶</a></h2><p>x</p>'
            '<h2 id="b" class="x">用途说明</h2><h2 id="c">回执</h2>')
    marked = talks_docx.mark_form_sections(page, ["谈话通知书（个别谈话）", "回执"])
    assert marked.count('class="talk-form"') == 2 and '<h2 id="b" class="x">' in marked


def test_form_pages_mark_their_word_sections_and_publish_the_script(built_site):
    for stem in ("tongzhi", "tigang", "jilu", "taizhang", "baogao", "shumian-jiemian", "lianjie-chengnuoshu"):
        html = (built_site / "forms" / stem / "index.html").read_text("utf-8")
        assert html.count('class="talk-form"') >= 2, stem
        script = (built_site / "forms" / f"{stem}.docx.js").read_text("utf-8")
        assert script == talks_docx.docx_script(f"{stem}.docx", (built_site / "forms" / f"{stem}.docx").read_bytes())
