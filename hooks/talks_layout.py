"""The one layout of a talk: numbering styles, their GB/T 9704 levels, and a talk as printed lines.

Every place that shows a talk reads it from here: the example page (talks_render), the Word file
(talks_docx), plain text for 复制全文, lint (scripts/talks_lint.py) and the composer, which
receives :func:`numbering_table` in the site's JSON. Change a numbering rule here and all of them
follow; no other module formats a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talks_model import Block, Paragraph, Subsection, Talk

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class NumberStyle:
    """One numbering style: how its numbers read, and where it sits in the document."""

    key: str  # as a maintainer writes it in 编号, e.g. （一）
    prefix: str
    digits: str  # "chinese" (一二三) or "arabic" (123)
    suffix: str
    #: GB/T 9704—2012 7.3.3 level (1 一、 2 （一） 3 1. 4 （1））; 0 for a series in running text (一是).
    level: int
    #: Font of the number and lead sentence in the Word file; "" = the body font.
    word_font: str = ""

    def format(self, n: int) -> str:
        return f"{self.prefix}{chinese_number(n) if self.digits == 'chinese' else n}{self.suffix}"


#: Fonts of the GB/T 9704 levels in Word (level 3 and 4 stay in the body font, 仿宋).
LEVEL1_FONT = "黑体"
LEVEL2_FONT = "楷体_GB2312"

STYLES: dict[str, NumberStyle] = {s.key: s for s in (
    NumberStyle("一、", "", "chinese", "、", 1, LEVEL1_FONT),
    NumberStyle("（一）", "（", "chinese", "）", 2, LEVEL2_FONT),
    NumberStyle("1.", "", "arabic", ".", 3),
    NumberStyle("（1）", "（", "arabic", "）", 4),
    NumberStyle("一是", "", "chinese", "是", 0),
    NumberStyle("一要", "", "chinese", "要", 0),
    NumberStyle("第一", "第", "chinese", "，", 0),
)}
#: Headed parts are level 1; headed subsections (小节) level 2.
HEADING_STYLE = "一、"
SUBSECTION_STYLE = "（一）"
#: Default style of points by depth inside a part; inside a subsection they start one level lower.
POINT_STYLES = ("（一）", "1.", "（1）")
#: The styles a maintainer may name in a snippet's 编号 (schema/snippet.schema.json mirrors this).
POINT_STYLE_KEYS = tuple(k for k in STYLES if k != HEADING_STYLE)


def number(style: str, n: int) -> str:
    return STYLES[style].format(n)


def level_of(style: str) -> int:
    return STYLES[style].level if style in STYLES else 0


def point_style(depth: int, chosen: str = "") -> str:
    """The style of points at ``depth`` (0 = directly in a part) unless the snippet chose one."""
    return chosen or POINT_STYLES[min(depth, len(POINT_STYLES) - 1)]


def typed_number(style: str) -> re.Pattern:
    """A number of ``style`` typed at the start of a line (for text that was written by hand:
    forms pages in Word, lint). ``1.`` does not match ``1.5``."""
    spec = STYLES[style]
    digits = f"[{_DIGITS[1:]}十]+" if spec.digits == "chinese" else r"\d+"
    tail = r"(?!\d)" if spec.suffix == "." else ""
    return re.compile(f"^{re.escape(spec.prefix)}{digits}{re.escape(spec.suffix)}{tail}")


#: Typed numbers that are near misses of a style (一. 1、 第一、), also generated, never typed.
_NEAR_MISSES = re.compile(rf"^(?:[{_DIGITS[1:]}十]+[.．、]|第[{_DIGITS[1:]}十]+[，、,]|\d+[、]|[(（][{_DIGITS[1:]}十\d]+[)）])")


def typed_number_at_start(text: str) -> str:
    """The number a maintainer typed at the start of a heading or lead, or "" (numbers are generated)."""
    for style in STYLES:
        match = typed_number(style).match(text)
        if match:
            return match.group(0)
    match = _NEAR_MISSES.match(text)
    return match.group(0) if match else ""


def numbering_table() -> dict:
    """The numbering rules as data, for the composer in the browser (the site's JSON)."""
    return {
        "styles": [{"key": s.key, "prefix": s.prefix, "digits": s.digits, "suffix": s.suffix, "level": s.level,
                    "wordFont": s.word_font} for s in STYLES.values()],
        "heading": HEADING_STYLE,
        "subsection": SUBSECTION_STYLE,
        "points": list(POINT_STYLES),
        # In a meeting, each speaker numbers their own headed parts from 一、 again.
        "restart": "speaker",
    }


# --- A talk as printed lines ------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One printed paragraph of a talk.

    ``kind`` is title, speaker, heading (一、 part heading), subheading (（一） subsection),
    salutation, para, or note (a maintainer's 批注 on the part: shown on the page, never printed).
    """

    kind: str
    text: str
    lead: str = ""  # generated number (+ lead sentence of a point), in the same paragraph
    level: int = 0  # GB/T level of ``lead`` (0: none, or a series such as 一是)
    style: str = ""  # numbering style of ``lead``
    note: str = ""
    see: str = ""
    part: int = -1  # index of the part (正文 item) the line belongs to; -1 for the title

    @property
    def full(self) -> str:
        return self.lead + self.text

    @property
    def printed(self) -> bool:
        return self.kind != "note"


def block_lines(blocks: list[Block], part: int, depth: int = 0, style: str = "") -> list[Line]:
    """Blocks → paragraphs in reading order, numbered (``style``: the 编号 chosen for this level)."""
    out: list[Line] = []
    points = subsections = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Line("para", block.text, note=block.note, see=block.see, part=part))
        elif isinstance(block, Subsection):
            subsections += 1
            out.append(Line("subheading", block.title, number(SUBSECTION_STYLE, subsections),
                            level_of(SUBSECTION_STYLE), SUBSECTION_STYLE, block.note, block.see, part))
            out += block_lines(block.blocks, part, depth + 1, block.numbering)
        else:
            points += 1
            key = point_style(depth, style)
            rest = block.blocks
            text = ""
            if rest and isinstance(rest[0], Paragraph) and not rest[0].note and not rest[0].see:
                # 一是……。followed by its text in the same paragraph, as talks are written.
                text, rest = rest[0].text, rest[1:]
            out.append(Line("para", text, number(key, points) + block.lead, level_of(key), key,
                            block.note, block.see, part))
            out += block_lines(rest, part, depth + 1, block.numbering)
    return out


def talk_lines(talk: Talk) -> list[Line]:
    """The whole talk in reading order: title, then each part's speaker, heading, note,
    salutation and paragraphs. Headed parts are numbered 一、二、… per speaker."""
    lines = [Line("title", talk.title)]
    heading_number = 0
    speaker = ""
    for index, section in enumerate(talk.sections):
        if section.speaker and section.speaker != speaker:
            heading_number = 0  # in a meeting, each speech numbers its own parts
            speaker = section.speaker
        if section.speaker:
            lines.append(Line("speaker", section.speaker, part=index))
        if section.heading:
            heading_number += 1
            lines.append(Line("heading", section.heading, number(HEADING_STYLE, heading_number),
                              level_of(HEADING_STYLE), HEADING_STYLE, part=index))
        if section.note or section.see:
            lines.append(Line("note", "", note=section.note, see=section.see, part=index))
        if section.salutation:
            lines.append(Line("salutation", section.salutation, part=index))
        lines += block_lines(section.blocks, index, 0, section.numbering)
    return lines


def printed_lines(talk: Talk) -> list[Line]:
    """The lines that are printed, copied and put in the Word file (everything but notes)."""
    return [line for line in talk_lines(talk) if line.printed]


def plain_text(lines: list[Line]) -> str:
    """One paragraph per line, as pasted into Word or WPS (no notes)."""
    return "\n".join(line.full for line in lines if line.printed)
