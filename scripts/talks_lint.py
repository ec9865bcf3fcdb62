"""Content lint: check every page and worked example for the mistakes of official Chinese copy.

``make lint`` (scripts/lint.py; this module sits beside it, outside hooks/, so that editing it never restarts ``make serve``) prints one ``file:line: 规则：问题。修改：办法`` per finding.
The data lives where maintainers already edit content, one place each:

- wrong → right pairs and outdated references: the tables of ``docs/reference/wuxie.md``
  (常见误写, a page of the site), with its front matter lists 历史标记 and 引用提示词;
- fixed terms: ``docs/reference/terms.md`` (terms containing 、 must keep it; terms whose
  description says 带引号 must be quoted);
- regulations: ``docs/reference/regulations.md`` (the ``### 《全称》`` headings);
- CJK punctuation: ``.autocorrectrc`` (configuration of the autocorrect-py library).

Pages that show wrong forms on purpose stay quiet without markers in three common cases: table
columns headed 误写/错误/过时提法, a wrong form quoted right after a word such as 不要写/不得写作
(引用提示词), and ``~~删除线~~``. Anything else can be excused explicitly: ``<!-- lint: skip -->``
(or ``<!-- lint: skip 时效 误写 -->`` for some rules) at the end of a Markdown line,
``<!-- lint: off -->`` … ``<!-- lint: on -->`` around a block, ``# lint: skip`` on a YAML line.

No MkDocs import: tests call these functions directly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import autocorrect_py

import talks_layout
import talks_load
import talks_schema
from talks_errors import SnippetError
from talks_load import is_table_separator, table_cells, tables  # the one reader of docs pages' tables
from talks_yaml import Mapping, Sequence, Text, Value, decode, parse

#: Where the data lives, relative to the repository root.
WUXIE_PAGE = "docs/reference/wuxie.md"
TERMS_PAGE = "docs/reference/terms.md"
REGULATIONS_PAGE = "docs/reference/regulations.md"
AUTOCORRECT_CONFIG = ".autocorrectrc"
#: What is checked: every page, every worked example, and the maintainers' guides.
FILES = ("docs/**/*.md", "snippets/**/*.yml", "snippets/README.md", "CONTRIBUTING.md")

#: Names of the rules, as printed and as written in ``lint: skip`` markers.
RULES = ("标点", "配对", "书名号", "误写", "提法", "编号", "占位符", "时效", "法规", "空格", "示例格式")

#: Table columns whose cells show wrong forms on purpose: no rule looks inside them.
QUIET_COLUMNS = ("误写", "错误", "过时提法", "不规范")
#: Columns that list terms bare (术语 page, and its 俗称): the quoting rule does not apply there.
TERM_COLUMNS = ("规范写法", "术语", "俗称")

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
#: A Chinese character or full-width punctuation mark.
CJK = rf"[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026]"
_CHINESE_NUMERAL = "一二三四五六七八九十"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    problem: str
    fix: str

    def __str__(self) -> str:
        problem = self.problem.rstrip("。")
        ending = "" if problem.endswith(("？", "！", "。")) else "。"  # never “？。”
        return f"{self.path}:{self.line}: {self.rule}：{problem}{ending}修改：{self.fix}"


@dataclass
class Segment:
    """A piece of prose with the line it stands on; ``copy`` text goes into official documents."""

    text: str
    line: int
    copy: bool = False
    skip: frozenset[str] = frozenset()
    numbered: str = ""  # the line as written, list bullets removed, for the numbering rule
    field: str = ""  # for snippets: the YAML key the text belongs to


@dataclass
class Data:
    """Everything the rules need to know, read from the maintainers' pages."""

    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)  # wrong, right, note, rule
    outdated: list[tuple[str, str, str]] = field(default_factory=list)  # wrong, right, note
    historical: tuple[str, ...] = ()
    citing: tuple[str, ...] = ()
    separated_terms: list[str] = field(default_factory=list)  # e.g. 苗头性、倾向性问题
    quoted_terms: list[str] = field(default_factory=list)  # e.g. 十五五
    regulations: frozenset[str] = frozenset()
    #: Mistakes in the data pages themselves (reported once, at that page).
    page_problems: list["Finding"] = field(default_factory=list)


# --- Reading the data ------------------------------------------------------------------------


def _text_list(meta: Mapping | None, key: str) -> tuple[str, ...]:
    if meta is None or not isinstance(meta.items.get(key), Sequence):
        return ()
    return tuple(item.value.strip() for item in meta.items[key].items if isinstance(item, Text))


def load_data(root: Path) -> Data:
    """Read 常见误写, 术语 and 法规依据 from the repository at ``root``."""
    data = Data()
    wuxie = (root / WUXIE_PAGE).read_text("utf-8")
    meta = talks_load.front_matter(wuxie, WUXIE_PAGE)
    data.historical = _text_list(meta, "历史标记")
    data.citing = _text_list(meta, "引用提示词")
    for heading, header, rows in tables(wuxie):
        if len(header) < 2:
            continue
        for _, cells in rows:
            wrong, right = cells[0].strip("“”"), cells[1]
            note = cells[2] if len(cells) > 2 and cells[2] not in ("——", "—", "-", "") else ""
            if not wrong:
                continue
            if heading == "过时提法":
                data.outdated.append((wrong, right, note))
            else:
                data.pairs.append((wrong, right, note, "提法" if heading == "固定提法" else "误写"))
    terms_text = (root / TERMS_PAGE).read_text("utf-8")
    for _, header, rows in tables(terms_text):
        if not header or header[0] not in TERM_COLUMNS:
            continue
        for _, cells in rows:
            term = cells[0].strip("*“”\"")
            if "、" in term:
                data.separated_terms.append(term)
            if len(cells) > 1 and "带引号" in cells[1]:
                data.quoted_terms.append(term)
    regulations_text = (root / REGULATIONS_PAGE).read_text("utf-8")
    try:
        data.regulations = talks_load.load_regulations(regulations_text)
    except SnippetError as err:
        data.page_problems.append(Finding(err.path, err.line, "法规", err.problem, err.fix))
        data.regulations = frozenset(re.findall(r"《([^《》]+)》", regulations_text))
    return data


def configure_autocorrect(root: Path) -> None:
    autocorrect_py.load_config((root / AUTOCORRECT_CONFIG).read_text("utf-8"))


# --- Markdown pages → segments ---------------------------------------------------------------

_MARKER = re.compile(r"<!--\s*lint:\s*(skip|off|on)([^>]*?)-->")
_COMMENT = re.compile(r"<!--.*?-->")
_CODE = re.compile(r"(`+)(.+?)\1")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<https?://[^>]+>|https?://\S+")
_ATTRS = re.compile(r"\{\s*[:.#][^}]*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_STRIKE = re.compile(r"~~.+?~~")
_BULLET = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+)?")
_LIST_NUMBER = re.compile(r"^\d+\.\s+")
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s*([\w-]+)(?:\s+"([^"]*)")?\s*$')


def _skip_set(args: str) -> frozenset[str]:
    names = frozenset(args.split())
    return names & frozenset(RULES) if names else frozenset(RULES)


def clean_inline(text: str) -> str:
    """Markdown line → the words a reader sees (links' text, no URLs, code or markup)."""
    text = _COMMENT.sub("", text)
    text = _STRIKE.sub("", text)
    text = _CODE.sub("代码", text)  # code in a sentence is a word: "运行代码,然后" still needs "，"
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _ATTRS.sub("", text)
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~])", r"\1", text)
    return text.strip()


def markdown_segments(text: str) -> list[Segment]:
    segments: list[Segment] = []
    lines = text.splitlines()
    off: frozenset[str] = frozenset()
    fence = ""  # the fence characters while inside a fenced block
    fence_is_prose = False
    phrase_indent = -1  # indentation of the current !!! phrase block's body, or -1
    in_comment = False
    index = 0
    if lines and lines[0].strip() == "---":  # front matter: only title and description are prose
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        for number in range(1, end):
            match = re.match(r"^(title|description):\s*(.+)$", lines[number])
            if match:
                segments.append(Segment(match.group(2).strip().strip("\"'"), number + 1))
        index = end + 1
    header_quiet: dict[int, frozenset[str]] = {}
    in_table = False
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        index += 1
        for match in _MARKER.finditer(raw):
            if match.group(1) == "off":
                off = off | _skip_set(match.group(2))
            elif match.group(1) == "on":
                off = frozenset()
        skip = off | frozenset().union(*(_skip_set(m.group(2)) for m in _MARKER.finditer(raw) if m.group(1) == "skip"))
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if "<!--" in _COMMENT.sub("", raw):
            in_comment = True
            raw = raw[: raw.index("<!--")]
        stripped = raw.strip()
        if fence:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
                segments.append(Segment("", number, numbered="\x00reset"))
            elif fence_is_prose and stripped:
                segments.append(Segment(stripped, number, copy=True, skip=skip, numbered=stripped))
            continue
        opening = re.match(r"^\s*(`{3,}|~{3,})\s*(\S*)", raw)
        if opening:
            fence = opening.group(1)
            fence_is_prose = opening.group(2) in ("text", "")
            segments.append(Segment("", number, numbered="\x00reset"))
            continue
        if stripped.startswith("--8<--") or not stripped or re.match(r"^\[[^\]]+\]:\s*\S", stripped):
            in_table = in_table and bool(stripped)  # a blank line ends a table
            continue
        if phrase_indent >= 0 and len(raw) - len(raw.lstrip()) < phrase_indent:
            phrase_indent = -1
        admonition = _ADMONITION.match(raw)
        if admonition:
            if admonition.group(2) == "phrase":
                phrase_indent = len(admonition.group(1)) + 4
            segments.append(Segment(clean_inline(admonition.group(3) or ""), number, skip=skip, numbered="\x00reset"))
            continue
        if stripped.startswith("|"):
            cells = table_cells(raw)
            if is_table_separator(raw):
                continue
            if not in_table:
                in_table = True
                header_quiet = {}
                if index < len(lines) and is_table_separator(lines[index]):
                    for column, name in enumerate(cells):
                        name = clean_inline(name)
                        if any(word in name for word in QUIET_COLUMNS):
                            header_quiet[column] = frozenset(RULES)
                        elif name in TERM_COLUMNS:
                            header_quiet[column] = frozenset({"提法"})
            for column, cell in enumerate(cells):
                quiet = header_quiet.get(column, frozenset())
                if quiet != frozenset(RULES):
                    segments.append(Segment(clean_inline(cell), number, skip=skip | quiet))
            continue
        in_table = False
        if stripped.startswith("#"):
            segments.append(Segment(clean_inline(stripped.lstrip("#")), number, skip=skip, numbered="\x00reset"))
            continue
        numbered = clean_inline(_BULLET.sub("", raw))
        segments.append(Segment(clean_inline(_LIST_NUMBER.sub("", _BULLET.sub("", raw))), number,
                                copy=phrase_indent >= 0, skip=skip, numbered=numbered))
    return segments


# --- Worked examples → segments --------------------------------------------------------------

def _yaml_skips(text: str) -> dict[int, frozenset[str]]:
    skips = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.search(r"#\s*lint:\s*skip([^#]*)$", line)
        if match:
            skips[number] = _skip_set(match.group(1))
    return skips


def yaml_segments(text: str, path: str) -> list[Segment]:
    """Every text value of a snippet (its words go into real talks: all of it is copy text)."""
    tree = parse(text, path, talks_load.all_keys())
    skips = _yaml_skips(text)
    segments: list[Segment] = []

    def walk(value: Value, key: str) -> None:
        if isinstance(value, Text):
            segments.append(Segment(value.value.strip(), value.line, copy=True,
                                    skip=skips.get(value.line, frozenset()), field=key, numbered=""))
        elif isinstance(value, Sequence):
            for item in value.items:
                walk(item, key)
        elif isinstance(value, Mapping):
            for name, item in value.items.items():
                walk(item, name)

    if tree is not None:
        walk(tree, "")
    return segments


# --- Helpers shared by the rules -------------------------------------------------------------

def _spans(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for position, char in enumerate(text):
        if char == opening:
            stack.append(position)
        elif char == closing and stack:
            spans.append((stack.pop(), position + 1))
    return spans


def _inside(spans, start: int, end: int) -> bool:
    return any(a < start and end < b for a, b in spans)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。！？；")
    rights = [p for p in (text.find(mark, end) for mark in "。！？；") if p != -1]
    return text[left + 1: min(rights) if rights else len(text)]


def is_cited(text: str, start: int, end: int, citing: tuple[str, ...]) -> bool:
    """Is text[start:end] a quoted example of what not to write, e.g. 不得写作“一岗两责”?"""
    opening = text.rfind("“", 0, start + 1)
    if opening == -1 or "”" in text[opening:start] or text.find("”", end - 1) == -1:
        return False
    # A chain of quoted examples counts as one: 不用“XX”“XXX”“××”.
    while True:
        chain = re.search(r"“[^“”]*”、?$", text[:opening])
        if not chain:
            break
        opening = chain.start()
    before = text[max(0, opening - 12):opening]
    return any(word in before for word in citing)


def _context(text: str, start: int, end: int, width: int = 6) -> str:
    return text[max(0, start - width): end + width]


# --- The rules: each yields (problem, fix) for one segment -----------------------------------

_HALF_NEXT_TO_CJK = re.compile(rf"(?<={CJK})[;()]|[;()](?={CJK})")
_HALF_NEXT_TO_FULL = re.compile(r"(?<=[”’》）】」』])[,;:!?]|[,;:!?](?=[“‘《（【「『])")
_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_STRAIGHT_QUOTE = re.compile(rf"(?<={CJK})[\"']|[\"'](?={CJK})")
_ENUMERATION_COMMA = re.compile(r"”、“|》、《")
_ELLIPSIS = re.compile(rf"(?:(?<={CJK})|^)(?:\.{{3,}}|。{{2,}}|···)|(?<!…)…(?!…)")
#: Two hyphens for a dash. A single "—" between words is the 连接号 (问题—责任—措施), not a mistake.
_DASH = re.compile(rf"(?<={CJK})-{{2,}}(?={CJK})")


def rule_punctuation(segment: Segment, data: Data):
    text = segment.text
    if not re.search(f"[{_HAN}]", text):
        return
    # autocorrect-py (configured by .autocorrectrc) turns , . : ! ? next to Chinese into full width.
    fixed = autocorrect_py.format(text)
    if fixed != text:
        matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            # Full-width spaces lay out form lines on purpose (【单位】　日期：【日期】); keep them.
            if tag != "equal" and not (text[i1:i2].strip() == "" and "\u3000" in text[i1:i2]):
                old_part, new_part = text[i1:i2], fixed[j1:j2]
                if old_part.strip() == "":
                    what = "全角标点旁边多了空格"
                elif len(old_part) == 1 and old_part in ",.:;!?":
                    what = f"中文里用了半角标点“{old_part}”"
                else:
                    what = f"“{old_part}”应写作“{new_part}”"
                yield f"{what}：“{_context(text, i1, i2)}”", f"改为“{fixed[max(0, j1 - 6): j2 + 6]}”"
                break
    # By hand, because autocorrect-py 2.14 leaves these alone (tests/test_lint.py pins each gap):
    # ; ( ) next to Chinese, and , ; : ! ? right after a closing ” 》 ） or before an opening “ 《 （.
    for pattern in (_HALF_NEXT_TO_CJK, _HALF_NEXT_TO_FULL):
        match = pattern.search(text)
        if match:
            char = match.group(0)
            yield (f"中文里用了半角标点“{char}”：“{_context(text, match.start(), match.end())}”",
                   f"改为全角“{_FULLWIDTH[char]}”")
            break
    # Straight quotes, ellipsis, dashes and 顿号 between quoted items: not covered by any library.
    match = _STRAIGHT_QUOTE.search(text)
    if match:
        yield (f"中文里用了英文直引号 {match.group(0)}：“{_context(text, match.start(), match.end())}”",
               "改用中文引号“……”（引号内再引用用‘……’）")
    match = _ENUMERATION_COMMA.search(text)
    if match:
        yield (f"标有引号或书名号的并列成分之间用了顿号：“{_context(text, match.start(), match.end())}”",
               "删去顿号，写作“四个意识”“四个自信”或《准则》《条例》（GB/T 15834—2011）")
    match = _ELLIPSIS.search(text)
    if match:
        yield f"省略号写法不规范：“{_context(text, match.start(), match.end())}”", "省略号写作“……”（两个“…”）"
    match = _DASH.search(text)
    if match:
        yield f"破折号写成了连字符：“{_context(text, match.start(), match.end())}”", "破折号写作“——”（两个“—”）"


_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "「": "」", "〔": "〕"}


def rule_pairs(segment: Segment, data: Data):
    stack: list[tuple[str, int]] = []
    closing = {v: k for k, v in _PAIRS.items()}
    text = segment.text
    for position, char in enumerate(text):
        if char in _PAIRS:
            stack.append((char, position))
        elif char in closing:
            if stack and stack[-1][0] == closing[char]:
                stack.pop()
            else:
                yield (f"“{char}”前面没有与之配对的“{closing[char]}”：“{_context(text, position, position + 1)}”",
                       f"补上“{closing[char]}”，或删去多余的“{char}”")
                return
    if stack:
        char, position = stack[0]
        yield (f"“{char}”没有配对的“{_PAIRS[char]}”：“{_context(text, position, position + 1)}”",
               f"在相应位置补上“{_PAIRS[char]}”")


def _short_titles(regulations) -> dict[str, str]:
    """Title or its short form (without 中国共产党/中华人民共和国) → the full title."""
    names = {}
    for title in regulations:
        names[title] = title
        short = re.sub(r"^(中国共产党|中华人民共和国)", "", title)
        if short != title and len(short) >= 5:
            names[short] = title
    return names


def rule_title_marks(segment: Segment, data: Data):
    text = segment.text
    spans = _spans(text, "《", "》")
    for name, title in sorted(_short_titles(data.regulations).items(), key=lambda n: -len(n[0])):
        for match in re.finditer(re.escape(name), text):
            if not _inside(spans, match.start(), match.end()) and not is_cited(text, match.start(), match.end(), data.citing):
                yield f"文件名称“{name}”没有加书名号", f"写作《{name}》" + ("" if name == title else f"（全称《{title}》）")
                return


def rule_regulations(segment: Segment, data: Data):
    if not data.regulations:
        return
    for match in talks_load.unlisted_titles(segment.text, data.regulations):
        name = match.group(1)
        if is_cited(segment.text, match.start(), match.end(), data.citing):
            continue
        hint = talks_load.title_hint(name, data.regulations)
        yield (f"《{name}》没有收录在法规依据页{('，' + hint) if hint else ''}",
               "使用 docs/reference/regulations.md 上的准确名称；确需引用的，先在该页收录（### 《全称》、现行版本、要点）")


def _masked_finds(text: str, words):
    """Occurrences of the words, longest first, never two at one place."""
    taken: list[tuple[int, int]] = []
    for word, *rest in sorted(words, key=lambda w: -len(w[0])):
        for match in re.finditer(re.escape(word), text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append((match.start(), match.end()))
            yield match, (word, *rest)


def rule_pairs_list(segment: Segment, data: Data, rule: str):
    for match, (wrong, right, note, kind) in _masked_finds(segment.text, data.pairs):
        if kind == rule and not is_cited(segment.text, match.start(), match.end(), data.citing):
            yield f"“{wrong}”应写作“{right}”" + (f"（{note}）" if note else ""), f"改为“{right}”"


def rule_wrong_words(segment: Segment, data: Data):
    yield from rule_pairs_list(segment, data, "误写")


def rule_fixed_terms(segment: Segment, data: Data):
    yield from rule_pairs_list(segment, data, "提法")
    text = segment.text
    for term in data.separated_terms:
        parts = term.split("、")
        pattern = r"(?:|，|,|\s|；)".join(re.escape(p) for p in parts)
        for match in re.finditer(pattern, text):
            if match.group(0) != term and not is_cited(text, match.start(), match.end(), data.citing):
                yield f"固定提法写成了“{match.group(0)}”", f"按条文写作“{term}”"
    for term in data.quoted_terms:
        for match in re.finditer(re.escape(term), text):
            before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
            if before not in ("“", "‘") or after not in ("”", "’"):
                if not is_cited(text, match.start(), match.end(), data.citing):
                    yield f"“{term}”在正式行文中带引号", f"写作“{term}”（引号内再引用写作‘{term}’）"
                    break


#: The GB/T 9704 levels, from the one numbering table (talks_layout).
_LEVELS = tuple((s.level, talks_layout.typed_number(s.key)) for s in sorted(talks_layout.STYLES.values(), key=lambda s: s.level)
                if s.level)
_LEVEL_NAMES = {s.level: s.key for s in talks_layout.STYLES.values() if s.level}
_WRONG_NUMBERS = (
    (re.compile(rf"^[{_CHINESE_NUMERAL}]+[.．，,:：](?![{_CHINESE_NUMERAL}])"), "第一层序号写作“一、”"),
    (re.compile(rf"^[(（][{_CHINESE_NUMERAL}]+[)）]、"), "“（一）”后面不加顿号"),
    (re.compile(rf"^\([{_CHINESE_NUMERAL}]+\)"), "第二层序号用全角括号，写作“（一）”"),
    (re.compile(r"^\d+、"), "第三层序号写作“1.”（阿拉伯数字加下脚点），不写“1、”"),
    (re.compile(r"^[(（]\d+[)）]、"), "“（1）”后面不加顿号"),
    (re.compile(r"^\d+[)）]"), "第四层序号写作“（1）”"),
    (re.compile(r"^\(\d+\)"), "第四层序号用全角括号，写作“（1）”"),
)


def numbering_levels(segments: list[Segment]):
    """GB/T 9704: 一、 →（一）→ 1. →（1）. Yields (segment, problem, fix) for format and order."""
    stack: list[int] = []
    for segment in segments:
        if segment.numbered == "\x00reset":
            stack = []
            continue
        line = segment.numbered
        if not line:
            continue
        for pattern, fix in _WRONG_NUMBERS:
            if pattern.match(line):
                yield segment, f"序号“{pattern.match(line).group(0)}”不合层次序数的写法", fix
                break
        level = next((lv for lv, pattern in _LEVELS if pattern.match(line)), 0)
        if not level:
            continue
        if level == 3 and not stack:
            continue  # an ordinary Markdown numbered list, not part of an outline
        if stack and level > stack[-1] + 1:
            missing = _LEVEL_NAMES[stack[-1] + 1]
            yield (segment, f"序号“{_LEVELS[level - 1][1].match(line).group(0)}”跳过了“{missing}”这一层",
                   f"层次序数依次用“一、”“（一）”“1.”“（1）”：这里应先用“{missing}”")
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)


_OLD_PLACEHOLDER = re.compile(r"[XＸxｘ×]{2,}|某某|〇〇|○○|□□")


def rule_placeholders(segment: Segment, data: Data):
    text = segment.text
    for match in _OLD_PLACEHOLDER.finditer(text):
        if re.fullmatch(r"[xX]+", match.group(0)) and re.search(r"[A-Za-z]", _context(text, match.start(), match.end(), 1).replace(match.group(0), "")):
            continue  # part of a Latin word
        if not is_cited(text, match.start(), match.end(), data.citing):
            yield (f"“{match.group(0)}”不是本站的占位符写法",
                   "需要使用者填写的内容写成【说明】，例如【谈话对象姓名】【市名】【具体事例】")
            return
    # "【】" alone names the convention (把【】中的内容换成……); a lone bracket is a broken placeholder.
    bare = re.sub(r"【[^【】\n]*】", "", text).replace("“【”", "").replace("“】”", "")
    if "【" in bare or "】" in bare:
        yield "占位符的方括号“【】”不成对", "占位符写成成对的【说明】，例如【谈话对象姓名】"


_OLD_YEAR = re.compile(r"(?<!\d)(19\d\d|20[01]\d|202[0-5])(?!\d)")


def rule_outdated(segment: Segment, data: Data):
    text = segment.text
    for match, (wrong, right, note) in _masked_finds(text, data.outdated):
        sentence = _sentence(text, match.start(), match.end())
        if _OLD_YEAR.search(sentence) or any(word in sentence for word in data.historical):
            continue
        if is_cited(text, match.start(), match.end(), data.citing):
            continue
        yield (f"“{wrong}”是过时提法" + (f"（{note}）" if note else ""),
               f"2026 年的文本写“{right}”；确是回顾历史的，在同一句中写明年份或“以来”“当时”等")


_SPACE = re.compile(rf"(?<=[{_HAN}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[{_HAN}])")


def rule_spaces(segment: Segment, data: Data):
    """Official copy (talk text, standard phrasing) is written without spaces around digits."""
    if not segment.copy:
        return
    match = _SPACE.search(segment.text)
    if match:
        yield (f"公文中汉字与数字、字母之间不加空格：“{_context(segment.text, match.start(), match.end())}”",
               "删去空格，例如“2026年”“第1季度”")


_MANUAL_NUMBER = re.compile(rf"^(?:[{_CHINESE_NUMERAL}]+[是要、]|第[{_CHINESE_NUMERAL}]+[，、,]|[(（][{_CHINESE_NUMERAL}\d]+[)）]|\d+[.、])")


def rule_snippet_numbering(segment: Segment, data: Data):
    """In a snippet, numbers are generated: a 要点 must not start with one typed by hand."""
    if segment.field == "要点":
        match = _MANUAL_NUMBER.match(segment.text)
        if match:
            yield (f"要点开头手写了序号“{match.group(0)}”，页面上会重复编号",
                   "删去手写的序号；编号由“编号”字段决定，例如在上一级写“编号: 一是”")


SEGMENT_RULES = (
    ("标点", rule_punctuation),
    ("配对", rule_pairs),
    ("书名号", rule_title_marks),
    ("误写", rule_wrong_words),
    ("提法", rule_fixed_terms),
    ("占位符", rule_placeholders),
    ("时效", rule_outdated),
    ("法规", rule_regulations),
    ("空格", rule_spaces),
    ("编号", rule_snippet_numbering),
)


# --- Files -----------------------------------------------------------------------------------

def _snippet_levels(tree: Value, path: str):
    """Numbering styles of a snippet's nested points must follow 一、（一）1.（1） in turn."""

    def walk(blocks: Value, depth: int, style: str, parent_level: int):
        if not isinstance(blocks, Sequence):
            return
        for item in blocks.items:
            if isinstance(item, Mapping) and "小节" in item.items:
                inner = item.items.get("编号")
                yield from walk(item.items.get("内容"), depth + 1, inner.value.strip() if isinstance(inner, Text) else "",
                                talks_layout.level_of(talks_layout.SUBSECTION_STYLE))
        points = [b for b in blocks.items if isinstance(b, Mapping) and "要点" in b.items]
        if not points:
            return
        effective = talks_layout.point_style(depth, style)
        level = talks_layout.level_of(effective)
        if level and parent_level and level > parent_level + 1:
            missing = _LEVEL_NAMES[parent_level + 1]
            yield (points[0].line, f"要点的编号样式“{effective}”跳过了“{missing}”这一层",
                   f"层次序数依次用“一、”“（一）”“1.”“（1）”：把上一级的“编号”改为“{missing}”，或删去“编号”用默认样式")
        for point in points:
            inner = point.items.get("编号")
            yield from walk(point.items.get("内容"), depth + 1, inner.value.strip() if isinstance(inner, Text) else "",
                            level or parent_level)

    if not isinstance(tree, Mapping) or not isinstance(tree.items.get("正文"), Sequence):
        return
    for section in tree.items["正文"].items:
        if not isinstance(section, Mapping):
            continue
        style = section.items.get("编号")
        yield from walk(section.items.get("内容"), 0, style.value.strip() if isinstance(style, Text) else "",
                        1 if "标题" in section.items else 0)


def lint_text(path: str, text: str, data: Data) -> list[Finding]:
    """All findings of one file, given its repository path (which says what kind of file it is)."""
    findings: list[Finding] = []
    if path.endswith((".yml", ".yaml")):
        first = text.lstrip("\ufeff").splitlines()[:1]
        if first != [talks_schema.SCHEMA_LINE]:
            findings.append(Finding(path, 1, "示例格式", "第一行不是编辑器的格式说明行",
                                    f"在文件第一行写：{talks_schema.SCHEMA_LINE}"))
        try:
            segments = yaml_segments(text, path)
            tree = parse(text, path, talks_load.all_keys())
        except SnippetError as err:
            return findings + [Finding(path, err.line, "示例格式", _problem(err), err.fix or "对照模板修改")]
        for line, problem, fix in _snippet_levels(tree, path):
            findings.append(Finding(path, line, "编号", problem, fix))
    else:
        segments = markdown_segments(text)
        for segment, problem, fix in numbering_levels(segments):
            if "编号" not in segment.skip:
                findings.append(Finding(path, segment.line, "编号", problem, fix))
    for segment in segments:
        if not segment.text:
            continue
        for name, rule in SEGMENT_RULES:
            if name in segment.skip or (name == "法规" and path == REGULATIONS_PAGE):
                continue
            for problem, fix in rule(segment, data):
                findings.append(Finding(path, segment.line, name, problem, fix))
    return _unique(findings)


def _problem(err: SnippetError) -> str:
    subject = f"字段“{err.field}”：" if err.field else ""
    return subject + err.problem.rstrip("。")


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for finding in findings:
        key = (finding.path, finding.line, finding.rule, finding.problem)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def files(root: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in FILES:
        found |= {p for p in root.glob(pattern) if p.is_file()}
    return sorted(found)


def lint_repo(root: Path) -> tuple[list[Finding], int]:
    """Lint every page and snippet under ``root``; also run the build's own snippet checks."""
    configure_autocorrect(root)
    data = load_data(root)
    findings: list[Finding] = []
    checked = files(root)
    for file in checked:
        path = file.relative_to(root).as_posix()
        try:
            text = decode(file.read_bytes(), path)
        except SnippetError as err:
            findings.append(Finding(path, err.line, "示例格式", _problem(err), err.fix))
            continue
        findings += lint_text(path, text, data)
    findings = data.page_problems + findings
    return findings + build_checks(root, findings, data), len(checked)


def build_checks(root: Path, findings: list[Finding], data: Data, only: list[Path] | None = None) -> list[Finding]:
    """The build's own checks of the snippets (schema, talk type, structure, regulations)."""
    try:
        types = talks_load.load_types(root / "docs")
        writing = root / "docs" / talks_load.WRITING_PAGE
        generic = talks_load.load_generic_placeholders(decode(writing.read_bytes(), f"docs/{talks_load.WRITING_PAGE}")
                                                       if writing.exists() else "")
        if only is None:
            _, problems = talks_load.load_talks(root, root / "snippets", types, data.regulations, generic=generic)
        else:
            problems = []
            for file in only:
                try:
                    talks_load.load_talk(file.read_bytes(), file.relative_to(root).as_posix(), types,
                                         data.regulations, generic)
                except SnippetError as err:
                    problems.append(err)
    except SnippetError as err:
        problems = [err]
    extra = []
    for err in problems:
        finding = Finding(err.path, err.line, "示例格式", _problem(err), err.fix or "对照模板修改")
        # One problem, one line: where lint already reported this line (e.g. a hand-typed number), the
        # build's message about the same mistake is not repeated.
        if not any(f.path == finding.path and f.line == finding.line for f in findings):
            extra.append(finding)
    return extra
