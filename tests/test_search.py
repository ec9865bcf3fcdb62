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
import talks_search  # noqa: E402
from talks_model import Talk, TalkType  # noqa: E402

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
    assert built.count("talksSearch.search(de,e)") == 1
    assert 'new RegExp("\\\\p{sc=Han}+","gu")' not in built  # Material's own segmentation is gone
    assert '"synonyms": [["诫勉谈话", "诫勉"]]' in built
    assert built.endswith(material_worker.replace(*talks_search.PATCHES[0]).replace(*talks_search.PATCHES[1]))


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
    data = talks_search.worker_data([jiemian], [talk], ["两个维护"], "reference/terms.md", urls.get,
                                    lambda t: f"examples/jiemian/{t.slug}.md")
    assert data["synonyms"] == [["诫勉谈话", "诫勉", "书面诫勉"]]
    assert data["keys"]["types/jiemian/"] == [["诫勉谈话", 1], ["诫勉", 1], ["书面诫勉", 1]]
    assert data["keys"]["examples/jiemian/xiangzhen/"] == [
        ["乡镇党委书记", 1], ["镇长", 1], ["代", 1], ["诫勉谈话", 0.5], ["诫勉", 0.5], ["书面诫勉", 0.5]]
    assert data["keys"]["reference/terms/"] == [["两个维护", 0.5]]


# --- Query side: hooks/talks_search.js in Chromium --------------------------------------------

#: Words of a made-up index, as jieba and the site's dictionary would have cut them.
INDEX_WORDS = ["两个", "维护", "两个维护", "提醒", "谈话", "提醒谈话", "开场", "开场白", "诫勉", "诫勉谈话",
               "影响", "提拔", "任前廉政谈话", "廉政谈话", "集体廉政谈话", "廉洁", "谈话函询", "任职谈话",
               "十五五", "2026", "年", "换届", "的", "区别", "谈话提醒", "谈话类型/提醒谈话",
               "警示", "警示谈话", "谈话会", "会", "讲话"]
DATA = {"synonyms": [["诫勉谈话", "诫勉"], ["谈话函询", "约谈函询"], ["廉政谈话", "廉洁谈话", "任前廉政谈话"],
                     ["任职谈话", "任前谈话"], ["提醒谈话", "提醒"]],
        "keys": {"types/tixing/": [["提醒谈话", 1]]}}


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
    ("2026年换届", ["2026", "换届"]),                  # digits are a word of their own; 年 is dropped
    ("提醒谈话和谈话提醒的区别", ["提醒谈话", "谈话提醒", "区别"]),
    ("两个维", ["两个维"]),                           # still typing: a prefix of 两个维护
])
def test_an_unspaced_query_is_cut_into_all_its_words(pipeline, query, expected):
    assert words(pipeline, query) == expected


@pytest.mark.parametrize("query, expected, gaps", [
    ("任前廉政谈话范文", ["任前廉政谈话"], ["范文"]),
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
    items = finish(pipeline, "提醒谈话开场白", [
        [doc("types/jiemian/", "诫勉谈话", 90, "开场白")],             # one word, high score
        [doc("types/tixing/", "提醒谈话", 10, "提醒谈话"),
         doc("types/tixing/#开场白", "开场白", 5, "开场白", "提醒谈话")],  # both words
    ])
    assert [[d["location"] for d in page] for page in items] == [["types/tixing/#开场白", "types/tixing/"]]


def test_hits_on_pages_without_every_word_are_dropped_before_material_highlights_them(pipeline):
    def hit(ref, *terms):
        return {"ref": ref, "score": 1, "matchData": {"metadata": {t: {} for t in terms}}}
    hits = [hit("a/", "提醒谈话"), hit("a/#开场白", "开场白"), hit("b/#开场白", "开场白"), hit("c/", "提醒谈话函")]
    kept = pipeline.evaluate("([q, hits]) => talksSearch.prefilter(hits, talksSearch.plan(q, fakeIndex))",
                             ["提醒谈话开场白", hits])
    assert [h["ref"] for h in kept] == ["a/", "a/#开场白"]
    kept = pipeline.evaluate("([q, hits]) => talksSearch.prefilter(hits, talksSearch.plan(q, fakeIndex))",
                             ["提醒谈话开场白", hits[2:]])
    assert len(kept) == 2  # no page has both words: keep all, finish() ranks them by words found


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
    assert [page[0]["location"] for page in items] == ["a/"]
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
    assert [page[0]["location"] for page in items] == ["a/"]


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
    assert items[0][0]["title"] == "两个维护"
    assert items[0][0]["text"] == "坚决做到<mark>两个维护</mark>"


def test_a_word_still_being_typed_is_suggested_whole(pipeline):
    """Material completes the search box with the suggestion: 两个维 → 两个维护."""
    result = pipeline.evaluate("""([q, items]) => talksSearch.finish({items}, talksSearch.plan(q, fakeIndex))""",
                               ["两个维", [[doc("a/", "术语", 1, "两个维", text="<mark>两个维护</mark>")]]])
    assert result["suggest"] == ["两个维护"]
    result = pipeline.evaluate("""([q, items]) => talksSearch.finish({items}, talksSearch.plan(q, fakeIndex))""",
                               ["两个维护", [[doc("a/", "术语", 1, "两个维护", text="<mark>两个维护</mark>")]]])
    assert result["suggest"] == []  # a whole word needs no completion

