"""Writes the trained reader as kept artifacts: the fine-tuned weights (fp16, word table left out: training froze
it and serving reads the e5 export's) and the ONNX graph ONNX Runtime serves (fused, int8 matrix products)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rag.answer.rank.reader import GRAPH

WEIGHTS = "reader.safetensors"
WORD_TABLE = "bert.embeddings.word_embeddings.weight"
OPSET = 17


def save_weights(model, out: Path) -> Path:
    """Every weight of the reader but the frozen word table, in fp16."""
    from safetensors.torch import save_file

    state = {k: v.detach().half().contiguous() for k, v in model.model.state_dict().items() if k != WORD_TABLE}
    save_file(state, str(out / WEIGHTS), metadata={"layers": str(model.model.config.num_hidden_layers)})
    return out / WEIGHTS


def load_model(folder: Path):
    """The reader in torch from its kept weights and the converted e5 model's word table (the reference)."""
    from safetensors.torch import load_file
    from sentence_transformers.cross_encoder import CrossEncoder

    from rag.answer.rank.reader import MAX_TOKENS
    from rag.model.folder import default_model_dir

    state = load_file(str(Path(folder) / WEIGHTS))
    layers = 1 + max(int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer."))
    model = CrossEncoder(str(default_model_dir()), num_labels=1, max_length=MAX_TOKENS)
    bert = model.model.bert
    bert.encoder.layer = bert.encoder.layer[:layers]
    model.model.config.num_hidden_layers = layers
    missing, unexpected = model.model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if unexpected or set(missing) - {WORD_TABLE}:
        raise RuntimeError(f"reader weights do not fit: missing {missing}, unexpected {unexpected}")
    model.model.eval().requires_grad_(False)
    return model


def export_graph(model, out: Path) -> Path:
    """inputs_embeds, attention_mask → one logit per row; fused by ONNX Runtime, then int8 matrix products."""
    import numpy as np
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    net = model.model.eval()
    net.requires_grad_(False)  # the tracer refuses to bake weights that still ask for gradients into a graph

    class Logit(torch.nn.Module):
        def forward(self, inputs_embeds, attention_mask):
            return net(inputs_embeds=inputs_embeds, attention_mask=attention_mask,
                       token_type_ids=torch.zeros_like(attention_mask)).logits[:, 0]

    words = net.bert.embeddings.word_embeddings.weight.detach().numpy()
    ids = np.array([[0, 100, 200, 2, 2, 300, 2], [0, 100, 2, 2, 300, 2, 1]])
    example = (torch.from_numpy(words[ids]).float(), torch.from_numpy((ids != 1).astype(np.int64)))
    axes = {"inputs_embeds": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "logit": {0: "batch"}}
    with tempfile.TemporaryDirectory() as tmp:
        plain, fused = Path(tmp) / "plain.onnx", Path(tmp) / "fused.onnx"
        with torch.inference_mode():
            torch.onnx.export(Logit(), example, str(plain), input_names=["inputs_embeds", "attention_mask"],
                              output_names=["logit"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)
        config = net.config
        optimize_model(str(plain), model_type="bert", num_heads=int(config.num_attention_heads),
                       hidden_size=int(config.hidden_size)).save_model_to_file(str(fused))
        target = Path(tmp) / GRAPH
        quantize_dynamic(str(fused), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        fd, part = tempfile.mkstemp(prefix=".reader-", suffix=".onnx", dir=out)
        os.close(fd)
        shutil.copyfile(target, part)
        os.replace(part, out / GRAPH)
    return out / GRAPH
