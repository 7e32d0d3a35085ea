"""The gold files validate: schema, unique ids, every answer and evidence an exact substring of the report."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.gold import TYPES, GoldError, load_gold, norm
from rag import config

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"
DAZU = sorted(p.name for p in (GOLD / "dazu-2024").glob("*.jsonl"))
REPORT = norm(config.DEFAULT_CORPUS.read_text(encoding="utf-8"))
PARAGRAPHS = [norm(p) for p in config.DEFAULT_CORPUS.read_text(encoding="utf-8").split(" ")]


@pytest.mark.parametrize("name", DAZU)
def test_gold_file_is_valid(name):
    items = load_gold(GOLD / "dazu-2024" / name)
    assert len({i.id for i in items}) == len(items)
    for item in items:
        for text in item.answers + item.evidence:
            assert norm(text) in REPORT, (item.id, text)
        for ev in item.evidence:
            assert 10 <= len(ev) <= 60, (item.id, ev)
            assert any(norm(ev) in p for p in PARAGRAPHS), (item.id, "evidence crosses paragraphs")
        if item.type == "unanswerable":
            assert not item.answers and not item.evidence
        else:
            assert item.evidence


def test_main_gold_covers_every_type_and_part():
    items = load_gold(GOLD / "dazu-2024" / "tuned.jsonl")
    counts = Counter(i.type for i in items)
    assert len(items) >= 150 and set(counts) == set(TYPES) and counts["unanswerable"] >= 15
    sections = {i.section for i in items}
    for part in ("一、2023年工作回顾", "二、2024年工作安排", "三、政府自身建设"):
        assert any(s.startswith(part) for s in sections), part
    for area in "一二三四五六七八九十":
        assert any(s.startswith(f"二、2024年工作安排 > ({area})") for s in sections), area


@pytest.mark.parametrize("line, message", [
    ("{not json", "不是合法的 JSON"),
    ('{"id": "x", "question": "q"}', "缺少字段"),
    ('{"id": "x", "question": "q", "type": "guess", "answers": [], "evidence": []}', "type"),
    ('{"id": "x", "question": "q", "type": "number", "answers": ["1"], "evidence": []}', "evidence"),
    ('{"id": "x", "question": "q", "type": "unanswerable", "answers": ["1"], "evidence": []}', "unanswerable"),
])
def test_malformed_gold_names_the_line(tmp_path, line, message):
    good = json.dumps({"id": "g1", "question": "问", "type": "fact", "answers": ["a"], "evidence": ["0123456789"]})
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert "第 3 行" in str(info.value) and message in str(info.value)


def test_duplicate_ids_are_refused(tmp_path):
    row = json.dumps({"id": "g1", "question": "问", "type": "fact", "answers": [], "evidence": ["0123456789"]})
    path = tmp_path / "dup.jsonl"
    path.write_text(row + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="重复"):
        load_gold(path)
