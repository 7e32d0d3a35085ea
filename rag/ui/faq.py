"""HTML for the report owners' page: the questions people ask most, and those the reports could not answer."""
from __future__ import annotations

import html

from rag.ui.usage import UsageLog


def _rows(pairs: list[tuple[str, int]]) -> str:
    return "".join(f"<li><span class='faq-n'>{n}</span><span class='faq-q'>{html.escape(q)}</span></li>"
                   for q, n in pairs)


def faq_html(log: UsageLog, limit: int = 20) -> str:
    if not log.enabled:
        return "<div class='faq'><p>使用记录已关闭（RAG_LOG=0），这里没有数据。</p></div>"
    asked, missed = log.most_asked(limit), log.unanswered(limit)
    return ("<div class='faq'><div class='faq-col'><h3>常见问题</h3>"
            f"{'<ol>' + _rows(asked) + '</ol>' if asked else '<p>还没有人提问。</p>'}</div>"
            "<div class='faq-col'><h3>没答上的问题</h3><p class='faq-hint'>报告里找不到答案的问题：写报告、改报告时值得一看。</p>"
            f"{'<ol>' + _rows(missed) + '</ol>' if missed else '<p>目前没有。</p>'}</div></div>")
