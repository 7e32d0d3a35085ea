"""Reads a Word (.docx) report into blocks: paragraphs and table rows in order, with styles and bold leads."""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from rag.ingest.blocks import Block
from rag.ingest.decode import ReportError

MAX_UNZIPPED = 64 * 2**20    # a .docx whose members inflate beyond this in all is refused (zip bomb)
MAX_RATIO = 200              # nor may a member over 1 MB inflate more than this many times its stored size
CHUNK = 2**16
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _check_zip(data: bytes, name: str) -> None:
    """Inflate every member, counting the bytes that actually come out (a directory can lie about sizes); refuse
    the file as soon as they pass the limits. Word writes only stored and deflated members."""
    bomb = ReportError(f"文件 {name} 解压后过大，可能是恶意构造的压缩包，已拒绝。")
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
            if "word/document.xml" not in {m.filename for m in members}:
                raise ReportError(f"文件 {name} 是压缩文件，但不是 Word（.docx）文档。")
            for m in members:
                if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ReportError(f"文件 {name} 用了 Word 不用的压缩方式，不是正常的 .docx，已拒绝。")
                if m.flag_bits & 0x1:
                    raise ReportError(f"文件 {name} 加了密码。请用 Word 或 WPS 去掉密码后另存为 .docx 再导入。")
                size = 0
                with z.open(m) as member:
                    while chunk := member.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if total > MAX_UNZIPPED or (size > 2**20 and size > MAX_RATIO * max(m.compress_size, 1)):
                            raise bomb
    except zipfile.BadZipFile as exc:
        raise ReportError(f"文件 {name} 已损坏，无法作为 Word 文档打开（{exc}）。") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise ReportError(f"文件 {name} 已损坏，无法作为 Word 文档打开（{type(exc).__name__}）。") from exc


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
