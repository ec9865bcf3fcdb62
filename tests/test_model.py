"""The talk model: structures with forms and flags, one fact per placeholder, phrasings as
choices, one numbering table, and the composer's JSON. Pure functions, no build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import talks_compose
import talks_layout
import talks_load
import talks_render
import talks_schema
import talks_site
from talks_errors import SnippetError
from talks_model import Paragraph, Section, StructureSection, Talk, TalkType

ROOT = Path(__file__).resolve().parent.parent
PATH = "snippets/renzhi/ceshi.yml"


def structure(*items: str) -> tuple[StructureSection, ...]:
    return tuple(talks_load.structure_part(item, "docs/types/x.md", 1) for item in items)


MEETING = TalkType(
    name="任职谈话", slug="renzhi", page="types/renzhi.md",
    structures={"个别谈话": structure("开场白", "肯定成绩", "提出要求", "本人表态"),
                "集体谈话": structure("主持词（可穿插）", "宣读决定（可选）", "开场白", "提出要求（可重复）",
                                   "表态发言（可选、可重复）", "结束语（可选）")},
)


def sections(*names: str) -> tuple[list[Section], list[int]]:
    return [Section(name, [Paragraph("文字。")]) for name in names], list(range(10, 10 + len(names)))


def check(form: str, *names: str) -> None:
    found, lines = sections(*names)
    talks_load.check_structure(found, lines, MEETING, form, PATH)


def check_error(form: str, *names: str) -> SnippetError:
    with pytest.raises(SnippetError) as caught:
        check(form, *names)
    return caught.value


# --- Structures: forms and flags ----------------------------------------------------------------

def test_flags_are_read_from_the_structure_items():
    chair, decision, *_, statement, _end = MEETING.structures["集体谈话"]
    assert (chair.optional, chair.repeat, chair.interleave) == (True, True, True)
    assert (decision.optional, decision.repeat) == (True, False)
    assert (statement.optional, statement.repeat, statement.interleave) == (True, True, False)
    assert statement.flags == "（可选、可重复）" and chair.flags == "（可穿插）"


def test_an_unknown_flag_is_named_with_the_allowed_ones():
    with pytest.raises(SnippetError) as caught:
        talks_load.structure_part("开场白（可以省略）", "docs/types/x.md", 7)
    assert caught.value.line == 7 and "可以省略" in str(caught.value)
    assert all(flag in caught.value.fix for flag in talks_load.STRUCTURE_FLAGS)


def test_a_meeting_fits_with_chair_remarks_anywhere_and_repeated_parts():
    check("集体谈话", "主持词", "宣读决定", "主持词", "开场白", "提出要求", "提出要求", "提出要求",
          "主持词", "表态发言", "表态发言", "结束语", "主持词")
    check("集体谈话", "开场白", "提出要求")  # only the required parts


def test_a_part_that_may_not_repeat_names_the_form_and_the_other_forms():
    err = check_error("个别谈话", "开场白", "肯定成绩", "肯定成绩", "提出要求", "本人表态")
    message = str(err)
    assert err.line == 12 and "不可重复" in message and "任职谈话（个别谈话）" in message
    assert "“集体谈话”" in message and "形式" in message


def test_a_repeated_part_must_stand_together():
    err = check_error("集体谈话", "开场白", "提出要求", "表态发言", "提出要求")
    assert "已在第 11 行出现" in str(err)


def test_a_missing_required_part_is_named_with_the_structure_used():
    err = check_error("集体谈话", "宣读决定", "提出要求")
    assert "缺少部分“开场白”" in str(err) and "任职谈话（集体谈话）的结构是" in str(err)


def test_a_part_of_another_form_is_extra_in_this_form():
    err = check_error("集体谈话", "开场白", "肯定成绩", "提出要求")
    assert "多出的部分“肯定成绩”" in str(err) and "（集体谈话）" in str(err)


def test_every_guidance_page_declares_valid_structures():
    """A rule for every type: each form's structure has a required part and no unknown form."""
    for talk_type in talks_load.load_types(ROOT / "docs").values():
        for form, parts in talk_type.structures.items():
            assert form in ("", *talks_load.forms()), (talk_type.page, form)
            assert any(not p.optional for p in parts), (talk_type.page, form)


# --- One placeholder, one fact ------------------------------------------------------------------

SNIPPET = """\
标题: 测试谈话
谈话类型: 任职谈话
形式: 集体谈话
谈话人: 县委书记
谈话对象: 新任职干部
场景: 党政机关
适用情形: 测试。
依据:
  - 《中国共产党党内监督条例》
正文:
  - 部分: 主持词
    发言人: 主持人
    内容:
      - 同志们，现在开会。
  - 部分: 开场白
    内容:
      - 【谈话对象姓名】同志，今天谈话。
  - 部分: 提出要求
    标题: 在政治上更加坚定
    内容:
      - 小节: 学深悟透
        内容:
          - 第一小节的话。
          - 要点: 第一个要点。
            内容:
              - 要点正文。
      - 小节: 知行合一
        内容:
          - 第二小节的话。
  - 部分: 提出要求
    标题: 在廉洁上严守底线
    内容:
      - 于【整改报告报送日期】前报告。
"""


@pytest.fixture(scope="module")
def site():
    return talks_site.load_site(ROOT, ROOT / "docs")


def load(text: str, site) -> Talk:
    types = dict(site.types)
    types["任职谈话"] = MEETING
    return talks_load.load_talk(text.encode("utf-8"), PATH, types, site.regulations, site.generic_placeholders)


def test_the_generic_names_come_from_the_writing_page(site):
    assert {"时间", "次数", "比例", "日期"} <= site.generic_placeholders


def test_a_generic_placeholder_is_rejected_at_its_line_and_field(site):
    text = SNIPPET.replace("【整改报告报送日期】", "【时间】")
    with pytest.raises(SnippetError) as caught:
        load(text, site)
    err = caught.value
    assert err.line == text.splitlines().index("      - 于【时间】前报告。") + 1
    assert err.field == "内容" and "【时间】" in str(err) and talks_site.WRITING_PAGE in str(err)


def test_a_specific_name_that_contains_a_generic_one_is_fine(site):
    load(SNIPPET.replace("【整改报告报送日期】", "【会议日期】"), site)


def test_no_snippet_uses_a_generic_placeholder(site):
    """Rule over every snippet, present and future (the build enforces it too)."""
    for talk in site.talks:
        for line in talks_layout.talk_lines(talk):
            assert not talks_load.generic_placeholder(line.full, site.generic_placeholders), (talk.source, line.full)


# --- One layout ----------------------------------------------------------------------------------

def test_subsections_are_level_two_headings_and_points_inside_start_at_level_three(site):
    talk = load(SNIPPET, site)
    lines = talks_layout.talk_lines(talk)
    headings = [(line.kind, line.full) for line in lines if line.kind in ("heading", "subheading")]
    assert headings == [("heading", "一、在政治上更加坚定"), ("subheading", "（一）学深悟透"),
                        ("subheading", "（二）知行合一"), ("heading", "二、在廉洁上严守底线")]
    point = next(line for line in lines if line.lead.startswith("1."))
    assert point.level == 3 and point.text == "要点正文。"


def test_each_speaker_numbers_their_own_parts():
    talk = Talk(slug="t", source=PATH, title="会", type_name="任职谈话", speaker="", listener="", setting="",
                situation="", basis=[], form="集体谈话", sections=[
                    Section("开场白", [Paragraph("甲。")], heading="甲一", speaker="甲"),
                    Section("提出要求", [Paragraph("甲。")], heading="甲二"),
                    Section("主持词", [Paragraph("下面请乙讲话。")], speaker="主持人"),
                    Section("提出要求", [Paragraph("乙。")], heading="乙一", speaker="乙"),
                ])
    heads = [line.full for line in talks_layout.talk_lines(talk) if line.kind == "heading"]
    assert heads == ["一、甲一", "二、甲二", "一、乙一"]


def test_the_numbering_table_is_the_schemas_list_of_styles():
    spec = talks_schema.schema()
    enum = {v for v in spec["$defs"]["numbering"]["enum"] if isinstance(v, str)}
    assert enum == set(talks_layout.POINT_STYLE_KEYS)
    table = talks_layout.numbering_table()
    for style in table["styles"]:  # the browser can number with the table alone
        digits = "三" if style["digits"] == "chinese" else "3"
        assert style["prefix"] + digits + style["suffix"] == talks_layout.number(style["key"], 3)


def test_page_and_word_file_number_a_subsection_the_same_way(site):
    talk = load(SNIPPET, site)
    types = {**site.types, "任职谈话": MEETING}
    page = talks_render.render_example(talk, types, "reference/regulations.md")
    assert "### （一）学深悟透" in page and "## 二、在廉洁上严守底线" in page
    printed = [line.full for line in talks_layout.printed_lines(talk)]
    assert "（二）知行合一" in printed and not any(line.kind == "note" for line in talks_layout.printed_lines(talk))


# --- Phrasings as choices --------------------------------------------------------------------------

PAGE = """\
## 规范用语

### 开场白

#### 开头

!!! phrase "对班子成员 · 语气：平实 · 场景：党政机关"
    【谈话对象姓名】同志，今天找你谈一谈。

!!! phrase "对年轻干部 · 语气：温和"
    小【谈话对象姓名】，今天我们聊一聊。

#### 说明来意

!!! phrase "结合考核"
    在【年度考核名称】中，组织上注意到……

### 提出要求

!!! phrase "集体谈话用 · 形式：集体谈话"
    同志们，我提几点要求。
"""


def test_phrasings_know_their_part_slot_tone_setting_and_form():
    phrases = talks_load.extract_phrases(PAGE, "任职谈话", "docs/types/renzhi.md")
    assert [(p.section, p.slot, p.label) for p in phrases] == [
        ("开场白", "开头", "对班子成员"), ("开场白", "开头", "对年轻干部"), ("开场白", "说明来意", "结合考核"),
        ("提出要求", "", "集体谈话用")]
    assert (phrases[0].tone, phrases[0].setting, phrases[1].tone) == ("平实", "党政机关", "温和")
    assert phrases[3].form == "集体谈话" and phrases[0].line == 7
    talks_load.check_phrases(phrases, MEETING, "docs/types/renzhi.md")


@pytest.mark.parametrize("title, words", [
    ("标签 · 口气：严肃", ["口气：严肃", "语气"]),
    ("标签 · 语气：凶", ["语气“凶”", "温和"]),
    ("标签 · 形式：电话谈话", ["电话谈话"]),
    ("", ["没有标题"]),
])
def test_a_bad_phrasing_title_is_reported_at_its_line(title, words):
    page = f'## 规范用语\n\n### 开场白\n\n!!! phrase "{title}"\n    文字。\n'
    with pytest.raises(SnippetError) as caught:
        talks_load.extract_phrases(page, "任职谈话", "docs/types/renzhi.md")
    assert caught.value.line == 5 and all(w in str(caught.value) for w in words), str(caught.value)


def test_a_phrasing_under_a_heading_that_is_no_part_is_reported():
    page = '## 规范用语\n\n### 开头的话\n\n!!! phrase "标签"\n    文字。\n'
    phrases = talks_load.extract_phrases(page, "任职谈话", "docs/types/renzhi.md")
    with pytest.raises(SnippetError) as caught:
        talks_load.check_phrases(phrases, MEETING, "docs/types/renzhi.md")
    assert "开头的话" in str(caught.value) and "开场白" in caught.value.fix


def test_a_generic_placeholder_in_a_phrasing_is_reported(site):
    page = '## 规范用语\n\n### 开场白\n\n!!! phrase "标签"\n    于【日期】前报告。\n'
    with pytest.raises(SnippetError) as caught:
        talks_load.extract_phrases(page, "任职谈话", "docs/types/renzhi.md", site.generic_placeholders)
    assert caught.value.line == 6 and "【日期】" in str(caught.value)


def test_alternatives_are_marked_on_the_page():
    marked = talks_render.mark_alternatives(PAGE, "任职谈话")
    assert marked.count("以下 2 段任选其一") == 1 and "以下 1 段" not in marked
    assert "任职谈话的“开场白”依次说：开头 → 说明来意。" in marked


def test_the_structure_lists_say_which_parts_are_required():
    text = talks_render.structure_lists(MEETING)
    assert "**集体谈话**" in text and "1. 主持词（主持词，可在任何位置出现）" in text
    assert "开场白（必备）" in text and "表态发言（可省略；可连续写几次，每次一个标题）" in text


# --- The composer's JSON ------------------------------------------------------------------------------

def test_the_model_json_holds_types_phrasings_examples_and_numbering(site):
    data = json.loads(talks_compose.model_json(site.types, site.phrases, site.talks, lambda src: "/" + src,
                                               lambda talk: talks_render.example_path(talk, site.types)))
    assert data["numbering"] == talks_layout.numbering_table()
    types = {t["name"]: t for t in data["types"]}
    assert set(types) == set(site.types)
    for name, talk_type in site.types.items():
        for form, parts in talk_type.structures.items():
            assert [p["part"] for p in types[name]["structures"][form or "*"]] == [p.name for p in parts]
    assert len(data["phrases"]) == len(site.phrases)
    assert all(p["paragraphs"] and p["label"] for p in data["phrases"])
    assert len(data["examples"]) == len(site.talks)
    for example, talk in zip(data["examples"], site.talks):
        assert [p["part"] for p in example["parts"]] == [s.name for s in talk.sections]
        texts = [para["lead"] + para["text"] for part in example["parts"] for para in part["paragraphs"]]
        # Leads come without their generated number: the composer numbers points itself.
        printed = [talks_compose._unnumbered(line) + line.text
                   for line in talks_layout.printed_lines(talk) if line.kind in ("para", "subheading")]
        assert texts == printed, talk.source


def test_phrase_paragraphs_are_plain_text():
    assert talks_compose.phrase_paragraphs("第一段**重点**。\n\n第二段\n续行。") == ["第一段重点。", "第二段续行。"]


# --- Content tests check rules, not today's files ------------------------------------------------------

def test_a_valid_new_snippet_breaks_no_fast_test(tmp_path):
    """A maintainer's valid new example (here: a copy of a meeting talk that also serves another
    type) must not make any content or model test fail: they check rules, never today's list."""
    import shutil
    import subprocess
    import sys

    from conftest import IGNORED

    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: {*IGNORED(folder, names), ".git"} & set(names))
    meeting = next(t for t in talks_site.load_site(ROOT, ROOT / "docs").talks if t.form == "集体谈话" and t.also)
    source = (ROOT / meeting.source).read_text("utf-8")
    (copy / meeting.source).with_name(f"{meeting.slug}-fuben.yml").write_text(
        source.replace(f"标题: {meeting.title}", f"标题: {meeting.title}（另一例）", 1), "utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                             "-m", "not build and not browser", "--deselect",
                             "tests/test_model.py::test_a_valid_new_snippet_breaks_no_fast_test"],
                            cwd=copy, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout[-3000:]


# --- What the composer (起草台) receives -------------------------------------------------------------

def test_example_leads_reach_the_composer_without_their_numbers(site):
    """The composer numbers points itself (the layout table); a lead that kept its generated number
    would be numbered twice, e.g. “（一）（一）”."""
    data = json.loads(talks_compose.model_json(site.types, site.phrases, site.talks, lambda p: p, lambda t: t.slug))
    points = [p for e in data["examples"] for part in e["parts"] for p in part["paragraphs"] if p["style"]]
    assert points
    for point in points:
        where = f"{point['style']} {point['lead'] or point['text']}"
        assert not talks_layout.typed_number_at_start(point["lead"]), where
        if point["kind"] == "subheading":
            assert point["lead"] == "" and point["text"], where
    assert data["version"] == talks_compose.FORMAT_VERSION >= 2


def test_the_composers_word_template_has_a_paragraph_of_every_kind():
    import talks_docx

    template = talks_docx.composer_template()
    kinds = set(template["paragraphs"])
    assert {"title", "speaker", "salutation", "para", "heading", "subheading"} <= kinds
    for style in talks_layout.STYLES:
        assert {f"point:{style}", f"lead:{style}"} <= kinds, style
    for key, xml in template["paragraphs"].items():
        assert xml.startswith("<w:p") and xml.endswith("</w:p>"), key
        slots = (talks_docx.SLOT_LEAD,) if key.startswith("lead:") else (talks_docx.SLOT_TEXT,)
        assert all(slot in xml for slot in slots), key
    assert template["before"].rstrip().endswith("<w:body>") and "<w:sectPr" in template["after"]
    assert talks_docx.SLOT_TEXT in template["core"]


def test_a_dossier_entry_that_is_not_a_form_page_stops_the_build_with_a_chinese_message(repo_copy, tmp_path):
    from conftest import run_mkdocs

    page = repo_copy / "docs/compose.md"
    page.write_text(page.read_text("utf-8").replace("  - forms/jilu.md\n", "  - forms/jilv.md\n"), "utf-8")
    result = run_mkdocs(repo_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/compose.md: 页首“谈话卷宗”中的“forms/jilv.md”不是带“Word文件”的文书页面" in result.stderr
    assert "Traceback" not in result.stderr
