"""Several answers made one: texts in order, citations renumbered across them, the parts kept for a table."""
from __future__ import annotations

import re
from dataclasses import replace

from rag.types import Answer, Citation


def join(question: str, answers: list[Answer], asked: list[str] | None = None,
         labels: list[str] | None = None, absent: list[str] | None = None) -> Answer:
    """One Answer from the parts' answers: texts in order, citations renumbered across them. It is a refusal
    only when every part is refused; a missing part says so on its own. `labels` (places) lead their parts
    and keep the parts for a side-by-side table; `absent`: what a refused part says instead of 「报告没有给出。」."""
    numbers: dict[tuple[str, str], int] = {}
    citations: list[Citation] = []
    texts: list[str] = []
    parts: list[tuple[str, Answer]] = []
    for i, (answer, part_asked) in enumerate(zip(answers, asked or [a.question for a in answers])):
        local = {}
        for c in answer.citations:
            key = (c.paragraph.doc, c.paragraph.id)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(replace(c, n=numbers[key]))
            local[c.n] = numbers[key]
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{local.get(int(m.group(1)), m.group(1))}]", answer.text)  # noqa: B023
        if labels:
            body = ((absent[i] if absent and absent[i] else "报告没有给出。") if answer.abstained else text)
            text = f"{labels[i]}：{body}"
            parts.append((labels[i], replace(answer, text=body, citations=tuple(
                replace(c, n=local[c.n]) for c in answer.citations))))
        elif answer.abstained and len(answers) > 1:  # a missing part says so briefly, the others still stand
            text = f"（{part_asked.rstrip('？?')}：报告没有给出。）"
        if text not in texts:
            texts.append(text)
    first = answers[0]
    timings = {"parts": float(len(answers)), "total": sum(a.timings_ms.get("total", 0.0) for a in answers)}
    hits = tuple(dict.fromkeys(h for a in answers for h in a.hits))
    probability = min((a.confidence for a in answers if a.confidence is not None), default=None)
    return Answer(question, "".join(texts), all(a.abstained for a in answers), tuple(citations), hits,
                  first.mode, first.note, timings, probability, first.read_as, tuple(parts),
                  tuple(i for a in answers if not a.abstained for i in a.items))
