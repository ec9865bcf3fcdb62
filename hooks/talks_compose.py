"""The composer's single input: one JSON document with the whole talk model.

It holds the talk types with their structure per form, every standard phrasing (with its part,
slot, tone, setting and form), every worked example's paragraphs by part, and the numbering
table of talks_layout — so the browser never keeps a second copy of any of these rules.
Published by the build as a script, :data:`SCRIPT_PATH` (a script loads from file://, where
fetch() does not), and loaded only by the composer page. No MkDocs import here.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Callable

import talks_layout
from talks_load import PLACEHOLDER
from talks_model import Phrase, Talk, TalkType

#: Where the build publishes the model (window.talkModel), relative to the site root.
SCRIPT_PATH = "assets/talks-model.js"
#: Bumped when the shape of the JSON changes, so that saved drafts can tell.
FORMAT_VERSION = 2  # 2: leads without their number; the 谈话卷宗 forms

_MARKDOWN_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def phrase_paragraphs(body: str) -> list[str]:
    """A phrasing's Markdown body → its paragraphs as plain text (blank lines separate them)."""
    # A wrapped Chinese line joins without a space (as in the snippets' YAML).
    paragraphs = ["".join(line.strip() for line in p.split("\n")) for p in re.split(r"\n\s*\n", body.strip())]
    return [_MARKDOWN_INLINE.sub(lambda m: m.group(1) or m.group(2), p) for p in paragraphs if p]


def _structure(talk_type: TalkType) -> dict[str, list[dict]]:
    return {form or "*": [{"part": s.name, "optional": s.optional, "repeat": s.repeat, "interleave": s.interleave}
                          for s in structure]
            for form, structure in talk_type.structures.items()}


def _phrase(phrase: Phrase, url: str) -> dict:
    return {
        "type": phrase.type_name, "part": phrase.section if phrase.chapter else "", "chapter": phrase.chapter,
        "slot": phrase.slot, "label": phrase.label, "tone": phrase.tone, "setting": phrase.setting,
        "form": phrase.form, "paragraphs": phrase_paragraphs(phrase.body), "url": url,
    }


def _unnumbered(line: talks_layout.Line) -> str:
    """A point's lead sentence without its generated number (the composer numbers afresh)."""
    if not line.style:
        return line.lead
    return talks_layout.typed_number(line.style).sub("", line.lead, count=1)


def _example(talk: Talk, url: str) -> dict:
    lines = talks_layout.talk_lines(talk)
    parts = []
    for index, section in enumerate(talk.sections):
        parts.append({
            "part": section.name, "speaker": section.speaker, "heading": section.heading,
            "salutation": section.salutation,
            "paragraphs": [{"kind": line.kind, "text": line.text, "lead": _unnumbered(line), "style": line.style}
                           for line in lines if line.part == index and line.kind in ("para", "subheading")],
        })
    return {"slug": talk.slug, "title": talk.title, "type": talk.type_name, "form": talk.form, "also": talk.also,
            "speaker": talk.speaker, "listener": talk.listener, "setting": talk.setting,
            "situation": talk.situation, "basis": talk.basis, "url": url, "parts": parts,
            "placeholders": sorted({m.group(1) for line in lines for m in PLACEHOLDER.finditer(line.full)})}


def model_json(types: dict[str, TalkType], phrases: list[Phrase], talks: list[Talk],
               url_of: Callable[[str], str | None], example_path: Callable[[Talk], str],
               example: Callable[[Talk, Callable[[], dict]], dict] = lambda talk, make: make(),
               dossier: list[dict] = ()) -> str:
    """The JSON text. ``url_of`` maps a docs-relative page to its site URL (as MkDocs builds it);
    ``example(talk, make)`` may return a remembered entry for an unchanged talk (the preview);
    ``dossier``: the forms of one talk's 谈话卷宗 (title, page, docx, html), in order."""
    data = {
        "version": FORMAT_VERSION,
        "numbering": talks_layout.numbering_table(),
        "types": [{"name": t.name, "slug": t.slug, "severity": t.severity, "aliases": list(t.aliases),
                   "url": url_of(t.page) or "", "structures": _structure(t)} for t in types.values()],
        "phrases": [_phrase(p, url_of(types[p.type_name].page) or "") for p in phrases],
        "examples": [example(t, functools.partial(_example, t, url_of(example_path(t)) or "")) for t in talks],
        "dossier": list(dossier),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def model_script(model: str) -> str:
    """The JSON text of :func:`model_json` as the script the composer page loads."""
    return "window.talkModel = " + model.replace("</", "<\\/") + ";\n"
