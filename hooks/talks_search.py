"""Put the site's Chinese query pipeline (hooks/talks_search.js) into Material's search worker.

Material's worker segments an unspaced Chinese query greedily against the index, misses the
word at the end of the query, and matches any word; see talks_search.js for what replaces that.
After the build, :func:`build_worker` puts talks_search.js (with this site's synonyms and page
key phrases filled in) in front of the minified worker and makes two pinned edits so that every
query goes through it. The edited text is pinned to mkdocs-material 9.8.2: if another version
changes it, :class:`WorkerChanged` is raised instead of guessing, and the build stops.

Everything lives in the one worker file, which Material's offline build also loads from
``file://``; nothing else is fetched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

from talks_model import Talk, TalkType

#: The query pipeline, next to this module.
PIPELINE_JS = Path(__file__).with_name("talks_search.js")

#: The mkdocs-material version whose search worker PATCHES fit (requirements.txt pins it).
MATERIAL_VERSION = "9.8.2"
#: (minified original, replacement) pairs in mkdocs-material 9.8.2's search worker.
PATCHES = (
    # Search#search: take the query as talksSearch prepared it (no greedy segmentation, no
    # wildcard transform); talksSearch builds the Lunr query itself.
    (r'if(e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)]'
     r'.join("* ")),e=ce(e),!e)return{items:[]};',
     r'if(!e)return{items:[]};'),
    # The worker's query message: go through talksSearch, which calls Search#search.
    ("return{type:3,data:de.search(e)}", "return{type:3,data:talksSearch.search(de,e)}"),
)

#: Where the worker lives in the built site.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

_DATA_SLOT = re.compile(r"/\* talks-search-data \*/.*?/\* end \*/")
_BEGIN = "/* talks-search: begin (hooks/talks_search.py) */\n"
_END = "\n/* talks-search: end */\n"

#: Key phrase weights: a page's own names count fully; an example's talk type, and a fixed
#: term on the terms page, half (the type's guidance page comes first for its name).
OWN, SECONDARY = 1, 0.5


class WorkerChanged(Exception):
    """The search worker no longer contains the code this patch was written for."""


def _parts(text: str) -> list[str]:
    """乡镇党委委员、副镇长 → [乡镇党委委员, 副镇长]: a drafter types one of them."""
    return [part for part in re.split(r"[^\w]+", text) if part]


def dictionary_words(terms: Iterable[str], types: Iterable[TalkType]) -> list[str]:
    """Words for jieba's dictionary: fixed terms, type names and 别名, split at punctuation.

    Material hands jieba one run of Han characters at a time, so 红红脸、出出汗 can only ever be
    found as 红红脸 and 出出汗.
    """
    words: list[str] = []
    for text in [*terms, *(n for t in types for n in (t.name, *t.aliases))]:
        words += [w for w in _parts(text) if w not in words]
    return words


def worker_data(types: Iterable[TalkType], talks: Iterable[Talk], terms: Iterable[str], terms_page: str,
                url_of: Callable[[str], str | None], example_path: Callable[[Talk], str]) -> dict:
    """Synonym sets (a talk type's name and its 别名) and key phrases per page location.

    Key phrases: a type's guidance page has its name and 别名; an example has its 谈话对象 (and,
    at half weight, its type's names); the terms page has every fixed term at half weight.

    ``url_of`` maps a source path (``types/tixing.md``) to the page's URL as the search index
    has it (``types/tixing/``, or ``types/tixing.html`` in the offline build).
    """
    types = list(types)
    synonyms = [[t.name, *t.aliases] for t in types]
    keys: dict[str, list] = {}
    for talk_type in types:
        url = url_of(talk_type.page)
        if url is not None:
            keys[url] = [[name, OWN] for name in (talk_type.name, *talk_type.aliases)]
    by_name = {t.name: t for t in types}
    for talk in talks:
        url = url_of(example_path(talk))
        if url is None:
            continue
        talk_type = by_name.get(talk.type_name)
        names = (talk_type.name, *talk_type.aliases) if talk_type else (talk.type_name,)
        keys[url] = ([[part, OWN] for part in _parts(talk.listener)]
                     + [[name, SECONDARY] for name in names])
    url = url_of(terms_page)
    if url is not None:
        keys[url] = [[term, SECONDARY] for term in terms]
    return {"synonyms": synonyms, "keys": keys}


def check_worker(worker_js: str) -> None:
    """Raise :class:`WorkerChanged` unless :func:`build_worker` can route this worker's queries."""
    build_worker(worker_js, {"synonyms": [], "keys": {}})


def theme_worker(theme_dirs: Iterable[str]) -> Path | None:
    """The search worker that the theme will copy into the site (checked before building)."""
    for theme_dir in theme_dirs:
        found = sorted(Path(theme_dir).glob(WORKER_GLOB))
        if found:
            return found[0]
    return None


def build_worker(worker_js: str, data: dict, pipeline_js: str | None = None) -> str:
    """Material's worker with the query pipeline in front and its two query paths routed to it.

    Running it again on its own output replaces the pipeline and data (``mkdocs serve``).
    """
    if worker_js.startswith(_BEGIN):
        worker_js = worker_js.split(_END, 1)[1]
    for original, replacement in PATCHES:
        if worker_js.count(original) != 1:
            if worker_js.count(replacement) == 1 and worker_js.count(original) == 0:
                continue  # already routed (a dirty rebuild)
            raise WorkerChanged(original)
        worker_js = worker_js.replace(original, replacement)
    pipeline = pipeline_js if pipeline_js is not None else PIPELINE_JS.read_text("utf-8")
    if len(_DATA_SLOT.findall(pipeline)) != 1:
        raise WorkerChanged("talks_search.js: data slot")
    # No "</script>" can appear: in the offline build the worker runs as a script in an iframe
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    pipeline = _DATA_SLOT.sub(lambda _: payload, pipeline)
    return _BEGIN + pipeline + _END + worker_js


def utf8_index(index_json: str) -> str:
    """The search index as UTF-8 instead of ``\\uXXXX`` escapes (Material's json.dumps default).

    Every Chinese character and every \u200b word break takes 6 bytes escaped and 3 as UTF-8, so
    the same index is about half the size for a server that does not compress JSON (nginx's
    default ``gzip_types`` covers only text/html). Same data, same order: builds stay identical.
    """
    return json.dumps(json.loads(index_json), ensure_ascii=False, separators=(",", ":"))
