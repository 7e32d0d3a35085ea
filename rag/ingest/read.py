"""Reads any supported report file into blocks: picks the reader by content (and name), checks size and kind."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rag.ingest.blocks import Block, split_markdown, split_plain
from rag.ingest.chars import ordinary
from rag.ingest.decode import ReportError, check_size, decode_bytes, read_bytes
from rag.ingest.furniture import furniture

FORMATS = ("txt", "md", "docx", "pdf", "html")
MARKDOWN = {".md", ".markdown"}
HTML = {".html", ".htm", ".xhtml", ".shtml"}
OLE = b"\xd0\xcf\x11\xe0"   # legacy .doc, and also every password-protected Office file


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes first and its name second."""
    suffix = Path(name).suffix.lower()
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(OLE):
        raise ReportError(f"文件 {name} 是旧版 Word（.doc）文件，或是加了密码的 Office 文件。"
                          "请用 Word 或 WPS 另存为不加密的 .docx 再导入。")
    if suffix in HTML or head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype html")):
        return "html"
    return "md" if suffix in MARKDOWN else "txt"


def read_blocks(data: bytes, name: str) -> tuple[list[Block], str]:
    """(blocks, format) of a report's bytes, its characters made ordinary and the page furniture around it dropped;
    every problem is a ReportError with a Chinese message."""
    blocks, kind = _read(data, name)
    out = [replace(b, text=ordinary(b.text)) for b in blocks]
    return [b for b in out if not furniture(b.text)], kind


def _read(data: bytes, name: str) -> tuple[list[Block], str]:
    check_size(len(data), name)
    kind = sniff(data, name)
    if kind == "pdf":
        from rag.ingest.pdf import read_pdf

        return read_pdf(data, name), kind
    if kind == "docx":
        from rag.ingest.word import read_docx

        return read_docx(data, name), kind
    if kind == "html":
        from rag.ingest.web import read_html

        return read_html(data, name), kind
    text = decode_bytes(data, name)
    return (split_markdown(text) if kind == "md" else split_plain(text)), kind


def read_file(path: str | Path) -> tuple[list[Block], str]:
    return read_blocks(read_bytes(path), Path(path).name)
