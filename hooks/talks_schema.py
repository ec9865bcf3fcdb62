"""Check a worked example against ``schema/snippet.schema.json`` and say what is wrong in Chinese.

The JSON Schema is the one definition of the snippet format: the build validates every snippet
with it (the ``jsonschema`` library), and editors use the same file through the
``# yaml-language-server: $schema=…`` line at the top of each snippet. jsonschema's own messages
are English and name JSON paths, so each error is translated here: the path becomes the line in
the maintainer's file (``talks_yaml`` values remember their lines), the validator kind becomes a
Chinese problem and fix. Where the schema carries ``errorMessage``/``patternErrorMessage`` (the
custom messages VS Code's YAML extension shows), that same text is used, so editor and build
say the same thing. What a schema cannot express (talk types, structure order, regulations) is
checked afterwards in ``talks_load``.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

import fastjsonschema

if TYPE_CHECKING:  # jsonschema itself is imported only when a snippet is invalid (it is slow to import)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from talks_errors import SnippetError
from talks_yaml import Mapping, Sequence, Text, Value

#: The schema file, relative to the repository root (hooks/ sits next to schema/).
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "snippet.schema.json"
#: The line every snippet starts with, so that editors find the schema.
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/snippet.schema.json"

#: Which error to report first when several are found at the same place: an unknown key is
#: usually a typo of a required one, and "是不是“谈话对象”？" helps more than "缺少谈话对象".
_RANK = {"additionalProperties": 0, "required": 1, "type": 2}


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def schema(path: Path = SCHEMA_PATH) -> dict:
    """The snippet schema (re-read when the file changes, e.g. during ``mkdocs serve``)."""
    return _load(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _validator(path: str, mtime: float) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_load(path, mtime))


@lru_cache(maxsize=4)
def _fast_check(path: str, mtime: float):
    """The schema compiled to Python code (fastjsonschema): a quick yes/no for valid snippets.

    Most snippets are valid, and jsonschema spends most of the build's checking time proving
    it. Only a snippet this check rejects goes through jsonschema, whose detailed errors are
    translated below; so the messages are jsonschema's, and the speed is fastjsonschema's.
    fastjsonschema knows draft-07, which has every keyword this schema uses ($defs is resolved
    as a plain JSON pointer); the test suite checks both validators agree on every snippet.
    """
    spec = dict(_load(path, mtime))
    spec["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(spec, use_formats=False)


def enum_of(name: str, path: Path = SCHEMA_PATH) -> tuple[str, ...]:
    """The text values a ``$defs`` entry or top-level property allows, e.g. 形式 or numbering."""
    spec = schema(path)
    node = spec["properties"].get(name) or spec["$defs"][name]
    return tuple(v for v in node["enum"] if isinstance(v, str))


def field_names(path: Path = SCHEMA_PATH) -> frozenset[str]:
    """Every key the format knows, at any level (for the full-width colon check)."""
    spec = schema(path)
    names = set(spec["properties"])
    for definition in spec["$defs"].values():
        names |= set(definition.get("properties", {}))
    return frozenset(names)


# --- The maintainer's tree as plain values --------------------------------------------------

def plain(value: Value):
    """Text/Mapping/Sequence → str/dict/list, the JSON-like tree jsonschema validates."""
    if isinstance(value, Text):
        return value.value
    if isinstance(value, Sequence):
        return [plain(item) for item in value.items]
    return {key: plain(item) for key, item in value.items.items()}


def _walk(value: Value, path) -> tuple[Value, Value | None]:
    """The node at a jsonschema path, and its parent."""
    parent = None
    for step in path:
        parent = value
        value = value.items[step]
    return value, parent


def _line(root: Value, path) -> int:
    """The line to show: a key's own line for a field, an item's line for a list item."""
    node, parent = _walk(root, path)
    if path and isinstance(parent, Mapping) and isinstance(path[-1], str):
        return parent.key_lines[path[-1]]
    return node.line


def _kind(instance) -> str:
    if isinstance(instance, list):
        return "列表"
    if isinstance(instance, dict):
        return "带字段的一组内容"
    return "一段文字"


def _field(path) -> str:
    """The field a value belongs to: the last key on its path (list items take their list's key)."""
    return next((step for step in reversed(path) if isinstance(step, str)), "")


def _split(message: str) -> tuple[str, str]:
    problem, _, fix = message.partition("。修改：")
    return problem, fix


def closest(word: str, choices, cutoff: float = 0.3) -> str:
    """The most similar choice, for “是不是……？”; "" when none is similar enough."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else ""


def _translate(error: ValidationError, root: Value, file: str) -> SnippetError:
    path = list(error.absolute_path)
    spec = error.schema if isinstance(error.schema, dict) else {}
    what = spec.get("title", "")
    field = _field(path)
    kind = error.validator
    custom = spec.get("patternErrorMessage") if kind == "pattern" else None
    custom = custom or spec.get("errorMessage")
    if kind == "additionalProperties":
        mapping, _ = _walk(root, path)
        known = list(spec.get("properties", {}))
        extra = next(k for k in mapping.key_lines if k not in known)
        suggestion = closest(extra, known)
        hint = f"，是不是“{suggestion}”？" if suggestion else ""
        return SnippetError(file, mapping.key_lines[extra], f"{what}里没有“{extra}”这个字段{hint}",
                            f"可用的字段：{'、'.join(known)}", extra)
    if kind == "required":
        mapping, _ = _walk(root, path)
        missing = next(k for k in error.validator_value if k not in error.instance)
        return SnippetError(file, mapping.line, f"{what}缺少必填字段“{missing}”", f"添加一行“{missing}: ……”", missing)
    line = _line(root, path)
    if custom:
        problem, fix = _split(custom)
        if kind == "not" and "pattern" in error.validator_value:
            found = re.search(error.validator_value["pattern"], error.instance)
            problem = f"“{found.group(0)}”{problem}" if found else problem
        return SnippetError(file, line, problem, fix, field)
    if kind == "type" and error.validator_value == "object":
        return SnippetError(file, line, f"{what}应当是“字段: 内容”的形式，这里却是{_kind(error.instance)}",
                            f"对照模板书写，可用的字段：{'、'.join(spec.get('properties', {}))}")
    if kind == "type" and error.validator_value == "array":
        return SnippetError(file, line, "应当是列表（每项一行，以“- ”开头）",
                            f"写成：\n  {field}:\n    - 第一项\n    - 第二项", field)
    if kind == "type":
        return SnippetError(file, line, f"应当是一段文字，这里却是{_kind(error.instance)}",
                            "在冒号后面直接写文字；文字里如有冒号、井号，请把整段用引号括起来", field)
    if kind == "minItems":
        return SnippetError(file, line, "列表是空的", "至少写一项，每项以“- ”开头", field)
    if kind == "enum":
        choices = "、".join(v for v in error.validator_value if isinstance(v, str))
        return SnippetError(file, line, f"“{error.instance}”不是可用的{what or field}", f"可选：{choices}", field)
    # A keyword added to the schema later without a translation: still name file, line, field.
    return SnippetError(file, line, f"不符合示例格式（{error.message}）",
                        "对照 schema/snippet.schema.json 中这个字段的说明修改", field)


def first_problem(root: Value, file: str, path: Path = SCHEMA_PATH) -> SnippetError | None:
    """Validate the tree; the first problem in reading order, translated, or ``None``."""
    mtime = path.stat().st_mtime
    tree = plain(root)
    try:
        _fast_check(str(path), mtime)(tree)
        return None
    except fastjsonschema.JsonSchemaException:
        pass  # not valid, or fastjsonschema is unsure: let jsonschema find and explain the errors
    validator = _validator(str(path), mtime)
    errors = list(validator.iter_errors(tree))
    if not errors:
        return None

    def position(error: ValidationError) -> tuple[int, int]:
        path_ = list(error.absolute_path)
        node, _ = _walk(root, path_)
        line = node.line if error.validator in ("additionalProperties", "required") else _line(root, path_)
        # Prefer the schema's own wording (errorMessage) over a generic type message at one place.
        custom = isinstance(error.schema, dict) and "errorMessage" in error.schema
        return line, _RANK.get(error.validator, 3) - (1 if custom else 0)

    return _translate(min(errors, key=position), root, file)
