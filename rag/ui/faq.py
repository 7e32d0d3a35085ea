"""HTML for the report owners' page: the questions people ask most, and those the reports could not answer."""
from __future__ import annotations

import html
import urllib.parse

from rag.ui.usage import UsageLog


def _rows(pairs: list[tuple[str, int]], public: str) -> str:
    """Each question (masked) with how often it was asked, linked to its answer on the public page."""
    return "".join(f"<li><span class='faq-n'>{n} 次</span><a class='faq-q' target='_blank' rel='noopener' "
                   f"href='{html.escape(public.rstrip('/') + '/?' + urllib.parse.urlencode({'q': q}), quote=True)}'>"
                   f"{html.escape(q)}</a></li>" for q, n in pairs)


def faq_html(log: UsageLog, public: str = "", limit: int = 20) -> str:
    if not log.enabled:
        return "<div class='faq'><p>使用记录已关闭（RAG_LOG=0），这里没有数据。</p></div>"
    asked, missed = log.most_asked(limit), log.unanswered(limit)
    return ("<div class='faq'><div class='faq-col'><h3>常见问题</h3>"
            f"{'<ol>' + _rows(asked, public) + '</ol>' if asked else '<p>还没有人提问。</p>'}</div>"
            "<div class='faq-col'><h3>没答上的问题</h3>"
            "<p class='faq-hint'>报告里找不到答案的问题：写报告、改报告时值得一看。</p>"
            f"{'<ol>' + _rows(missed, public) + '</ol>' if missed else '<p>目前没有。</p>'}</div></div>")
