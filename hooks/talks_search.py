"""Correct the Chinese query segmentation in Material's built search worker.

Material segments an unspaced Chinese query greedily against the words in the search index, but
its two loops stop one character short: a word ending at the last character of the query is
never considered, so 两个维护 is searched as 两个 alone. We patch the two loop bounds in the
minified worker that the build copies to the site. The exact text is pinned: if a different
Material version changes it, :func:`fix_query_segmentation` raises instead of guessing.
"""

from __future__ import annotations

#: (minified original, corrected) pairs for mkdocs-material 9.8.2's search worker.
PATCHES = (
    # for (j = i + 1; j < query.length; j++)  →  j <= query.length
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);",
     "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);"),
    # continue at the end of a word unless it is the end of the query: q < length - 1  →  q < length
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
)

#: Where the worker lives in the built site.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"


class WorkerChanged(Exception):
    """The search worker no longer contains the code this patch was written for."""


def fix_query_segmentation(worker_js: str) -> str:
    for original, corrected in PATCHES:
        if worker_js.count(original) != 1:
            if corrected in worker_js:
                continue  # already patched (e.g. a dirty rebuild)
            raise WorkerChanged(original)
        worker_js = worker_js.replace(original, corrected)
    return worker_js
