"""A maintainer's mistake in a snippet gets a clear Chinese message: file, line, field, fix."""

from __future__ import annotations

import re

import pytest

from pathlib import Path


import talks_load
from conftest import PATH, VALID, error_of, line_of, load
from talks_model import Paragraph, Point

ROOT = Path(__file__).resolve().parent.parent
# --- the valid file and the things that must work --------------------------------------------

def test_valid_snippet_loads_in_order(types, regulations):
    talk = load(VALID, types, regulations)
    assert [s.name for s in talk.sections] == ["开场白", "总体评价", "问题与不足", "几点要求", "征求意见"]
    point = talk.sections[2].blocks[1]
    assert isinstance(point, Point) and point.lead == "思想政治建设方面。"
    assert point.blocks == [Paragraph("具体问题。")]
    assert talk.slug == "ceshi" and talk.form == "个别谈话"


def test_bom_and_crlf_are_fine(types, regulations):
    raw = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8")
    assert load(raw, types, regulations).title == "测试谈话"


def test_wrapped_line_joins_chinese_without_spaces(types, regulations):
    text = VALID.replace("      - 总体评价的文字。", "      - 总体评价的第一行，\n        接着写第二行。")
    talk = load(text, types, regulations)
    assert talk.sections[1].blocks[0].text == "总体评价的第一行，接着写第二行。"


def test_dates_and_yes_no_stay_text(types, regulations):
    text = VALID.replace("适用情形: 年度谈话。", "适用情形: 2026-05-01")
    assert load(text, types, regulations).situation == "2026-05-01"


# --- syntax and encoding ---------------------------------------------------------------------

def test_yaml_syntax_error_names_line(types, regulations):
    text = VALID.replace("谈话人: 县委书记", "谈话人: [县委书记")
    err = error_of(text, types, regulations)
    assert err.path == PATH
    assert "YAML 格式错误" in str(err) and "修改：" in str(err)
    assert "Traceback" not in str(err)


def test_tab_indentation(types, regulations):
    text = VALID.replace("  - 《中国共产党党内监督条例》", "\t- 《中国共产党党内监督条例》")
    err = error_of(text, types, regulations)
    assert err.line == line_of(text, "\t-")
    assert "Tab" in str(err) and "空格" in err.fix


def test_fullwidth_space_indentation(types, regulations):
    text = VALID.replace("谈话人: 县委书记", "\u3000谈话人: 县委书记")
    err = error_of(text, types, regulations)
    assert err.line == line_of(text, "\u3000谈话人")
    assert "全角空格" in str(err)


def test_fullwidth_colon_as_key_separator(types, regulations):
    text = VALID.replace("标题: 测试谈话", "标题：测试谈话")
    err = error_of(text, types, regulations)
    assert err.line == line_of(text, "标题：")
    assert "全角冒号" in str(err) and "标题: " in err.fix


def test_gbk_file_is_named_as_such(types, regulations):
    err = error_of(VALID.encode("gbk"), types, regulations)
    assert "GBK" in str(err) and "UTF-8" in err.fix
    assert err.line == 1  # the comment on line 1 is the first non-ASCII byte


def test_empty_file(types, regulations):
    err = error_of("# 只有注释\n", types, regulations)
    assert "文件是空的" in str(err)


# --- shape and fields ------------------------------------------------------------------------

def test_list_where_mapping_expected(types, regulations):
    err = error_of("- 标题: 测试\n- 谈话类型: 政治监督谈话\n", types, regulations)
    assert "应当是“字段: 内容”的形式" in str(err) and err.line == 1


def test_wrong_type_text_instead_of_list(types, regulations):
    text = VALID.replace("依据:\n  - 《中国共产党党内监督条例》第二十一条", "依据: 《中国共产党党内监督条例》")
    err = error_of(text, types, regulations)
    assert err.field == "依据" and "列表" in str(err)
    assert err.line == line_of(text, "依据:")


def test_wrong_type_list_instead_of_text(types, regulations):
    text = VALID.replace("谈话人: 县委书记", "谈话人:\n  - 县委书记")
    err = error_of(text, types, regulations)
    assert err.field == "谈话人" and "应当是一段文字" in str(err)


def test_missing_required_field(types, regulations):
    text = VALID.replace("谈话对象: 乡镇党委书记\n", "")
    err = error_of(text, types, regulations)
    assert err.field == "谈话对象" and "缺少必填字段" in str(err)


def test_unknown_key_suggests_closest(types, regulations):
    text = VALID.replace("谈话对象: 乡镇党委书记", "谈话对像: 乡镇党委书记")
    err = error_of(text, types, regulations)
    assert err.line == line_of(text, "谈话对像")
    assert "谈话对像" in str(err) and "是不是“谈话对象”" in str(err)


def test_duplicate_key_is_not_silently_dropped(types, regulations):
    text = VALID.replace("谈话人: 县委书记", "谈话人: 县委书记\n谈话人: 县长")
    err = error_of(text, types, regulations)
    assert "出现了两次" in str(err) and err.line == line_of(text, "谈话人: 县长")


def test_unknown_talk_type(types, regulations):
    text = VALID.replace("谈话类型: 政治监督谈话", "谈话类型: 政治监督谈")
    err = error_of(text, types, regulations)
    assert err.field == "谈话类型" and "未知的谈话类型" in str(err)
    assert "是不是“政治监督谈话”" in str(err)


def test_regulation_not_on_regulations_page(types, regulations):
    text = VALID.replace("《中国共产党党内监督条例》第二十一条", "《中国共产党党内监督条例（试行）》第三十二条")
    err = error_of(text, types, regulations)
    assert err.field == "依据" and "没有收录在法规依据页" in str(err)


def test_old_placeholder_style_rejected(types, regulations):
    text = VALID.replace("具体问题。", "例如XXX问题。")
    err = error_of(text, types, regulations)
    assert "【" in err.fix and err.line == line_of(text, "例如XXX")


def test_newline_inside_paragraph_rejected(types, regulations):
    text = VALID.replace("      - 提出要求。", "      - |\n        第一行\n        第二行")
    err = error_of(text, types, regulations)
    assert "换行" in str(err)


def test_duplicate_slug_across_folders(tmp_path, types, regulations):
    for folder in ("a", "b"):
        (tmp_path / "snippets" / folder).mkdir(parents=True)
        (tmp_path / "snippets" / folder / "tongming.yml").write_text(VALID, "utf-8")
    talks, problems = talks_load.load_talks(tmp_path, tmp_path / "snippets", types, regulations)
    assert len(talks) == 1 and len(problems) == 1
    assert "snippets/a/tongming.yml" in str(problems[0]) and "snippets/b/tongming.yml" in str(problems[0])


# --- structure -------------------------------------------------------------------------------

def _without_section(text: str, name: str) -> str:
    start = text.index(f"  - 部分: {name}")
    end = text.find("  - 部分:", start + 1)
    return text[:start] + (text[end:] if end != -1 else "")


def test_missing_section(types, regulations):
    err = error_of(_without_section(VALID, "总体评价"), types, regulations)
    assert "缺少部分“总体评价”" in str(err) and err.field == "部分"


def test_extra_section(types, regulations):
    text = VALID.replace("  - 部分: 征求意见", "  - 部分: 个人感想\n    内容:\n      - 多余。\n  - 部分: 征求意见")
    err = error_of(text, types, regulations)
    assert "多出的部分“个人感想”" in str(err) and err.line == line_of(text, "部分: 个人感想")


def test_sections_out_of_order(types, regulations):
    moved = _without_section(VALID, "总体评价") + "  - 部分: 总体评价\n    内容:\n      - 放错位置。\n"
    err = error_of(moved, types, regulations)
    assert "顺序不对" in str(err) and "总体评价" in str(err)


def test_section_name_typo_suggests(types, regulations):
    text = VALID.replace("部分: 几点要求", "部分: 几点要球")
    err = error_of(text, types, regulations)
    assert "是不是“几点要求”" in str(err)


# --- raw HTML stays text ---------------------------------------------------------------------

def test_script_in_text_is_kept_verbatim(types, regulations):
    text = VALID.replace("具体问题。", "\"<script>alert(1)</script>要**加粗**吗\"")
    talk = load(text, types, regulations)
    assert talk.sections[2].blocks[1].blocks[0].text == "<script>alert(1)</script>要**加粗**吗"


@pytest.mark.parametrize("field, typed", [("要点", "一是"), ("标题", "一、"), ("要点", "（二）"), ("标题", "1、")])
def test_a_hand_typed_number_stops_the_build(types, regulations, field, typed):
    needle = "- 要点: 思想政治建设方面。" if field == "要点" else "    标题: 几点要求"
    assert needle in VALID
    text = VALID.replace(needle, needle.replace(": ", f": {typed}", 1), 1)
    err = error_of(text, types, regulations)
    assert err.field == field and f"手写了序号“{typed}”" in str(err)
    assert err.line == line_of(text, f"{field}: {typed}")


@pytest.mark.parametrize("cited, offered", [("中国共产党组织工作条例", ""), ("中国共产党党内监督条列", "中国共产党党内监督条例")])
def test_an_unlisted_title_gets_a_suggestion_only_when_one_is_really_similar(types, regulations, cited, offered):
    text = VALID.replace("《中国共产党党内监督条例》第二十一条", f"《{cited}》", 1)
    message = str(error_of(text, types, regulations))
    if offered:
        assert f"是不是《{offered}》？" in message and "？。" not in message
    else:
        assert "是不是" not in message and "没有相近的名称" in message


#: One file for every kind of problem PyYAML reports; each must come out in Chinese at its line.
YAML_MISTAKES = {
    "dedented 内容": ("标题: a\n正文:\n  - 部分: 开场白\n    发言人: 甲\n  内容:\n      - 文字\n", 5),
    "open bracket": ("标题: [未闭合\n谈话人: 甲\n", 2),
    "open brace": ("标题: {a\n谈话人: 甲\n", 2),
    "open quote": ('标题: "没有闭合\n谈话人: 甲\n', 3),
    "bad escape": ('标题: "a\\q"\n', 1),
    "at sign": ("标题: @某\n", 1),
    "pipe": ("标题: |文字\n", 1),
    "tag": ("标题: !文字 x\n", 1),
    "alias": ("标题: &a 文字\n谈话人: *a\n", 2),
    "directive": ("%YAML 1.1\n%YAML 1.1\n---\na: b\n", 2),
    "list item after a field": ("标题: a\n- 列表\n", 2),
    "no space after colon": ("标题: a\n谈话对象:新任\n场景: 乡镇\n", 2),
    "tab in a value": ("标题:\ta\n", 1),
    "second colon": ("标题: a: b\n", 1),
    "key without colon": ("标题: a\n谈话人\n场景: b\n", 3),
}
_ALLOWED_LATIN = {"YAML", "Tab", "UTF", "GBK", "VS", "Code", "yml"}


@pytest.mark.parametrize("case", sorted(YAML_MISTAKES))
def test_every_yaml_mistake_is_explained_in_chinese_at_its_line(case):
    import talks_yaml

    text, line = YAML_MISTAKES[case]
    with pytest.raises(talks_load.SnippetError) as caught:
        talks_yaml.parse(text, PATH, talks_load.all_keys())
    err = caught.value
    message = str(err).removeprefix(f"{PATH}:{err.line}: ")
    english = [w for w in re.findall(r"[A-Za-z]{2,}", message) if w not in _ALLOWED_LATIN]
    assert not english, message
    assert err.line == line, message
    assert "修改：" in message and "？。" not in message and "。。" not in message


def test_a_regulation_named_only_in_the_talk_text_must_be_listed(types, regulations):
    text = VALID.replace("      - 提出要求。", "      - 按照《中国共产党组织工作条例》提出要求。", 1)
    err = error_of(text, types, regulations)
    assert err.line == line_of(text, "组织工作条例") and "没有收录在法规依据页" in str(err)
    assert "是不是" not in str(err)
    short = VALID.replace("      - 提出要求。", "      - 按照《党内监督条例》提出要求。", 1)  # a short form of a listed title
    load(short, types, regulations)
