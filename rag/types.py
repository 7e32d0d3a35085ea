"""The nouns of the pipeline: Paragraph → Chunk → Hit → Citation → Answer."""
from __future__ import annotations

from dataclasses import dataclass, field

SECTION_SEP = " > "


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a report, with the provenance every citation carries."""
    id: str                    # "p001", in document order within its document
    doc: str                   # document id (the file's stem)
    section: tuple[str, ...]   # heading path, in the report's own words
    text: str                  # verbatim
    kind: str = "body"         # "title" | "heading" | "body"

    @property
    def section_path(self) -> str:
        return SECTION_SEP.join(self.section)


@dataclass(frozen=True)
class Chunk:
    """A piece of one paragraph; never crosses a paragraph boundary."""
    id: str                    # "p001-c0"
    doc: str
    paragraph: str             # paragraph id
    section: tuple[str, ...]
    text: str                  # verbatim substring of the paragraph
    start: int = 0             # offset of `text` inside the paragraph

    @property
    def section_path(self) -> str:
        return SECTION_SEP.join(self.section)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its final rank and score, plus per-retriever evidence."""
    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None   # cosine similarity, when the dense retriever saw it
    bm25: float | None = None    # BM25 score, when the keyword retriever saw it


@dataclass(frozen=True)
class Citation:
    """A numbered source: the whole paragraph and the verbatim sentence(s) the answer uses."""
    n: int
    paragraph: Paragraph
    quote: str


@dataclass(frozen=True)
class Answer:
    """What the assistant says, with the citations behind every [n]."""
    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    mode: str = "extractive"     # "extractive" | "generative"
    note: str = ""               # e.g. why a generated answer fell back
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
