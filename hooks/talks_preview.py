"""The preview's live reload: after a save, render only the pages that save changed.

``make serve`` runs ``mkdocs serve --dirty``. A dirty MkDocs build renders a page only when its
source file is newer than its output. That rule is right for a snippet's own page and wrong for
everything that shows data from other files (navigation, lists of examples, tags). So:

* the site's generated pages are written to ``.cache/talks-preview/`` and rewritten only when
  their text changed (:class:`GeneratedPages`), which lets MkDocs' rule see them unchanged;
* :func:`shape_digest` sums up what other pages show; when it changes (a title, a tag, any docs
  page, mkdocs.yml, the code), the hook empties the output folder and everything is rebuilt;
* pages that are not rendered keep the navigation title of the previous build (:class:`Titles`).

Every save is still loaded and checked in full (``talks_site.load_site``); only the rendering
is skipped. No MkDocs import here.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Callable, TypeVar

import jinja2
import jinja2.bccache

T = TypeVar("T")

#: MkDocs warns on every dirty build; with ``strict: true`` that warning alone aborts the build.
DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def allow_dirty_builds(logger_name: str = "mkdocs.commands.build") -> None:
    """Silence MkDocs' dirty-build warning: this module keeps the navigation and lists correct,
    which is what the warning is about. Installing twice is harmless."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, _DropDirtyWarning) for f in logger.filters):
        logger.addFilter(_DropDirtyWarning())


class GeneratedPages:
    """Generated files (pages, Word files) kept on disk and rewritten only when their content
    changed, so that the file's age tells MkDocs whether to render or copy it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, int] = {}  # src_uri → hash of the content last written this session

    def path_of(self, src_uri: str, content: str | bytes) -> str:
        path = self.folder / src_uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        fingerprint = hash(data)
        if self._written.get(src_uri) == fingerprint and path.exists():
            return str(path)
        try:
            unchanged = path.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(data)
            partial.replace(path)
        self._written[src_uri] = fingerprint
        return str(path)


class PerTalk:
    """What is made from one talk (its page, Word file, composer data), remembered across
    rebuilds while the talk is the same object (talks_cache.SnippetCache hands back the same
    Talk for an unchanged file) and nothing else it depends on changed (``context``: a digest
    of the docs pages, the schema, the code and mkdocs.yml)."""

    def __init__(self) -> None:
        self._context: str | None = None
        self._made: dict[tuple[str, str], tuple[object, object]] = {}

    def get(self, talk, context: str, what: str, make: Callable[[], T]) -> T:
        if context != self._context:
            self._made.clear()
            self._context = context
        key = (talk.source, what)
        known = self._made.get(key)
        if known is not None and known[0] is talk:
            return known[1]
        value = make()
        self._made[key] = (talk, value)
        return value


def shape_digest(*parts: object) -> str:
    """A digest of what pages other than a snippet's own show (navigation, lists, tags), with
    the digest of the inputs whose change needs every page rendered again (docs pages,
    mkdocs.yml, the code) passed in as one of the parts."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8") + b"\0")
    return digest.hexdigest()


class Titles:
    """Page titles from the last render. A page MkDocs does not render in a dirty build has no
    title of its own (it comes from its text), so the navigation would show its file name."""

    def __init__(self) -> None:
        self._titles: dict[str, str] = {}

    def remember(self, src_uri: str, title: str | None) -> None:
        if title:
            self._titles[src_uri] = title

    def of(self, src_uri: str) -> str | None:
        return self._titles.get(src_uri)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per preview session, not on every rebuild (MkDocs makes
    a new Jinja environment for each build). Jinja checks each template's source checksum, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
