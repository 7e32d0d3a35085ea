"""Reads a saved web page into blocks: the main text only (readability-lxml), no navigation, footer or scripts."""
from __future__ import annotations

import re

from rag.ingest.blocks import Block
from rag.ingest.decode import ReportError, decode_bytes

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "section", "article",
              "blockquote", "pre", "dd", "dt", "caption"}
FURNITURE = re.compile(r"^(?:当前位置|您的位置|来源[:：]\s*$|发布时间|【\s*(?:打印|关闭|字体)|分享到)")


def _decode(data: bytes, name: str) -> str:
    m = CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: guess as for text files
    return decode_bytes(data, name)


def _text(element) -> str:
    """Text of an element with <br> as a line break; scripts and styles never count."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag in ("script", "style", "noscript", "template"):
            continue
        if node.tag == "br":
            parts.append("\n")
        if node.text and node.tag not in ("script", "style", "noscript", "template"):
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _bold_lead(element) -> str:
    first = next(iter(element), None)
    if first is None or first.tag not in ("strong", "b") or (element.text or "").strip():
        return ""
    return (first.text_content() or "").strip()


def read_html(data: bytes, name: str) -> list[Block]:
    """Blocks of the page's main content; the page title leads when the content does not start with it."""
    import lxml.html
    from readability import Document

    html = _decode(data, name)
    try:
        page = Document(html)
        title = re.split(r"[_|｜]|\s-\s", page.short_title() or "")[0].strip()
        main = lxml.html.fromstring(page.summary(html_partial=True))
    except Exception as exc:  # lxml / readability raise several kinds on malformed markup
        raise ReportError(f"网页文件 {name} 无法解析（{type(exc).__name__}）。") from exc
    blocks: list[Block] = []
    for element in main.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element.iterdescendants()):
            continue  # a container: its children are the blocks
        level = int(element.tag[1]) if re.fullmatch(r"h[1-6]", element.tag) else 0
        lead = _bold_lead(element)
        for line in _text(element).split("\n"):
            line = line.strip()
            if line and not FURNITURE.match(line):
                blocks.append(Block(line, md_level=level, bold_lead=lead if line.startswith(lead) else ""))
                lead = ""
    if not blocks:
        raise ReportError(f"网页文件 {name} 里没有找到正文。")
    if title and not blocks[0].text.startswith(title[:8]):
        blocks.insert(0, Block(title, md_level=1))
    return blocks
