"""Property: whatever bytes a maintainer saves, the snippet loader ends in a talk or a SnippetError.

Hypothesis feeds ``talks_load.load_talk`` random bytes, random YAML-ish text, random YAML
documents, and real snippets mutated line by line or field by field. Each input must end in a
checked :class:`Talk` (which must also render) or in the project's own :class:`SnippetError`
naming the file and a line inside it — never another exception, never a hang.

The suite runs a few hundred cases (``FUZZ_EXAMPLES`` per strategy); ``make bench`` runs
10,000 through :func:`run_all` and reports the count.
"""

from __future__ import annotations

import copy
import functools
import os
from datetime import timedelta
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import talks_layout
import talks_load
import talks_render
import talks_schema
import talks_yaml
from talks_errors import SnippetError
from talks_model import Talk

ROOT = Path(__file__).resolve().parent.parent
PATH = "snippets/zhengzhi-jiandu/fuzz.yml"
#: Cases per strategy in the test suite (5 strategies → a few hundred cases).
FUZZ_EXAMPLES = int(os.environ.get("TALKS_FUZZ_EXAMPLES", "80"))


@functools.cache
def shelf():
    """The real talk types and regulations, loaded once."""
    docs = ROOT / "docs"
    types = talks_load.load_types(docs)
    regulations = talks_load.load_regulations((docs / "reference/regulations.md").read_text("utf-8"))
    return types, regulations


@functools.cache
def seed_texts() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted((ROOT / "snippets").rglob("*.yml")))


@functools.cache
def seed_documents() -> tuple:
    """Every real snippet as plain lists/dicts of strings (BaseLoader keeps all scalars as text)."""
    return tuple(yaml.load(text, Loader=yaml.BaseLoader) for text in seed_texts())


def outcome(raw: bytes) -> Talk | SnippetError:
    """The property under test. Returns what the loader ended in; fails on anything else."""
    types, regulations = shelf()
    try:
        talk = talks_load.load_talk(raw, PATH, types, regulations)
    except SnippetError as err:
        message = str(err)
        assert message.startswith(f"{PATH}:{err.line}: "), message
        lines = raw.decode("utf-8", "replace").splitlines()  # YAML also breaks lines at \r, \x85, \u2028
        assert 1 <= err.line <= len(lines) + 1, (err.line, message)
        assert err.problem and "Traceback" not in message
        return err
    assert isinstance(talk, Talk) and talk.sections and talk.title
    assert talks_render.render_example(talk, types, "reference/regulations.md")
    return talk


# --- Strategies --------------------------------------------------------------------------------

#: Characters that mean something to YAML, to the loader's checks, or to a Chinese keyboard.
SYNTAX = list(":-?[]{},&*!|>'\"#%@`~ \t\n\r\u3000\ufeff：【】《》（）一二。，、") + ["XX", "某某", "---", "...", ": ", "- "]


def _names() -> list[str]:
    types, regulations = shelf()
    words = sorted(talks_load.all_keys()) + list(types) + list(talks_load.forms()) + list(talks_layout.POINT_STYLE_KEYS)
    for talk_type in types.values():
        words += talk_type.section_names
    return words + [f"《{title}》" for title in sorted(regulations)]


def _text(max_size: int = 20) -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(SYNTAX), st.characters(codec="utf-8"), st.sampled_from(_names()))
    return st.lists(pieces, max_size=max_size).map("".join)


def random_bytes() -> st.SearchStrategy[bytes]:
    return st.binary(max_size=400)


def random_text() -> st.SearchStrategy[bytes]:
    return _text(120).map(lambda s: s.encode("utf-8"))


def _values() -> st.SearchStrategy:
    leaf = st.one_of(_text(), st.sampled_from(_names()), st.none(), st.integers(), st.booleans())
    key = st.one_of(st.sampled_from(sorted(talks_load.all_keys())), _text(6))
    return st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(key, inner, max_size=6)), max_leaves=25)


def _dump(value, flow: bool) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=flow).encode("utf-8")


def random_documents() -> st.SearchStrategy[bytes]:
    return st.builds(_dump, _values(), st.booleans())


def _slots(node, parent=None, key=None):
    """Every (container, key) position in a parsed document, for mutation."""
    if parent is not None:
        yield parent, key
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _slots(v, node, k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _slots(v, node, i)


@st.composite
def mutated_documents(draw) -> bytes:
    """A real snippet with one to three fields deleted, replaced, renamed, duplicated or swapped."""
    doc = copy.deepcopy(draw(st.sampled_from(seed_documents())))
    for _ in range(draw(st.integers(0, 3))):
        container, key = draw(st.sampled_from(list(_slots(doc))))
        action = draw(st.sampled_from(["delete", "replace", "name", "rename", "duplicate", "swap"]))
        if action == "delete" and len(container) > 1:
            del container[key]
        elif action == "replace":
            container[key] = draw(_values())
        elif action == "name":
            container[key] = draw(st.sampled_from(_names()))
        elif action == "rename" and isinstance(container, dict):
            container[draw(st.sampled_from(sorted(talks_load.all_keys())))] = container.pop(key)
        elif action == "duplicate" and isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
        elif action == "swap" and isinstance(container, list) and len(container) > 1:
            other = draw(st.integers(0, len(container) - 1))
            container[key], container[other] = container[other], container[key]
    return _dump(doc, False)


@st.composite
def mutated_texts(draw) -> bytes:
    """A real snippet's text with lines deleted, duplicated, re-indented or spliced with noise."""
    lines = draw(st.sampled_from(seed_texts())).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "splice"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = " " * draw(st.integers(1, 3)) + lines[index]
        elif action == "dedent":
            lines[index] = lines[index][draw(st.integers(1, 3)):]
        elif action == "insert":
            lines.insert(index, draw(_text()) + "\n")
        elif action == "splice":
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(_text(4)) + lines[index][at:]
    raw = "".join(lines).encode("utf-8")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "bom", "gbk", "cut"]))
    if encoding == "bom":
        return b"\xef\xbb\xbf" + raw
    if encoding == "gbk":
        return "".join(lines).encode("gbk", errors="replace")
    if encoding == "cut":  # a save interrupted in the middle of a character
        return raw[: draw(st.integers(0, len(raw)))]
    return raw


#: name → strategy; the test suite and ``make bench`` run the same ones.
STRATEGIES = {
    "random_bytes": random_bytes,
    "random_text": random_text,
    "random_documents": random_documents,
    "mutated_documents": mutated_documents,
    "mutated_texts": mutated_texts,
}


def run_all(examples_per_strategy: int) -> dict[str, dict[str, int]]:
    """Run every strategy ``examples_per_strategy`` times; count talks and errors (for make bench)."""
    counts: dict[str, dict[str, int]] = {}
    for name, strategy in STRATEGIES.items():
        tally = counts[name] = {"cases": 0, "talks": 0, "errors": 0}

        @settings(max_examples=examples_per_strategy, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(strategy())
        def run(raw: bytes) -> None:
            result = outcome(raw)
            tally["cases"] += 1
            tally["talks" if isinstance(result, Talk) else "errors"] += 1

        run()
    return counts


# --- The suite ---------------------------------------------------------------------------------

#: Generous: a case normally takes milliseconds; this only catches hangs (e.g. YAML "billion laughs").
SUITE_SETTINGS = settings(max_examples=FUZZ_EXAMPLES, deadline=timedelta(seconds=5), database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SUITE_SETTINGS
@given(random_bytes())
@example(b"\x00")
@example("\ufeff".encode("utf-8") * 2)
def test_random_bytes(raw):
    outcome(raw)


@SUITE_SETTINGS
@given(random_text())
# Regressions found by this fuzzer: each was a RecursionError or a hang before talks_yaml._Loader.
@example(b"[" * 2000)
@example(("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 600))).encode())
@example("标题: &a [*a]".encode())
def test_random_text(raw):
    outcome(raw)


@SUITE_SETTINGS
@given(random_documents())
def test_random_yaml_documents(raw):
    outcome(raw)


@SUITE_SETTINGS
@given(mutated_documents())
def test_mutated_snippets(raw):
    outcome(raw)


@SUITE_SETTINGS
@given(mutated_texts())
def test_mutated_snippet_text(raw):
    outcome(raw)


def _parsed(text: str):
    try:
        return talks_yaml.parse(text, PATH, talks_load.all_keys())
    except SnippetError as err:
        return str(err)


@SUITE_SETTINGS
@given(st.one_of(random_text(), random_documents(), mutated_texts()))
def test_libyaml_and_python_loaders_agree(raw):
    """talks_yaml composes with libyaml when it is safe; the result must be what PyYAML's Python loader gives."""
    text = raw.decode("utf-8", "replace")
    fast = _parsed(text)
    saved, talks_yaml._C_LOADER = talks_yaml._C_LOADER, None
    try:
        slow = _parsed(text)
    finally:
        talks_yaml._C_LOADER = saved
    assert fast == slow


def test_the_seeds_themselves_are_valid_talks():
    """The mutation strategies start from real snippets; unmutated they must load."""
    for doc in seed_documents():
        assert isinstance(outcome(_dump(doc, False)), Talk)


@pytest.mark.parametrize("raw, problem", [
    (b"[" * 2000, "嵌套"),
    (("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 600))).encode(), "嵌套"),
    ("标题: &a [*a]".encode(), "引用"),
    # "Billion laughs": each level refers ten times to the one above; took minutes before the fix.
    (("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcdefg", "bcdefgh"))).encode(), "引用"),
])
def test_aliases_and_deep_nesting_get_a_message(raw, problem):
    err = outcome(raw)
    assert isinstance(err, SnippetError) and problem in err.problem, err


@SUITE_SETTINGS
@given(st.one_of(random_documents(), mutated_documents()))
def test_fast_schema_check_agrees_with_jsonschema(raw):
    """talks_schema's quick check (fastjsonschema) says "valid" exactly when jsonschema does,
    so a snippet it lets through is one the schema accepts."""
    try:
        tree = talks_yaml.parse(raw.decode("utf-8"), PATH, talks_load.all_keys())
    except SnippetError:
        return
    if tree is None:
        return
    data = talks_schema.plain(tree)
    path = talks_schema.SCHEMA_PATH
    mtime = path.stat().st_mtime
    try:
        talks_schema._fast_check(str(path), mtime)(data)
        fast_valid = True
    except fastjsonschema.JsonSchemaException:
        fast_valid = False
    assert fast_valid == talks_schema._validator(str(path), mtime).is_valid(data)
