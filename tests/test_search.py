"""The Chinese query pipeline: hooks/talks_search.py (build side) and hooks/talks_search.js.

The JavaScript is run in headless Chromium against a small made-up index, so each rule of the
pipeline is shown on its own; tests/test_search_queries.py runs it on the real site.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import material
import pytest

from conftest import ROOT, run_mkdocs

sys.path.insert(0, str(ROOT / "hooks"))
import talks_load  # noqa: E402
import talks_search  # noqa: E402
import talks_wording  # noqa: E402
from talks_model import StructureSection, Talk, TalkType  # noqa: E402

#: The worker of the installed (pinned) Material, as the build copies it into the site.
MATERIAL_WORKERS = sorted((Path(material.__file__).parent / "templates").glob(talks_search.WORKER_GLOB))


# --- Build side: routing Material's worker through the pipeline ------------------------------

@pytest.fixture(scope="module")
def material_worker() -> str:
    assert len(MATERIAL_WORKERS) == 1, MATERIAL_WORKERS
    return MATERIAL_WORKERS[0].read_text("utf-8")


def test_pinned_material_worker_is_routed_through_the_pipeline(material_worker):
    """Fails when the pinned Material changes: PATCHES must then be redone for the new worker."""
    built = talks_search.build_worker(material_worker, {"synonyms": [["诫勉谈话", "诫勉"]], "keys": {}})
    assert built.count("talksSearch.answer(de,e)") == 1
    assert built.count("r&&postMessage(r)") == 1  # a stale query is not answered
    assert 'new RegExp("\\\\p{sc=Han}+","gu")' not in built  # Material's own segmentation is gone
    assert '"synonyms": [["诫勉谈话", "诫勉"]]' in built
    expected = material_worker
    for patch in talks_search.PATCHES:
        expected = expected.replace(*patch)
    assert built.endswith(expected)


MATERIAL_BUNDLES = sorted((Path(material.__file__).parent / "templates").glob(talks_search.BUNDLE_GLOB))


@pytest.fixture(scope="module")
def material_bundle() -> str:
    assert len(MATERIAL_BUNDLES) == 1, MATERIAL_BUNDLES
    return MATERIAL_BUNDLES[0].read_text("utf-8")


def test_pinned_material_bundle_waits_for_the_reader_before_loading_the_index(material_bundle):
    """Fails when the pinned Material changes: BUNDLE_PATCHES must then be redone."""
    built = talks_search.build_bundle(material_bundle)
    assert built.count("H(()=>talksSearchPage.wanted)") == 1
    assert built.count("talksSearchPage.watch(new Worker(e))") == 1
    assert built.index("var talksSearchPage") < built.index("function ks(){")
    # both ways of loading the index (JSON over http, a script from file://) wait
    ks = built[built.index("function ks(){"):]
    ks = ks[:ks.index("Z(1))}") + 6]
    assert "search_index.json" in ks and "search_index.js\"" in ks and ks.startswith("function ks(){return H(")
    again = talks_search.build_bundle(built)
    assert again == built  # a dirty rebuild replaces the page script, and edits nothing twice


def test_a_changed_material_bundle_is_refused(material_bundle):
    with pytest.raises(talks_search.WorkerChanged):
        talks_search.build_bundle(material_bundle.replace("function ks(){", "function kz(){"))


def test_a_changed_material_worker_is_refused(material_worker):
    changed = material_worker.replace("data:de.search(e)", "data:index.search(e)")
    with pytest.raises(talks_search.WorkerChanged):
        talks_search.build_worker(changed, {"synonyms": [], "keys": {}})
    with pytest.raises(talks_search.WorkerChanged):
        talks_search.check_worker("")


def test_rebuilding_replaces_the_pipeline_and_its_data(material_worker):
    first = talks_search.build_worker(material_worker, {"synonyms": [["甲"]], "keys": {}})
    again = talks_search.build_worker(first, {"synonyms": [["乙"]], "keys": {}})
    assert again.count("var talksSearch") == 1
    assert '[["乙"]]' in again and '[["甲"]]' not in again


def test_data_cannot_close_a_script_element(material_worker):
    built = talks_search.build_worker(material_worker, {"synonyms": [["</script><b>"]], "keys": {}})
    assert "</script>" not in built


def test_a_mismatched_material_stops_the_build_before_it_starts(repo_copy, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("上一次的站点")
    hook = repo_copy / "hooks/talks_search.py"
    hook.write_text(hook.read_text("utf-8").replace('"return{type:3,data:de.search(e)}"',
                                                    '"return{type:3,data:xx.search(e)}"'), "utf-8")
    result = run_mkdocs(repo_copy, site)
    assert result.returncode != 0
    assert "与 hooks/talks_search.py 适配的 Material 版本（9.8.2）不同" in result.stderr
    assert "requirements.txt" in result.stderr and "Traceback" not in result.stderr
    assert (site / "keep.html").exists()  # the previous site is left as it was


def test_dictionary_words_are_split_where_jieba_splits_text():
    talk_type = TalkType("提醒谈话", "tixing", "types/tixing.md", {}, aliases=("咬耳扯袖",))
    words = talks_search.dictionary_words(["两个维护", "红红脸、出出汗", "苗头性、倾向性问题"], [talk_type])
    assert words == ["两个维护", "红红脸", "出出汗", "苗头性", "倾向性问题", "提醒谈话", "咬耳扯袖"]


def test_worker_data_has_synonyms_and_key_phrases_per_page_url():
    jiemian = TalkType("诫勉谈话", "jiemian", "types/jiemian.md", {}, aliases=("诫勉", "书面诫勉"))
    talk = Talk("xiangzhen", "snippets/jiemian/xiangzhen.yml", "县委书记与乡镇党委书记的诫勉谈话", "诫勉谈话",
                "县委书记", "乡镇党委书记、镇长（代）", "乡镇", "", [], [])
    urls = {"types/jiemian.md": "types/jiemian/", "examples/jiemian/xiangzhen.md": "examples/jiemian/xiangzhen/",
            "reference/terms.md": "reference/terms/"}
    urls["examples/jiemian/index.md"] = "examples/jiemian/"
    urls["reference/tags.md"] = "reference/tags/"
    data = talks_search.worker_data([jiemian], [talk], ["两个维护"], "reference/terms.md", urls.get,
                                    lambda t: f"examples/jiemian/{t.slug}.md",
                                    rewrites=[("诫免", "诫勉", False), ("村支书", "村党组织书记", True)],
                                    hub_pages=["reference/tags.md", "reference/phrases.md"])
    assert data["synonyms"] == [["诫勉谈话", "诫勉", "书面诫勉"]]
    assert data["keys"]["types/jiemian/"] == [["诫勉谈话", 1], ["诫勉", 1], ["书面诫勉", 1]]
    example = talks_wording.say("search.kinds.example")
    assert data["keys"]["examples/jiemian/xiangzhen/"] == [
        ["乡镇党委书记", 1], ["镇长", 1], ["代", 1], ["诫勉谈话", 0.5], ["诫勉", 0.5], ["书面诫勉", 0.5],
        ["乡镇", 0.5], [example, talks_search.PART], [talks_wording.say("index.title", type="诫勉谈话"), 1]]
    assert data["keys"]["reference/terms/"] == [["两个维护", 0.5]]
    assert data["rewrite"] == [["诫免", "诫勉", 0], ["村支书", "村党组织书记", 1]]
    # hubs: the pages listed that exist, and every type's list of examples
    assert data["hubs"] == ["reference/tags/", "examples/jiemian/"]
    assert ["examples/", example] in data["kinds"]
    assert data["kinds"][-1][0] == ""  # every page has a kind
    assert data["wording"]["searched"] == talks_wording.say("search.searched_as", query="{query}")
    assert data["wording"]["loading"] == talks_wording.say("search.loading")


def test_a_type_whose_first_or_last_part_has_another_name_answers_to_the_usual_one():
    """诫勉谈话结束语: the guidance page calls that part 告知后续."""
    first, last = talks_wording.say("search.first_part"), talks_wording.say("search.last_part")
    jiemian = TalkType("诫勉谈话", "jiemian", "types/jiemian.md",
                       {"": (StructureSection(first), StructureSection("提出要求"), StructureSection("告知后续"))})
    data = talks_search.worker_data([jiemian], [], [], "reference/terms.md", {"types/jiemian.md": "t/"}.get,
                                    lambda t: "")
    assert data["keys"]["t/"] == [["诫勉谈话", 1], [last, talks_search.PART]]


WUXIE = """---
title: 常见误写
---

## 错别字

| 误写 | 正确写法 | 说明 |
| --- | --- | --- |
| 诫免 | 诫勉 | —— |

## 固定提法

| 误写 | 正确写法 | 说明 |
| --- | --- | --- |
| 党纪处分条例 | 《中国共产党纪律处分条例》 | 文件名称 |
| 红脸出汗 | 红红脸、出出汗 | 条文写法 |

## 过时提法

| 过时提法 | 2026 年的写法 | 说明 |
| --- | --- | --- |
| 十九大 | 二十大 | 回顾历史时不算错 |
"""

TERMS = """## 政治要求

| 规范写法 | 含义与用法 |
| --- | --- |
| 两个维护 | —— |

## 称谓和俗称

| 规范写法 | 含义与用法 | 俗称 |
| --- | --- | --- |
| 村党组织书记 | —— | 村支书、村书记 |
| **国有企业** | —— | 国企 |
"""


def test_rewrites_come_from_the_misspellings_and_the_everyday_words_columns():
    assert talks_load.load_rewrites(WUXIE, TERMS) == [
        ("诫免", "诫勉", False), ("党纪处分条例", "中国共产党纪律处分条例", False), ("红脸出汗", "红红脸出出汗", False),
        ("村支书", "村党组织书记", True), ("村书记", "村党组织书记", True), ("国企", "国有企业", True)]
    # outdated phrases are right when looking back: 十九大 is not rewritten


def test_the_sites_rewrites_lead_somewhere_and_never_undo_a_fixed_term():
    """Rules on the maintainers' two tables: a word is rewritten to a different one, never to a
    word that is itself rewritten, and no fixed term of the 术语 page is rewritten away."""
    docs = ROOT / "docs"
    terms_text = (docs / "reference/terms.md").read_text("utf-8")
    rewrites = talks_load.load_rewrites((docs / "reference/wuxie.md").read_text("utf-8"), terms_text)
    assert any(keep for _, _, keep in rewrites), "the 术语 page has a 俗称 column"
    typed = {t for t, _, _ in rewrites}
    fixed = {talks_load._bare(t) for t in talks_load.load_terms(terms_text)}
    for word, right, keep in rewrites:
        assert word != right and right, (word, right)
        assert right not in typed, f"{word} → {right}, which is rewritten again"
        if not keep:
            assert word not in fixed, f"the fixed term {word} is listed as a misspelling"


# --- Query side: hooks/talks_search.js in Chromium --------------------------------------------

#: Words of a made-up index, as jieba and the site's dictionary would have cut them.
INDEX_WORDS = ["两个", "维护", "两个维护", "提醒", "谈话", "提醒谈话", "开场", "开场白", "诫勉", "诫勉谈话",
               "影响", "提拔", "任前廉政谈话", "廉政谈话", "集体廉政谈话", "廉洁", "谈话函询", "任职谈话",
               "十五五", "2026", "年", "换届", "的", "区别", "谈话提醒", "谈话类型/提醒谈话",
               "警示", "警示谈话", "谈话会", "会", "讲话", "示例", "村党组织书记", "国有企业", "国企",
               "谈心", "谈话人", "谈话记录", "谈话提纲"]
DATA = {"synonyms": [["诫勉谈话", "诫勉"], ["谈话函询", "约谈函询"], ["廉政谈话", "廉洁谈话", "任前廉政谈话"],
                     ["任职谈话", "任前谈话"], ["提醒谈话", "提醒"]],
        "keys": {"types/tixing/": [["提醒谈话", 1]]},
        "rewrite": [["诫免", "诫勉", 0], ["范文", "示例", 1], ["村支书", "村党组织书记", 1], ["国企", "国有企业", 1]],
        "hubs": ["hub/"], "kinds": [["types/", "工作指引"], ["examples/", "示例"], ["", "参考"]],
        "wording": {"searched": "已按“{query}”搜索", "loading": "正在加载正文"}}


@pytest.fixture(scope="module")
def pipeline(browser):
    """A blank page with talks_search.js loaded (with DATA filled in) and a fake Lunr index."""
    source = talks_search.PIPELINE_JS.read_text("utf-8")
    source = talks_search._DATA_SLOT.sub(lambda _: json.dumps(DATA, ensure_ascii=False), source)
    tab = browser.new_page()
    tab.set_content("<!doctype html><meta charset=utf-8><body>")
    tab.add_script_tag(content=source)
    tab.evaluate("words => { window.fakeIndex = {invertedIndex: Object.fromEntries(words.map(w => [w, {}]))} }",
                 INDEX_WORDS)
    yield tab
    tab.close()


def plan(pipeline, query: str) -> dict:
    return pipeline.evaluate("q => talksSearch.plan(q, fakeIndex)", query)


def words(pipeline, query: str) -> list[str]:
    return [group["label"] for group in plan(pipeline, query)["groups"]]


@pytest.mark.parametrize("query, expected", [
    ("两个维护", ["两个维护"]),                      # Material searched 两个 alone
    ("提醒谈话开场白", ["提醒谈话", "开场白"]),          # Material searched 提醒 + 谈话
    ("诫勉影响提拔", ["诫勉", "影响", "提拔"]),
    ("提醒谈话 开场白", ["提醒谈话", "开场白"]),
    ("“十五五”", ["十五五"]),
    ("2026年换届", ["换届"]),                          # years are optional (see below)
    ("提醒谈话和谈话提醒的区别", ["提醒谈话", "谈话提醒", "区别"]),
    ("两个维", ["两个维"]),                           # still typing: a prefix of 两个维护
])
def test_an_unspaced_query_is_cut_into_all_its_words(pipeline, query, expected):
    assert words(pipeline, query) == expected


@pytest.mark.parametrize("query, expected, gaps", [
    ("任前廉政谈话范本", ["任前廉政谈话"], ["范本"]),
    ("任前廉政谈话范年", ["任前廉政谈话"], ["范年"]),   # 年 alone is an index word, 范年 is not
    ("十五五的区别", ["十五五", "区别"], []),          # 的 is a word of the index, just a short one
])
def test_characters_no_index_word_covers_are_skipped_and_reported(pipeline, query, expected, gaps):
    result = plan(pipeline, query)
    assert [g["label"] for g in result["groups"]] == expected
    assert result["gaps"] == gaps


@pytest.mark.parametrize("query, synonym", [
    ("诫勉", "诫勉谈话"), ("诫勉谈话", "诫勉"), ("约谈函询", "谈话函询"), ("谈话函询", "约谈函询"),
    ("廉洁谈话", "廉政谈话"), ("廉政谈话", "廉洁谈话"), ("任前谈话", "任职谈话"), ("任职谈话", "任前谈话"),
])
def test_synonyms_from_the_type_pages_match_each_other(pipeline, query, synonym):
    """廉洁谈话, 约谈函询 and 任前谈话 are not even words of the index: the synonym carries them."""
    (group,) = plan(pipeline, query)["groups"]
    terms = {t["term"]: t for t in group["terms"]}
    if synonym in INDEX_WORDS:
        assert synonym in terms and terms[synonym]["boost"] < 10
    if query in INDEX_WORDS:
        assert terms[query]["boost"] == 10


def test_a_word_also_matches_index_words_that_contain_it_but_not_tags(pipeline):
    (group,) = plan(pipeline, "廉政谈话")["groups"]
    terms = [t["term"] for t in group["terms"]]
    assert "集体廉政谈话" in terms and "任前廉政谈话" in terms
    (group,) = plan(pipeline, "谈话")["groups"]
    assert "谈话类型/提醒谈话" not in [t["term"] for t in group["terms"]]


def test_the_lunr_query_has_every_alternative_with_its_boost(pipeline):
    query = plan(pipeline, "诫勉影响")["query"]
    assert query.split() == ["诫勉*^10", "诫勉谈话*^4", "影响*^10"]


def doc(location: str, title: str, score: float, *terms: str, text: str = "") -> dict:
    return {"location": location, "title": title, "text": text, "score": score,
            "terms": {t: True for t in terms}}


def finish(pipeline, query: str, items: list[list[dict]]) -> list[list[dict]]:
    return pipeline.evaluate("([q, items]) => talksSearch.finish({items}, talksSearch.plan(q, fakeIndex)).items",
                             [query, items])


def test_pages_with_all_words_come_first_and_alone(pipeline):
    both = [[doc(f"{page}/", "甲", 5, "开场白", "提醒谈话")] for page in ("a", "b")]
    items = finish(pipeline, "提醒谈话开场白", [
        [doc("types/jiemian/", "诫勉谈话", 90, "开场白")],             # one word, high score
        [doc("types/tixing/", "提醒谈话", 10, "提醒谈话"),
         doc("types/tixing/#开场白", "开场白", 5, "开场白", "提醒谈话")],  # both words
        *both,
    ])
    assert [[d["location"] for d in page] for page in items] == [["types/tixing/#开场白", "types/tixing/"],
                                                                 ["a/"], ["b/"]]


def test_no_dead_ends_fewer_than_three_pages_with_every_word_bring_in_the_pages_with_most(pipeline):
    """After the pages with every word, those with most of them, ranked by key phrases."""
    items = finish(pipeline, "提醒谈话开场白", [
        [doc("x/", "甲", 90, "开场白")],
        [doc("types/tixing/", "提醒谈话", 1, "提醒谈话")],           # its title explains 提醒谈话
        [doc("a/", "乙", 5, "开场白", "提醒谈话")],
    ])
    assert [page[0]["location"] for page in items] == ["a/", "types/tixing/", "x/"]
    assert items[1][0]["terms"] == {"开场白": False, "提醒谈话": True}  # shown struck through


def test_years_and_numbers_are_optional(pipeline):
    result = plan(pipeline, "2026年换届")
    assert [g["label"] for g in result["groups"]] == ["换届"]
    assert result["optional"] == ["2026"] and "2026^1" in result["query"].split()
    items = finish(pipeline, "2026年换届", [[doc("a/", "甲", 1, "换届")], [doc("b/", "乙", 9, "2026")]])
    assert [page[0]["location"] for page in items] == ["a/", "b/"]


@pytest.mark.parametrize("query, searched", [
    ("诫免谈话", "诫勉谈话"), ("廉政谈话范文", "廉政谈话示例"), ("村支书", "村党组织书记"), ("两个维护", ""),
])
def test_misspellings_and_everyday_words_are_rewritten_before_segmenting(pipeline, query, searched):
    result = plan(pipeline, query)
    assert result["searched"] == searched
    if searched:
        assert result["text"] == searched


def test_a_misspelling_is_gone_but_an_everyday_word_still_matches(pipeline):
    """诫免 must not find the 常见误写 page that lists it; 国企 still finds a page that says 国企."""
    (group,) = plan(pipeline, "诫免")["groups"]
    assert "诫免" not in [t["term"] for t in group["terms"]]
    (group,) = plan(pipeline, "国企")["groups"]
    assert group["label"] == "国有企业" and "国企" in [t["term"] for t in group["terms"]]


def test_the_answer_says_what_was_searched(pipeline):
    result = pipeline.evaluate("""q => talksSearch.search({index: fakeIndex, options: {},
        search: () => ({items: []})}, q)""", "诫免谈话")
    assert result["talks"] == {"query": "诫免谈话", "notice": "已按“诫勉谈话”搜索"}


def test_at_equal_coverage_content_pages_rank_above_hub_pages(pipeline):
    items = finish(pipeline, "诫勉谈话", [
        [doc("hub/", "诫勉谈话示例", 90, "诫勉谈话")],
        [doc("content/", "甲", 1, "诫勉谈话")],
    ])
    assert [page[0]["location"] for page in items] == ["content/", "hub/"]


def test_the_query_verbatim_in_a_page_counts(pipeline):
    """巡视整改: the page that has it verbatim, not the one with 整改 in its title."""
    items = finish(pipeline, "诫勉影响", [
        [doc("title/", "影响评估", 50, "诫勉", "影响", text="诫勉与影响")],
        [doc("text/", "甲", 1, "诫勉", "影响", text="<p>诫勉\u200b影响</p>")],
    ])
    assert [page[0]["location"] for page in items] == ["text/", "title/"]


def test_each_result_says_what_kind_of_page_it_is(pipeline):
    items = finish(pipeline, "诫勉", [[doc("examples/a/b/", "甲", 1, "诫勉"), doc("examples/a/b/#x", "乙", 1, "诫勉")],
                                     [doc("about/", "丙", 1, "诫勉")]])
    assert items[0][0]["title"] == '<span class="talks-search-kind">示例</span>甲'
    assert items[0][1]["title"] == "乙"  # sections: the page already says it
    assert items[1][0]["title"].startswith('<span class="talks-search-kind">参考</span>')


def test_a_snippet_is_a_line_of_text_around_the_first_match(pipeline):
    table = "<p>以下示例：</p>" + "谈话人 → 谈话对象 场景 示例 " * 40 + "县委书记 → <mark>村党组织书记</mark> 村（社区）" + " 甲乙" * 200
    shown = pipeline.evaluate("t => talksSearch.snippet(t)", table)
    plain = shown.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>村党组织书记</mark>" in shown and "<p>" not in shown
    assert plain.startswith("…") and plain.endswith("…") and len(plain) <= 115
    assert pipeline.evaluate("t => talksSearch.snippet(t)", "<p>短的<mark>文本</mark></p>") == "<p>短的<mark>文本</mark></p>"


def test_a_stale_query_is_dropped_not_answered(pipeline):
    answers = pipeline.evaluate("""async () => {
        const material = {index: fakeIndex, options: {}, search: () => ({items: []})}
        const first = talksSearch.answer(material, "提"), second = talksSearch.answer(material, "提醒")
        return [await first, await second] }""")
    assert answers[0] is None
    assert answers[1]["type"] == 3 and answers[1]["data"]["talks"]["query"] == "提醒"


def test_one_character_expands_to_a_few_short_words_not_all(pipeline):
    (group,) = plan(pipeline, "谈")["groups"]
    begun = [t for t in group["terms"] if t["term"].startswith("谈")]
    assert "谈话" in [t["term"] for t in begun] and len(begun) <= 13 and not any(t["wildcard"] for t in begun)


def test_hits_on_pages_without_every_word_are_dropped_before_material_highlights_them(pipeline):
    def hit(ref, *terms):
        return {"ref": ref, "score": 1, "matchData": {"metadata": {t: {} for t in terms}}}
    hits = [hit("a/", "提醒谈话"), hit("a/#开场白", "开场白"), hit("b/#开场白", "开场白"), hit("c/", "提醒谈话函"),
            hit("d/", "提醒谈话", "开场白"), hit("e/", "提醒谈话", "开场白")]
    kept = pipeline.evaluate("([q, hits]) => talksSearch.prefilter(hits, talksSearch.plan(q, fakeIndex))",
                             ["提醒谈话开场白", hits])
    assert [h["ref"] for h in kept] == ["a/", "a/#开场白", "d/", "e/"]
    kept = pipeline.evaluate("([q, hits]) => talksSearch.prefilter(hits, talksSearch.plan(q, fakeIndex))",
                             ["提醒谈话开场白", hits[2:]])
    assert len(kept) == 4  # only 2 pages have both words: keep all, finish() ranks them


def test_without_a_page_with_all_words_pages_rank_by_words_found(pipeline):
    items = finish(pipeline, "诫勉影响提拔", [
        [doc("a/", "甲", 90, "提拔")],
        [doc("b/", "乙", 1, "诫勉", "影响")],
    ])
    assert [page[0]["location"] for page in items] == ["b/", "a/"]
    assert items[0][0]["terms"] == {"诫勉": True, "影响": True, "提拔": False}  # shown as missing


def test_a_word_the_text_cut_differently_still_counts_as_found(pipeline):
    """The query is cut 警示 + 谈话会 + 讲话; a page whose text was cut 警示谈话 + 会 + 讲话 has
    every character of it, so it has all the words."""
    assert words(pipeline, "警示谈话会讲话") == ["警示", "谈话会", "讲话"]
    items = finish(pipeline, "警示谈话会讲话", [
        [doc("a/", "甲", 1, "警示", "警示谈话", "会", "讲话")],
        [doc("b/", "乙", 50, "警示", "讲话")],
    ])
    assert [page[0]["location"] for page in items] == ["a/", "b/"]  # b/ lacks 谈话会: after a/
    assert items[0][0]["terms"] == {"警示": True, "讲话": True}  # what Material highlights on the page
    spans = sorted(t["term"] for t in plan(pipeline, "警示谈话会讲话")["spanTerms"])
    assert spans == ["会", "警示谈话"]


def test_parts_of_one_word_found_apart_do_not_count_as_the_word(pipeline):
    """提醒 in one place and 谈话 in another is not 提醒谈话."""
    assert plan(pipeline, "提醒谈话开场白")["spanTerms"] == []
    items = finish(pipeline, "诫勉谈话开场白", [
        [doc("a/", "甲", 50, "诫勉", "开场白")],       # 诫勉 is a synonym: counts
        [doc("b/", "乙", 90, "谈话", "开场白")],       # 谈话 alone does not
    ])
    assert [page[0]["location"] for page in items] == ["a/", "b/"]
    assert items[1][0]["terms"]["诫勉谈话"] is False


def test_key_phrases_rank_a_type_page_first_for_its_name(pipeline):
    items = finish(pipeline, "提醒谈话", [
        [doc("examples/tixing/", "提醒谈话示例", 50, "提醒谈话")],
        [doc("reference/terms/", "术语", 80, "提醒谈话")],
        [doc("types/tixing/", "提醒谈话", 20, "提醒谈话")],
    ])
    assert [page[0]["location"] for page in items] == ["types/tixing/", "examples/tixing/", "reference/terms/"]


def test_zero_width_spaces_are_removed_from_what_is_shown(pipeline):
    items = finish(pipeline, "两个维护", [[doc("a/", "两个\u200b维护", 1, "两个维护",
                                            text="坚决\u200b做到\u200b<mark>两个</mark>\u200b<mark>维护</mark>")]])
    assert items[0][0]["title"].endswith("</span>两个维护")
    assert items[0][0]["text"] == "坚决做到<mark>两个维护</mark>"


def test_a_word_still_being_typed_is_suggested_whole(pipeline):
    """Material completes the search box with the suggestion: 两个维 → 两个维护."""
    result = pipeline.evaluate("""([q, items]) => talksSearch.finish({items}, talksSearch.plan(q, fakeIndex))""",
                               ["两个维", [[doc("a/", "术语", 1, "两个维", text="<mark>两个维护</mark>")]]])
    assert result["suggest"] == ["两个维护"]
    result = pipeline.evaluate("""([q, items]) => talksSearch.finish({items}, talksSearch.plan(q, fakeIndex))""",
                               ["两个维护", [[doc("a/", "术语", 1, "两个维护", text="<mark>两个维护</mark>")]]])
    assert result["suggest"] == []  # a whole word needs no completion



def test_an_answer_from_titles_only_says_so(pipeline):
    said = pipeline.evaluate("""() => talksSearch.search({index: fakeIndex, options: {}, complete: () => false,
        search: () => ({items: []})}, "诫勉").talks""")
    assert said == {"query": "诫勉", "loading": "正在加载正文"}
    said = pipeline.evaluate("""() => talksSearch.search({index: fakeIndex, options: {}, complete: () => true,
        search: () => ({items: []})}, "诫勉").talks""")
    assert said == {"query": "诫勉"}


def test_titles_are_indexed_first_and_the_full_text_between_queries(pipeline):
    """Search answers as soon as titles are indexed; the full text is added in slices and then
    replaces it, and the page is told (COMPLETE)."""
    result = pipeline.evaluate("""async () => {
        class Builder { constructor() { this.added = [] }
                        add(doc) { this.added.push(doc.location + ":" + doc.text) }
                        build() { return {added: this.added.slice()} } }
        class Search { constructor(data) { const b = new Builder(); talksSearch.adding(b, data.docs);
                                           this.index = b.build(); this.options = {}; this.map = new Map() }
                       search() { return {items: []} } }
        const posted = []
        window.postMessage = (m) => posted.push(m.type)
        const docs = Array.from({length: 3000}, (_, k) => ({location: "p" + k, title: "t", text: "x"}))
        const search = talksSearch.setup(Search, {config: {}, docs})
        const first = {added: search.index.added.length, text: search.index.added[0], complete: search.complete()}
        while (!search.complete()) await new Promise(r => setTimeout(r, 0))
        return {first, last: search.index.added.length, text: search.index.added[0], posted}
    }""")
    assert result["first"] == {"added": 3000, "text": "p0:", "complete": False}  # titles only
    assert result["last"] == 3000 and result["text"] == "p0:x"
    assert result["posted"] == [1001]
