"""The record of use: safe under concurrent users, inert whatever is typed, exported for review as gold lines."""
from __future__ import annotations

import json
import threading

from eval.feedback import export
from eval.gold import load_gold
from rag.types import Answer
from rag.ui.faq import faq_html
from rag.ui.usage import UsageLog, configured_log, group_key

HOSTILE = ["<script>alert('x')</script>", "'); DROP TABLE questions; --", "长" * 10000, "控制\x00字符\x1b[31m"]


def test_eight_users_at_once_lose_no_rows(tmp_path):
    log = UsageLog(tmp_path / "usage.sqlite")
    errors = []

    def user(n: int) -> None:
        try:
            for i in range(50):
                row = log.record(Answer(f"用户{n}的问题{i}", "答案", i % 5 == 0), session=f"s{n}")
                if i % 7 == 0:
                    log.feedback(row, -1, "不对")
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert log.rows("SELECT COUNT(*) FROM questions") == [(400,)]
    assert log.rows("SELECT COUNT(*) FROM feedback") == [(8 * 8,)]


def test_any_text_is_stored_and_shown_inert(tmp_path):
    log = UsageLog(tmp_path / "usage.sqlite")
    for text in HOSTILE:
        log.record(Answer(text, "没有找到", True))
    stored = [q for (q,) in log.rows("SELECT question FROM questions ORDER BY id")]
    assert stored[:2] == HOSTILE[:2] and len(stored[2]) == 4000
    assert stored[3] == "控制字符[31m"                                  # control characters are not stored
    assert log.rows("SELECT COUNT(*) FROM questions") == [(4,)]   # the table is still there
    page = faq_html(log)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_refused_and_thumbs_down_questions_export_as_gold_lines(tmp_path):
    log = UsageLog(tmp_path / "usage.sqlite")
    log.record(Answer("去年GDP增长多少？", "6.5%[1]", False), session="a")
    bad = log.record(Answer("那今年呢？", "7%[1]", False), session="a")
    log.feedback(bad, -1, "应该是目标")
    log.record(Answer("常住人口多少？", "没有找到", True), session="b")
    log.record(Answer("一切都好", "好", False), session="b")
    out = tmp_path / "review.jsonl"
    assert export(log, out) == 2
    items = load_gold(out)
    assert [i.question for i in items] == ["那今年呢？", "常住人口多少？"]
    assert items[0].context == ("去年GDP增长多少？",) and items[1].context == ()
    assert "应该是目标" in json.loads(out.read_text(encoding="utf-8").splitlines()[0])["note"]


def test_logging_can_be_switched_off(monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_LOG", "0")
    log = configured_log()
    assert not log.enabled and log.record(Answer("问", "答", False)) is None
    monkeypatch.setenv("RAG_LOG", "1")
    monkeypatch.setenv("RAG_LOG_PATH", str(tmp_path / "u.sqlite"))
    assert configured_log().record(Answer("问", "答", False)) == 1


PHONE, ID = "13812345678", "110101199003074514"


def test_personal_numbers_are_masked_before_they_are_stored(tmp_path):
    log = UsageLog(tmp_path / "usage.sqlite")
    row = log.record(Answer(f"我电话{PHONE}，身份证{ID}，今年养老金涨不涨？", f"报告没有说。{PHONE}", True,
                            read_as=f"身份证{ID}养老金"), session="s")
    log.feedback(row, -1, f"请打 {PHONE} 或发到 a.b@example.com")
    everything = " ".join(str(v) for table in ("questions", "feedback")
                          for r in log.rows(f"SELECT * FROM {table}") for v in r)
    assert PHONE not in everything and ID not in everything and "example.com" not in everything
    assert "[手机号]" in everything and "[身份证号]" in everything and "[邮箱]" in everything
    assert "今年养老金涨不涨" in everything                                # the question itself is kept


def test_the_faq_groups_near_duplicates_and_shows_them_masked(tmp_path):
    log = UsageLog(tmp_path / "usage.sqlite")
    for q in ("今年GDP目标是多少？", "今年 GDP 目标是多少", "今年ＧＤＰ目标是多少?", "去年就业多少？"):
        log.record(Answer(q, "答", False))
    assert group_key("今年 GDP 目标是多少") == group_key("今年ＧＤＰ目标是多少?")
    assert [n for _, n in log.most_asked()] == [3, 1]
    assert log.most_asked()[0][0] == "今年GDP目标是多少?"       # the latest wording (full-width letters narrowed)


def test_old_questions_are_purged_after_the_retention_period(tmp_path):
    path = tmp_path / "usage.sqlite"
    log = UsageLog(path, retention_days=90)
    old = log.record(Answer("很久以前的问题", "答", False))
    log.feedback(old, -1)
    log.record(Answer("今天的问题", "答", False))
    with log._db() as db:   # the first question was asked 100 days ago
        db.execute("UPDATE questions SET at = '2000-01-01T00:00:00' WHERE id = ?", (old,))
    assert UsageLog(path, retention_days=90).rows("SELECT question FROM questions") == [("今天的问题",)]
    assert log.rows("SELECT COUNT(*) FROM feedback") == [(0,)]
    assert UsageLog(path, retention_days=0).purge(0) == 1                 # the purge command: everything older than now
