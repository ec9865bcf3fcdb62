"""Read a maintainer's YAML file into plain values that remember their line numbers.

PyYAML alone is too forgiving for hand-edited Chinese text: it silently keeps the last of two
equal keys, turns ``2026-05-01`` into a date and ``1:30`` into 90, and folds a paragraph that
spans several lines with spaces between Chinese characters. Here every scalar stays the text
the maintainer typed, duplicate keys are an error, and each value carries its line so that
messages can say where to look. Messages are Chinese because maintainers read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from talks_errors import SnippetError


@dataclass
class Text:
    """A scalar as typed, with the (1-based) line it starts on."""

    value: str
    line: int


@dataclass
class Mapping:
    """A YAML mapping; ``items`` keeps the maintainer's key order."""

    items: dict[str, "Value"]
    key_lines: dict[str, int]
    line: int


@dataclass
class Sequence:
    items: list["Value"] = field(default_factory=list)
    line: int = 1


Value = Text | Mapping | Sequence

#: Chinese ideographs and full-width punctuation: a line break between two of these is no space.
_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]"
_FOLDED_SPACE = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")


def decode(raw: bytes, path: str) -> str:
    """Bytes → text; UTF-8 only (a BOM is fine), with a clear word for GBK files."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("gbk")
            guess = "看起来是 GBK/GB2312 编码（Windows 记事本、WPS 的默认保存方式）"
        except UnicodeDecodeError:
            guess = "不是 UTF-8 编码"
        raise SnippetError(
            path,
            line,
            f"文件{guess}，无法读取",
            "用编辑器把文件另存为“UTF-8”编码（VS Code：右下角点编码→“通过编码保存”→UTF-8；"
            "记事本：另存为→编码选 UTF-8）",
        ) from None


def _check_whitespace(text: str, path: str, known_keys: frozenset[str]) -> None:
    """Catch the invisible mistakes before YAML turns them into confusing messages."""
    key_pattern = "|".join(re.escape(k) for k in sorted(known_keys, key=len, reverse=True))
    fullwidth_colon = re.compile(rf"^\s*(?:-\s+)?({key_pattern})\s*：") if key_pattern else None
    # "谈话对象:新任" is one piece of text to YAML, and its error would land on the next line.
    tight_colon = re.compile(rf"^\s*(?:-\s+)?({key_pattern}):[^\s]") if key_pattern else None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t\u3000]*", line).group(0)
        if "\t" in indent:
            raise SnippetError(path, number, "这一行用 Tab 键缩进，YAML 不允许",
                               "把行首的 Tab 换成空格（每级 2 个空格）")
        if "\u3000" in indent or re.match(r"^\s*-\u3000", line):
            raise SnippetError(path, number, "这一行开头有全角空格（中文输入法下的空格），YAML 无法识别",
                               "把行首的全角空格换成半角空格（切换到英文输入法再输入空格）")
        if fullwidth_colon and (m := fullwidth_colon.match(line)):
            raise SnippetError(path, number, f"字段“{m.group(1)}”后面用了全角冒号“：”",
                               f"改成半角冒号加一个空格，写作“{m.group(1)}: ……”")
        if tight_colon and (m := tight_colon.match(line)):
            raise SnippetError(path, number, f"字段“{m.group(1)}”的冒号后面少了一个空格",
                               f"在半角冒号后面加一个空格，写作“{m.group(1)}: ……”")


#: Deeper than any real file (a snippet nests about 8 levels); bounds the recursion below.
MAX_DEPTH = 40


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (``*名称``) and absurd nesting before they are composed.

    An alias can point at its own parent (``&a [*a]``) or double at each level ("billion
    laughs"); deep nesting exhausts Python's recursion. Either would end in a traceback or
    a hang instead of a message, and no maintainer's file needs them.
    """

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "found alias", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, "nested too deeply", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: libyaml (PyYAML's C extension) composes about 13× faster, but it follows aliases and recurses
#: in C, where deep nesting crashes the process (segfault at ~100,000 levels). So it only gets
#: files without "*" (no alias is possible) and with few indicator characters (every nesting
#: level needs one); the result must equal the Python loader's (tests/test_fuzz_loader.py).
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_INDICATORS = re.compile(r"[\[{?:-]")
_C_SAFE_INDICATORS = 1000
#: Aliases, tabs, BOMs and control characters: where the two loaders may differ.
_C_DIFFERS = re.compile("[*\t\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _compose(text: str) -> list:
    # libyaml also places empty values differently on a last line without a line break, accepts
    # some tabs and drops BOMs where PyYAML does not; such files take the Python loader too.
    if (_C_LOADER and text.endswith("\n") and not _C_DIFFERS.search(text)
            and len(_INDICATORS.findall(text)) < _C_SAFE_INDICATORS):
        try:
            documents = list(yaml.compose_all(text, Loader=_C_LOADER))
            # Anything but a mapping is a mistake, reported with the Python loader's line numbers.
            mappings = all(isinstance(d, yaml.MappingNode) for d in documents if d is not None)
            if mappings and not _deeper_than(documents, MAX_DEPTH):
                return documents
        except yaml.YAMLError:
            pass  # parse again below: the Python loader's wording is what the hints match
    return list(yaml.compose_all(text, Loader=_Loader))


def _deeper_than(documents: list, limit: int) -> bool:
    stack = [(node, 1) for node in documents if node is not None]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
    return False


def _line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _convert(node: yaml.Node, path: str) -> Value:
    if isinstance(node, yaml.ScalarNode):
        value = node.value
        # Plain style is None from PyYAML's Python parser and "" from libyaml.
        if node.start_mark.line != node.end_mark.line and node.style in (None, "", ">", "'", '"'):
            # YAML joins wrapped lines with a space; in Chinese that space was never typed.
            value = _FOLDED_SPACE.sub("", value)
        return Text(value, _line_of(node))
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, path) for item in node.value], _line_of(node))
    items: dict[str, Value] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise SnippetError(path, _line_of(key_node), "字段名必须是一段文字", "检查这一行的缩进和冒号")
        key = key_node.value.strip()
        if key in items:
            raise SnippetError(
                path, _line_of(key_node),
                f"字段“{key}”出现了两次（第 {key_lines[key]} 行已有），后一个会覆盖前一个",
                "删掉重复的一个，或把两处内容合并",
            )
        items[key] = _convert(value_node, path)
        key_lines[key] = _line_of(key_node)
    return Mapping(items, key_lines, _line_of(node))


#: Every kind of problem PyYAML's scanner, parser and composer report, in Chinese: (pattern of
#: the English problem, what is wrong, how to fix it). The last entry catches anything else, so
#: no English ever reaches a maintainer (tests/test_snippet_errors.py plants each kind).
_YAML_PROBLEMS = (
    (r"mapping values are not allowed here",
     "这一行的冒号位置不对，或者文字里含有“: ”（半角冒号加空格）",
     "检查缩进；文字里的冒号请用全角“：”，或把整段文字用引号括起来"),
    (r"could not find expected ':'",
     "YAML 在这里找不到字段的冒号", "检查上一行和这一行的缩进是否对齐、冒号是否为半角“: ”"),
    (r"did not find expected '-' indicator", "列表项的缩进不一致", "同一列表的各项“- ”要上下对齐"),
    (r"did not find expected key", "字段的缩进不一致", "同一层的字段要上下对齐（用空格缩进）"),
    (r"expected <block end>",
     "这一行的缩进和上面的字段对不齐（例如“内容:”没有和同一部分的“部分:”对齐）",
     "同一层的字段左边要对齐：检查这一行和上面几行行首的空格数"),
    (r"expected <document start>", "文件开头的格式不对", "文件应当以“字段: 内容”开头，对照模板检查第一个字段"),
    (r"expected ',' or '\]'", "方括号“[ ]”没有成对",
     "文字里的方括号请用全角“【】”或“〔〕”；确需半角方括号时，把整段文字用引号括起来"),
    (r"expected ',' or '\}'", "花括号“{ }”没有成对", "文字里的花括号请用全角，或把整段文字用引号括起来"),
    (r"found unexpected end of stream", "引号没有成对：文件结束时还有一个引号没有闭合",
     "找到这一行附近只有一半的英文引号，补上另一半，或改用中文引号“”"),
    (r"found unknown escape character|expected escape sequence", "双引号里的反斜杠“\\”后面的字符无法识别",
     "去掉反斜杠，或把英文双引号换成英文单引号"),
    (r"tab character|'\\t'", "这里有 Tab 字符", "把 Tab 换成空格"),
    (r"found character .* that cannot start any token", "这一行开头的符号（如 @ ` % ）不能直接写在 YAML 里",
     "把整段文字用英文双引号括起来"),
    (r"(mapping keys|sequence entries|block sequence entries|block mapping) (are|is) not allowed here",
     "这里不能开始一个新的字段或列表项", "检查缩进：子项要比上一级多缩进两格，同一层要对齐"),
    (r"expected a comment or a line break|indentation indicator|chomping",
     "文字以“|”或“>”开头，YAML 把它当成了多行文字的标记", "把整段文字用英文双引号括起来"),
    (r"found alias|undefined alias|duplicate anchor|expected alphabetic or numeric character",
     "这里用了 YAML 的锚点“&”或引用“*”", "本站的文件不支持锚点“&”和引用“*”，把要重复的内容直接写出来；"
     "文字以 * 或 & 开头时，把整段用引号括起来"),
    (r"tag|expected '!'|expected URI|expected '>'|expected ' ', but found",
     "文字以“!”开头，YAML 把它当成了类型标记", "把整段文字用英文双引号括起来"),
    (r"nested too deeply", f"内容的嵌套超过 {MAX_DEPTH} 层", "检查缩进和方括号、花括号是否成对"),
    (r"expected a single document|document separator|YAML directive|incompatible YAML document",
     "文件里有“---”或“%”开头的行，YAML 把它当成了另一篇文档的开始", "删掉这一行，或把文字用引号括起来"),
    (r"", "这一行附近的写法 YAML 无法识别", "对照示例模板检查这一行及上一行的缩进、冒号和引号"),
)


def _explain_yaml_error(err: yaml.YAMLError, path: str) -> SnippetError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark else 1
    problem = " ".join(str(part) for part in (getattr(err, "context", ""), getattr(err, "problem", "")) if part) \
        or str(err)
    what, fix = next((w, f) for pattern, w, f in _YAML_PROBLEMS if re.search(pattern, problem))
    return SnippetError(path, line, f"YAML 格式错误：{what}", fix)


def parse(text: str, path: str, known_keys: frozenset[str] = frozenset()) -> Value | None:
    """Parse one YAML document; ``None`` for an empty file. Raises :class:`SnippetError`."""
    _check_whitespace(text, path, known_keys)
    try:
        documents = _compose(text)
    except yaml.YAMLError as err:
        raise _explain_yaml_error(err, path) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        return None
    if len(documents) > 1:
        raise SnippetError(path, _line_of(documents[1]), "一个文件里只能写一篇内容，这里出现了第二个“---”分隔的文档",
                           "删掉多余的“---”，或把第二篇另存为一个文件")
    return _convert(documents[0], path)
