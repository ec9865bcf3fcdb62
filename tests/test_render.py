"""Rendering: generated numbering, escaping, placeholders, indexes and nav."""

from __future__ import annotations

import pytest

import talks_layout
import talks_render
from talks_model import Paragraph, Point, Section, StructureSection, Talk, TalkType

TYPE = TalkType(
    name="政治监督谈话", slug="zhengzhi-jiandu", page="types/zhengzhi-jiandu.md",
    structures={"": (StructureSection("开场白"), StructureSection("问题与不足"), StructureSection("几点要求"))},
)
TYPES = {TYPE.name: TYPE}


def make_talk(sections, slug="ceshi", speaker="县委书记", listener="乡镇党委书记") -> Talk:
    return Talk(slug=slug, source=f"snippets/zhengzhi-jiandu/{slug}.yml", title="测试谈话", type_name=TYPE.name,
                speaker=speaker, listener=listener, setting="乡镇（街道）", situation="年度谈话。",
                basis=["《中国共产党党内监督条例》第二十一条"], sections=sections)


@pytest.mark.parametrize("n, expected", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_chinese_numbers(n, expected):
    assert talks_layout.chinese_number(n) == expected


@pytest.mark.parametrize("style, n, expected", [
    ("一、", 2, "二、"), ("（一）", 3, "（三）"), ("1.", 4, "4."), ("（1）", 5, "（5）"),
    ("一是", 2, "二是"), ("一要", 3, "三要"), ("第一", 2, "第二，"),
])
def test_numbering_styles(style, n, expected):
    assert talks_layout.number(style, n) == expected


def test_headings_and_points_are_numbered_in_order():
    talk = make_talk([
        Section("开场白", [Paragraph("开场。")]),
        Section("问题与不足", [Paragraph("引出。"), Point("甲方面。", [Paragraph("甲。")]), Point("乙方面。")],
                heading="问题与不足", numbering="一是"),
        Section("几点要求", [Point("要求一。", [Point("细则。", [Paragraph("细则内容。")])]), Point("要求二。")],
                heading="几点要求"),
    ])
    md = talks_render.render_example(talk, TYPES, "reference/regulations.md")
    assert "## 一、问题与不足" in md and "## 二、几点要求" in md
    assert '<span class="talk-lead">一是甲方面。</span>甲。</p>' in md
    assert '<span class="talk-lead">二是乙方面。</span></p>' in md
    assert '<span class="talk-lead">（一）要求一。</span>' in md
    assert '<span class="talk-lead">1.细则。</span>细则内容。' in md
    assert '<span class="talk-lead">（二）要求二。</span>' in md


def test_inserting_a_point_renumbers_the_rest():
    points = [Point("甲。"), Point("乙。")]
    before = talks_render.render_example(make_talk([Section("问题与不足", points, numbering="一是")]), TYPES, "r.md")
    points.insert(0, Point("新增。"))
    after = talks_render.render_example(make_talk([Section("问题与不足", points, numbering="一是")]), TYPES, "r.md")
    assert "一是甲。" in before and "二是甲。" in after and "三是乙。" in after and "一是新增。" in after


def test_raw_html_and_markdown_stay_visible_text():
    talk = make_talk([Section("开场白", [Paragraph("<script>alert(1)</script> **粗体** [链接](x.md)")],
                              heading="<b>标题</b> *星号*")])
    md = talks_render.render_example(talk, TYPES, "r.md")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "<b>" not in md
    assert r"\*星号\*" in md  # a Markdown heading, escaped so the stars stay stars


def test_note_links_to_standard_phrasing_and_regulation():
    talk = make_talk([Section("开场白", [Paragraph("开场。", note="交代依据。", see="开场白")])])
    md = talks_render.render_example(talk, TYPES, "reference/regulations.md")
    assert "[参考用语：开场白](../../types/zhengzhi-jiandu.md#开场白)" in md
    assert "](../../reference/regulations.md#中国共产党党内监督条例)" in md


def test_examples_table_sorted_as_given_and_escaped():
    talks = [make_talk([], slug="a", speaker="县委书记|甲"), make_talk([], slug="b")]
    table = talks_render.examples_table(talks, TYPES, "types/zhengzhi-jiandu.md")
    assert r"县委书记\|甲 → 乡镇党委书记" in table
    assert table.index("(../examples/zhengzhi-jiandu/a.md)") < table.index("(../examples/zhengzhi-jiandu/b.md)")


def test_nav_gets_one_entry_per_example():
    nav = [{"首页": "index.md"}, {"类型": [{"政治监督谈话": [{"示例谈话": "examples/zhengzhi-jiandu/index.md"}]}]}]
    talks = [make_talk([], slug="a"), make_talk([], slug="b", listener="班子成员")]
    expanded = talks_render.expand_nav(nav, talks, TYPES)
    entry = expanded[1]["类型"][0]["政治监督谈话"][0]["示例谈话"]
    assert entry == ["examples/zhengzhi-jiandu/index.md",
                     {"县委书记 → 乡镇党委书记": "examples/zhengzhi-jiandu/a.md"},
                     {"县委书记 → 班子成员": "examples/zhengzhi-jiandu/b.md"}]
