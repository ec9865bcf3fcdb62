"""Load and check the maintainers' files: worked examples (``snippets/``) and talk types.

Every check raises :class:`SnippetError` with the file, the line, the field and the fix, so
that a mistake stops the build with a message instead of a half-built site or a traceback.
No MkDocs import here: tests call these functions directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import talks_layout
import talks_schema
from talks_errors import SnippetError
from talks_model import Block, Paragraph, Phrase, Point, Section, StructureSection, Subsection, Talk, TalkType
from talks_yaml import Mapping, Sequence, Text, Value, decode, parse

# --- The snippet format ----------------------------------------------------------------------
# Defined once, in schema/snippet.schema.json; talks_schema validates with it and translates.

def forms() -> tuple[str, ...]:
    """Allowed values of 形式 (schema/snippet.schema.json; the first is the default)."""
    return talks_schema.enum_of("形式")


def all_keys() -> frozenset[str]:
    """Every field name of the format (so that "标题：" with a full-width colon is recognised)."""
    return talks_schema.field_names()


#: The placeholder convention: a label in full-width square brackets, e.g. 【谈话对象姓名】.
PLACEHOLDER = re.compile(r"【([^【】\n]+)】")
_OLD_PLACEHOLDER = re.compile(r"[XＸxｘ×]{2,}|某某")

#: A slug is the file name without .yml: lower-case letters, digits and hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


#: How alike a cited title must be to a listed one before “是不是《…》？” is offered.
REGULATION_SIMILARITY = 0.85


def _closest(word: str, choices) -> str:
    return talks_schema.closest(word, choices)


# Front matter of guidance pages is not a snippet and has no schema: these helpers check it.

def _check_text(text: Text, path: str, field: str) -> str:
    value = text.value.strip()
    if "\n" in value:
        raise SnippetError(path, text.line, "一段文字里有换行", "一段话写在一行里；要分成两段，就写成列表里的两项“- ……”", field)
    if _OLD_PLACEHOLDER.search(value):
        found = _OLD_PLACEHOLDER.search(value).group(0)
        raise SnippetError(path, text.line, f"“{found}”不是本站的占位符写法",
                           "需要使用者填写的内容写成【说明】，例如【谈话对象姓名】【市名】【具体事例】", field)
    without = PLACEHOLDER.sub("", value).replace("【】", "")  # "【】" alone names the convention
    if "【" in without or "】" in without:
        raise SnippetError(path, text.line, "占位符的方括号“【】”不成对",
                           "占位符写成成对的【说明】，例如【谈话对象姓名】", field)
    return value


def _expect_text(value: Value, path: str, field: str, line: int) -> str:
    if isinstance(value, Text):
        text = _check_text(value, path, field)
        if not text:
            raise SnippetError(path, value.line, "内容为空", "在冒号后面填写内容", field)
        return text
    kind = "列表" if isinstance(value, Sequence) else "带字段的一组内容"
    raise SnippetError(path, getattr(value, "line", line), f"应当是一段文字，这里却是{kind}",
                       "在冒号后面直接写文字；文字里如有冒号、井号，请把整段用引号括起来", field)


def _expect_list(value: Value, path: str, field: str) -> Sequence:
    if isinstance(value, Sequence):
        if not value.items:
            raise SnippetError(path, value.line, "列表是空的", "至少写一项，每项以“- ”开头", field)
        return value
    raise SnippetError(path, value.line, "应当是列表（每项一行，以“- ”开头）",
                       f"写成：\n  {field}:\n    - 第一项\n    - 第二项", field)


# After talks_schema has passed a snippet, its tree has the schema's shape: these only read it.

def _text(mapping: Mapping, key: str) -> str:
    value = mapping.items.get(key)
    return value.value.strip() if isinstance(value, Text) else ""


def _texts(mapping: Mapping, key: str) -> list[str]:
    value = mapping.items.get(key)
    return [item.value.strip() for item in value.items] if isinstance(value, Sequence) else []


def _load_blocks(seq: Sequence) -> list[Block]:
    blocks: list[Block] = []
    for item in seq.items:
        if isinstance(item, Text):
            blocks.append(Paragraph(item.value.strip()))
        elif "小节" in item.items:
            blocks.append(Subsection(title=_text(item, "小节"), blocks=_load_blocks(item.items["内容"]),
                                     numbering=_text(item, "编号"), note=_text(item, "批注"), see=_text(item, "参考")))
        elif "要点" in item.items:
            sub = item.items.get("内容")
            blocks.append(Point(lead=_text(item, "要点"), blocks=_load_blocks(sub) if sub else [],
                                numbering=_text(item, "编号"), note=_text(item, "批注"), see=_text(item, "参考")))
        else:
            blocks.append(Paragraph(text=_text(item, "段落"), note=_text(item, "批注"), see=_text(item, "参考")))
    return blocks


def _check_typed_numbers(value: Value, path: str, key: str = "") -> None:
    """Headings, subsection titles and point leads get their numbers from talks_layout: a number
    typed by hand would show twice (一要一要……)."""
    if isinstance(value, Mapping):
        for field in ("标题", "小节", "要点"):
            text = value.items.get(field)
            if isinstance(text, Text) and (typed := talks_layout.typed_number_at_start(text.value.strip())):
                raise SnippetError(path, text.line, f"开头手写了序号“{typed}”，页面上会重复编号",
                                   "删去手写的序号：序号由系统生成；要换编号样式，在上一级写“编号: 一是”等", field)
        for name, item in value.items.items():
            if name in ("正文", "内容"):
                _check_typed_numbers(item, path, name)
    elif isinstance(value, Sequence):
        for item in value.items:
            _check_typed_numbers(item, path, key)


def _load_section(mapping: Mapping) -> Section:
    return Section(
        name=_text(mapping, "部分"), blocks=_load_blocks(mapping.items["内容"]), heading=_text(mapping, "标题"),
        speaker=_text(mapping, "发言人"), salutation=_text(mapping, "称呼"), numbering=_text(mapping, "编号"),
        note=_text(mapping, "批注"), see=_text(mapping, "参考"),
    )


def _declared(structure: tuple[StructureSection, ...]) -> str:
    return "→".join(s.name + s.flags for s in structure)


def _structure_help(talk_type: TalkType, form: str) -> str:
    """The structure used for ``form``, and the other forms of the type (for every message)."""
    used = talk_type.structure_for(form) or ()
    label = f"{talk_type.name}（{form}）" if form in talk_type.structures else talk_type.name
    text = f"{label}的结构是：{_declared(used)}"
    others = [f for f in talk_type.structures if f and f != form]
    if others:
        text += "；本类型另有" + "、".join(f"“{f}”" for f in others) + "的结构，用“形式”字段选择"
    return text


def check_structure(sections: list[Section], section_lines: list[int], talk_type: TalkType, form: str,
                    path: str) -> None:
    """The parts must follow the structure of the type's form: none missing, extra or out of order.

    A repeatable part may stand several times in a row; an interleaved part (the chair's
    remarks) may stand anywhere; an optional part may be left out.
    """
    structure = talk_type.structure_for(form)
    if structure is None:
        forms = "、".join(f for f in talk_type.structures if f)
        raise SnippetError(path, section_lines[0] if section_lines else 1,
                           f"{talk_type.name}的指引页没有规定“{form}”的结构",
                           f"把“形式”改为 {forms}，或先在 docs/{talk_type.page} 的“谈话结构”中补充", "形式")
    help_text = _structure_help(talk_type, form)
    anywhere = {s.name for s in structure if s.interleave}
    order = [s for s in structure if not s.interleave]
    names = [s.name for s in order]
    first_line: dict[str, int] = {}
    written = {s.name for s in sections}
    position = -1
    for section, line in zip(sections, section_lines):
        if section.name in anywhere:
            continue
        if section.name not in names:
            suggestion = _closest(section.name, names)
            hint = f"是不是“{suggestion}”？" if suggestion else ""
            raise SnippetError(path, line, f"多出的部分“{section.name}”：{talk_type.name}（{form}）的结构里没有这一部分。{hint}",
                               f"部分名称取自 docs/{talk_type.page} 规定的结构。{help_text}", "部分")
        index = names.index(section.name)
        if index == position:
            if not order[index].repeat:
                raise SnippetError(path, line, f"部分“{section.name}”重复出现（第 {first_line[section.name]} 行已有），"
                                   f"{talk_type.name}（{form}）的这一部分不可重复",
                                   f"把两处内容合并到一个部分里；要分几个带标题的层次，在“内容”里写“小节”。{help_text}", "部分")
            continue
        if index < position:
            if section.name in first_line:
                raise SnippetError(path, line, f"部分“{section.name}”已在第 {first_line[section.name]} 行出现，"
                                   "同一部分的几次要连着写", f"把它们移到一起。{help_text}", "部分")
            raise SnippetError(path, line, f"部分顺序不对：“{section.name}”应排在“{names[position]}”之前",
                               f"按结构顺序排列。{help_text}", "部分")
        for skipped in order[position + 1:index]:
            if skipped.name in written:
                raise SnippetError(path, line, f"部分顺序不对：“{skipped.name}”应排在“{section.name}”之前",
                                   f"按结构顺序排列。{help_text}", "部分")
            if not skipped.optional:
                raise SnippetError(path, line, f"缺少部分“{skipped.name}”（应在“{section.name}”之前）",
                                   f"按结构补上这一部分。{help_text}", "部分")
        first_line[section.name] = line
        position = index
    for missing in order[position + 1:]:
        if not missing.optional:
            last = section_lines[-1] if section_lines else 1
            raise SnippetError(path, last, f"缺少部分“{missing.name}”（应在最后）",
                               f"按结构补上这一部分。{help_text}", "部分")


#: Titles of this kind are regulations, laws or standards: they must be on the 法规依据 page.
REGULATION_TITLE = re.compile(r"(条例|准则|规定|规则|办法|细则|意见|章程|法|标准|格式)(（试行）)?$")


def _is_subsequence(short: str, title: str) -> bool:
    letters = iter(title)
    return all(char in letters for char in short)


def unlisted_titles(text: str, regulations: frozenset[str]):
    """Matches of 《regulation titles》 in ``text`` that the 法规依据 page does not list.

    A short form (《党内监督条例》《准则》) stands for a listed title if its characters appear in
    that title in order; a superseded version such as （试行） does not.
    """
    for match in re.finditer(r"《([^《》]+)》", text):
        name = match.group(1)
        if not REGULATION_TITLE.search(name) or name in regulations or "【" in name:
            continue
        if any(_is_subsequence(name, title) for title in regulations):
            continue
        yield match


def title_hint(name: str, regulations: frozenset[str]) -> str:
    """“是不是《…》？” for a genuinely similar listed title, or a plain statement that there is none."""
    suggestion = talks_schema.closest(name, regulations, cutoff=REGULATION_SIMILARITY)
    return f"是不是《{suggestion}》？" if suggestion else "法规依据页上没有相近的名称。"


def texts_of(value: Value, field: str = ""):
    """Every piece of text in a maintainer's tree, with the field it stands in: (Text, field)."""
    if isinstance(value, Text):
        yield value, field
    elif isinstance(value, Mapping):
        for key, item in value.items.items():
            yield from texts_of(item, key)
    elif isinstance(value, Sequence):
        for item in value.items:
            yield from texts_of(item, field)


def _check_titles_in_text(value: Value, path: str, regulations: frozenset[str], field: str = "") -> None:
    """A regulation named anywhere in a talk must be on the 法规依据 page, not only in 依据."""
    for text, key in texts_of(value, field):
        match = next(unlisted_titles(text.value, regulations), None)
        if match:
            raise SnippetError(path, text.line, f"《{match.group(1)}》没有收录在法规依据页。{title_hint(match.group(1), regulations)}",
                               "使用法规依据页（docs/reference/regulations.md）上的准确名称；确需引用的，先在该页收录", key)


def cited_titles(basis_item: str) -> list[str]:
    """The document titles in 《》 that a 依据 entry cites."""
    return re.findall(r"《([^《》]+)》", basis_item)


# --- Placeholders: one name, one fact ----------------------------------------------------------

#: Where the list of names that are too generic lives: the front matter of this page (docs-relative).
WRITING_PAGE = "guides/writing.md"
GENERIC_KEY = "通用占位符"


def load_generic_placeholders(text: str, page: str = WRITING_PAGE) -> frozenset[str]:
    """The placeholder names a talk may not use (they never say which fact), from the page's front matter."""
    path = f"docs/{page}"
    meta = front_matter(text, path)
    if meta is None or GENERIC_KEY not in meta.items:
        return frozenset()
    seq = _expect_list(meta.items[GENERIC_KEY], path, GENERIC_KEY)
    return frozenset(_expect_text(item, path, GENERIC_KEY, seq.line) for item in seq.items)


def generic_placeholder(text: str, generic: frozenset[str]) -> str:
    """The first placeholder in ``text`` whose name is on the generic list, or ""."""
    return next((m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1).strip() in generic), "")


def _generic_problem(name: str, path: str, line: int, field: str) -> SnippetError:
    return SnippetError(path, line, f"占位符【{name}】太笼统：一篇谈话里它可能指几件不同的事，填写时会被一并替换",
                        f"换成说明是哪件事的名称，例如【整改报告报送日期】【党组会议研究次数】；"
                        f"不能单独使用的名称列在 docs/{WRITING_PAGE} 页首的“{GENERIC_KEY}”中", field)


def _check_placeholders(value: Value, path: str, generic: frozenset[str]) -> None:
    for text, field in texts_of(value):
        name = generic_placeholder(text.value, generic)
        if name:
            raise _generic_problem(name, path, text.line, field)


def load_talk(raw: bytes, path: str, types: dict[str, TalkType], regulations: frozenset[str],
              generic: frozenset[str] = frozenset()) -> Talk:
    """One snippet file (its bytes and repository path) → a checked :class:`Talk`.

    ``generic``: placeholder names too generic to stand for one fact (see :data:`GENERIC_KEY`).
    """
    slug = Path(path).stem
    if not SLUG.match(slug):
        raise SnippetError(path, 1, f"文件名“{Path(path).name}”不合规范",
                           "文件名只用小写拼音字母、数字和连字符，例如 xianwei-shuji-xiangzhen-shuji.yml")
    value = parse(decode(raw, path), path, all_keys())
    if value is None:
        raise SnippetError(path, 1, "文件是空的", "参照 snippets/README.md 中的模板填写，或删除这个文件")
    problem = talks_schema.first_problem(value, path)
    if problem:
        raise problem
    top = value
    if generic:
        _check_placeholders(top, path, generic)
    _check_typed_numbers(top, path)

    type_name = _text(top, "谈话类型")
    talk_type = types.get(type_name)
    if talk_type is None:
        suggestion = _closest(type_name, types)
        hint = f"是不是“{suggestion}”？" if suggestion else ""
        raise SnippetError(path, top.key_lines["谈话类型"], f"未知的谈话类型“{type_name}”。{hint}",
                           f"可用的谈话类型：{'、'.join(types) or '（docs/types/ 下还没有指引页）'}", "谈话类型")
    also = _texts(top, "兼有")
    for other in also:
        if other not in types:
            raise SnippetError(path, top.key_lines["兼有"], f"“兼有”里的“{other}”不是已有的谈话类型",
                               f"可用的谈话类型：{'、'.join(types)}", "兼有")
    form = _text(top, "形式") or forms()[0]
    basis = _texts(top, "依据")
    for item in top.items["依据"].items if regulations else []:
        for title in cited_titles(item.value):
            if title not in regulations:
                # Only a genuinely similar title is offered (a typo, a missing word), never an unrelated one.
                raise SnippetError(path, item.line, f"《{title}》没有收录在法规依据页。{title_hint(title, regulations)}",
                                   "使用法规依据页（docs/reference/regulations.md）上的准确名称；确需新增的，先在该页补充", "依据")
    body = top.items["正文"]
    if regulations:
        for field in ("说明", "适用情形", "正文"):
            if field in top.items:
                _check_titles_in_text(top.items[field], path, regulations, field)
    sections = [_load_section(item) for item in body.items]
    check_structure(sections, [item.line for item in body.items], talk_type, form, path)
    for section, item in zip(sections, body.items):
        for see in _references(section):
            if see not in talk_type.section_names:
                raise SnippetError(path, item.line, f"“参考”写的“{see}”不是{talk_type.name}结构中的部分",
                                   f"填写结构中的部分名称：{'、'.join(talk_type.section_names)}", "参考")
    return Talk(
        slug=slug, source=path, title=_text(top, "标题"), type_name=type_name, speaker=_text(top, "谈话人"),
        listener=_text(top, "谈话对象"), setting=_text(top, "场景"), situation=_text(top, "适用情形"), basis=basis,
        sections=sections, form=form, also=also, remark=_text(top, "说明"), field_lines=dict(top.key_lines),
    )


def _references(section: Section) -> list[str]:
    found = [section.see] if section.see else []

    def walk(blocks: list[Block]) -> None:
        for block in blocks:
            if block.see:
                found.append(block.see)
            if isinstance(block, Point):
                walk(block.blocks)

    walk(section.blocks)
    return found


def load_talks(root: Path, snippets_dir: Path, types: dict[str, TalkType], regulations: frozenset[str],
               cache: dict[str, tuple[bytes, Talk | SnippetError]] | None = None,
               generic: frozenset[str] = frozenset()) -> tuple[list[Talk], list[SnippetError]]:
    """Every ``*.yml`` under ``snippets_dir``; returns the talks and every problem found.

    ``cache`` (see talks_cache.SnippetCache) skips checking a file whose bytes are unchanged.
    """
    talks: list[Talk] = []
    problems: list[SnippetError] = []
    owners: dict[str, str] = {}
    files = sorted(p for p in snippets_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    for file in files:
        path = file.relative_to(root).as_posix()
        raw = file.read_bytes()
        if cache is not None and path in cache and cache[path][0] == raw:
            talk = cache[path][1]
        else:
            try:
                talk = load_talk(raw, path, types, regulations, generic)
            except SnippetError as err:
                talk = err
            if cache is not None:
                cache[path] = (raw, talk)
        if isinstance(talk, SnippetError):
            problems.append(talk)
            continue
        if talk.slug in owners:
            problems.append(SnippetError(path, 1, f"文件名“{file.name}”与 {owners[talk.slug]} 重复，两个示例会生成同一个网址",
                                         "给其中一个文件换一个名字"))
            continue
        owners[talk.slug] = path
        talks.append(talk)
    return sorted(talks, key=lambda t: (t.type_name, t.slug)), problems


# --- Talk types: the guidance pages' front matter ---------------------------------------------

#: Front matter of a guidance page that the overview pages are generated from (home page cards,
#: the types index, the comparison table): one place per type, edited with its guidance page.
OVERVIEW_FIELDS = ("简介", "分组", "性质", "典型谈话")
#: The columns of the comparison table under 对比 (each a line of Markdown, links relative to docs/types/).
COMPARE_FIELDS = ("名称", "性质", "严肃程度", "谈话人", "谈话对象", "依据", "记录归档", "影响", "后续")
TYPE_FIELDS = {"谈话类型", "谈话结构", "别名", "严肃程度", "用语分类", "语气分级", "通用占位符", "分组顺序", "对比",
               *OVERVIEW_FIELDS, *COMPARE_FIELDS}
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)---[ \t]*\r?\n", re.S)


def front_matter(text: str, path: str) -> Mapping | None:
    """The YAML front matter of a Markdown page, with line numbers as in the page."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    value = parse("\n" + match.group(1), path, frozenset(TYPE_FIELDS))  # "\n": line 1 is the opening ---
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise SnippetError(path, 2, "页首信息（两行“---”之间）应当是“字段: 内容”的形式", "对照其他指引页的页首书写")
    return value


def front_matter_list(text: str, path: str, key: str) -> list[str]:
    """A page's ``key`` front matter list of texts ([] when the page has no such key)."""
    meta = front_matter(text, path)
    if meta is None or key not in meta.items:
        return []
    seq = _expect_list(meta.items[key], path, key)
    return [_expect_text(item, path, key, seq.line) for item in seq.items]


def word_sections(text: str, path: str, key: str) -> tuple[list[str], str, str]:
    """A page's ``key`` front matter list (the ## sections offered as Word), its body and title."""
    meta = front_matter(text, path)
    match = _FRONT_MATTER.match(text)
    body = text[match.end():] if match else text
    if meta is None or key not in meta.items:
        return [], body, ""
    seq = _expect_list(meta.items[key], path, key)
    wanted = [_expect_text(item, path, key, seq.line) for item in seq.items]
    title = meta.items.get("title")
    return wanted, body, title.value.strip() if isinstance(title, Text) else ""


def load_type(text: str, page: str) -> TalkType | None:
    """A guidance page (its text and docs-relative path) → its talk type, if it declares one."""
    path = f"docs/{page}"
    meta = front_matter(text, path)
    if meta is None or "谈话类型" not in meta.items:
        return None
    name = _expect_text(meta.items["谈话类型"], path, "谈话类型", meta.key_lines["谈话类型"])
    if "谈话结构" not in meta.items:
        raise SnippetError(path, meta.key_lines["谈话类型"], "指引页声明了谈话类型，但没有写“谈话结构”",
                           "在页首添加“谈话结构:”列表，按顺序列出各部分，可省略的部分后面加“（可选）”", "谈话结构")
    declared = meta.items["谈话结构"]
    if isinstance(declared, Mapping):
        # One structure per form, e.g. 个别谈话 and 集体谈话 of the same type.
        structures = {}
        for form, value in declared.items.items():
            if form not in forms():
                raise SnippetError(path, declared.key_lines[form], f"“{form}”不是谈话形式",
                                   f"按形式分别列结构时，只能用：{'、'.join(forms())}", "谈话结构")
            structures[form] = _structure(value, path)
    else:
        structures = {"": _structure(declared, path)}
    aliases: tuple[str, ...] = ()
    if "别名" in meta.items:
        alias_seq = _expect_list(meta.items["别名"], path, "别名")
        aliases = tuple(_expect_text(a, path, "别名", alias_seq.line) for a in alias_seq.items)
    severity = 0
    if "严肃程度" in meta.items:
        raw = _expect_text(meta.items["严肃程度"], path, "严肃程度", meta.key_lines["严肃程度"])
        if raw not in ("1", "2", "3", "4", "5"):
            raise SnippetError(path, meta.key_lines["严肃程度"], f"严肃程度“{raw}”无效", "填写 1 到 5 的整数，数字越大越严肃", "严肃程度")
        severity = int(raw)
    return TalkType(name=name, slug=Path(page).stem, page=page, structures=structures, aliases=aliases,
                    severity=severity, overview=_overview(meta, path))


def _overview(meta: Mapping, path: str) -> tuple[tuple[str, str], ...]:
    """简介, 分组, 性质, 典型谈话 and the 对比 columns (as 对比.谈话人 …), each one line of text."""
    found: list[tuple[str, str]] = []
    for key in OVERVIEW_FIELDS:
        if key in meta.items:
            found.append((key, _expect_text(meta.items[key], path, key, meta.key_lines[key])))
    if "对比" in meta.items:
        columns = meta.items["对比"]
        if not isinstance(columns, Mapping):
            raise SnippetError(path, meta.key_lines["对比"], "“对比”应当是“栏目: 内容”的形式",
                               f"在“对比:”下逐行写：{'、'.join(COMPARE_FIELDS)}", "对比")
        for key, value in columns.items.items():
            if key not in COMPARE_FIELDS:
                raise SnippetError(path, columns.key_lines[key], f"“对比”里的“{key}”不是对比表的一栏",
                                   f"可用的栏目：{'、'.join(COMPARE_FIELDS)}", "对比")
            found.append((f"对比.{key}", _expect_text(value, path, key, columns.key_lines[key])))
    return tuple(found)


#: Flags a part of a structure may carry after its name: 开场白（可选）, 廉洁要求（可选、可重复）.
STRUCTURE_FLAGS = ("可选", "可重复", "可穿插")
_FLAGGED = re.compile(r"^(.*?)（([^（）]*)）$")


def structure_part(raw: str, path: str, line: int) -> StructureSection:
    """One item of 谈话结构: a part name with optional flags in full-width brackets."""
    match = _FLAGGED.match(raw)
    if not match:
        return StructureSection(raw.strip())
    name, flags = match.group(1).strip(), [f.strip() for f in re.split(r"[、，,]", match.group(2))]
    unknown = [f for f in flags if f not in STRUCTURE_FLAGS]
    if unknown or not name:
        raise SnippetError(path, line, f"“{raw}”括号里的“{'、'.join(unknown) or match.group(2)}”不是部分的标记",
                           "括号里只能写：可选（可以不写这一部分）、可重复（可以连续写几次）、"
                           "可穿插（主持词等，可在任何位置出现任意次），几个标记用顿号隔开，例如“廉洁要求（可选、可重复）”",
                           "谈话结构")
    interleave = "可穿插" in flags
    return StructureSection(name, optional="可选" in flags or interleave, repeat="可重复" in flags or interleave,
                            interleave=interleave)


def _structure(value: Value, path: str) -> tuple[StructureSection, ...]:
    seq = _expect_list(value, path, "谈话结构")
    structure: list[StructureSection] = []
    for item in seq.items:
        raw = _expect_text(item, path, "谈话结构", seq.line)
        structure.append(structure_part(raw, path, getattr(item, "line", seq.line)))
    names = [s.name for s in structure]
    if len(set(names)) != len(names):
        raise SnippetError(path, seq.line, "“谈话结构”里有重复的部分名称", "每个部分只写一次", "谈话结构")
    return tuple(structure)


def load_types(docs_dir: Path) -> dict[str, TalkType]:
    """Every talk type declared by a page under ``docs/types/``, keyed by name."""
    types: dict[str, TalkType] = {}
    for file in sorted((docs_dir / "types").glob("*.md")):
        page = file.relative_to(docs_dir).as_posix()
        talk_type = load_type(decode(file.read_bytes(), f"docs/{page}"), page)
        if talk_type is None:
            continue
        if talk_type.name in types:
            raise SnippetError(f"docs/{page}", 2, f"谈话类型“{talk_type.name}”已由 docs/{types[talk_type.name].page} 声明",
                               "每个谈话类型只能有一个指引页", "谈话类型")
        types[talk_type.name] = talk_type
    return types


# --- Reference shelf: regulations and fixed terms ---------------------------------------------

def load_regulations(text: str, page: str = "reference/regulations.md") -> frozenset[str]:
    """Titles listed on the 法规依据 page: every heading of the form ``### 《全称》``.

    A ``###`` heading without 《》 is a mistake on that page, reported once there, instead of
    at every snippet that cites the title.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^###\s", line) and not re.match(r"^###\s*《[^《》]+》\s*(\{.*\})?$", line):
            raise SnippetError(f"docs/{page}", number, f"法规标题“{line[3:].strip()}”没有写成“《全称》”",
                               "三级标题只写法规的全称，放在书名号里，例如“### 《中国共产党党内监督条例》”")
    return frozenset(re.findall(r"^#{2,4}\s*《([^《》]+)》", text, re.M))


def table_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def is_table_separator(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*", line))


def tables(text: str):
    """Every Markdown table of a page: (the ## heading above it, header cells, [(line, cells), …]).

    The one reader of tables in docs pages: the build (fixed terms) and lint (常见误写, 术语) use it.
    """
    lines = text.splitlines()
    heading = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            heading = line[3:].strip()
        if line.lstrip().startswith("|") and index + 1 < len(lines) and is_table_separator(lines[index + 1]):
            header = table_cells(line)
            rows = []
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append((index + 1, table_cells(lines[index])))
                index += 1
            yield heading, header, rows
            continue
        index += 1


def load_terms(text: str) -> list[str]:
    """Fixed terms: the first column of the tables on the 术语 page."""
    terms: list[str] = []
    for _, _, rows in tables(text):
        for _, cells in rows:
            term = cells[0].strip("*“”\"") if cells else ""
            if term and term not in terms:
                terms.append(term)
    return terms


#: Column of the 术语 page with what drafters call a term (村支书 for 村党组织书记), and the
#: columns of the 常见误写 page; section of 常见误写 that is not a misspelling.
COLLOQUIAL_COLUMN = "俗称"
WRONG_COLUMN = "误写"
OUTDATED_SECTION = "过时提法"


def _bare(text: str) -> str:
    """A cell as a search would see it: no quotes, 《》, bold or punctuation."""
    return re.sub(r"[^\w]+", "", text)


def load_rewrites(wuxie_text: str, terms_text: str) -> list[tuple[str, str, bool]]:
    """What search rewrites before it segments a query: (as typed, as the site writes it, keep).

    From the 常见误写 page, every misspelling and wrong fixed phrase (诫免 → 诫勉; not the outdated
    phrases, which are right when looking back); from the 术语 page's 俗称 column, each everyday word
    (村支书 → 村党组织书记). ``keep``: an everyday word still matches where a page uses it; a
    misspelling does not (the 常见误写 page lists it, and is not what the drafter wants).
    """
    rewrites: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    for heading, header, rows in tables(wuxie_text):
        if heading == OUTDATED_SECTION or not header or header[0] != WRONG_COLUMN or len(header) < 2:
            continue
        for _, cells in rows:
            if len(cells) < 2:
                continue
            wrong, right = _bare(cells[0]), _bare(cells[1])
            if wrong and right and wrong != right and wrong not in seen:
                seen.add(wrong)
                rewrites.append((wrong, right, False))
    for _, header, rows in tables(terms_text):
        if COLLOQUIAL_COLUMN not in header:
            continue
        column = header.index(COLLOQUIAL_COLUMN)
        for _, cells in rows:
            if len(cells) <= column:
                continue
            term = _bare(cells[0])
            for word in re.split(r"[、，,；;/\s]+", cells[column]):
                word = _bare(word)
                if word and term and word != term and word not in seen:
                    seen.add(word)
                    rewrites.append((word, term, True))
    return rewrites


# --- Standard phrasings: the ``!!! phrase`` blocks of the guidance pages ----------------------

_PHRASE_START = re.compile(r'^!!! phrase(?:\s+"([^"]*)")?\s*$')
#: The chapter of a guidance page whose ### headings are parts of the talk's structure.
PHRASE_CHAPTER = "规范用语"
#: Attributes a phrasing's title may carry after its label: “对班子成员 · 语气：平实 · 场景：乡镇（街道）”.
PHRASE_ATTRIBUTES = {"语气": "tone", "场景": "setting", "形式": "form"}
TONES = ("温和", "平实", "严肃", "严厉")
ATTRIBUTE_SEPARATOR = " · "


def phrase_title(title: str, path: str, line: int) -> dict[str, str]:
    """A block title → its label and attributes (tone, setting, form)."""
    label, *attributes = [piece.strip() for piece in title.split(ATTRIBUTE_SEPARATOR.strip())]
    found = {"label": label}
    for attribute in attributes:
        key, _, value = attribute.partition("：")
        if key not in PHRASE_ATTRIBUTES or not value.strip():
            raise SnippetError(path, line, f"规范用语标题里的“{attribute}”看不懂",
                               f"标题写成“标签 · 语气：严肃 · 场景：乡镇（街道）”，可用的说明只有"
                               f"{'、'.join(PHRASE_ATTRIBUTES)}，键和值之间用全角冒号", "规范用语")
        found[PHRASE_ATTRIBUTES[key]] = value.strip()
    if found.get("tone") and found["tone"] not in TONES:
        raise SnippetError(path, line, f"语气“{found['tone']}”不在可选范围内", f"语气写 {'、'.join(TONES)} 之一", "规范用语")
    if found.get("form") and found["form"] not in forms():
        raise SnippetError(path, line, f"形式“{found['form']}”不是谈话形式", f"形式写 {'、'.join(forms())} 之一", "规范用语")
    return found


def extract_phrases(text: str, type_name: str, path: str = "", generic: frozenset[str] = frozenset()) -> list[Phrase]:
    """Every ``!!! phrase "标题"`` block of a guidance page, with the headings above it:
    ## chapter, ### part, #### slot (alternatives share a slot)."""
    phrases: list[Phrase] = []
    chapter = section = slot = ""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            chapter, section, slot = line[3:].strip(), "", ""
        elif line.startswith("### "):
            section, slot = line[4:].strip(), ""
        elif line.startswith("#### "):
            slot = line[5:].strip()
        match = _PHRASE_START.match(line)
        index += 1
        if not match:
            continue
        start = index
        body: list[str] = []
        while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
            body.append(lines[index][4:])
            index += 1
        title = match.group(1) or ""
        if not title.strip():
            raise SnippetError(path, start, "规范用语块没有标题", '写成 !!! phrase "标签"，标签说明这一段适合什么情况', "规范用语")
        attributes = phrase_title(title, path, start)
        phrase = Phrase(type_name, chapter, section, title, "\n".join(body).strip(), slot=slot, line=start,
                        **attributes)
        for offset, body_line in enumerate(body, start=1):
            if generic and (name := generic_placeholder(body_line, generic)):
                raise _generic_problem(name, path, start + offset, "规范用语")
        phrases.append(phrase)
    return phrases


def check_phrases(phrases: list[Phrase], talk_type: TalkType, path: str) -> None:
    """Phrasings of the 规范用语 chapter serve parts of the type's structure, in a form it has."""
    for phrase in phrases:
        if phrase.chapter != PHRASE_CHAPTER:
            continue
        if phrase.section not in talk_type.section_names:
            raise SnippetError(path, phrase.line, f"规范用语所在的“### {phrase.section}”不是{talk_type.name}结构中的部分",
                               f"“## {PHRASE_CHAPTER}”下的三级标题写结构中的部分名称：{'、'.join(talk_type.section_names)}",
                               "规范用语")
        if phrase.form and phrase.form not in talk_type.structures:
            raise SnippetError(path, phrase.line, f"{talk_type.name}没有“{phrase.form}”的结构",
                               f"删去“形式：{phrase.form}”，或先在页首的“谈话结构”中补充这一形式", "规范用语")


def load_phrases(docs_dir: Path, types: dict[str, TalkType], generic: frozenset[str] = frozenset()) -> list[Phrase]:
    phrases: list[Phrase] = []
    for talk_type in types.values():
        path = f"docs/{talk_type.page}"
        found = extract_phrases(decode((docs_dir / talk_type.page).read_bytes(), path), talk_type.name, path, generic)
        check_phrases(found, talk_type, path)
        phrases += found
    return phrases


def load_grouping(text: str, page: str, key: str) -> dict[str, list[str]]:
    """A front matter mapping ``key: {组名: [成员, …]}`` of an index page, e.g. 用语分类."""
    path = f"docs/{page}"
    meta = front_matter(text, path)
    if meta is None or key not in meta.items:
        return {}
    mapping = meta.items[key]
    if not isinstance(mapping, Mapping):
        raise SnippetError(path, meta.key_lines[key], f"“{key}”应当是“组名: [成员, ……]”的形式", "对照页首已有的写法修改", key)
    groups: dict[str, list[str]] = {}
    for name, value in mapping.items.items():
        if isinstance(value, Text):
            groups[name] = [_expect_text(value, path, key, value.line)]
        else:
            seq = _expect_list(value, path, key)
            groups[name] = [_expect_text(item, path, key, seq.line) for item in seq.items]
    return groups
