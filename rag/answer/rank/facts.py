"""What the assistant knows about the library, computed once: each report's periods, body paragraphs, term
statistics and normalised text, the places reports are called by, their sentences."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rag.answer.rank.evidence import ReportStats
from rag.answer.understand.periods import Periods, report_periods
from rag.ingest.places import names
from rag.search.corpus import Corpus
from rag.search.tokens import normalize
from rag.types import Paragraph, Sentence


@dataclass
class LibraryFacts:
    corpus: Corpus

    @cached_property
    def periods(self) -> dict[str, Periods]:
        return {doc: report_periods(self.corpus.report.get(doc)) for doc in self.corpus.docs}

    def _by_doc(self, kinds: tuple[str, ...]) -> dict[str, list[Paragraph]]:
        out: dict[str, list[Paragraph]] = {doc: [] for doc in self.corpus.docs}
        for p in self.corpus.paragraphs:
            if p.kind in kinds:
                out.setdefault(p.doc, []).append(p)
        return out

    @cached_property
    def bodies(self) -> dict[str, list[Paragraph]]:
        return self._by_doc(("body",))

    @cached_property
    def structure(self) -> dict[str, list[Paragraph]]:
        """Each report's body and its headings that stand as paragraphs of their own (「（五）全面实施乡村振兴战略…」
        in a plain-text report): what a list is read off."""
        return self._by_doc(("body", "heading"))

    @cached_property
    def stats(self) -> dict[str, ReportStats]:
        by_doc: dict[str, list[Paragraph]] = {}
        for p in self.corpus.paragraphs:
            by_doc.setdefault(p.doc, []).append(p)
        return {doc: ReportStats.of(ps) for doc, ps in by_doc.items()}

    @cached_property
    def norms(self) -> list[str]:
        return [n for s in self.stats.values() for n in s.norms]

    @cached_property
    def texts(self) -> dict[str, str]:
        return {doc: "".join(s.norms) for doc, s in self.stats.items()}

    @cached_property
    def known(self) -> str:
        """All the library's text, normalised: what an English question's words must be found in."""
        return "".join(self.texts.values())

    @cached_property
    def place_names(self) -> set[str]:
        """What the library's reports are called by (安徽, 安徽省, 大足区…): routing words, not topics."""
        return {normalize(n) for r in self.corpus.reports for n in names(r.place)}

    @cached_property
    def sentences_by_doc(self) -> dict[str, list[tuple[Sentence, Paragraph]]]:
        out: dict[str, list[tuple[Sentence, Paragraph]]] = {}
        for s in self.corpus.sentences:
            out.setdefault(s.doc, []).append((s, self.corpus.paragraph(s)))
        return out
