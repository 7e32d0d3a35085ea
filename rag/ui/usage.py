"""The record of use, in SQLite on this machine (var/usage.sqlite): what was asked (personal numbers masked), how
it was read, the answer, refusals, latency and 👍/👎, kept for `retention_days`. On by default; RAG_LOG=0 turns it
off. Safe for many users at once (WAL)."""
from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path

from rag.config import Settings
from rag.ingest.chars import visible
from rag.types import Answer
from rag.ui.privacy import mask

MAX_TEXT = 4000          # longer input is stored cut (nothing is ever interpreted, only stored and escaped)
PURGE_EVERY = 3600       # seconds between automatic purges of rows older than the retention period
SAME = re.compile(r"[\W_]+", re.UNICODE)   # what two questions may differ in and still be one (punctuation, spaces)
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
    """What is stored of a text: personal numbers masked, cut at MAX_TEXT characters."""
    return mask(visible(value or "")[:MAX_TEXT])


def _stamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(seconds))


def group_key(question: str) -> str:
    """Questions that differ only in punctuation, spaces, width or case count as one."""
    return SAME.sub("", unicodedata.normalize("NFKC", question)).lower()


class UsageLog:
    """`path` None: a log that records nothing (RAG_LOG=0). Rows older than `retention_days` are deleted
    when it opens and then hourly; 0 keeps them forever."""

    def __init__(self, path: Path | None, retention_days: int = 90) -> None:
        self.path = path
        self.retention_days = retention_days
        self._local = threading.local()
        self._purged = 0.0
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
            self._purge_due()

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
        self._purge_due()
        row = (_stamp(time.time()), _cut(session), _cut(answer.question), _cut(answer.read_as),
               _cut(answer.text), int(answer.abstained), answer.confidence, json.dumps(cited, ensure_ascii=False),
               json.dumps(sorted(reports or []), ensure_ascii=False), answer.timings_ms.get("total"))
        with self._db() as db:
            return int(db.execute("INSERT INTO questions (at, session, question, read_as, answer, abstained, "
                                  "confidence, citations, reports, latency_ms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                  row).lastrowid or 0)

    def feedback(self, question_id: int, rating: int, comment: str = "") -> None:
        """👍 (+1) or 👎 (-1) on an answer, with an optional comment; one vote per answer, the latest kept."""
        if not self.enabled:
            return
        with self._db() as db:
            db.execute("DELETE FROM feedback WHERE question_id = ?", (int(question_id),))
            db.execute("INSERT INTO feedback (at, question_id, rating, comment) VALUES (?,?,?,?)",
                       (_stamp(time.time()), int(question_id), 1 if rating > 0 else -1, _cut(comment)))

    def unvote(self, question_id: int) -> None:
        """The vote on an answer taken back."""
        if self.enabled:
            with self._db() as db:
                db.execute("DELETE FROM feedback WHERE question_id = ?", (int(question_id),))

    def comment(self, question_id: int, comment: str) -> bool:
        """A comment added to the vote on an answer; False when there is no vote to add it to."""
        if not self.enabled:
            return False
        with self._db() as db:
            return db.execute("UPDATE feedback SET comment = ? WHERE question_id = ?",
                              (_cut(comment), int(question_id))).rowcount > 0

    def purge(self, days: int) -> int:
        """Delete questions (and their feedback) older than `days` days; returns how many questions went."""
        if not self.enabled:
            return 0
        cutoff = _stamp(time.time() - days * 86400)
        with self._db() as db:
            db.execute("DELETE FROM feedback WHERE question_id IN (SELECT id FROM questions WHERE at <= ?)", (cutoff,))
            return db.execute("DELETE FROM questions WHERE at <= ?", (cutoff,)).rowcount

    def _purge_due(self) -> None:
        if self.retention_days > 0 and time.time() - self._purged > PURGE_EVERY:
            self._purged = time.time()
            self.purge(self.retention_days)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.path is None or not self.path.exists():
            return []
        return self._db().execute(sql, params).fetchall()

    def _top(self, where: str, limit: int) -> list[tuple[str, int]]:
        """Questions as they were read, grouped when they differ only in punctuation or spaces, most asked first,
        each shown masked as its latest wording (`where`: a fixed SQL condition, never user text)."""
        groups: dict[str, list] = {}
        rows = self.rows(f"SELECT id, COALESCE(NULLIF(read_as, ''), question) FROM questions {where} ORDER BY id")
        for row_id, text in rows:
            entry = groups.setdefault(group_key(text), [text, 0, 0])
            entry[0], entry[1], entry[2] = text, entry[1] + 1, row_id
        ranked = sorted(groups.values(), key=lambda e: (-e[1], -e[2]))   # ties: the most recently asked first
        return [(mask(text), n) for text, n, _ in ranked[:limit]]

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
        out: list[dict] = []
        earlier: dict[str, list[str]] = {}
        for qid, session, question, answer, abstained, comments, worst in rows:
            before = earlier.setdefault(session or f"#{qid}", [])
            if abstained or (worst is not None and worst < 0):
                out.append({"id": qid, "question": question, "answer": answer, "abstained": bool(abstained),
                            "thumbs_down": worst is not None and worst < 0, "comment": comments or "",
                            "context": list(before[-3:]) if session else []})
            before.append(question)
        return out


def review_lines(log: UsageLog) -> list[dict]:
    """Thumbs-down and refused questions as gold lines (type unanswerable, empty answers) for someone to review:
    real users' questions become tomorrow's gold files."""
    lines = []
    for row in log.to_review():
        why = ("👎 " + row["comment"]).strip() if row["thumbs_down"] else "助手拒答"
        line = {"id": f"use{row['id']:06d}", "question": row["question"], "type": "unanswerable", "answers": [],
                "evidence": [], "note": f"待审：{why}；当时的回答：{row['answer'][:200]}"}
        if row["context"]:
            line["context"] = row["context"]
        lines.append(line)
    return lines


def configured_log(settings: Settings | None = None) -> UsageLog:
    settings = settings or Settings.from_env()
    return UsageLog(settings.log_path, settings.retention_days)
