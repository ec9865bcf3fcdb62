/*
 * Chinese query pipeline for the site's search (谈话工作指引).
 *
 * hooks/talks_search.py puts this file in front of Material's search worker at build time and
 * routes every query through talksSearch.search (see PATCHES there). It replaces Material's
 * greedy query segmentation and any-word matching:
 *
 *  1. Segment: an unspaced Chinese query is cut into the fewest words that the search index
 *     holds (the index was segmented by jieba with the site's term dictionary), covering as many
 *     characters as possible; characters no index word covers (e.g. 范文) are skipped and shown
 *     as missing. The last word may be a prefix of an index word (the drafter is still typing),
 *     and is then offered completed as Material's suggestion.
 *  2. Expand: each word also matches index words that contain it (廉政谈话 → 任前廉政谈话), and a
 *     talk type's name and its 别名 (front matter) match each other (诫勉 ↔ 诫勉谈话).
 *  3. Require all words: pages that contain every word come first, and only they are shown when
 *     there are any; otherwise pages are ranked by how many words they contain. A word counts
 *     as found when the page's matched index words cover its characters, so text that jieba cut
 *     differently from the query still counts (see crossingTerms).
 *  4. Rank: then by how much of the query a page's key phrases explain (its title and section
 *     titles; a type's name and 别名; an example's 谈话对象; the terms page's terms), then by
 *     Lunr's score of its best section plus a little for each other matching section.
 *  5. Clean: zero-width spaces (jieba's word marks in the index) are removed from what is shown.
 *
 * Before all this, the query is rewritten as the site writes it (rewrite): misspellings from the
 * 常见误写 page (诫免 → 诫勉) and everyday words from the 术语 page's 俗称 column (村支书 →
 * 村党组织书记; the everyday word still matches as an alternative). The answer then says what was
 * searched ("已按“诫勉谈话”搜索"). Numbers and years (2026年) are optional words: they help a page
 * rank, but a page need not have them. When fewer than 3 pages have every word, pages that have
 * most of them are shown too. A word counts as found on a page when its text or its key phrases
 * have it (诫勉谈话结束语: the guidance page's last part is called 告知后续, but it is the
 * 结束语). At equal coverage, content pages rank above hub pages (lists, indexes, tags) and the
 * query found verbatim in a page's text counts.
 *
 * Speed: a keystroke never waits behind a stale query (answer() drops a query when a newer one
 * has arrived), a word still being typed expands to at most MAX_COMPLETIONS index words, and only
 * the MAX_PAGES best pages go on to Material, which highlights every document it returns.
 *
 * Plain ES2018, no imports: it must also run inside the iframe that Material uses in place of a
 * worker when the site is opened from file://. DATA is filled in by hooks/talks_search.py.
 */
var talksSearch = (function () {
  "use strict"

  /* Filled in at build time (talks_search.worker_data): {synonyms: [[name, alias, …]],
     keys: {location: [[phrase, weight]]}, rewrite: [[typed, site's word, keep typed]],
     hubs: [location], kinds: [[location prefix, label]], wording: {searched: "…{query}…"}} */
  var DATA = /* talks-search-data */ {synonyms: [], keys: {}} /* end */

  var HAN = /\p{sc=Han}/u
  var WORD = /\p{sc=Han}+|[\p{L}\p{N}]+/gu
  var TAG_LIKE = /[^\p{L}\p{N}]/u
  var MAX_WORD = 16          /* longest index word tried when segmenting */
  var MAX_CONTAINING = 40    /* index words containing a query word, at most, per word */
  var COMMON = 100           /* a word in more documents than this is not looked for inside others */
  var BOOST_WORD = 10        /* the word as typed (and words it begins) */
  var BOOST_SYNONYM = 4      /* a type's name or 别名 standing in for the word */
  var BOOST_CONTAINING = 3   /* an index word that contains the word */
  var BOOST_SPAN = 1         /* any other index word inside the query */
  var TITLE = 1              /* key phrase weight of a page's title … */
  var SECTION_TITLE = 0.8    /* … and of its section titles (every type page has 开场白) */
  var SPREAD = 0.25          /* weight of a page's other matching sections in its score */
  var MAX_COMPLETIONS = 12   /* index words tried for a word still being typed (谈 → 谈话, 谈心 …) */
  var MAX_PAGES = 30         /* pages handed on to Material (it highlights all their documents) … */
  var MAX_SECTIONS = 6       /* … and sections of each page, the best by Lunr's score */
  var FEW = 3                /* fewer pages than this with every word: show partial matches too */
  var VERBATIM = 0.5         /* key phrase weight of the query found verbatim in a page's text,
                                 when at most FEW pages have it (less when more do) */
  var SNIPPET = 110          /* characters of text shown under a result */
  var SNIPPET_BEFORE = 30    /* … of them before the first highlighted word */
  var NUMBER = /^[0-9]+$/
  /* Runs of Han characters, and runs of other letters and digits (2026年 is 2026 + 年) */
  var RUN = /\p{sc=Han}+|(?:(?!\p{sc=Han})[\p{L}\p{N}])+/gu
  /* What follows a number in a date or count (2026年度, 3月, 第二次): optional with the number */
  var UNIT = /^(年度|年|月份|月|日|号|届|次|期)/

  /* Remove what is not part of a word: spaces, punctuation, quotes, zero-width spaces. */
  function normalize(text) {
    return (String(text).normalize("NFKC").toLowerCase().match(WORD) || []).join("")
  }

  /* Sorted Han words of a Lunr index, computed once per index. */
  var vocabularies = new WeakMap()
  function vocabulary(index) {
    var words = vocabularies.get(index)
    if (!words) {
      words = Object.keys(index.invertedIndex).filter(function (w) { return HAN.test(w) }).sort()
      vocabularies.set(index, words)
    }
    return words
  }

  /* In how many documents (pages and sections) an index word occurs. */
  function documents(postings) {
    if (!postings) return 0
    var refs = new Set()
    Object.keys(postings).forEach(function (field) {
      if (field !== "_index") Object.keys(postings[field]).forEach(function (ref) { refs.add(ref) })
    })
    return refs.size
  }

  function hasPrefix(words, prefix) {
    var lo = 0, hi = words.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (words[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    return lo < words.length && words[lo].indexOf(prefix) === 0
  }

  /* Synonym sets by member: a type's name ↔ each of its 别名. */
  var synonymsOf = null
  function synonyms(word) {
    if (!synonymsOf) {
      synonymsOf = new Map()
      DATA.synonyms.forEach(function (set) {
        var name = set[0]
        set.forEach(function (member) {
          var others = member === name ? set.slice(1) : [name]
          synonymsOf.set(member, (synonymsOf.get(member) || []).concat(others))
        })
      })
    }
    return synonymsOf.get(word) || []
  }

  /* Rewrites by what is typed, longest first: {typed: [site's word, keep typed]} */
  var rewrites = null, longestRewrite = 0
  function rewriteTable() {
    if (!rewrites) {
      rewrites = new Map()
      ;(DATA.rewrite || []).forEach(function (entry) {
        var typed = normalize(entry[0])
        if (!typed || rewrites.has(typed)) return
        rewrites.set(typed, [normalize(entry[1]), !!entry[2]])
        longestRewrite = Math.max(longestRewrite, typed.length)
      })
    }
    return rewrites
  }

  /*
   * The query as the site writes it: each misspelling (常见误写) and everyday word (俗称) replaced,
   * longest first, left to right. Returns the new query and, for everyday words, the words typed
   * (they still match as alternatives of the site's word).
   */
  function rewrite(query) {
    var table = rewriteTable(), text = String(query).normalize("NFKC").toLowerCase()
    var out = "", alternatives = new Map(), changed = false
    if (!table.size) return {text: text, changed: false, alternatives: alternatives}
    for (var i = 0; i < text.length;) {
      var found = null
      for (var n = Math.min(longestRewrite, text.length - i); n >= 2 && !found; n--)
        if (table.has(text.slice(i, i + n))) found = text.slice(i, i + n)
      if (!found) {
        out += text[i++]
        continue
      }
      var entry = table.get(found)
      out += entry[0]
      if (entry[1]) alternatives.set(entry[0], (alternatives.get(entry[0]) || []).concat([found]))
      changed = true
      i += found.length
    }
    return {text: out, changed: changed, alternatives: alternatives}
  }

  /* Index words that begin with a prefix, shortest first, at most ``limit`` of them. */
  function completions(words, prefix, limit) {
    var lo = 0, hi = words.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (words[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    var found = []
    for (var k = lo; k < words.length && words[k].indexOf(prefix) === 0; k++) {
      if (words[k] !== prefix && !TAG_LIKE.test(words[k])) found.push(words[k])
      if (found.length > 50 * limit) break
    }
    return found.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1) }).slice(0, limit)
  }

  /*
   * Cut a run of Han characters into words: cover the most characters, with the fewest words,
   * with the fewest one-character words. Returns the words ({text, start}) and the gaps.
   */
  function segmentHan(run, index) {
    var words = vocabulary(index), inverted = index.invertedIndex
    var n = run.length
    var known = function (w, last) {
      return (w in inverted) ||
        (synonyms(w).some(function (s) { return s in inverted })) ||
        (last && hasPrefix(words, w))
    }
    /* best[i] = [uncovered, words, single-character words, next position, word end or -1] */
    var best = new Array(n + 1)
    best[n] = [0, 0, 0, n, -1]
    for (var i = n - 1; i >= 0; i--) {
      var skip = best[i + 1]
      var choice = [skip[0] + 1, skip[1], skip[2], i + 1, -1]
      for (var j = i + 1; j <= Math.min(n, i + MAX_WORD); j++) {
        if (!known(run.slice(i, j), j === n)) continue
        var rest = best[j]
        var option = [rest[0], rest[1] + 1, rest[2] + (j - i === 1 ? 1 : 0), j, j]
        if (better(option, choice)) choice = option
      }
      best[i] = choice
    }
    /* Read off the words; characters no word covers are gaps. A gap takes in the one-character
       words next to it: in 范文, 文 alone is an index word, but the drafter typed 范文 */
    var items = []
    for (var p = 0; p < n;) {
      var step = best[p]
      items.push(step[4] === -1 ? {gap: run[p]} : {text: run.slice(p, step[4]), start: p})
      p = step[3]
    }
    var segments = [], gaps = []
    for (var k = 0; k < items.length;) {
      var end = k, hasGap = false
      while (end < items.length && (items[end].gap || items[end].text.length === 1)) {
        hasGap = hasGap || !!items[end].gap
        end++
      }
      if (hasGap) {
        gaps.push(items.slice(k, end).map(function (it) { return it.gap || it.text }).join(""))
        k = end
      } else if (end > k) {
        for (; k < end; k++) segments.push(items[k])
      } else {
        segments.push(items[k++])
      }
    }
    return {segments: segments, gaps: gaps}
  }

  function better(a, b) {
    for (var k = 0; k < 3; k++)
      if (a[k] !== b[k]) return a[k] < b[k]
    return false
  }

  /*
   * Turn what the drafter typed into groups of alternative index terms: a page has a word when
   * it contains any of the word's terms. One-character words are dropped when the query has
   * longer ones (的, 和, 与 …). Each term covers a span of the query's characters, and so do
   * "span terms" (see crossingTerms), because the text may have been cut differently
   * (警示谈话会 as 警示谈话 + 会, not 警示 + 谈话会); a page has a word when its matched terms
   * cover all of the word's characters.
   */
  function plan(query, index) {
    var words = vocabulary(index), inverted = index.invertedIndex
    var parts = [], gaps = [], spanTerms = [], offset = 0, optional = []
    var rewritten = rewrite(query)
    var runs = rewritten.text.match(RUN) || []
    var afterNumber = false, kept = []
    runs.forEach(function (run) {
      /* 2026年节前廉政谈话: 2026 and 年 are optional; the rest is the query */
      if (afterNumber && HAN.test(run) && UNIT.test(run)) run = run.replace(UNIT, "")
      afterNumber = NUMBER.test(run)
      if (afterNumber) {
        if (run in inverted) optional.push(run)
        return
      }
      if (!run) return
      kept.push(run)
      if (HAN.test(run)) {
        var cut = segmentHan(run, index)
        cut.segments.forEach(function (seg) {
          parts.push({text: seg.text, start: offset + seg.start})
        })
        gaps = gaps.concat(cut.gaps)
        for (var i = 0; i < run.length; i++)
          for (var j = i + 1; j <= Math.min(run.length, i + MAX_WORD); j++)
            if (run.slice(i, j) in inverted)
              spanTerms.push({term: run.slice(i, j), start: offset + i, end: offset + j})
      } else {
        parts.push({text: run, start: offset})
      }
      offset += run.length
    })
    var text = kept.join("")  /* (the offsets above count only these runs) */
    if (parts.some(function (p) { return p.text.length > 1 }))
      parts = parts.filter(function (p) { return p.text.length > 1 })
    var groups = []
    parts.forEach(function (part) {
      var label = part.text, span = [part.start, part.start + label.length]
      var known = groups.find(function (g) { return g.label === label })
      if (known) return known.spans.push(span)
      var terms = [], seen = new Set()
      var add = function (term, boost, wildcard) {
        if (seen.has(term)) return
        seen.add(term)
        terms.push({term: term, boost: boost, wildcard: wildcard})
      }
      if (!HAN.test(label)) add(label, BOOST_WORD, true)
      else {
        /* a word and the words it begins (诫勉*); one character, or a common word (谈话, on
           most pages anyway), only itself */
        if (label in inverted)
          add(label, BOOST_WORD, label.length > 1 && documents(inverted[label]) <= COMMON)
        /* still being typed (or one character): the shortest index words it begins, not every
           one of them (谈 begins hundreds) */
        if (!(label in inverted) || label.length === 1)
          completions(words, label, MAX_COMPLETIONS).forEach(function (w) { add(w, BOOST_WORD, false) })
      }
      ;(rewritten.alternatives.get(label) || []).forEach(function (typed) {
        if (typed in inverted) add(typed, BOOST_SYNONYM, false)
      })
      synonyms(label).forEach(function (s) {
        if (s in inverted || hasPrefix(words, s)) add(s, BOOST_SYNONYM, true)
      })
      /* A common word (谈话) is on most pages anyway: looking further only costs time */
      if (HAN.test(label) && documents(inverted[label]) <= COMMON) {
        var containing = 0
        for (var k = 0; k < words.length && containing < MAX_CONTAINING; k++) {
          var w = words[k]
          /* (not tags such as 谈话类型/提醒谈话: they are index words too) */
          if (w.length > label.length && w.indexOf(label) > 0 && TAG_LIKE.test(w) === false) {
            add(w, BOOST_CONTAINING, false)
            containing++
          }
        }
      }
      var typing = !(label in inverted) && HAN.test(label) && hasPrefix(words, label)
      if (terms.length) groups.push({label: label, terms: terms, spans: [span], typing: typing})
      else gaps.push(label)
    })
    var inGroups = new Set()
    groups.forEach(function (g) { g.terms.forEach(function (t) { inGroups.add(t.term) }) })
    spanTerms = crossingTerms(spanTerms, groups, inverted).filter(function (t) {
      return !inGroups.has(t.term)
    })
    var clauses = []
    groups.forEach(function (g) {
      g.terms.forEach(function (t) { clauses.push(t.term + (t.wildcard ? "*" : "") + "^" + t.boost) })
    })
    new Set(spanTerms.map(function (t) { return t.term })).forEach(function (term) {
      clauses.push(term + "^" + BOOST_SPAN)
    })
    optional.forEach(function (number) { clauses.push(number + "^" + BOOST_SPAN) })
    return {query: clauses.join(" "), groups: groups, spanTerms: spanTerms, gaps: gaps,
            text: text, typed: String(query), optional: optional,
            searched: rewritten.changed ? rewritten.text : ""}
  }

  /*
   * The other ways the text may have cut the query's words: index words inside the query that
   * run across the border of a word (警示谈话 across 警示 | 谈话会), with the pieces of the words
   * they cut that are index words too (会). Index words inside one word (谈话 in 提醒谈话) are
   * not among them: 提醒 here and 谈话 there is not 提醒谈话.
   */
  function crossingTerms(candidates, groups, inverted) {
    var spans = []
    groups.forEach(function (g) { g.spans.forEach(function (span) { spans.push(span) }) })
    var found = [], seen = new Set()
    var keep = function (term, start, end) {
      if (seen.has(start + ":" + end)) return
      seen.add(start + ":" + end)
      found.push({term: term, start: start, end: end})
    }
    candidates.forEach(function (t) {
      if (t.term.length < 2) return
      var cut = spans.filter(function (span) {
        return span[0] < t.end && t.start < span[1] && (t.start > span[0] || t.end < span[1])
      })
      var inside = spans.some(function (span) { return span[0] <= t.start && t.end <= span[1] })
      if (!cut.length || inside) return
      keep(t.term, t.start, t.end)
      cut.forEach(function (span) {
        /* what is left of the word on either side of the crossing index word */
        candidates.forEach(function (piece) {
          var left = piece.start === span[0] && piece.end === t.start
          var right = piece.start === t.end && piece.end === span[1]
          if (left || right) keep(piece.term, piece.start, piece.end)
        })
      })
    })
    return found
  }

  /* The query characters covered by the terms a document matched (``matched(term)``). */
  function covered(matched, p) {
    var chars = new Array(p.text.length).fill(false)
    var mark = function (span) { for (var c = span[0]; c < span[1]; c++) chars[c] = true }
    p.groups.forEach(function (group) {
      if (group.terms.some(function (t) { return matched(t.term) })) group.spans.forEach(mark)
    })
    p.spanTerms.forEach(function (t) { if (matched(t.term)) mark([t.start, t.end]) })
    return chars
  }

  /* Material's per-term flags of a result document. */
  function flagged(doc) {
    return function (term) { return !!doc.terms && doc.terms[term] === true }
  }

  /* The words whose characters are all covered. */
  function wordsCovered(chars, p) {
    var found = []
    p.groups.forEach(function (group, g) {
      if (group.spans.every(function (span) {
        for (var c = span[0]; c < span[1]; c++) if (!chars[c]) return false
        return true
      })) found.push(g)
    })
    return found
  }

  /* Normalised key phrases ([phrase, weight]) of each page, from DATA.keys and, when the index
     is at hand, the page's title and section titles; computed once per index. */
  var phraseCache = new WeakMap()
  function pagePhrases(material) {
    var key = material && material.index ? material.index : DATA
    var found = phraseCache.get(key)
    if (found) return found
    found = new Map()
    var add = function (page, phrase, weight) {
      phrase = normalize(String(phrase).replace(/<[^>]*>/g, ""))
      if (!phrase) return
      if (!found.has(page)) found.set(page, [])
      found.get(page).push([phrase, weight])
    }
    Object.keys(DATA.keys || {}).forEach(function (page) {
      DATA.keys[page].forEach(function (entry) { add(page, entry[0], entry[1]) })
    })
    if (material && material.map) material.map.forEach(function (doc, location) {
      var page = location.split("#")[0]
      add(page, doc.title, location === page ? TITLE : SECTION_TITLE)
    })
    phraseCache.set(key, found)
    return found
  }

  /*
   * How much of the query a page's key phrases explain: per character (``chars``, what counts
   * as found) and in all (``score``). A phrase typed whole explains its characters fully; a
   * query (or some of its words) inside a longer phrase explains them less the more of the
   * phrase is left over: 提醒谈话 explains the title 提醒谈话 fully, 提醒谈话示例 less, a long
   * example title less still.
   */
  function keyCover(text, words, phrases) {
    var cover = new Array(text.length).fill(0)
    if (!text) return {chars: cover, score: 0}
    var mark = function (at, length, value) {
      for (var c = at; c < at + length; c++) cover[c] = Math.max(cover[c], value)
    }
    phrases.forEach(function (entry) {
      var phrase = entry[0], weight = entry[1]
      if (phrase.indexOf(text) !== -1)
        return mark(0, text.length, weight * Math.sqrt(text.length / phrase.length))
      var whole = false
      for (var at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
        mark(at, phrase.length, weight)
        whole = true
      }
      if (whole) return
      var inside = words.filter(function (w) { return phrase.indexOf(w) !== -1 })
      var explained = inside.reduce(function (n, w) { return n + w.length }, 0)
      if (!explained) return
      var value = weight * Math.sqrt(Math.min(1, explained / phrase.length))
      inside.forEach(function (w) {
        for (var at = text.indexOf(w); at !== -1; at = text.indexOf(w, at + 1)) mark(at, w.length, value)
      })
    })
    return {chars: cover.map(function (v) { return v > 0 }),
            score: cover.reduce(function (a, b) { return a + b }, 0)}
  }

  /* (kept for callers of the earlier interface) */
  function keyScore(text, words, phrases) {
    return keyCover(text, words, phrases.map(function (entry) {
      return [normalize(String(entry[0]).replace(/<[^>]*>/g, "")), entry[1]]
    }).filter(function (entry) { return entry[0] })).score
  }

  var hubSet = null
  function isHub(page) {
    if (!hubSet) hubSet = new Set(DATA.hubs || [])
    return hubSet.has(page)
  }

  /* The page's text as one normalised string, to find the query verbatim; once per document. */
  var plainCache = new WeakMap()
  function plainText(doc) {
    if (!doc || typeof doc !== "object") return ""
    var found = plainCache.get(doc)
    if (found === undefined) {
      found = normalize(String(doc.title || "").replace(/<[^>]*>/g, "") + " " +
                        String(doc.text || "").replace(/<[^>]*>/g, ""))
      plainCache.set(doc, found)
    }
    return found
  }

  /*
   * What to sort pages by: words found (in text or key phrases), then content before hubs, then
   * key phrases (with the query verbatim in the text, see finish), then the best section, then
   * Lunr's score.
   */
  function compare(a, b) {
    return b.covered - a.covered || a.hub - b.hub || b.keys - a.keys || b.best - a.best || b.score - a.score
  }

  /*
   * Fewer than FEW pages with every word: after them, the pages with most of the words, ranked by
   * how much of the query their key phrases explain (a page about the query's subject first).
   */
  function comparePartial(total) {
    return function (a, b) {
      var fullA = a.covered === total, fullB = b.covered === total
      if (fullA !== fullB) return fullB - fullA
      return fullA ? compare(a, b) : b.keys - a.keys || compare(a, b)
    }
  }

  /* The pages to show, in order: only those with every word, unless fewer than FEW have them all. */
  function enough(pages, total) {
    var full = pages.filter(function (pg) { return pg.covered === total })
    return full.length >= FEW ? full.sort(compare) : pages.sort(comparePartial(total))
  }

  /*
   * Rank Lunr's hits by page before Material highlights every one of them: with a common word
   * (谈话) that is most of the work. Pages that lack a word go when enough pages have them all,
   * and only the best MAX_PAGES pages go on (not yet looking for the query verbatim: that reads
   * the text, and finish() does it for these pages only).
   */
  function prefilter(hits, p, material) {
    var pages = new Map(), phrases = pagePhrases(material)
    var labels = p.groups.map(function (g) { return g.label })
    hits.forEach(function (hit) {
      var page = hit.ref.split("#")[0], keys = Object.keys(hit.matchData.metadata)
      var chars = covered(function (term) {
        return keys.some(function (key) { return key.indexOf(term) === 0 })
      }, p)
      var entry = pages.get(page)
      if (!entry) {
        var cover = keyCover(p.text, labels, phrases.get(page) || [])
        entry = {page: page, union: cover.chars.slice(), keys: cover.score, hub: isHub(page) ? 1 : 0,
                 verbatim: 0, best: 0, score: 0}
        pages.set(page, entry)
      }
      chars.forEach(function (on, c) { if (on) entry.union[c] = true })
      entry.score = Math.max(entry.score, hit.score)
    })
    var list = []
    pages.forEach(function (entry) {
      entry.covered = wordsCovered(entry.union, p).length
      list.push(entry)
    })
    var kept = enough(list, p.groups.length).slice(0, MAX_PAGES)
    var keep = new Map(kept.map(function (entry) { return [entry.page, 0] }))
    /* (Lunr's hits come best first) */
    return hits.filter(function (hit) {
      var page = hit.ref.split("#")[0], count = keep.get(page)
      if (count === undefined || (count >= MAX_SECTIONS && hit.ref !== page)) return false
      keep.set(page, count + 1)
      return true
    })
  }

  function clean(html) {
    return String(html).replace(/\u200b/g, "").replace(/<\/mark><mark>/g, "")
  }

  /* The kind of page a location is (工作指引, 示例 …), from DATA.kinds. */
  function kindOf(location) {
    var kinds = DATA.kinds || []
    for (var k = 0; k < kinds.length; k++)
      if (location.indexOf(kinds[k][0]) === 0) return kinds[k][1]
    return ""
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]
    })
  }

  /*
   * Text to show under a result: one line of running text around the first highlighted word,
   * not the whole section (a table of examples is one long run of cells).
   */
  function snippet(html) {
    html = String(html)
    /* Only the stretch around the first highlight matters (sections run to thousands of characters) */
    var at = html.indexOf("<mark>"), from = Math.max(0, at - 8 * SNIPPET_BEFORE)
    var leading = false, trailing = false
    if (html.length > 12 * SNIPPET) {
      var cut = html.slice(from, Math.max(at, 0) + 8 * SNIPPET)
      /* (not inside a tag, nor a highlight cut open) */
      cut = cut.replace(/^[^<]*>/, "").replace(/<[^>]*$/, "")
      if (cut.lastIndexOf("<mark>") > cut.lastIndexOf("</mark>")) cut += "</mark>"
      leading = from > 0
      trailing = Math.max(at, 0) + 8 * SNIPPET < html.length
      html = cut
    }
    var text = clean(html).replace(/<(?!\/?mark>)[^>]*>/g, " ").replace(/\s+/g, " ").trim()
    var units = text.match(/<\/?mark>|[\s\S]/g) || []
    var chars = units.filter(function (u) { return u.length === 1 }).length
    if (chars <= SNIPPET && !leading && !trailing) return clean(html)
    var first = units.indexOf("<mark>"), start = 0
    if (first > 0) {
      var before = 0
      start = first
      while (start > 0 && before < SNIPPET_BEFORE) {
        start--
        if (units[start].length === 1) before++
      }
      /* begin at a sentence or cell boundary when there is one close by */
      for (var k = start; k < first; k++)
        if (/[。；！？ ]/.test(units[k])) { start = k + 1; break }
    }
    var out = [], count = 0, open = false
    for (var i = start; i < units.length && count < SNIPPET; i++) {
      if (units[i] === "<mark>") open = true
      else if (units[i] === "</mark>") open = false
      else count++
      out.push(units[i])
    }
    if (open) out.push("</mark>")
    var body = out.join("").trim()
    return (start > 0 || leading ? "…" : "") + body + (i < units.length || trailing ? "…" : "")
  }

  /* Re-rank, filter and clean Material's grouped result (one array of documents per page). */
  function finish(result, p, material) {
    var total = p.groups.length, phrases = pagePhrases(material)
    var labels = p.groups.map(function (g) { return g.label })
    var pages = result.items.map(function (docs) {
      var article = docs.find(function (d) { return d.location.indexOf("#") === -1 }) || docs[0]
      var page = article.location.split("#")[0]
      var cover = keyCover(p.text, labels, (phrases.get(page) || []).concat(docs.map(function (d) {
        return [normalize(String(d.title).replace(/<[^>]*>/g, "")), d === article ? TITLE : SECTION_TITLE]
      })))
      var union = cover.chars.slice()
      var verbatim = 0
      var ranked = docs.map(function (doc) {
        var chars = covered(flagged(doc), p)
        chars.forEach(function (on, c) { if (on) union[c] = true })
        /* (the query as typed: not after a rewrite, where 廉政谈话示例 is link text, not a subject) */
        if (!p.searched && p.text.length > 1 &&
          plainText(material && material.map ? material.map.get(doc.location) : doc)
          .indexOf(p.text) !== -1) verbatim = 1
        var matched = wordsCovered(chars, p)
        return {doc: doc, covered: matched.length, matched: matched}
      })
      var found = wordsCovered(union, p)
      ranked.sort(function (a, b) { return b.covered - a.covered || b.doc.score - a.doc.score })
      return {
        docs: ranked,
        article: article,
        found: found,
        covered: found.length,
        hub: isHub(page) ? 1 : 0,
        verbatim: verbatim,
        keys: cover.score,
        best: ranked[0].covered,
        /* the best section, plus a little for every other section with all the words: a page
           that uses a fixed term throughout is about it */
        score: ranked.reduce(function (sum, entry, k) {
          if (k === 0) return entry.doc.score
          return sum + (entry.covered === ranked[0].covered ? entry.doc.score * SPREAD : 0)
        }, 0)
      }
    })
    /* The query verbatim in a page's text explains it like a key phrase (巡视整改 on the page
       that discusses it, not 整改台账), the less so the more pages have it */
    var verbatim = pages.filter(function (pg) { return pg.verbatim }).length
    pages.forEach(function (pg) {
      if (pg.verbatim) pg.keys += VERBATIM * p.text.length * Math.min(1, FEW / verbatim)
    })
    pages = enough(pages, total)
    var items = pages.map(function (pg) {
      return pg.docs.map(function (entry) {
        /* Matched terms go to the page link (Material highlights them there); words the
           page lacks, and parts of the query no page has, are shown struck through */
        var doc = entry.doc, terms = {}
        p.groups.forEach(function (group, g) {
          if (pg.found.indexOf(g) === -1) terms[group.label] = false
        })
        /* (the words and their alternatives; span terms only help count a word as found) */
        p.groups.forEach(function (group) {
          group.terms.forEach(function (t) { if (doc.terms[t.term] === true) terms[t.term] = true })
        })
        p.gaps.forEach(function (gap) { terms[gap] = false })
        var title = clean(doc.title), kind = doc === pg.article ? kindOf(doc.location) : ""
        if (kind) title = "<span class=\"talks-search-kind\">" + escapeHtml(kind) + "</span>" + title
        var copy = Object.assign({}, doc, {
          title: title,
          text: snippet(doc.text),
          terms: terms,
          /* Keep Material's rendering consistent with this order: more words, higher score */
          score: entry.covered * 1e9 + doc.score
        })
        if (doc.tags) copy.tags = doc.tags.map(clean)
        return copy
      })
    })
    return {items: items, suggest: suggest(items, p)}
  }

  /*
   * Material completes the last word in the search box with the last suggestion that starts
   * with it. An unspaced Chinese query is one such word: when its last word is still being
   * typed (两个维), offer the query with the index word it begins as the best pages show it.
   */
  function suggest(items, p) {
    var last = p.groups[p.groups.length - 1]
    var word = p.typed.split(/[\s-]+/).pop()
    if (!last || !last.typing || word.slice(-last.label.length) !== last.label) return []
    for (var i = 0; i < Math.min(3, items.length); i++)
      for (var k = 0; k < items[i].length; k++) {
        var found = (items[i][k].title + items[i][k].text).match(/<mark>[^<]*<\/mark>/g) || []
        for (var m = 0; m < found.length; m++) {
          var marked = found[m].slice(6, -7)
          if (marked.length > last.label.length && marked.indexOf(last.label) === 0)
            return [word.slice(0, -last.label.length) + marked]
        }
      }
    return []
  }

  /* Entry point, called by Material's worker in place of its own Search#search. */

  /* Entry point, called by Material's worker in place of its own Search#search. */
  function search(material, query) {
    var p = plan(query, material.index)
    var said = {query: String(query)}
    if (p.searched && DATA.wording && DATA.wording.searched)
      said.notice = DATA.wording.searched.replace("{query}", p.searched)
    /* answered from titles only (talksSearch.setup): say so; the full text answers again */
    if (material.complete && !material.complete() && DATA.wording && DATA.wording.loading)
      said.loading = DATA.wording.loading
    if (!p.query) return {items: [], talks: said}
    /* Material's own suggestions require every term in one title: with synonyms and span
       terms that is slow and almost never finds anything; finish() suggests instead */
    material.options.suggest = false
    var index = material.index, lunrSearch = Object.getPrototypeOf(index).search
    index.search = function (lunrQuery) { return prefilter(lunrSearch.call(index, lunrQuery), p, material) }
    try {
      var result = finish(material.search(p.query), p, material)
      result.talks = said
      return result
    } finally {
      delete index.search
    }
  }

  /*
   * Material's Search, ready soon after the reader starts to search. Material builds its Lunr
   * index from the full text in one go (about half a second for this site, more on a slow
   * machine), and no query is answered meanwhile. Here a small index of titles and tags is built
   * first and answers at once; the full text is then added a slice of SLICE_MS at a time between
   * queries, so a keystroke waits for at most one slice (and once for the final step that turns
   * the added documents into the index). A query answered from titles only is answered again from
   * the full text, and the page is told when it is there (message COMPLETE). Returns a stand-in
   * for Material's Search that always uses the latest index.
   */
  var COMPLETE = 1001, SLICE_MS = 15
  var deferred = null  /* while set: adding() keeps the documents for later instead of adding */
  function adding(builder, docs) {
    if (deferred) {
      deferred.builder = builder
      deferred.docs = docs
      return
    }
    for (var k = 0; k < docs.length; k++) builder.add(docs[k], {boost: docs[k].boost})
  }

  function setup(Search, data) {
    var light = Object.assign({}, data, {docs: data.docs.map(function (doc) {
      return Object.assign({}, doc, {text: ""})
    })})
    var state = {current: new Search(light), complete: false, pending: null}
    deferred = {}
    var full
    try {
      full = new Search(data)  /* its documents are kept, not added: its index is empty */
    } finally {
      var work = deferred
      deferred = null
    }
    var facade = {
      get index() { return state.current.index },
      get map() { return state.current.map },
      get table() { return state.current.table },
      get options() { return state.current.options },
      search: function (query) { return state.current.search(query) },
      answered: function (query) { if (!state.complete) state.pending = query },
      complete: function () { return state.complete }
    }
    var next = 0
    var slice = function () {
      var until = Date.now() + SLICE_MS
      while (next < work.docs.length && Date.now() < until) {
        var doc = work.docs[next++]
        work.builder.add(doc, {boost: doc.boost})
      }
      if (next < work.docs.length) return setTimeout(slice, 0)
      full.index = work.builder.build()
      state.current = full
      state.complete = true
      postMessage({type: COMPLETE})
      if (state.pending !== null && state.pending === lastQuery) {
        try {
          postMessage({type: 3, data: search(facade, state.pending)})
        } catch (err) {
          console.warn(err)
        }
      }
      state.pending = null
    }
    if (work.builder) setTimeout(slice, 0)
    else {  /* (a Material whose Search did not go through adding: it is complete already) */
      state.current = full
      state.complete = true
    }
    return facade
  }

  /*
   * The worker's answer to a query message, or null when a newer query has arrived meanwhile:
   * the drafter typed on, and the stale query is not worth the wait (it is dropped, not
   * answered). The check waits one turn of the worker's event loop, so that queries already
   * queued behind this one are seen first.
   */
  var latest = 0, lastQuery = null
  function answer(material, query) {
    var mine = ++latest
    lastQuery = query
    return new Promise(function (resolve) {
      setTimeout(function () {
        if (mine !== latest) return resolve(null)
        try {
          if (material.answered) material.answered(query)
          resolve({type: 3, data: search(material, query)})
        } catch (err) {
          console.warn(err)
          resolve({type: 3, data: {items: [], talks: {query: String(query)}}})
        }
      }, 0)
    })
  }

  return {search: search, answer: answer, setup: setup, adding: adding, COMPLETE: COMPLETE, plan: plan, prefilter: prefilter, finish: finish, suggest: suggest,
          normalize: normalize, keyScore: keyScore, clean: clean, rewrite: rewrite, snippet: snippet}
})()
