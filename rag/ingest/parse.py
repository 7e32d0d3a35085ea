"""Turns a report into Paragraphs with ids and heading paths (provenance is set here, once)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rag.ingest.blocks import Block
from rag.ingest.decode import ReportError
from rag.ingest.headings import ADDRESS, classify, lead_sentence
from rag.ingest.read import read_blocks, read_file
from rag.ingest.report import describe
from rag.types import Paragraph, Report

REPORT_MARK = re.compile(r"政府工作报告|^各位代表|向大会报告(?:政府)?工作")
CONTENT = re.compile(r"[\w\u4e00-\u9fff]")


def parse_blocks(blocks: list[Block], doc: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    stack: list[tuple[int, str]] = []
    in_front, in_appendix = True, False
    blocks = [b for b in blocks if CONTENT.search(b.text)]  # not stray markup such as a lone "|"
    leads = [bool(lead_sentence(b.text)) for b in blocks]
    for i, block in enumerate(blocks):
        in_run = leads[i] and (i > 0 and leads[i - 1] or i + 1 < len(leads) and leads[i + 1])
        kind = classify(block, [level for level, _ in stack], in_front, in_appendix, in_run)
        if ADDRESS.match(block.text):
            stack = [s for s in stack if s[0] <= 1]
        if kind.level == 1:
            in_front, in_appendix = False, kind.appendix
        if kind.level >= 0 and not kind.local:
            # the title heads only the front matter; numbered parts start their own paths
            stack = [s for s in stack if 0 < s[0] < kind.level] + [(kind.level, kind.heading)]
        section = tuple(h for _, h in stack) + ((kind.heading,) if kind.local else ())
        whole = kind.heading == block.text.rstrip("。:：") or block.md_level > 0
        heading_only = kind.level >= 0 and not kind.local and whole
        label = ("title" if kind.level == 0 else "heading") if heading_only else "body"
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1:03d}", doc, section, block.text, label, block.page))
    return paragraphs


def parse_text(text: str, doc: str, markdown: bool = False) -> list[Paragraph]:
    """Parse decoded report text (plain or Markdown) into paragraphs."""
    blocks, _ = read_blocks(text.encode("utf-8"), f"{doc}.md" if markdown else f"{doc}.txt")
    return parse_blocks(blocks, doc)


def parse_file(path: str | Path, doc: str | None = None) -> list[Paragraph]:
    """Read and parse one report file; raise ReportError with a Chinese message on bad input."""
    p = Path(path)
    blocks, _ = read_file(p)
    paragraphs = parse_blocks(blocks, doc or p.stem)
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


def report_id(name: str) -> str:
    """A short id safe as a file name and an HTML anchor, from a file name of any origin (「../安徽 2025.docx」)."""
    stem = Path(name.replace("\\", "/")).name.rsplit(".", 1)[0] if "." in Path(name).name else Path(name).name
    return re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")[:60] or "report"


def looks_like_a_report(paragraphs: list[Paragraph]) -> bool:
    """A government work report says so in its title or front matter, or addresses 各位代表."""
    return any(REPORT_MARK.search(p.text) for p in paragraphs[:80])


def parse_report(data: bytes, name: str, doc: str | None = None, max_chars: int | None = None,
                 require_report: bool = True) -> tuple[Report, list[Paragraph]]:
    """Parse one report's bytes: its Report (title, place, level, year, sha256) and its paragraphs with periods.
    A text longer than `max_chars` is refused before it is parsed; one that is no government work report is
    refused unless `require_report` is off (an administrator who insists)."""
    blocks, fmt = read_blocks(data, name)
    chars = sum(len(b.text) for b in blocks)
    if max_chars is not None and chars > max_chars:
        raise ReportError(f"文件 {Path(name).name} 有 {chars} 字，超过了一份报告 {max_chars} 字的上限："
                          "它不像一份政府工作报告。")
    doc = doc or report_id(name)
    paragraphs = parse_blocks(blocks, doc)
    if not any(p.kind == "body" for p in paragraphs):
        raise ReportError(f"文件 {Path(name).name} 里没有找到正文段落，无法建立索引。")
    if require_report and not looks_like_a_report(paragraphs):
        raise ReportError(f"文件 {Path(name).name} 看起来不是政府工作报告："
                          "没有「政府工作报告」标题，也没有「各位代表」。"
                          "如果确实要加入，请勾选「不是政府工作报告也加入」（命令行：--force）。")
    return describe(paragraphs, doc, Path(name).name, hashlib.sha256(data).hexdigest(), fmt)
