"""Comparisons people can see: one row per place or year with its figure in a column of its own, bars when the
figures are comparable, and the table as CSV — every cell still cited."""
from __future__ import annotations

import csv
import io
import re
import urllib.parse

from rag.types import Answer

FIGURE = re.compile(r"(-?\d+(?:\.\d+)?)\s*"
                    r"(%|％|个百分点|万亿元|亿元|万元|元|万人次|万人|人次|万吨|万亩|公里|亿|万|人|家|个|所|项)?"
                    r"(左右|以上|以内|以下|上下)?")
MARKER = re.compile(r"\[\d+\]")


def figure(text: str) -> tuple[str, float | None, str]:
    """The first figure of a part's answer: as written, its value, its unit ('' when there is none)."""
    for m in FIGURE.finditer(MARKER.sub("", text)):
        if m.group(2):   # a bare number (a year, an ordinal) is no figure
            return m.group(0), float(m.group(1)), m.group(2).replace("％", "%")
    return "", None, ""


def rows(answer: Answer) -> list[tuple[str, str, float | None, str, Answer]]:
    """(label, figure as written, value, unit, the part's answer) for each part of a side-by-side answer."""
    out = []
    for label, part in answer.parts:
        shown, value, unit = figure("" if part.abstained else part.text)
        out.append((label, shown, value, unit, part))
    return out


def comparable(table: list[tuple]) -> bool:
    """Bars only when every row has a figure and all share one unit."""
    units = {unit for _, _, value, unit, _ in table if value is not None}
    return len(table) >= 2 and len(units) == 1 and all(value is not None for _, _, value, _, _ in table)


def bars_html(table: list[tuple], escape) -> str:
    top = max(abs(v) for _, _, v, _, _ in table) or 1.0
    items = "".join(
        f"<div class='bar-row'><span class='bar-label'>{escape(label)}</span><span class='bar-track'>"
        f"<span class='bar-fill' style='width:{max(2.0, 100.0 * abs(value) / top):.1f}%'></span></span>"
        f"<span class='bar-value'>{escape(shown)}</span></div>" for label, shown, value, _, _ in table)
    return f"<div class='bars' role='img' aria-label='对比图'>{items}</div>"


def csv_href(answer: Answer) -> str:
    """The comparison as a CSV file (UTF-8 with BOM, so spreadsheet programs read the Chinese), as a data: link."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["对象", "数字", "报告原文", "出处"])
    for label, shown, _, _, part in rows(answer):
        sources = "；".join(f"{c.paragraph.doc} {c.paragraph.id} {c.paragraph.section_path}" for c in part.citations)
        writer.writerow([label, shown, MARKER.sub("", part.text), sources])
    return "data:text/csv;charset=utf-8," + urllib.parse.quote("\ufeff" + out.getvalue())
