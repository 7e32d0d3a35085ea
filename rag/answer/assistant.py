"""The assistant: question in, cited Answer out (retrieve → compose → abstain)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property

from rag.answer import abstain, compose, generate, outline
from rag.answer.periods import Periods, report_periods
from rag.answer.query import analyze
from rag.answer.spans import enumerated, resolve_terms
from rag.ingest.places import places_in
from rag.model.embed import Embedder
from rag.search.corpus import Corpus
from rag.search.retrieve import rank, to_hits
from rag.search.tokens import searchable
from rag.types import Answer, Paragraph

MAX_QUESTION = 200     # characters; longer input is refused with a message
PARAGRAPHS = 6         # how many top paragraphs the composer reads
OFF_PERIOD = 0.7       # retrieval score factor for a paragraph from the year the question did not ask about


class QuestionError(ValueError):
    """Input the assistant will not try to answer; the message is for the user."""


def check_question(question: str) -> str:
    text = (question or "").strip()
    if not text:
        raise QuestionError("请输入一个问题，例如：去年全区地区生产总值增长多少？")
    if len(text) > MAX_QUESTION:
        raise QuestionError(f"问题太长了（{len(text)} 字）。请精简到 {MAX_QUESTION} 字以内，一次问一件事。")
    return text


@dataclass
class Assistant:
    corpus: Corpus
    embedder: Embedder | None
    k: int = 5
    mode: str = "hybrid"

    @cached_property
    def periods(self) -> dict[str, Periods]:
        return {doc: report_periods(self.corpus.report.get(doc)) for doc in self.corpus.docs}

    @cached_property
    def body(self) -> list[Paragraph]:
        return [p for p in self.corpus.paragraphs if p.kind == "body"]

    @cached_property
    def norms(self) -> list[str]:
        return [searchable(p.text) for p in self.body]

    @cached_property
    def corpus_text(self) -> str:
        return "".join(self.norms)

    @cached_property
    def own_places(self) -> set[str]:
        """Places the reports are about (named in their titles): a question about them is in scope."""
        return {p.rstrip("省市区县") for title in self.corpus.titles.values() for p in places_in(title)}

    def _paragraphs(self, query, ranked) -> list[tuple[Paragraph, float]]:
        """Chunk scores rolled up to paragraphs, with the question's year as a prior."""
        best: dict[tuple[str, str], float] = {}
        for row in ranked.order:
            chunk = self.corpus.chunks[row]
            key = (chunk.doc, chunk.paragraph)
            best[key] = max(best.get(key, 0.0), ranked.fused[row])
        out = []
        for key, score in best.items():
            par = self.corpus.by_id[key]
            p = self.periods[par.doc]
            wanted = p.wanted(query)
            if wanted and query.kind != "compare" and p.of(par) and p.of(par) not in wanted:
                score *= OFF_PERIOD
            out.append((par, score))
        return sorted(out, key=lambda x: -x[1])

    def warm_up(self) -> None:
        """Pay one-off costs (tokenizer dictionaries, caches, the first forward pass) before users arrive."""
        from rag.search.tokens import is_noun

        is_noun("预热")
        _ = self.periods, self.norms, self.corpus_text, self.own_places
        self.ask("2023年地区生产总值增长多少？")

    def ask(self, question: str, k: int | None = None, mode: str | None = None) -> Answer:
        text = check_question(question)
        started = time.perf_counter()
        ranked = rank(text, self.corpus, self.embedder, mode or self.mode)
        t = time.perf_counter()
        query = resolve_terms(analyze(text, self.corpus.keyword.terms), self.norms)
        paragraphs = self._paragraphs(query, ranked)
        windows, weights = compose.candidate_windows(query, paragraphs[:PARAGRAPHS], self.norms, self.periods)
        composed = compose.select(query, windows, weights, self.periods)
        if not windows and weights and not any(weights.values()) and ranked.dense:
            # nothing in the question is a word the report uses: let the dense retriever pick the place
            row = max(ranked.dense, key=ranked.dense.get)
            chunk = self.corpus.chunks[row]
            composed = compose.closest_sentence(query.norm, chunk.text, chunk.start, self.corpus.paragraph(chunk))
        listed = bool(composed.windows) and query.count >= 2 and enumerated(composed.windows[0].text) >= query.count
        top = [p for p, _ in paragraphs[:PARAGRAPHS]]
        chosen = outline.choose(query, top, self.body, weights, composed.coverage, listed)
        if chosen:
            composed = compose.from_outline(chosen, composed.coverage)
        verdict = abstain.judge(query, composed, self.periods, self.corpus_text, weights, len(self.norms),
                                self.own_places)
        order = {key: i for i, (p, _) in enumerate(paragraphs) for key in [(p.doc, p.id)]}
        ranked.order.sort(key=lambda r: (order[(self.corpus.chunks[r].doc, self.corpus.chunks[r].paragraph)],
                                         -ranked.fused[r]))
        hits = tuple(to_hits(ranked, self.corpus, max(k or self.k, 5)))
        mode, note = "extractive", ""
        if self.embedder is None:
            note = "向量模型还在加载，这次只用了关键词检索。"
        if verdict.abstain:
            answer_text, citations = abstain.abstention_text(query, verdict), ()
        else:
            answer_text, citations = compose.render(query, composed, self.periods, self.corpus.titles)
        timings = dict(ranked.timings_ms)
        timings["compose"] = (time.perf_counter() - t) * 1000
        config = generate.configured()
        if config and not verdict.abstain:  # an honest abstention is never overruled by a generator
            t = time.perf_counter()
            passages = [p for p, _ in paragraphs[:generate.MAX_PASSAGES]]
            try:
                generated = generate.complete(config, generate.prompt(text, passages))
                checked, problem = generate.verify(generated, passages)
            except RuntimeError as exc:
                checked, problem = (), str(exc)
            if problem:
                note = f"{problem}，已改用抽取式回答。"
            else:
                answer_text, citations, mode = generated, checked, "generative"
            timings["generate"] = (time.perf_counter() - t) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(text, answer_text, verdict.abstain, citations, hits, mode, note, timings)
