"""How far the answerability probability can be trusted: the reliability curve and accuracy against coverage."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from eval.gold import GoldItem
from eval.metrics import score_one

BINS = 10


def points(gold: list[GoldItem], results: list[dict]) -> dict:
    """Per question: P(answerable) and what happened. Reliability: predicted against the observed share of
    answerable questions, by bin. Coverage: answering the most confident first, the share answered right."""
    by_id = {r.get("id"): r for r in results}
    rows = []
    for item in gold:
        r = by_id.get(item.id, {})
        if r.get("confidence") is None:
            continue
        s = score_one(item, r)
        right = (not s["answerable"] and s["abstained"]) or (
            s["answerable"] and bool(s["answer_ok"] or (s["answer_ok"] is None and s["citation_ok"])))
        rows.append((float(r["confidence"]), int(s["answerable"]), int(right), int(s["abstained"])))
    if not rows:
        return {}
    p = np.array(rows)
    edges = np.linspace(0, 1, BINS + 1)
    reliability = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p[:, 0] >= lo) & ((p[:, 0] < hi) | (hi == 1.0))
        if m.any():
            reliability.append({"bin": [round(lo, 2), round(hi, 2)], "n": int(m.sum()),
                                "predicted": round(float(p[m, 0].mean()), 3),
                                "observed": round(float(p[m, 1].mean()), 3)})
    order = np.argsort(-p[:, 0], kind="stable")
    coverage = []
    for k in range(1, len(order) + 1):
        top = p[order[:k]]
        answerable = top[top[:, 1] == 1]
        coverage.append({"coverage": round(k / len(order), 4),
                         "accuracy": round(float(answerable[:, 2].mean()), 4) if len(answerable) else None})
    return {"reliability": reliability, "coverage": coverage[:: max(1, len(coverage) // 50)] + coverage[-1:]}


def draw(data: dict, path: Path, title: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from eval.report import save_figure

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120)
    rel = data.get("reliability", [])
    left.plot([0, 1], [0, 1], "--", color="gray", linewidth=1)
    left.plot([r["predicted"] for r in rel], [r["observed"] for r in rel], "o-", color="#b91c1c")
    for r in rel:
        left.annotate(str(r["n"]), (r["predicted"], r["observed"]), textcoords="offset points", xytext=(3, 3),
                      fontsize=7)
    left.set_xlabel("predicted P(answerable)")
    left.set_ylabel("observed share answerable")
    left.set_title("Reliability")
    cov = [c for c in data.get("coverage", []) if c["accuracy"] is not None]
    right.plot([c["coverage"] for c in cov], [c["accuracy"] for c in cov], "-", color="#1c1917")
    right.set_xlabel("coverage (share answered, most confident first)")
    right.set_ylabel("answer accuracy of answerable ones answered")
    right.set_ylim(0, 1.02)
    right.set_title("Accuracy against coverage")
    for ax in (left, right):
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=9)
    save_figure(fig, path)
