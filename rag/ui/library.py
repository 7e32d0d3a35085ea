"""HTML and choices for the 「报告库」 tab: which reports the library holds."""
from __future__ import annotations

import html

from rag.ui.state import AssistantLoader


def report_choices(loader: AssistantLoader) -> list[tuple[str, str]]:
    """(label, report id) for the pickers: 「2025年安徽省政府工作报告」 → anhui-2025."""
    assistant = loader.assistant
    if assistant is None:
        return []
    return [(r.title, r.id) for r in assistant.corpus.reports]


def library_html(loader: AssistantLoader) -> str:
    assistant = loader.assistant
    if assistant is None:
        return "<p>报告库加载中…</p>"
    rows = "".join(
        f"<tr><td>{html.escape(r.title)}</td><td>{html.escape(r.place or '—')}</td><td>{r.level or '—'}</td>"
        f"<td>{r.year or '—'}</td><td>{html.escape(r.format)}</td><td><code>{html.escape(r.id)}</code></td></tr>"
        for r in assistant.corpus.reports)
    return ("<table class='library-table'><thead><tr><th>报告</th><th>地方</th><th>级别</th><th>年份</th><th>格式</th>"
            f"<th>编号</th></tr></thead><tbody>{rows}</tbody></table>")
