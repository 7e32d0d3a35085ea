"""The record of use, in SQLite on this machine (var/usage.sqlite): what was asked, how it was read, the answer,
refusals, latency and 👍/👎. On by default; RAG_LOG=0 turns it off. Safe for many users at once (WAL)."""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

from rag import config
from rag.types import Answer

LOG_ENV, PATH_ENV = "RAG_LOG", "RAG_LOG_PATH"
MAX_TEXT = 4000          # longer input is stored cut (nothing is ever interpreted, only stored and escaped)
SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, session TEXT, question TEXT NOT NULL, read_as TEXT,
    answer TEXT, abstained INTEGER, confidence REAL, citations TEXT, reports TEXT, latency_ms REAL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, question_id INTEGER NOT NULL REFERENCES questions(id),
    rating INTEGER NOT NULL, comment TEXT);
CREATE INDEX IF NOT EXISTS feedback_question ON feedback(question_id);
"""


def _cut(value: str | None) -> str:
    return (value or "")[:MAX_TEXT]


class UsageLog:
    """`path` None: a log that records nothing (RAG_LOG=0)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._local = threading.local()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:  # one connection per thread; writers wait for each other instead of failing
            db = sqlite3.connect(str(self.path), timeout=30)
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    def record(self, answer: Answer, session: str = "", reports: list[str] | None = None) -> int | None:
        """Store one answered question; returns its row id (for feedback), None when logging is off."""
        if not self.enabled:
            return None
        cited = [{"n": c.n, "doc": c.paragraph.doc, "paragraph": c.paragraph.id} for c in answer.citations]
        row = (time.strftime("%Y-%m-%dT%H:%M:%S"), _cut(session), _cut(answer.question), _cut(answer.read_as),
               _cut(answer.text), int(answer.abstained), answer.confidence, json.dumps(cited, ensure_ascii=False),
               json.dumps(sorted(reports or []), ensure_ascii=False), answer.timings_ms.get("total"))
        with self._db() as db:
            return int(db.execute("INSERT INTO questions (at, session, question, read_as, answer, abstained, "
                                  "confidence, citations, reports, latency_ms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                  row).lastrowid)

    def feedback(self, question_id: int, rating: int, comment: str = "") -> None:
        """👍 (+1) or 👎 (-1) on an answer, with an optional comment."""
        if not self.enabled:
            return
        with self._db() as db:
            db.execute("INSERT INTO feedback (at, question_id, rating, comment) VALUES (?,?,?,?)",
                       (time.strftime("%Y-%m-%dT%H:%M:%S"), int(question_id), 1 if rating > 0 else -1, _cut(comment)))

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if not self.enabled or not self.path.exists():
            return []
        return self._db().execute(sql, params).fetchall()

    def _top(self, where: str, limit: int) -> list[tuple[str, int]]:
        """Questions as they were read, most asked first (`where`: a fixed SQL condition, never user text)."""
        return self.rows("SELECT COALESCE(NULLIF(read_as, ''), question) AS q, COUNT(*) AS n FROM questions "
                         f"{where} GROUP BY q ORDER BY n DESC, MAX(id) DESC LIMIT ?", (limit,))

    def most_asked(self, limit: int = 20) -> list[tuple[str, int]]:
        return self._top("", limit)

    def unanswered(self, limit: int = 20) -> list[tuple[str, int]]:
        return self._top("WHERE abstained = 1", limit)

    def to_review(self) -> list[dict]:
        """Thumbs-down and refused questions, oldest first, each with the questions asked before it in its session."""
        rows = self.rows("SELECT q.id, q.session, q.question, q.answer, q.abstained, "
                         "(SELECT GROUP_CONCAT(comment, ' / ') FROM feedback f WHERE f.question_id = q.id "
                         " AND f.rating < 0), (SELECT MIN(rating) FROM feedback f WHERE f.question_id = q.id) "
                         "FROM questions q ORDER BY q.id")
        out, earlier = [], {}
        for qid, session, question, answer, abstained, comments, worst in rows:
            before = earlier.setdefault(session or f"#{qid}", [])
            if abstained or (worst is not None and worst < 0):
                out.append({"id": qid, "question": question, "answer": answer, "abstained": bool(abstained),
                            "thumbs_down": worst is not None and worst < 0, "comment": comments or "",
                            "context": list(before[-3:]) if session else []})
            before.append(question)
        return out


def configured_log() -> UsageLog:
    if os.environ.get(LOG_ENV, "1").strip() in ("0", "false", "off", "no"):
        return UsageLog(None)
    return UsageLog(Path(os.environ.get(PATH_ENV) or config.ROOT / "var" / "usage.sqlite"))
