"""Put the site's Chinese query pipeline (hooks/talks_search.js) into Material's search worker.

Material's worker segments an unspaced Chinese query greedily against the index, misses the
word at the end of the query, and matches any word; see talks_search.js for what replaces that.
After the build, :func:`build_worker` puts talks_search.js (with this site's synonyms and page
key phrases filled in) in front of the minified worker and makes two pinned edits so that every
query goes through it. The edited text is pinned to mkdocs-material 9.8.2: if another version
changes it, :class:`WorkerChanged` is raised instead of guessing, and the build stops.

Everything lives in the one worker file, which Material's offline build also loads from
``file://``; nothing else is fetched.

The page's side, :func:`build_bundle`: talks_search_page.js goes in front of Material's main script,
with two pinned edits there, so that the search index is requested only when the reader starts to
search (a light first load) and the worker's notice ("已按“诫勉谈话”搜索") is shown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterable

import talks_wording
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
    # The worker's query message: go through talksSearch, which calls Search#search, and answers
    # null for a query that a newer one has made stale ...
    ("return{type:3,data:de.search(e)}", "return talksSearch.answer(de,e)"),
    # ... which is then not posted back.
    ("postMessage(yield Fe(t.data))", "{let r=yield Fe(t.data);r&&postMessage(r)}"),
    # The index: titles first, ready at once; the full text added between queries
    # (talksSearch.setup), through Search's loop over the documents (talksSearch.adding).
    ("de=new U(t.data)", "de=talksSearch.setup(U,t.data)"),
    ("for(let o of r)this.add(o,{boost:o.boost})", "talksSearch.adding(this,r)"),
)

#: Where the worker lives in the built site.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

#: The page's side (defer the index, show what was searched), put in front of Material's bundle.
PAGE_JS = Path(__file__).with_name("talks_search_page.js")
BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"
#: (minified original, replacement) pairs in mkdocs-material 9.8.2's main script.
BUNDLE_PATCHES = (
    # The search index (search_index.json, or search_index.js from file://) is requested only
    # once talksSearchPage.wanted resolves: when the reader starts to search (H = defer,
    # b = switchMap, Z = shareReplay)
    ('function ks(){return location.protocol==="file:"?_t(`${new URL("search/search_index.js",Or.base)}`)'
     '.pipe(m(()=>__index),Z(1)):ze(new URL("search/search_index.json",Or.base))}',
     'function ks(){return H(()=>talksSearchPage.wanted).pipe(b(()=>location.protocol==="file:"?'
     '_t(`${new URL("search/search_index.js",Or.base)}`).pipe(m(()=>__index)):'
     'ze(new URL("search/search_index.json",Or.base))),Z(1))}'),
    # The worker's answers also go to talksSearchPage (the notice "已按……搜索")
    ("function Mn(e,t=new Worker(e)){", "function Mn(e,t=talksSearchPage.watch(new Worker(e))){"),
)
_PAGE_BEGIN = "/* talks-search-page: begin (hooks/talks_search.py) */\n"
_PAGE_END = "\n/* talks-search-page: end */\n"

_DATA_SLOT = re.compile(r"/\* talks-search-data \*/.*?/\* end \*/")
_BEGIN = "/* talks-search: begin (hooks/talks_search.py) */\n"
_END = "\n/* talks-search: end */\n"

#: Key phrase weights: a page's own names count fully; an example's talk type, and a fixed
#: term on the terms page, half (the type's guidance page comes first for its name).
OWN, SECONDARY = 1, 0.5
#: Weight of a part's usual name (开场白, 结束语) on a type page whose part is named otherwise, and
#: of the page kind (示例, 表格) on example and form pages: as much as a section title.
PART = 0.8


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


#: Kinds of page shown on each result, by the start of the page's source path (first match wins);
#: the labels are in hooks/wording.yml (search.kinds).
KIND_PREFIXES = (("types/", "guide"), ("guides/", "guide"), ("examples/", "example"),
                 ("reference/phrases", "phrase"), ("forms/", "form"), ("", "reference"))
#: Hub pages: they list or link to content pages. At equal coverage they rank below them.
HUB_PAGES = ("reference/tags.md", "reference/phrases.md", "reference/phrases-tone.md")


def _generic_parts(talk_type: TalkType) -> list[str]:
    """开场白 / 结束语 for a type whose first (last) part has another name (诫勉: 告知后续)."""
    first, last = talks_wording.say("search.first_part"), talks_wording.say("search.last_part")
    found: list[str] = []
    for structure in talk_type.structures.values():
        parts = [s.name for s in structure if not s.interleave]
        if not parts:
            continue
        if first not in parts and first not in found:
            found.append(first)
        if last not in parts and last not in found:
            found.append(last)
    return found


def worker_data(types: Iterable[TalkType], talks: Iterable[Talk], terms: Iterable[str], terms_page: str,
                url_of: Callable[[str], str | None], example_path: Callable[[Talk], str],
                rewrites: Iterable[tuple[str, str, bool]] = (), hub_pages: Iterable[str] = ()) -> dict:
    """What the query pipeline needs to know about this site.

    - ``synonyms``: a talk type's name and its 别名;
    - ``keys``: key phrases per page location. A type's guidance page has its name and 别名 (and
      开场白/结束语 when its first or last part has another name); an example has its 谈话对象
      (and, at half weight, its type's names and its 场景, such as 国有企业; and 示例, and in full
      what it is, e.g. 廉政谈话示例); the terms
      page has every fixed term at half weight;
    - ``rewrite``: [as typed, as the site writes it, keep the typed word as an alternative];
    - ``hubs``: locations of hub pages; ``kinds``: [URL prefix, kind shown on results];
    - ``wording``: the notice shown when a query was rewritten.

    ``url_of`` maps a source path (``types/tixing.md``) to the page's URL as the search index
    has it (``types/tixing/``, or ``types/tixing.html`` in the offline build).
    """
    types = list(types)
    labels = talks_wording.lookup("search.kinds")
    synonyms = [[t.name, *t.aliases] for t in types]
    keys: dict[str, list] = {}
    for talk_type in types:
        url = url_of(talk_type.page)
        if url is not None:
            keys[url] = ([[name, OWN] for name in (talk_type.name, *talk_type.aliases)]
                         + [[part, PART] for part in _generic_parts(talk_type)])
    by_name = {t.name: t for t in types}
    for talk in talks:
        url = url_of(example_path(talk))
        if url is None:
            continue
        talk_type = by_name.get(talk.type_name)
        names = (talk_type.name, *talk_type.aliases) if talk_type else (talk.type_name,)
        keys[url] = ([[part, OWN] for part in _parts(talk.listener)]
                     + [[name, SECONDARY] for name in names]
                     + [[part, SECONDARY] for part in _parts(talk.setting)] + [[labels["example"], PART]]
                     # what it is: a 廉政谈话示例 (as its type's list of examples is titled)
                     + [[talks_wording.say("index.title", type=names[0]), OWN]])
    url = url_of(terms_page)
    if url is not None:
        keys[url] = [[term, SECONDARY] for term in terms]
    hubs = [url for page in [*hub_pages, *(f"{t.examples_dir}/index.md" for t in types)]
            if (url := url_of(page)) is not None]
    # (a folder's URL starts as its source path does: types/tixing.md → types/tixing/ or .html)
    kinds = [[prefix, labels[kind]] for prefix, kind in KIND_PREFIXES]
    return {"synonyms": synonyms, "keys": keys, "rewrite": [[a, b, int(keep)] for a, b, keep in rewrites],
            "hubs": hubs, "kinds": kinds, "wording": {"searched": talks_wording.say("search.searched_as", query="{query}"),
                        "loading": talks_wording.say("search.loading")}}


def check_worker(worker_js: str, bundle_js: str | None = None) -> None:
    """Raise :class:`WorkerChanged` unless :func:`build_worker` (and :func:`build_bundle`) fit."""
    build_worker(worker_js, {"synonyms": [], "keys": {}})
    if bundle_js is not None:
        build_bundle(bundle_js)


def _theme_file(theme_dirs: Iterable[str], pattern: str) -> Path | None:
    for theme_dir in theme_dirs:
        found = sorted(Path(theme_dir).glob(pattern))
        if found:
            return found[0]
    return None


def theme_bundle(theme_dirs: Iterable[str]) -> Path | None:
    """Material's main script that the theme will copy into the site."""
    return _theme_file(theme_dirs, BUNDLE_GLOB)


def theme_worker(theme_dirs: Iterable[str]) -> Path | None:
    """The search worker that the theme will copy into the site (checked before building)."""
    return _theme_file(theme_dirs, WORKER_GLOB)


def _edited(script: str, begin: str, end: str, patches) -> str:
    """A Material script without what we put in front of it, with each edit made exactly once.

    Running it on its own output gives the same script again (``mkdocs serve --dirty`` does not
    copy the theme's file anew)."""
    if script.startswith(begin):
        script = script.split(end, 1)[1]
    for original, replacement in patches:
        if script.count(original) != 1:
            if script.count(replacement) == 1 and script.count(original) == 0:
                continue  # already edited (a dirty rebuild)
            raise WorkerChanged(original)
        script = script.replace(original, replacement)
    return script


def build_bundle(bundle_js: str, page_js: str | None = None) -> str:
    """Material's main script with talks_search_page.js in front and its two edits made."""
    bundle_js = _edited(bundle_js, _PAGE_BEGIN, _PAGE_END, BUNDLE_PATCHES)
    page = page_js if page_js is not None else PAGE_JS.read_text("utf-8")
    return _PAGE_BEGIN + page + _PAGE_END + bundle_js


def build_worker(worker_js: str, data: dict, pipeline_js: str | None = None) -> str:
    """Material's worker with the query pipeline in front and its two query paths routed to it.

    Running it again on its own output replaces the pipeline and data (``mkdocs serve``).
    """
    worker_js = _edited(worker_js, _BEGIN, _END, PATCHES)
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
