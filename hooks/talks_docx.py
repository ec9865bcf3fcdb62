"""Word (.docx) versions of the worked examples and forms, laid out after GB/T 9704—2012.

A talk outline is not one of the statutory 公文 kinds, but units print and file it in 公文 layout,
so the file follows the standard as far as an outline can: A4; margins 37/35/28/26 mm (top,
bottom, left, right); title in 2号小标宋; body in 3号仿宋, 22 lines of 28 characters (fixed line
pitch 28.95 pt on a line grid, characters set 0.25 pt closer); headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋;
first-line indent of two characters; page numbers “— 1 —” in 4号宋体, odd pages right, even left,
7 mm below the type area (FOOTER_DISTANCE). The font table names a fallback for each Chinese font
(FALLBACK_FONTS); nothing of python-docx's Japanese default template is left (_tidy_part). Forms
follow the 公文 layout: 发文字号 centred, 署名 and 成文日期 right-aligned, each section on a new
page by its first paragraph (no page-break paragraphs), numbered sentences not set as headings.

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
from lxml import etree
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

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
#: GB/T 9704—2012 7.5: the page number's 一字线 sits about 7 mm below the type area (版心).
#: With a 35 mm bottom margin the top of the page-number line is 35 − 7 = 28 mm above the page's
#: bottom edge. Word measures the footer distance (w:pgMar/@w:footer) from the page's bottom edge
#: to the *bottom* of the footer, and the footer grows upwards by its line height; so with the
#: footer paragraph at an exact line height of 14 pt (4.94 mm, one 4号 line, no space before or
#: after), the footer distance is 28 − 4.94 = 23.06 mm (1,307 twips), and the line's top is then
#: 23.06 + 4.94 = 28 mm above the bottom edge, 35 − 28 = 7 mm below the type area.
PAGE_NUMBER_GAP = Mm(7)
PAGE_NUMBER_LINE = Pt(14)
FOOTER_DISTANCE = Emu(MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_LINE)

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
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = PAGE_NUMBER_LINE  # see FOOTER_DISTANCE
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
    section.footer_distance = FOOTER_DISTANCE  # the number sits about 7 mm below the type area
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


# --- The parts python-docx's default template brings along --------------------------------------
# Its template comes from a Japanese Word for Mac: the theme names ＭＳ 明朝 and ＭＳ ゴシック, the
# font table lists them, settings.xml declares ja-JP theme fonts, app.xml names Word 14, and a
# thumbnail shows some other document. Every file says instead what it is and which fonts it needs.

#: Chinese fonts the files use, with the fallback Word and WPS take where one is not installed
#: (w:altName), GB2312 as the character set (w:charset 86) and the family and pitch Windows
#: reports for these fonts: name, alternative, PANOSE, family, pitch.
FALLBACK_FONTS = (
    (BODY_FONT, "仿宋", "02010609030101010101", "modern", "fixed"),
    (TITLE_FONT, "宋体", "02000000000000000000", "auto", "variable"),
    (LEVEL2_FONT, "楷体", "02010609030101010101", "modern", "fixed"),
    (LEVEL1_FONT, "SimHei", "02010609060101010101", "modern", "fixed"),
    (PAGE_NUMBER_FONT, "SimSun", "02010600030101010101", "auto", "variable"),
)
#: Unicode and code-page ranges of a GB2312 font (w:sig): CJK ideographs, code page 936.
_GB2312_SIG = dict(usb0="00000001", usb1="080E0000", usb2="00000010", usb3="00000000",
                   csb0="00040000", csb1="00000000")
#: Japanese fonts of the default theme and font table (charset 80 is Shift-JIS).
JAPANESE_FONTS = ("ＭＳ 明朝", "ＭＳ ゴシック", "ＭＳ Ｐ明朝", "ＭＳ Ｐゴシック", "MS Mincho", "MS Gothic")
APP_XML = "docProps/app.xml"
THUMBNAIL = "docProps/thumbnail.jpeg"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _font_table(data: bytes) -> bytes:
    """The font table without the Japanese fonts, with the Chinese fonts and their fallbacks."""
    root = etree.fromstring(data)
    for font in root.findall(f"{{{_W}}}font"):
        charset = font.find(f"{{{_W}}}charset")
        name = font.get(f"{{{_W}}}name")
        if name in JAPANESE_FONTS or name in [f[0] for f in FALLBACK_FONTS] or (
                charset is not None and charset.get(f"{{{_W}}}val") == "80"):
            root.remove(font)
    for name, alternative, panose, family, pitch in FALLBACK_FONTS:
        font = etree.SubElement(root, f"{{{_W}}}font", {f"{{{_W}}}name": name})
        for tag, value in (("altName", alternative), ("panose1", panose), ("charset", "86"),
                           ("family", family), ("pitch", pitch)):
            etree.SubElement(font, f"{{{_W}}}{tag}", {f"{{{_W}}}val": value})
        etree.SubElement(font, f"{{{_W}}}sig", {f"{{{_W}}}{k}": v for k, v in _GB2312_SIG.items()})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _theme(data: bytes) -> bytes:
    """The theme without its Japanese script fonts (Chinese text takes the theme's 宋体 entry)."""
    root = etree.fromstring(data)
    for font in root.iter(f"{{{_A}}}font"):
        if font.get("script") == "Jpan":
            font.getparent().remove(font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _app_properties() -> bytes:
    """docProps/app.xml naming the site. No AppVersion: ECMA-376 requires it to be an
    application's version number (XX.YYYY), and these files come from no Word version."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>{AUTHOR}</Template><Application>{AUTHOR}</Application><DocSecurity>0</DocSecurity>"
            f"<ScaleCrop>false</ScaleCrop><Company>{AUTHOR}</Company><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def _tidy_part(name: str, data: bytes) -> bytes:
    """A template part as these files carry it (see the note above FALLBACK_FONTS)."""
    if name == "word/fontTable.xml":
        data = _font_table(data)
    elif name.startswith("word/theme/"):
        data = _theme(data)
    elif name == APP_XML:
        return _app_properties()
    elif name == "_rels/.rels":
        data = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"/>', b"", data)
    elif name == "[Content_Types].xml":
        data = data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
    return data.replace(b'"ja-JP"', b'"zh-CN"')  # settings.xml: w:themeFontLang w:eastAsia


@functools.lru_cache(maxsize=1)
def _template() -> _Template:
    doc = _styled_document("")
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        parts = tuple((info.filename, None if info.filename in (DOCUMENT_XML, CORE_XML)
                       else _entry(info.filename, _tidy_part(info.filename, source.read(info.filename))))
                      for info in source.infolist() if info.filename != THUMBNAIL)
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
#: 发文字号, centred under the title (GB/T 9704 7.2.4): “【机关代字】〔【年份】〕【序号】号”.
_ISSUE_NUMBER = re.compile(r"^[^，。；：\s]*〔[^〕]*〕[^，。；：\s]*号$")
#: 署名: “【发文机关名称】（印章）”, “承诺人（签名）：”.
_SIGNATURE = re.compile(r"^[^，。；]{1,40}(?:（印章）|（盖章）|（签名）：?|（签字）：?)$")
#: 成文日期: “【成文日期】”, “承诺日期：　　年　　月　　日”, “2026年5月1日”.
_DATE = re.compile(r"^(?:【成文日期】|(?:[^，。；：]{1,8}：)?[\d〇一二三四五六七八九十　 ]*年[\d〇一二三四五六七八九十　 ]*月"
                   r"[\d〇一二三四五六七八九十　 ]*日)$")
#: Sentence punctuation: a numbered line with any of it is a list item, not a heading
#: (“一、对【约谈事由】涉及的问题进行认真剖析，查找原因。”, “一、【准备事项一，如……】”).
_SENTENCE = re.compile(r"[，。；：！？]")
#: 署名 and 成文日期 end four characters in from the right margin (GB/T 9704 7.3.5.1: 成文日期右空四字).
_RIGHT_CHARS = 4


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


_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S)


def mark_form_sections(page_html: str, wanted) -> str:
    """The page with class ``talk-form`` on the ## headings of the sections in its Word file,
    so that the browser offers copy and fill-in for exactly what the Word file holds."""
    names = set(wanted)

    def mark(match: re.Match) -> str:
        attributes, inner = match.groups()
        if _text(lxml.html.fragment_fromstring(f"<h2>{inner}</h2>")) not in names:
            return match.group(0)
        if re.search(r'\bclass="', attributes):
            attributes = re.sub(r'\bclass="', 'class="talk-form ', attributes, count=1)
        else:
            attributes += ' class="talk-form"'
        return f"<h2{attributes}>{inner}</h2>"

    return _H2.sub(mark, page_html)


def _add_multiline(paragraph, text: str, font: str | None = None, size=None, bold: bool | None = None) -> None:
    """A run per line of ``text``, joined by line breaks (a <br> in a table cell)."""
    parts = text.split("\n")
    for index, part in enumerate(parts):
        run = _add_run(paragraph, part, font, size, bold)
        if index < len(parts) - 1:
            run.add_break(WD_BREAK.LINE)


def _is_heading(text: str) -> bool:
    """A level-1 line that is a heading (“一、基本情况”), not a numbered list item."""
    number = _LEVEL1.match(text)
    return bool(number) and not _SENTENCE.search(text[number.end():])


def _first_stop(text: str) -> int:
    """Where the first “。” outside any 【占位符】 is (−1: none), so a placeholder stays in one run."""
    depth = 0
    for index, char in enumerate(text):
        if char == "【":
            depth += 1
        elif char == "】":
            depth = max(0, depth - 1)
        elif char == "。" and not depth:
            return index
    return -1


def _align(paragraph, alignment, right_chars: int = 0) -> None:
    """Align a paragraph with no first-line indent, ``right_chars`` characters in from the right."""
    fmt = paragraph.paragraph_format
    fmt.alignment = alignment
    _first_line_indent(fmt, 0)
    if right_chars:
        fmt.right_indent = Pt(BODY_SIZE.pt * right_chars)
        fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:rightChars"), str(right_chars * 100))


def _form_paragraph(doc, p) -> None:
    text = _text(p)
    if not text:
        return
    if _all_bold(p):
        if _LEVEL1.match(text):
            paragraph = _paragraph(doc, "Heading 1" if _is_heading(text) else "Normal")
        else:
            paragraph = _paragraph(doc, "Title")
        _add_multiline(paragraph, text)
        return
    paragraph = _paragraph(doc, "Normal")
    if _is_heading(text):  # GB/T 9704: the first level in 黑体
        _set_style(doc, paragraph, "Heading 1")
        _add_multiline(paragraph, text)
        return
    if _ISSUE_NUMBER.match(text):  # 发文字号: centred
        _align(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
        _add_multiline(paragraph, text)
        return
    if _SIGNATURE.match(text) or _DATE.match(text):  # 署名 and 成文日期: right-aligned
        _align(paragraph, WD_ALIGN_PARAGRAPH.RIGHT, _RIGHT_CHARS)
        if _SIGNATURE.match(text):
            paragraph.paragraph_format.space_before = LINE_PITCH  # 正文下空一行
        _add_multiline(paragraph, text)
        return
    if _SALUTATION.match(text) and (text.endswith("同志：") or text.startswith("【")):
        _first_line_indent(paragraph.paragraph_format, 0)
    level2 = _LEVEL2.match(text)
    if level2:
        end = _first_stop(text)
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
    body = doc.element.body
    first = True
    for name in wanted:
        if name not in sections:
            raise KeyError(name)
        elements = [e for e in sections[name] if isinstance(e.tag, str)]
        if not first:
            _drop_trailing_empty(body)  # the next section's first paragraph separates two tables
        start = len(body) - 1  # before w:sectPr
        has_title = _starts_with_title(elements)
        if not has_title:
            paragraph = doc.paragraphs[0] if first and doc.paragraphs else doc.add_paragraph()
            _set_style(doc, paragraph, "Title")
            _add_run(paragraph, name)
        elif first and doc.paragraphs:
            doc.paragraphs[0]._element.getparent().remove(doc.paragraphs[0]._element)
            start -= 1
        _form_blocks(doc, elements)
        if not first:  # a new page for each section: no empty paragraph holding a page break
            opening = next(e for e in body[start:] if e.tag == qn("w:p"))
            opening.get_or_add_pPr().insert_element_before(
                OxmlElement("w:pageBreakBefore"), *_AFTER_PAGE_BREAK_BEFORE)
        first = False
    _shrink_final_empty(body)
    return _finish(doc)


#: What follows w:pageBreakBefore in w:pPr (ECMA-376 CT_PPrBase sequence).
_AFTER_PAGE_BREAK_BEFORE = tuple(f"w:{t}" for t in (
    "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


def _is_empty_paragraph(element) -> bool:
    return element.tag == qn("w:p") and not any(True for _ in element.iter(qn("w:t"), qn("w:br")))


def _drop_trailing_empty(body) -> None:
    """Remove the empty paragraph a table left at the end of the previous section."""
    content = [e for e in body if e.tag != qn("w:sectPr")]
    if len(content) >= 2 and _is_empty_paragraph(content[-1]):
        body.remove(content[-1])


def _shrink_final_empty(body) -> None:
    """Word ends a document that ends with a table with an empty paragraph; at a full line's
    height it can spill onto a page of its own, so it is made 1 pt high."""
    content = [e for e in body if e.tag != qn("w:sectPr")]
    if len(content) >= 2 and _is_empty_paragraph(content[-1]) and content[-2].tag == qn("w:tbl"):
        ppr = content[-1].get_or_add_pPr()
        spacing = ppr.get_or_add_spacing()
        spacing.set(qn("w:line"), "20")
        spacing.set(qn("w:lineRule"), "exact")
        rpr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        rpr.append(size)
        ppr.append(rpr)


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
