"""Chunks stay inside one paragraph, keep provenance, and are bounded in size."""
from __future__ import annotations

from rag import config
from rag.ingest.chunk import ChunkSettings, chunk_paragraphs, embedding_text
from rag.ingest.parse import parse_file, parse_text


def test_chunks_never_cross_paragraphs_and_are_verbatim():
    paragraphs = parse_file(config.DEFAULT_CORPUS)
    by_id = {p.id: p for p in paragraphs}
    chunks = chunk_paragraphs(paragraphs, ChunkSettings(size=120, overlap=30))
    assert chunks
    for c in chunks:
        par = by_id[c.paragraph]
        assert par.text[c.start:c.start + len(c.text)] == c.text
        assert c.section == par.section and c.doc == par.doc
        assert len(c.text) <= 120
    # every character of every body paragraph is in some chunk
    for par in paragraphs:
        if par.kind != "body":
            continue
        covered = set()
        for c in (c for c in chunks if c.paragraph == par.id):
            covered.update(range(c.start, c.start + len(c.text)))
        assert covered == set(range(len(par.text)))


def test_long_paragraph_splits_at_sentence_ends_with_overlap():
    sentence = "推进城市更新行动，改造老旧小区十个，新建公园两座。"
    text = "一、工作安排\n" + "提升城市品质。" + sentence * 12
    [par] = [p for p in parse_text(text, "t") if p.kind == "body"]
    chunks = chunk_paragraphs([par], ChunkSettings(size=80, overlap=30))
    assert len(chunks) > 3
    assert all(c.text.endswith("。") for c in chunks)
    assert any(b.start < a.start + len(a.text) for a, b in zip(chunks, chunks[1:])), "expected some overlap"
    assert all(c.id == f"{par.id}-c{i}" for i, c in enumerate(chunks))


def test_headings_are_not_chunked_but_travel_as_context():
    paragraphs = parse_file(config.DEFAULT_CORPUS)
    chunks = chunk_paragraphs(paragraphs)
    ids = {c.paragraph for c in chunks}
    assert "p006" not in ids  # 「一、2023年工作回顾」 alone
    traffic = next(c for c in chunks if c.text.startswith("推进交通互联互通"))
    assert embedding_text(traffic).startswith("二、2024年工作安排 > (一)全力落实和服务国家战略")
    assert embedding_text(traffic).endswith(traffic.text)
