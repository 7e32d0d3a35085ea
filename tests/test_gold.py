"""The gold files validate: schema, unique ids, every answer and evidence an exact substring of the report."""
from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path

import pytest

from eval.gold import TYPES, GoldError, load_gold, norm

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
FOLDERS = json.loads((GOLD / "reports.json").read_text(encoding="utf-8"))["folders"]
FILES = sorted(f"{p.parent.name}/{p.name}" for p in GOLD.glob("*/*.jsonl"))


@functools.cache
def report_text(folder: str) -> tuple[str, ...]:
    """Each report of a gold folder as the parser reads it, normalised as the contract matches."""
    from rag.ingest.parse import parse_report

    return tuple(norm("".join(p.text for p in parse_report((ROOT / f).read_bytes(), Path(f).name)[1]))
                 for f in FOLDERS[folder])


def test_every_gold_folder_names_its_reports():
    assert {p.parent.name for p in GOLD.glob("*/*.jsonl")} <= set(FOLDERS)
    assert all((ROOT / f).is_file() for files in FOLDERS.values() for f in files)


@pytest.mark.parametrize("name", FILES)
def test_gold_file_is_valid(name):
    """The contract: every answer and evidence string is in the report (as parsed), evidence 10–60 characters."""
    items = load_gold(GOLD / name)
    reports = report_text(name.split("/")[0])
    for item in items:
        for text in item.answers + item.evidence:
            assert any(norm(text) in r for r in reports), (item.id, text)
        for ev in item.evidence:
            assert 10 <= len(norm(ev)) <= 60, (item.id, ev)
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
    ('{"id": "x", "question": "q", "type": "unanswerable", "answers": [], "evidence": [], "turn": "maybe"}', "turn"),
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
