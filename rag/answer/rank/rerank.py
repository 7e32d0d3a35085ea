"""The second stage: the reader reads the first stage's best candidates, and a fitted logistic model weighs its
logit beside the first stage's (rag/answer/model.py keeps both; `python -m eval fit` fits them)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.answer.rank.evidence import Candidate
from rag.answer.rank.reader import Reader, passage
from rag.answer.understand.periods import Periods

READ = 12            # candidates the reader reads: the first stage's best
FEATURES = ("stage1", "stage1_gap", "reader", "reader_gap", "reader_rank", "period_miss")


def read(question: str, scored: list[tuple[Candidate, float]], reader: Reader,
         periods: dict[str, Periods]) -> list[tuple[Candidate, float]]:
    """The first `READ` candidates with the reader's logit and the second stage's features in their features
    (the rest unchanged, after them)."""
    top = scored[:READ]
    if not top:
        return scored
    texts = [passage(c.sentence, c.paragraph, periods[c.sentence.doc].year_of(c.paragraph)) for c, _ in top]
    logits = reader.logits(question, texts)
    best_stage1, best_reader = top[0][1], float(logits.max())
    order = {i: r for r, i in enumerate(np.argsort(-logits, kind="stable"))}
    out = []
    for i, ((cand, stage1), logit) in enumerate(zip(top, logits.tolist())):
        extra = {"stage1": stage1, "stage1_gap": stage1 - best_stage1, "reader": logit,
                 "reader_gap": logit - best_reader, "reader_rank": 1.0 / (1 + order[i])}
        out.append((replace(cand, features={**cand.features, **extra}), stage1))
    return out + scored[READ:]


def rank(read_scored: list[tuple[Candidate, float]], stage2) -> list[tuple[Candidate, float]]:
    """Candidates the reader read, by the second stage's logit, best first; those it did not read after them."""
    was_read = [cs for cs in read_scored if "reader" in cs[0].features]
    rest = [cs for cs in read_scored if "reader" not in cs[0].features]
    if not was_read:
        return read_scored
    logits = stage2.logits([c.features for c, _ in was_read])
    first = sorted(zip([c for c, _ in was_read], logits.tolist()), key=lambda cs: (-cs[1], cs[0].row))
    floor = first[-1][1]
    return first + [(c, floor - 1.0 - 0.01 * i) for i, (c, _) in enumerate(rest)]
