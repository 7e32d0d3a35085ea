"""Loads and validates gold Q&A files in the contract format, naming the line of any error."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TYPES = ("number", "fact", "list", "where_in_report", "comparison", "reason_or_plan", "paraphrase", "unanswerable")
TURNS = ("", "followup", "standalone")
REQUIRED = ("id", "question", "type", "answers", "evidence")


class GoldError(ValueError):
    """A malformed gold file; the message names the file and line."""


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    type: str
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    section: str = ""
    line: int = 0
    context: tuple[str, ...] = ()   # earlier questions of the same chat, oldest first
    turn: str = ""                  # with context: "followup" (needs it) or "standalone" (a new topic), if marked


def norm(text: str) -> str:
    """The contract's matching rule: NFKC, then all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _item(obj: object, where: str) -> GoldItem:
    if not isinstance(obj, dict):
        raise GoldError(f"{where}：每一行必须是一个 JSON 对象。")
    missing = [k for k in REQUIRED if k not in obj]
    if missing:
        raise GoldError(f"{where}：缺少字段 {', '.join(missing)}。")
    if (not isinstance(obj["id"], str) or not obj["id"] or not isinstance(obj["question"], str)
            or not obj["question"].strip()):
        raise GoldError(f"{where}：id 和 question 必须是非空字符串。")
    if obj["type"] not in TYPES:
        raise GoldError(f"{where}：type “{obj['type']}” 不是 {', '.join(TYPES)} 之一。")
    for key in ("answers", "evidence"):
        value = obj[key]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise GoldError(f"{where}：{key} 必须是非空字符串的列表。")
    if obj["type"] == "unanswerable" and (obj["answers"] or obj["evidence"]):
        raise GoldError(f"{where}：unanswerable 的 answers 和 evidence 必须是 []。")
    if obj["type"] != "unanswerable" and not 1 <= len(obj["evidence"]) <= 3:
        raise GoldError(f"{where}：evidence 需要 1 到 3 条。")
    context = obj.get("context", [])
    if not isinstance(context, list) or not all(isinstance(c, str) and c.strip() for c in context):
        raise GoldError(f"{where}：context 必须是非空字符串的列表（同一对话中更早的问题）。")
    if obj.get("turn", "") not in TURNS:
        raise GoldError(f"{where}：turn 只能是 followup（追问）或 standalone（换了话题）。")
    return GoldItem(obj["id"], obj["question"], obj["type"], tuple(obj["answers"]), tuple(obj["evidence"]),
                    str(obj.get("section", "")), context=tuple(context), turn=obj.get("turn", ""))


def load_gold(path: str | Path) -> list[GoldItem]:
    """Parse a gold file; raise GoldError naming the line for any malformed entry or duplicate id."""
    p = Path(path)
    if not p.is_file():
        raise GoldError(f"找不到金标准文件 {p}。")
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(p.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{p} 第 {number} 行"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}：不是合法的 JSON（{exc.msg}，第 {exc.colno} 列）。") from exc
        item = _item(obj, where)
        if item.id in seen:
            raise GoldError(f"{where}：id “{item.id}” 与第 {seen[item.id]} 行重复。")
        seen[item.id] = number
        items.append(GoldItem(**{**item.__dict__, "line": number}))
    if not items:
        raise GoldError(f"{p} 里没有任何问题。")
    return items
