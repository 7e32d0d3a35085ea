"""`python -m eval fit`: fits the ranker and the answerability model on gold files of several reports, with
leave-one-report-out figures, and writes rag/answer/rank/weights.json (plain JSON, no pickle). A second pair is fitted
on keyword retrieval alone, for the seconds before the embedding model is loaded."""
from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

import numpy as np

from eval.gold import load_gold
from eval.reader.pairs import holds
from eval.reader.run import oof_readers
from eval.splits import training_files
from eval.suite import GOLD, assistant_for
from rag.answer.rank import answerable, rerank
from rag.answer.rank.evidence import FEATURES, score
from rag.answer.rank.model import WEIGHTS, Linear, sigmoid

# Fitted on the training split (eval/splits.json): never on a sealed report or file.
FIT_FILES = training_files()
MAX_WRONG_REFUSALS = 0.03
C = 1.0


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def positive(text: str, evidence: tuple[str, ...]) -> int:
    """A sentence is evidence when it holds an evidence string, or a good part of one."""
    t = _norm(text)
    return int(any(e in t or (len(t) >= 8 and t in e) or e[:12] in t or e[-12:] in t
                   for e in map(_norm, evidence)))


def collect(embedder, files: dict[str, list[str]] = FIT_FILES, progress: bool = True,
            mode: str = "hybrid") -> list[dict]:
    """Per question: its report, candidates (features, labels) and what the answerability model needs.
    `mode` "bm25": as the assistant answers while the embedding model is still loading."""
    from tqdm import tqdm

    rows = []
    for folder, names in files.items():
        assistant = assistant_for(folder, embedder)
        for name in names:
            for item in tqdm(load_gold(GOLD / folder / f"{name}.jsonl"), desc=f"{folder}/{name}", disable=not progress):
                if item.context:   # a follow-up reads as its chat makes it: not a question on its own
                    continue
                query, _, cands = assistant.gather(item.question, mode)
                rows.append({"report": folder, "file": name, "id": item.id, "answerable": item.type != "unanswerable",
                             "query": query, "cands": cands, "stats": assistant.facts.stats, "assistant": assistant,
                             "question": item.question, "evidence": item.evidence,
                             "y": [positive(c.sentence.text, item.evidence) for c in cands] if item.evidence
                             else [0] * len(cands)})
    return rows


def _balance(reports: list[str]) -> np.ndarray:
    """Sample weights giving every report the same say, however many questions it has."""
    counts = {r: reports.count(r) for r in set(reports)}
    w = np.array([1.0 / counts[r] for r in reports])
    return w * len(w) / w.sum()


def _fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], reports: list[str]) -> Linear:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit((x - scaler.mean_) / scale, y, sample_weight=_balance(reports))
    return Linear(names, scaler.mean_, scale, model.coef_[0], float(model.intercept_[0]))


def fit_ranker(rows: list[dict]) -> Linear:
    use = [r for r in rows if r["answerable"] and any(r["y"])]
    x = np.array([[c.features[f] for f in FEATURES] for r in use for c in r["cands"]])
    return _fit(x, np.array([y for r in use for y in r["y"]]), FEATURES,
                [r["report"] for r in use for _ in r["cands"]])


def read_rows(rows: list[dict], ranker: Linear, readers: dict) -> None:
    """Each question's first-stage candidates, the best of them read by the reader that never saw its report."""
    for r in rows:
        scored, _ = score(r["cands"], ranker)
        reader = readers.get(r["report"])
        r["read"] = (rerank.read(r["query"].text, scored, reader, r["assistant"].facts.periods)
                     if reader is not None else None)


def fit_stage2(rows: list[dict]) -> Linear | None:
    """The second stage on the candidates the reader read, labelled strictly (eval.reader.pairs.holds)."""
    use = [r for r in rows if r["answerable"] and r.get("read")]
    x, y, reports = [], [], []
    for r in use:
        read = [c for c, _ in r["read"] if "reader" in c.features]
        labels = [holds(c.sentence.text, r["evidence"]) for c in read]
        if any(labels):
            x += [[c.features[f] for f in rerank.FEATURES] for c in read]
            y += labels
            reports += [r["report"]] * len(read)
    return _fit(np.array(x), np.array(y), rerank.FEATURES, reports) if x else None


def ranked_of(r: dict, ranker: Linear, stage2: Linear | None) -> list:
    """A question's candidates in the order serving ranks them."""
    if stage2 is not None and r.get("read"):
        return rerank.rank(r["read"], stage2)
    return score(r["cands"], ranker)[0]


def answer_features(rows: list[dict], ranker: Linear, stage2: Linear | None = None) -> list[dict[str, float]]:
    """The answerability features of each question as served; also marks what scope alone refuses."""
    from rag.answer.assistant import Evidence

    out = []
    for r in rows:
        scored = ranked_of(r, ranker, stage2)
        r["scope"] = r["assistant"].scope(Evidence(r["query"], None, scored, 0.0))
        out.append(answerable.of_best(r["query"], scored, r["stats"]))
        r["top1"] = int(bool(scored) and holds(scored[0][0].sentence.text, r["evidence"]))
    return out


def fit_answerable(rows: list[dict], feats: list[dict[str, float]]) -> Linear:
    """Fitted on the questions scope does not already refuse: those are the ones it decides at serving time."""
    keep = [i for i, r in enumerate(rows) if not r["scope"]]
    x = np.array([[feats[i][k] for k in answerable.FEATURES] for i in keep])
    return _fit(x, np.array([int(rows[i]["answerable"]) for i in keep]), answerable.FEATURES,
                [rows[i]["report"] for i in keep])


def threshold(probabilities: list[float], labels: list[int], reports: list[str]) -> float:
    """The largest threshold that refuses at most MAX_WRONG_REFUSALS of the answerable questions, every report
    counting the same (a report with many questions must not set it for the others)."""
    ok = [(p, w) for p, y, w in zip(probabilities, labels, _balance(reports)) if y]
    if not ok:
        return 0.5
    ok.sort()
    budget, spent = MAX_WRONG_REFUSALS * sum(w for _, w in ok), 0.0
    for p, w in ok:
        if spent + w > budget:
            return float(p - 1e-6)
        spent += w
    return float(ok[-1][0])


def _threshold(model: Linear, rows: list[dict], feats: list[dict[str, float]]) -> float:
    keep = [i for i, r in enumerate(rows) if not r["scope"]]
    return threshold([sigmoid(x) for x in model.logits([feats[i] for i in keep])],
                     [int(rows[i]["answerable"]) for i in keep], [rows[i]["report"] for i in keep])


def leave_one_out(rows: list[dict], global_ranker: Linear) -> tuple[dict, list[float]]:
    """For each report: fit the second stage and the answerability model on the others, measure on it (the first
    stage, which chose what the reader read, stays the one fitted on all). Returns per-report figures and
    held-out probabilities."""
    reports = list(dict.fromkeys(r["report"] for r in rows))
    out, held = {}, [0.0] * len(rows)
    for report in reports:
        train = [r for r in rows if r["report"] != report]
        test_idx = [i for i, r in enumerate(rows) if r["report"] == report]
        ranker, stage2 = global_ranker, fit_stage2(train) if train[0].get("read") else None
        feats = answer_features(train, ranker, stage2)
        model = fit_answerable(train, feats)
        tau = _threshold(model, train, feats)
        test = [rows[i] for i in test_idx]
        probs = [sigmoid(x) for x in model.logits(answer_features(test, ranker, stage2))]
        refused = [bool(r["scope"]) or p < tau for r, p in zip(test, probs)]
        for i, p in zip(test_idx, probs):
            held[i] = p
        ans = [r for r in test if r["answerable"]]
        una = [f for r, f in zip(test, refused) if not r["answerable"]]
        out[report] = {"questions": len(test), "sentence_top1": round(np.mean([r["top1"] for r in ans]), 4),
                       "answerable_refused": round(np.mean([f for r, f in zip(test, refused) if r["answerable"]]), 4),
                       "unanswerable_refused": round(np.mean(una), 4) if una else None,
                       "threshold": round(tau, 4)}
    return out, held


def _fit_all(rows: list[dict], ranker: Linear) -> dict:
    stage2 = fit_stage2(rows) if any(r.get("read") for r in rows) else None
    feats = answer_features(rows, ranker, stage2)
    model = fit_answerable(rows, feats)
    return {"ranker": ranker.to_dict(), **({"stage2": stage2.to_dict()} if stage2 is not None else {}),
            "answerable": {"model": model.to_dict(), "threshold": round(_threshold(model, rows, feats), 6)}}


def run_fit(embedder, out: Path = WEIGHTS, progress: bool = True) -> dict:
    started = time.perf_counter()
    rows = collect(embedder, progress=progress)
    ranker = fit_ranker(rows)
    readers = oof_readers(sorted({r["report"] for r in rows}))
    read_rows(rows, ranker, readers)
    loo, held = leave_one_out(rows, ranker)
    keyword_rows = collect(embedder, progress=progress, mode="bm25")
    keyword = _fit_all(keyword_rows, fit_ranker(keyword_rows))
    weights = {**_fit_all(rows, ranker), "keyword": keyword,
               "provenance": {"fitted_on": {k: v for k, v in FIT_FILES.items()}, "questions": len(rows),
                              "reader": ("out-of-fold readers of var/reader (python -m eval train)"
                                         if readers else "none"),
                              "max_wrong_refusals": MAX_WRONG_REFUSALS, "leave_one_report_out": loo,
                              "fitted_at": time.strftime("%Y-%m-%d %H:%M"),
                              "seconds": round(time.perf_counter() - started, 1)}}
    from rag.files import write_json

    if out.exists():  # the English threshold (eval.fit_english) is fitted apart and kept; refit it after this
        weights.update({k: v for k, v in json.loads(out.read_text(encoding="utf-8")).items() if k == "english"})
    write_json(out, weights)
    return {"weights": str(out), "leave_one_report_out": loo,
            "held_out_probabilities": [{"report": r["report"], "id": r["id"], "answerable": r["answerable"],
                                        "p": round(p, 4), "scope": r["scope"]} for r, p in zip(rows, held)]}
