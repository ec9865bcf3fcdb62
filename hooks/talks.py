"""MkDocs hooks: expand the worked examples in ``snippets/`` into pages of the site.

Data flow: ``docs/types/*.md`` declare each talk type and its structure (front matter);
``snippets/**/*.yml`` hold the worked example talks; ``docs/reference/`` holds the regulations
and fixed terms. ``on_config`` loads and checks all of it *before* MkDocs cleans the output, so
a mistake stops the build with a message and the previous site stays as it was. The work is
done by plain functions in the sibling ``talks_*`` modules; these events only connect them.
"""

from __future__ import annotations

from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Siblings must be imported here at the top: MkDocs puts hooks/ on sys.path only while importing.
import talks_load
import talks_render
import talks_search
from talks_errors import SnippetError
from talks_model import Talk, TalkType

log = get_plugin_logger("talks")

#: Where the reference shelf lives, relative to docs/.
REGULATIONS_PAGE = "reference/regulations.md"
TERMS_PAGE = "reference/terms.md"
#: Marker a guidance page may carry; it is replaced by the table of that type's examples.
EXAMPLES_MARKER = "<!-- talks:examples -->"
#: Markers of the two standard-phrasing index pages, and the front matter keys they group by.
PHRASES_BY_SECTION = "<!-- talks:phrases-by-section -->"
PHRASES_BY_TONE = "<!-- talks:phrases-by-tone -->"

# Loaded anew in on_config for every build (mkdocs serve keeps this module between rebuilds).
_types: dict[str, TalkType] = {}
_talks: list[Talk] = []
_phrases: list = []
_terms_loaded: set[str] = set()


def _read(docs_dir: Path, page: str) -> str:
    path = docs_dir / page
    return talks_load.decode(path.read_bytes(), f"docs/{page}") if path.exists() else ""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check every talk type and snippet; stop the build on any mistake."""
    global _types, _talks, _phrases
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    try:
        types = talks_load.load_types(docs_dir)
        regulations = talks_load.load_regulations(_read(docs_dir, REGULATIONS_PAGE))
        terms = talks_load.load_terms(_read(docs_dir, TERMS_PAGE))
        phrases = talks_load.load_phrases(docs_dir, types)
    except SnippetError as err:
        log.error(str(err))
        raise PluginError("指引页有错误（见上一条），站点未生成；原有站点保持不变。") from None
    talks, problems = talks_load.load_talks(root, root / "snippets", types, regulations)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"示例文件中有 {len(problems)} 处错误（见上），站点未生成；原有站点保持不变。")
    # Segment fixed terms (两个维护, 一岗双责 …) as single words in the search index.
    for word in [*terms, *types, *(a for t in types.values() for a in t.aliases)]:
        if word not in _terms_loaded:
            jieba.add_word(word)
            _terms_loaded.add(word)
    _types, _talks, _phrases = types, talks, phrases
    config.nav = talks_render.expand_nav(config.nav, talks, types)
    log.info(f"载入 {len(types)} 个谈话类型、{len(talks)} 篇示例谈话")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add one page per example and one example index per talk type (in memory only)."""
    for talk_type in _types.values():
        talks = [t for t in _talks if t.type_name == talk_type.name]
        files.append(File.generated(config, talks_render.index_path(talk_type),
                                    content=talks_render.render_index(talk_type, talks, _types)))
    for talk in _talks:
        content = talks_render.render_example(talk, _types, REGULATIONS_PAGE)
        files.append(File.generated(config, talks_render.example_path(talk, _types), content=content))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Fill the markers: a type's table of examples, and the standard-phrasing indexes."""
    src = page.file.src_uri
    if EXAMPLES_MARKER in markdown:
        talk_type = next((t for t in _types.values() if t.page == src), None)
        talks = [t for t in _talks if talk_type and t.type_name == talk_type.name]
        markdown = markdown.replace(EXAMPLES_MARKER, talks_render.examples_table(talks, _types, src))
    if PHRASES_BY_SECTION in markdown or PHRASES_BY_TONE in markdown:
        text = _read(Path(config.docs_dir), src)
        try:
            groups = talks_load.load_grouping(text, src, "用语分类")
            levels = talks_load.load_grouping(text, src, "语气分级")
        except SnippetError as err:
            log.error(str(err))
            raise PluginError("规范用语索引页的页首有错误（见上一条）。") from None
        other = page.meta.get("其他分类", "其他")
        markdown = markdown.replace(PHRASES_BY_SECTION,
                                    talks_render.phrases_by_section(_phrases, _types, groups, other, src))
        markdown = markdown.replace(PHRASES_BY_TONE, talks_render.phrases_by_tone(_phrases, _types, levels, src))
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Highlight 【占位符】 on every page."""
    return talks_render.highlight_placeholders(html)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Make the built search worker segment Chinese queries into all their words."""
    workers = list(Path(config.site_dir).glob(talks_search.WORKER_GLOB))
    if not workers:
        raise PluginError("未找到 Material 的搜索脚本，无法修正中文搜索分词；请检查 mkdocs-material 版本。")
    for worker in workers:
        try:
            worker.write_text(talks_search.fix_query_segmentation(worker.read_text("utf-8")), "utf-8")
        except talks_search.WorkerChanged:
            raise PluginError(f"{worker.name} 与 hooks/talks_search.py 适配的 Material 版本不同，"
                              "中文搜索修正未生效；请按 requirements.txt 安装固定版本，或更新该修正。") from None
