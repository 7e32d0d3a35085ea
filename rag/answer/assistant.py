"""The assistant: question in, cited Answer out (retrieve → evidence → rank → answerable? → choose → render)."""
from __future__ import annotations

import time
from collections.abc import Collection
from copy import copy
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from rag.answer.execute import execute
from rag.answer.extract import outline
from rag.answer.extract.choose import choose
from rag.answer.rank import answerable, rerank
from rag.answer.rank.evidence import Candidate, candidates, score
from rag.answer.rank.facts import LibraryFacts
from rag.answer.rank.model import Weights, load_weights, sigmoid
from rag.answer.rank.reader import Reader, load_reader
from rag.answer.route.plan import Plan, make_plan
from rag.answer.route.scope import out_of_scope, places_elsewhere
from rag.answer.understand import changes, compound, dialogue, language, reasons, smalltalk
from rag.answer.understand.dialogue import Turn
from rag.answer.understand.query import Query, analyze
from rag.answer.understand.terms import resolve_terms
from rag.answer.write import generate, reply
from rag.answer.write.compose import render
from rag.answer.write.join import join
from rag.ingest.chars import has_words, visible
from rag.ingest.places import short
from rag.ingest.sentences import strip_punct
from rag.model.blend import Blended
from rag.model.embed import Embedder
from rag.search.corpus import Corpus
from rag.search.retrieve import Ranked, rank, to_hits
from rag.search.tokens import searchable
from rag.types import Answer, Paragraph

MAX_QUESTION = 200     # characters; longer input is refused with a message
WEAK = "找到的内容与问题关系不够紧密"
OTHER_YEAR = "相关的内容说的是另一年"
SCOPE_EVIDENCE = 5     # a year no report covers must at least appear in the best few sentences


class QuestionError(ValueError):
    """Input the assistant will not try to answer; the message is for the user."""


def check_question(question: str) -> str:
    """The question as it will be answered and stored: invisible characters removed, spaces trimmed; a
    QuestionError with a short Chinese line when there is nothing to answer or it is too long."""
    text = " ".join(visible(question if isinstance(question, str) else "").split())
    if not text:
        raise QuestionError("请输入一个问题，例如：去年全区地区生产总值增长多少？")
    if not has_words(text):
        raise QuestionError("这句话里没有可以查的内容。请用一句话问报告里的事，例如：今年就业目标是多少？")
    if len(text) > MAX_QUESTION:
        raise QuestionError(f"问题太长了（{len(text)} 字）。请精简到 {MAX_QUESTION} 字以内，一次问一件事。")
    return text


@dataclass(frozen=True)
class Options:
    """How one question is asked: passages to list, retrieval mode, the reports picked."""
    k: int = 5
    mode: str = "hybrid"
    allowed: set[str] | None = None


@dataclass
class Evidence:
    """Everything the assistant found for one question, before it decides what to say."""
    query: Query
    ranked: Ranked
    scored: list[tuple[Candidate, float]]   # candidates with ranker logits, best first
    probability: float                       # P(the report answers it)
    features: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.5                   # the probability below which it refuses
    other_period: Candidate | None = None    # the best sentence, had it not been about the other year


@dataclass
class Assistant:
    corpus: Corpus
    embedder: Embedder | None
    k: int = 5
    mode: str = "hybrid"

    @cached_property
    def weights(self) -> Weights:
        return load_weights()

    @cached_property
    def facts(self) -> LibraryFacts:
        return LibraryFacts(self.corpus)

    @cached_property
    def reader(self) -> Reader | None:
        """The learned reader, when its second stage is fitted and its files are here (RAG_READER=0: off)."""
        return load_reader() if self.weights.stage2 is not None else None

    def warm_up(self) -> None:
        """Pay one-off costs (tokenizer dictionaries, caches, the first forward pass) before users arrive."""
        from rag.search.tokens import is_noun

        is_noun("预热")
        _ = self.facts.periods, self.facts.stats, self.facts.norms, self.facts.texts, self.weights
        self.ask("2023年地区生产总值增长多少？")

    def gather(self, text: str, mode: str | None = None,
               docs: Collection[str] | None = None) -> tuple[Query, Ranked, list[Candidate]]:
        """Read the question, retrieve, and gather the candidate sentences with their features."""
        norms = [n for d in docs for n in self.facts.stats[d].norms] if docs else self.facts.norms
        query = resolve_terms(analyze(text, self.corpus.keyword.terms), norms, self.facts.place_names)
        ranked = rank(text, self.corpus, self.embedder, mode or self.mode, docs=docs)
        return query, ranked, candidates(query, ranked, self.corpus, docs, self.facts.stats, self.facts.periods)

    def evidence(self, text: str, mode: str | None = None, docs: Collection[str] | None = None) -> Evidence:
        """The candidates ranked by the fitted weights, and the probability that the report answers."""
        started = time.perf_counter()
        query, ranked, cands = self.gather(text, mode, docs)
        weights = self.weights
        if ranked.query is None and weights.keyword is not None:  # keyword search only: its own fitted pair
            weights = weights.keyword
        scored, raw = score(cands, weights.ranker)
        if not scored:
            return Evidence(query, ranked, [], 0.0)
        if self.reader is not None and ranked.query is not None and weights.stage2 is not None:
            scored = rerank.rank(rerank.read(text, scored, self.reader, self.facts.periods), weights.stage2)
        ungated = cands[int(np.argmax(raw))]
        other = ungated if ungated.features["period_miss"] and ungated is not scored[0][0] else None
        feats = answerable.of_best(query, scored, self.facts.stats)
        probability = sigmoid(float(weights.answerable.logits([feats])[0]))
        ranked.timings_ms["evidence"] = (time.perf_counter() - started) * 1000 - sum(
            v for k, v in ranked.timings_ms.items() if k != "evidence")
        threshold = weights.threshold
        if isinstance(self.embedder, Blended) and self.weights.english_threshold is not None:
            threshold = self.weights.english_threshold
        return Evidence(query, ranked, scored, probability, feats, threshold, other)

    def scope(self, ev: Evidence) -> str:
        """Why the question is outside what the reports in play cover ('' when it is not)."""
        docs = {c.sentence.doc for c, _ in ev.scored[:1]} or set(self.corpus.docs)
        evidence = "".join(c.sentence.text for c, _ in ev.scored[:SCOPE_EVIDENCE])
        periods = [self.facts.periods[d] for d in docs]
        return out_of_scope(ev.query, periods, "".join(self.facts.texts[d] for d in docs), evidence)

    def _hits(self, ev: Evidence, k: int):
        """Chunks reranked by their paragraph's best candidate, then by fused score."""
        best: dict[tuple[str, str], float] = {}
        for cand, logit in ev.scored:
            key = (cand.sentence.doc, cand.sentence.paragraph)
            best[key] = max(best.get(key, -1e9), logit)
        chunks = self.corpus.chunks
        ev.ranked.order.sort(key=lambda r: (-best.get((chunks[r].doc, chunks[r].paragraph), -1e9),
                                            -ev.ranked.fused[r], r))
        return tuple(to_hits(ev.ranked, self.corpus, max(k, 5)))

    def ask(self, question: str, k: int | None = None, mode: str | None = None,
            reports: set[str] | None = None, history: list[Turn] | None = None) -> Answer:
        """Answer `question` from the library (or the `reports` picked), read with the chat's `history`:
        traditional characters and English are read as simplified Chinese, follow-ups as standalone questions,
        several asks part by part."""
        text = check_question(question)
        if smalltalk.kind(text):   # 「你好」「谢谢」: what the assistant can do, not a search
            return Answer(text, smalltalk.HELLO, True, confidence=0.0)
        english = language.is_english(text)
        if english and self.embedder is not None and not isinstance(self.embedder, Blended):
            _ = self.facts, self.weights   # computed once here, so every copy shares them
            blended = copy(self)   # only this question's vectors change
            blended.embedder = Blended(self.embedder, text)
            return blended.ask(question, k, mode, reports, history)
        chinese = language.english_question(text, self.facts.known) if english else language.simplified(
            text, self.facts.known)
        history = history or []
        last = history[-1].answer if history else None
        # 「第二个」 counts in a list in the last answer's quote, else in its parts (only then: they cost a pass)
        items = dialogue.enumerated(last) or self.sections_of(last) if dialogue.counts(chinese) else None
        reading = dialogue.read(chinese, history, items, self.facts.known)
        opts = Options(k or self.k, mode or self.mode, reports)
        if reading.note:
            answer = self.answer_one(reading.question, opts, None, reading.note)
        elif reading.detail and history and history[-1].answer is not None:
            answer = reply.more(history[-1].answer)
        elif reading.which and (found := reply.item(text, reading.ordinal, reading.item, [
                t.answer for t in history[-dialogue.LIST_TURNS:] if t.answer is not None])):
            answer = found   # 「第五个是什么？」: the item, cited where the list quoted it
        elif reading.item and (section := self.section_named(reading.item, last)):
            answer = reply.section(text, reading.ordinal, section, reading.which)   # 「第三个方面讲了什么？」
        else:
            parts = compound.split(reading.question)
            answers = [self.execute(self.plan(part, opts.allowed), opts) for part in parts]
            asked = compound.asks(reading.question)
            answer = answers[0] if len(parts) == 1 else join(
                reading.question, answers, asked if len(asked) == len(parts) else None)
        if english:
            answer = reply.english(answer, analyze(reading.question))
        read_as = reading.question if reading.question != text else ""
        return replace(answer, question=text, read_as=read_as)

    def plan(self, question: str, allowed: set[str] | None) -> Plan:
        """Which reports answer each part of `question`, and any reason to refuse (rag/answer/route/plan.py)."""
        return make_plan(question, self.corpus.reports, self.facts.texts, allowed, analyze(question).periods)

    def execute(self, plan: Plan, opts: Options) -> Answer:
        """The plan carried out: each part answered from its reports, then joined."""
        return execute(plan, lambda q, docs, reason: self._answer(q, opts.k, opts.mode, docs, reason),
                       lambda q, docs: self.evidence(q, opts.mode, docs), self.corpus.report, self.facts)

    def sections_of(self, answer: Answer | None) -> list[str]:
        """The sections the part of the report that `answer` cites is made of, in order: the list a follow-up's
        「第三个方面」 means when the answer was not a list itself."""
        if answer is None or not answer.citations:
            return []
        cited = answer.citations[0].paragraph
        siblings = [p.section for p in self.corpus.paragraphs if p.doc == cited.doc and p.section]
        for depth in (2, 1):
            parent = cited.section[:depth - 1]
            heads = list(dict.fromkeys(s[depth - 1] for s in siblings if len(s) >= depth and s[:depth - 1] == parent))
            if len(heads) >= 2:
                return heads
        return []

    def section_named(self, item: str, answer: Answer | None) -> list[Paragraph]:
        """The section a list item names, in the one report the answer cited (rag/answer/extract/outline.py)."""
        cited = {c.paragraph.doc for c in answer.citations} if answer is not None else set()
        return outline.section_named(item, self.facts.structure[cited.pop()]) if len(cited) == 1 else []

    def converse(self, question: str, context: list[str], **options) -> Answer:
        """`question` as the next turn after the earlier questions `context` (oldest first), each answered in turn."""
        history: list[Turn] = []
        for earlier in context:
            try:
                answer = self.ask(earlier, history=history, **options)
            except QuestionError:
                continue
            history.append(Turn(earlier, answer.read_as or earlier, answer))
        return self.ask(question, history=history, **options)

    def answer_one(self, text: str, opts: Options, docs: Collection[str] | None, reason: str = "") -> Answer:
        return self._answer(text, opts.k, opts.mode, docs, reason)

    def _answer(self, text: str, k: int | None, mode: str | None, docs: Collection[str] | None,
                reason: str = "") -> Answer:
        """One question from the reports `docs` (all when None); `reason`: refuse for it, whatever is found."""
        started = time.perf_counter()
        ev = self.evidence(text, mode, docs)
        t = time.perf_counter()
        query = ev.query
        reason = reason or self.scope(ev)
        closest = ev.scored[0][0] if ev.scored else None
        if closest is not None and not reason:
            own = {short(self.corpus.report[d].place) for d in {closest.sentence.doc} if d in self.corpus.report}
            elsewhere = places_elsewhere(ev.query, own, searchable(closest.paragraph.text))
            reason = f"报告里找到的内容不是关于{'、'.join(elsewhere)}的" if elsewhere else ""
        abstained = bool(reason) or ev.probability < ev.threshold or closest is None
        if abstained:
            # 「今年新建几所学校」 that only the review of last year answers: say so, and quote that year
            quoted = (ev.other_period if not reason else None) or closest
            when = (self.facts.periods[quoted.sentence.doc].year_of(quoted.paragraph)
                    if quoted is not None and quoted.features["period_miss"] else None)
            answer_text, citations = reply.refusal(query, reason or (OTHER_YEAR if when else WEAK), quoted, when)
        items: tuple[str, ...] = ()
        if not abstained:
            assert closest is not None   # abstained otherwise
            doc = closest.sentence.doc
            mine = [cs for cs in ev.scored if cs[0].sentence.doc == doc]
            composed = choose(query, mine, self.facts.stats[doc].weights(query), self.facts.structure[doc])
            answer_text, citations = render(query, composed, self.facts.periods)
            items = tuple(strip_punct(w.text) for w in composed.windows) if len(composed.windows) >= 2 else ()
            if query.kind == "number" and (query.unit or query.measure) and not composed.unit_ok:
                # the figure asked for is not there: a refusal that says so first, then what the report does give
                answer_text, abstained = reply.missing_figure(query) + answer_text, True
            elif reasons.asks_why(query.text) and not any(reasons.states_reason(c.quote) for c in citations):
                # a 「why」 is answered only with a reason the report states
                answer_text, abstained = reasons.NO_REASON + answer_text, True
            elif changes.asks_change(query.text) and query.kind != "compare":   # two years' figures answer it
                about = changes.subject(query.terms, self.facts.stats[doc].weights(query))
                if not any(changes.names_subject(c.quote, about) for c in citations):
                    # 「养老金涨不涨」 is not answered with a sentence about something else
                    answer_text, abstained = changes.no_change(about[0] if about else "这一项") + answer_text, True
        hits = self._hits(ev, k or self.k)
        note = "向量模型还在加载，这次只用了关键词检索。" if self.embedder is None else ""
        timings = dict(ev.ranked.timings_ms)
        timings["compose"] = (time.perf_counter() - t) * 1000
        answer = Answer(text, answer_text, abstained, citations, hits, "extractive", note, timings,
                        round(ev.probability, 4), items=items)
        if not abstained:  # an honest refusal is never overruled by a generator
            answer = generate.maybe_generate(answer, [c.paragraph for c, _ in ev.scored])
        answer.timings_ms["total"] = (time.perf_counter() - started) * 1000
        return answer
