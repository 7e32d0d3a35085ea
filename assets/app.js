// One click from a citation to its paragraph: elements with data-goto="p009" (and the chat's [n] links,
// <a class="cite" href="#p009">: the chat's sanitizer drops data- attributes) open the 「浏览报告」 tab,
// scroll that paragraph into view and highlight it; data-tab="对话" switches back.
(() => {
  if (window.__ragNav) return;
  window.__ragNav = true;
  const REPORT_TAB = "浏览报告";

  function tabButton(label) {
    return [...document.querySelectorAll('button[role="tab"]')].find((b) => b.textContent.trim() === label);
  }

  function openTab(label) {
    const tab = tabButton(label);
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  }

  function reveal(id, tries) {
    const el = document.getElementById(id);
    if (!el || el.offsetParent === null) {           // the tab is still switching: try again shortly
      if (tries < 200) setTimeout(() => reveal(id, tries + 1), 25);
      return;
    }
    document.querySelectorAll(".report .is-target").forEach((e) => e.classList.remove("is-target", "flash"));
    el.classList.add("is-target");
    void el.offsetWidth;                              // restart the flash animation
    el.classList.add("flash");
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    const nav = document.querySelector(`.report-nav a[data-goto="${CSS.escape(id)}"]`);
    document.querySelectorAll(".report-nav a.current").forEach((a) => a.classList.remove("current"));
    if (nav) {
      nav.classList.add("current");
      const box = nav.closest(".report-nav");               // keep the current heading visible in the outline
      if (box) box.scrollTop = nav.offsetTop - box.offsetTop - box.clientHeight / 2;
    }
  }

  window.ragGoto = (id) => { openTab(REPORT_TAB); reveal(id, 0); };

  function activate(e) {
    const go = e.target.closest && e.target.closest('[data-goto], a.cite[href^="#"]');
    if (go) {
      e.preventDefault();
      e.stopPropagation();
      window.ragGoto(go.dataset.goto || decodeURIComponent(go.getAttribute("href").slice(1)));
      return;
    }
    const tab = e.target.closest && e.target.closest("[data-tab]");
    if (tab) {
      e.preventDefault();
      e.stopPropagation();
      openTab(tab.dataset.tab);
      window.scrollTo({ top: 0, behavior: "smooth" });
    }
  }

  document.addEventListener("click", activate, true);
  document.addEventListener("keydown", (e) => {
    if ((e.key === "Enter" || e.key === " ") && e.target.closest && e.target.closest("[data-goto][tabindex]")) activate(e);
  }, true);
})();
