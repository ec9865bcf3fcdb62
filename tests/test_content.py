"""The content the issues ask for: every talk type complete, examples complete, pages linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import talks_load

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TYPES = talks_load.load_types(DOCS)
REGULATIONS = talks_load.load_regulations((DOCS / "reference/regulations.md").read_text("utf-8"))
TALKS, PROBLEMS = talks_load.load_talks(ROOT, ROOT / "snippets", TYPES, REGULATIONS)

#: Chapters every guidance page has, in this order.
CHAPTERS = ["定义与目的", "适用情形", "谈话人与谈话对象", "依据", "谈话结构", "规范用语", "示例谈话",
            "谈话对象怎么做", "注意事项", "常见错误", "谈话前后"]


def chapters_of(text: str) -> list[str]:
    return re.findall(r"^## (.+?)\s*$", text, re.M)


def chapter(text: str, name: str) -> str:
    match = re.search(rf"^## {re.escape(name)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def test_all_snippets_load():
    assert PROBLEMS == []


def test_at_least_fifteen_types_with_three_examples_each():
    assert len(TYPES) >= 15
    for talk_type in TYPES.values():
        count = sum(t.type_name == talk_type.name for t in TALKS)
        assert count >= 3, f"docs/{talk_type.page}: {talk_type.name}只有 {count} 篇示例（snippets/{talk_type.slug}/）"
    assert len(TALKS) >= 60


@pytest.mark.parametrize("talk", TALKS, ids=lambda t: t.slug)
def test_each_example_is_a_complete_talk(talk):
    """Counted as talk: the labels inside 【】 are not words a talker says."""
    assert talk.spoken_length >= 1500, (f"{talk.source}: 字段“正文”：不计【】中的说明只有 {talk.spoken_length} 字，"
                                        "少于 1500 字")


def test_examples_cover_the_settings_the_issues_name():
    settings = " ".join(t.setting for t in TALKS)
    for setting in ("党政机关", "乡镇", "国有企业", "学校", "医院", "纪检监察", "年轻干部", "村（社区）", "金融企业",
                    "派驻机构"):
        assert setting in settings, f"没有一篇示例的字段“场景”写“{setting}”"


def test_phrasings_offer_real_choices():
    """Every part's first and last slot offers at least four interchangeable phrasings."""
    phrases = talks_load.load_phrases(DOCS, TYPES)
    assert len(phrases) >= 450
    for talk_type in TYPES.values():
        own = [p for p in phrases if p.type_name == talk_type.name and p.chapter == "规范用语"]
        for part in dict.fromkeys(p.section for p in own):
            slots = list(dict.fromkeys(p.slot for p in own if p.section == part))
            for slot in {slots[0], slots[-1]}:
                count = sum(p.section == part and p.slot == slot for p in own)
                assert count >= 4, f"docs/{talk_type.page}: “{part}”的“{slot or part}”只有 {count} 段可选（至少 4 段）"


def test_every_type_is_in_the_nav_and_the_chooser():
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    chooser = (DOCS / "types/choose.md").read_text("utf-8")
    for talk_type in TYPES.values():
        assert f"types/{talk_type.slug}.md" in nav and f"examples/{talk_type.slug}/index.md" in nav, talk_type.page
        assert f"{talk_type.slug}.md" in chooser, f"docs/types/choose.md 没有链接{talk_type.name}"


def test_collective_and_listener_parts_are_expressed():
    assert any(t.form == "集体谈话" and len({s.speaker for s in t.sections if s.speaker}) >= 3 for t in TALKS)
    assert any(t.also for t in TALKS)
    listener_parts = {"本人表态", "听取说明", "表态发言"}
    for name in ("提醒谈话", "诫勉谈话", "谈话函询", "约谈"):
        for talk in (t for t in TALKS if t.type_name == name):
            assert listener_parts & {s.name for s in talk.sections}, talk.source


@pytest.mark.parametrize("talk_type", TYPES.values(), ids=lambda t: t.slug)
def test_guidance_page_has_every_chapter_and_phrasing_for_every_section(talk_type):
    text = (DOCS / talk_type.page).read_text("utf-8")
    present = chapters_of(text)
    assert [c for c in CHAPTERS if c in present] == CHAPTERS, present
    phrasing = chapter(text, "规范用语")
    for name in talk_type.section_names:
        block = re.search(rf"^### {re.escape(name)}\s*$(.*?)(?=^### |\Z)", phrasing, re.M | re.S)
        assert block, f"{talk_type.page}: 规范用语缺少“{name}”"
        assert block.group(1).count("!!! phrase") >= 2, f"{talk_type.page}: “{name}”的规范用语少于两段"
    assert 1 <= talk_type.severity <= 5


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_every_cited_document_is_on_the_regulations_page(page):
    text = (DOCS / page).read_text("utf-8")
    for title in re.findall(r"《([^《》]+)》", text):
        if re.search(r"(条例|规定|准则|意见|办法|规则|章程|法|标准|格式)(（试行）)?$", title) and "【" not in title:
            sentences = [x for x in re.split(r"[。\n]", text) if f"《{title}》" in x]
            historical = all(re.search(r"取代|废止|旧版|不要|请勿|不是|已被|各地", x) for x in sentences)
            assert title in REGULATIONS or historical, f"{page}: 《{title}》"


def test_type_pages_cite_basis_with_links():
    for talk_type in TYPES.values():
        basis = chapter((DOCS / talk_type.page).read_text("utf-8"), "依据")
        assert "](../reference/regulations.md#" in basis, talk_type.page


def test_home_links_every_section(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    targets = [f"types/{t.slug}/" for t in TYPES.values()] + [f"examples/{t.slug}/" for t in TYPES.values()] + [
        "types/choose/", "types/compare/", "guides/before/", "guides/during/", "guides/after/",
        "guides/listener/", "forms/tongzhi/", "forms/jilu/", "forms/taizhang/", "forms/baogao/",
        "reference/regulations/", "reference/terms/", "reference/phrases/", "reference/phrases-tone/"]
    for target in targets:
        assert f'href="{target}' in home, target


def test_compare_table_covers_every_type(built_site):
    page = (built_site / "types/compare/index.html").read_text("utf-8")
    for column in ("性质", "严肃程度", "谈话人", "谈话对象", "依据", "对谈话对象的影响", "后续"):
        assert f"<th>{column}" in page or f">{column}</th>" in page, column
    for talk_type in TYPES.values():
        assert f'href="../{talk_type.slug}/"' in page, talk_type.name


def test_phrase_indexes_hold_every_phrase(built_site):
    phrases = talks_load.load_phrases(DOCS, TYPES)
    by_section = (built_site / "reference/phrases/index.html").read_text("utf-8")
    by_tone = (built_site / "reference/phrases-tone/index.html").read_text("utf-8")
    assert by_section.count('class="admonition phrase"') == len(phrases)
    assert by_tone.count('class="admonition phrase"') == len(phrases)
    assert 'id="其他"' not in by_section  # every phrase found its section
    for section in ("开场白", "指出问题", "提出要求", "表态", "结束语"):
        assert f'id="{section}"' in by_section
