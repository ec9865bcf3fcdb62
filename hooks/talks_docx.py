"""Word (.docx) versions of the worked examples and forms, laid out after GB/T 9704—2012.

A talk outline is not one of the statutory 公文 kinds, but units print and file it in 公文 layout,
so the file follows the standard as far as an outline can: A4; margins 37/35/28/26 mm (top,
bottom, left, right); title in 2号小标宋; body in 3号仿宋, 22 lines of 28 characters (fixed line
pitch 28.95 pt on a line grid, characters set 0.25 pt closer); headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋;
first-line indent of two characters; page numbers “— 1 —” in 4号宋体, odd pages right, even left.

The browser fills in placeholders inside the downloaded file (docs/assets/javascripts/toolkit.js).
For that, every 【占位符】 stays whole inside one text run, and ``word/document.xml`` is stored
uncompressed in the zip, so the page can rewrite it without a compression library.
"""

from __future__ import annotations

import base64
from html import escape as html_escape
import copy
import datetime
import functools
import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

import docx
import lxml.html
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from talks_layout import HEADING_STYLE, LEVEL1_FONT, LEVEL2_FONT, STYLES, SUBSECTION_STYLE, Line, printed_lines, typed_number
from talks_model import Talk

# --- Layout (GB/T 9704—2012 and common practice; see docs/forms/index.md#打印格式) -------------

#: Font names as installed with Chinese Windows / WPS; Word substitutes where one is missing.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # digits and Latin letters in the body, as units usually set them

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四号: form tables stay legible with four or more columns
WIDE_TABLE_SIZE = Pt(10.5)  # 五号: tables of seven or more columns
PAGE_NUMBER_SIZE = Pt(14)  # 四号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
#: 225 mm type area / 22 lines = 28.95 pt = 579 twips.
LINE_PITCH = Twips(579)
#: 156 mm line / 28 characters = 15.79 pt per character, so 16 pt characters are set 0.25 pt
#: closer (w:spacing, in 1/20 pt). Word's character grid would do the same, but LibreOffice then
#: gives every character two grid cells; tightening works alike in Word, WPS and LibreOffice.
CHARACTER_SPACING = -5
TITLE_LINE_PITCH = Pt(35)

#: The python-docx version: part of the Word-file cache key (talks_cache.FileCache).
DOCX_VERSION = docx.__version__
#: Fixed metadata so that the same sources always give the same bytes.
FIXED_TIME = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
AUTHOR = "谈话工作指引"
DOCUMENT_XML = "word/document.xml"
CORE_XML = "docProps/core.xml"


# --- Low-level formatting helpers -------------------------------------------------------------

def _set_fonts(rpr, east_asia: str, size=None, bold: bool | None = None, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a run or style: Chinese text needs w:eastAsia, not just w:ascii."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]  # drop theme fonts, which would override the names
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(int(size.pt * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = rpr.find(qn(tag))
            if element is not None:
                rpr.remove(element)
            if bold:
                rpr.append(OxmlElement(tag))


def _first_line_indent(paragraph_format, chars: int) -> None:
    """First-line indent in characters (w:firstLineChars), which Word keeps on the grid."""
    paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * chars) if chars else Pt(0)
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _reset_style(style, east_asia: str, size, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                 indent_chars: int = 2, line=LINE_PITCH, keep_with_next: bool = False) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), east_asia, size, bold)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    style.element.get_or_add_rPr().append(color)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.keep_with_next = keep_with_next
    fmt.widow_control = True
    _first_line_indent(fmt, indent_chars)


def _page_number_footer(footer, align) -> None:
    """“— PAGE —” in 4号宋体, one character in from the outer edge (GB/T 9704 7.5)."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE

    def run(text: str = ""):
        r = paragraph.add_run(text)
        _set_fonts(r._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            r._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            r._r.append(instruction)
        else:
            r.text = text
    run(" —")


def _styled_document(title: str):
    """An empty document with the page, grid, styles and page numbers of GB/T 9704.

    Built once per process (see _template), with an empty title: setting it here keeps dc:title
    where it always was in core.xml; _finish fills in each file's title.
    """
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28)  # the number sits about 7 mm below the type area
    # Line grid of 22 lines a page (Word: 页面设置 → 文档网格 → 只指定行网格).
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    for attribute in list(grid.attrib):
        del grid.attrib[attribute]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT, BODY_SIZE)
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    _reset_style(doc.styles["Normal"], BODY_FONT, BODY_SIZE)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHARACTER_SPACING))
    doc.styles["Normal"].element.get_or_add_rPr().append(spacing)
    _reset_style(doc.styles["Title"], TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0,
                 line=TITLE_LINE_PITCH, keep_with_next=True)
    doc.styles["Title"].paragraph_format.space_after = LINE_PITCH  # one blank line under the title
    # Built-in heading styles, so that Word's navigation pane shows the outline.
    _reset_style(doc.styles["Heading 1"], LEVEL1_FONT, BODY_SIZE, keep_with_next=True)
    _reset_style(doc.styles["Heading 2"], LEVEL2_FONT, BODY_SIZE, keep_with_next=True)
    for style, level in ((doc.styles["Heading 1"], 0), (doc.styles["Heading 2"], 1)):
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level))
        style.element.get_or_add_pPr().append(outline)

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    return doc


@dataclass(frozen=True)
class _Template:
    """The styled empty document, saved once: every part but the body and title as bytes."""

    doc: object  # the python-docx Document; its part answers style lookups for every copy
    body: object  # the w:document element, copied for each file
    core: object  # the cp:coreProperties element, copied to set the title
    #: Every zip entry in python-docx's order: name → compressed entry (None: made per file).
    parts: tuple[tuple[str, "_Entry | None"], ...]


@dataclass(frozen=True)
class _Entry:
    """A zip entry ready to write: what zipfile would write for it, compressed once."""

    name: bytes
    method: int
    crc: int
    size: int
    data: bytes  # compressed as zipfile compresses (raw deflate, zlib's default level)


def _entry(name: str, data: bytes) -> _Entry:
    if name == DOCUMENT_XML:  # stored, so that the browser can rewrite it
        return _Entry(name.encode("ascii"), zipfile.ZIP_STORED, zlib.crc32(data), len(data), data)
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = packer.compress(data) + packer.flush()
    return _Entry(name.encode("ascii"), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), packed)


#: What zipfile writes for a ZipInfo dated 1980-01-01 00:00:00 with mode 0o644 (version 2.0).
_ZIP_VERSION, _ZIP_SYSTEM = 20, zipfile.ZipInfo().create_system
_ZIP_TIME, _ZIP_DATE = 0, (1 << 5) | 1
_ZIP_MODE = 0o644 << 16


def _zip(entries: list[_Entry]) -> bytes:
    """The archive zipfile.ZipFile writes for these entries (names ASCII, no zip64, no comment)."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        header = struct.pack("<4s2B4HL2L2H", b"PK\003\004", _ZIP_VERSION, 0, 0, e.method, _ZIP_TIME,
                             _ZIP_DATE, e.crc, len(e.data), e.size, len(e.name), 0)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", _ZIP_VERSION, _ZIP_SYSTEM,
                                   _ZIP_VERSION, 0, 0, e.method, _ZIP_TIME, _ZIP_DATE, e.crc, len(e.data),
                                   e.size, len(e.name), 0, 0, 0, 0, _ZIP_MODE, offset) + e.name)
        local += (header, e.name, e.data)
        offset += len(header) + len(e.name) + len(e.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(local) + directory + end


@functools.lru_cache(maxsize=1)
def _template() -> _Template:
    doc = _styled_document("")
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        parts = tuple((info.filename, None if info.filename in (DOCUMENT_XML, CORE_XML)
                       else _entry(info.filename, source.read(info.filename))) for info in source.infolist())
    core = doc.core_properties._element
    return _Template(doc, copy.deepcopy(doc.element), copy.deepcopy(core), parts)


def _document(title: str):
    """A fresh copy of the styled empty document (python-docx loads and restyles it only once)."""
    template = _template()
    doc = DocxDocument(copy.deepcopy(template.body), template.doc.part)
    doc.__dict__["_talk_title"] = title
    return doc


def _style(doc, name: str):
    """A style by name; python-docx looks names up by scanning all styles, so keep them."""
    cache = doc.__dict__.setdefault("_talk_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name]
    return cache[name]


def _set_style(doc, paragraph, name: str) -> None:
    """Set a paragraph style by id (python-docx's setter scans all styles on every call)."""
    paragraph._p.style = None if name == "Normal" else _style(doc, name).style_id


def _paragraph(doc, name: str = "Normal"):
    paragraph = doc.add_paragraph()
    _set_style(doc, paragraph, name)
    return paragraph


def _add_run(paragraph, text: str, font: str | None = None, size=None, bold: bool | None = None):
    run = paragraph.add_run(text)
    if font or size or bold is not None:
        _set_fonts(run._r.get_or_add_rPr(), font or BODY_FONT, size, bold)
    return run


def _finish(doc) -> bytes:
    """Save with every text run space-preserving, document.xml stored, and fixed zip dates.

    Only word/document.xml and docProps/core.xml (the title) differ between files; every other
    part is the template's bytes, in the order python-docx writes them.
    """
    for text in doc.element.body.iter(qn("w:t")):
        text.set(qn("xml:space"), "preserve")  # a filled-in value may start or end with a space
    template = _template()
    core = copy.deepcopy(template.core)
    CoreProperties(core).title = doc.__dict__["_talk_title"]
    own = {DOCUMENT_XML: serialize_part_xml(doc.element), CORE_XML: serialize_part_xml(core)}
    return _zip([entry or _entry(name, own[name]) for name, entry in template.parts])


# --- Worked examples --------------------------------------------------------------------------

def talk_docx(talk: Talk) -> bytes:
    """The worked example as a Word file: title, speakers, headings and paragraphs (no notes)."""
    return lines_docx(tuple(printed_lines(talk)))


@functools.lru_cache(maxsize=512)  # `mkdocs serve` rebuilds often; unchanged talks are reused
def lines_docx(lines: tuple[Line, ...]) -> bytes:
    doc = _document(lines[0].text)
    body = doc.paragraphs[0] if doc.paragraphs else None
    for line in lines:
        if line.kind == "title":
            paragraph = body if body is not None else doc.add_paragraph()
            _set_style(doc, paragraph, "Title")
            _add_run(paragraph, line.text)
            continue
        if line.kind in ("heading", "subheading"):
            paragraph = _paragraph(doc, "Heading 1" if line.level == 1 else "Heading 2")
            _add_run(paragraph, line.full)
            continue
        paragraph = _paragraph(doc, "Normal")
        if line.kind == "speaker":
            _first_line_indent(paragraph.paragraph_format, 0)
            paragraph.paragraph_format.keep_with_next = True
            _add_run(paragraph, line.text, LEVEL2_FONT)
        elif line.kind == "salutation":
            _first_line_indent(paragraph.paragraph_format, 0)
            _add_run(paragraph, line.text)
        else:
            if line.lead:
                if not line.text and line.level == 2:
                    _set_style(doc, paragraph, "Heading 2")
                    _add_run(paragraph, line.lead)
                    continue
                _add_run(paragraph, line.lead, _lead_font(line))
                if not line.text:
                    paragraph.paragraph_format.keep_with_next = True
            if line.text:
                _add_run(paragraph, line.text)
    return _finish(doc)


def _lead_font(line: Line) -> str:
    """The font of a point's number and lead sentence: its style's Word font (talks_layout)."""
    return (STYLES[line.style].word_font if line.style in STYLES else "") or BODY_FONT


# --- Forms: selected sections of a form page ---------------------------------------------------

_LEVEL1 = typed_number(HEADING_STYLE)
_LEVEL2 = typed_number(SUBSECTION_STYLE)
#: 主送机关 or 称呼, flush left: “【谈话对象姓名】同志：”, “【主送单位】：”.
_SALUTATION = re.compile(r"^(?:【[^【】]+】|[^，。；：]{1,20})(?:同志)?：$")
_BLOCK_TAGS = {"p", "table", "ul", "ol", "div", "h3", "h4", "h5", "blockquote"}


def _text(element) -> str:
    """Text of an HTML element, with <br> as a line break and no permalink marks."""
    parts: list[str] = []

    def walk(node):
        if node.tag == "br":
            parts.append("\n")
        elif "headerlink" in (node.get("class") or ""):
            pass
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

    walk(element)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts)).strip()


def _all_bold(p) -> bool:
    """A paragraph whose every character is bold: a title or heading line of the form."""
    if (p.text or "").strip() or not len(p):
        return False
    return all(child.tag in ("strong", "b") and not (child.tail or "").strip() for child in p)


def sections_of(page_html: str) -> dict[str, list]:
    """``## 标题`` → the HTML elements under it, for the sections a form page offers in Word."""
    root = lxml.html.fragment_fromstring(page_html, create_parent="div")
    sections: dict[str, list] = {}
    current: list | None = None
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h2":
            current = sections.setdefault(_text(element), [])
        elif element.tag == "h1":
            current = None
        elif current is not None:
            current.append(element)
    return sections


def _add_multiline(paragraph, text: str, font: str | None = None, size=None, bold: bool | None = None) -> None:
    """A run per line of ``text``, joined by line breaks (a <br> in a table cell)."""
    parts = text.split("\n")
    for index, part in enumerate(parts):
        run = _add_run(paragraph, part, font, size, bold)
        if index < len(parts) - 1:
            run.add_break(WD_BREAK.LINE)


def _form_paragraph(doc, p) -> None:
    text = _text(p)
    if not text:
        return
    if _all_bold(p):
        if _LEVEL1.match(text):
            paragraph = _paragraph(doc, "Heading 1")
        else:
            paragraph = _paragraph(doc, "Title")
        _add_multiline(paragraph, text)
        return
    paragraph = _paragraph(doc, "Normal")
    if _LEVEL1.match(text):  # GB/T 9704: the first level in 黑体
        _set_style(doc, paragraph, "Heading 1")
        _add_multiline(paragraph, text)
        return
    if _SALUTATION.match(text) and (text.endswith("同志：") or text.startswith("【")):
        _first_line_indent(paragraph.paragraph_format, 0)
    level2 = _LEVEL2.match(text)
    if level2:
        end = text.find("。")
        lead = text[: end + 1] if end > 0 else text
        _add_multiline(paragraph, lead, LEVEL2_FONT)
        if text[len(lead):]:
            _add_multiline(paragraph, text[len(lead):])
        return
    _add_multiline(paragraph, text)


def _form_table(doc, table) -> None:
    rows = [[_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            for row in table.iter("tr")]
    rows = [row for row in rows if row]
    if not rows:
        return
    columns = max(len(row) for row in rows)
    size = WIDE_TABLE_SIZE if columns >= 7 else TABLE_SIZE
    header = table.find(".//thead") is not None
    word_table = doc.add_table(rows=len(rows), cols=columns)
    word_table.style = _style(doc, "Table Grid")
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (row, word_row) in enumerate(zip(rows, word_table.rows)):
        cells = word_row.cells  # Table.cell() lists every cell of the table on each call
        for c, value in enumerate(row):
            paragraph = cells[c].paragraphs[0]
            fmt = paragraph.paragraph_format
            _first_line_indent(fmt, 0)
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 and header else WD_ALIGN_PARAGRAPH.LEFT
            font = LEVEL1_FONT if r == 0 and header else BODY_FONT
            _add_multiline(paragraph, value, font, size)
    _paragraph(doc, "Normal")  # Word needs a paragraph between two tables


def _form_blocks(doc, elements) -> None:
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if element.tag == "p":
            if "admonition-title" not in classes:
                _form_paragraph(doc, element)
        elif element.tag == "table":
            _form_table(doc, element)
        elif element.tag in ("div", "blockquote", "details"):
            _form_blocks(doc, [e for e in element if e.tag != "summary"])
        elif element.tag in ("ul", "ol"):
            for index, item in enumerate(element.findall("li"), start=1):
                paragraph = _paragraph(doc, "Normal")
                prefix = f"{index}." if element.tag == "ol" else ""
                _add_multiline(paragraph, prefix + _text(item))
        elif element.tag in ("h3", "h4", "h5"):
            style = "Heading 1" if element.tag == "h3" else "Heading 2"
            _add_multiline(_paragraph(doc, style), _text(element))


def form_docx(title: str, page_html: str, wanted: list[str]) -> bytes:
    """The sections ``wanted`` of a form page, each starting on a new page.

    A section that does not begin with its own bold title line gets its ## heading as title.
    Raises KeyError naming the first section that the page does not have.
    """
    sections = sections_of(page_html)
    doc = _document(title)
    first = True
    for name in wanted:
        if name not in sections:
            raise KeyError(name)
        elements = [e for e in sections[name] if isinstance(e.tag, str)]
        if not first:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        has_title = _starts_with_title(elements)
        if not has_title:
            paragraph = doc.paragraphs[0] if first and doc.paragraphs else doc.add_paragraph()
            _set_style(doc, paragraph, "Title")
            _add_run(paragraph, name)
        elif first and doc.paragraphs:
            doc.paragraphs[0]._element.getparent().remove(doc.paragraphs[0]._element)
        _form_blocks(doc, elements)
        first = False
    return _finish(doc)


def _starts_with_title(elements) -> bool:
    for element in elements:
        if "admonition-title" in (element.get("class") or "") or element.tag == "summary":
            continue
        if element.tag == "p":
            return _all_bold(element) and not _LEVEL1.match(_text(element))
        if element.tag in ("div", "details", "blockquote"):
            return _starts_with_title(list(element))
        if element.tag in _BLOCK_TAGS:
            return False
    return False


# --- For the browser: the file as a script, loadable from file:// where fetch() is not ----------

def docx_script(file_name: str, data: bytes) -> str:
    """JavaScript that registers the .docx bytes (base64) under its file name."""
    return ("(window.talkDocx = window.talkDocx || {})[" + json.dumps(file_name) + "] = "
            + json.dumps(base64.b64encode(data).decode("ascii")) + ";\n")


# --- For the composer: the same template, written by the browser ---------------------------------

#: Stand-ins for the text of a paragraph, replaced by the browser (docs/assets/javascripts/composer.js).
SLOT_TEXT, SLOT_LEAD = "TALKSLOTTEXT", "TALKSLOTLEAD"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)


def composer_template() -> dict:
    """What the browser needs to write a talk as a Word file exactly as :func:`lines_docx` does:
    a file made by lines_docx (its every part but the body is the template's), the XML before and
    after the body's paragraphs, one paragraph of each kind with SLOT_LEAD/SLOT_TEXT to fill, and
    docProps/core.xml with SLOT_TEXT as its title (compressed in the file; the browser cannot inflate).

    Kinds: title, speaker, salutation, para, heading, subheading, ``point:<style>`` (number and
    lead sentence, then text) and ``lead:<style>`` (a point with only its lead sentence).
    """
    kinds = [("title", Line("title", SLOT_TEXT)), ("speaker", Line("speaker", SLOT_TEXT)),
             ("salutation", Line("salutation", SLOT_TEXT)), ("para", Line("para", SLOT_TEXT)),
             ("heading", Line("heading", SLOT_TEXT, SLOT_LEAD, 1, HEADING_STYLE)),
             ("subheading", Line("subheading", SLOT_TEXT, SLOT_LEAD, 2, SUBSECTION_STYLE))]
    for key, style in STYLES.items():
        kinds.append((f"point:{key}", Line("para", SLOT_TEXT, SLOT_LEAD, style.level, key)))
        kinds.append((f"lead:{key}", Line("para", "", SLOT_LEAD, style.level, key)))
    data = lines_docx(tuple(line for _, line in kinds))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(DOCUMENT_XML).decode("utf-8")
        core = archive.read(CORE_XML).decode("utf-8")  # its title is SLOT_TEXT (the title line's)
    paragraphs = list(_PARAGRAPH.finditer(xml))
    if len(paragraphs) != len(kinds):
        raise ValueError(f"expected {len(kinds)} paragraphs, found {len(paragraphs)}")
    return {
        "docx": base64.b64encode(data).decode("ascii"),
        "before": xml[:paragraphs[0].start()],
        "after": xml[paragraphs[-1].end():],
        "paragraphs": {key: match.group(0) for (key, _), match in zip(kinds, paragraphs)},
        "core": core,
        "slots": {"text": SLOT_TEXT, "lead": SLOT_LEAD},
    }


def composer_template_script() -> str:
    """:func:`composer_template` as a script (loadable from file://, where fetch() is not)."""
    payload = json.dumps(composer_template(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f"window.talkDocxTemplate = {payload};\n"


def sections_html(page_html: str, wanted: list[str]) -> str:
    """The ``wanted`` ## sections of a form page as HTML (the composer shows them filled in)."""
    sections = sections_of(page_html)
    out = []
    for name in wanted:
        inner = "".join(lxml.html.tostring(e, encoding="unicode") for e in sections.get(name, [])
                        if isinstance(e.tag, str))
        out.append(f'<section class="composer-form-section"><h3>{html_escape(name)}</h3>{inner}</section>')
    return "".join(out)
