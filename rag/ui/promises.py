"""The 「承诺与落实」 page: for each place with two consecutive years in the library, the earlier report's main
targets, each beside what the next report says about it (rag/answer/targets.py), every cell linked to its place."""
from __future__ import annotations

import html

from rag.answer.route.route import by_place
from rag.answer.targets import promises
from rag.ui.render import anchor_of


def pairs_of(assistant) -> list[tuple[str, str, int]]:
    """(plan report, result report, year) for every place holding year N and year N+1."""
    out = []
    for group in by_place(assistant.corpus.reports).values():
        by_year = {r.year: r.id for r in group if r.year}
        out += [(by_year[y], by_year[y + 1], y) for y in sorted(by_year) if y + 1 in by_year]
    return out


def promises_html(assistant) -> str:
    """The page as a hidden section of the report view ('' when no place has two consecutive years)."""
    if assistant is None or assistant.embedder is None:
        return ""
    qualified = len(assistant.corpus.docs) > 1
    tables = []
    for plan, result, year in pairs_of(assistant):
        rows = []
        ranked = lambda q, docs: assistant.evidence(q, docs=docs)  # noqa: E731
        for target, found in promises(ranked, assistant.facts.bodies.get(plan, []), result, year):
            t = anchor_of(target.paragraph, qualified)
            left = f"<a href='#{t}' data-goto='{t}'>{html.escape(target.text)}</a>"
            right = (f"<a href='#{anchor_of(found.paragraph, qualified)}' "
                     f"data-goto='{anchor_of(found.paragraph, qualified)}'>"
                     f"{html.escape(found.quote)}</a>" if found
                     else f"<span class='muted'>{year + 1}年报告没有提到</span>")
            rows.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
        if rows:
            place = assistant.corpus.report[plan].place
            tables.append(f"<h2>{html.escape(place)}：{year}年的目标，{year + 1}年报告说的结果</h2>"
                          "<div class='table-wrap'><table class='side-by-side promises'><thead><tr>"
                          f"<th>{year}年报告定的目标</th><th>{year + 1}年报告回顾{year}年</th></tr></thead>"
                          f"<tbody>{''.join(rows)}</tbody></table></div>")
    if not tables:
        return ""
    return ("<section class='report-doc promises-page' data-doc='promises' hidden><div class='report-text'>"
            "<h1 class='para para-title'>承诺与落实</h1>"
            "<p class='muted'>每一行：前一年报告定的主要目标，和下一年报告回顾时说的结果；"
            "点击即可查看原文。没有提到的，如实标出。</p>" + "".join(tables) + "</div></section>")
