// The page's own behaviour, on top of Gradio:
// - one click from a citation to its sentence: [n] links (<a class="cite" href="#p009" title="… “quote”">) and
//   elements with data-goto open 「浏览报告」, switch to the right report, scroll the paragraph into view and mark
//   the quoted sentence; data-tab="对话" switches back;
// - the report view: a report switcher, search within the report;
// - per answer: copy (plain text with its sources) and a share link (?q=…) that reopens the answer;
// - Back and Forward move between tabs and answers instead of leaving the app;
// - a text size kept in this browser; the quoted sentence of each source card scrolled into view.
(() => {
  if (window.__ragNav) return;
  window.__ragNav = true;
  const REPORT_TAB = "浏览报告", CHAT_TAB = "对话";
  const SIZE_KEY = "gov-report-qa-size";

  function tabButton(label) {
    return [...document.querySelectorAll('button[role="tab"]')].find((b) => b.textContent.trim() === label);
  }

  let programmatic = false;   // a tab clicked by this script: the script, not the click handler, records the step
  function openTab(label, record = true) {
    const tab = tabButton(label);
    if (tab && tab.getAttribute("aria-selected") !== "true") {
      programmatic = true;
      try { tab.click(); } finally { programmatic = false; }
      if (record) history.pushState({ tab: label }, "", location.href);
    }
  }

  function showDoc(doc) {
    document.querySelectorAll(".report-doc").forEach((s) => { s.hidden = s.dataset.doc !== doc; });
    const pick = document.querySelector(".report-pick");
    if (pick && pick.value !== doc) pick.value = doc;
    search();
  }

  function markQuote(el, quote) {
    el.querySelectorAll("mark.quote").forEach((m) => m.replaceWith(...m.childNodes));
    if (!quote) return;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(quote.slice(0, 40));
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, Math.min(node.data.length, at + quote.length));
      const mark = document.createElement("mark");
      mark.className = "quote";
      range.surroundContents(mark);
      return;
    }
  }

  function reveal(id, quote, tries) {
    const el = document.getElementById(id);
    const section = el && el.closest(".report-doc");
    if (section && section.hidden) showDoc(section.dataset.doc);
    if (!el || el.offsetParent === null) {           // the tab is still switching: try again shortly
      if (tries < 200) setTimeout(() => reveal(id, quote, tries + 1), 25);
      return;
    }
    document.querySelectorAll(".report .is-target").forEach((e) => e.classList.remove("is-target", "flash"));
    el.classList.add("is-target");
    markQuote(el, quote);
    void el.offsetWidth;                              // restart the flash animation
    el.classList.add("flash");
    (el.querySelector("mark.quote") || el).scrollIntoView({ block: "center", behavior: "smooth" });
    const nav = document.querySelector(`.report-nav a[data-goto="${CSS.escape(id)}"]`);
    document.querySelectorAll(".report-nav a.current").forEach((a) => a.classList.remove("current"));
    if (nav) {
      nav.classList.add("current");
      const box = nav.closest(".report-nav");               // keep the current heading visible in the outline
      if (box) box.scrollTop = nav.offsetTop - box.offsetTop - box.clientHeight / 2;
    }
  }

  function quoteOf(el) {
    const title = el.getAttribute("title") || "";
    const m = title.match(/“([\s\S]*)”$/);
    if (m) return m[1];
    const mark = el.querySelector && el.querySelector(".source-text mark");
    return mark ? mark.textContent : "";
  }

  window.ragGoto = (id, quote) => { openTab(REPORT_TAB); reveal(id, quote || "", 0); };

  function copy(text, button) {
    const done = () => { const old = button.textContent; button.textContent = "已复制"; setTimeout(() => { button.textContent = old; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => fallback(text, done));
    else fallback(text, done);
  }

  function fallback(text, done) {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } finally { area.remove(); }
  }

  function activate(e) {
    const t = e.target;
    if (!t.closest) return;
    const tool = t.closest(".copy-answer, .share-answer");
    if (tool) {
      e.preventDefault();
      const box = tool.closest(".answer-tools");
      if (tool.classList.contains("copy-answer")) copy(box.querySelector(".copy-text").getAttribute("title"), tool);
      else copy(location.origin + location.pathname + box.querySelector(".share-q").getAttribute("title"), tool);
      return;
    }
    const tabButton_ = t.closest('button[role="tab"]');
    if (tabButton_ && !programmatic && tabButton_.getAttribute("aria-selected") !== "true") {   // a step Back returns from
      history.pushState({ tab: tabButton_.textContent.trim() }, "", location.href);
      return;
    }
    const size = t.closest(".size-up, .size-down");
    if (size) { setSize(scale() + (size.classList.contains("size-up") ? 0.1 : -0.1)); return; }
    const go = t.closest('[data-goto], a.cite[href^="#"]');
    if (go) {
      e.preventDefault();
      e.stopPropagation();
      window.ragGoto(go.dataset.goto || decodeURIComponent(go.getAttribute("href").slice(1)), quoteOf(go));
      return;
    }
    const tab = t.closest("[data-tab]");
    if (tab) {
      e.preventDefault();
      e.stopPropagation();
      openTab(tab.dataset.tab);
      window.scrollTo({ top: 0, behavior: "smooth" });
    }
  }

  function scale() { return parseFloat(localStorage.getItem(SIZE_KEY) || "1") || 1; }
  function setSize(x) {
    x = Math.min(1.6, Math.max(0.9, Math.round(x * 10) / 10));
    localStorage.setItem(SIZE_KEY, String(x));
    document.documentElement.style.setProperty("--rag-scale", String(x));
  }

  let hits = [], current = -1;
  function search() {
    const input = document.querySelector(".report-search");
    document.querySelectorAll("mark.hit").forEach((m) => m.replaceWith(...m.childNodes));
    hits = []; current = -1;
    const count = document.querySelector(".search-count");
    const words = input ? input.value.trim() : "";
    const section = [...document.querySelectorAll(".report-doc")].find((s) => !s.hidden);
    if (!words || !section) { if (count) count.textContent = ""; return; }
    const walker = document.createTreeWalker(section.querySelector(".report-text") || section, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    for (const node of nodes) {
      let at = node.data.indexOf(words), rest = node;
      while (at >= 0 && hits.length < 500) {
        const range = document.createRange();
        range.setStart(rest, at);
        range.setEnd(rest, at + words.length);
        const mark = document.createElement("mark");
        mark.className = "hit";
        range.surroundContents(mark);
        hits.push(mark);
        rest = mark.nextSibling;
        at = rest && rest.nodeType === 3 ? rest.data.indexOf(words) : -1;
      }
    }
    if (count) count.textContent = hits.length ? `共 ${hits.length} 处` : "没有找到";
    next();
  }
  function next() {
    if (!hits.length) return;
    current = (current + 1) % hits.length;
    hits.forEach((h, i) => h.classList.toggle("current", i === current));
    hits[current].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  let timer = null;
  document.addEventListener("input", (e) => {
    if (e.target.classList && e.target.classList.contains("report-search")) { clearTimeout(timer); timer = setTimeout(search, 250); }
  }, true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("report-search")) { e.preventDefault(); next(); return; }
    if ((e.key === "Enter" || e.key === " ") && e.target.closest && e.target.closest("[data-goto][tabindex], .copy-answer, .share-answer")) activate(e);
  }, true);
  document.addEventListener("change", (e) => {
    if (e.target.classList && e.target.classList.contains("report-pick")) showDoc(e.target.value);
  }, true);
  document.addEventListener("click", activate, true);

  // a new answer or tab is a step Back can return to; the address always reopens the last question asked
  let answers = 0;
  const observer = new MutationObserver(() => {
    document.querySelectorAll("#sources .source-text mark").forEach((m) => {
      const box = m.closest(".source-text");
      if (box && !box.dataset.placed) { box.dataset.placed = "1"; box.scrollTop = m.offsetTop - box.offsetTop - 24; }
    });
    const shares = document.querySelectorAll("#chat .share-q");
    if (shares.length > answers) {
      answers = shares.length;
      const query = shares[shares.length - 1].getAttribute("title");
      if (query && location.search !== query) history.pushState({ tab: CHAT_TAB, answer: answers }, "", query);
    }
  });
  const start = () => {
    setSize(scale());
    const root = document.querySelector("gradio-app") || document.body;
    observer.observe(root, { childList: true, subtree: true });
    history.replaceState({ tab: CHAT_TAB, answer: 0 }, "", location.href);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  window.addEventListener("popstate", (e) => {
    const state = e.state || { tab: CHAT_TAB };
    openTab(state.tab || CHAT_TAB, false);
    if (state.tab !== REPORT_TAB && state.answer) {
      const rows = document.querySelectorAll("#chat .share-q");
      const row = rows[state.answer - 1];
      if (row) row.closest(".message-row, .message, div").scrollIntoView({ block: "center" });
    }
  });
})();
