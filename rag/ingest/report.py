"""Describes a parsed report from its own text: title, place, level, year, and which part reviews which year."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.ingest.headings import APPENDIX
from rag.ingest.places import NATIONAL, level_of, national
from rag.types import Paragraph, Report

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
DATELINE = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
PAST_HEADING = re.compile(r"回顾|过去|总结|上年")
PLAN_HEADING = re.compile(r"安排|部署|目标|任务|要求|重点工作|今年|打算")
PAST_OPENING = re.compile(r"过去一年|过去的一年|一年来|刚刚过去")
TITLE_TAIL = re.compile(r"(?:人民)?政府工作报告.*$")
NATIONAL_MEETING = re.compile(r"在第[一二三四五六七八九十]+届全国人民代表大会")
MEETING = re.compile(r"在([\u4e00-\u9fff]{2,12}?(?:省|市|自治区|区|县|州|盟))第[一二三四五六七八九十]+届人民代表大会")


def _place(title: str, front: list[str]) -> str:
    """The place in the title (「2025年安徽省政府工作报告」 → 安徽省), else the one whose 人民代表大会 heard it."""
    place = TITLE_TAIL.sub("", YEAR.sub("", title, count=1)).strip(" ：:·—-")
    if national(place) or any(NATIONAL_MEETING.search(line) for line in front):
        return NATIONAL
    if place and len(place) <= 16:
        return place
    for line in front:
        m = MEETING.search(line)
        if m:
            return m.group(1)
    return ""


def _year(title: str, front: list[str], roots: list[str]) -> int | None:
    """The year the report plans for: its title's year, else the year it was delivered, else from its parts."""
    m = YEAR.search(title)
    if m:
        return int(m.group(1))
    for line in front:
        m = DATELINE.search(line)
        if m:
            return int(m.group(1))
    for root in roots:
        m = YEAR.search(root)
        if m:
            return int(m.group(1)) + (1 if PAST_HEADING.search(root) else 0)
    return None


def _periods(paragraphs: list[Paragraph], year: int | None) -> dict[str, str]:
    """Each part's period: the review of year-1 is "past", the parts after it plan the year ("present")."""
    title = {p.section[0] for p in paragraphs if p.kind == "title" and p.section}
    roots = [r for r in dict.fromkeys(p.section[0] for p in paragraphs if p.section) if r not in title]
    opening = {root: "".join(p.text for p in paragraphs if p.section[:1] == (root,) and p.kind == "body")[:400]
               for root in roots}
    out: dict[str, str] = {}
    seen_past = False
    for root in roots:
        years = {int(y) for y in YEAR.findall(root)}
        if APPENDIX.match(root):  # a list of this year's 实事 is a plan; a glossary has no year
            out[root] = "present" if re.search(r"实事|项目", root) else ""
            continue
        if year and year - 1 in years or PAST_HEADING.search(root) or (
                not seen_past and not years and (PAST_OPENING.search(opening[root]) or
                                                 year and f"{year - 1}年" in opening[root][:60])):
            out[root], seen_past = "past", True
        elif seen_past or (year and year in years) or PLAN_HEADING.search(root):
            out[root] = "present"
    return out


def describe(paragraphs: list[Paragraph], doc: str, source: str = "", sha256: str = "",
             fmt: str = "") -> tuple[Report, list[Paragraph]]:
    """The Report, and the paragraphs with their period set (去年 and 今年 resolve per report from these)."""
    title = next((p.text for p in paragraphs if p.kind == "title"), doc)
    front = [p.text for p in paragraphs[:8] if len(p.section) <= 1 and p.kind == "body"]
    roots = [p.section[0] for p in paragraphs if p.kind == "heading" and len(p.section) == 1]
    year = _year(title, front, roots)
    place = _place(title, front)
    periods = _periods(paragraphs, year)
    marked = [replace(p, period=periods.get(p.section[0], "")) if p.section else p for p in paragraphs]
    return Report(doc, title, place, level_of(place), year, source, sha256, fmt), marked


