"""Exports a sentence-transformers folder to ONNX once: the encoder with its pooling, and the word table as .npy.

The word-embedding table stays out of the graph and is read through a memory map at serving time, so only
the rows of tokens actually seen are in memory (~384 MB of the e5 model's 470 MB are that table). A BERT model
(the default e5 among them) is written from its weights without torch (rag/model/graph.py); other architectures
need torch to trace. Serving the result (rag/model/onnx.py) never needs torch.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from rag.files import atomic_folder
from rag.model.folder import SENTENCEPIECE, cache_root

EXPORT_VERSION = 3   # 3: a BERT model's graph written from its weights with the fused operators, no torch
MARKER = "export.json"      # written last: its presence means the folder is complete
ENCODER, WORDS, INT8 = "encoder.onnx", "words.npy", "encoder.int8.onnx"
OPSET = 17


def export_dir(model_path: Path) -> Path:
    """Where the export of the model folder `model_path` is cached."""
    path = Path(model_path).resolve()
    slug = re.sub(r"[^\w.-]", "-", path.name)[:40]
    return cache_root() / "onnx" / f"{slug}-{hashlib.sha256(str(path).encode()).hexdigest()[:10]}"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _settings(model_path: Path) -> dict:
    """Pooling, normalisation, prompts and length from the sentence-transformers files of the folder."""
    read = _read(model_path / "modules.json")
    modules: list = read if isinstance(read, list) else []
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling_dir = next((m["path"] for m in modules if m.get("type", "").endswith("Pooling")), "1_Pooling")
    pooling = _read(model_path / pooling_dir / "config.json")
    mode = "cls" if pooling.get("pooling_mode_cls_token") else "mean"
    if kinds and not set(kinds) <= {"Transformer", "Pooling", "Normalize"}:
        raise RuntimeError(f"模型 {model_path} 含有 ONNX 导出不支持的模块 {kinds}；请设置 RAG_BACKEND=torch。")
    prompts = _read(model_path / "config_sentence_transformers.json").get("prompts", {})
    return {"pooling": mode, "normalize": "Normalize" in kinds or not kinds, "prompts": prompts,
            "max_length": int(_read(model_path / "sentence_bert_config.json").get("max_seq_length", 512))}


def _export_graph(model_path: Path, settings: dict, out: Path) -> int:
    """The encoder and its word table: a BERT model written straight from its weights (no torch); any other
    architecture traced by torch, then fused."""
    from rag.model.graph import can_build, export_without_torch

    if can_build(model_path):
        return export_without_torch(model_path, settings, out)
    import numpy as np
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()
    words = model.get_input_embeddings().weight.detach().numpy().astype(np.float32)
    np.save(out / WORDS, words)

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, inputs_embeds, attention_mask):
            hidden = self.model(inputs_embeds=inputs_embeds, attention_mask=attention_mask,
                                token_type_ids=torch.zeros_like(attention_mask)).last_hidden_state
            if settings["pooling"] == "cls":
                vector = hidden[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                vector = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(vector, dim=-1) if settings["normalize"] else vector

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 100, 2, 1, 1]])
    example = (torch.from_numpy(words[ids.numpy()]), (ids != 1).long())
    axes = {"inputs_embeds": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "sentence_embedding": {0: "batch"}}
    with torch.inference_mode():
        torch.onnx.export(Pooled(), example, str(out / ENCODER), input_names=["inputs_embeds", "attention_mask"],
                          output_names=["sentence_embedding"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    _fuse(out / ENCODER, model.config)
    return int(words.shape[1])


def _fuse(path: Path, config) -> None:
    """Fuse the graph's attention, GELU and layer norms (about a fifth faster on this CPU); the plain graph
    stays when the optimizer does not know the architecture. Parity is checked in tests/test_backends.py."""
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        fused = optimize_model(str(path), model_type="bert", num_heads=int(config.num_attention_heads),
                               hidden_size=int(config.hidden_size))
        tmp = path.with_suffix(".fused.onnx")
        fused.save_model_to_file(str(tmp))
        os.replace(tmp, path)
    except Exception:  # an architecture the optimizer does not handle: the unfused graph is correct too
        Path(path.with_suffix(".fused.onnx")).unlink(missing_ok=True)


def export_model(model_path: Path, out: Path | None = None) -> Path:
    """Export `model_path` (a sentence-transformers folder) into `out`, atomically; return `out`."""
    import warnings

    model_path, out = Path(model_path), Path(out or export_dir(model_path))
    settings = _settings(model_path)
    with atomic_folder(out) as tmp:
        with warnings.catch_warnings():  # the tracer's notes about shapes are expected here
            warnings.simplefilter("ignore")
            dim = _export_graph(model_path, settings, tmp)
        tokenizer = SENTENCEPIECE if (model_path / SENTENCEPIECE).exists() else "tokenizer.json"
        shutil.copy(model_path / tokenizer, tmp / tokenizer)
        marker = {"version": EXPORT_VERSION, "source": str(model_path.resolve()), "dim": dim,
                  "tokenizer": tokenizer, **settings}
        (tmp / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def int8_encoder(folder: Path) -> Path:
    """The encoder with int8 dynamic quantisation of its matrix products (ONNX Runtime), made on first use."""
    target = folder / INT8
    if not target.exists():
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fd, tmp = tempfile.mkstemp(prefix=".int8-", suffix=".onnx", dir=folder)
        os.close(fd)
        try:
            quantize_dynamic(str(folder / ENCODER), tmp, weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul"],  # the fused graph's own ops lack type information
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return target


def exported(model_path: Path) -> Path:
    """The cached export of `model_path`, exporting it first when there is none (or an older one)."""
    folder = export_dir(model_path)
    if _read(folder / MARKER).get("version") != EXPORT_VERSION:
        export_model(model_path, folder)
    return folder
