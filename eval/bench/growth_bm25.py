"""BM25 (bm25s, as rag/search/keyword.py uses it) over a synthetic Chinese corpus grown from the real report."""
from __future__ import annotations

import gc
import re
import time
from pathlib import Path

import numpy as np

from eval.bench.growth_vectors import rss

REPORT = Path(__file__).resolve().parents[2] / "data" / "dazu-2024-government-work-report.txt"
CHUNK_CHARS = 200
MIN_CHARS = 20
SWAP_SENTENCE = 0.3  # chance that a sentence of a chunk is replaced by a random sentence of the report
N_QUERIES = 200
K = 10
K1, B = 1.2, 0.75
QUESTIONS = [
    "2023年地区生产总值增长多少", "今年怎么稳房地产", "2024年经济增长的预期目标是多少",
    "大足石刻文化旅游有哪些新举措", "城乡居民人均可支配收入增长了多少", "今年计划新增多少城镇就业",
    "如何推进乡村振兴", "规上工业增加值增长多少", "招商引资签约了多少项目", "一般公共预算收入是多少",
    "怎么优化营商环境", "生态环境保护做了哪些工作", "教育方面办了哪些民生实事", "医疗卫生有哪些新项目",
    "如何防范化解政府债务风险", "五金产业发展情况怎样", "成渝地区双城经济圈建设有什么进展",
    "交通基础设施建设有哪些重点项目", "粮食产量是多少", "今年要办好哪些民生实事",
]
DATA = (f"~{CHUNK_CHARS}-character chunks of {REPORT.name} (sentences packed within paragraphs, headings "
        f"under {MIN_CHARS} characters dropped), repeated; chunks under {CHUNK_CHARS // 2} characters get random "
        f"report sentences appended; each copy has {SWAP_SENTENCE:.0%} of its sentences swapped for random "
        "report sentences, its sentence "
        "order shuffled and its digits remapped by a random permutation; numpy default_rng(0)")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def base_chunks(text: str) -> list[list[str]]:
    """The report's paragraphs cut into ~CHUNK_CHARS-character chunks of whole sentences."""
    chunks: list[list[str]] = []
    for paragraph in text.split(" "):
        current: list[str] = []
        for sentence in filter(None, SENTENCE_END.split(paragraph)):
            if current and sum(map(len, current)) + len(sentence) > CHUNK_CHARS:
                chunks.append(current)
                current = []
            current.append(sentence)
        if current:
            chunks.append(current)
    return [c for c in chunks if sum(map(len, c)) >= MIN_CHARS]  # headings are not chunks in rag/ingest/chunk.py


def synthetic_corpus(n: int, seed: int = 0) -> list[str]:
    """n perturbed copies of the report's chunks, so that no two chunks are identical."""
    rng = np.random.default_rng(seed)
    chunks = base_chunks(REPORT.read_text(encoding="utf-8"))
    pool = [s for chunk in chunks for s in chunk]
    digit_maps = [str.maketrans("0123456789", "".join(map(str, rng.permutation(10)))) for _ in range(1000)]
    out = []
    for i in range(n):
        sentences = [pool[rng.integers(len(pool))] if rng.random() < SWAP_SENTENCE else s
                     for s in chunks[i % len(chunks)]]
        while sum(map(len, sentences)) < CHUNK_CHARS // 2:  # short paragraphs borrow sentences, so copies differ
            sentences.append(pool[rng.integers(len(pool))])
        rng.shuffle(sentences)
        out.append("".join(sentences).translate(digit_maps[rng.integers(len(digit_maps))]))
    return out


def measure(n: int, progress: bool = True, log=print) -> dict:
    """Tokenize, index and query n chunks exactly as rag/search/keyword.py does."""
    import bm25s
    from tqdm import tqdm

    from rag.search.tokens import add_terms, report_terms, tokenize

    t0 = time.perf_counter()
    texts = synthetic_corpus(n)
    add_terms(report_terms([REPORT.read_text(encoding="utf-8")]))
    log(f"[growth] bm25 n={n:,}: corpus {time.perf_counter() - t0:.1f}s "
        f"({sum(map(len, texts)) / n:.0f} chars/chunk); tokenizing ...")
    gc.collect()
    before, t = rss(), time.perf_counter()
    tokens = [tokenize(text) for text in tqdm(texts, desc=f"tokenize {n:,}", disable=not progress, mininterval=5)]
    tokenize_s = time.perf_counter() - t
    tokens_rss = rss() - before
    del texts
    gc.collect()
    before, t = rss(), time.perf_counter()
    bm25 = bm25s.BM25(k1=K1, b=B)
    bm25.index(tokens, show_progress=False)
    build_s = time.perf_counter() - t
    index_rss = rss() - before
    tokens_per_chunk = sum(map(len, tokens)) / n
    del tokens
    gc.collect()
    vocab = bm25.vocab_dict
    arrays = sum(v.nbytes for v in bm25.scores.values() if isinstance(v, np.ndarray))
    log(f"[growth] bm25 n={n:,}: tokenized {tokenize_s:.1f}s, indexed {build_s:.1f}s; querying ...")

    def search(question: str) -> np.ndarray:
        ids = [t for t in tokenize(question) if t in vocab]
        scores = np.asarray(bm25.get_scores(ids), dtype=np.float32) if ids else np.zeros(n, np.float32)  # noqa: F821
        return np.argpartition(-scores, K)[:K]

    for q in QUESTIONS:
        search(q)  # warm-up
    ms = []
    for i in range(N_QUERIES):
        t = time.perf_counter()
        search(QUESTIONS[i % len(QUESTIONS)])
        ms.append((time.perf_counter() - t) * 1e3)
    del bm25
    gc.collect()
    return {"n": n, "tokenize_s": round(tokenize_s, 2), "tokens_per_chunk": round(tokens_per_chunk, 1),
            "build_s": round(build_s, 3), "vocab_size": len(vocab), "index_array_bytes": int(arrays),
            "rss_growth_tokens_bytes": tokens_rss, "rss_growth_index_bytes": index_rss,
            "latency": {"p50_ms": round(float(np.percentile(ms, 50)), 3),
                        "p95_ms": round(float(np.percentile(ms, 95)), 3),
                        "mean_ms": round(float(np.mean(ms)), 3), "queries": N_QUERIES,
                        "includes": "tokenize + get_scores + top-10 argpartition"},
            "seconds": round(time.perf_counter() - t0, 1)}
