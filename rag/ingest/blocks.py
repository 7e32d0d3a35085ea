"""Raw blocks of a report before heading analysis; splits plain text (one line or line-broken) and Markdown."""
from __future__ import annotations

import re
from dataclasses import dataclass

LONG_LINE = 1000  # a line this long holding spaces is a whole report flattened onto one line
SENTENCE_TAIL = tuple("。！？!?：:；;”\"）)")
CLOSING = tuple("）)，,。、；;：:！!？?”")   # no paragraph opens with one
MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
MD_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)")
MD_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|[\s:|-]*$")
MD_INLINE = [(re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""), (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
             (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"), (re.compile(r"(?<![\w*])\*(?!\s)(.+?)\*"), r"\1"),
             (re.compile(r"`([^`]+)`"), r"\1")]


@dataclass(frozen=True)
class Block:
    """One paragraph-sized piece of text before heading analysis, with what its format says about it."""
    text: str
    md_level: int = 0      # heading level the format declares: Markdown '#'s, a Word 「标题 N」 style; else 0
    bold_lead: str = ""    # a bold lead that opens the block (Markdown **…**, bold runs in Word)
    page: int | None = None  # PDF page the block starts on


def _join(a: str, b: str) -> str:
    # Chinese lines join without a space; two Latin words keep one.
    return a + " " + b if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else a + b


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines inside one blank-line-separated group."""
    width = max(len(line) for line in lines)
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        wrapped = prev and len(prev) >= 0.8 * width >= 20 and not prev.endswith(SENTENCE_TAIL)
        # inside brackets, or a line that cannot open a paragraph: 「细颗粒物（PM」「2.5」「）浓度继续下降」
        unclosed = prev and sum(prev.count(c) for c in "（(") > sum(prev.count(c) for c in "）)")
        if wrapped or unclosed or (prev and line.startswith(CLOSING)):
            out[-1] = _join(prev, line)
        else:
            out.append(line)
    return out


def _split_flat(line: str) -> list[str]:
    """Split a flattened report at spaces, but keep a short name with its byline (「…区长 徐晓勇」)."""
    out: list[str] = []
    for gap, part in zip([""] + re.findall(r"[ \u3000]+", line), re.split(r"[ \u3000]+", line)):
        if not part:
            continue
        byline = out and len(part) <= 4 and part.isalpha() and not out[-1].endswith(SENTENCE_TAIL)
        if byline and len(out[-1]) <= 40:
            out[-1] += gap + part
        else:
            out.append(part)
    return out


def split_plain(text: str) -> list[Block]:
    """Plain text: one paragraph per line, a flattened one-line report split at spaces."""
    groups: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = raw.strip().strip("\ufeff")
        if not line:
            groups.append([])
        elif len(line) > LONG_LINE and " " in line:
            groups[-1].extend(_split_flat(line))
        else:
            groups[-1].append(line)
    return [Block(line) for group in groups if group for line in _unwrap(group)]


def strip_inline(text: str) -> str:
    for pattern, repl in MD_INLINE:
        text = pattern.sub(repl, text)
    return text.strip()


def split_markdown(text: str) -> list[Block]:
    """Markdown: # headings, paragraphs, - bullets (one block each), **bold** lead sentences."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            raw = "".join(current) if len(current) == 1 else join_lines(current)
            lead = MD_BOLD_LEAD.match(raw)
            blocks.append(Block(strip_inline(raw), bold_lead=strip_inline(lead.group(1)) if lead else ""))
            current.clear()

    for raw in text.split("\n"):
        line = raw.strip().lstrip(">").strip() if raw.lstrip().startswith(">") else raw.strip()
        heading, bullet = MD_HEADING.match(line), MD_BULLET.match(raw)
        if not line or MD_TABLE_RULE.match(line) or line in ("---", "***", "___"):
            flush()
        elif heading:
            flush()
            blocks.append(Block(strip_inline(heading.group(2)), md_level=len(heading.group(1))))
        elif bullet:
            flush()
            current.append(bullet.group(1).strip())
        else:
            current.append(line.strip("|").strip() if line.startswith("|") else line)
    flush()
    return [b for b in blocks if b.text]


def join_lines(lines: list[str]) -> str:
    """One paragraph's lines as one text (rag.ingest.pdf too)."""
    out = lines[0]
    for line in lines[1:]:
        out = _join(out, line)
    return out
