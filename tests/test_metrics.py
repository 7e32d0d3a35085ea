"""Metrics on hand-made results, computed by hand."""
from __future__ import annotations

import pytest

from eval.gold import GoldItem
from eval.metrics import evaluate

GOLD = [
    GoldItem("a", "去年GDP增长多少？", "number", ("6.5%",), ("全年地区生产总值增长6.5%",)),
    GoldItem("b", "今年目标？", "number", ("7%",), ("地区生产总值增长7%",)),
    GoldItem("c", "人口多少？", "unanswerable", (), ()),
    GoldItem("d", "常住人口？", "unanswerable", (), ()),
]


def result(rid, answer, cited, retrieved, abstained=False, ms=10.0):
    return {"id": rid, "answer": answer, "abstained": abstained, "latency_ms": ms,
            "citations": [{"n": 1, "text": cited}] if cited else [],
            "retrieved": [{"rank": i + 1, "text": t} for i, t in enumerate(retrieved)]}


def test_metrics_by_hand():
    results = [
        result("a", "全年地区生产总值增长6.5%[1]。", "……全年地区生产总值增长6.5%、固定……",
               ["无关", "全年地区生产总值增长6.5%、"], ms=10),
        result("b", "报告中没有找到。", "", ["地区生产总值增长7%,规上"], abstained=True, ms=20),
        result("c", "报告中没有找到。", "", ["x"], abstained=True, ms=30),
        result("d", "人口100万[1]。", "人口100万", ["x"], ms=40),
    ]
    m = evaluate(GOLD, results)["overall"]
    assert m["hit@1"] == 0.5 and m["hit@3"] == 1.0 and m["mrr"] == pytest.approx((0.5 + 1.0) / 2)
    assert m["answer_accuracy"] == 0.5        # b abstained wrongly
    assert m["citation_accuracy"] == 0.5
    assert m["abstain_correct"] == 0.5 and m["abstain_wrong"] == 0.5
    assert m["latency_p50_ms"] == 25.0
    assert m["median_answer_chars"] == (len("全年地区生产总值增长6.5%。") + len("报告中没有找到。")) / 2


def test_missing_results_score_as_empty():
    m = evaluate(GOLD, [])
    assert m["missing_results"] == 4 and m["overall"]["answer_accuracy"] == 0.0


def test_questions_asked_after_others_count_how_they_were_read():
    gold = [GoldItem("s", "今年新增就业目标多少？", "number", ("60万",), ("城镇新增就业60万人",),
                     context=("去年修了多少公里路？",), turn="standalone"),
            GoldItem("t", "那今年呢？", "number", ("7%",), ("地区生产总值增长7%",),
                     context=("去年GDP增长多少？",), turn="followup"),
            GoldItem("u", "粮食产量多少？", "number", ("1000万吨",), ("粮食产量1000万吨",),
                     context=("医保报销比例？",)),
            GOLD[0]]
    pasted = "去年修了多少公里路今年新增就业目标多少？"   # the earlier turn's words pasted into a new topic
    results = [{**result("s", "60万[1]", "城镇新增就业60万人", []), "read_as": pasted},
               {**result("t", "7%[1]", "地区生产总值增长7%", []), "read_as": "今年GDP增长多少？"},
               {**result("u", "1000万吨[1]", "粮食产量1000万吨", []), "read_as": "粮食产量多少?"},  # NFKC: same
               result("a", "6.5%", "", [])]
    m = evaluate(gold, results)["overall"]
    assert m["context_questions"] == 3 and m["context_rewritten"] == 2
    assert m["standalone_questions"] == 1 and m["standalone_rewritten"] == 1
    assert m["followup_questions"] == 1 and m["followup_rewritten"] == 1
    assert "context_questions" not in evaluate(GOLD, [result("a", "6.5%", "", [])])["overall"]
    assert evaluate(gold, results)["per_turn"]["standalone"]["answer_accuracy"] == 1.0
