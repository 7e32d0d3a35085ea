"""The learned reader as served: the committed ONNX graph loads over the e5 export, agrees with the torch model it
was exported from, reads a tiny Chinese pair the right way round, and can be switched off."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

from rag.answer.rank.reader import FOLDER, GRAPH, load_reader

pytestmark = pytest.mark.integration
WEIGHTS = FOLDER.parent / "weights.json"


@pytest.fixture(scope="module")
def reader(model_dir):
    from rag.model.export import export_dir

    load_reader.cache_clear()
    r = load_reader(FOLDER / GRAPH, export_dir(model_dir))
    assert r is not None, "rag/answer/rank/reader/ holds no reader (python -m eval train)"
    return r


def test_the_fitted_weights_and_the_committed_reader_go_together():
    weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    # a second stage fitted on reader scores is only shipped with the reader it was fitted for
    assert ("stage2" in weights) == (FOLDER / GRAPH).exists()


@pytest.mark.skipif(not (FOLDER / GRAPH).exists(), reason="the reader is not shipped")
def test_onnx_reader_agrees_with_the_torch_model_it_was_exported_from(reader):
    sample = json.loads((FOLDER / "parity-sample.json").read_text(encoding="utf-8"))
    onnx = np.concatenate([reader.logits(p["question"], [p["passage"]]) for p in sample["pairs"]])
    torch = np.asarray(sample["torch"], np.float32)
    assert len(onnx) == len(torch) >= 100
    # int8 matrix products move the logits a little, never the order of what matters
    assert np.corrcoef(onnx, torch)[0, 1] > 0.96      # 0.975 and 0.993 for the two fold readers
    assert np.median(np.abs(onnx - torch)) < 0.3      # 0.21 and 0.16


@pytest.mark.skipif(not (FOLDER / GRAPH).exists(), reason="the reader is not shipped")
def test_the_reader_prefers_the_sentence_that_answers(reader):
    logits = reader.logits("去年全区地区生产总值增长多少？", [
        "全区城乡居民基本养老保险、医疗保险参保率稳定在95%以上。 ｜ 2023年回顾",
        "全年地区生产总值增长6.5%、固定资产投资增长12.1%。 ｜ 2023年回顾",
    ])
    assert logits[1] > logits[0]
    # the reader also tells an adjacent figure from the asked one
    logits = reader.logits("今年养老金涨多少？", [
        "基本养老保险参保率稳定在95%以上。 ｜ 2024年安排",
        "城乡居民基础养老金最低标准每人每月提高20元。 ｜ 2024年安排",
    ])
    assert logits[1] > logits[0]


def test_rag_reader_0_switches_it_off(model_dir, monkeypatch):
    from rag.model.export import export_dir

    monkeypatch.setenv("RAG_READER", "0")
    load_reader.cache_clear()
    try:
        assert load_reader(FOLDER / GRAPH, export_dir(model_dir)) is None
    finally:
        monkeypatch.delenv("RAG_READER")
        load_reader.cache_clear()
    assert os.environ.get("RAG_READER") is None
