"""schema/snippet.schema.json is the one definition of the snippet format, for the build and editors.

The messages of the first issue (file, line, field, fix, closest key) are asserted in
test_snippet_errors.py; here: every kind of schema error becomes a Chinese message at the right
line, the build really uses the schema file, and editors reading the snippets see no false errors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

import talks_layout
import talks_load
import talks_schema
from talks_errors import SnippetError

from conftest import VALID, error_of, line_of

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "snippet.schema.json"


def test_schema_is_valid_draft_2020_12():
    spec = json.loads(SCHEMA.read_text("utf-8"))
    assert spec["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(spec)


def test_python_constants_come_from_the_schema():
    spec = json.loads(SCHEMA.read_text("utf-8"))
    assert talks_load.forms() == tuple(spec["properties"]["形式"]["enum"])
    assert set(talks_layout.POINT_STYLE_KEYS) == {v for v in spec["$defs"]["numbering"]["enum"] if isinstance(v, str)}
    assert {"标题", "部分", "要点", "段落", "批注"} <= talks_load.all_keys()


@pytest.mark.parametrize("edit, needle, words, field", [
    # enum: 形式 and 编号
    (("适用情形: 年度谈话。", "适用情形: 年度谈话。\n形式: 单独谈话"), "形式: 单独谈话", ["“单独谈话”不是可用的形式", "个别谈话、集体谈话"], "形式"),
    (("    编号: 一是", "    编号: 甲是"), "编号: 甲是", ["“甲是”不是可用的编号样式", "一是"], "编号"),
    # minItems
    (("依据:\n  - 《中国共产党党内监督条例》第二十一条", "依据: []"), "依据: []", ["列表是空的"], "依据"),
    # pattern with the schema's own message
    (("  - 《中国共产党党内监督条例》第二十一条", "  - 党内监督条例第二十一条"), "党内监督条例第二十一条", ["没有写出文件全称", "书名号"], "依据"),
    (("      - 总体评价的文字。", "      - 请【谈话对象姓名填写。"), "请【谈话对象", ["“【】”不成对"], "内容"),
    (("谈话人: 县委书记", "谈话人: \"  \""), "谈话人:", ["内容为空"], "谈话人"),
    # not-pattern: the found text is named
    (("      - 具体问题。", "      - 某某同志的问题。"), "某某同志", ["“某某”不是本站的占位符写法", "【"], "内容"),
    # an unknown key deep inside a 要点, with the closest key
    (("          - 具体问题。", "          - 具体问题。\n        批住: 说明。"), "批住", ["要点里没有“批住”这个字段", "是不是“批注”"], "批住"),
    # a 内容 item that is neither text, 段落 nor 要点
    (("      - 提出要求。", "      - 文字: 提出要求。"), "文字: 提出要求", ["应当是一段文字，或以“段落:”“要点:”“小节:”开头"], "内容"),
    # a section that is a bare text
    (("  - 部分: 征求意见\n    内容:\n      - 请你谈谈意见。\n", "  - 征求意见\n"), "  - 征求意见", ["正文的每一部分应当是“字段: 内容”的形式，这里却是一段文字"], ""),
    # a required field of a section
    (("  - 部分: 征求意见\n    内容:\n      - 请你谈谈意见。\n", "  - 部分: 征求意见\n"), "部分: 征求意见", ["缺少必填字段“内容”"], "内容"),
])
def test_schema_errors_are_translated(types, regulations, edit, needle, words, field):
    old, new = edit
    assert old in VALID
    text = VALID.replace(old, new)
    err = error_of(text, types, regulations)
    message = str(err)
    assert err.line == line_of(text, needle), message
    assert err.field == field, message
    for word in words:
        assert word in message
    assert "修改：" in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("snippets/zhengzhi-jiandu/ceshi.yml", "")), message


def test_the_build_uses_the_schema_file(tmp_path, types, regulations):
    """Tightening the schema file changes what the loader accepts: no second definition in code."""
    spec = json.loads(SCHEMA.read_text("utf-8"))
    spec["properties"]["场景"] = {"title": "场景", "enum": ["学校"]}
    stricter = tmp_path / "snippet.schema.json"
    stricter.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    tree = talks_load.parse(VALID, "x.yml", talks_load.all_keys())
    assert talks_schema.first_problem(tree, "x.yml") is None
    problem = talks_schema.first_problem(tree, "x.yml", stricter)
    assert problem is not None and "“乡镇（街道）”不是可用的场景" in str(problem)


def test_schema_keyword_without_translation_still_names_place(tmp_path):
    spec = json.loads(SCHEMA.read_text("utf-8"))
    spec["properties"]["标题"] = {"maxLength": 2}
    schema_file = tmp_path / "s.json"
    schema_file.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    tree = talks_load.parse(VALID, "x.yml", talks_load.all_keys())
    problem = talks_schema.first_problem(tree, "x.yml", schema_file)
    assert isinstance(problem, SnippetError) and problem.line == line_of(VALID, "标题:") and problem.field == "标题"


SNIPPETS = sorted((ROOT / "snippets").rglob("*.yml"))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_points_editors_to_the_schema(snippet):
    first = snippet.read_text("utf-8").splitlines()[0]
    assert first == talks_schema.SCHEMA_LINE
    target = (snippet.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA.resolve()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_editors_see_no_false_errors(snippet):
    """An editor reads YAML with its own types (``编号: 1.`` is a number there); still valid."""
    data = yaml.safe_load(snippet.read_text("utf-8"))
    errors = list(Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).iter_errors(data))
    assert errors == [], [e.message for e in errors]


def test_readme_template_is_valid(types, regulations):
    """The template maintainers copy from snippets/README.md passes the build's checks."""
    readme = (ROOT / "snippets" / "README.md").read_text("utf-8")
    template = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    assert template.startswith(talks_schema.SCHEMA_LINE)
    template = template.replace("      - ……\n", "      - 具体内容。\n")
    talk = talks_load.load_talk(template.encode("utf-8"), "snippets/zhengzhi-jiandu/moban.yml", types, regulations)
    assert talk.type_name == "政治监督谈话"
