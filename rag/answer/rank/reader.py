"""The learned reader: how likely one candidate sentence answers the question, read together with it.

A cross-encoder fine-tuned from the e5 model on our gold files (`python -m eval train`), served by ONNX Runtime
without torch: the committed graph (rag/answer/rank/reader/reader.onnx) takes word vectors from the e5 export's
memory-mapped word table, which training kept frozen. It reads the question and the passage as one sequence,
<s> question </s></s> passage </s>, the passage being the sentence, its year, its heading and the sentence before.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.types import Paragraph, Sentence

FOLDER = Path(__file__).with_name("reader")
GRAPH, RECORD = "reader.onnx", "reader.json"
SWITCH_ENV = "RAG_READER"          # 0: answer without the reader (the ablation)
MAX_TOKENS = 160
BOS, EOS, PAD = 0, 2, 1
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def passage(sentence: Sentence, paragraph: Paragraph, year: int | None) -> str:
    """What the reader reads beside the question: the sentence, its year (「2023年回顾」), its heading and the end
    of the sentence before it, most telling first (truncation cuts from the end)."""
    before = [s for s in SENTENCE_END.split(paragraph.text[:sentence.start]) if s.strip()]
    when = ""
    if year and paragraph.period == "past":
        when = f"{year}年回顾"
    elif year and paragraph.period == "present":
        when = f"{year}年安排"
    head = paragraph.section[-1][:40] if paragraph.section else ""
    return " ｜ ".join(x for x in (sentence.text, when, head, before[-1][-60:] if before else "") if x)


def pair_ids(question: list[int], text: list[int], limit: int = MAX_TOKENS) -> list[int]:
    """<s> q </s></s> p </s>, the longer side cut first (as the tokenizer's longest-first truncation does)."""
    q, p = list(question), list(text)
    while len(q) + len(p) + 4 > limit:
        (p if len(p) >= len(q) else q).pop()
    return [BOS, *q, EOS, EOS, *p, EOS]


class Reader:
    """The ONNX reader over the e5 export's word table and tokenizer (`export`: its folder)."""

    def __init__(self, graph: Path, export: Path) -> None:
        import onnxruntime as ort
        import sentencepiece

        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(export / "sentencepiece.model"))
        self._words = np.load(export / "words.npy", mmap_mode="r")
        self.record = json.loads((graph.parent / RECORD).read_text(encoding="utf-8")) if (
            graph.parent / RECORD).exists() else {}

    def logits(self, question: str, passages: list[str]) -> np.ndarray:
        """One logit per passage: how likely it answers `question` (higher: more likely)."""
        if not passages:
            return np.zeros(0, np.float32)
        q, *ps = self._sp.encode([question, *passages])
        rows = [pair_ids(q, p) for p in ps]
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), PAD, np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for i, r in enumerate(rows):
            ids[i, :len(r)], mask[i, :len(r)] = r, 1
        embeds = np.ascontiguousarray(self._words[ids], dtype=np.float32)
        (out,) = self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})
        return np.asarray(out, np.float32).reshape(-1)


def reader_on() -> bool:
    return os.environ.get(SWITCH_ENV, "1").strip().lower() not in ("0", "off", "false", "no")


@lru_cache(maxsize=4)
def load_reader(graph: Path = FOLDER / GRAPH, export: Path | None = None) -> Reader | None:
    """The reader over the e5 export (the default model's, whatever model embeds: the reader reads e5's word
    table); None when either is missing or the reader is switched off — the system then answers without it."""
    if export is None:
        from rag.model.export import export_dir
        from rag.model.folder import default_model_dir

        export = export_dir(default_model_dir())
    if not reader_on() or not Path(graph).exists() or not (Path(export) / "words.npy").exists():
        return None
    return Reader(Path(graph), Path(export))
