/* 谈话工作指引 · 起草工具：复制段落和全文、填写占位符、下载填好的 Word、筛选示例。
 *
 * Everything happens in this page: no request to any host, no storage. Filled-in values live in
 * memory only and are gone when the page is reloaded (the material may name real people).
 * The page's HTML comes from hooks/talks_render.py: talk paragraphs are p.talk-para, speakers
 * p.talk-speaker, salutations p.talk-salutation, notes div.talk-note (never copied), placeholders
 * span.placeholder[data-placeholder]; standard phrasings are div.admonition.phrase, whose
 * p.phrase-source (出处) is not copied. The .docx of an example is also published as
 * <name>.docx.js (base64), which a <script> can load from file:// where fetch() cannot.
 * Form pages (docs/forms/) get the same tools: the ## sections that their Word file holds carry
 * h2.talk-form (hooks/talks.py on_page_content), and their .docx is published the same way.
 */
(function () {
  "use strict";

  /* The folder of the site's assets, from this script's own address: the composer's files are
     found from here, over http and from file:// alike (the page's own depth varies). */
  var ASSETS = (document.currentScript && document.currentScript.src || "").replace(/javascripts\/toolkit\.js(\?.*)?$/, "");

  var LABELS = {
    tableLabel: "表格：{first}……（可用方向键左右滚动）",
    phraseFilter: "筛选规范用语",
    phraseType: "谈话类型",
    phrasePart: "部分",
    phraseAll: "全部",
    phraseCount: "显示 {shown} / {n} 段",
    tableLabelPlain: "表格（可用方向键左右滚动）",
    copyParagraph: "复制第 {n} 段",
    copyParagraphTitle: "复制本段",
    copyPhrase: "复制",
    copyPhraseLabel: "复制用语：{title}",
    copyAll: "复制全文",
    copyForm: "复制",
    copyFormLabel: "复制文书：{title}",
    copiedForm: "已复制：{title}",
    copied: "已复制",
    copiedParagraph: "已复制本段",
    copiedAll: "已复制全文，共 {n} 段",
    copyFailed: "复制失败，请选中文字后按 Ctrl+C 复制",
    fillSummary: "填写占位符（{n} 项）",
    fillHint: "在这里填写的内容会替换本页所有相同的占位符，复制和下载的 Word 文件中也是填好的内容。" +
      "内容只保留在本页，不会上传，刷新页面后清空。",
    fillTitle: "填写占位符",
    fillReset: "恢复模板",
    fillResetDone: "已恢复为模板",
    fillCount: "已填写 {filled} / {total} 项",
    downloadFilled: "已生成填好内容的 Word 文件",
    downloadFailed: "未能写入填写的内容，已改为下载模板文件",
    filterLabel: "筛选示例",
    filterAll: "显示全部 {n} 篇",
    filterSome: "显示 {shown} / {n} 篇",
    filterClear: "清除筛选",
    searchDialog: "搜索",
    composerFailed: "起草台未能载入。请刷新页面重试；离线版请确认解压后的文件完整。"
  };

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var COPY_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12V1Z"/></svg>';

  /* --- Text exactly as a drafter wants it pasted --------------------------------------------- */

  var ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
  var CJK = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2026\u2014]/;
  var SKIP = ".talk-copy, .headerlink, button, .talk-copy-skip";

  function tidy(text) {
    text = text.replace(ZERO_WIDTH, "").replace(/\u00a0/g, " ");
    // A line break in the Markdown source is no space between two Chinese characters.
    text = text.replace(/[ \t\r]*\n[ \t\r\n]*/g, function (match, offset, all) {
      var before = all.charAt(offset - 1), after = all.charAt(offset + match.length);
      return CJK.test(before) || CJK.test(after) ? "" : " ";
    });
    return text.replace(/[ \t]{2,}/g, " ").trim();
  }

  function textOf(node) {
    var out = "";
    (function walk(parent) {
      for (var child = parent.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) out += child.nodeValue;
        else if (child.nodeType === 1 && !child.matches(SKIP)) walk(child);
      }
    })(node);
    return tidy(out);
  }

  /* --- Clipboard and confirmation ------------------------------------------------------------ */

  var toast;
  var toastTimer;

  function say(message) {
    if (!toast) {
      toast = el("div", { "class": "talk-toast", role: "status", "aria-live": "polite" });
      document.body.appendChild(toast);
    }
    toast.textContent = message;
    toast.classList.add("is-visible");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.classList.remove("is-visible"); }, 2500);
  }

  function copyByCommand(text) {
    var active = document.activeElement;
    var area = el("textarea", { readonly: "", "class": "talk-copy-buffer", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    area.remove();
    if (active && active.focus) active.focus();
    return ok;
  }

  /* navigator.clipboard needs a secure context (https, localhost, file://); an intranet server
     on plain http is not one, so fall back to the older copy command there. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return copyByCommand(text); });
    }
    return Promise.resolve(copyByCommand(text));
  }

  function copyAndConfirm(button, text, message) {
    copyText(text).then(function (ok) {
      say(ok ? message : LABELS.copyFailed);
      if (!ok) return;
      button.classList.add("is-copied");
      setTimeout(function () { button.classList.remove("is-copied"); }, 1500);
    });
  }

  /* --- Copy buttons ---------------------------------------------------------------------------- */

  function addParagraphButtons(article) {
    var paragraphs = article.querySelectorAll("p.talk-para");
    Array.prototype.forEach.call(paragraphs, function (paragraph, index) {
      var button = el("button", {
        type: "button", "class": "talk-copy",
        "aria-label": format(LABELS.copyParagraph, { n: index + 1 }), title: LABELS.copyParagraphTitle
      });
      button.innerHTML = COPY_ICON;
      button.addEventListener("click", function () {
        copyAndConfirm(button, textOf(paragraph), LABELS.copiedParagraph);
      });
      paragraph.insertBefore(button, paragraph.firstChild);
    });
  }

  function phraseText(box) {
    var parts = [];
    Array.prototype.forEach.call(box.children, function (child) {
      if (child.matches(".admonition-title, summary, .phrase-source")) return;
      var text = textOf(child);
      if (text) parts.push(text);
    });
    return parts.join("\n");
  }

  function addPhraseButtons(article) {
    var boxes = article.querySelectorAll(".admonition.phrase, details.phrase");
    Array.prototype.forEach.call(boxes, function (box) {
      var title = box.querySelector(":scope > .admonition-title, :scope > summary");
      if (!title) return;
      var button = el("button", {
        type: "button", "class": "talk-copy talk-copy--phrase",
        "aria-label": format(LABELS.copyPhraseLabel, { title: textOf(title) })
      });
      button.innerHTML = COPY_ICON + '<span aria-hidden="true">' + LABELS.copyPhrase + "</span>";
      button.addEventListener("click", function (event) {
        event.preventDefault(); // inside a <summary> the click would also fold the box
        copyAndConfirm(button, phraseText(box), LABELS.copied);
      });
      title.appendChild(button);
    });
  }

  /* The whole talk: title, speakers, headings, salutations and paragraphs, one per line. */
  function talkText(article) {
    var parts = article.querySelectorAll("h1, h2, h3, p.talk-speaker, p.talk-salutation, p.talk-para");
    var lines = [];
    Array.prototype.forEach.call(parts, function (part) {
      if (part.closest(".talk-note, .talk-meta, .talk-remark")) return;
      var text = textOf(part);
      if (text) lines.push(text);
    });
    return lines;
  }

  /* --- Placeholders ------------------------------------------------------------------------------ */

  /* The sentence around a placeholder's first occurrence (up to 。！？； or the paragraph's ends). */
  function sentenceOf(span, name) {
    var block = span.closest("p, li, td, th, h1, h2, h3, h4") || span.parentNode;
    var text = textOf(block).replace(/\s+/g, " ");
    var marker = "【" + name + "】";
    var at = text.indexOf(marker);
    if (at < 0) return text.slice(0, 60);
    var start = at, end = at + marker.length;
    while (start > 0 && "。！？；".indexOf(text.charAt(start - 1)) < 0) start--;
    while (end < text.length && "。！？；".indexOf(text.charAt(end)) < 0) end++;
    var sentence = text.slice(start, Math.min(end + 1, text.length)).trim();
    if (sentence.length > 60) {  // a long sentence: the placeholder and a little on each side
      var from = Math.max(0, at - start - 20);
      var to = Math.min(sentence.length, at - start + marker.length + 30);
      sentence = (from > 0 ? "……" : "") + sentence.slice(from, to) + (to < sentence.length ? "……" : "");
    }
    return sentence;
  }

  /* `within` (optional): the elements whose placeholders are listed (a form page: its documents,
     not the notes on using them); a value still fills that placeholder everywhere on the page. */
  function setupFill(article, tools, bar, within) {
    var spans = article.querySelectorAll(".placeholder[data-placeholder]");
    var byName = {};
    var names = [];
    Array.prototype.forEach.call(spans, function (span) {
      var name = span.getAttribute("data-placeholder");
      var listed = !within || within.some(function (root) { return root.contains(span); });
      if (!byName[name]) byName[name] = [];
      if (listed && names.indexOf(name) < 0) names.push(name);
      byName[name].push(span);
    });
    var values = {};
    if (!names.length) return values;

    var count = el("p", { "class": "talk-fill__count", "aria-live": "polite" });
    var grid = el("div", { "class": "talk-fill__grid" });
    var inputs = names.map(function (name, index) {
      var id = "talk-fill-" + index;
      var input = el("input", { type: "text", id: id, "data-placeholder": name, autocomplete: "off",
        spellcheck: "false" });
      input.addEventListener("input", function () { fill(name, input.value); });
      // The sentence the placeholder first stands in, so that the drafter knows which fact it is.
      var context = el("p", { "class": "talk-fill__context", id: id + "-context", text: sentenceOf(byName[name][0], name) });
      input.setAttribute("aria-describedby", id + "-context");
      grid.appendChild(el("div", { "class": "talk-fill__field" }, [el("label", { "for": id, text: name }), context, input]));
      return input;
    });
    var reset = el("button", { type: "button", "class": "md-button talk-fill__reset", text: LABELS.fillReset });
    var body = el("div", { "class": "talk-fill", id: "talk-fill", role: "region", "aria-label": LABELS.fillTitle }, [
      el("p", { "class": "talk-fill__hint", text: LABELS.fillHint }), grid,
      el("div", { "class": "talk-fill__actions" }, [reset, count])
    ]);
    body.hidden = true;
    var toggle = el("button", { type: "button", "class": "md-button talk-fill__toggle", "aria-expanded": "false",
      "aria-controls": "talk-fill", text: format(LABELS.fillSummary, { n: names.length }) });
    toggle.addEventListener("click", function () {
      var open = body.hidden;
      body.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) inputs[0].focus();
    });

    function showCount() {
      count.textContent = format(LABELS.fillCount, { filled: Object.keys(values).length, total: names.length });
    }

    function fill(name, raw) {
      var value = raw.replace(ZERO_WIDTH, "").trim();
      if (value) values[name] = value; else delete values[name];
      byName[name].forEach(function (span) {
        span.textContent = value || "【" + name + "】";
        span.classList.toggle("is-filled", Boolean(value));
      });
      showCount();
    }

    reset.addEventListener("click", function () {
      inputs.forEach(function (input) {
        input.value = "";
        fill(input.getAttribute("data-placeholder"), "");
      });
      say(LABELS.fillResetDone);
    });
    showCount();
    bar.insertBefore(toggle, bar.querySelector("a.talk-download"));
    tools.appendChild(body);
    return values;
  }

  /* --- The .docx with the filled-in values --------------------------------------------------------- */

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  /* The entries of a zip file (central directory), with their stored or compressed bytes. */
  function readZip(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var end = bytes.length - 22;
    while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
    if (end < 0) throw new Error("not a zip file");
    var count = view.getUint16(end + 10, true);
    var at = view.getUint32(end + 16, true);
    var entries = [];
    for (var i = 0; i < count; i++) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new Error("bad central directory");
      var nameLength = view.getUint16(at + 28, true);
      var size = view.getUint32(at + 20, true);
      var local = view.getUint32(at + 42, true);
      var start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      entries.push({
        flags: view.getUint16(at + 8, true) & ~0x8, method: view.getUint16(at + 10, true),
        time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true),
        crc: view.getUint32(at + 16, true), size: view.getUint32(at + 24, true),
        name: bytes.slice(at + 46, at + 46 + nameLength), data: bytes.slice(start, start + size)
      });
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return entries;
  }

  function writeZip(entries) {
    var total = 22;
    entries.forEach(function (e) { total += 30 + 46 + 2 * e.name.length + e.data.length; });
    var out = new Uint8Array(total);
    var view = new DataView(out.buffer);
    var at = 0;
    var offsets = [];
    function header(signature, e, central) {
      view.setUint32(at, signature, true);
      var p = at + 4;
      if (central) { view.setUint16(p, 20, true); p += 2; }
      view.setUint16(p, 20, true); view.setUint16(p + 2, e.flags, true); view.setUint16(p + 4, e.method, true);
      view.setUint16(p + 6, e.time, true); view.setUint16(p + 8, e.date, true);
      view.setUint32(p + 10, e.crc, true); view.setUint32(p + 14, e.data.length, true);
      view.setUint32(p + 18, e.size, true); view.setUint16(p + 22, e.name.length, true);
      view.setUint16(p + 24, 0, true);
      return p + 26;
    }
    entries.forEach(function (e) {
      offsets.push(at);
      at = header(0x04034b50, e, false);
      out.set(e.name, at); at += e.name.length;
      out.set(e.data, at); at += e.data.length;
    });
    var directory = at;
    entries.forEach(function (e, i) {
      at = header(0x02014b50, e, true);
      view.setUint16(at, 0, true); view.setUint16(at + 2, 0, true); view.setUint16(at + 4, 0, true);
      view.setUint32(at + 6, 0, true); view.setUint32(at + 10, offsets[i], true);
      at += 14;
      out.set(e.name, at); at += e.name.length;
    });
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, entries.length, true); view.setUint16(at + 10, entries.length, true);
    view.setUint32(at + 12, at - directory, true); view.setUint32(at + 16, directory, true);
    return out.subarray(0, at + 22);
  }

  /* Characters XML 1.0 does not allow (control characters, a lone half of a surrogate pair):
     a value pasted with them would make a Word file that no program opens. */
  var INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  function escapeXml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* A value for the inside of a w:t: escaped, invalid characters dropped, a line break as w:br. */
  function xmlValue(text) {
    return escapeXml(String(text).replace(INVALID_XML, ""))
      .replace(/\r\n?|\n/g, '</w:t><w:br/><w:t xml:space="preserve">')
      .replace(/\t/g, '</w:t><w:tab/><w:t xml:space="preserve">');
  }

  /* word/document.xml is stored uncompressed (hooks/talks_docx.py), and each placeholder sits
     whole inside one text run, so a plain text replacement is enough. */
  function fillDocx(bytes, values) {
    var entries = readZip(bytes);
    var names = Object.keys(values);
    var done = false;
    entries.forEach(function (entry) {
      if (new TextDecoder().decode(entry.name) !== "word/document.xml") return;
      if (entry.method !== 0) throw new Error("document.xml is compressed");
      var xml = new TextDecoder().decode(entry.data);
      names.forEach(function (name) {
        xml = xml.split(escapeXml("【" + name + "】")).join(xmlValue(values[name]));
      });
      entry.data = new TextEncoder().encode(xml);
      entry.size = entry.data.length;
      entry.crc = crc32(entry.data);
      done = true;
    });
    if (!done) throw new Error("no word/document.xml");
    return writeZip(entries);
  }

  function loadDocx(url) {
    var name = decodeURIComponent(url.split(/[?#]/)[0].split("/").pop());
    var registry = function () { return window.talkDocx && window.talkDocx[name]; };
    var ready = registry() ? Promise.resolve() : new Promise(function (resolve, reject) {
      var script = el("script", { src: url.split(/[?#]/)[0] + ".js" });
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return ready.then(function () { return base64Bytes(registry()); });
  }

  function base64Bytes(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function saveFile(bytes, fileName) {
    var blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: fileName, "class": "talk-copy-buffer" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function setupDownload(link, values) {
    link.addEventListener("click", function (event) {
      if (!Object.keys(values).length) return; // nothing filled in: the template as it is
      event.preventDefault();
      var fileName = link.getAttribute("download") || link.href.split("/").pop();
      loadDocx(link.href).then(function (bytes) {
        saveFile(fillDocx(bytes, values), fileName);
        say(LABELS.downloadFilled);
      }).catch(function () {
        say(LABELS.downloadFailed);
        window.location.href = link.href;
      });
    });
  }

  /* --- Example pages: toolbar ------------------------------------------------------------------------- */

  function setupExample(article) {
    var tools = article.querySelector(".talk-tools");
    if (!tools) return;
    var bar = tools.querySelector("p") || tools;
    var copyAll = el("button", { type: "button", "class": "md-button md-button--primary talk-copy-all" });
    copyAll.innerHTML = COPY_ICON;
    copyAll.appendChild(document.createTextNode(LABELS.copyAll));
    copyAll.addEventListener("click", function () {
      var lines = talkText(article);
      copyAndConfirm(copyAll, lines.join("\n"), format(LABELS.copiedAll, { n: lines.length }));
    });
    bar.insertBefore(copyAll, bar.firstChild);
    var values = setupFill(article, tools, bar);
    var download = tools.querySelector("a.talk-download");
    if (download) setupDownload(download, values);
  }

  /* --- Form pages: each document the Word file holds ---------------------------------------------- */

  /* A ## section of a form page: its heading and the blocks up to the next heading of its level. */
  function formSections(article) {
    return Array.prototype.map.call(article.querySelectorAll("h2.talk-form"), function (heading) {
      var blocks = [];
      for (var node = heading.nextElementSibling; node && !/^H[12]$/.test(node.tagName); node = node.nextElementSibling) {
        blocks.push(node);
      }
      return { heading: heading, blocks: blocks };
    });
  }

  function isBoldLine(p) {
    var text = textOf(p);
    if (!text) return false;
    var bold = Array.prototype.map.call(p.querySelectorAll("strong, b"), textOf).join("");
    return bold.replace(/\s/g, "") === text.replace(/\s/g, "");
  }

  /* The text of a form as in its Word file (hooks/talks_docx.py form_docx): one line a paragraph,
     a table row per line with its cells separated by tabs, the heading as title when the form
     has no bold title line of its own; no admonition titles. */
  function formLines(section) {
    var lines = [];
    var titled = null;
    function walk(nodes) {
      nodes.forEach(function (node) {
        if (node.matches(".admonition-title, summary, .talk-fill, .talk-copy")) return;
        var tag = node.tagName;
        if (tag === "P" || /^H[3-5]$/.test(tag)) {
          var text = textOf(node);
          if (!text) return;
          if (titled === null) titled = tag === "P" && isBoldLine(node) && !/^[一二三四五六七八九十]+、/.test(text);
          lines.push(text);
        } else if (tag === "TABLE") {
          if (titled === null) titled = false;
          Array.prototype.forEach.call(node.querySelectorAll("tr"), function (row) {
            var cells = Array.prototype.map.call(row.querySelectorAll("th, td"), textOf);
            if (cells.length) lines.push(cells.join("\t"));
          });
        } else if (tag === "UL" || tag === "OL") {
          if (titled === null) titled = false;
          Array.prototype.forEach.call(node.querySelectorAll(":scope > li"), function (item, index) {
            lines.push((tag === "OL" ? (index + 1) + "." : "") + textOf(item));
          });
        } else if (/^(DIV|DETAILS|BLOCKQUOTE)$/.test(tag)) {
          walk(Array.prototype.slice.call(node.children));
        }
      });
    }
    walk(section.blocks);
    if (!titled) lines.unshift(textOf(section.heading));
    return lines;
  }

  function setupForm(article) {
    var download = article.querySelector("a.talk-download");
    var sections = formSections(article);
    if (!download || !sections.length || article.querySelector(".talk-tools")) return;
    var bar = download.parentNode;
    var tools = el("div", { "class": "talk-tools talk-tools--form" });
    bar.parentNode.insertBefore(tools, bar);
    tools.appendChild(bar);
    var copyAll = el("button", { type: "button", "class": "md-button md-button--primary talk-copy-all" });
    copyAll.innerHTML = COPY_ICON;
    copyAll.appendChild(document.createTextNode(LABELS.copyAll));
    copyAll.addEventListener("click", function () {
      var lines = [];
      sections.forEach(function (section, index) {
        if (index) lines.push("");
        lines = lines.concat(formLines(section));
      });
      copyAndConfirm(copyAll, lines.join("\n"), format(LABELS.copiedAll, { n: lines.length }));
    });
    bar.insertBefore(copyAll, bar.firstChild);
    sections.forEach(function (section) {
      var title = textOf(section.heading);
      var button = el("button", { type: "button", "class": "talk-copy talk-copy--phrase talk-copy--form",
        "aria-label": format(LABELS.copyFormLabel, { title: title }) });
      button.innerHTML = COPY_ICON + '<span aria-hidden="true">' + LABELS.copyForm + "</span>";
      button.addEventListener("click", function () {
        copyAndConfirm(button, formLines(section).join("\n"), format(LABELS.copiedForm, { title: title }));
      });
      section.heading.appendChild(button);
      section.blocks.forEach(function (block) {
        var paragraphs = block.tagName === "P" ? [block] : Array.prototype.slice.call(block.querySelectorAll("p"));
        paragraphs.forEach(function (paragraph) {
          if (paragraph.matches(".admonition-title") || !textOf(paragraph)) return;
          paragraph.classList.add("talk-form-para");
          var copy = el("button", { type: "button", "class": "talk-copy",
            "aria-label": format(LABELS.copyParagraph, { n: article.querySelectorAll(".talk-form-para").length }),
            title: LABELS.copyParagraphTitle });
          copy.innerHTML = COPY_ICON;
          copy.addEventListener("click", function () {
            copyAndConfirm(copy, textOf(paragraph), LABELS.copiedParagraph);
          });
          paragraph.insertBefore(copy, paragraph.firstChild);
        });
      });
    });
    var values = setupFill(article, tools, bar, sections.reduce(function (all, section) {
      return all.concat(section.blocks);
    }, []));
    setupDownload(download, values);
  }

  /* --- Example tables: filter by tag ------------------------------------------------------------------- */

  function setupFilter(table) {
    var links = table.querySelectorAll("a[data-tags]");
    if (!links.length) return;
    var rows = Array.prototype.map.call(links, function (link) {
      return { row: link.closest("tr"), tags: link.getAttribute("data-tags").split(";") };
    });
    var facets = [];
    var values = {};
    rows.forEach(function (item) {
      item.tags.forEach(function (tag) {
        var cut = tag.indexOf("/");
        var facet = tag.slice(0, cut);
        if (!values[facet]) { values[facet] = []; facets.push(facet); }
        if (values[facet].indexOf(tag) < 0) values[facet].push(tag);
      });
    });
    facets = facets.filter(function (facet) { return values[facet].length > 1; });
    if (!facets.length) return;

    var chosen = {};
    var count = el("p", { "class": "talk-filter__count", "aria-live": "polite" });
    var clear = el("button", { type: "button", "class": "talk-filter__clear", text: LABELS.filterClear });
    var buttons = [];
    var groups = facets.map(function (facet, index) {
      var labelId = "talk-filter-" + index;
      var group = el("div", { "class": "talk-filter__options", role: "group", "aria-labelledby": labelId });
      values[facet].forEach(function (tag) {
        var n = rows.filter(function (item) { return item.tags.indexOf(tag) >= 0; }).length;
        var button = el("button", { type: "button", "class": "talk-filter__option", "aria-pressed": "false",
          "data-tag": tag, text: tag.slice(facet.length + 1) + "（" + n + "）" });
        button.addEventListener("click", function () {
          var on = button.getAttribute("aria-pressed") !== "true";
          button.setAttribute("aria-pressed", String(on));
          apply();
        });
        buttons.push(button);
        group.appendChild(button);
      });
      return el("div", { "class": "talk-filter__facet" }, [
        el("span", { "class": "talk-filter__label", id: labelId, text: facet }), group
      ]);
    });
    var box = el("div", { "class": "talk-filter", role: "group", "aria-label": LABELS.filterLabel },
      groups.concat([el("div", { "class": "talk-filter__status" }, [count, clear])]));

    function apply() {
      chosen = {};
      buttons.forEach(function (button) {
        if (button.getAttribute("aria-pressed") !== "true") return;
        var tag = button.getAttribute("data-tag");
        var facet = tag.slice(0, tag.indexOf("/"));
        (chosen[facet] = chosen[facet] || []).push(tag);
      });
      var shown = 0;
      rows.forEach(function (item) {
        var visible = Object.keys(chosen).every(function (facet) {
          return chosen[facet].some(function (tag) { return item.tags.indexOf(tag) >= 0; });
        });
        item.row.hidden = !visible;
        if (visible) shown++;
      });
      count.textContent = shown === rows.length ? format(LABELS.filterAll, { n: rows.length })
        : format(LABELS.filterSome, { shown: shown, n: rows.length });
      clear.hidden = !Object.keys(chosen).length;
    }

    clear.addEventListener("click", function () {
      buttons.forEach(function (button) { button.setAttribute("aria-pressed", "false"); });
      apply();
    });
    apply();
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  /* --- Start ------------------------------------------------------------------------------------------- */

  /* Material 9.8.2 gives its search dialog no accessible name (axe: aria-dialog-name). */
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    if (dialog) dialog.setAttribute("aria-label", LABELS.searchDialog);
  }

  /* Tables: on a phone, each row of a wide table reads as a card (toolkit.css), so every cell says
     which column it is; a table that still scrolls sideways can be reached and scrolled by keyboard. */
  function setupTables(article) {
    Array.prototype.forEach.call(article.querySelectorAll("table"), function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return textOf(th); });
      if (heads.length >= 3) {
        table.setAttribute("data-cards", "");  // not a class: Material styles only tables without one
        Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
          Array.prototype.forEach.call(row.children, function (cell, index) {
            if (heads[index]) cell.setAttribute("data-label", heads[index]);
          });
        });
      }
      var wrap = table.closest(".md-typeset__scrollwrap");
      if (wrap && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", heads.length ? format(LABELS.tableLabel, { first: heads[0] }) : LABELS.tableLabelPlain);
      }
    });
  }

  /* The phrase indexes (hundreds of phrasings): choose a talk type and a part to see only those. */
  function setupPhraseFilter(article) {
    var items = Array.prototype.slice.call(article.querySelectorAll("[data-phrase-type]"));
    if (items.length < 20) return;
    function values(attribute, within) {
      var seen = [];
      (within || items).forEach(function (item) {
        var value = item.getAttribute(attribute);
        if (seen.indexOf(value) < 0) seen.push(value);
      });
      return seen;
    }
    function select(id, label, options) {
      var element = el("select", { id: id, "class": "talk-phrase-filter__select" });
      [LABELS.phraseAll].concat(options).forEach(function (value, index) {
        element.appendChild(el("option", { value: index ? value : "", text: value }));
      });
      return [el("label", { "for": id, text: label }), element];
    }
    var type = select("talk-phrase-type", LABELS.phraseType, values("data-phrase-type"));
    var part = select("talk-phrase-part", LABELS.phrasePart, values("data-phrase-part"));
    var count = el("p", { "class": "talk-phrase-filter__count", "aria-live": "polite" });
    var box = el("div", { "class": "talk-phrase-filter", role: "search", "aria-label": LABELS.phraseFilter },
      [el("div", {}, type), el("div", {}, part), count]);

    function apply() {
      var wantedType = type[1].value;
      var wantedPart = part[1].value;
      var shown = 0, total = 0;
      items.forEach(function (item) {
        var visible = (!wantedType || item.getAttribute("data-phrase-type") === wantedType) &&
          (!wantedPart || item.getAttribute("data-phrase-part") === wantedPart);
        item.hidden = !visible;
        if (item.tagName === "DIV") { total++; if (visible) shown++; }
      });
      count.textContent = format(LABELS.phraseCount, { shown: shown, n: total });
    }
    type[1].addEventListener("change", apply);
    part[1].addEventListener("change", apply);
    apply();
    var first = article.querySelector("h2");
    article.insertBefore(box, first || article.firstChild);
  }

  /* 【占位符】 in the page text get a highlight (span.placeholder[data-placeholder]) that the
     fill-in form uses; the HTML itself stays as written (no build step rewrites every page). */
  var PLACEHOLDER = /【([^【】\n]+)】/g;

  function highlightPlaceholders(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeValue.indexOf("【") < 0) return NodeFilter.FILTER_REJECT;
        return node.parentNode.closest("code, pre, script, style, textarea, .placeholder")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, parts = document.createDocumentFragment(), match;
      PLACEHOLDER.lastIndex = 0;
      while ((match = PLACEHOLDER.exec(text))) {
        if (match.index > last) parts.appendChild(document.createTextNode(text.slice(last, match.index)));
        parts.appendChild(el("span", { "class": "placeholder", "data-placeholder": match[1], text: match[0] }));
        last = match.index + match[0].length;
      }
      if (!last) return;
      if (last < text.length) parts.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(parts, node);
    });
  }

  /* A script of the site, once (a <script> loads from file://, where fetch() is not allowed). */
  var scripts = {};
  function loadScript(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var script = el("script", { src: ASSETS + path });
        script.onload = resolve;
        script.onerror = function () { delete scripts[path]; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return scripts[path];
  }

  /* The composer (起草台) and its data load only on its own page. */
  function startComposer() {
    var root = document.getElementById("talk-composer");
    if (!root || root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "");
    loadScript("javascripts/composer.js").then(function () {
      window.talkComposer.mount(root);
    }).catch(function () {
      root.textContent = LABELS.composerFailed;
    });
  }

  window.talkToolkit = {
    assets: function () { return ASSETS; }, loadScript: loadScript, el: el, format: format, say: say,
    copyText: copyText, crc32: crc32, readZip: readZip, writeZip: writeZip, fillDocx: fillDocx,
    loadDocx: loadDocx, saveFile: saveFile, highlightPlaceholders: highlightPlaceholders, xmlValue: xmlValue, setupTables: setupTables,
    base64Bytes: base64Bytes
  };

  function start() {
    nameSearchDialog();
    startComposer();
    var article = document.querySelector("article.md-content__inner");
    if (!article || article.hasAttribute("data-talk-toolkit")) return;
    article.setAttribute("data-talk-toolkit", "");
    highlightPlaceholders(article);
    addParagraphButtons(article);
    addPhraseButtons(article);
    setupExample(article);
    setupForm(article);
    setupTables(article);
    setupPhraseFilter(article);
    Array.prototype.forEach.call(article.querySelectorAll("table"), setupFilter);
  }

  // With Material's instant navigation the page is swapped without a reload; document$ says so.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
