"""Scores per-question results against a gold file: retrieval, answers, citations, abstention, latency."""
from __future__ import annotations

import re
import statistics
from collections import defaultdict

from eval.gold import GoldItem, norm

MARKER = re.compile(r"\[\d+\]")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    pos = (len(values) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def score_one(item: GoldItem, result: dict) -> dict:
    """Per-question facts; None where a measure does not apply to this question."""
    answerable = item.type != "unanswerable"
    evidence = [norm(e) for e in item.evidence]
    ranks = [r.get("rank", i + 1) for i, r in enumerate(result.get("retrieved", []))
             if any(e in norm(r.get("text", "")) for e in evidence)]
    first = min(ranks) if ranks else None
    answer = norm(MARKER.sub("", result.get("answer", "")))
    cited = [norm(c.get("text", "")) for c in result.get("citations", [])]
    abstained = bool(result.get("abstained"))
    read_as = result.get("read_as", "")
    return {
        # a question asked after others that the assistant read as a different question
        "rewritten": bool(read_as) and norm(read_as) != norm(item.question) if item.context else None,
        "turn": item.turn if item.context else "",
        "type": item.type,
        "answerable": answerable,
        "first_hit": first if answerable else None,
        "answer_ok": (not abstained and all(norm(a) in answer for a in item.answers))
        if answerable and item.answers else None,
        "citation_ok": (not abstained and any(e in c for e in evidence for c in cited)) if answerable else None,
        "citation_all": (not abstained and all(any(e in c for c in cited) for e in evidence)) if answerable else None,
        "abstained": abstained,
        "length": len(MARKER.sub("", result.get("answer", ""))),
        "latency_ms": float(result.get("latency_ms", 0.0)),
    }


def _mean(values: list) -> float | None:
    values = [float(v) for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def aggregate(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    firsts = [r["first_hit"] for r in answerable]
    out = {"questions": len(rows), "answerable": len(answerable), "unanswerable": len(unanswerable)}
    for k in (1, 3, 5):
        out[f"hit@{k}"] = _mean([f is not None and f <= k for f in firsts]) if answerable else None
    out["mrr"] = _mean([1.0 / f if f else 0.0 for f in firsts]) if answerable else None
    out["answer_accuracy"] = _mean([r["answer_ok"] for r in answerable])
    out["citation_accuracy"] = _mean([r["citation_ok"] for r in answerable])
    out["citation_all_evidence"] = _mean([r["citation_all"] for r in answerable])
    out["abstain_correct"] = _mean([r["abstained"] for r in unanswerable])
    out["abstain_wrong"] = _mean([r["abstained"] for r in answerable])
    out["median_answer_chars"] = statistics.median([r["length"] for r in answerable]) if answerable else None
    chat = [r for r in rows if r["rewritten"] is not None]
    if chat:  # how questions asked after others were read: a new topic must be read as asked
        out["context_questions"] = len(chat)
        out["context_rewritten"] = sum(r["rewritten"] for r in chat)
        for turn in ("standalone", "followup"):
            marked = [r for r in chat if r["turn"] == turn]
            if marked:
                out[f"{turn}_questions"] = len(marked)
                out[f"{turn}_rewritten"] = sum(r["rewritten"] for r in marked)
    latencies = [r["latency_ms"] for r in rows]
    out["latency_p50_ms"] = round(_percentile(latencies, 0.5), 2)
    out["latency_p95_ms"] = round(_percentile(latencies, 0.95), 2)
    return out


def evaluate(gold: list[GoldItem], results: list[dict]) -> dict:
    """Overall and per-type metrics. Results are matched to gold by id; a missing result scores as empty."""
    by_id = {r.get("id"): r for r in results}
    rows = [score_one(item, by_id.get(item.id, {})) for item in gold]
    per_type = defaultdict(list)
    for row in rows:
        per_type[row["type"]].append(row)
    per_turn = defaultdict(list)
    for row in rows:
        if row["turn"]:
            per_turn[row["turn"]].append(row)
    return {"overall": aggregate(rows), "per_type": {t: aggregate(v) for t, v in sorted(per_type.items())},
            **({"per_turn": {t: aggregate(v) for t, v in sorted(per_turn.items())}} if per_turn else {}),
            "missing_results": sum(1 for item in gold if item.id not in by_id)}
