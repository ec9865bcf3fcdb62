"""MkDocs hooks: expand the worked examples in ``snippets/`` into pages of the site.

Data flow: ``docs/types/*.md`` declare each talk type and its structure (front matter);
``snippets/**/*.yml`` hold the worked example talks; ``docs/reference/`` holds the regulations
and fixed terms. ``on_config`` loads and checks all of it *before* MkDocs cleans the output, so
a mistake stops the build with a message and the previous site stays as it was. The work is
done by plain functions in the sibling ``talks_*`` modules; these events only connect them.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jieba
import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils import meta as page_meta

# Siblings must be imported here at the top: MkDocs puts hooks/ on sys.path only while importing.
import talks_cache
import talks_docx
import talks_load
import talks_maintainers
import talks_render
import talks_schema
import talks_search
import talks_tags
from talks_errors import SnippetError
from talks_model import Talk, TalkType

log = get_plugin_logger("talks")

# Live reload: remember checked snippets and jieba's segmentations between rebuilds (talks_cache).
_snippet_cache = talks_cache.SnippetCache()
talks_cache.remember_segmentation(jieba)

#: Where the reference shelf lives, relative to docs/.
REGULATIONS_PAGE = "reference/regulations.md"
TERMS_PAGE = "reference/terms.md"
#: Marker a guidance page may carry; it is replaced by the table of that type's examples.
EXAMPLES_MARKER = "<!-- talks:examples -->"
#: Markers of the two standard-phrasing index pages, and the front matter keys they group by.
PHRASES_BY_SECTION = "<!-- talks:phrases-by-section -->"
PHRASES_BY_TONE = "<!-- talks:phrases-by-tone -->"
#: The tag page: its front matter holds the tag vocabulary; the marker becomes a filterable table.
TAGS_PAGE = "reference/tags.md"
ALL_EXAMPLES = "<!-- talks:examples-all -->"
#: Front matter key of a page (e.g. a form) that is also offered as Word: the ## sections to include.
WORD_SECTIONS = "Word文件"
#: The offline plugin loads this Worker shim from unpkg.com unless a local copy is configured.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"

# Loaded anew in on_config for every build (mkdocs serve keeps this module between rebuilds).
_types: dict[str, TalkType] = {}
_talks: list[Talk] = []
_phrases: list = []
_terms_loaded: set[str] = set()
_tag_rules: talks_tags.TagRules | None = None
_talk_tags: dict[str, list[str]] = {}
#: Repository path → date of its last commit (one git log per build); page src_uri → its sources.
_changed: dict = {}
_sources: dict[str, list[str]] = {}
#: url → own title, for pages whose nav title differs (every guidance page is 工作指引 in the nav)
_own_titles: dict[str, str] = {}
#: Synonyms and page key phrases for the search worker (see talks_search.worker_data).
_search_data: dict = {}
_search_terms: list[str] = []


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
    schema = talks_schema.SCHEMA_PATH.read_bytes() if talks_schema.SCHEMA_PATH.exists() else b""
    talks, problems = talks_load.load_talks(root, root / "snippets", types, regulations,
                                            _snippet_cache.entries_for(types, regulations, schema))
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"示例文件中有 {len(problems)} 处错误（见上），站点未生成；原有站点保持不变。")
    # Segment fixed terms (两个维护, 一岗双责 …) as single words in the search index.
    _search_terms[:] = terms
    for word in talks_search.dictionary_words(terms, types.values()):
        if word not in _terms_loaded:
            jieba.add_word(word)
            _terms_loaded.add(word)
    _types, _talks, _phrases = types, talks, phrases
    _own_titles.clear()
    _load_tags(docs_dir)
    _check_search_worker(config)
    _load_dates(root)
    config.nav = talks_render.expand_nav(config.nav, talks, types)
    log.info(f"载入 {len(types)} 个谈话类型、{len(talks)} 篇示例谈话")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add one page per example and one example index per talk type (in memory only)."""
    for talk_type in _types.values():
        talks = [t for t in _talks if t.type_name == talk_type.name]
        files.append(File.generated(config, talks_render.index_path(talk_type),
                                    content=talks_render.render_index(talk_type, talks, _types, _talk_tags)))
    for talk in _talks:
        content = talks_render.render_example(talk, _types, REGULATIONS_PAGE, _talk_tags.get(talk.slug, []))
        files.append(File.generated(config, talks_render.example_path(talk, _types), content=content))
        _add_download(files, config, talks_render.docx_path(talk, _types), talks_docx.talk_docx(talk))
    for page in [f for f in files.documentation_pages() if f.abs_src_path]:
        _add_page_docx(files, config, page)
    _add_contributing_and_sources(files, config)
    global _search_data
    _search_data = talks_search.worker_data(
        _types.values(), _talks, _search_terms, TERMS_PAGE,
        url_of=lambda src: (f := files.get_file_from_path(src)) and f.url,
        example_path=lambda talk: talks_render.example_path(talk, _types))
    return files


def _add_download(files: Files, config: MkDocsConfig, path: str, data: bytes, *, fillable: bool = True) -> None:
    """A .docx; if the page fills it in, also the bytes as a script (loadable from file://)."""
    files.append(File.generated(config, path, content=data))
    if fillable:
        script = talks_docx.docx_script(Path(path).name, data)
        files.append(File.generated(config, path + ".js", content=script))


def _add_page_docx(files: Files, config: MkDocsConfig, page: File) -> None:
    """Publish the ## sections named in a page's ``Word文件`` front matter as <page>.docx."""
    text = Path(page.abs_src_path).read_text("utf-8-sig")
    if WORD_SECTIONS not in text:
        return
    body, meta = page_meta.get_data(text)
    wanted = meta.get(WORD_SECTIONS)
    if not wanted:
        return
    where = f"docs/{page.src_uri}"
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        log.error(f"{where}: 页首“{WORD_SECTIONS}”应当是二级标题（## 标题）的列表。"
                  f"修改：写成“{WORD_SECTIONS}: [标题一, 标题二]”")
        raise PluginError("页首有错误（见上一条），站点未生成。")
    html = markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs).convert(body)
    title = meta.get("title") or Path(page.src_uri).stem
    try:
        data = _form_docx(str(title), html, tuple(wanted))
    except KeyError as missing:
        log.error(f"{where}: 页首“{WORD_SECTIONS}”列出的“{missing.args[0]}”不是本页的二级标题。"
                  f"修改：写成本页某个“## ”标题的文字（不含“## ”和 {{ #… }}）")
        raise PluginError("页首有错误（见上一条），站点未生成。") from None
    _add_download(files, config, Path(page.src_uri).with_suffix(".docx").as_posix(), data, fillable=False)


@functools.lru_cache(maxsize=64)  # live reload: a form that did not change is not laid out again
def _form_docx(title: str, html: str, wanted: tuple[str, ...]) -> bytes:
    return talks_docx.form_docx(title, html, list(wanted))


def _load_tags(docs_dir: Path) -> None:
    """Read the tag vocabulary; every example must fall into some 谈话对象 and 领域 class."""
    global _tag_rules, _talk_tags
    try:
        rules = talks_tags.load_rules(_read(docs_dir, TAGS_PAGE), TAGS_PAGE)
    except SnippetError as err:
        log.error(str(err))
        raise PluginError("标签页的页首有错误（见上一条），站点未生成；原有站点保持不变。") from None
    problems = 0
    for talk in _talks:
        for facet, value in talks_tags.unclassified(talk, rules):
            field = "谈话对象" if facet == talks_tags.LISTENER_FACET else "场景"
            log.error(f"{talk.source}: 字段“{field}”：“{value}”不属于任何“{facet}”标签。"
                      f"修改：在 docs/{TAGS_PAGE} 页首的“{facet}”中为相应类别补充关键词（或新增一类）")
            problems += 1
    if problems:
        raise PluginError(f"{problems} 篇示例无法归类（见上），站点未生成；原有站点保持不变。")
    _tag_rules = rules
    _talk_tags = {t.slug: talks_tags.talk_tags(t, _types, rules) for t in _talks}


def on_pre_build(*, config: MkDocsConfig) -> None:
    """In the offline build: the vendored iframe-worker shim instead of unpkg.com, no instant
    navigation.

    Runs after every on_config: the offline plugin (loaded late by the group plugin) adds the
    unpkg.com URL in its own on_config.
    """
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in p and "://" in p else p
                                 for p in polyfills]
    if IFRAME_WORKER_SHIM in config.extra["polyfills"]:
        # Instant navigation fetches pages, which file:// does not allow: keep it off offline.
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Fill the markers: a type's table of examples, and the standard-phrasing indexes."""
    src = page.file.src_uri
    _set_tags(page)
    if page.meta.get("title") and page.title != page.meta["title"]:
        _own_titles[page.url] = str(page.meta["title"])
    if ALL_EXAMPLES in markdown:
        markdown = markdown.replace(ALL_EXAMPLES, talks_render.examples_table(_talks, _types, src, _talk_tags))
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


def _set_tags(page: Page) -> None:
    """Tag guidance pages by their type; allow only tags of the vocabulary on any page."""
    talk_type = next((t for t in _types.values() if t.page == page.file.src_uri), None)
    tags = list(page.meta.get("tags") or [])
    if talk_type and _tag_rules:
        tags = list(dict.fromkeys([*talks_tags.type_tags(talk_type, _tag_rules), *tags]))
    if not tags:
        return
    allowed = talks_tags.vocabulary(_types, _tag_rules) if _tag_rules else set()
    unknown = [str(t) for t in tags if str(t) not in allowed]
    if unknown:
        log.error(f"docs/{page.file.src_uri}: 标签“{'、'.join(unknown)}”不在标签词表中。"
                  f"修改：删去页首的 tags，标签由系统按 docs/{TAGS_PAGE} 的规则自动生成")
        raise PluginError("页面标签有错误（见上一条），站点未生成。")
    page.meta["tags"] = tags


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Highlight 【占位符】 on every page."""
    return talks_render.highlight_placeholders(html)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Tags read “类别：名称” in facet order; the tag index lists guidance pages by type name."""
    output = talks_render.present_tags(output, talks_tags.FACETS, talks_tags.SEPARATOR)
    if page.file.src_uri != TAGS_PAGE:
        return output
    titles = {get_relative_url(url, page.url): title for url, title in _own_titles.items()}
    return talks_render.retitle_links(output, titles)


def _check_search_worker(config: MkDocsConfig) -> None:
    """Stop before building if the theme's search worker is not the one talks_search.js fits."""
    worker = talks_search.theme_worker(config.theme.dirs)
    try:
        talks_search.check_worker(worker.read_text("utf-8") if worker else "")
    except talks_search.WorkerChanged:
        log.error(f"{worker or 'Material 的搜索脚本'} 与 hooks/talks_search.py 适配的 Material 版本（9.8.2）不同。"
                  "修改：按 requirements.txt 重新安装固定版本（.venv/bin/pip install -r requirements.txt），"
                  "升级 Material 时同时更新 hooks/talks_search.py 中的 PATCHES")
        raise PluginError("中文搜索无法接入 Material 的搜索脚本（见上一条），站点未生成；原有站点保持不变。") from None


def on_post_build(*, config: MkDocsConfig) -> None:
    """Route the built search worker's queries through the site's Chinese query pipeline."""
    workers = list(Path(config.site_dir).glob(talks_search.WORKER_GLOB))
    if not workers:
        raise PluginError("未找到 Material 的搜索脚本，无法修正中文搜索分词；请检查 mkdocs-material 版本。")
    for worker in workers:
        try:
            worker.write_text(talks_search.build_worker(worker.read_text("utf-8"), _search_data), "utf-8")
        except talks_search.WorkerChanged:
            raise PluginError(f"{worker.name} 与 hooks/talks_search.py 适配的 Material 版本不同，"
                              "中文搜索修正未生效；请按 requirements.txt 安装固定版本，或更新该修正。") from None
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():  # half the bytes (see talks_search.utf8_index)
        index.write_text(talks_search.utf8_index(index.read_text("utf-8")), "utf-8")


# --- For maintainers: "编辑此页" links, "最后更新" dates, the contributing guide -------------

def _load_dates(root: Path) -> None:
    """One git log per build; outside a git checkout the pages just show no date."""
    changed, why = talks_maintainers.last_changed(root)
    _changed.clear()
    _changed.update(changed)
    if why:
        log.info(f"页面不显示“最后更新”日期：{why}")


def _add_contributing_and_sources(files: Files, config: MkDocsConfig) -> None:
    """Publish CONTRIBUTING.md; point every page's edit link and date at the file maintainers edit."""
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    guide = root / "CONTRIBUTING.md"
    if guide.exists():
        page = File.generated(config, talks_maintainers.CONTRIBUTING_PAGE, content=talks_maintainers.contributing_page(
            guide.read_text("utf-8-sig"), config.edit_uri))
        page.edit_uri = "../CONTRIBUTING.md"
        files.append(page)
    _sources.clear()
    _sources[talks_maintainers.CONTRIBUTING_PAGE] = ["CONTRIBUTING.md"]
    for file in files.documentation_pages():
        if file.abs_src_path:
            _sources[file.src_uri] = [f"{docs}/{file.src_uri}"]
    for talk_type in _types.values():
        index = files.get_file_from_path(talks_render.index_path(talk_type))
        if index:
            index.edit_uri = talk_type.page  # the list is made from the guidance page and the snippets
            _sources[index.src_uri] = [f"{docs}/{talk_type.page}"] + [t.source for t in _talks if t.type_name == talk_type.name]
    for talk in _talks:
        example = files.get_file_from_path(talks_render.example_path(talk, _types))
        if example:
            example.edit_uri = f"../{talk.source}"  # relative to edit_uri, which ends in docs/
            _sources[example.src_uri] = [talk.source]


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    """Show the "最后更新" date of the page's source file(s) and a clean edit link."""
    day = talks_maintainers.latest(_changed, _sources.get(page.file.src_uri, []))
    if day:
        page.meta["revision_date"] = f"最后更新：{talks_maintainers.chinese_date(day)}"
    page.edit_url = talks_maintainers.tidy_edit_url(page.edit_url)
    return context

