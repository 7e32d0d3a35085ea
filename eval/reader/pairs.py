"""Question-sentence pairs for the reader, from the training gold files: the sentences that answer, and the hard
ones that do not — the others of the evidence's paragraph and the best-ranked candidates that are not evidence."""
from __future__ import annotations

import hashlib
import json
from difflib import SequenceMatcher

from eval.gold import load_gold, norm
from eval.suite import GOLD, assistant_for
from rag.answer.rank.evidence import score
from rag.answer.rank.reader import passage

TOP = 12          # best-ranked candidates of each question that become pairs
SIBLINGS = 4      # other sentences of an evidence paragraph


def holds(sentence: str, evidence: tuple[str, ...]) -> int:
    """A sentence answers when it holds an evidence string, lies inside one, or holds the part of one that crosses
    into it from the sentence before or after (at least half of it). Stricter than eval.fit.positive: 「全省地区生产
    总值增长5.5%以上」 does not answer for evidence 「全省地区生产总值增长5.8%」."""
    t = norm(sentence)
    for e in map(norm, evidence):
        if e in t or (len(t) >= 8 and t in e):
            return 1
        m = SequenceMatcher(None, t, e, autojunk=False).find_longest_match(0, len(t), 0, len(e))
        crosses = (m.a == 0 and m.b + m.size == len(e)) or (m.a + m.size == len(t) and m.b == 0)
        if crosses and m.size >= max(8, len(e) // 2):
            return 1
    return 0


def _pair(item, folder: str, name: str, sentence, paragraph, year, label: int, kind: str,
          ranked: tuple[int, float] | None) -> dict:
    """One pair; `ranked`: the candidate's place and logit under the first-stage ranker (None: not a candidate)."""
    return {"report": folder, "file": name, "id": item.id, "question": item.question, "type": item.type,
            "passage": passage(sentence, paragraph, year), "label": label, "kind": kind,
            "key": f"{sentence.doc}/{sentence.paragraph}/{sentence.start}",
            "rank": ranked[0] if ranked else -1, "stage1": round(ranked[1], 4) if ranked else None}


def question_pairs(assistant, item, folder: str, name: str) -> list[dict]:
    """The pairs of one gold question (none for a follow-up: its reading depends on the chat)."""
    if item.context:
        return []
    _, _, cands = assistant.gather(item.question)
    scored, _ = score(cands, assistant.weights.ranker)
    periods = assistant.facts.periods
    places = {(c.sentence.doc, c.sentence.paragraph, c.sentence.start): (i, logit)
              for i, (c, logit) in enumerate(scored)}
    out, seen = [], set()

    def add(sentence, paragraph, label: int, kind: str) -> None:
        key = (sentence.doc, sentence.paragraph, sentence.start)
        if key not in seen:
            seen.add(key)
            out.append(_pair(item, folder, name, sentence, paragraph, periods[sentence.doc].year_of(paragraph),
                             label, kind, places.get(key)))

    sentences = [sp for doc in assistant.corpus.docs for sp in assistant.facts.sentences_by_doc[doc]]
    if item.evidence:   # every sentence of the report that holds evidence, found by the retriever or not
        for s, p in sentences:
            if holds(s.text, item.evidence):
                add(s, p, 1, "evidence")
        held = {(k[0], k[1]) for k in seen}
        siblings = [(s, p) for s, p in sentences if (s.doc, s.paragraph) in held]
        for s, p in siblings[:SIBLINGS * max(len(held), 1)]:
            add(s, p, holds(s.text, item.evidence), "sibling")
    for cand, _ in scored[:TOP]:
        add(cand.sentence, cand.paragraph, holds(cand.sentence.text, item.evidence) if item.evidence else 0,
            "ranked")
    return out


def build_pairs(files: dict[str, list[str]], embedder, progress: bool = True) -> list[dict]:
    from tqdm import tqdm

    pairs = []
    for folder, names in files.items():
        assistant = assistant_for(folder, embedder)
        for name in names:
            for item in tqdm(load_gold(GOLD / folder / f"{name}.jsonl"), desc=f"{folder}/{name}",
                             disable=not progress):
                pairs.extend(question_pairs(assistant, item, folder, name))
    return pairs


def data_hash(files: dict[str, list[str]]) -> str:
    """sha256 over the training gold files' bytes, in order: names the data a reader was trained on."""
    h = hashlib.sha256()
    for folder, names in sorted(files.items()):
        for name in names:
            h.update(f"{folder}/{name}\n".encode())
            h.update((GOLD / folder / f"{name}.jsonl").read_bytes())
    return h.hexdigest()


def summary(pairs: list[dict]) -> dict:
    questions = {(p["report"], p["id"]) for p in pairs}
    return {"pairs": len(pairs), "positive": sum(p["label"] for p in pairs), "questions": len(questions),
            "reports": len({p["report"] for p in pairs}),
            "by_kind": {k: sum(1 for p in pairs if p["kind"] == k) for k in ("evidence", "sibling", "ranked")}}


def dumps(pairs: list[dict]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs)
