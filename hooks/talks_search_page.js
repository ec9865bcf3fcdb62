/*
 * The page's side of the site's search (谈话工作指引): hooks/talks_search.py puts this file in front
 * of Material's main script (bundle.*.min.js) and makes two pinned edits there (BUNDLE_PATCHES):
 *
 *  1. A light first load: Material fetches the search index (about 550 KB gzipped) when a page
 *     opens. Here it waits until the reader starts to search: the search box gets focus, the
 *     pointer moves onto it, or the page was opened from a search result (?h=…, whose words
 *     Material highlights with the index). From file:// the same wait applies to
 *     search/search_index.js, which the offline build loads instead.
 *     The worker indexes titles first and answers from them at once, then adds the full text
 *     between queries; its COMPLETE message sets talksSearchPage.complete.
 *  2. What was searched: when the query pipeline rewrote the query (诫免 → 诫勉, 村支书 →
 *     村党组织书记), the worker's answer carries a notice ("已按“诫勉谈话”搜索", from
 *     hooks/wording.yml), shown after Material's count of results.
 *
 * Plain ES2018, no imports, nothing fetched.
 */
var talksSearchPage = (function () {
  "use strict"

  var start
  /* Resolved when the reader starts to search; Material's index request waits for it */
  var wanted = new Promise(function (resolve) { start = resolve })
  var notice = ""
  var COMPLETE = 1001  /* the worker's message: full text indexed (talks_search.js) */

  var STYLE = [
    ".talks-search-kind{display:inline-block;margin-right:.5em;padding:0 .35em;border-radius:.2em;",
    "font-size:.7em;font-weight:normal;vertical-align:.1em;line-height:1.5;",
    "color:var(--md-primary-bg-color);background-color:var(--md-primary-fg-color)}",
    ".talks-search-notice{margin-left:.5em;font-weight:bold}"
  ].join("")

  function want() { start() }

  function setup() {
    var style = document.createElement("style")
    style.textContent = STYLE
    document.head.appendChild(style)
    /* Focus (the box, or Material's keyboard shortcuts, which focus it), a pointer on the search
       form or its header button, or a touch: each is the reader starting to search */
    document.addEventListener("focusin", function (event) {
      if (event.target && event.target.matches && event.target.matches("input.md-search__input")) want()
    })
    var near = function (event) {
      var target = event.target
      if (target && target.closest && target.closest(".md-search, label[for=__search]")) want()
    }
    document.addEventListener("pointerover", near, {passive: true})
    document.addEventListener("pointerdown", near, {passive: true})
    document.addEventListener("touchstart", near, {passive: true})
    /* Opened from a search result: Material highlights the words using the index */
    if (/[?&]h=/.test(location.search)) want()
    var meta = document.querySelector(".md-search-result__meta")
    /* Material rewrites the count on every result: put the notice back after it */
    if (meta) new MutationObserver(show).observe(meta, {childList: true, characterData: true, subtree: true})
  }

  function show() {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta) return
    var input = document.querySelector("input.md-search__input")
    if (input && !input.value) notice = ""
    var shown = meta.querySelector(".talks-search-notice")
    if (!notice) {
      if (shown) shown.remove()
      return
    }
    if (!shown) {
      shown = document.createElement("span")
      shown.className = "talks-search-notice"
      meta.appendChild(shown)
    }
    if (shown.textContent !== notice) shown.textContent = notice
  }

  /* Material's search worker (or, from file://, the iframe that stands in for it) */
  function watch(worker) {
    worker.addEventListener("message", function (event) {
      var data = event.data
      if (data && data.type === COMPLETE) page.complete = true
      if (!data || data.type !== 3) return
      var said = (data.data && data.data.talks) || {}
      notice = [said.notice, said.loading].filter(Boolean).join("；")
      show()
    })
    return worker
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup)
  else setup()

  /* complete: the worker has the full text indexed, not only titles (talksSearch.setup) */
  var page = {wanted: wanted, watch: watch, want: want, complete: false}
  return page
})();
