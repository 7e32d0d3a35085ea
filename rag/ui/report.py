"""HTML for the 「浏览报告」 view: each report's outline (heading tree) and its full text, every paragraph anchored."""
from __future__ import annotations

import html
from dataclasses import dataclass

from rag.types import Paragraph, Report
from rag.ui.render import anchor_of
from rag.ui.when import report_label


@dataclass(frozen=True)
class OutlineNode:
    """One heading of the outline: 0 = title, 1 = 「一、」, 2 = 「(一)」/「——」, 3 = a lead sentence."""
    level: int
    text: str
    anchor: str
    paragraph: str


def by_doc(paragraphs: list[Paragraph]) -> dict[str, list[Paragraph]]:
    out: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        out.setdefault(p.doc, []).append(p)
    return out


def doc_title(paragraphs: list[Paragraph]) -> str:
    """A document's title line, or its id when it has none."""
    return next((p.text for p in paragraphs if p.kind == "title"), paragraphs[0].doc if paragraphs else "")


def outline(paragraphs: list[Paragraph], qualified: bool = False) -> list[OutlineNode]:
    """The heading tree of one document, in order: each heading once, anchored at its first paragraph."""
    if not paragraphs:
        return []
    title = doc_title(paragraphs)
    first = next((p for p in paragraphs if p.kind == "title"), paragraphs[0])
    nodes = [OutlineNode(0, title, anchor_of(first, qualified), first.id)]
    seen: set[tuple[str, ...]] = {(title,)}
    for p in paragraphs:
        for depth in range(1, len(p.section) + 1):
            prefix = p.section[:depth]
            if prefix not in seen:
                seen.add(prefix)
                nodes.append(OutlineNode(depth, prefix[-1], anchor_of(p, qualified), p.id))
    return nodes


def outline_html(nodes: list[OutlineNode]) -> str:
    items = "".join(
        f"<li class='lvl-{min(n.level, 3)}'><a href='#{n.anchor}' data-goto='{n.anchor}' "
        f"title='{html.escape(n.text, quote=True)}'>{html.escape(n.text)}</a></li>" for n in nodes)
    return f"<ul class='outline'>{items}</ul>"


def paragraph_html(p: Paragraph, qualified: bool = False) -> str:
    """A paragraph at its anchor with a small id label; a lead heading it opens with is set in bold."""
    anchor = anchor_of(p, qualified)
    label = f"<a class='pid' href='#{anchor}' data-goto='{anchor}'>{html.escape(p.id)}</a>"
    if p.kind == "title":
        return f"<h1 class='para para-title' id='{anchor}'>{html.escape(p.text)}{label}</h1>"
    if p.kind == "heading":
        return f"<h2 class='para para-heading' id='{anchor}'>{html.escape(p.text)}{label}</h2>"
    lead = p.section[-1] if p.section and len(p.section) > 1 and p.text.startswith(p.section[-1]) else ""
    body = (f"<strong>{html.escape(lead)}</strong>{html.escape(p.text[len(lead):])}" if lead
            else html.escape(p.text))
    level = f" para-lead{min(len(p.section), 3)}" if lead else ""
    return f"<p class='para{level}' id='{anchor}'>{label}{body}</p>"


def report_html(paragraphs: list[Paragraph], reports: dict[str, Report] | None = None, extra: str = "") -> str:
    """The 「浏览报告」 view: one report at a time (a switcher when there are several), its outline beside its full
    text, a search within it; `extra`: more pages for the switcher (the promise-against-result pages)."""
    if not paragraphs:
        return "<div class='report report-empty'>没有可显示的报告。</div>"
    reports = reports or {}
    docs = by_doc(paragraphs)
    qualified = len(docs) > 1
    options, sections = [], []
    for i, (doc, pars) in enumerate(docs.items()):
        title = html.escape(doc_title(pars))
        label = html.escape(report_label(reports[doc], doc) if doc in reports else doc_title(pars))
        options.append(f"<option value='{html.escape(doc, quote=True)}'>{label} · {title}</option>")
        body = "".join(paragraph_html(p, qualified) for p in pars)
        if not any(p.kind == "title" for p in pars):
            body = f"<h1 class='para para-title'>{title}</h1>{body}"
        sections.append(f"<section class='report-doc' data-doc='{html.escape(doc, quote=True)}'"
                        f"{'' if i == 0 else ' hidden'}><nav class='report-nav'><div class='nav-title'>目录</div>"
                        f"{outline_html(outline(pars, qualified))}</nav>"
                        f"<div class='report-text'>{body}</div></section>")
    switcher = (f"<select class='report-pick' aria-label='选择报告'>"
                f"{''.join(options)}{extra and PROMISE_OPTION}</select>"
                if len(docs) > 1 or extra else "")
    tools = (f"<div class='report-tools'>{switcher}<input class='report-search' type='search' "
             "placeholder='在这份报告里搜索…' aria-label='在报告里搜索'><span class='search-count'></span>"
             "<button class='back-to-chat' data-tab='对话' type='button'>← 返回对话</button></div>")
    return f"<div class='report'>{tools}<div class='report-docs'>{''.join(sections)}{extra}</div></div>"


PROMISE_OPTION = "<option value='promises'>承诺与落实（同一地方相邻两年的报告）</option>"
