"""Embeds with ONNX Runtime: the exported encoder, a memory-mapped word table, and a light tokenizer (no torch)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from rag.model.export import ENCODER, MARKER, WORDS, int8_encoder
from rag.model.folder import SENTENCEPIECE
from rag.model.queries import QueryCache

# Batches are cut by padded size, not count: sorted by token length, a batch of short sentences grows to 64
# while long ones go a few at a time. Measured on 1,529 report sentences, 2 cores: 87 sentences/s against
# 58/s for a fixed 16 sorted by characters (/tmp/bexp2.py, README "Performance").
TOKEN_BUDGET = 1024   # batch rows × padded width
MAX_BATCH = 64


class _Tokenizer:
    """Token ids with the model's special tokens: sentencepiece when the folder has it, else `tokenizers`."""

    def __init__(self, folder: Path, name: str, max_length: int) -> None:
        self.max_length = max_length
        if name == SENTENCEPIECE:
            import sentencepiece

            self._sp: Any = sentencepiece.SentencePieceProcessor(model_file=str(folder / name))
            self._bos, self._eos = self._sp.bos_id(), self._sp.eos_id()
        else:
            from tokenizers import Tokenizer

            self._sp = None
            self._hf = Tokenizer.from_file(str(folder / name))
            self._hf.enable_truncation(max_length)

    def __call__(self, texts: list[str]) -> list[list[int]]:
        if self._sp is None:
            return [e.ids for e in self._hf.encode_batch(texts)]
        keep = self.max_length - 2
        return [[self._bos, *ids[:keep], self._eos] for ids in self._sp.encode(texts)]


class OnnxEmbedder(QueryCache):
    """The exported model in ONNX Runtime; `precision` "int8" uses the dynamically quantised encoder."""

    def __init__(self, model_id: str, folder: Path, precision: str = "fp32") -> None:
        import onnxruntime as ort

        super().__init__()
        settings = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        self.model_id, self.dim, self.backend = model_id, int(settings["dim"]), f"onnx-{precision}"
        self.query_prompt = settings["prompts"].get("query", "")
        self.passage_prompt = settings["prompts"].get("passage", "")
        self._tokenize = _Tokenizer(folder, settings["tokenizer"], int(settings["max_length"]))
        self._words = np.load(folder / WORDS, mmap_mode="r")  # only the rows of tokens seen are read
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        encoder = int8_encoder(folder) if precision == "int8" else folder / ENCODER
        self._session = ort.InferenceSession(str(encoder), options, providers=["CPUExecutionProvider"])

    def _run(self, texts: list[str]) -> np.ndarray:
        return self._run_ids(self._tokenize(texts))

    def _run_ids(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), width), np.int64)
        mask = np.zeros((len(ids), width), np.int64)
        for i, row in enumerate(ids):
            tokens[i, :len(row)], mask[i, :len(row)] = row, 1
        embeds = np.ascontiguousarray(self._words[tokens], dtype=np.float32)
        (vectors,) = self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self._run([self.query_prompt + text])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_passages(texts, prompt=self.query_prompt)

    def embed_passages(self, texts: list[str], progress: bool = False, prompt: str | None = None) -> np.ndarray:
        """Batches of similar token length (little padding), returned in the order given."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        prompt = self.passage_prompt if prompt is None else prompt
        ids = self._tokenize([prompt + text for text in texts])
        order = np.argsort([len(row) for row in ids], kind="stable")
        out = np.empty((len(texts), self.dim), np.float32)
        for rows in _batches([len(ids[i]) for i in order]):
            picked = order[rows]
            out[picked] = self._run_ids([ids[i] for i in picked])
        return out


def _batches(widths: list[int]) -> list[slice]:
    """Consecutive slices of ascending `widths` whose rows × last width stay within TOKEN_BUDGET."""
    cuts, start = [], 0
    for end in range(1, len(widths) + 1):
        if end - start > MAX_BATCH or (end - start) * widths[end - 1] > TOKEN_BUDGET:
            if end - 1 > start:
                cuts.append(slice(start, end - 1))
                start = end - 1
    cuts.append(slice(start, len(widths)))
    return cuts
