/* 谈话工作指引 · 起草台：用规范用语和示例段落拼写一篇谈话，以及同一次谈话的全套文书。
 *
 * Loaded by toolkit.js on the page that has #talk-composer, and only there. Its data comes from
 * the build: assets/talks-model.js (window.talkModel: types and their structures, every standard
 * phrasing, every example's paragraphs, the numbering table, the forms of one talk's 谈话卷宗;
 * hooks/talks_compose.py) and assets/talks-docx-template.js (window.talkDocxTemplate: the Word
 * template of the build's own files, with one paragraph of each kind; hooks/talks_docx.py).
 *
 * Nothing leaves the browser: drafts are kept in localStorage, files are made in memory. Numbers
 * are never typed: they follow the numbering table (hooks/talks_layout.py) as the build's do.
 */
(function () {
  "use strict";

  var T = window.talkToolkit;
  var el = T.el, format = T.format, say = T.say;
  var STORE = "talks-composer-v1";
  var PLACEHOLDER = /【([^【】\n]+)】/g;
  // The chapter of a guidance page with what the person talked to says (hooks/talks_load).
  var LISTENER_CHAPTER = "谈话对象怎么做";

  var L = {
    drafts: "草稿", draftName: "草稿名称", newDraft: "新建草稿", deleteDraft: "删除草稿",
    clearAll: "清除全部草稿", exportDraft: "导出草稿", importDraft: "导入草稿",
    confirmDelete: "删除草稿“{name}”？删除后不能恢复。", confirmClear: "清除本机浏览器中的全部 {n} 份草稿？清除后不能恢复。",
    saved: "已自动保存到本机浏览器", imported: "已导入草稿“{name}”", importFailed: "这个文件不是起草台导出的草稿",
    exported: "已导出草稿文件", deleted: "已删除草稿", cleared: "已清除全部草稿",
    setup: "谈话类型和形式", type: "谈话类型", form: "谈话形式", also: "兼有（可多选）", title: "标题",
    untitled: "{type}提纲", untitledMeeting: "{type}讲话稿", start: "开始起草",
    startHint: "选定谈话类型和形式后，下面按该类谈话的结构列出各部分。",
    part: "部分", required: "必备", optional: "可省略", repeatable: "可重复", interleave: "可穿插",
    speaker: "讲话人（可空）", heading: "本部分标题（可空；有标题时自动编为“一、”“二、”……）",
    removePart: "移除“{part}”", addPart: "添加“{part}”", repeatPart: "再加一个“{part}”",
    partUp: "把“{part}”上移", partDown: "把“{part}”下移",
    numbering: "编号", noNumber: "不编号", subsection: "小节标题（一）", lead: "要点句（可空）",
    paragraph: "第 {n} 段", up: "上移第 {n} 段", down: "下移第 {n} 段", remove: "删除第 {n} 段",
    addPhrase: "插入规范用语", addExample: "插入示例段落", addBlank: "新增空白段落",
    closePicker: "收起", insert: "插入", insertThis: "插入：{label}",
    slot: "{slot}（以下 {n} 段任选其一）", slotOne: "{slot}", tone: "语气：{tone}",
    noPhrases: "本类谈话的规范用语中没有“{part}”这一部分的用语，可从示例中插入段落或自己写。",
    noExamples: "没有示例含有“{part}”这一部分。",
    fromExample: "{title}（{n} 段）",
    empty: "本部分还没有内容：插入规范用语、示例段落，或新增空白段落。",
    undo: "撤销", undone: "已撤销", nothingToUndo: "没有可撤销的操作",
    placeholders: "填写占位符（{n} 项）", placeholdersNone: "草稿中没有【占位符】。",
    placeholdersHint: "填一次，谈话提纲和下面谈话卷宗中的各份文书都用这个值；没填的仍以【】显示。",
    occurs: "出现在：{sentence}",
    output: "谈话提纲", outputMeeting: "讲话稿", outline: "提纲视图（只看标题和要点）",
    copyAll: "复制全文", copiedAll: "已复制全文，共 {n} 段", copyFailed: "复制失败，请选中文字后按 Ctrl+C 复制",
    download: "下载 Word", downloaded: "已生成 Word 文件", print: "打印",
    dossier: "谈话卷宗", dossierHint: "同一次谈话的各份文书，占位符用上面填写的值。",
    copy: "复制", copied: "已复制“{title}”", downloadFailed: "未能生成 Word 文件，请重试",
    fillHere: "填写“{name}”", filled: "已填写“{name}”",
    moved: "已移动", removed: "已删除一段", inserted: "已插入 {n} 段",
    notInStructure: "（不在本类谈话的结构中）",
    table: "{title}中的第 {n} 个表格（可用方向键左右滚动）",
    saveFailed: "未能保存到本机浏览器（存储已满或被禁用）。请用“导出草稿”保存为文件。",
    broken: "这份草稿无法显示（可能来自旧版本或已损坏）。可以导出后检查，或删除它。",
    parts: "各部分", toOutput: "转到谈话提纲（复制、下载 Word、打印）",
    groupForm: "{title}中的", formBadge: "形式：{form}", settingBadge: "场景：{setting}",
    alsoBadge: "兼有的{type}", listenerSays: "谈话对象的说法："
  };

  // --- Data -------------------------------------------------------------------------------------

  var model, template, templateBytes;
  var STYLES = {};
  var state = { drafts: {}, order: [], current: null };
  var history = [];
  var draft = null;
  var outline = false;
  var root;

  function text_(value) { return typeof value === "string" ? value : ""; }
  function newId() { return "d" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6); }

  /* A draft as saved, exported or imported, checked field by field: what cannot be a draft is
     dropped (null), what is missing or of the wrong kind is filled in, so that no stored draft
     can stop the page from working. */
  function repairDraft(d) {
    if (!d || typeof d !== "object" || !Array.isArray(d.parts)) return null;
    var type = model.types.filter(function (t) { return t.slug === d.type; })[0];
    if (!type) return null;
    var forms = formsOf(type);
    var clean = {
      id: text_(d.id) || newId(), version: 1, created: text_(d.created), updated: text_(d.updated), type: type.slug,
      form: forms.indexOf(d.form) >= 0 ? d.form : forms[0], title: text_(d.title), name: text_(d.name), values: {}, parts: [],
      also: (Array.isArray(d.also) ? d.also : []).filter(function (slug) {
        return slug !== type.slug && model.types.some(function (t) { return t.slug === slug; });
      })
    };
    if (d.values && typeof d.values === "object") {
      Object.keys(d.values).forEach(function (key) { if (typeof d.values[key] === "string") clean.values[key] = d.values[key]; });
    }
    clean.parts = d.parts.filter(function (p) { return p && typeof p === "object" && text_(p.part); }).map(function (p) {
      return {
        id: text_(p.id) || uid(), part: p.part, speaker: text_(p.speaker), heading: text_(p.heading),
        paras: (Array.isArray(p.paras) ? p.paras : []).filter(function (x) { return x && typeof x === "object"; }).map(function (x) {
          var kind = ["para", "subheading", "salutation"].indexOf(x.kind) >= 0 ? x.kind : "para";
          return { id: text_(x.id) || uid(), kind: kind, style: STYLES[x.style] ? x.style : (kind === "subheading" ? model.numbering.subsection : ""),
            lead: text_(x.lead), text: text_(x.text) };
        })
      };
    });
    return clean;
  }

  /* The drafts in this browser, repaired; an unreadable store is kept aside, never overwritten. */
  function readStore() {
    var raw = null, saved = null;
    try { raw = localStorage.getItem(STORE); saved = JSON.parse(raw || "null"); } catch (err) { saved = undefined; }
    var fresh = { drafts: {}, order: [], current: null };
    if (saved === null) return fresh;
    if (!saved || typeof saved !== "object" || !saved.drafts || typeof saved.drafts !== "object") {
      try { localStorage.setItem(STORE + "-backup", raw); } catch (err) { /* storage off */ }
      return fresh;
    }
    var order = Array.isArray(saved.order) ? saved.order : Object.keys(saved.drafts);
    order.forEach(function (id) {
      var d = repairDraft(saved.drafts[id]);
      if (d && !fresh.drafts[d.id]) { fresh.drafts[d.id] = d; fresh.order.push(d.id); }
    });
    fresh.current = fresh.drafts[saved.current] ? saved.current : null;
    return fresh;
  }

  function load() { state = readStore(); }

  function writeStore(next) {
    try {
      localStorage.setItem(STORE, JSON.stringify(next));
      return true;
    } catch (err) {
      return false;
    }
  }

  function showSaved(ok) {
    var status = root && root.querySelector(".composer-status");
    if (!status) return;
    status.textContent = ok ? L.saved : L.saveFailed;
    status.classList.toggle("is-warning", !ok);
  }

  var saveTimer;
  function save(now) {
    clearTimeout(saveTimer);
    var write = function () {
      // Another tab may have saved its drafts since: merge this draft into what is stored now.
      var next = readStore();
      if (draft) {
        draft.updated = new Date().toISOString();
        next.drafts[draft.id] = draft;
        if (next.order.indexOf(draft.id) < 0) next.order.unshift(draft.id);
        next.current = draft.id;
      }
      state = next;
      showSaved(writeStore(next));
    };
    pendingSave = now ? null : write;
    if (now) write(); else saveTimer = setTimeout(function () { pendingSave = null; write(); }, 300);
  }
  var pendingSave = null;
  // Leaving the page (closing the tab, following a link) writes what was typed last.
  window.addEventListener("pagehide", function () { if (pendingSave) { clearTimeout(saveTimer); pendingSave(); } });

  function typeBySlug(slug) {
    return model.types.filter(function (t) { return t.slug === slug; })[0] || model.types[0];
  }
  function typeByName(name) {
    return model.types.filter(function (t) { return t.name === name; })[0];
  }
  function formsOf(type) { return Object.keys(type.structures); }
  function structureOf(d) {
    var type = typeBySlug(d.type);
    return type.structures[d.form] || type.structures[formsOf(type)[0]];
  }
  function isMeeting(d) { return d.form === "集体谈话"; }
  function uid() { return "p" + Math.random().toString(36).slice(2, 10); }

  function newDraft(typeSlug, form) {
    var type = typeBySlug(typeSlug);
    var forms = formsOf(type);
    var d = {
      id: newId(), version: 1,
      created: new Date().toISOString(), updated: "", type: type.slug,
      form: forms.indexOf(form) >= 0 ? form : forms[0], also: [], title: "", name: "", values: {}, parts: []
    };
    d.parts = structureOf(d).filter(function (p) { return !p.optional; }).map(function (p) { return emptyPart(p.part); });
    d.title = format(isMeeting(d) ? L.untitledMeeting : L.untitled, { type: type.name });
    d.name = d.title;
    return d;
  }

  function emptyPart(name) { return { id: uid(), part: name, speaker: "", heading: "", paras: [] }; }
  /* A new part; in a meeting it keeps the speaker of the part before it (speeches run in order). */
  function partAfter(name, index) {
    var part = emptyPart(name);
    if (isMeeting(draft) && draft.parts[index]) part.speaker = draft.parts[index].speaker;
    return part;
  }

  function draftFromExample(slug) {
    var example = model.examples.filter(function (e) { return e.slug === slug; })[0];
    if (!example) return null;
    var type = typeByName(example.type);
    var d = newDraft(type.slug, example.form || "*");
    d.also = (example.also || []).map(function (name) { var t = typeByName(name); return t ? t.slug : ""; }).filter(Boolean);
    d.title = example.title;
    d.name = example.title;
    d.parts = example.parts.map(function (part) {
      var paras = [];
      if (part.salutation) paras.push({ id: uid(), kind: "salutation", style: "", lead: "", text: part.salutation });
      part.paragraphs.forEach(function (p) {
        paras.push({ id: uid(), kind: p.kind === "subheading" ? "subheading" : "para",
          style: p.kind === "subheading" ? model.numbering.subsection : p.style, lead: p.kind === "subheading" ? "" : p.lead, text: p.text });
      });
      return { id: uid(), part: part.part, speaker: part.speaker, heading: part.heading, paras: paras };
    });
    return d;
  }

  // --- Numbering: the table of hooks/talks_layout.py ---------------------------------------------

  var DIGITS = "零一二三四五六七八九";
  function chinese(n) {
    if (n > 99) return String(n);  // talks_layout.chinese_number stops at 99 too; no talk gets there
    var tens = Math.floor(n / 10), ones = n % 10;
    var head = tens === 0 ? "" : (tens === 1 ? "十" : DIGITS[tens] + "十");
    return head + (ones ? DIGITS[ones] : "");
  }
  function number(style, n) {
    var s = STYLES[style];
    return s.prefix + (s.digits === "chinese" ? chinese(n) : String(n)) + s.suffix;
  }

  /* The draft as printed lines, numbered as talks_layout.talk_lines numbers a talk: headed parts
     一、二、 per speaker; in a part, each style counts on, and a number of a higher level starts
     the lower levels and the running series (一是) again. */
  function lines(d) {
    var out = [{ kind: "title", lead: "", text: d.title, style: "", part: -1 }];
    var heading = 0, speaker = "";
    d.parts.forEach(function (part, index) {
      if (part.speaker && part.speaker !== speaker) { heading = 0; speaker = part.speaker; }
      if (part.speaker) out.push({ kind: "speaker", lead: "", text: part.speaker, style: "", part: index });
      if (part.heading) {
        heading += 1;
        out.push({ kind: "heading", lead: number(model.numbering.heading, heading), text: part.heading,
          style: model.numbering.heading, part: index });
      }
      var counters = {};
      part.paras.forEach(function (p, at) {
        var line = { kind: p.kind, lead: "", text: p.text, style: p.style || "", part: index, para: at };
        if (p.kind === "subheading" || (p.style && STYLES[p.style])) {
          var style = p.kind === "subheading" ? model.numbering.subsection : p.style;
          var level = STYLES[style].level;
          counters[style] = (counters[style] || 0) + 1;
          Object.keys(STYLES).forEach(function (other) {
            if (other === style) return;
            var l = STYLES[other].level;
            if (level > 0 && (l > level || l === 0)) counters[other] = 0;
          });
          line.style = style;
          line.lead = number(style, counters[style]) + (p.kind === "subheading" ? "" : (p.lead || ""));
        }
        out.push(line);
      });
    });
    return out;
  }

  /* The values entered, and what the draft itself says: its type is the 【谈话类型】 of every
     document (with the types it also serves), unless the drafter wrote something else. */
  function valuesFor(d) {
    var type = typeBySlug(d.type);
    var also = d.also.map(function (slug) { return typeBySlug(slug).name; });
    var values = { "谈话类型": type.name + (also.length ? "（兼有" + also.join("、") + "）" : "") };
    Object.keys(d.values).forEach(function (key) { values[key] = d.values[key]; });
    return values;
  }

  function filled(text, values) {
    return text.replace(PLACEHOLDER, function (all, name) { return values[name] ? values[name] : all; });
  }

  function plainText(d) {
    var values = valuesFor(d);
    return lines(d).map(function (l) { return filled(l.lead + l.text, values); });
  }

  function placeholders(d) {
    var seen = {}, list = [];
    lines(d).forEach(function (l) {
      var text = l.lead + l.text, match;
      PLACEHOLDER.lastIndex = 0;
      while ((match = PLACEHOLDER.exec(text))) {
        var name = match[1];
        if (seen[name]) continue;
        seen[name] = true;
        list.push({ name: name, sentence: sentenceAround(text, match.index, match[0].length) });
      }
    });
    return list;
  }

  function sentenceAround(text, at, length) {
    var start = Math.max(text.lastIndexOf("。", at), text.lastIndexOf("；", at), text.lastIndexOf("：", at)) + 1;
    var stops = ["。", "；"].map(function (c) { var i = text.indexOf(c, at + length); return i < 0 ? text.length : i + 1; });
    return text.slice(start, Math.min.apply(null, stops)).trim();
  }

  // --- Undo -------------------------------------------------------------------------------------

  /* A snapshot before each change. Typing in one field makes one step until a pause of 1.5 s or
     another field; ``typing`` names the field. */
  var typingSnapshot = 0, typingField = "";
  function remember(typing) {
    var now = Date.now();
    if (typing && typing === typingField && now - typingSnapshot < 1500) { typingSnapshot = now; return; }
    typingSnapshot = typing ? now : 0;
    typingField = typing || "";
    history.push(JSON.stringify(draft));
    if (history.length > 100) history.shift();
  }
  function typingKey() { return (document.activeElement && document.activeElement.id) || "field"; }

  function undo() {
    if (!history.length) { say(L.nothingToUndo); return; }
    draft = JSON.parse(history.pop());
    typingSnapshot = 0;
    save();
    render();
    say(L.undone);
  }

  // --- Word, in the browser, from the build's template ---------------------------------------------

  function xmlText(text) { return T.xmlValue(text); }

  function paragraphXml(line, values) {
    var p = template.paragraphs;
    var kind = line.kind;
    var key = kind === "title" || kind === "speaker" || kind === "salutation" || kind === "heading" || kind === "subheading"
      ? kind : (line.style && STYLES[line.style] ? (line.text ? "point:" : "lead:") + line.style : "para");
    var xml = p[key] || p.para;
    var lead = filled(line.lead, values), text = filled(line.text, values);
    if (key === "para" || key === "title" || key === "speaker" || key === "salutation") text = lead + text;
    return xml.split(template.slots.lead).join(xmlText(lead)).split(template.slots.text).join(xmlText(text));
  }

  function encode(text) { return new TextEncoder().encode(text); }

  function docxOf(d) {
    var parts = T.readZip(templateBytes);  // its entries are copies: the template stays whole
    var values = valuesFor(d);
    var body = lines(d).filter(function (l) { return l.text || l.lead; }).map(function (l) { return paragraphXml(l, values); });
    var documentXml = template.before + body.join("") + template.after;
    var title = xmlText(filled(d.title, values)).replace(/<[^>]*>/g, "");
    parts.forEach(function (entry) {
      var name = new TextDecoder().decode(entry.name);
      var data = null;
      if (name === "word/document.xml") data = encode(documentXml);
      else if (name === "docProps/core.xml") data = encode(template.core.split(template.slots.text).join(title));
      if (!data) return;
      entry.method = 0; entry.flags = 0; entry.data = data; entry.size = data.length; entry.crc = T.crc32(data);
    });
    return T.writeZip(parts);
  }


  function fileName(text) {
    return (text || "谈话提纲").replace(/[\\/:*?"<>|\u0000-\u001F]/g, "").slice(0, 60) + ".docx";
  }

  // --- Rendering --------------------------------------------------------------------------------

  function button(text, onClick, attributes) {
    var b = el("button", Object.assign({ type: "button", "class": "md-button composer-button" }, attributes || {}), []);
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  function field(id, label, input, hint) {
    input.id = id;
    var kids = [el("label", { "for": id, text: label }), input];
    if (hint) kids.push(el("p", { "class": "composer-hint", id: id + "-hint", text: hint }));
    if (hint) input.setAttribute("aria-describedby", id + "-hint");
    return el("div", { "class": "composer-field" }, kids);
  }
  function select(options, value) {
    var s = el("select", {});
    options.forEach(function (o) {
      var option = el("option", { value: o[0], text: o[1] });
      if (o[0] === value) option.selected = true;
      s.appendChild(option);
    });
    return s;
  }

  /* The whole composer is drawn again after a change of structure; what the reader had open
     (panels, the field with the focus) is open again. ``focusId`` moves the focus elsewhere. */
  var openPanels = {};
  function render(focusId) {
    var focus = focusId || (document.activeElement && document.activeElement.id);
    root.innerHTML = "";
    lastNames = null;
    root.appendChild(renderDrafts());
    if (!draft) { root.appendChild(renderStart()); return; }
    try {
      root.appendChild(renderSetup());
      var columns = el("div", { "class": "composer-columns" }, [renderEditor(), renderOutput()]);
      root.appendChild(columns);
      root.appendChild(renderDossier());
    } catch (err) {
      root.appendChild(el("p", { "class": "composer-status is-warning", role: "alert", text: L.broken }));
      return;
    }
    Array.prototype.forEach.call(root.querySelectorAll("details[data-panel]"), function (details) {
      var key = details.getAttribute("data-panel");
      if (openPanels[key]) details.open = true;
      details.addEventListener("toggle", function () { openPanels[key] = details.open; });
    });
    refreshOutput(true);
    var target = focus && document.getElementById(focus);
    if (target) target.focus();
  }

  function renderDrafts() {
    var bar = el("div", { "class": "composer-drafts", role: "group", "aria-label": L.drafts });
    var ids = state.order.filter(function (id) { return state.drafts[id]; });
    if (ids.length) {
      var choose = select(ids.map(function (id) { return [id, state.drafts[id].name || state.drafts[id].title]; }), draft && draft.id);
      choose.addEventListener("change", function () { open(choose.value); });
      bar.appendChild(field("composer-draft", L.drafts, choose));
    }
    if (draft) {
      var name = el("input", { type: "text", value: draft.name || "" });
      name.value = draft.name || "";
      name.addEventListener("input", function () {
        draft.name = name.value;
        save();
        var option = root.querySelector("#composer-draft option[value='" + draft.id + "']");
        if (option) option.textContent = name.value || draft.title;
      });
      bar.appendChild(field("composer-draft-name", L.draftName, name));
    }
    var actions = el("div", { "class": "composer-actions" }, [
      button(L.newDraft, function () { draft = null; state.current = null; history = []; save(true); render(); }),
      draft ? button(L.exportDraft, exportDraft) : null,
      button(L.importDraft, function () { picker.click(); }),
      draft ? button(L.deleteDraft, deleteDraft) : null,
      ids.length ? button(L.clearAll, clearAll) : null
    ].filter(Boolean));
    var picker = el("input", { type: "file", accept: ".json,application/json", "class": "composer-import", "aria-label": L.importDraft, hidden: "" });
    picker.addEventListener("change", function () { if (picker.files[0]) importDraft(picker.files[0]); });
    actions.appendChild(picker);
    bar.appendChild(actions);
    bar.appendChild(el("p", { "class": "composer-status", role: "status", "aria-live": "polite" }));
    return bar;
  }

  function typeOptions() {
    return model.types.map(function (t) { return [t.slug, t.name]; });
  }
  function formOptions(type) {
    return formsOf(type).map(function (f) { return [f, f === "*" ? "个别谈话" : f]; });
  }

  function renderStart() {
    var box = el("section", { "class": "composer-start", "aria-labelledby": "composer-start-title" });
    box.appendChild(el("h2", { id: "composer-start-title", text: L.setup }));
    box.appendChild(el("p", { text: L.startHint }));
    var type = select(typeOptions(), model.types[0].slug);
    var form = select(formOptions(model.types[0]));
    type.addEventListener("change", function () {
      var options = select(formOptions(typeBySlug(type.value)));
      form.innerHTML = options.innerHTML;
    });
    box.appendChild(field("composer-start-type", L.type, type));
    box.appendChild(field("composer-start-form", L.form, form));
    box.appendChild(button(L.start, function () { begin(newDraft(type.value, form.value)); }, { "class": "md-button md-button--primary composer-button" }));
    return box;
  }

  function begin(d) {
    draft = d;
    history = [];
    if (state.order.indexOf(d.id) < 0) state.order.unshift(d.id);
    save(true);
    render();
  }

  function open(id) {
    if (!state.drafts[id]) return;
    draft = state.drafts[id];
    history = [];
    save(true);
    render();
  }

  function renderSetup() {
    var type = typeBySlug(draft.type);
    var box = el("details", { "class": "composer-setup", "data-panel": "setup" });
    box.appendChild(el("summary", { text: L.setup + "：" + type.name + (draft.form !== "*" ? "（" + draft.form + "）" : "") }));
    var typeSelect = select(typeOptions(), draft.type);
    typeSelect.addEventListener("change", function () { remember(); retype(typeSelect.value, null); });
    var formSelect = select(formOptions(type), draft.form);
    formSelect.addEventListener("change", function () { remember(); retype(draft.type, formSelect.value); });
    box.appendChild(field("composer-type", L.type, typeSelect));
    box.appendChild(field("composer-form", L.form, formSelect));
    var also = el("fieldset", { "class": "composer-also" }, [el("legend", { text: L.also })]);
    model.types.forEach(function (t, i) {
      if (t.slug === draft.type) return;
      var box2 = el("input", { type: "checkbox", id: "composer-also-" + i, value: t.slug });
      box2.checked = draft.also.indexOf(t.slug) >= 0;
      box2.addEventListener("change", function () {
        remember();
        draft.also = draft.also.filter(function (s) { return s !== t.slug; });
        if (box2.checked) draft.also.push(t.slug);
        save();
      });
      also.appendChild(el("span", { "class": "composer-check" }, [box2, el("label", { "for": box2.id, text: t.name })]));
    });
    box.appendChild(also);
    var title = el("input", { type: "text" });
    title.value = draft.title;
    title.addEventListener("input", function () { remember(typingKey()); draft.title = title.value; save(); refreshSoon(); });
    var titleField = field("composer-title", L.title, title);
    titleField.classList.add("composer-title-field");
    var wrap = el("div", {}, [box, titleField]);
    return wrap;
  }

  /* Another type or form: parts of the same name keep their paragraphs, the new structure's
     required parts are added, and parts with text that the new structure lacks stay at the end. */
  function retype(slug, form) {
    var type = typeBySlug(slug);
    var forms = formsOf(type);
    draft.type = type.slug;
    draft.form = form && forms.indexOf(form) >= 0 ? form : (forms.indexOf(draft.form) >= 0 ? draft.form : forms[0]);
    draft.also = draft.also.filter(function (s) { return s !== type.slug; });
    var old = draft.parts;
    var parts = [];
    structureOf(draft).forEach(function (p) {
      var same = old.filter(function (o) { return o.part === p.part; });
      if (same.length) parts = parts.concat(same);
      else if (!p.optional) parts.push(emptyPart(p.part));
    });
    old.forEach(function (o) { if (parts.indexOf(o) < 0 && o.paras.length) parts.push(o); });
    draft.parts = parts;
    save();
    render();
  }

  function structurePart(name) {
    return structureOf(draft).filter(function (p) { return p.part === name; })[0];
  }

  function renderEditor() {
    var editor = el("div", { "class": "composer-editor" }, [
      el("h2", { id: "composer-parts-title", text: L.parts }),
      el("p", { "class": "composer-skip" }, [el("a", { href: "#composer-output-title", text: L.toOutput })])
    ]);
    var structure = structureOf(draft);
    var numbered = lines(draft);
    draft.parts.forEach(function (part, index) {
      editor.appendChild(renderPart(part, index, numbered));
      // Optional parts that may follow here, in the structure's order.
      var at = structure.map(function (s) { return s.part; }).indexOf(part.part);
      var next = draft.parts[index + 1];
      var nextAt = next ? structure.map(function (s) { return s.part; }).indexOf(next.part) : structure.length;
      var addable = structure.filter(function (s, i) {
        return i > at && i < (nextAt < 0 ? structure.length : nextAt) && !draft.parts.some(function (p) { return p.part === s.part; });
      });
      if (at < 0) addable = [];
      if (addable.length) editor.appendChild(addPartButtons(addable, index + 1));
    });
    var first = structure.filter(function (s, i) {
      var firstAt = draft.parts.length ? structure.map(function (x) { return x.part; }).indexOf(draft.parts[0].part) : structure.length;
      return i < (firstAt < 0 ? structure.length : firstAt) && !draft.parts.some(function (p) { return p.part === s.part; });
    });
    if (first.length) editor.insertBefore(addPartButtons(first, 0), editor.children[2] || null);
    return editor;
  }

  function addPartButtons(parts, at) {
    return el("div", { "class": "composer-add-parts" }, parts.map(function (s) {
      return button(format(L.addPart, { part: s.part }), function () {
        remember();
        var added = partAfter(s.part, at - 1);
        draft.parts.splice(at, 0, added);
        save(); render("composer-part-" + added.id + "-heading");
      }, { "class": "md-button composer-button composer-button--quiet" });
    }));
  }

  function renderPart(part, index, numbered) {
    var spec = structurePart(part.part);
    var id = "composer-part-" + part.id;
    var badge = !spec ? L.notInStructure : spec.interleave ? L.interleave : spec.optional ? L.optional : L.required;
    var section = el("section", { "class": "composer-part", "aria-labelledby": id + "-title" });
    var head = el("div", { "class": "composer-part__head" }, [
      el("h3", { id: id + "-title", text: part.part }), el("span", { "class": "composer-badge", text: badge })]);
    var tools = el("div", { "class": "composer-part__tools" });
    if (index > 0) tools.appendChild(button("↑", function () { movePart(index, -1); }, { "aria-label": format(L.partUp, { part: part.part }), title: format(L.partUp, { part: part.part }) }));
    if (index < draft.parts.length - 1) tools.appendChild(button("↓", function () { movePart(index, 1); }, { "aria-label": format(L.partDown, { part: part.part }), title: format(L.partDown, { part: part.part }) }));
    if (!spec || spec.optional || spec.repeat && draft.parts.filter(function (p) { return p.part === part.part; }).length > 1) {
      tools.appendChild(button(format(L.removePart, { part: part.part }), function () {
        remember(); draft.parts.splice(index, 1); save();
        var neighbour = draft.parts[index] || draft.parts[index - 1];
        render(neighbour ? "composer-part-" + neighbour.id + "-heading" : "composer-title");
      }, { "class": "md-button composer-button composer-button--quiet" }));
    }
    if (spec && spec.repeat) {
      tools.appendChild(button(format(L.repeatPart, { part: part.part }), function () {
        remember(); var added = partAfter(part.part, index); draft.parts.splice(index + 1, 0, added); save();
        render("composer-part-" + added.id + "-heading");
      }, { "class": "md-button composer-button composer-button--quiet" }));
    }
    head.appendChild(tools);
    section.appendChild(head);
    if (isMeeting(draft) || part.speaker) {
      var speaker = el("input", { type: "text" });
      speaker.value = part.speaker;
      speaker.addEventListener("input", function () { remember(typingKey()); part.speaker = speaker.value; save(); refreshSoon(); });
      section.appendChild(field(id + "-speaker", L.speaker, speaker));
    }
    var heading = el("input", { type: "text" });
    heading.value = part.heading;
    heading.addEventListener("input", function () { remember(typingKey()); part.heading = heading.value; save(); refreshSoon(); });
    section.appendChild(field(id + "-heading", L.heading, heading));
    var list = el("ol", { "class": "composer-paras", "aria-label": part.part });
    part.paras.forEach(function (p, at) {
      var line = numbered.filter(function (l) { return l.part === index && l.para === at; })[0];
      list.appendChild(renderPara(part, p, at, line));
    });
    if (!part.paras.length) section.appendChild(el("p", { "class": "composer-hint", text: L.empty }));
    section.appendChild(list);
    var picker = el("div", { "class": "composer-picker", hidden: "" });
    section.appendChild(el("div", { "class": "composer-add" }, [
      button(L.addPhrase, function () { togglePicker(picker, phrasePicker(part, index)); }, { "aria-expanded": "false", id: id + "-phrases" }),
      button(L.addExample, function () { togglePicker(picker, examplePicker(part, index)); }, { "aria-expanded": "false", id: id + "-examples" }),
      button(L.addBlank, function () { insert(part, [{ kind: "para", style: "", lead: "", text: "" }]); }, { id: id + "-blank" })
    ]));
    section.appendChild(picker);
    return section;
  }

  function movePart(index, by) {
    remember();
    var moved = draft.parts.splice(index, 1)[0];
    draft.parts.splice(index + by, 0, moved);
    save(); render();
  }

  function styleOptions() {
    var options = [["", L.noNumber], ["§", L.subsection]];
    model.numbering.styles.forEach(function (s) {
      if (s.key !== model.numbering.heading) options.push([s.key, s.key]);
    });
    return options;
  }

  function renderPara(part, p, at, line) {
    var n = at + 1;
    var id = "composer-para-" + p.id;
    var item = el("li", { "class": "composer-para", "data-kind": p.kind });
    var number = line && line.style ? number_(line) : "";
    var head = el("div", { "class": "composer-para__head" }, [el("span", { "class": "composer-num", text: number || "" })]);
    var style = select(styleOptions(), p.kind === "subheading" ? "§" : (p.style || ""));
    style.id = id + "-style";
    style.setAttribute("aria-label", format(L.paragraph, { n: n }) + " " + L.numbering);
    style.addEventListener("change", function () {
      remember();
      if (style.value === "§") { p.kind = "subheading"; p.style = model.numbering.subsection; }
      else { p.kind = p.kind === "subheading" || p.kind === "salutation" ? "para" : p.kind; p.style = style.value; }
      save(); render(style.id);
    });
    head.appendChild(style);
    head.appendChild(el("span", { "class": "composer-para__tools" }, [
      at > 0 ? button("↑", function () { movePara(part, at, -1, id); }, { "aria-label": format(L.up, { n: n }), title: format(L.up, { n: n }), id: id + "-up" }) : null,
      at < part.paras.length - 1 ? button("↓", function () { movePara(part, at, 1, id); }, { "aria-label": format(L.down, { n: n }), title: format(L.down, { n: n }), id: id + "-down" }) : null,
      button("删除", function () {
        remember(); part.paras.splice(at, 1); save();
        var next = part.paras[at] || part.paras[at - 1];
        render(next ? "composer-para-" + next.id : "composer-part-" + part.id + "-blank");
        say(L.removed);
      }, { "aria-label": format(L.remove, { n: n }) })
    ].filter(Boolean)));
    item.appendChild(head);
    if (p.style && p.kind !== "subheading" && STYLES[p.style]) {
      var lead = el("input", { type: "text", id: id + "-lead", "aria-label": format(L.paragraph, { n: n }) + " " + L.lead, placeholder: L.lead });
      lead.value = p.lead || "";
      lead.addEventListener("input", function () { remember(typingKey()); p.lead = lead.value; save(); refreshSoon(); });
      item.appendChild(lead);
    }
    var text = el("textarea", { id: id, rows: "3", "aria-label": part.part + " " + format(L.paragraph, { n: n }) });
    text.value = p.text;
    text.addEventListener("input", function () { remember(typingKey()); p.text = text.value; autosize(text); save(); refreshSoon(); });
    text.addEventListener("keydown", function (event) {
      if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        event.preventDefault();
        movePara(part, at, event.key === "ArrowUp" ? -1 : 1, id);
      }
    });
    item.appendChild(text);
    setTimeout(function () { autosize(text); }, 0);
    return item;
  }
  function number_(line) {
    return line.kind === "subheading" ? line.lead : line.lead.slice(0, line.lead.length - (draftPara(line).lead || "").length);
  }
  function draftPara(line) { return draft.parts[line.part].paras[line.para]; }

  function autosize(area) {
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight + 2, 480) + "px";
  }

  function movePara(part, at, by, focusId) {
    var to = at + by;
    if (to < 0 || to >= part.paras.length) return;
    remember();
    var moved = part.paras.splice(at, 1)[0];
    part.paras.splice(to, 0, moved);
    save(); render();
    var again = document.getElementById(focusId);
    if (again) again.focus();
    say(L.moved);
  }

  function insert(part, paragraphs) {
    remember();
    var added = paragraphs.map(function (p) { return Object.assign({ id: uid() }, p); });
    part.paras = part.paras.concat(added);
    save();
    render(added.length ? "composer-para-" + added[0].id : null);
    say(format(L.inserted, { n: added.length }));
  }

  function togglePicker(picker, content) {
    var opening = picker.hidden || picker.getAttribute("data-kind") !== content.getAttribute("data-kind");
    picker.innerHTML = "";
    picker.hidden = !opening;
    picker.removeAttribute("data-kind");
    var buttons = picker.previousSibling.querySelectorAll("button[aria-expanded]");
    Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-expanded", "false"); });
    if (!opening) return;
    picker.setAttribute("data-kind", content.getAttribute("data-kind"));
    picker.appendChild(content);
    var index = content.getAttribute("data-kind") === "phrases" ? 0 : 1;
    picker.appendChild(button(L.closePicker, function () {
      picker.hidden = true; picker.innerHTML = "";
      buttons[index].setAttribute("aria-expanded", "false");
      buttons[index].focus();
    }, { "class": "md-button composer-button composer-button--quiet" }));
    if (buttons[index]) buttons[index].setAttribute("aria-expanded", "true");
    var first = picker.querySelector("button");
    if (first) first.focus();
  }

  function phrasePicker(part, index) {
    var box = el("div", { "class": "composer-phrases", "data-kind": "phrases" });
    // The type's phrasings for this part, then those of the types it also serves; a phrasing
    // written for the other form (a meeting, or a talk with one person) is left out.
    var names = [draft.type].concat(draft.also).map(function (slug) { return typeBySlug(slug).name; });
    var form = draft.form === "*" ? "个别谈话" : draft.form;
    // A part in which the person talked to speaks (本人表态, 表态发言) also offers what the guidance
    // page suggests they say (its chapter 谈话对象怎么做).
    var listenerSpeaks = /表态|汇报/.test(part.part);
    var phrases = model.phrases.filter(function (p) {
      if (names.indexOf(p.type) < 0 || (p.form && p.form !== form)) return false;
      return p.part === part.part || (listenerSpeaks && p.chapter === LISTENER_CHAPTER && /表态|汇报/.test(p.part));
    });
    phrases.sort(function (a, b) { return names.indexOf(a.type) - names.indexOf(b.type); });
    if (!phrases.length) { box.appendChild(el("p", { text: format(L.noPhrases, { part: part.part }) })); return box; }
    var slots = [];
    phrases.forEach(function (p) { var key = p.type + "\u0000" + p.slot; if (slots.indexOf(key) < 0) slots.push(key); });
    slots.forEach(function (key) {
      var type = key.split("\u0000")[0], slot = key.split("\u0000")[1];
      var alternatives = phrases.filter(function (p) { return p.type === type && p.slot === slot; });
      if (type !== names[0]) box.appendChild(el("p", { "class": "composer-hint", text: format(L.alsoBadge, { type: type }) }));
      var listener = alternatives[0].chapter === LISTENER_CHAPTER;
      box.appendChild(el("h4", { text: (listener ? L.listenerSays : "") +
        format(alternatives.length > 1 ? L.slot : L.slotOne, { slot: slot || alternatives[0].part, n: alternatives.length }) }));
      var row = el("div", { "class": "composer-alternatives" });
      alternatives.forEach(function (p) {
        var card = el("div", { "class": "composer-card" }, [
          el("p", { "class": "composer-card__label" }, [el("strong", { text: p.label }),
            p.tone ? el("span", { "class": "composer-tone composer-tone--" + p.tone, text: format(L.tone, { tone: p.tone }) }) : null,
            p.form ? el("span", { "class": "composer-tone", text: format(L.formBadge, { form: p.form }) }) : null,
            p.setting ? el("span", { "class": "composer-tone", text: format(L.settingBadge, { setting: p.setting }) }) : null
          ].filter(Boolean))
        ]);
        p.paragraphs.forEach(function (text) { card.appendChild(el("p", { "class": "composer-card__text", text: text })); });
        card.appendChild(button(L.insert, function () {
          insert(part, p.paragraphs.map(function (text) { return { kind: "para", style: "", lead: "", text: text }; }));
        }, { "aria-label": format(L.insertThis, { label: p.label }) }));
        row.appendChild(card);
      });
      box.appendChild(row);
    });
    return box;
  }

  function examplePicker(part, index) {
    var box = el("div", { "class": "composer-examples", "data-kind": "examples" });
    var names = [draft.type].concat(draft.also).map(function (slug) { return typeBySlug(slug).name; });
    var rank = function (e) { var i = names.indexOf(e.type); return i < 0 ? names.length : i; };
    var examples = model.examples.filter(function (e) { return e.parts.some(function (p) { return p.part === part.part; }); });
    examples.sort(function (a, b) { return rank(a) - rank(b); });
    if (!examples.length) { box.appendChild(el("p", { text: format(L.noExamples, { part: part.part }) })); return box; }
    examples.forEach(function (example) {
      var paragraphs = [];
      example.parts.forEach(function (p) { if (p.part === part.part) paragraphs = paragraphs.concat(p.paragraphs); });
      var details = el("details", { "class": "composer-example" }, [
        el("summary", { text: format(L.fromExample, { title: example.title, n: paragraphs.length }) })]);
      paragraphs.forEach(function (p) {
        var text = p.kind === "subheading" ? p.text : (p.lead || "") + p.text;
        details.appendChild(el("div", { "class": "composer-card" }, [
          el("p", { "class": "composer-card__text", text: text }),
          button(L.insert, function () {
            insert(part, [{ kind: p.kind === "subheading" ? "subheading" : "para", style: p.kind === "subheading" ? model.numbering.subsection : p.style,
              lead: p.kind === "subheading" ? "" : p.lead, text: p.text }]);
          }, { "aria-label": format(L.insertThis, { label: text.slice(0, 20) }) })
        ]));
      });
      box.appendChild(details);
    });
    return box;
  }

  // --- Output: the talk, its placeholders, copy, Word, print --------------------------------------

  function renderOutput() {
    var box = el("div", { "class": "composer-output" });
    box.appendChild(el("div", { "class": "composer-fill-slot" }));
    var meeting = isMeeting(draft);
    var bar = el("div", { "class": "composer-toolbar" }, [
      button(L.copyAll, copyAll, { "class": "md-button md-button--primary composer-button composer-copy-all" }),
      button(L.download, downloadWord, { "class": "md-button composer-button composer-download" }),
      button(L.print, function () { window.print(); }),
      button(L.outline, function () { outline = !outline; render("composer-outline"); },
        { "aria-pressed": outline ? "true" : "false", id: "composer-outline" }),
      button(L.undo, undo, { "class": "md-button composer-button composer-undo" })
    ]);
    box.appendChild(el("h2", { id: "composer-output-title", tabindex: "-1", text: meeting ? L.outputMeeting : L.output }));
    box.appendChild(bar);
    box.appendChild(el("article", { "class": "composer-preview" + (outline ? " is-outline" : ""), "aria-labelledby": "composer-output-title" }));
    return box;
  }

  /* Typing redraws the talk after a short pause, not on every keystroke (long drafts stay quick). */
  var refreshTimer;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { refreshOutput(); }, 120);
  }

  var lastNames = null, lastValues = null;
  function refreshOutput(force) {
    clearTimeout(refreshTimer);
    var preview = root.querySelector(".composer-preview");
    if (!preview) return;
    preview.innerHTML = "";
    var values = valuesFor(draft);
    lines(draft).forEach(function (l) {
      if (outline && (l.kind === "para" && !l.style || l.kind === "salutation")) return;
      var text = l.lead + l.text;
      if (outline && l.kind === "para" && l.style) {
        // A point: its number and lead sentence, or the first sentence when it has no lead.
        text = draftPara(l).lead ? l.lead : l.lead + firstSentence(l.text);
      }
      if (!text) return;
      var tag = l.kind === "title" ? "h3" : "p";
      var p = el(tag, { "class": "composer-line composer-line--" + l.kind + (l.style && STYLES[l.style] ? " composer-level-" + STYLES[l.style].level : "") });
      appendWithPlaceholders(p, text, values);
      preview.appendChild(p);
    });
    // The list of placeholders is drawn again only when the names in it change.
    var groups = placeholderGroups();
    var names = JSON.stringify(groups.map(function (g) { return g.items.map(function (i) { return i.name; }); }));
    if (force || names !== lastNames) {
      lastNames = names;
      var slot = root.querySelector(".composer-fill-slot");
      var panel = renderPlaceholders(groups);
      slot.innerHTML = "";
      slot.appendChild(panel);
      panel.open = !!openPanels.fill;
      panel.addEventListener("toggle", function () { openPanels.fill = panel.open; });
    }
    var valuesKey = JSON.stringify(values);
    if (force || valuesKey !== lastValues) {
      lastValues = valuesKey;
      refreshDossier(values);
    }
  }

  function firstSentence(text) {
    var end = text.indexOf("。");
    return end < 0 ? text : text.slice(0, end + 1);
  }

  function appendWithPlaceholders(node, text, values) {
    var last = 0, match;
    PLACEHOLDER.lastIndex = 0;
    while ((match = PLACEHOLDER.exec(text))) {
      if (match.index > last) node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var name = match[1];
      var value = values[name];
      // The accessible name starts with the text shown (WCAG 2.5.3), then says what a click does.
      var span = el("button", { type: "button", "class": "placeholder composer-slot" + (value ? " is-filled" : ""),
        "data-placeholder": name, "aria-label": (value || match[0]) + "，" + format(L.fillHere, { name: name }) });
      span.textContent = value || match[0];
      span.addEventListener("click", function (event) { fillInPlace(event.currentTarget); });
      node.appendChild(span);
      last = match.index + match[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function fillInPlace(slot) {
    var name = slot.getAttribute("data-placeholder");
    var inForm = slot.closest(".composer-form");
    var input = el("input", { type: "text", "class": "composer-inline", "aria-label": format(L.fillHere, { name: name }), placeholder: name });
    input.value = draft.values[name] || "";
    slot.replaceWith(input);
    input.focus();
    var done = false;
    function finish(keep) {
      if (done) return;
      done = true;
      if (keep) setValue(name, input.value);
      refreshOutput(!!inForm);
      var field = document.getElementById(fieldId(name));
      if (field) field.value = draft.values[name] || "";
      // The focus stays where the reader was: on this placeholder, now drawn again.
      var scope = inForm ? root.querySelector(".composer-form[data-form='" + inForm.getAttribute("data-form") + "']") : root.querySelector(".composer-preview");
      var again = scope && scope.querySelector(".composer-slot[data-placeholder='" + name.replace(/['\\]/g, "\\$&") + "']");
      if (again) again.focus();
      if (keep) say(format(L.filled, { name: name }));
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); finish(true); }
      if (event.key === "Escape") { event.preventDefault(); finish(false); }
    });
    input.addEventListener("blur", function () { finish(true); });
  }

  function setValue(name, value) {
    remember("value:" + name);
    if (value) draft.values[name] = value; else delete draft.values[name];
    save();
  }

  var fieldIds = {};
  function fieldId(name) {
    if (!fieldIds[name]) fieldIds[name] = "composer-fill-" + Object.keys(fieldIds).length;
    return fieldIds[name];
  }

  /* The placeholders of the talk, then those that only the 卷宗's documents have, by document:
     each listed once, with the sentence it first stands in. */
  function placeholderGroups() {
    var seen = {};
    var groups = [{ title: format(L.groupForm, { title: isMeeting(draft) ? L.outputMeeting : L.output }), items: placeholders(draft) }];
    groups[0].items.forEach(function (item) { seen[item.name] = true; });
    (model.dossier || []).forEach(function (form) {
      var text = formPlainText(form);
      var items = [], match;
      PLACEHOLDER.lastIndex = 0;
      while ((match = PLACEHOLDER.exec(text))) {
        if (seen[match[1]]) continue;
        seen[match[1]] = true;
        items.push({ name: match[1], sentence: sentenceAround(text, match.index, match[0].length) });
      }
      if (items.length) groups.push({ title: format(L.groupForm, { title: form.title }), items: items });
    });
    return groups.filter(function (g) { return g.items.length; });
  }

  var formTexts = {};
  function formPlainText(form) {
    if (!formTexts[form.url]) {
      var holder = document.createElement("div");
      holder.innerHTML = form.html;
      formTexts[form.url] = holder.textContent.replace(/\s+/g, " ");
    }
    return formTexts[form.url];
  }

  function renderPlaceholders(groups) {
    var total = groups.reduce(function (n, g) { return n + g.items.length; }, 0);
    var box = el("details", { "class": "composer-fill" });
    box.appendChild(el("summary", { text: format(L.placeholders, { n: total }) }));
    if (!total) { box.appendChild(el("p", { text: L.placeholdersNone })); return box; }
    box.appendChild(el("p", { "class": "composer-hint", text: L.placeholdersHint }));
    var values = valuesFor(draft);
    groups.forEach(function (group, g) {
      var set = el("fieldset", { "class": "composer-fill__group" }, [el("legend", { text: group.title })]);
      group.items.forEach(function (item) {
        var input = el("input", { type: "text" });
        input.value = draft.values[item.name] || "";
        if (!draft.values[item.name] && values[item.name]) input.placeholder = values[item.name];
        input.addEventListener("input", function () { setValue(item.name, input.value); refreshSoon(); });
        set.appendChild(field(fieldId(item.name), item.name, input, format(L.occurs, { sentence: item.sentence })));
      });
      box.appendChild(set);
    });
    return box;
  }

  function copyAll() {
    var text = plainText(draft);
    T.copyText(text.join("\n")).then(function (ok) {
      say(ok ? format(L.copiedAll, { n: text.length }) : L.copyFailed);
    });
  }

  function downloadWord() {
    ready().then(function () {
      T.saveFile(docxOf(draft), fileName(filled(draft.title, valuesFor(draft))));
      say(L.downloaded);
    }).catch(function () { say(L.downloadFailed); });
  }

  // --- 谈话卷宗: the other documents of the same talk ----------------------------------------------

  function renderDossier() {
    var box = el("section", { "class": "composer-dossier", "aria-labelledby": "composer-dossier-title" });
    box.appendChild(el("h2", { id: "composer-dossier-title", text: L.dossier }));
    box.appendChild(el("p", { "class": "composer-hint", text: L.dossierHint }));
    (model.dossier || []).forEach(function (form, i) {
      var details = el("details", { "class": "composer-form", "data-form": String(i), "data-panel": "form-" + i });
      details.appendChild(el("summary", { text: form.title }));
      details.appendChild(el("div", { "class": "composer-toolbar" }, [
        button(L.copy, function () {
          T.copyText(formText(details)).then(function (ok) { say(ok ? format(L.copied, { title: form.title }) : L.copyFailed); });
        }, { "aria-label": L.copy + "“" + form.title + "”" }),
        button(L.download, function () { downloadForm(form); }, { "aria-label": L.download + "：" + form.title })
      ]));
      details.appendChild(el("div", { "class": "composer-form__body" }));
      box.appendChild(details);
    });
    return box;
  }

  function refreshDossier(values) {
    Array.prototype.forEach.call(root.querySelectorAll(".composer-form"), function (details) {
      var form = model.dossier[Number(details.getAttribute("data-form"))];
      var body = details.querySelector(".composer-form__body");
      body.innerHTML = form.html;  // the build's own HTML of the form page (hooks/talks_docx.sections_html)
      fillNodes(body, values);
      // Wide tables scroll on their own (and by keyboard), as Material's tables do.
      // and tables of three or more columns read as cards on a phone (toolkit.js, as on every page).
      Array.prototype.forEach.call(body.querySelectorAll("table"), function (table, n) {
        var wrap = el("div", { "class": "md-typeset__scrollwrap composer-table", tabindex: "0", role: "region",
          "aria-label": format(L.table, { title: form.title, n: n + 1 }) });
        var inner = el("div", { "class": "md-typeset__table" });
        table.parentNode.insertBefore(wrap, table);
        inner.appendChild(table);
        wrap.appendChild(inner);
      });
      T.setupTables(body);
    });
  }

  function fillNodes(container, values) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      if (node.nodeValue.indexOf("【") < 0) return;
      var span = el("span", {});
      appendWithPlaceholders(span, node.nodeValue, values);
      node.replaceWith.apply(node, Array.prototype.slice.call(span.childNodes));
    });
  }

  function formText(details) {
    var out = [];
    Array.prototype.forEach.call(details.querySelectorAll(".composer-form__body p, .composer-form__body h3, .composer-form__body li, .composer-form__body tr"), function (node) {
      if (node.closest("li") && node.tagName === "P") return;
      var text = node.tagName === "TR"
        ? Array.prototype.map.call(node.children, function (cell) { return cell.textContent.trim(); }).join("\t")
        : node.textContent.trim();
      if (text) out.push(text);
    });
    return out.join("\n");
  }

  function downloadForm(form) {
    var url = T.assets() + "../" + form.docx;
    T.loadDocx(url).then(function (bytes) {
      T.saveFile(T.fillDocx(bytes, valuesFor(draft)), decodeURIComponent(form.docx.split("/").pop()).replace(/\.docx$/, "") + "-" + fileName(form.title));
      say(L.downloaded);
    }).catch(function () { say(L.downloadFailed); });
  }

  // --- Drafts: export, import, delete --------------------------------------------------------------

  function exportDraft() {
    var data = new TextEncoder().encode(JSON.stringify({ format: "talks-composer-draft", version: 1, draft: draft }, null, 1));
    var blob = new Blob([data], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: (draft.name || draft.title || "草稿").replace(/[\\/:*?"<>|]/g, "") + ".json", "class": "talk-copy-buffer" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say(L.exported);
  }

  function importDraft(file) {
    var reader = new FileReader();
    reader.onload = function () {
      try {
        var data = JSON.parse(reader.result);
        var d = data && data.format === "talks-composer-draft" ? data.draft : null;
        d = repairDraft(d);
        if (!d) throw new Error("not a draft");
        d.id = newId();
        begin(d);
        say(format(L.imported, { name: d.name || d.title }));
      } catch (err) { say(L.importFailed); }
    };
    reader.readAsText(file);
  }

  function deleteDraft() {
    if (!window.confirm(format(L.confirmDelete, { name: draft.name || draft.title }))) return;
    clearTimeout(saveTimer);
    pendingSave = null;
    state = readStore();
    delete state.drafts[draft.id];
    state.order = state.order.filter(function (id) { return id !== draft.id; });
    draft = state.order.length ? state.drafts[state.order[0]] : null;
    state.current = draft ? draft.id : null;
    history = [];
    writeStore(state);
    render();
    say(L.deleted);
  }

  function clearAll() {
    if (!window.confirm(format(L.confirmClear, { n: state.order.length }))) return;
    clearTimeout(saveTimer);
    pendingSave = null;
    state = { drafts: {}, order: [], current: null };
    draft = null;
    history = [];
    try { localStorage.removeItem(STORE); } catch (err) { /* storage off */ }
    render();
    say(L.cleared);
  }

  // --- Start ------------------------------------------------------------------------------------

  var loading;
  function ready() {
    if (!loading) {
      loading = Promise.all([T.loadScript("talks-model.js"), T.loadScript("talks-docx-template.js")]).then(function () {
        model = window.talkModel;
        template = window.talkDocxTemplate;
        templateBytes = T.base64Bytes(template.docx);  // decoded once, for every Word file
        model.numbering.styles.forEach(function (s) { STYLES[s.key] = s; });
      });
    }
    return loading;
  }

  function mount(element) {
    root = element;
    root.addEventListener("keydown", function (event) {
      var field = event.target.closest && event.target.closest("input, textarea, select");
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z" && !field) {
        event.preventDefault();
        undo();
      }
    });
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = T.assets() + "stylesheets/composer.css";
    document.head.appendChild(link);
    ready().then(function () {
      load();
      var query = new URLSearchParams(window.location.search);
      var started = null;
      if (query.get("example")) started = draftFromExample(query.get("example"));
      else if (query.get("type")) started = newDraft(query.get("type"), null);
      if (started) {
        // Drop the query, so that a reload reopens this draft instead of starting another.
        if (window.history.replaceState) window.history.replaceState(null, "", window.location.pathname + window.location.hash);
        begin(started);
      } else {
        draft = state.current && state.drafts[state.current] || null;
        render();
      }
      root.setAttribute("data-ready", "");
      window.talkComposerReady = performance.now();
    }).catch(function () {
      root.textContent = "起草台的数据未能载入。请刷新页面重试；离线版请确认解压后的文件完整。";
    });
  }

  window.talkComposer = {
    mount: mount,
    // For tests and the benchmark: the pure parts.
    lines: function (d) { return lines(d); }, plainText: function (d) { return plainText(d); },
    docx: function (d) { return docxOf(d); }, draft: function () { return draft; }, ready: ready,
    fromExample: function (slug) { return draftFromExample(slug); }
  };
})();
