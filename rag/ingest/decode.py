"""Reads a report file into text: UTF-8 (with or without BOM) or GB18030, with clear Chinese errors."""
from __future__ import annotations

import unicodedata
from pathlib import Path

BINARY_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office（docx、xlsx）", b"\xd0\xcf\x11\xe0": "旧版 Office（doc）",
                b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"GIF8": "GIF 图片"}


MAX_BYTES = 30 * 2**20   # larger files are refused before they are read


class ReportError(ValueError):
    """A report that cannot be read; the message is Chinese and names the file."""


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\n\r\t\f")
    return controls <= max(2, len(text) // 200)


COMMON = "的年，。、\n"   # characters any Chinese report is full of, in either byte order only one reading has them


def _utf16(data: bytes) -> str | None:
    """Text saved as UTF-16 (Windows Notepad's 「Unicode」): with its byte-order mark, or without one when it holds
    the zero bytes UTF-8 and GBK text never has and one byte order reads as Chinese."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        readings = [data.decode("utf-16", errors="replace")]
    elif b"\x00" in data[:4096] and len(data) % 2 == 0:
        readings = [data.decode(e, errors="replace") for e in ("utf-16-le", "utf-16-be")]
    else:
        return None
    best = max(readings, key=lambda t: sum(t.count(c) for c in COMMON))
    if not any(c in best for c in COMMON) or not _looks_like_text(best):
        return None
    return best.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode report bytes; raise ReportError naming `name` when they are not a readable report."""
    if not data.strip():
        raise ReportError(f"文件 {name} 是空的，没有可以读取的报告内容。")
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReportError(f"文件 {name} 是 {kind} 文件，不是文本，无法按文本读取。")
    utf16 = _utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:4096]:
        raise ReportError(f"文件 {name} 看起来是二进制文件（含有空字节），不是 .txt 或 .md 文本。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise ReportError(f"无法识别文件 {name} 的编码：它既不是 UTF-8 也不是 GB18030/GBK 文本。请转成 UTF-8 后再试。")


def check_size(size: int, name: str) -> None:
    """Refuse a report over MAX_BYTES, naming it (a file on disk, or an upload's bytes)."""
    if size > MAX_BYTES:
        raise ReportError(f"文件 {name} 有 {size / 2**20:.1f} MB，超过了 {MAX_BYTES // 2**20} MB 的上限。")


def read_bytes(path: str | Path) -> bytes:
    """A report file's bytes; a missing, unreadable or oversized file becomes a ReportError naming it."""
    p = Path(path)
    if not p.exists():
        raise ReportError(f"找不到文件 {p}。")
    if p.is_dir():
        raise ReportError(f"{p} 是一个文件夹，请给出报告文件（.txt、.md、.docx、.pdf 或 .html）。")
    try:
        check_size(p.stat().st_size, p.name)
        return p.read_bytes()
    except OSError as exc:
        raise ReportError(f"无法读取文件 {p}：{exc.strerror or exc}。") from exc
