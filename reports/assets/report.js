/* jixiao HTML report: filters with live counts, reviewer verdicts kept in localStorage and
   exported as a baseline file (jixiao check --baseline FILE). Offline; plain ES5 for old browsers. */
(function () {
  "use strict";
  var KEY = "jixiao:verdicts:v1";
  var REVIEWER_KEY = "jixiao:reviewer";
  var VALID = ["确认", "误报", "忽略", "待核"];
  var data = JSON.parse(document.getElementById("jixiao-data").textContent || "{}");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return (root || document).querySelectorAll(sel); };

  var store = null;
  try {
    store = window.localStorage;
    store.setItem("jixiao:probe", "1");
    store.removeItem("jixiao:probe");
  } catch (e) {
    store = null;
  }

  var controls = $("#controls");
  var findings = Array.prototype.slice.call($$("article.finding"));
  var sevBoxes = $$("input[data-filter=severity]", controls);
  var ruleBoxes = $$("input[data-filter=rule]", controls);
  var verdictFilter = $("#verdict-filter");
  var query = $("#q");
  var reviewer = $("#reviewer");
  var statusBox = $("#status");
  var verdicts = load();

  function load() {
    if (!store) return {};
    try {
      var v = JSON.parse(store.getItem(KEY) || "{}");
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    if (!store) {
      status("浏览器不允许本页保存复核意见，请及时导出", true);
      return;
    }
    try {
      store.setItem(KEY, JSON.stringify(verdicts));
    } catch (e) {
      status("复核意见未能保存（" + e.message + "），请及时导出", true);
    }
  }

  function status(text, warn) {
    statusBox.textContent = text;
    statusBox.className = warn ? "warn" : "";
  }

  function on(boxes) {
    var out = {};
    each(boxes, function (b) { out[b.value] = b.checked; });
    return out;
  }

  function verdictOf(el) {
    var v = verdicts[el.getAttribute("data-fingerprint")];
    return (v && v.verdict) || "";
  }

  function searchText(el) {
    if (el._jixiaoText === undefined) el._jixiaoText = (el.getAttribute("data-rule") + " " + el.textContent).toLowerCase();
    return el._jixiaoText;
  }

  function apply() {
    var sev = on(sevBoxes);
    var rules = on(ruleBoxes);
    var wanted = verdictFilter.value;
    var q = query.value.replace(/^\s+|\s+$/g, "").toLowerCase();
    var sevCount = {};
    var ruleCount = {};
    var shown = 0;
    findings.forEach(function (el) {
      var s = el.getAttribute("data-severity");
      var r = el.getAttribute("data-rule");
      var v = verdictOf(el);
      var rest = (wanted === "" || (wanted === "未复核" ? v === "" : v === wanted)) &&
        (!q || searchText(el).indexOf(q) >= 0);
      var okSev = sev[s] !== false;
      var okRule = rules[r] !== false;
      if (rest && okRule) sevCount[s] = (sevCount[s] || 0) + 1;
      if (rest && okSev) ruleCount[r] = (ruleCount[r] || 0) + 1;
      el.hidden = !(rest && okSev && okRule);
      if (!el.hidden) shown += 1;
    });
    counts("severity", sevCount);
    counts("rule", ruleCount);
    each($$("section.att"), function (sec) {
      var n = 0;
      each($$("article.finding", sec), function (el) { if (!el.hidden) n += 1; });
      sec.hidden = n === 0;
      var link = $("nav.toc a[href='#" + sec.id + "']");
      if (link) {
        $(".count", link).textContent = n;
        link.className = n === 0 ? "empty" : "";
      }
    });
    each($$("section.doc"), function (doc) {
      var n = 0;
      var all = $$("article.finding", doc);
      each(all, function (el) { if (!el.hidden) n += 1; });
      var box = $(".shown", doc);
      if (box) box.textContent = all.length && n < all.length ? "（筛选后显示 " + n + " / " + all.length + " 条）" : "";
    });
    $("#shown").textContent = shown;
    document.documentElement.setAttribute("data-shown", String(shown));
  }

  function counts(kind, values) {
    each($$("[data-count^='" + kind + ":']", controls), function (el) {
      var n = values[el.getAttribute("data-count").slice(kind.length + 1)] || 0;
      el.textContent = n;
      el.className = n ? "count" : "count zero";
    });
  }

  function paint(el) {
    var v = verdicts[el.getAttribute("data-fingerprint")] || null;
    each($$(".verdicts button", el), function (b) {
      b.setAttribute("aria-pressed", v && v.verdict === b.getAttribute("data-verdict") ? "true" : "false");
    });
    var box = $(".decided", el);
    box.hidden = !v;
    box.className = v ? "decided has-verdict" : "decided";
    $(".verdict-text", box).textContent = v ? "复核意见：" + v.verdict + (v.reviewer ? "（" + v.reviewer + "）" : "") : "";
    var note = $("input.note", box);
    if (note !== document.activeElement) note.value = (v && v.note) || "";
    $(".note-print", box).textContent = v && v.note ? " — " + v.note : "";
  }

  function setVerdict(fp, verdict, note) {
    if (!fp) return;
    if (!verdict) {
      delete verdicts[fp];
    } else {
      var old = verdicts[fp] || {};
      verdicts[fp] = {
        verdict: verdict,
        note: note !== undefined && note !== null ? String(note) : (old.note || ""),
        reviewer: reviewer.value.replace(/^\s+|\s+$/g, ""),
        decided: new Date().toISOString()
      };
    }
    save();
    findings.forEach(function (el) { if (el.getAttribute("data-fingerprint") === fp) paint(el); });
    apply();
  }

  function baseline() {
    var entries = [];
    var seen = {};
    findings.forEach(function (el) {
      var fp = el.getAttribute("data-fingerprint");
      var v = verdicts[fp];
      if (!fp || !v || seen[fp]) return;
      seen[fp] = true;
      var doc = el.closest("section.doc");
      var year = doc.getAttribute("data-year");
      entries.push({
        fingerprint: fp,
        rule: el.getAttribute("data-rule"),
        path: doc.getAttribute("data-path"),
        unit: doc.getAttribute("data-unit") || null,
        year: year ? Number(year) : null,
        message: $(".msg", el).textContent,
        verdict: v.verdict,
        reviewer: v.reviewer || "",
        note: v.note || "",
        decided: v.decided || ""
      });
    });
    return { jixiao_baseline: 1, created: new Date().toISOString(), tool_version: data.tool_version || "", entries: entries };
  }

  function download() {
    var b = baseline();
    if (!b.entries.length) {
      status("尚未作出复核意见：点击每条问题右侧的“确认/误报/待核”", true);
      return;
    }
    var blob = new Blob([JSON.stringify(b, null, 2) + "\n"], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "jixiao-baseline-" + b.created.slice(0, 10) + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
    status("已导出 " + b.entries.length + " 条复核意见（基线文件：jixiao check --baseline 文件）");
  }

  function importBaseline(text) {
    var b = JSON.parse(text);
    if (!b || b.jixiao_baseline !== 1 || !Array.isArray(b.entries)) throw new Error("缺少 jixiao_baseline");
    var n = 0;
    b.entries.forEach(function (e) {
      if (!e || !e.fingerprint || VALID.indexOf(e.verdict) < 0) return;
      verdicts[e.fingerprint] = { verdict: e.verdict, reviewer: e.reviewer || "", note: e.note || "", decided: e.decided || "" };
      n += 1;
    });
    save();
    findings.forEach(paint);
    apply();
    return n;
  }

  // wiring
  each(sevBoxes, function (b) { b.addEventListener("change", apply); });
  each(ruleBoxes, function (b) { b.addEventListener("change", apply); });
  verdictFilter.addEventListener("change", apply);
  query.addEventListener("input", apply);
  $("#rules-all").addEventListener("click", function () { each(ruleBoxes, function (b) { b.checked = true; }); apply(); });
  $("#rules-none").addEventListener("click", function () { each(ruleBoxes, function (b) { b.checked = false; }); apply(); });
  $("#export").addEventListener("click", download);
  var file = $("#import-file");
  $("#import").addEventListener("click", function () { file.click(); });
  file.addEventListener("change", function () {
    var f = file.files && file.files[0];
    if (!f) return;
    var reader = new FileReader();
    reader.onload = function () {
      try {
        status("已导入 " + importBaseline(String(reader.result)) + " 条复核意见");
      } catch (e) {
        status("不是 jixiao 基线文件（" + e.message + "）", true);
      }
      file.value = "";
    };
    reader.readAsText(f, "utf-8");
  });
  if (store) reviewer.value = store.getItem(REVIEWER_KEY) || "";
  reviewer.addEventListener("change", function () {
    if (store) {
      try { store.setItem(REVIEWER_KEY, reviewer.value); } catch (e) { /* kept in the page only */ }
    }
  });
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest(".verdicts button") : null;
    if (!b) return;
    var el = b.closest("article.finding");
    var v = b.getAttribute("data-verdict");
    setVerdict(el.getAttribute("data-fingerprint"), verdictOf(el) === v ? "" : v);
  });
  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.classList || !input.classList.contains("note")) return;
    var el = input.closest("article.finding");
    var fp = el.getAttribute("data-fingerprint");
    if (verdicts[fp]) setVerdict(fp, verdicts[fp].verdict, input.value);
  });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.hidden && el.classList.contains("finding")) {
      each(sevBoxes, function (b) { b.checked = true; });
      each(ruleBoxes, function (b) { b.checked = true; });
      verdictFilter.value = "";
      query.value = "";
      apply();
      el.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);

  each($$(".verdicts"), function (v) { v.hidden = false; });
  controls.hidden = false;
  if (!store) status("浏览器不允许本页保存复核意见，请及时导出", true);
  findings.forEach(paint);
  apply();
  reveal();
  window.jixiao = { apply: apply, baseline: baseline, setVerdict: setVerdict, importBaseline: importBaseline, download: download };
})();
