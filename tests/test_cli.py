"""The thin CLIs, run as a user would: real processes, real model, real index."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_FIELDS = {"question", "answer", "abstained", "citations", "retrieved", "latency_ms"}


def run(args: list[str], index: Path | None = None, **env) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env, **({"RAG_INDEX_DIR": str(index)} if index else {})}
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=full_env, capture_output=True, text=True,
                          timeout=300)


def test_index_build_refuses_a_bad_file_clearly(tmp_path):
    bad = tmp_path / "扫描件.pdf"
    bad.write_bytes(b"%PDF-1.4\n\x00\x01binary")
    proc = run(["index", "build", str(bad), "--out", str(tmp_path / "idx")])
    assert proc.returncode == 2
    assert "扫描件.pdf" in proc.stderr and "PDF" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "idx").exists()


def test_ask_json_follows_the_contract(bundled_index):
    proc = run(["rag", "ask", "去年全区地区生产总值增长多少？", "--json"], bundled_index)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert set(record) >= CONTRACT_FIELDS and "id" not in record
    assert "6.5%" in record["answer"] and record["abstained"] is False
    citation = record["citations"][0]
    assert {"n", "paragraph", "section", "text", "quote"} <= set(citation)
    assert citation["quote"] in citation["text"] and f"[{citation['n']}]" in record["answer"]
    assert len(record["retrieved"]) >= 5
    assert {"rank", "paragraph", "chunk", "score", "text"} <= set(record["retrieved"][0])


def test_ask_plain_and_search(bundled_index):
    proc = run(["rag", "ask", "营商环境在报告哪一部分？"], bundled_index)
    assert proc.returncode == 0 and "来源：" in proc.stdout and "加快打造一流营商环境" in proc.stdout
    proc = run(["rag", "search", "今年怎么稳房地产", "--k", "3", "--json"], bundled_index)
    hits = json.loads(proc.stdout)["retrieved"]
    assert [h["rank"] for h in hits] == [1, 2, 3] and all(h["section"] for h in hits)


def test_ask_rejects_empty_question(bundled_index):
    proc = run(["rag", "ask", "  "], bundled_index)
    assert proc.returncode == 2 and "请输入一个问题" in proc.stderr


def test_eval_run_and_report(bundled_index, tmp_path):
    gold = tmp_path / "mini-gold.jsonl"
    rows = [{"id": "m1", "question": "去年全区地区生产总值增长多少？", "type": "number", "answers": ["6.5%"],
             "evidence": ["全年地区生产总值增长6.5%"], "section": ""},
            {"id": "m2", "question": "2022年大足区GDP增长了多少？", "type": "unanswerable", "answers": [],
             "evidence": [], "section": ""}]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    proc = run(["eval", "run", "--gold", str(gold), "--out", str(out)], bundled_index)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["m1", "m2"] and set(results[0]) >= CONTRACT_FIELDS
    assert results[1]["abstained"] is True
    proc = run(["eval", "report", str(out), "--gold", str(gold), "--out", str(tmp_path / "m.json")], bundled_index)
    metrics = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["results"]["overall"]
    assert metrics["answer_accuracy"] == 1.0 and metrics["abstain_correct"] == 1.0


def test_eval_run_names_the_bad_line(bundled_index, tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "a", "question": "q", "type": "fact", "answers": [], "evidence": ["0123456789"]}\n'
                    '{"id": "b", "question": "q"\n', encoding="utf-8")
    proc = run(["eval", "run", "--gold", str(gold), "--out", str(tmp_path / "r.jsonl")], bundled_index)
    assert proc.returncode == 2 and "第 2 行" in proc.stderr and "Traceback" not in proc.stderr


def test_purge_deletes_the_record_of_use_older_than_asked(tmp_path):
    from rag.types import Answer
    from rag.ui.usage import UsageLog

    path = tmp_path / "usage.sqlite"
    log = UsageLog(path)
    old = log.record(Answer("很久以前的问题", "答", False))
    log.record(Answer("今天的问题", "答", False))
    with log._db() as db:
        db.execute("UPDATE questions SET at = '2001-01-01T00:00:00' WHERE id = ?", (old,))
    proc = run(["rag", "purge", "--days", "30"], RAG_LOG_PATH=str(path))
    assert proc.returncode == 0 and "已删除 1 条" in proc.stdout
    assert log.rows("SELECT question FROM questions") == [("今天的问题",)]
    assert "已删除 1 条" in run(["rag", "purge", "--days", "0"], RAG_LOG_PATH=str(path)).stdout
    assert "RAG_LOG=0" in run(["rag", "purge"], RAG_LOG="0").stdout
