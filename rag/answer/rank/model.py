"""The fitted weights: a logistic ranker over candidate sentences and a logistic answerability model.

Both are plain JSON (rag/answer/rank/weights.json, written by `python -m eval fit`): feature names, the scaler's
means and scales, coefficients, intercept; the answerability model also carries its threshold.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Linear:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_dict(cls, d: dict) -> Linear:
        return cls(tuple(d["features"]), np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]),
                   float(d["intercept"]))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                "intercept": round(self.intercept, 6)}

    def logits(self, rows: list[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        x = np.array([[r.get(f, 0.0) for f in self.features] for r in rows], dtype=np.float64)
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


@dataclass(frozen=True)
class Weights:
    ranker: Linear
    answerable: Linear
    threshold: float        # answer when P(answerable) is at least this
    provenance: dict
    keyword: Weights | None = None  # the pair fitted on keyword retrieval alone (no embedding model yet)
    english_threshold: float | None = None  # questions in English (cross-lingual cosines run lower)
    stage2: Linear | None = None   # the second stage over the reader's logit (rag/answer/rerank.py)


def _weights(d: dict, provenance: dict) -> Weights:
    return Weights(Linear.from_dict(d["ranker"]), Linear.from_dict(d["answerable"]["model"]),
                   float(d["answerable"]["threshold"]), provenance,
                   stage2=Linear.from_dict(d["stage2"]) if "stage2" in d else None)


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS) -> Weights:
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    full = _weights(d, d.get("provenance", {}))
    return Weights(full.ranker, full.answerable, full.threshold, full.provenance,
                   _weights(d["keyword"], {}) if "keyword" in d else None,
                   float(d["english"]["threshold"]) if "english" in d else None, full.stage2)
