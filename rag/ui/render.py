"""HTML for the chat UI: the header, the loading status line, an answer's chat message and its sources panel."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from rag.types import Answer, Citation, Hit, Paragraph, Report
from rag.ui.compare import bars_html, comparable, csv_href, rows
from rag.ui.when import badge_html, only_report, report_label, resolve_years

CRUMB_SEP = " › "
MARKER = re.compile(r"(\[\d+\])")
CLAUSE = re.compile(r".+?(?:[，。；：！？、,;:!?](?:\[\d+\])*|$)", re.S)  # a clause keeps the [n] after its mark
UNSAFE_ID = re.compile(r"[^\w-]")
NEAREST = 3          # passages offered instead of citations when the assistant abstains
# Markdown would read these as markup; as character references they stay literal text.
_ESCAPES = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-!|~$"}


@dataclass(frozen=True)
class LoadState:
    """Where the background loading of the assistant is."""
    fraction: float
    message: str
    ready: bool = False      # questions can be asked (perhaps with keyword search only, while the model loads)
    error: str = ""

    @property
    def done(self) -> bool:
        """Fully loaded: nothing more will change."""
        return self.ready and self.fraction >= 1.0


def text(s: str) -> str:
    """Report or user text made safe for HTML inside a Markdown message (no tags, no Markdown syntax)."""
    return "".join(_ESCAPES.get(c, c) for c in s)


def anchor_id(doc: str, paragraph_id: str, qualified: bool = False) -> str:
    """The element id of a paragraph in the report view: `p009`, or `doc--p009` when several documents are shown."""
    return f"{UNSAFE_ID.sub('-', doc)}--{paragraph_id}" if qualified else paragraph_id


def anchor_of(p: Paragraph, qualified: bool = False) -> str:
    return anchor_id(p.doc, p.id, qualified)


def breadcrumb(section: tuple[str, ...]) -> str:
    return CRUMB_SEP.join(html.escape(s) for s in section)


def highlight(paragraph_text: str, quote: str) -> str:
    """The paragraph, escaped, with the quoted passage wrapped in <mark> (unmarked if the quote is not in it)."""
    at = paragraph_text.find(quote) if quote else -1
    if at < 0:
        return html.escape(paragraph_text)
    end = at + len(quote)
    return (html.escape(paragraph_text[:at]) + "<mark>" + html.escape(quote) + "</mark>"
            + html.escape(paragraph_text[end:]))


def header_html(titles: list[str], can_do: str = "") -> str:
    """The page's title (the report, or how many), one line on what the assistant can and cannot do, and the text
    size buttons (assets/app.js keeps the size in this browser)."""
    name = titles[0] if len(titles) == 1 else f"{len(titles)} 份政府工作报告"
    docs = "" if len(titles) == 1 else "<details class='doc-list'><summary>库中的报告</summary><ul>" + "".join(
        f"<li>{html.escape(t)}</li>" for t in titles) + "</ul></details>"
    line = can_do or ("只根据报告原文回答，每句话都标注出处 [n]，点击即可在原文中查看；"
                      "报告没写的会直说，不编造、不引申。")
    return (f"<div class='app-header'><div class='app-top'><div class='app-kicker'>政府工作报告问答</div>"
            "<div class='text-size' role='group' aria-label='文字大小'><button type='button' class='size-down' "
            "aria-label='缩小文字'>A−</button>"
            "<button type='button' class='size-up' aria-label='放大文字'>A+</button></div>"
            f"</div><h1>{html.escape(name)}</h1>{docs}<p class='app-tagline'>{html.escape(line)}</p></div>")


def status_html(state: LoadState) -> str:
    if state.error:
        return f"<div class='status status-error'>⚠ 加载失败：{html.escape(state.error)}</div>"
    if state.ready:
        return f"<div class='status status-ready'><span class='dot'></span>{html.escape(state.message)}</div>"
    pct = max(0, min(100, round(state.fraction * 100)))
    return (f"<div class='status status-loading'><span class='spinner'></span>{html.escape(state.message)}"
            f"<span class='bar'><span style='width:{pct}%'></span></span><span class='pct'>{pct}%</span></div>")


def _cite_link(n: int, c: Citation | None, qualified: bool) -> str:
    if c is None:
        return text(f"[{n}]")
    target = anchor_of(c.paragraph, qualified)
    # the quote rides in the title: a tooltip to check at a glance, and what the report view marks (assets/app.js)
    title = attribute(f"{c.paragraph.id} · {CRUMB_SEP.join(c.paragraph.section)}\n“{c.quote}”")
    return f"<a class='cite' href='#{target}' data-goto='{target}' title='{title}'>[{n}]</a>"


def answer_body(answer_text: str, citations: tuple[Citation, ...], qualified: bool = False,
                report: Report | None = None) -> str:
    """Answer text with every [n] as a link to its paragraph in the report; 今年/去年 resolved for `report`."""
    by_n = {c.n: c for c in citations}
    return "".join(_cite_link(int(part[1:-1]), by_n.get(int(part[1:-1])), qualified) if MARKER.fullmatch(part)
                   else text(resolve_years(part, report)) for part in MARKER.split(answer_text) if part)


def table_html(answer: Answer, qualified: bool = True, reports: dict[str, Report] | None = None) -> str:
    """Several places or years side by side: one row each, its figure in a column of its own, every cell cited;
    bars under the table when the figures are comparable."""
    reports = reports or {}
    table = rows(answer)
    body = "".join(
        f"<tr><th>{text(label)}</th><td class='fig'>{text(shown) or '—'}</td>"
        f"<td>{answer_body(part.text, part.citations, qualified, only_report(part, reports))}</td></tr>"
        for label, shown, _, _, part in table)
    bars = bars_html(table, text) if comparable(table) else ""
    return ("<div class='table-wrap'><table class='side-by-side'><thead><tr><th>对象</th><th>数字</th>"
            f"<th>报告怎么说</th></tr></thead><tbody>{body}</tbody></table></div>{bars}")


def attribute(value: str) -> str:
    """A value safe inside a quoted attribute, on one line: the chat's markdown would end the HTML block at a
    blank line and turn the rest into paragraphs."""
    return html.escape(value, quote=True).replace("\n", "&#10;")


def plain_text(answer: Answer, reports: dict[str, Report]) -> str:
    """The answer as plain text with its sources: what the copy button copies."""
    lines = [answer.text, "", "来源："]
    for c in answer.citations:
        report = reports.get(c.paragraph.doc)
        lines.append(f"[{c.n}] {report.title if report else c.paragraph.doc} · {c.paragraph.section_path} · "
                     f"{c.paragraph.id}：“{c.quote}”")
    return "\n".join(lines)


def message_html(answer: Answer, shown: str | None = None, qualified: bool = False,
                 reports: dict[str, Report] | None = None, share: str = "") -> str:
    """The assistant's chat message; `shown` is the part of the text streamed so far."""
    reports = reports or {}
    read_as = (f"<div class='read-as'>按“{text(answer.read_as)}”理解</div>" if answer.read_as else "")
    badge = f"<div class='badges'>{badge_html(answer, reports)}</div>" if shown is None and reports else ""
    body = answer_body(answer.text if shown is None else shown, answer.citations, qualified,
                       only_report(answer, reports))
    tools = ("<div class='answer-tools'><span class='copy-answer' role='button' tabindex='0'>复制</span>"
             f"<span class='copy-text' title='{attribute(plain_text(answer, reports))}'></span>"
             f"<span class='share-answer' role='button' tabindex='0'>分享链接</span>"
             f"<span class='share-q' title='{attribute(share)}'></span></div>") if shown is None else ""
    if answer.abstained:
        return (f"{read_as}{badge}<div class='abstain'><div class='abstain-title'>报告中没有找到答案</div>"
                f"<div class='abstain-text'>{body}</div></div>{tools}")
    if answer.parts and shown is None:
        body = table_html(answer, qualified, reports)
    note = f"<div class='answer-note'>{text(answer.note)}</div>" if answer.note and shown is None else ""
    return f"{read_as}{badge}<div class='answer'>{body}</div>{note}{tools}"


def notice_html(message: str, kind: str = "info") -> str:
    """A short system message in the chat (loading, input problems, errors)."""
    return f"<div class='notice notice-{kind}'>{text(message)}</div>"


def stream_steps(answer_text: str, max_steps: int = 24) -> list[str]:
    """Growing prefixes of the answer, cut after clauses (never inside a [n]), for streaming it in."""
    clauses = CLAUSE.findall(answer_text) or [answer_text]
    per = max(1, -(-len(clauses) // max_steps))
    return ["".join(clauses[:i]) for i in range(per, len(clauses), per)] + [answer_text]


def _card(n_label: str, target: str, section: tuple[str, ...], pid: str, body: str, extra: str = "",
          origin: str = "") -> str:
    crumb = breadcrumb(section) or "（报告开头）"
    where = f"<div class='source-report'>{html.escape(origin)}</div>" if origin else ""
    return (f"<div class='source{extra}' data-goto='{target}' role='link' tabindex='0' title='在报告中查看 {pid}'>"
            f"{where}<div class='source-head'>{n_label}<span class='crumb'>{crumb}</span>"
            f"<span class='pid'>{html.escape(pid)}</span></div>"
            f"<div class='source-text'>{body}</div><div class='source-go'>在报告中查看 →</div></div>")


def _nearest(hits: tuple[Hit, ...], limit: int = NEAREST) -> list[Hit]:
    """The best hit of each of the first `limit` distinct paragraphs."""
    seen: dict[tuple[str, str], Hit] = {}
    for h in hits:
        seen.setdefault((h.chunk.doc, h.chunk.paragraph), h)
    return list(seen.values())[:limit]


def _retrieved(hits: tuple[Hit, ...], k: int, qualified: bool) -> str:
    if not hits:
        return ""
    rows = "".join(
        f"<li data-goto='{anchor_id(h.chunk.doc, h.chunk.paragraph, qualified)}' role='link' tabindex='0'>"
        f"<span class='rank'>{h.rank}</span><span class='pid'>{html.escape(h.chunk.paragraph)}</span>"
        f"<span class='snippet'>{html.escape(h.chunk.text[:60])}{'…' if len(h.chunk.text) > 60 else ''}</span>"
        f"<span class='score'>{h.score:.3f}</span></li>" for h in hits[:k])
    return (f"<details class='retrieved'><summary>检索到的前 {min(k, len(hits))} 个片段</summary>"
            f"<ol>{rows}</ol></details>")


def sources_html(answer: Answer | None, k: int = 5, qualified: bool = False,
                 reports: dict[str, Report] | None = None) -> str:
    """The panel beside the chat: the cited paragraphs, each named by its report, or the nearest passages when the
    assistant abstained; a comparison adds its table as a CSV download."""
    reports = reports or {}
    if answer is None:
        return ("<div class='sources sources-empty'><div class='sources-title'>出处</div>"
                "<p>提问后，这里会列出答案引用的报告原文段落：所在章节、段落编号和被引用的句子。"
                "点击任一出处，即可跳到它在报告全文中的位置。</p></div>")

    def origin(doc: str) -> str:
        return report_label(reports.get(doc), doc) if reports else ""

    def cited(c: Citation, extra: str = "") -> str:
        return _card(f"<span class='n'>[{c.n}]</span>", anchor_of(c.paragraph, qualified), c.paragraph.section,
                     c.paragraph.id, highlight(c.paragraph.text, c.quote), extra, origin(c.paragraph.doc))

    if answer.abstained:
        closest = "".join(cited(c, " source-near") for c in answer.citations)
        seen = {(c.paragraph.doc, c.paragraph.id) for c in answer.citations}
        others = [h for h in _nearest(answer.hits, NEAREST + len(seen)) if (h.chunk.doc, h.chunk.paragraph) not in seen]
        cards = closest + "".join(_card("", anchor_id(h.chunk.doc, h.chunk.paragraph, qualified), h.chunk.section,
                                        h.chunk.paragraph, html.escape(h.chunk.text), " source-near",
                                        origin(h.chunk.doc))
                                  for h in others[:max(NEAREST - len(seen), 0)])
        return ("<div class='sources sources-nearest'><div class='sources-title'>最接近的段落</div>"
                "<p class='sources-hint'>报告里没有能回答这个问题的原文。"
                "下面是与问题最接近的段落，仅供参考，并非答案。</p>"
                f"{cards or '<p>没有相关段落。</p>'}{_retrieved(answer.hits, k, qualified)}</div>")
    cards = "".join(cited(c) for c in answer.citations)
    download = (f"<a class='csv' download='对比.csv' "
                f"href='{html.escape(csv_href(answer), quote=True)}'>下载对比表（CSV）</a>"
                if answer.parts else "")
    return (f"<div class='sources'><div class='sources-title'>出处 <span class='count'>{len(answer.citations)}</span>"
            f"</div>{download}{cards}{_retrieved(answer.hits, k, qualified)}</div>")
