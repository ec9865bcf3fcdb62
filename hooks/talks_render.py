"""Turn checked talks into Markdown pages: example pages, example indexes, nav entries.

Talk text is written out as escaped HTML paragraphs, so nothing a maintainer typed is read as
Markdown or HTML (a ``<script>`` shows as text; ``*`` stays a star). Headings and notes go
through :func:`md_escape`, because they must stay Markdown for the table of contents and for
links that MkDocs checks. Numbering is generated here, never typed by hand.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass

from pymdownx.slugs import slugify

from talks_load import PLACEHOLDER, cited_titles
from talks_model import Block, Paragraph, Phrase, Section, Talk, TalkType

# --- Numbering (GB/T 9704 levels and the 一是/一要 series) -------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


NUMBERING = {
    "一、": lambda n: f"{chinese_number(n)}、",
    "（一）": lambda n: f"（{chinese_number(n)}）",
    "1.": lambda n: f"{n}.",
    "（1）": lambda n: f"（{n}）",
    "一是": lambda n: f"{chinese_number(n)}是",
    "一要": lambda n: f"{chinese_number(n)}要",
    "第一": lambda n: f"第{chinese_number(n)}，",
}
#: Section headings are level 1 (一、); points inside them take the next levels in turn.
DEFAULT_POINT_STYLE = ("（一）", "1.", "（1）")


def number(style: str, n: int) -> str:
    return NUMBERING[style](n)


# --- Escaping ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def md_escape(text: str) -> str:
    """Text that Markdown (and attr_list, tables) will show exactly as typed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def anchor(title: str) -> str:
    """The id that the site's toc slugify gives a heading with this title."""
    return slugify(case="lower")(title, "-")


def relative(from_page: str, to_page: str) -> str:
    """A relative link between two docs-relative .md paths (as MkDocs expects them)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


# --- Example pages ----------------------------------------------------------------------------

def example_path(talk: Talk, types: dict[str, TalkType]) -> str:
    return f"{types[talk.type_name].examples_dir}/{talk.slug}.md"


def index_path(talk_type: TalkType) -> str:
    return f"{talk_type.examples_dir}/index.md"


def _type_link(name: str, page: str, types: dict[str, TalkType]) -> str:
    return f"[{md_escape(name)}]({relative(page, types[name].page)})"


def _basis_links(item: str, page: str, regulations_page: str) -> str:
    """A 依据 entry with each 《title》 linked to its entry on the regulations page."""
    parts = re.split(r"(《[^《》]+》)", item)
    out = []
    for part in parts:
        if part.startswith("《") and part[1:-1] in cited_titles(part):
            out.append(f"[{md_escape(part)}]({relative(page, regulations_page)}#{anchor(part)})")
        else:
            out.append(md_escape(part))
    return "".join(out)


def _note(block_note: str, see: str, talk_type: TalkType, page: str) -> list[str]:
    if not block_note and not see:
        return []
    body = md_escape(block_note)
    if see:
        link = f"{relative(page, talk_type.page)}#{anchor(see)}"
        body += f"{'　' if body else ''}[参考用语：{md_escape(see)}]({link})"
    return ['<div class="talk-note" markdown="1">', "", f"**批注**　{body}", "", "</div>", ""]


def _paragraph(text: str, lead: str = "", css: str = "talk-para") -> str:
    lead_html = f'<span class="talk-lead">{html.escape(lead)}</span>' if lead else ""
    return f'<p class="{css}">{lead_html}{html.escape(text)}</p>\n'


@dataclass(frozen=True)
class NumberedParagraph:
    """One paragraph of talk text as printed: its generated number and lead, then its text."""

    text: str
    lead: str = ""  # e.g. 一是思想政治建设方面。 (empty for a plain paragraph)
    style: str = ""  # the numbering style of the lead, e.g. 一是 or （一）
    note: str = ""
    see: str = ""


def numbered_paragraphs(blocks: list[Block], depth: int = 0, style: str = "") -> list[NumberedParagraph]:
    """Blocks → paragraphs in reading order, numbered; the page and the Word file both use this."""
    out: list[NumberedParagraph] = []
    count = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(NumberedParagraph(block.text, note=block.note, see=block.see))
            continue
        count += 1
        point_style = style or DEFAULT_POINT_STYLE[min(depth, len(DEFAULT_POINT_STYLE) - 1)]
        lead = number(point_style, count) + block.lead
        rest = block.blocks
        text = ""
        if rest and isinstance(rest[0], Paragraph) and not rest[0].note and not rest[0].see:
            # 一是……。followed by its text in the same paragraph, as talks are written.
            text, rest = rest[0].text, rest[1:]
        out.append(NumberedParagraph(text, lead, point_style, block.note, block.see))
        out += numbered_paragraphs(rest, depth + 1, block.numbering)
    return out


def _blocks(blocks: list[Block], style: str, talk_type: TalkType, page: str) -> list[str]:
    out: list[str] = []
    for paragraph in numbered_paragraphs(blocks, 0, style):
        css = "talk-para talk-point" if paragraph.lead else "talk-para"
        out.append(_paragraph(paragraph.text, paragraph.lead, css))
        out += _note(paragraph.note, paragraph.see, talk_type, page)
    return out


def _section(section: Section, heading_number: int, talk_type: TalkType, page: str) -> list[str]:
    out: list[str] = []
    if section.speaker:
        out.append(f'<p class="talk-speaker">{html.escape(section.speaker)}</p>\n')
    if section.heading:
        out += [f"## {number('一、', heading_number)}{md_escape(section.heading)}", ""]
    out += _note(section.note, section.see, talk_type, page)
    if section.salutation:
        out.append(f'<p class="talk-salutation">{html.escape(section.salutation)}</p>\n')
    out += _blocks(section.blocks, section.numbering, talk_type, page)
    return out


def docx_path(talk: Talk, types: dict[str, TalkType]) -> str:
    """Where the example's Word file is published, next to its page."""
    return f"{types[talk.type_name].examples_dir}/{talk.slug}.docx"


def _attr(value: str) -> str:
    """A value for an attr_list ``key="…"`` (no quotes or braces; | would split a table cell)."""
    return re.sub(r'["{}|\\]', "", value)


def render_example(talk: Talk, types: dict[str, TalkType], regulations_page: str,
                   tags: list[str] = ()) -> str:
    """The Markdown of one generated example page (``tags``: its front matter tags)."""
    talk_type = types[talk.type_name]
    page = example_path(talk, types)
    type_links = _type_link(talk.type_name, page, types)
    if talk.also:
        type_links += "（兼有" + "、".join(_type_link(t, page, types) for t in talk.also) + "）"
    basis = "；".join(_basis_links(b, page, regulations_page) for b in talk.basis)
    meta = [
        ("谈话类型", type_links),
        ("谈话人", md_escape(talk.speaker)),
        ("谈话对象", md_escape(talk.listener)),
        ("形式", md_escape(talk.form)),
        ("场景", md_escape(talk.setting)),
        ("适用情形", md_escape(talk.situation)),
        ("依据", basis),
    ]
    lines = [
        "---",
        f"title: {_yaml_string(talk.title)}",
        f"description: {_yaml_string(f'{talk.type_name}示例：{talk.speaker}与{talk.listener}')}",
        *([f"tags: [{', '.join(_yaml_string(t) for t in tags)}]"] if tags else []),
        "---",
        "",
        f"# {md_escape(talk.title)}",
        "",
        '<div class="talk-meta" markdown="1">',
        "",
        *[f"- **{label}**　{value}" for label, value in meta],
        "",
        "</div>",
        "",
    ]
    if talk.remark:
        lines += ['<div class="talk-remark" markdown="1">', "", f"**使用说明**　{md_escape(talk.remark)}", "", "</div>", ""]
    lines += ['<p class="talk-hint">带【】的内容是占位符，使用时换成实际情况。</p>', ""]
    # The toolkit (docs/assets/javascripts/toolkit.js) adds 复制全文 and the placeholder form here.
    docx = posixpath.basename(docx_path(talk, types))
    lines += ['<div class="talk-tools" markdown="1">', "",
              f'[下载 Word 文件]({docx}){{ .md-button .talk-download download="{_attr(talk.title)}.docx" }}',
              "", "</div>", ""]
    heading_number = 0
    speaker = ""
    for section in talk.sections:
        if section.speaker and section.speaker != speaker:
            heading_number = 0  # in a meeting, each speech numbers its own parts
            speaker = section.speaker
        if section.heading:
            heading_number += 1
        lines += _section(section, heading_number, talk_type, page)
    lines += ["", f'<p class="talk-source">本页由 <code>{html.escape(talk.source)}</code> 生成。</p>', ""]
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# --- Example indexes and nav ------------------------------------------------------------------

def examples_table(talks: list[Talk], types: dict[str, TalkType], from_page: str,
                   tags: dict[str, list[str]] | None = None) -> str:
    """A table of examples (谈话人 → 谈话对象, 场景, link), in the given stable order.

    With ``tags`` (slug → tags), each link carries them in ``data-tags`` for the page's filter.
    """
    if not talks:
        return "暂无示例。\n"
    rows = ["| 谈话人 → 谈话对象 | 场景 | 示例 |", "| --- | --- | --- |"]
    for talk in talks:
        link = relative(from_page, example_path(talk, types))
        data = f'{{ data-tags="{_attr(";".join(tags[talk.slug]))}" }}' if tags and talk.slug in tags else ""
        rows.append(f"| {md_escape(talk.speaker)} → {md_escape(talk.listener)} | {md_escape(talk.setting)} "
                    f"| [{md_escape(talk.title)}]({link}){data} |")
    return "\n".join(rows) + "\n"


def render_index(talk_type: TalkType, talks: list[Talk], types: dict[str, TalkType],
                 tags: dict[str, list[str]] | None = None) -> str:
    page = index_path(talk_type)
    guide = relative(page, talk_type.page)
    return "\n".join([
        "---",
        f"title: {_yaml_string(talk_type.name + '示例')}",
        "---",
        "",
        f"# {md_escape(talk_type.name)}示例",
        "",
        f"以下每篇示例都是一次完整的谈话，可对照[{md_escape(talk_type.name)}工作指引]({guide})中的结构和规范用语改写。"
        "带【】的内容是占位符，使用时换成实际情况。",
        "",
        examples_table(talks, types, page, tags),
    ])


def expand_nav(nav, talks: list[Talk], types: dict[str, TalkType]):
    """Replace each ``examples/<type>/index.md`` entry with a section of that type's examples."""
    by_index = {index_path(t): [k for k in talks if k.type_name == t.name] for t in types.values()}

    def walk(item):
        if isinstance(item, list):
            return [walk(i) for i in item]
        if isinstance(item, dict):
            return {title: _expand(title, value) for title, value in item.items()}
        return item

    def _expand(title, value):
        if isinstance(value, str) and value in by_index and by_index[value]:
            pages = [{f"{k.speaker} → {k.listener}": example_path(k, types)} for k in by_index[value]]
            return [value, *pages]
        return walk(value)

    return walk(nav) if nav else nav


# --- Placeholders on every page ---------------------------------------------------------------

_TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def highlight_placeholders(page_html: str) -> str:
    """Wrap each 【说明】 in page text (never inside a tag) in a highlighted span."""

    def mark(text_match: re.Match) -> str:
        text = PLACEHOLDER.sub(
            lambda m: f'<span class="placeholder" data-placeholder="{m.group(1).replace(chr(34), "&quot;")}">'
                      f'{m.group(0)}</span>',
            text_match.group(1),
        )
        return f">{text}<"

    return _TEXT_BETWEEN_TAGS.sub(mark, page_html)


# --- Standard-phrasing indexes ----------------------------------------------------------------

def _phrase_block(phrase: Phrase, types: dict[str, TalkType], from_page: str) -> list[str]:
    talk_type = types[phrase.type_name]
    where = phrase.section or phrase.chapter
    link = relative(from_page, talk_type.page) + (f"#{anchor(where)}" if where else "")
    title = f"{phrase.type_name} · {phrase.title}" if phrase.title else phrase.type_name
    body = [f"    {line}" if line else "" for line in phrase.body.splitlines()]
    # Left out of the search index: the guidance page already holds this phrase there, and a
    # copy on each index page would only repeat every hit (and add a fifth to the index).
    return ["<div markdown data-search-exclude>", "",
            f'!!! phrase "{title.replace(chr(34), "“")}"', *body, "",
            f"    出处：[{md_escape(phrase.type_name)} › {md_escape(where)}]({link})",
            "    { .phrase-source }", "", "</div>", ""]


def _by_severity(phrases: list[Phrase], types: dict[str, TalkType]) -> list[Phrase]:
    return sorted(phrases, key=lambda p: (types[p.type_name].severity, list(types).index(p.type_name)))


def phrase_category(phrase: Phrase, groups: dict[str, list[str]]) -> str:
    """The group a phrase belongs to: by its ### section first, then by its ## chapter."""
    for place in (phrase.section, phrase.chapter):
        for group, members in groups.items():
            if place in members:
                return group
    return ""


def phrases_by_section(phrases: list[Phrase], types: dict[str, TalkType], groups: dict[str, list[str]],
                       other: str, from_page: str) -> str:
    """Every phrase, grouped by the part of a talk it serves, mildest type first."""
    grouped: dict[str, list[Phrase]] = {group: [] for group in [*groups, other]}
    for phrase in phrases:
        grouped[phrase_category(phrase, groups) or other].append(phrase)
    lines: list[str] = []
    for group, members in grouped.items():
        if not members:
            continue
        lines += [f"## {md_escape(group)}", "", f"共 {len(members)} 段。", ""]
        for phrase in _by_severity(members, types):
            lines += _phrase_block(phrase, types, from_page)
    return "\n".join(lines)


def phrases_by_tone(phrases: list[Phrase], types: dict[str, TalkType], levels: dict[str, list[str]],
                    from_page: str) -> str:
    """Every phrase, grouped by the severity of its talk type (严肃程度) and then by type."""
    lines: list[str] = []
    for level, labels in levels.items():
        members = [p for p in phrases if str(types[p.type_name].severity) == level]
        if not members:
            continue
        names = "、".join(dict.fromkeys(p.type_name for p in _by_severity(members, types)))
        lines += [f"## {md_escape(labels[0])}", "", f"严肃程度 {level}：{md_escape(names)}。", ""]
        for name in dict.fromkeys(p.type_name for p in _by_severity(members, types)):
            lines += [f"### {md_escape(name)}", ""]
            for phrase in (p for p in members if p.type_name == name):
                lines += _phrase_block(phrase, types, from_page)
    return "\n".join(lines)


# --- Tag index ------------------------------------------------------------------------------------

def retitle_links(page_html: str, titles: dict[str, str]) -> str:
    """Show pages under their own title in the tag index: Material lists a page under its nav
    title, and every guidance page is called 工作指引 in the nav. ``titles``: href → title."""

    def swap(match: re.Match) -> str:
        title = titles.get(html.unescape(match.group(2)))
        return f"{match.group(1)}{html.escape(title)}{match.group(4)}" if title else match.group(0)

    return re.sub(r'(<a href="([^"]+)">)\s*([^<]*?)\s*(</a>)', swap, page_html)


_TAG_NAV = re.compile(r'(<nav class="md-tags"[^>]*>)(.*?)(</nav>)', re.S)
_TAG_LINK = re.compile(r'<a [^>]*class="md-tag[^"]*"[^>]*>.*?</a>', re.S)
_TAG_TEXT = re.compile(r'(class="md-tag[^"]*"[^>]*>)([^<>/]+)/([^<>]+)(<)')


def present_tags(page_html: str, facets: tuple[str, ...], separator: str = "/") -> str:
    """Show the tags of a page in facet order and as “类别：名称” rather than “类别/名称”."""

    def order(nav: re.Match) -> str:
        links = _TAG_LINK.findall(nav.group(2))
        rank = {facet: index for index, facet in enumerate(facets)}
        links.sort(key=lambda link: rank.get(re.sub(r"<[^>]+>", "", link).strip().split(separator)[0], len(rank)))
        return f"{nav.group(1)}\n{chr(10).join(links)}\n{nav.group(3)}"

    page_html = _TAG_NAV.sub(order, page_html)
    return _TAG_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}：{m.group(3)}{m.group(4)}", page_html)
