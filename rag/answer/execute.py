"""Carries out a question's plan (rag/answer/route/plan.py): each part answered from its reports and the parts
joined; the best few reports when the question names none; which reports mention it; a promise and its result.
It is handed what it needs (answer one part, rank evidence): nothing here calls back into the Assistant."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rag.answer.promise import promise
from rag.answer.route.mentions import best_docs, label, mentions, others_note
from rag.answer.route.plan import Plan
from rag.answer.understand.query import analyze
from rag.answer.write.join import join
from rag.types import Answer, Report

AnswerPart = Callable[[str, "frozenset[str] | None", str], Answer]   # (question, reports, reason to refuse)
RankEvidence = Callable[[str, "set[str] | None"], Any]                # (question, reports) → Evidence


def execute(plan: Plan, answer: AnswerPart, evidence: RankEvidence, reports: dict[str, Report], facts) -> Answer:
    if plan.kind == "mentions":
        query = analyze(plan.question, facts.corpus.keyword.terms)
        return mentions(query, plan.docs, facts.sentences_by_doc, reports, facts.texts)
    if plan.kind == "promise" and plan.pick is not None:
        return promise(plan.question, plan.pick, answer, evidence, facts.bodies)
    if plan.kind == "best":
        return best(plan, answer, evidence, reports)
    answers = [answer(p.question, p.docs, p.reason) for p in plan.parts]
    if plan.kind == "single":
        return replace(answers[0], text=answers[0].text + plan.note) if plan.note else answers[0]
    return join(plan.question, answers, labels=[p.label for p in plan.parts])


def best(plan: Plan, answer: AnswerPart, evidence: RankEvidence, reports: dict[str, Report]) -> Answer:
    """A question that names no place: the reports whose best evidence is close to the best, each answering."""
    ev = evidence(plan.question, set(plan.docs))
    docs = best_docs(ev.scored, plan.docs) or list(plan.docs[:1])
    answers = [answer(plan.question, frozenset({d}), "") for d in docs]
    kept = [(d, a) for d, a in zip(docs, answers) if not a.abstained] or [(docs[0], answers[0])]
    note = others_note(len(kept), len(plan.docs))
    if len(kept) == 1:
        d, a = kept[0]
        lead = f"{label(reports.get(d), d)}：" if len(plan.docs) > 1 else ""
        return replace(a, text=lead + a.text + note)
    joined = join(plan.question, [a for _, a in kept], labels=[label(reports.get(d), d) for d, _ in kept])
    return replace(joined, text=joined.text + note)
