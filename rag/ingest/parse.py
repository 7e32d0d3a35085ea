"""Turns a report into Paragraphs with ids and heading paths (provenance is set here, once)."""
from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.blocks import Block, split_markdown, split_plain
from rag.ingest.decode import ReportError, read_report
from rag.types import Paragraph

LEVEL1 = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
LEVEL2 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
NUMBERED3 = re.compile(r"^\d{1,2}[.、．](?!\d)")
LOCAL_LEAD = re.compile(r"^——")        # 「——这一年,我们聚力…」: heads only its own paragraph
ADDRESS = re.compile(r"^各位代表")      # 「各位代表!」 closes a sub-section: back to level 1
SENTENCE_END = re.compile(r"[。！？!?]")
LEAD_MAX = 24                           # a level-3 lead sentence is short and has no inner pause
HEADING_MAX = 60
MARKDOWN_SUFFIXES = {".md", ".markdown"}
CONTENT = re.compile(r"[\w\u4e00-\u9fff]")


def heading_text(text: str) -> str:
    """The heading a paragraph opens with: its first sentence without the end mark."""
    end = SENTENCE_END.search(text)
    head = text[:end.start()] if end else text
    if len(head) > HEADING_MAX:
        cut = max(head.rfind(",", 0, HEADING_MAX), head.rfind("，", 0, HEADING_MAX))
        head = head[:cut] if cut > 0 else head[:HEADING_MAX]
    return head.rstrip(":：;；,，")


def lead_sentence(text: str) -> str:
    """A short opening sentence such as 「推进交通互联互通。」, or '' when there is none."""
    end = text.find("。")
    head = text[:end]
    if 4 <= len(head) <= LEAD_MAX and end + 1 < len(text) and not re.search(r"[,，、:：;；]", head):
        return head
    return ""


def _classify(block: Block, stack: list[tuple[int, str]], seen_heading: bool) -> tuple[int, str, bool]:
    """Return (level, heading, local) for a block; level -1 means no heading."""
    text = block.text
    if block.md_level:
        if LEVEL1.match(text):
            return 1, heading_text(text), False
        if LEVEL2.match(text):
            return 2, heading_text(text), False
        if not seen_heading:
            return 0, text, False
        return min(max(block.md_level - 1, 1), 3), text, False
    if LEVEL1.match(text):
        return 1, heading_text(text), False
    if LEVEL2.match(text):
        return 2, heading_text(text), False
    if LOCAL_LEAD.match(text):
        return 2, heading_text(text), True
    if block.bold_lead:
        return 3, block.bold_lead.rstrip("。.:："), False
    if NUMBERED3.match(text):
        return 3, heading_text(text), False
    if not seen_heading and len(text) <= HEADING_MAX and not SENTENCE_END.search(text):
        return 0, text, False
    if any(level == 2 for level, _ in stack) and not ADDRESS.match(text):
        lead = lead_sentence(text)
        if lead:
            return 3, lead, False
    return -1, "", False


def parse_blocks(blocks: list[Block], doc: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    stack: list[tuple[int, str]] = []
    seen_heading = False
    for block in blocks:
        if not CONTENT.search(block.text):
            continue  # stray markup such as a lone "|"
        level, head, local = _classify(block, stack, seen_heading)
        if ADDRESS.match(block.text):
            stack = [s for s in stack if s[0] <= 1]
        if level >= 0 and not local:
            # the title heads only the front matter; numbered parts start their own paths
            stack = [s for s in stack if 0 < s[0] < level] + [(level, head)]
            seen_heading = True
        section = tuple(h for _, h in stack) + ((head,) if local else ())
        heading_only = level >= 0 and not local and (block.md_level > 0 or head == block.text.rstrip("。"))
        kind = ("title" if level == 0 else "heading") if heading_only else "body"
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1:03d}", doc, section, block.text, kind))
    return paragraphs


def parse_text(text: str, doc: str, markdown: bool = False) -> list[Paragraph]:
    """Parse decoded report text (plain or Markdown) into paragraphs."""
    blocks = split_markdown(text) if markdown else split_plain(text)
    return parse_blocks(blocks, doc)


def parse_file(path: str | Path, doc: str | None = None) -> list[Paragraph]:
    """Read and parse one report file; raise ReportError with a Chinese message on bad input."""
    p = Path(path)
    text = read_report(p)
    markdown = p.suffix.lower() in MARKDOWN_SUFFIXES
    paragraphs = parse_text(text, doc or p.stem, markdown)
    if not any(par.kind == "body" for par in paragraphs):
        raise ReportError(f"文件 {p} 里没有找到正文段落，无法建立索引。")
    return paragraphs


def parse_files(paths: list[str | Path]) -> list[Paragraph]:
    """Parse several reports; documents get distinct ids even when file names collide."""
    out: list[Paragraph] = []
    used: set[str] = set()
    for path in paths:
        doc, n = Path(path).stem, 2
        while doc in used:
            doc, n = f"{Path(path).stem}-{n}", n + 1
        used.add(doc)
        out.extend(parse_file(path, doc))
    return out
