"""Reads a Word (.docx) report into blocks: paragraphs and table rows in order, with styles and bold leads."""
from __future__ import annotations

import io
import re
import zipfile

from rag.ingest.blocks import Block
from rag.ingest.decode import ReportError

MAX_UNZIPPED = 200 * 2**20   # a .docx that inflates beyond this is refused (zip bomb)
MAX_RATIO = 200              # nor may one member inflate more than this many times its stored size
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise ReportError(f"文件 {name} 已损坏，无法作为 Word 文档打开（{exc}）。") from exc
    if "word/document.xml" not in names:
        raise ReportError(f"文件 {name} 是压缩文件，但不是 Word（.docx）文档。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED or any(m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 2**20
                                   for m in members):
        raise ReportError(f"文件 {name} 解压后过大（{total / 2**20:.0f} MB），可能是恶意构造的压缩包，已拒绝。")


def _bold_lead(paragraph) -> str:
    """The bold runs a paragraph opens with (whitespace runs skipped), when they are not the whole of it."""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    lead = []
    for run in paragraph.runs:
        if not run.text.strip():
            lead.append(run.text)
            continue
        if run.bold or (run.bold is None and style_bold):
            lead.append(run.text)
        else:
            break
    return "".join(lead).strip()


def _level(paragraph) -> int:
    """A heading level the style declares: Title → 1, 标题 N / Heading N → N + 1 (as Markdown's # counts)."""
    name = paragraph.style.name if paragraph.style is not None else ""
    if name.lower() == "title":
        return 1
    m = HEADING_STYLE.match(name)
    return int(m.group(1)) + 1 if m else 0


def read_docx(data: bytes, name: str) -> list[Block]:
    """Blocks of a .docx, refusing broken files and zip bombs with a Chinese message."""
    import docx
    from docx.table import Table

    _check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors)
        raise ReportError(f"文件 {name} 无法作为 Word 文档读取（{type(exc).__name__}）。") from exc
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    blocks.append(Block(" | ".join(cells)))
            continue
        text = item.text.strip()
        if text:
            blocks.append(Block(text, md_level=_level(item), bold_lead=_bold_lead(item)))
    return blocks
