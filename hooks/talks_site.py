"""One build's loaded and checked data: :class:`Site`, made by :func:`load_site`.

Everything the build, lint, the snippet checker and the composer's JSON need from the
maintainers' files is read here, once, into one object: talk types and their structures, the
regulations, fixed terms, the placeholder rules, standard phrasings, worked examples and tags.
Every mistake found is collected into :class:`SiteErrors` so that the build stops before it
touches the output. No MkDocs import here: tests and scripts call :func:`load_site` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import talks_load
import talks_schema
import talks_tags
from talks_errors import SnippetError
from talks_model import Phrase, Talk, TalkType

#: Pages of the reference shelf, relative to docs/.
REGULATIONS_PAGE = "reference/regulations.md"
TERMS_PAGE = "reference/terms.md"
TAGS_PAGE = "reference/tags.md"
WUXIE_PAGE = "reference/wuxie.md"
#: The types index; its front matter 分组顺序 orders the groups of the overview pages.
TYPES_INDEX_PAGE = "types/index.md"
WRITING_PAGE = talks_load.WRITING_PAGE


class SiteErrors(Exception):
    """The maintainers' mistakes found while loading, each with its file and line."""

    def __init__(self, problems: list[SnippetError], summary: str):
        self.problems = problems
        self.summary = summary
        super().__init__("\n".join([*map(str, problems), summary]))


@dataclass
class Site:
    """The checked content of one build."""

    root: Path
    docs_dir: Path
    types: dict[str, TalkType]
    regulations: frozenset[str]
    terms: list[str]
    generic_placeholders: frozenset[str]
    phrases: list[Phrase]
    talks: list[Talk]
    tag_rules: talks_tags.TagRules
    talk_tags: dict[str, list[str]] = field(default_factory=dict)
    #: Group names of the overview pages, in order (docs/types/index.md 分组顺序).
    groups: list[str] = field(default_factory=list)
    #: What search rewrites before segmenting: (as typed, as the site writes it, keep the typed
    #: word too), from 常见误写 and the 术语 page's 俗称 column (talks_load.load_rewrites).
    rewrites: list[tuple[str, str, bool]] = field(default_factory=list)

    def talks_of(self, talk_type: TalkType) -> list[Talk]:
        return [t for t in self.talks if t.type_name == talk_type.name]

    def type_of_page(self, src_uri: str) -> TalkType | None:
        return next((t for t in self.types.values() if t.page == src_uri), None)


def read_page(docs_dir: Path, page: str) -> str:
    """A docs page's text ("" when it does not exist), decoded with a clear error."""
    path = docs_dir / page
    return talks_load.decode(path.read_bytes(), f"docs/{page}") if path.exists() else ""


def _groups(index_text: str, types: dict[str, TalkType]) -> list[str]:
    """分组顺序 of the types index; every type that names a 分组 must name one of them."""
    path = f"docs/{TYPES_INDEX_PAGE}"
    meta = talks_load.front_matter(index_text, path)
    if meta is None or "分组顺序" not in meta.items:
        return []
    order = [item.value.strip() for item in getattr(meta.items["分组顺序"], "items", [])]
    for talk_type in types.values():
        group = talk_type.about("分组")
        if group and group not in order:
            raise SnippetError(f"docs/{talk_type.page}", 2, f"分组“{group}”不在 {path} 页首的“分组顺序”中",
                               f"改成其中之一：{'、'.join(order)}；或先在那里补充这一组", "分组")
    return order


def load_site(root: Path, docs_dir: Path, snippet_cache=None) -> Site:
    """Read and check every maintainer file; raise :class:`SiteErrors` listing each mistake.

    ``snippet_cache`` (talks_cache.SnippetCache) lets ``mkdocs serve`` skip unchanged snippets.
    """
    try:
        types = talks_load.load_types(docs_dir)
        regulations = talks_load.load_regulations(read_page(docs_dir, REGULATIONS_PAGE))
        terms_text = read_page(docs_dir, TERMS_PAGE)
        terms = talks_load.load_terms(terms_text)
        rewrites = talks_load.load_rewrites(read_page(docs_dir, WUXIE_PAGE), terms_text)
        generic = talks_load.load_generic_placeholders(read_page(docs_dir, WRITING_PAGE), WRITING_PAGE)
        phrases = talks_load.load_phrases(docs_dir, types, generic)
        tag_rules = talks_tags.load_rules(read_page(docs_dir, TAGS_PAGE), TAGS_PAGE)
        groups = _groups(read_page(docs_dir, TYPES_INDEX_PAGE), types)
    except SnippetError as err:
        raise SiteErrors([err], "指引页有错误（见上一条），站点未生成；原有站点保持不变。") from None
    schema = talks_schema.SCHEMA_PATH.read_bytes() if talks_schema.SCHEMA_PATH.exists() else b""
    entries = snippet_cache.entries_for(types, regulations, generic, schema) if snippet_cache else None
    talks, problems = talks_load.load_talks(root, root / "snippets", types, regulations, entries, generic)
    if problems:
        raise SiteErrors(problems, f"示例文件中有 {len(problems)} 处错误（见上），站点未生成；原有站点保持不变。")
    unclassified = []
    for talk in talks:
        for facet, value in talks_tags.unclassified(talk, tag_rules):
            field = "谈话对象" if facet == talks_tags.LISTENER_FACET else "场景"
            unclassified.append(SnippetError(
                talk.source, talk.field_lines.get(field, 1), f"“{value}”不属于任何“{facet}”标签",
                f"在 docs/{TAGS_PAGE} 页首的“{facet}”中为相应类别补充关键词（或新增一类）", field))
    if unclassified:
        raise SiteErrors(unclassified, f"{len(unclassified)} 篇示例无法归类（见上），站点未生成；原有站点保持不变。")
    site = Site(root, docs_dir, types, regulations, terms, generic, phrases, talks, tag_rules, groups=groups,
                rewrites=rewrites)
    site.talk_tags = {t.slug: talks_tags.talk_tags(t, types, tag_rules) for t in talks}
    return site
