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
 * Plain ES2018, no imports: it must also run inside the iframe that Material uses in place of a
 * worker when the site is opened from file://. DATA is filled in by hooks/talks_search.py.
 */
var talksSearch = (function () {
  "use strict"

  /* Filled in at build time: {synonyms: [[name, alias, …]], keys: {location: [[phrase, weight]]}} */
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
    var parts = [], gaps = [], spanTerms = [], offset = 0
    var runs = String(query).normalize("NFKC").toLowerCase().match(WORD) || []
    runs.forEach(function (run) {
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
      if (label in inverted || hasPrefix(words, label) || !HAN.test(label))
        add(label, BOOST_WORD, true)
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
    return {query: clauses.join(" "), groups: groups, spanTerms: spanTerms, gaps: gaps,
            text: normalize(query), typed: String(query)}
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

  /*
   * Drop Lunr's hits on pages that lack a word when some page has them all, before Material
   * highlights every hit: with a common word (谈话) that is most of the work.
   */
  function prefilter(hits, p) {
    var pages = new Map()
    hits.forEach(function (hit) {
      var page = hit.ref.split("#")[0], keys = Object.keys(hit.matchData.metadata)
      var chars = covered(function (term) {
        return keys.some(function (key) { return key.indexOf(term) === 0 })
      }, p)
      var union = pages.get(page) || new Array(p.text.length).fill(false)
      chars.forEach(function (on, c) { if (on) union[c] = true })
      pages.set(page, union)
    })
    var full = new Set()
    pages.forEach(function (union, page) {
      if (wordsCovered(union, p).length === p.groups.length) full.add(page)
    })
    if (!full.size) return hits
    return hits.filter(function (hit) { return full.has(hit.ref.split("#")[0]) })
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

  /*
   * How much of the query a page's key phrases explain, in characters. A phrase typed whole
   * explains its characters fully; a query (or some of its words) inside a longer phrase
   * explains them less the more of the phrase is left over: 提醒谈话 explains the title
   * 提醒谈话 fully, 提醒谈话示例 less, a long example title less still.
   */
  function keyScore(text, words, phrases) {
    if (!text) return 0
    var cover = new Array(text.length).fill(0)
    var mark = function (at, length, value) {
      for (var c = at; c < at + length; c++) cover[c] = Math.max(cover[c], value)
    }
    phrases.forEach(function (entry) {
      var phrase = normalize(String(entry[0]).replace(/<[^>]*>/g, "")), weight = entry[1]
      if (!phrase) return
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
    return cover.reduce(function (a, b) { return a + b }, 0)
  }

  function clean(html) {
    return String(html).replace(/\u200b/g, "").replace(/<\/mark><mark>/g, "")
  }

  /* Re-rank, filter and clean Material's grouped result (one array of documents per page). */
  function finish(result, p) {
    var total = p.groups.length
    var pages = result.items.map(function (docs) {
      var article = docs.find(function (d) { return d.location.indexOf("#") === -1 }) || docs[0]
      var page = article.location
      var union = new Array(p.text.length).fill(false)
      var ranked = docs.map(function (doc) {
        var chars = covered(flagged(doc), p)
        chars.forEach(function (on, c) { if (on) union[c] = true })
        var matched = wordsCovered(chars, p)
        return {doc: doc, covered: matched.length, matched: matched}
      })
      var found = wordsCovered(union, p)
      var phrases = (DATA.keys[page] || []).concat(docs.map(function (d) {
        return [d.title, d === article ? TITLE : SECTION_TITLE]
      }))
      ranked.sort(function (a, b) { return b.covered - a.covered || b.doc.score - a.doc.score })
      return {
        docs: ranked,
        found: found,
        covered: found.length,
        keys: keyScore(p.text, p.groups.map(function (g) { return g.label }), phrases),
        best: ranked[0].covered,
        /* the best section, plus a little for every other section with all the words: a page
           that uses a fixed term throughout is about it */
        score: ranked.reduce(function (sum, entry, k) {
          if (k === 0) return entry.doc.score
          return sum + (entry.covered === ranked[0].covered ? entry.doc.score * SPREAD : 0)
        }, 0)
      }
    })
    var most = Math.max.apply(null, [0].concat(pages.map(function (pg) { return pg.covered })))
    if (most === total)
      pages = pages.filter(function (pg) { return pg.covered === total })
    pages.sort(function (a, b) {
      return b.covered - a.covered || b.keys - a.keys || b.best - a.best || b.score - a.score
    })
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
        var copy = Object.assign({}, doc, {
          title: clean(doc.title),
          text: clean(doc.text),
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
  function search(material, query) {
    var p = plan(query, material.index)
    if (!p.query) return {items: []}
    /* Material's own suggestions require every term in one title: with synonyms and span
       terms that is slow and almost never finds anything; finish() suggests instead */
    material.options.suggest = false
    var index = material.index, lunrSearch = Object.getPrototypeOf(index).search
    index.search = function (lunrQuery) { return prefilter(lunrSearch.call(index, lunrQuery), p) }
    try {
      return finish(material.search(p.query), p)
    } finally {
      delete index.search
    }
  }

  return {search: search, plan: plan, prefilter: prefilter, finish: finish, suggest: suggest,
          normalize: normalize, keyScore: keyScore, clean: clean}
})()
