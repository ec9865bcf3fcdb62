"""Keep work that a rebuild would repeat unchanged, for ``mkdocs serve``'s live reload.

``mkdocs serve`` keeps hook modules in memory between rebuilds, so what is remembered here
survives from one save to the next. Two things are worth remembering: the checked snippets
(reading and validating every file again costs more than the one that changed) and jieba's
segmentation of the search index text (Material's search plugin segments every page again on
every rebuild; most of that text did not change). Both are pure functions of their inputs, so
a remembered result is exactly what the work would produce again.

:class:`FileCache` keeps work on disk between separate builds (``.cache/`` of the repository): the
Word files (laying them out with python-docx was the largest part of the hooks' cost) and the
loaded, checked content (keyed by a digest of every input file, :func:`inputs_digest`). No MkDocs
import here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Callable


class SnippetCache:
    """Checked snippets from the previous build: repository path → (file bytes, Talk or SnippetError).

    :func:`talks_load.load_talks` reuses an entry when the file's bytes are the same. An entry
    also depends on everything else the check reads (talk types, regulations, the schema), so
    :meth:`entries_for` forgets all entries when any of those changed.
    """

    def __init__(self) -> None:
        self._inputs: Any = None
        self._entries: dict[str, tuple[bytes, Any]] = {}

    def entries_for(self, *inputs: Any) -> dict[str, tuple[bytes, Any]]:
        if inputs != self._inputs:
            self._entries = {}
            self._inputs = inputs
        return self._entries


#: Segmentations remembered across rebuilds; cleared when it grows past the limit.
_segmented: dict[tuple, tuple[str, ...]] = {}
MEMO_LIMIT = 500_000


def remember_segmentation(jieba) -> None:
    """Make ``jieba.cut`` remember its answers (Material's search plugin calls it per text run).

    The key includes the state of jieba's dictionary (its size and total frequency change with
    every ``add_word`` and user dictionary), so words added by the hooks are always respected.
    Installing twice is harmless.
    """
    if getattr(jieba.cut, "remembers", False):
        return
    segment = jieba.cut

    def cut(sentence, cut_all=False, HMM=True, use_paddle=False):  # noqa: N803 (jieba's own names)
        tokenizer = jieba.dt
        tokenizer.check_initialized()
        key = (sentence, cut_all, HMM, use_paddle, id(tokenizer), tokenizer.total, len(tokenizer.FREQ))
        words = _segmented.get(key)
        if words is None:
            if len(_segmented) >= MEMO_LIMIT:
                _segmented.clear()
            words = _segmented[key] = tuple(segment(sentence, cut_all, HMM, use_paddle))
        return iter(words)

    cut.remembers = True
    jieba.cut = cut


class FileCache:
    """Bytes made by a pure function, kept on disk between builds (``.cache/`` of the repository).

    A Word file depends only on its input (the talk's printed lines, a form's HTML) and on the
    code that lays it out, so ``version`` (a digest of that code) is part of every key: change
    the layout code and every entry is made anew. Entries that a build did not use are removed
    by :meth:`prune`, so the folder holds one build's worth of files.
    """

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self.used: set[str] = set()

    def get_or_make(self, key: bytes, make: Callable[[], bytes]) -> bytes:
        name = hashlib.sha256(self.version.encode() + b"\0" + key).hexdigest()
        self.used.add(name)
        path = self.folder / name
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)  # never a half-written entry, even if two builds run at once
        except OSError:
            pass  # a read-only checkout still builds, just without the cache
        return data

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in self.used:
                (self.folder / name).unlink(missing_ok=True)


def code_version(*files: Path, extra: str = "") -> str:
    """A digest of source files (and e.g. a library version): the version of what they make."""
    digest = hashlib.sha256(extra.encode())
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()


def inputs_digest(*trees: Path, patterns: tuple[str, ...] = ("*.md", "*.yml", "*.yaml", "*.json", "*.py")) -> str:
    """A digest of every file (path and bytes) under ``trees`` matching ``patterns``: the inputs of
    loading the site. Any edit, new file or removed file gives a new digest."""
    digest = hashlib.sha256()
    for tree in trees:
        files = sorted(p for pattern in patterns for p in tree.rglob(pattern) if p.is_file()) if tree.is_dir() else [tree]
        for file in files:
            digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()
