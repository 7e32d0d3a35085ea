"""Cuts a paragraph into sentences and clauses, keeping offsets so quotes stay verbatim."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.types import Paragraph, Sentence

SENTENCE_END = re.compile(r"[。！？!?；;]")
CLAUSE_END = re.compile(r"[,，:：]")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?![A-Za-z\d])")  # a quantity; not 「4A级」「5G」「G348」


@dataclass(frozen=True)
class Clause:
    """A span of a paragraph: [start, end) including its closing punctuation."""
    start: int
    end: int
    sentence: int      # index of the sentence it belongs to
    text: str


@lru_cache(maxsize=8192)  # paragraphs never change: cut each once, not once per question
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)  # cached: callers must not be able to change it


@lru_cache(maxsize=8192)
def clauses(text: str) -> tuple[Clause, ...]:
    """Clauses in order; a clause never crosses a sentence end."""
    out: list[Clause] = []
    for si, (s0, s1) in enumerate(sentences(text)):
        start = s0
        for m in CLAUSE_END.finditer(text, s0, s1):
            if _inside_brackets(text, s0, m.start()):
                continue
            out.append(Clause(start, m.end(), si, text[start:m.end()]))
            start = m.end()
        if start < s1:
            out.append(Clause(start, s1, si, text[start:s1]))
    return tuple(out)


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    # 「新(改、扩)建」 and 《…》 keep their inner commas
    seg = text[start:pos]
    return seg.count("(") > seg.count(")") or seg.count("（") > seg.count("）") or seg.count("《") > seg.count("》")


MIN_SENTENCE = 4   # shorter pieces (「各位代表!」 is longer) carry no meaning of their own


def split_sentences(paragraphs: list[Paragraph]) -> list[Sentence]:
    """Every sentence of the body and heading paragraphs, in order: what gets embedded."""
    out = []
    for p in paragraphs:
        if p.kind == "title":
            continue
        for start, end in sentences(p.text):
            text = p.text[start:end].strip()
            if len(text) >= MIN_SENTENCE:
                at = p.text.index(text, start)
                out.append(Sentence(p.doc, p.id, at, at + len(text), text))
    return out


def strip_punct(text: str) -> str:
    """A clause window without its trailing comma or stop, ready to be joined into an answer."""
    return text.strip().rstrip(",，:：;；。.!！?？、")
