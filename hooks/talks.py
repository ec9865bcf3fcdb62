"""MkDocs hooks: the one thin adapter between MkDocs events and the site's plain modules.

``on_config`` loads and checks every maintainer file into one :class:`talks_site.Site` *before*
MkDocs cleans the output, so a mistake stops the build with a message and the previous site
stays as it was. The other events only hand that object to pure functions (talks_render,
talks_docx, talks_compose, talks_search, talks_tags, talks_maintainers) and put their results
where MkDocs expects them. Nothing happens at import: what lives across ``mkdocs serve``
rebuilds is set up in ``on_startup``; what belongs to one build is made in ``on_config``.

Event order against other plugins is declared with ``event_priority``: ``on_post_build`` runs
after Material's search plugin has written its files (priority 0) and before the offline
plugin (−100) copies them into the offline build.
"""

from __future__ import annotations

import functools
import html as html_lib
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url

# Siblings must be imported here at the top: MkDocs puts hooks/ on sys.path only while importing.
import talks_cache
import talks_compose
import talks_docx
import talks_layout
import talks_load
import talks_maintainers
import talks_preview
import talks_render
import talks_search
import talks_site
import talks_tags
import talks_wording
from talks_errors import SnippetError

log = get_plugin_logger("talks")

#: Markers a page may carry; each is replaced by generated Markdown.
EXAMPLES_MARKER = "<!-- talks:examples -->"  # a guidance page: the table of that type's examples
ALL_EXAMPLES = "<!-- talks:examples-all -->"  # the tag page: every example, filterable
STRUCTURE_MARKER = "<!-- talks:structure -->"  # a guidance page: its structure per form
GENERIC_MARKER = "<!-- talks:generic-placeholders -->"  # the writing guide: names too generic to use
#: Overview pages generated from the types' front matter (home, types index, comparison).
OVERVIEW_MARKERS = {
    "<!-- talks:type-cards -->": lambda site, src: talks_render.type_cards(site.types, site.groups, src),
    "<!-- talks:types-table -->": lambda site, src: talks_render.types_table(site.types, src),
    "<!-- talks:types-by-group -->": lambda site, src: talks_render.types_by_group(site.types, site.groups, src),
    "<!-- talks:compare-table -->": lambda site, src: talks_render.compare_table(site.types, src),
}
PHRASES_BY_SECTION = "<!-- talks:phrases-by-section -->"
PHRASES_BY_TONE = "<!-- talks:phrases-by-tone -->"
#: Front matter key of a page (e.g. a form) that is also offered as Word: the ## sections to include.
WORD_SECTIONS = "Word文件"
#: Front matter key of the composer page: the form pages of one talk's 谈话卷宗, in order.
DOSSIER = "谈话卷宗"
#: The Word template the composer fills in the browser (talks_docx.composer_template).
COMPOSER_TEMPLATE = "assets/talks-docx-template.js"
#: The offline plugin loads this Worker shim from unpkg.com unless a local copy is configured.
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


@dataclass
class Build:
    """Everything one build knows: the checked content and what the events learn on the way."""

    site: talks_site.Site
    #: Repository path → date of its last commit (one git log per build).
    changed: dict = field(default_factory=dict)
    #: Page src_uri → the repository files it is made from (edit links and dates).
    sources: dict[str, list[str]] = field(default_factory=dict)
    #: url → own title, for pages whose nav title differs (every guidance page is 工作指引 in the nav).
    own_titles: dict[str, str] = field(default_factory=dict)
    #: Synonyms and page key phrases for the search worker (see talks_search.worker_data).
    search_data: dict = field(default_factory=dict)
    #: Word files kept on disk between builds (.cache/talks-docx).
    docx_cache: talks_cache.FileCache | None = None
    #: Preview only: a digest of everything but the snippets (docs, schema, code, mkdocs.yml).
    context: str = ""
    #: Whether the tag page is rendered in this build (a dirty preview build may skip it).
    tag_page_rendered: bool = False
    #: Form pages offered as Word: src_uri → (title, Markdown body, wanted ## sections, .docx path).
    forms: dict[str, tuple[str, str, tuple[str, ...], str]] = field(default_factory=dict)


@dataclass
class Session:
    """What outlives one build in ``mkdocs serve``: remembered work and jieba's added words."""

    snippets: talks_cache.SnippetCache = field(default_factory=talks_cache.SnippetCache)
    jieba_words: set[str] = field(default_factory=set)
    command: str = "build"
    #: ``mkdocs serve``: the last content that loaded without a mistake, and the current mistakes.
    last_good: talks_site.Site | None = None
    problems: list[str] = field(default_factory=list)
    #: ``mkdocs serve --dirty`` (``make serve``): render only what a save changed (talks_preview).
    dirty: bool = False
    generated: talks_preview.GeneratedPages | None = None
    shape: str | None = None
    titles: talks_preview.Titles = field(default_factory=talks_preview.Titles)
    #: Page → its tag links from the last build that rendered the tag page (see on_page_context).
    tag_links: dict[str, list] = field(default_factory=dict)
    templates: talks_preview.CompiledTemplates = field(default_factory=talks_preview.CompiledTemplates)
    per_talk: talks_preview.PerTalk = field(default_factory=talks_preview.PerTalk)


_session: Session | None = None
_build: Build | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    """Once per process: remember checked snippets, and in ``mkdocs serve`` jieba's
    segmentations, across rebuilds (a single build would only pay for remembering)."""
    global _session
    _session = Session(command=command, dirty=dirty and command == "serve")
    if command == "serve":
        talks_cache.remember_segmentation(jieba)
    if _session.dirty:
        talks_preview.allow_dirty_builds()


def _state() -> Session:
    if _session is None:  # a caller that skipped on_startup (e.g. a test driving MkDocs directly)
        on_startup(command="build", dirty=False)
    return _session


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check everything into one Site; stop the build on any mistake."""
    global _build
    session = _state()
    root = Path(config.config_file_path).parent
    try:
        site = _load_site(root, Path(config.docs_dir), session)
        session.problems = []
    except talks_site.SiteErrors as errors:
        if session.command != "serve" or session.last_good is None:
            for problem in errors.problems:
                log.error(str(problem))
            raise PluginError(errors.summary) from None
        # The preview keeps serving the last good content (an error would leave every request
        # waiting until the next good save) and shows the mistakes in the terminal and on each page.
        session.problems = [str(problem) for problem in errors.problems]
        print("\n".join(["", "[预览] 有错误，预览暂时显示上一次正确的内容；改正并保存后自动恢复：",
                         *session.problems, ""]), file=sys.stderr, flush=True)
        site = session.last_good
    session.last_good = site
    _check_search_worker(config)
    _add_search_words(site, session)
    site.types = talks_render.in_nav_order(site.types, config.nav)
    _build = Build(site)
    hooks_dir = Path(__file__).parent
    if session.command == "serve":
        _build.context = talks_cache.inputs_digest(Path(config.config_file_path), Path(config.docs_dir),
                                                   root / "schema", hooks_dir, patterns=("*",))
    code = talks_cache.code_version(*(hooks_dir / f"{name}.py" for name in ("talks_docx", "talks_layout", "talks_model")),
                                    extra=talks_docx.DOCX_VERSION)
    _build.docx_cache = talks_cache.FileCache(root / ".cache" / "talks-docx", code)
    _load_dates(root, _build)
    config.nav = talks_render.expand_nav(config.nav, site.talks, site.types)
    log.info(f"载入 {len(site.types)} 个谈话类型、{len(site.talks)} 篇示例谈话、{len(site.phrases)} 段规范用语")
    return config


def _load_site(root: Path, docs_dir: Path, session: Session) -> talks_site.Site:
    """The checked content, from .cache/talks-site when no input file changed since the last build
    that loaded without a mistake (the key is a digest of every input file and of this code).

    The preview loads afresh each time instead: its snippet cache then hands back the same Talk
    for each unchanged file, which lets it skip making that talk's page and Word file again."""
    if session.command == "serve":
        return talks_site.load_site(root, docs_dir, session.snippets)
    key = talks_cache.inputs_digest(docs_dir, root / "snippets", root / "schema", Path(__file__).parent)
    cache = talks_cache.FileCache(root / ".cache" / "talks-site", "site")

    def load() -> bytes:
        return pickle.dumps(talks_site.load_site(root, docs_dir, session.snippets), protocol=pickle.HIGHEST_PROTOCOL)

    site = pickle.loads(cache.get_or_make(key.encode(), load))  # a mistake raises SiteErrors inside load()
    cache.prune()
    return site


def _add_search_words(site: talks_site.Site, session: Session) -> None:
    """Segment fixed terms (两个维护, 一岗双责 …) and type names as single words in the index."""
    for word in talks_search.dictionary_words(site.terms, site.types.values()):
        if word not in session.jieba_words:
            jieba.add_word(word)
            session.jieba_words.add(word)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated pages, Word files and the composer's JSON (in memory only)."""
    build = _build
    site = build.site
    lists: list[str] = []  # what other pages show of the examples (for the dirty preview)
    for talk_type in site.types.values():
        content = talks_render.render_index(talk_type, site.talks_of(talk_type), site.types, site.talk_tags)
        files.append(_generated(config, talks_render.index_path(talk_type), content))
        lists.append(content)
    for talk in site.talks:
        content = _per_talk(talk, "page", lambda: talks_render.render_example(
            talk, site.types, talks_site.REGULATIONS_PAGE, site.talk_tags.get(talk.slug, [])))
        files.append(_generated(config, talks_render.example_path(talk, site.types), content))
        data, script = _per_talk(talk, "docx", functools.partial(_talk_docx, talk, site))
        _add_download(files, config, talks_render.docx_path(talk, site.types), data, script)
    for page in [f for f in files.documentation_pages() if f.generated_by is None]:  # maintainers' pages
        _add_page_docx(files, config, page)
    _add_contributing_and_sources(files, config, build)

    def url_of(src: str) -> str | None:
        found = files.get_file_from_path(src)
        return found.url if found else None

    example_path = functools.partial(_example_path, site=site)
    build.search_data = talks_search.worker_data(site.types.values(), site.talks, site.terms,
                                                 talks_site.TERMS_PAGE, url_of=url_of, example_path=example_path,
                                                 rewrites=site.rewrites, hub_pages=talks_search.HUB_PAGES)
    model = talks_compose.model_json(site.types, site.phrases, site.talks, url_of, example_path,
                                     example=lambda talk, make: _per_talk(talk, "model", make),
                                     dossier=_dossier(config, build, url_of))
    files.append(_generated(config, talks_compose.SCRIPT_PATH, talks_compose.model_script(model)))
    files.append(_generated(config, COMPOSER_TEMPLATE, _composer_template()))
    if _state().dirty:
        _render_only_what_changed(config, site, lists)
    return files


@functools.lru_cache(maxsize=1)  # the same for every build of one process (keyed on nothing)
def _composer_template() -> str:
    return talks_docx.composer_template_script()


def _dossier(config: MkDocsConfig, build: Build, url_of) -> list[dict]:
    """The forms of one talk's 谈话卷宗, as the composer page's front matter lists them."""
    where = f"docs/{talks_render.COMPOSE_PAGE}"
    try:
        pages = talks_load.front_matter_list(talks_site.read_page(Path(config.docs_dir), talks_render.COMPOSE_PAGE),
                                             where, DOSSIER)
    except SnippetError as err:
        log.error(str(err))
        raise PluginError("起草台页首有错误（见上一条），站点未生成。") from None
    except OSError:
        return []
    dossier = []
    for page in pages:
        if page not in build.forms:
            log.error(f"{where}: 页首“{DOSSIER}”中的“{page}”不是带“{WORD_SECTIONS}”的文书页面。"
                      f"修改：写成 docs/ 下文书页面的路径，如 forms/tongzhi.md")
            raise PluginError("起草台页首有错误（见上一条），站点未生成。")
        title, body, wanted, docx = build.forms[page]
        html = _markdown_html(config, body)
        dossier.append({"title": title, "url": url_of(page) or "", "docx": url_of(docx) or "",
                        "html": talks_docx.sections_html(html, list(wanted))})
    return dossier


def _markdown_html(config: MkDocsConfig, body: str) -> str:
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(body)


def _per_talk(talk, what: str, make):
    """``make()``; in the preview remembered for a talk whose snippet did not change."""
    session = _state()
    if session.command != "serve":
        return make()
    return session.per_talk.get(talk, _build.context, what, make)


def _talk_docx(talk, site: talks_site.Site) -> tuple[bytes, str]:
    lines = tuple(talks_layout.printed_lines(talk))
    data = _build.docx_cache.get_or_make(repr(lines).encode(), functools.partial(talks_docx.lines_docx, lines))
    return data, talks_docx.docx_script(Path(talks_render.docx_path(talk, site.types)).name, data)


def _generated(config: MkDocsConfig, src_uri: str, content: str | bytes) -> File:
    """A generated file; in the dirty preview backed by a file rewritten only when it changed."""
    session = _state()
    if not session.dirty:
        return File.generated(config, src_uri, content=content)
    if session.generated is None:
        root = Path(config.config_file_path).parent
        session.generated = talks_preview.GeneratedPages(root / ".cache" / "talks-preview")
    return File.generated(config, src_uri, abs_src_path=session.generated.path_of(src_uri, content))


def _render_only_what_changed(config: MkDocsConfig, site: talks_site.Site, lists: list[str]) -> None:
    """Dirty preview: when anything that other pages show changed, empty the output so that every
    page is rendered; otherwise MkDocs renders only pages whose source is newer than their output."""
    session = _state()
    shape = talks_preview.shape_digest(_build.context, session.problems, config.nav, site.talk_tags, lists,
                                       [(t.slug, t.title) for t in site.talks])
    if shape != session.shape and session.shape is not None:
        clean_directory(config.site_dir)
    session.shape = shape


def _example_path(talk, *, site: talks_site.Site) -> str:
    return talks_render.example_path(talk, site.types)


def _add_download(files: Files, config: MkDocsConfig, path: str, data: bytes, script: str | None = None) -> None:
    """A .docx and, for a page that fills it in, its bytes as a script (loadable from file://)."""
    files.append(_generated(config, path, data))
    if script is not None:
        files.append(_generated(config, path + ".js", script))


def _add_page_docx(files: Files, config: MkDocsConfig, page: File) -> None:
    """Publish the ## sections named in a page's ``Word文件`` front matter as <page>.docx."""
    text = Path(page.abs_src_path).read_text("utf-8-sig")
    if WORD_SECTIONS not in text:
        return
    where = f"docs/{page.src_uri}"
    try:
        wanted, body, title = talks_load.word_sections(text, where, WORD_SECTIONS)
    except SnippetError as err:
        log.error(str(err))
        raise PluginError("页首有错误（见上一条），站点未生成。") from None
    if not wanted:
        return
    name = title or Path(page.src_uri).stem
    docx = Path(page.src_uri).with_suffix(".docx").as_posix()
    _build.forms[page.src_uri] = (name, body, tuple(wanted), docx)

    def make() -> bytes:
        return _form_docx(name, _markdown_html(config, body), tuple(wanted))

    # Keyed on the page's source and the Markdown settings (mkdocs.yml), so that a cached file
    # needs no Markdown conversion at all.
    settings = Path(config.config_file_path).read_bytes()
    try:
        data = _build.docx_cache.get_or_make(repr((name, body, tuple(wanted))).encode() + settings, make)
    except KeyError as missing:
        log.error(f"{where}: 页首“{WORD_SECTIONS}”列出的“{missing.args[0]}”不是本页的二级标题。"
                  f"修改：写成本页某个“## ”标题的文字（不含“## ”和 {{ #… }}）")
        raise PluginError("页首有错误（见上一条），站点未生成。") from None
    # The browser fills the page's values into the file, from file:// too (see _add_download).
    _add_download(files, config, docx, data, talks_docx.docx_script(Path(docx).name, data))


@functools.lru_cache(maxsize=64)  # live reload: a form that did not change is not laid out again
def _form_docx(title: str, html: str, wanted: tuple[str, ...]) -> bytes:
    return talks_docx.form_docx(title, html, list(wanted))


def on_pre_build(*, config: MkDocsConfig) -> None:
    """In the offline build: the vendored iframe-worker shim instead of unpkg.com, no instant
    navigation. (Every on_config has run by now, including the offline plugin's, which adds
    the unpkg.com URL.)"""
    polyfills = config.extra.get("polyfills") or []
    config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in p and "://" in p else p
                                 for p in polyfills]
    if IFRAME_WORKER_SHIM in config.extra["polyfills"]:
        # Instant navigation fetches pages, which file:// does not allow: keep it off offline.
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Preview: templates compiled once per session. Dirty preview: pages not rendered this time
    keep their title from the last render, so the navigation of those rendered reads as before."""
    session = _state()
    if session.command == "serve":
        env.bytecode_cache = session.templates
    if session.dirty:
        for file in files.documentation_pages():
            if file.page is not None and file.page.markdown is None:
                file.page.title = session.titles.of(file.src_uri)
    return env


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Fill the markers: tables of examples, a type's structure, the standard-phrasing indexes."""
    site = _build.site
    src = page.file.src_uri
    if src == talks_site.TAGS_PAGE:
        _build.tag_page_rendered = True
    talk_type = site.type_of_page(src)
    _set_tags(page, talk_type)
    if page.meta.get("title") and page.title != page.meta["title"]:
        _build.own_titles[page.url] = str(page.meta["title"])
    if ALL_EXAMPLES in markdown:
        markdown = markdown.replace(ALL_EXAMPLES, talks_render.examples_table(site.talks, site.types, src, site.talk_tags))
    if EXAMPLES_MARKER in markdown:
        talks = site.talks_of(talk_type) if talk_type else []
        markdown = markdown.replace(EXAMPLES_MARKER, talks_render.examples_table(talks, site.types, src))
    for marker, render in OVERVIEW_MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(site, src))
    if GENERIC_MARKER in markdown:
        names = "、".join(f"“{name}”" for name in sorted(site.generic_placeholders, key=lambda n: (len(n), n)))
        markdown = markdown.replace(GENERIC_MARKER, names)
    if talk_type:
        markdown = markdown.replace(STRUCTURE_MARKER, talks_render.structure_lists(talk_type))
        markdown = talks_render.mark_alternatives(markdown, talk_type.name)
    if PHRASES_BY_SECTION in markdown or PHRASES_BY_TONE in markdown:
        meta_text = talks_site.read_page(site.docs_dir, src)
        try:
            groups = talks_load.load_grouping(meta_text, src, "用语分类")
            levels = talks_load.load_grouping(meta_text, src, "语气分级")
        except SnippetError as err:
            log.error(str(err))
            raise PluginError("规范用语索引页的页首有错误（见上一条）。") from None
        other = page.meta.get("其他分类", "其他")
        markdown = markdown.replace(PHRASES_BY_SECTION,
                                    talks_render.phrases_by_section(site.phrases, site.types, groups, other, src))
        markdown = markdown.replace(PHRASES_BY_TONE, talks_render.phrases_by_tone(site.phrases, site.types, levels, src))
    return markdown


def _set_tags(page: Page, talk_type) -> None:
    """Tag guidance pages by their type; allow only tags of the vocabulary on any page."""
    site = _build.site
    tags = list(page.meta.get("tags") or [])
    if talk_type:
        tags = list(dict.fromkeys([*talks_tags.type_tags(talk_type, site.tag_rules), *tags]))
    if not tags:
        return
    allowed = talks_tags.vocabulary(site.types, site.tag_rules)
    unknown = [str(t) for t in tags if str(t) not in allowed]
    if unknown:
        log.error(f"docs/{page.file.src_uri}: 标签“{'、'.join(unknown)}”不在标签词表中。"
                  f"修改：删去页首的 tags，标签由系统按 docs/{talks_site.TAGS_PAGE} 的规则自动生成")
        raise PluginError("页面标签有错误（见上一条），站点未生成。")
    page.meta["tags"] = tags


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A page offered as Word (a form): mark the ## sections its Word file holds, for the
    browser's copy buttons and fill-in (toolkit.js setupForm)."""
    wanted = page.meta.get(WORD_SECTIONS)
    if not wanted or not isinstance(wanted, list):
        return html
    return talks_docx.mark_form_sections(html, [str(name) for name in wanted])


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Tags read “类别：名称” in facet order; the tag index lists guidance pages by type name.
    In the preview, while a maintainer's file has a mistake, a banner says so on every page."""
    output = talks_render.present_tags(output, talks_tags.FACETS, talks_tags.SEPARATOR)
    if _session and _session.problems:
        output = talks_render.preview_banner(output, [html_lib.escape(p) for p in _session.problems])
    if page.file.src_uri != talks_site.TAGS_PAGE:
        return output
    titles = {get_relative_url(url, page.url): title for url, title in _build.own_titles.items()}
    return talks_render.retitle_links(output, titles)


def _check_search_worker(config: MkDocsConfig) -> None:
    """Stop before building if the theme's search worker is not the one talks_search.js fits."""
    worker = talks_search.theme_worker(config.theme.dirs)
    bundle = talks_search.theme_bundle(config.theme.dirs)
    try:
        talks_search.check_worker(worker.read_text("utf-8") if worker else "",
                                  bundle.read_text("utf-8") if bundle else "")
    except talks_search.WorkerChanged:
        log.error(f"{worker or 'Material 的搜索脚本'} 与 hooks/talks_search.py 适配的 Material 版本"
                  f"（{talks_search.MATERIAL_VERSION}）不同。"
                  "修改：按 requirements.txt 重新安装固定版本（.venv/bin/pip install -r requirements.txt），"
                  "升级 Material 时同时更新 hooks/talks_search.py 中的 PATCHES")
        raise PluginError("中文搜索无法接入 Material 的搜索脚本（见上一条），站点未生成；原有站点保持不变。") from None


@event_priority(-50)  # after Material's search plugin writes its files, before the offline plugin (−100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Route the built search worker's queries through the site's Chinese query pipeline, and let
    Material's main script load the index only when the reader starts to search."""
    workers = list(Path(config.site_dir).glob(talks_search.WORKER_GLOB))
    if not workers:
        raise PluginError("未找到 Material 的搜索脚本，无法修正中文搜索分词；请检查 mkdocs-material 版本。")
    for worker in workers:
        try:
            worker.write_text(talks_search.build_worker(worker.read_text("utf-8"), _build.search_data), "utf-8")
        except talks_search.WorkerChanged:
            raise PluginError(f"{worker.name} 与 hooks/talks_search.py 适配的 Material 版本不同，"
                              "中文搜索修正未生效；请按 requirements.txt 安装固定版本，或更新该修正。") from None
    for bundle in Path(config.site_dir).glob(talks_search.BUNDLE_GLOB):
        try:  # the search index waits until the reader starts to search (talks_search_page.js)
            bundle.write_text(talks_search.build_bundle(bundle.read_text("utf-8")), "utf-8")
        except talks_search.WorkerChanged:
            raise PluginError(f"{bundle.name} 与 hooks/talks_search.py 适配的 Material 版本不同，"
                              "搜索索引的延迟加载未生效；请按 requirements.txt 安装固定版本，或更新该修正。") from None
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():  # half the bytes (see talks_search.utf8_index)
        index.write_text(talks_search.utf8_index(index.read_text("utf-8")), "utf-8")
    if _state().command != "serve":  # the preview reuses Word files without asking the cache
        _build.docx_cache.prune()


# --- For maintainers: "编辑此页" links, "最后更新" dates, the contributing guide -------------

def _load_dates(root: Path, build: Build) -> None:
    """One git log per build; outside a git checkout the pages just show no date."""
    changed, why = talks_maintainers.last_changed(root)
    build.changed = changed
    if why:
        log.info(f"页面不显示“最后更新”日期：{why}")


def _add_contributing_and_sources(files: Files, config: MkDocsConfig, build: Build) -> None:
    """Publish CONTRIBUTING.md; point every page's edit link and date at the file maintainers edit."""
    site = build.site
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    guide = root / "CONTRIBUTING.md"
    if guide.exists():
        page = _generated(config, talks_maintainers.CONTRIBUTING_PAGE, talks_maintainers.contributing_page(
            guide.read_text("utf-8-sig"), config.edit_uri))
        page.edit_uri = "../CONTRIBUTING.md"
        files.append(page)
    sources = build.sources
    sources[talks_maintainers.CONTRIBUTING_PAGE] = ["CONTRIBUTING.md"]
    for file in files.documentation_pages():
        if file.generated_by is None:
            sources[file.src_uri] = [f"{docs}/{file.src_uri}"]
    for talk_type in site.types.values():
        index = files.get_file_from_path(talks_render.index_path(talk_type))
        if index:
            index.edit_uri = talk_type.page  # the list is made from the guidance page and the snippets
            sources[index.src_uri] = [f"{docs}/{talk_type.page}"] + [t.source for t in site.talks_of(talk_type)]
    for talk in site.talks:
        example = files.get_file_from_path(talks_render.example_path(talk, site.types))
        if example:
            example.edit_uri = f"../{talk.source}"  # relative to edit_uri, which ends in docs/
            sources[example.src_uri] = [talk.source]


@event_priority(-50)  # after Material's tags plugin has put the page's tags in the context
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    """Show the "最后更新" date of the page's source file(s) and a clean edit link.

    Dirty preview: Material's tags plugin links a page's tags only when the tag page is rendered
    in the same build; a page rendered alone keeps the links of the last full build (its tags
    have not changed: a change of tags renders every page, see _render_only_what_changed)."""
    session = _state()
    session.titles.remember(page.file.src_uri, page.title)
    if session.dirty:
        if _build.tag_page_rendered:
            session.tag_links[page.file.src_uri] = context.get("tags") or []
        elif page.file.src_uri in session.tag_links:  # tags without links (no tag page this time)
            context["tags"] = session.tag_links[page.file.src_uri]
    day = talks_maintainers.latest(_build.changed, _build.sources.get(page.file.src_uri, []))
    if day:
        page.meta["revision_date"] = talks_wording.say("maintainers.updated", date=talks_maintainers.chinese_date(day))
    page.edit_url = talks_maintainers.tidy_edit_url(page.edit_url)
    return context
