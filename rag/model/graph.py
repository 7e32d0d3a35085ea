"""A BERT encoder with its pooling written straight into an ONNX graph from its weights (numpy, no torch): ONNX
Runtime's fused operators (Attention, SkipLayerNormalization, BiasGelu), inputs_embeds in, sentence vectors out.

So that installing the app to serve it needs no torch: the e5 weights convert with numpy (rag/model/folder.py) and
become this graph. tests/test_backends.py holds it to the torch export's vectors."""
from __future__ import annotations

from pathlib import Path

import numpy as np

MS = "com.microsoft"
OPSET = 17


def bert_graph(state: dict[str, np.ndarray], config: dict, pooling: str = "mean", normalize: bool = True,
               prefix: str = ""):
    """The model as an onnx ModelProto. `state`: Hugging Face BertModel weights (names without `prefix`)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def w(name: str) -> np.ndarray:
        return np.ascontiguousarray(state[prefix + name], dtype=np.float32)

    inits, nodes = [], []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, ins: list[str], out: str, domain: str = "", **attrs) -> str:
        nodes.append(helper.make_node(op, ins, [out], name=out, domain=domain, **attrs))
        return out

    hidden, heads, eps = int(config["hidden_size"]), int(config["num_attention_heads"]), float(config["layer_norm_eps"])
    # embeddings: the word vectors come in; positions 0…S-1 and token type 0 are added here
    length = node("Shape", ["inputs_embeds"], "length", start=1, end=2)            # [S], one-dimensional
    pos = node("Slice", [const("position_table", w("embeddings.position_embeddings.weight")),
                         const("zero_1d", np.array([0], np.int64)), length, const("axis0", np.array([0], np.int64))],
               "pos")
    summed = node("Add", ["inputs_embeds", pos], "emb_pos")
    summed = node("Add", [summed, const("type0", w("embeddings.token_type_embeddings.weight")[0])], "emb_sum")
    x = node("LayerNormalization", [summed, const("emb_ln_g", w("embeddings.LayerNorm.weight")),
                                    const("emb_ln_b", w("embeddings.LayerNorm.bias"))], "emb", axis=-1, epsilon=eps)
    mask32 = node("Cast", ["attention_mask"], "mask32", to=TensorProto.INT32)
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        qkv = np.concatenate([w(p + f"attention.self.{k}.weight").T for k in ("query", "key", "value")], axis=1)
        bias = np.concatenate([w(p + f"attention.self.{k}.bias") for k in ("query", "key", "value")])
        att = node("Attention", [x, const(f"l{i}_qkv", qkv), const(f"l{i}_qkv_b", bias), mask32], f"l{i}_att",
                   domain=MS, num_heads=heads)
        out = node("MatMul", [att, const(f"l{i}_ao", w(p + "attention.output.dense.weight").T)], f"l{i}_ao_mm")
        x = node("SkipLayerNormalization", [out, x, const(f"l{i}_aln_g", w(p + "attention.output.LayerNorm.weight")),
                                            const(f"l{i}_aln_b", w(p + "attention.output.LayerNorm.bias")),
                                            const(f"l{i}_ao_b", w(p + "attention.output.dense.bias"))],
                 f"l{i}_h1", domain=MS, epsilon=eps)
        ff = node("MatMul", [x, const(f"l{i}_fi", w(p + "intermediate.dense.weight").T)], f"l{i}_fi_mm")
        ff = node("BiasGelu", [ff, const(f"l{i}_fi_b", w(p + "intermediate.dense.bias"))], f"l{i}_gelu", domain=MS)
        ff = node("MatMul", [ff, const(f"l{i}_fo", w(p + "output.dense.weight").T)], f"l{i}_fo_mm")
        x = node("SkipLayerNormalization", [ff, x, const(f"l{i}_oln_g", w(p + "output.LayerNorm.weight")),
                                            const(f"l{i}_oln_b", w(p + "output.LayerNorm.bias")),
                                            const(f"l{i}_fo_b", w(p + "output.dense.bias"))],
                 f"l{i}_out", domain=MS, epsilon=eps)
    if pooling == "cls":
        vec = node("Gather", [x, const("zero_s", np.array(0, np.int64))], "pooled", axis=1)
    else:
        maskf = node("Cast", ["attention_mask"], "maskf", to=TensorProto.FLOAT)
        mask3 = node("Unsqueeze", [maskf, const("axis2", np.array([2], np.int64))], "mask3")
        total = node("ReduceSum", [node("Mul", [x, mask3], "masked"), const("axis1", np.array([1], np.int64))],
                     "total", keepdims=0)
        count = node("ReduceSum", [mask3, "axis1"], "count", keepdims=0)
        count = node("Max", [count, const("tiny", np.array(1e-9, np.float32))], "count_pos")
        vec = node("Div", [total, count], "pooled")
    if normalize:
        vec = node("LpNormalization", [vec], "normalized", axis=-1, p=2)
    nodes.append(helper.make_node("Identity", [vec], ["sentence_embedding"], name="output"))
    graph = helper.make_graph(
        nodes, "bert_sentence_encoder",
        [helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "tokens", hidden]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MS, 1)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=False)
    return model


def export_without_torch(model_path: Path, settings: dict, out: Path) -> int:
    """Write the graph and the word table of a BERT sentence-transformers folder; returns the vector size."""
    import json

    import onnx
    from safetensors.numpy import load_file

    config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
    state = load_file(str(model_path / "model.safetensors"))
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in state else ""
    np.save(out / "words.npy", np.ascontiguousarray(state[prefix + "embeddings.word_embeddings.weight"], np.float32))
    onnx.save(bert_graph(state, config, settings["pooling"], settings["normalize"], prefix), str(out / "encoder.onnx"))
    return int(config["hidden_size"])


def can_build(model_path: Path) -> bool:
    """A BERT model in safetensors: what this module writes without torch (XLM-R and others go through torch)."""
    import json

    config_path = Path(model_path) / "config.json"
    if not config_path.exists() or not (Path(model_path) / "model.safetensors").exists():
        return False
    config = json.loads(config_path.read_text(encoding="utf-8"))
    return config.get("model_type") == "bert" and config.get("position_embedding_type", "absolute") == "absolute"
