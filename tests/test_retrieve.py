"""Hybrid retrieval: fusion arithmetic, keyword tokens, and the real model finding its own sentences."""
from __future__ import annotations

import random

import pytest

from rag.search.retrieve import rank, retrieve, rrf, score_fusion
from rag.search.tokens import report_terms, tokenize


def test_rrf_rewards_agreement():
    fused = rrf([[1, 2, 3], [3, 1, 4]], k=60)
    assert max(fused, key=fused.get) == 1
    assert fused[3] > fused[2] and fused[4] == pytest.approx(1 / 63)


def test_score_fusion_is_a_convex_mix_of_normalised_scores():
    fused = score_fusion({1: 0.9, 2: 0.8, 3: 0.7}, {1: 0.0, 2: 10.0, 3: 5.0}, weight=0.6)
    assert fused[1] == pytest.approx(0.6)
    assert fused[2] == pytest.approx(0.6 * 0.5 + 0.4)
    assert fused[3] == pytest.approx(0.2)


def test_tokens_use_report_terms_and_bigrams():
    terms = report_terms(["推动“三攻坚一盘活”改革突破,聚焦“246”体系"])
    assert "三攻坚一盘活" in terms and "246" in terms
    tokens = tokenize("ＧＤＰ增长了多少？")
    assert "gdp" in tokens and "增长" in tokens and "多少" not in tokens


def test_modes_are_validated(assistant):
    with pytest.raises(ValueError, match="检索模式"):
        rank("问题", assistant.corpus, assistant.embedder, mode="magic")


@pytest.mark.parametrize("mode, within", [("hybrid", 1), ("bm25", 1), ("dense", 10)])
def test_verbatim_sentence_retrieves_its_own_paragraph_first(assistant, mode, within):
    paragraphs = [p for p in assistant.corpus.paragraphs if p.kind == "body" and len(p.text) > 150]
    rng = random.Random(11)
    for par in rng.sample(paragraphs, 8):
        sentences = [s for s in par.text.split("。") if len(s) > 25]
        sentence = rng.choice(sentences)
        hits = retrieve(sentence, assistant.corpus, assistant.embedder, k=10, mode=mode)
        assert par.id in [h.chunk.paragraph for h in hits[:within]], (mode, sentence)


def test_hits_carry_both_retrievers_scores(assistant):
    hits = retrieve("今年怎么稳房地产？", assistant.corpus, assistant.embedder, k=5)
    assert len(hits) == 5 and [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(h.dense is not None for h in hits)
    assert any(h.bm25 for h in hits)
    assert hits[0].score >= hits[-1].score
