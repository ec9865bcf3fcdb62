"""Turn checked talks into Markdown pages: example pages, example indexes, nav entries.

Talk text is written out as escaped HTML paragraphs, so nothing a maintainer typed is read as
Markdown or HTML (a ``<script>`` shows as text; ``*`` stays a star). Headings and notes go
through :func:`md_escape`, because they must stay Markdown for the table of contents and for
links that MkDocs checks. Numbering is generated here, never typed by hand.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re

from pymdownx.slugs import slugify

from talks_layout import Line, talk_lines
from talks_load import PHRASE_CHAPTER, cited_titles
from talks_model import Phrase, Talk, TalkType
from talks_wording import lookup, say

# --- Escaping ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def md_escape(text: str) -> str:
    """Text that Markdown (and attr_list, tables) will show exactly as typed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


@functools.lru_cache(maxsize=4096)  # the phrase indexes ask for the same few thousand anchors
def anchor(title: str) -> str:
    """The id that the site's toc slugify gives a heading with this title."""
    return slugify(case="lower")(title, "-")


@functools.lru_cache(maxsize=4096)
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
        body += f"{'　' if body else ''}[{md_escape(say('note.see', part=see))}]({link})"
    return ['<div class="talk-note" markdown="1">', "", f"**{say('note.label')}**　{body}", "", "</div>", ""]


def _paragraph(text: str, lead: str = "", css: str = "talk-para") -> str:
    lead_html = f'<span class="talk-lead">{html.escape(lead)}</span>' if lead else ""
    return f'<p class="{css}">{lead_html}{html.escape(text)}</p>\n'


def _line_markdown(line: Line, talk_type: TalkType, page: str) -> list[str]:
    """One laid-out line of a talk as page Markdown (headings stay Markdown for the contents)."""
    if line.kind == "speaker":
        return [f'<p class="talk-speaker">{html.escape(line.text)}</p>\n']
    if line.kind == "heading":
        return [f"## {md_escape(line.full)}", ""]
    if line.kind == "subheading":
        return [f"### {md_escape(line.full)}", "", *_note(line.note, line.see, talk_type, page)]
    if line.kind == "note":
        return _note(line.note, line.see, talk_type, page)
    if line.kind == "salutation":
        return [f'<p class="talk-salutation">{html.escape(line.text)}</p>\n']
    css = "talk-para talk-point" if line.lead else "talk-para"
    return [_paragraph(line.text, line.lead, css), *_note(line.note, line.see, talk_type, page)]


def docx_path(talk: Talk, types: dict[str, TalkType]) -> str:
    """Where the example's Word file is published, next to its page."""
    return f"{types[talk.type_name].examples_dir}/{talk.slug}.docx"


#: The composer page (起草台), docs-relative.
COMPOSE_PAGE = "compose.md"


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
        type_links += say("example.also", types="、".join(_type_link(t, page, types) for t in talk.also))
    basis = "；".join(_basis_links(b, page, regulations_page) for b in talk.basis)
    labels = lookup("example.labels")
    meta = [
        (labels["type"], type_links),
        (labels["speaker"], md_escape(talk.speaker)),
        (labels["listener"], md_escape(talk.listener)),
        (labels["form"], md_escape(talk.form)),
        (labels["setting"], md_escape(talk.setting)),
        (labels["situation"], md_escape(talk.situation)),
        (labels["basis"], basis),
    ]
    lines = [
        "---",
        f"title: {_yaml_string(talk.title)}",
        f"description: {_yaml_string(say('example.description', type=talk.type_name, speaker=talk.speaker, listener=talk.listener))}",
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
        lines += ['<div class="talk-remark" markdown="1">', "", f"**{say('example.remark')}**　{md_escape(talk.remark)}", "", "</div>", ""]
    lines += [f'<p class="talk-hint">{html.escape(say("example.hint"))}</p>', ""]
    # The toolkit (docs/assets/javascripts/toolkit.js) adds 复制全文 and the placeholder form here.
    docx = posixpath.basename(docx_path(talk, types))
    lines += ['<div class="talk-tools" markdown="1">', "",
              f'[{say("example.download")}]({docx}){{ .md-button .talk-download download="{_attr(talk.title)}.docx" }}',
              f'[{say("example.compose")}]({compose_link(page, example=talk.slug)}){{ .md-button .talk-compose }}',
              "", "</div>", ""]
    for line in talk_lines(talk)[1:]:  # the title is the page's # heading above
        lines += _line_markdown(line, talk_type, page)
    # For maintainers reading the page source; readers see the edit link and date instead.
    lines += ["", f"<!-- {say('example.source', source=talk.source.replace('--', '- -'))} -->", ""]
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
        return say("index.empty") + "\n"
    header = lookup("index.header")
    rows = ["| " + " | ".join(header) + " |", "| --- | --- | --- |"]
    for talk in talks:
        link = relative(from_page, example_path(talk, types))
        data = f'{{ data-tags="{_attr(";".join(tags[talk.slug]))}" }}' if tags and talk.slug in tags else ""
        who = say("index.row", speaker=md_escape(talk.speaker), listener=md_escape(talk.listener))
        rows.append(f"| {who} | {md_escape(talk.setting)} "
                    f"| [{md_escape(talk.title)}]({link}){data} |")
    return "\n".join(rows) + "\n"


def render_index(talk_type: TalkType, talks: list[Talk], types: dict[str, TalkType],
                 tags: dict[str, list[str]] | None = None) -> str:
    page = index_path(talk_type)
    guide = relative(page, talk_type.page)
    return "\n".join([
        "---",
        f"title: {_yaml_string(say('index.title', type=talk_type.name))}",
        "---",
        "",
        f"# {say('index.title', type=md_escape(talk_type.name))}",
        "",
        say("index.intro", type=md_escape(talk_type.name), guide=guide),
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
            pages = [{say("index.row", speaker=k.speaker, listener=k.listener): example_path(k, types)}
                     for k in by_index[value]]
            return [value, *pages]
        return walk(value)

    return walk(nav) if nav else nav


# --- Overview pages: generated from each type's front matter (简介, 分组, 性质, 典型谈话, 对比) -----------

def in_nav_order(types: dict[str, TalkType], nav) -> dict[str, TalkType]:
    """The types in the order their guidance pages stand in the nav (the maintainers' order);
    types the nav does not list come last."""
    pages: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(nav or [])
    position = {page: index for index, page in enumerate(pages)}
    ordered = sorted(types.values(), key=lambda t: position.get(t.page, len(position)))
    return {t.name: t for t in ordered}


def by_severity(types: dict[str, TalkType]) -> list[TalkType]:
    """Types from the mildest to the most serious; ties keep the order of ``types`` (the nav's)."""
    return sorted(types.values(), key=lambda t: t.severity)


def _cell(text: str) -> str:
    """A front-matter value as a table cell (a | would split the cell)."""
    return text.replace("|", "｜")


def type_cards(types: dict[str, TalkType], groups: list[str], from_page: str) -> str:
    """The home page's cards: one ### heading per group, a card per type (name, 简介, links)."""
    lines: list[str] = []
    for group in groups:
        members = [t for t in types.values() if t.about("分组") == group]  # in nav order
        if not members:
            continue
        lines += [f"### {md_escape(group)}", "", '<div class="grid cards" markdown>', ""]
        for talk_type in members:
            page = relative(from_page, talk_type.page)
            examples = relative(from_page, index_path(talk_type))
            lines += [f"-   **[{md_escape(talk_type.name)}]({page})**", "", f"    {talk_type.about('简介')}", "",
                      f"    [{say('overview.phrases')}]({page}#规范用语) · [{say('overview.examples')}]({examples})", ""]
        lines += ["</div>", ""]
    return "\n".join(lines)


def types_table(types: dict[str, TalkType], from_page: str) -> str:
    """The types index: name, 性质, 严肃程度, 典型谈话, link to the examples — mildest first."""
    header = lookup("overview.types_header")
    rows = ["| " + " | ".join(header) + " |", "| --- | --- | :---: | --- | --- |"]
    for talk_type in by_severity(types):
        page = relative(from_page, talk_type.page)
        rows.append(f"| [{md_escape(talk_type.name)}]({page}) | {_cell(talk_type.about('性质'))} | {talk_type.severity} "
                    f"| {_cell(talk_type.about('典型谈话'))} | [{say('overview.examples')}]({relative(from_page, index_path(talk_type))}) |")
    return "\n".join(rows) + "\n"


def types_by_group(types: dict[str, TalkType], groups: list[str], from_page: str) -> str:
    """One line per group, listing its types (types index, "按谁来谈、什么时候谈")."""
    lines = []
    for group in groups:
        links = [f"[{md_escape(t.name)}]({relative(from_page, t.page)})" for t in types.values() if t.about("分组") == group]
        if links:
            lines.append(f"- **{md_escape(group)}**：{'、'.join(links)}。")
    return "\n".join(lines) + "\n"


def compare_table(types: dict[str, TalkType], from_page: str) -> str:
    """The comparison table: one row per type from its 对比 front matter, mildest first."""
    header = lookup("overview.compare_header")
    rows = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for talk_type in by_severity(types):
        name = talk_type.about("对比.名称", talk_type.name)
        cells = [f"[{md_escape(name)}]({relative(from_page, talk_type.page)})",
                 talk_type.about("对比.性质", talk_type.about("性质")),
                 talk_type.about("对比.严肃程度", str(talk_type.severity)),
                 *(talk_type.about(f"对比.{column}") for column in ("谈话人", "谈话对象", "依据", "记录归档", "影响", "后续"))]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows) + "\n"


# --- Guidance pages: the structure per form, alternatives marked --------------------------------

def structure_lists(talk_type: TalkType) -> str:
    """A guidance page's structure, as declared in its front matter: one numbered list per form."""
    lines: list[str] = []
    for form, structure in talk_type.structures.items():
        if form:
            lines += [f"**{md_escape(form)}**", ""]
        for index, part in enumerate(structure, start=1):
            words = [w for w, on in (("可穿插", part.interleave), ("可选", part.optional and not part.interleave),
                                     ("可重复", part.repeat and not part.interleave)) if on]
            state = say("structure.separator").join(say(f"structure.{w}") for w in words) or say("structure.required")
            lines.append(f"{index}. {md_escape(part.name)}（{state}）")
        lines.append("")
    lines += [f'[{say("structure.compose", type=talk_type.name)}]({compose_link(talk_type.page, type=talk_type.slug)})'
              "{ .md-button .talk-compose }", ""]
    return "\n".join(lines)


def compose_link(from_page: str, **start: str) -> str:
    """A link to the composer (起草台) that opens a draft: ``example=slug`` or ``type=slug``.
    A query, not a #fragment: MkDocs checks every fragment as an anchor of the page."""
    query = "&".join(f"{key}={value}" for key, value in start.items())
    return f"{posixpath.relpath(COMPOSE_PAGE, posixpath.dirname(from_page) or '.')}?{query}"


def mark_alternatives(page_markdown: str, type_name: str) -> str:
    """In the 规范用语 chapter: under each part, say which slots follow one another; under a
    #### slot with several phrasings, say that they are alternatives."""
    lines = page_markdown.split("\n")
    out: list[str] = []
    chapter = ""
    for index, line in enumerate(lines):
        out.append(line)
        if line.startswith("## "):
            chapter = line[3:].strip()
        if chapter != PHRASE_CHAPTER or not line.startswith(("### ", "#### ")):
            continue
        level = "#### " if line.startswith("#### ") else "### "
        slots, count = [], 0
        for following in lines[index + 1:]:
            if following.startswith(("## ", "### ")) or (level == "#### " and following.startswith("#### ")):
                break
            if following.startswith("#### "):
                slots.append(following[5:].strip())
            count += following.startswith("!!! phrase")
        if level == "### " and slots:
            key = "phrases.part" if len(slots) > 1 else "phrases.part_one"
            text = say(key, type=type_name, part=line[4:].strip(), slots=" → ".join(slots))
            out += ["", f'<p class="phrase-part">{html.escape(text)}</p>']
        elif level == "#### " and count >= 2:
            out += ["", f'<p class="phrase-choice">{say("phrases.choice", n=str(count))}</p>']
    return "\n".join(out)


# --- Standard-phrasing indexes ----------------------------------------------------------------

def _phrase_block(phrase: Phrase, types: dict[str, TalkType], from_page: str) -> list[str]:
    talk_type = types[phrase.type_name]
    where = phrase.section or phrase.chapter
    link = relative(from_page, talk_type.page) + (f"#{anchor(where)}" if where else "")
    title = " · ".join(p for p in (phrase.type_name, phrase.slot, phrase.title) if p)
    body = [f"    {line}" if line else "" for line in phrase.body.splitlines()]
    # Left out of the search index: the guidance page already holds this phrase there, and a
    # copy on each index page would only repeat every hit (and add a fifth to the index).
    data = f'data-phrase-type="{_attr(phrase.type_name)}" data-phrase-part="{_attr(phrase.section or phrase.chapter)}"'
    return [f"<div markdown data-search-exclude {data}>", "",
            f'!!! phrase "{title.replace(chr(34), "“")}"', *body, "",
            f"    {say('phrases.source')}[{md_escape(phrase.type_name)} › {md_escape(where)}]({link})",
            "    { .phrase-source }", "", "</div>", ""]


def _phrase_blocks(phrases: list[Phrase], types: dict[str, TalkType], from_page: str) -> list[str]:
    """Phrase blocks in order; before each run of alternatives (same type, part and slot), say so."""
    lines: list[str] = []
    index = 0
    while index < len(phrases):
        phrase = phrases[index]
        run = 1
        while (index + run < len(phrases) and phrase.slot
               and (phrases[index + run].type_name, phrases[index + run].section, phrases[index + run].slot)
               == (phrase.type_name, phrase.section, phrase.slot)):
            run += 1
        if run >= 2:
            data = f'data-phrase-type="{_attr(phrase.type_name)}" data-phrase-part="{_attr(phrase.section)}"'
            lines += [f'<p class="phrase-choice" {data}>{html.escape(phrase.type_name)} · {html.escape(phrase.section)} · '
                      f'{html.escape(phrase.slot)}：{say("phrases.choice", n=str(run))}</p>', ""]
        for member in phrases[index:index + run]:
            lines += _phrase_block(member, types, from_page)
        index += run
    return lines


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
        lines += [f"## {md_escape(group)}", "", say("phrases.count", n=str(len(members))), ""]
        lines += _phrase_blocks(_by_severity(members, types), types, from_page)
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
        lines += [f"## {md_escape(labels[0])}", "", say("phrases.severity", level=level, names=md_escape(names)), ""]
        for name in dict.fromkeys(p.type_name for p in _by_severity(members, types)):
            lines += [f"### {md_escape(name)}", ""]
            lines += _phrase_blocks([p for p in members if p.type_name == name], types, from_page)
    return "\n".join(lines)


# --- Preview ---------------------------------------------------------------------------------------

def preview_banner(page_html: str, problems_html: list[str]) -> str:
    """``mkdocs serve`` only: a banner at the top of the page listing the current mistakes."""
    items = "".join(f"<li><code>{problem}</code></li>" for problem in problems_html)
    banner = (f'<div class="talks-preview-error" role="alert"><p><strong>{html.escape(say("preview.title"))}</strong>'
              f'{html.escape(say("preview.hint"))}</p><ul>{items}</ul></div>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, page_html, count=1)


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
