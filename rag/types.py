"""The nouns of the pipeline: Paragraph → Chunk → Hit → Citation → Answer."""
from __future__ import annotations

from dataclasses import dataclass, field

SECTION_SEP = " > "


@dataclass(frozen=True)
class Report:
    """One report in the library, described from its own text (title, place, year) and its source file."""
    id: str                    # a short, file-name-safe id ("anhui-2025")
    title: str                 # 「2025年安徽省政府工作报告」
    # 「安徽省」, 「重庆市大足区」, 「全国」 (the State Council's); '' when the title names none
    place: str
    level: str                 # "全国" | "省" (provinces, autonomous regions, municipalities) | "市" | "区县" | ""
    year: int | None           # the year it plans for (its 今年); it reviews year - 1 (its 去年)
    source: str = ""           # the file name it was read from
    sha256: str = ""           # of that file
    format: str = ""           # "txt" | "md" | "docx" | "pdf" | "html"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a report, with the provenance every citation carries."""
    id: str                    # "p001", in document order within its document
    doc: str                   # document id (Report.id)
    section: tuple[str, ...]   # heading path, in the report's own words
    text: str                  # verbatim
    kind: str = "body"         # "title" | "heading" | "body"
    page: int | None = None    # 1-based page of a PDF where the paragraph starts
    period: str = ""           # "past" (the year reviewed) | "present" (the year planned) | "" (neither)

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
class Sentence:
    """One sentence of a paragraph, the unit of semantic evidence (row i of the sentence vectors)."""
    doc: str
    paragraph: str             # paragraph id
    start: int                 # offsets inside the paragraph: text == paragraph.text[start:end]
    end: int
    text: str


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
    confidence: float | None = None  # P(the report answers this question), from the fitted model
    read_as: str = ""            # the standalone question answered, when it differs from the one asked
    parts: tuple[tuple[str, Answer], ...] = ()  # side by side: (place, its answer without the place), numbered as text
    items: tuple[str, ...] = ()  # a list answer's items, in order (a follow-up's 「第三个」 counts in them)
