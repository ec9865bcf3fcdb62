"""What the hooks remember between live-reload rebuilds never changes what is built.

``mkdocs serve`` keeps the hook modules in memory; talks_cache remembers checked snippets and
jieba's segmentations there. A rebuild that uses them must give exactly the site a fresh build
gives — also after a snippet and the fixed-term dictionary changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jieba
import pytest

import talks_cache
import talks_load
from conftest import ROOT
from conftest import IGNORED, differences, source_date_epoch, tree

# Two builds in one process, as `mkdocs serve` does them, with an edit in between.
SERVE_LIKE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts
    build(config)
    snippet, marker = Path(sys.argv[3]), sys.argv[4]
    snippet.write_text(snippet.read_text("utf-8").replace("适用情形: ", "适用情形: " + marker, 1), "utf-8")
    terms = Path("docs/reference/terms.md")
    # a new row at the end of the page's last table
    terms.write_text(terms.read_text("utf-8").rstrip() + "\\n| 工作指引 | 加入词典后成为一个词 |\\n", "utf-8")
    build(load_config("mkdocs.yml", site_dir=sys.argv[2]))
""")


def run(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1", "SOURCE_DATE_EPOCH": source_date_epoch()}
    result = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def checkout_with_snippet(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the repository and the first of its snippets (the one the tests edit)."""
    checkout = tmp_path / "repo"
    shutil.copytree(ROOT, checkout, ignore=IGNORED)
    return checkout, sorted((checkout / "snippets").rglob("*.yml"))[0]


def test_rebuild_with_remembered_work_equals_a_fresh_build(tmp_path):
    checkout, snippet = checkout_with_snippet(tmp_path)
    marker = "重建标记"
    (tmp_path / "serve_like.py").write_text(SERVE_LIKE, "utf-8")
    run([str(tmp_path / "serve_like.py"), str(tmp_path / "before"), str(tmp_path / "rebuilt"), str(snippet), marker],
        checkout)
    run(["-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "fresh")], checkout)

    page = f"examples/{snippet.parent.name}/{snippet.stem}/index.html"
    before, rebuilt, fresh = (tree(tmp_path / name) for name in ("before", "rebuilt", "fresh"))
    assert marker not in before[page].decode("utf-8") and marker in rebuilt[page].decode("utf-8")
    index = rebuilt["search/search_index.json"].decode("utf-8")
    assert "\\u200b\\u5de5\\u4f5c\\u6307\\u5f15\\u200b" in index or "\u200b工作指引\u200b" in index  # the new word
    differing = differences(rebuilt, fresh)
    assert not differing, "The rebuild differs from a fresh build:\n  " + "\n  ".join(differing)


# `make serve` (mkdocs serve --dirty): the second build renders only what the edit changed, into
# the same folder.
SERVE_DIRTY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    snippet, marker = Path(sys.argv[2]), sys.argv[3]
    snippet.write_text(snippet.read_text("utf-8").replace("适用情形: ", "适用情形: " + marker, 1), "utf-8")
    build(load_config("mkdocs.yml", site_dir=sys.argv[1]), dirty=True)
""")


def search_entries(data: bytes) -> list:
    """The search index with its entries in a fixed order (a dirty rebuild appends the page's)."""
    index = json.loads(data)
    return sorted(json.dumps(entry, ensure_ascii=False, sort_keys=True) for entry in index["docs"])


def test_a_dirty_preview_rebuild_equals_a_fresh_build(tmp_path):
    checkout, snippet = checkout_with_snippet(tmp_path)
    marker = "预览重建标记"
    (tmp_path / "serve_dirty.py").write_text(SERVE_DIRTY, "utf-8")
    run([str(tmp_path / "serve_dirty.py"), str(tmp_path / "preview"), str(snippet), marker], checkout)
    run(["-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "fresh")], checkout)

    preview, fresh = tree(tmp_path / "preview"), tree(tmp_path / "fresh")
    page = f"examples/{snippet.parent.name}/{snippet.stem}/index.html"
    assert marker in preview[page].decode("utf-8")
    index = "search/search_index.json"
    assert search_entries(preview.pop(index)) == search_entries(fresh.pop(index))
    differing = differences(preview, fresh)
    assert not differing, "The preview's rebuild differs from a fresh build:\n  " + "\n  ".join(differing)


# --- The pieces, without MkDocs ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def shelf():
    docs = ROOT / "docs"
    return talks_load.load_types(docs), talks_load.load_regulations((docs / "reference/regulations.md").read_text("utf-8"))


def test_unchanged_snippets_are_not_checked_again(tmp_path, shelf, monkeypatch):
    types, regulations = shelf
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    cache = talks_cache.SnippetCache()
    first, problems = talks_load.load_talks(tmp_path, tmp_path / "snippets", types, regulations,
                                            cache.entries_for(types, regulations))
    assert first and not problems

    checked: list[str] = []
    original = talks_load.load_talk
    monkeypatch.setattr(talks_load, "load_talk", lambda raw, path, *a: checked.append(path) or original(raw, path, *a))
    edited = sorted((tmp_path / "snippets").rglob("*.yml"))[0]
    edited.write_text(edited.read_text("utf-8").replace("适用情形: ", "适用情形: 改动后", 1), "utf-8")
    again, _ = talks_load.load_talks(tmp_path, tmp_path / "snippets", types, regulations,
                                     cache.entries_for(types, regulations))
    assert checked == [edited.relative_to(tmp_path).as_posix()]
    assert [t.slug for t in again] == [t.slug for t in first]
    assert any(t.situation.startswith("改动后") for t in again)

    # A broken file is remembered as broken, and reported again on the next build.
    edited.write_text("标题: [", "utf-8")
    for _ in range(2):
        _, problems = talks_load.load_talks(tmp_path, tmp_path / "snippets", types, regulations,
                                            cache.entries_for(types, regulations))
        assert len(problems) == 1 and "YAML" in str(problems[0])

    # Other regulations: every file is checked again.
    checked.clear()
    talks_load.load_talks(tmp_path, tmp_path / "snippets", types, regulations - {next(iter(regulations))},
                          cache.entries_for(types, regulations - {next(iter(regulations))}))
    assert len(checked) == len(list((tmp_path / "snippets").rglob("*.yml")))


def test_remembered_segmentation_is_jiebas_and_follows_new_words():
    original = jieba.dt.cut
    talks_cache.remember_segmentation(jieba)
    talks_cache.remember_segmentation(jieba)  # twice is harmless
    text = "谈话工作指引为起草党内谈话提纲的同志提供规范用语"
    assert list(jieba.cut(text)) == list(original(text)) == list(jieba.cut(text))
    assert list(jieba.cut(text.encode("utf-8"))) == list(original(text.encode("utf-8")))
    # A word added to the dictionary (as the hooks add fixed terms) takes effect at once.
    # (Its own string, so that the word left in jieba's dictionary touches no other test.)
    nonsense, word = "甲乙丙丁戊己庚辛壬癸", "丙丁戊己庚"
    assert word not in list(jieba.cut(nonsense))
    jieba.add_word(word)
    assert word in list(jieba.cut(nonsense))
