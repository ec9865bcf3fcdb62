"""The parts of the fast preview (hooks/talks_preview.py), without MkDocs."""

from __future__ import annotations

import logging
import os
from types import SimpleNamespace

import jinja2

import talks_preview


def test_a_generated_file_is_rewritten_only_when_its_content_changes(tmp_path):
    pages = talks_preview.GeneratedPages(tmp_path)
    path = pages.path_of("examples/a/b.md", "# 标题\n")
    os.utime(path, (1, 1))
    assert pages.path_of("examples/a/b.md", "# 标题\n") == path and os.path.getmtime(path) == 1
    pages.path_of("examples/a/b.md", "# 新标题\n")
    assert os.path.getmtime(path) > 1 and open(path, encoding="utf-8").read() == "# 新标题\n"
    # A new session finds the file on disk and keeps it if the content is the same.
    os.utime(path, (1, 1))
    talks_preview.GeneratedPages(tmp_path).path_of("examples/a/b.md", "# 新标题\n")
    assert os.path.getmtime(path) == 1
    data = pages.path_of("examples/a/b.docx", b"PK\x03\x04")
    assert open(data, "rb").read() == b"PK\x03\x04"


def test_what_is_made_from_a_talk_is_remembered_while_the_talk_and_its_context_are_the_same():
    made = []
    memo = talks_preview.PerTalk()
    talk = SimpleNamespace(source="snippets/a.yml")

    def make():
        made.append(1)
        return len(made)

    assert memo.get(talk, "ctx", "page", make) == 1
    assert memo.get(talk, "ctx", "page", make) == 1
    assert memo.get(talk, "ctx", "docx", make) == 2  # another output of the same talk
    edited = SimpleNamespace(source="snippets/a.yml")  # the file changed: a new Talk
    assert memo.get(edited, "ctx", "page", make) == 3
    assert memo.get(edited, "other", "page", make) == 4  # a docs page or the code changed


def test_the_shape_changes_with_what_other_pages_show():
    same = talks_preview.shape_digest([("a", "标题")], {"a": ["类型：提醒谈话"]})
    assert same == talks_preview.shape_digest([("a", "标题")], {"a": ["类型：提醒谈话"]})
    assert same != talks_preview.shape_digest([("a", "新标题")], {"a": ["类型：提醒谈话"]})


def test_templates_compiled_once_are_reused_and_an_edited_template_is_compiled_again():
    cache = talks_preview.CompiledTemplates()
    sources = {"page.html": "{{ 1 + 1 }}"}
    first = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
    assert first.get_template("page.html").render() == "2"
    sources["page.html"] = "{{ 2 + 2 }}"
    second = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
    assert second.get_template("page.html").render() == "4"


def test_only_the_dirty_build_warning_is_silenced(caplog):
    talks_preview.allow_dirty_builds("talks-test-logger")
    talks_preview.allow_dirty_builds("talks-test-logger")  # twice is harmless
    logger = logging.getLogger("talks-test-logger")
    assert len(logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger="talks-test-logger"):
        logger.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation")
        logger.warning("Doc file 'a.md' contains a link 'b.md', but the target is not found")
    assert [r.getMessage()[:8] for r in caplog.records] == ["Doc file"]
