"""Reads a PDF with a text layer into blocks: hard line breaks rejoined, page furniture dropped, pages kept."""
from __future__ import annotations

import io
import re
from collections import Counter

from rag.ingest.blocks import Block, join_lines
from rag.ingest.chars import ordinary
from rag.ingest.decode import ReportError
from rag.ingest.furniture import furniture

STARTS_PART = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|——)")
SENTENCE_TAIL = tuple("。！？!?；;：:")
GAP = re.compile(r"(?<=[\u4e00-\u9fff\d%，。、；：（）“”])[ \t\u3000]+(?=[\u4e00-\u9fff\d，。、；：（）“”])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # some text layers interleave NULs with the text
PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[-—–－\s]*$")
DIGITS = re.compile(r"\d+")
INDENT = re.compile(r"^[\s\u3000]{2,}")
MIN_TEXT = 20          # fewer CJK characters than this in the whole file: there is no text layer
WIDE = 0.85            # a line at least this share of the page's usual width was wrapped, not ended


def _pages(data: bytes, name: str) -> list[str]:
    """The text of each page. AES and RC4 encryption with an empty open password (the usual kind: an owner
    password only restricts printing and copying) is opened; a file that needs a password is refused."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    locked = ReportError(f"PDF 文件 {name} 已加密，需要密码才能打开。请先解除加密（或另存为不加密的 PDF）再导入。")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise locked
        return [page.extract_text() or "" for page in reader.pages]
    except ReportError:
        raise
    except FileNotDecryptedError as exc:
        raise locked from exc
    except DependencyError as exc:  # AES needs the `cryptography` package, which requirements.txt installs
        raise ReportError(f"PDF 文件 {name} 用 AES 加密，这台机器缺少解密组件（cryptography）。") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files; none may escape as a bare error
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise locked from exc
        raise ReportError(f"PDF 文件 {name} 已损坏，无法读取（{type(exc).__name__}）。") from exc


def _shape(line: str) -> str:
    """A line with its numbers blanked: 「…page.html 3/13」 and 「…page.html 4/13」 are one running footer."""
    return DIGITS.sub("#", line.strip())


def _furniture(pages: list[list[str]]) -> set[str]:
    """Running headers and footers (as shapes): short lines that recur on most pages."""
    counts = Counter(_shape(line) for lines in pages for line in set(lines) if 0 < len(line.strip()) <= 80)
    return {shape for shape, n in counts.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}


def read_pdf(data: bytes, name: str) -> list[Block]:
    """Paragraph blocks of a text PDF, each with the page it starts on; a scan without text is refused."""
    raw = [CONTROL.sub("", ordinary(text)).replace("\r", "\n").split("\n") for text in _pages(data, name)]
    if sum(len(re.findall(r"[\u4e00-\u9fff]", "".join(lines))) for lines in raw) < MIN_TEXT:
        raise ReportError(f"PDF 文件 {name} 里没有可提取的文字（可能是扫描件或图片）。本程序不做文字识别（OCR），"
                          "请提供带文字层的 PDF，或 Word、网页、文本格式的报告。")
    skip = _furniture(raw)
    lines = [(n, line) for n, page in enumerate(raw, start=1) for line in page
             if line.strip() and _shape(line) not in skip and not PAGE_NUMBER.match(line) and not furniture(line)]
    width = sorted(len(line.strip()) for _, line in lines)[int(0.9 * (len(lines) - 1))] if lines else 0
    blocks: list[tuple[int, str]] = []
    for page, line in lines:
        text = line.strip()
        prev = blocks[-1][1] if blocks else ""
        # justified text: only a paragraph's last line (or a heading) stops short of the usual width
        last = prev.rsplit("\n", 1)[-1]
        if (not prev or INDENT.match(line) or len(last) < WIDE * width
                or STARTS_PART.match(text) and last.endswith(SENTENCE_TAIL)):
            blocks.append((page, text))
        else:
            blocks[-1] = (blocks[-1][0], prev + "\n" + text)
    return [Block(GAP.sub("", join_lines(text.split("\n"))), page=page) for page, text in blocks]
