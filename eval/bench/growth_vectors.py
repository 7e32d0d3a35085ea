"""Exact (IndexFlatIP) vs HNSW vector search as the corpus grows: build time, memory, latency, recall@10."""
from __future__ import annotations

import gc
import time

import numpy as np
import psutil

DIM = 384
K = 10
N_QUERIES = 300
CLUSTERS = 4096
NOISE = 1.0  # norm of the isotropic noise added to a unit centre, so a vector's cosine to its centre ≈ 0.71
BLOCK = 100_000
# Cheapest build found to reach recall@10 >= 0.95 at 1M (M=24/efC=48, M=16/efC=64, M=32/efC=40 did not).
HNSW_M = 24
HNSW_EF_CONSTRUCTION = 64
EF_SWEEP = (16, 32, 64, 128, 256, 512)
DATA = {
    "clusters": (f"mixture of {CLUSTERS} Gaussian clusters in {DIM}-d: centres uniform on the unit sphere, "
                 f"each vector = normalize(centre + N(0, {NOISE}^2/{DIM} I)) (cosine to its centre ≈ 0.71); "
                 f"{N_QUERIES} queries drawn the same way, not from the indexed set; numpy default_rng(0)"),
    "uniform": f"uniform random unit vectors in {DIM}-d (no structure: the worst case for HNSW); default_rng(0)",
}


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _draw(rng: np.random.Generator, n: int, centres: np.ndarray | None) -> np.ndarray:
    """n float32 unit vectors, generated in blocks so no float64 copy of the whole set exists."""
    out = np.empty((n, DIM), np.float32)
    for start in range(0, n, BLOCK):
        m = min(BLOCK, n - start)
        x = rng.standard_normal((m, DIM), dtype=np.float32)
        if centres is not None:
            x *= np.float32(NOISE / np.sqrt(DIM))
            x += centres[rng.integers(0, len(centres), m)]
        out[start:start + m] = _unit(x)
    return out


def make_data(kind: str, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(indexed vectors, queries); the queries are the same for every n of one kind."""
    rng = np.random.default_rng(seed)
    centres = _draw(rng, CLUSTERS, None) if kind == "clusters" else None
    queries = _draw(rng, N_QUERIES, centres)
    return _draw(rng, n, centres), queries


def rss() -> int:
    return psutil.Process().memory_info().rss


def index_bytes(index) -> int:
    """Bytes of the index's own arrays: the stored vectors, plus the graph for HNSW."""
    import faiss

    if isinstance(index, faiss.IndexHNSW):
        graph = index.hnsw
        storage = faiss.downcast_index(index.storage)
        return int(storage.codes.size() + 4 * graph.neighbors.size() + 4 * graph.levels.size()
                   + 8 * graph.offsets.size())
    return int(index.codes.size())


def _timed(index, queries: np.ndarray, threads: int) -> tuple[dict, np.ndarray]:
    import faiss

    default = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(threads)
    try:
        for q in queries[:5]:
            index.search(q[None], K)  # warm-up
        ms, ids = [], np.empty((len(queries), K), np.int64)
        for i, q in enumerate(queries):
            t = time.perf_counter()
            ids[i] = index.search(q[None], K)[1][0]
            ms.append((time.perf_counter() - t) * 1e3)
    finally:
        faiss.omp_set_num_threads(default)
    return {"p50_ms": round(float(np.percentile(ms, 50)), 3), "p95_ms": round(float(np.percentile(ms, 95)), 3),
            "mean_ms": round(float(np.mean(ms)), 3)}, ids


def timed_search(index, queries: np.ndarray) -> tuple[dict, np.ndarray]:
    """One query per search call, as a server would: p50/p95 in ms with faiss's default OpenMP threads
    and with one thread (OpenMP threads wait on each other when the cores are busy), and the ids found."""
    import faiss

    stats, ids = _timed(index, queries, faiss.omp_get_max_threads())
    one = _timed(index, queries, 1)[0]
    return {**stats, **{f"{key}_1_thread": value for key, value in one.items()}, "queries": len(queries)}, ids


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> dict:
    """Mean recall@K over the queries and its standard error."""
    per_query = np.array([len(set(f) & set(e)) / K for f, e in zip(found, exact)])
    return {"recall_at_10": round(float(per_query.mean()), 4),
            "recall_at_10_stderr": round(float(per_query.std(ddof=1) / np.sqrt(len(per_query))), 4)}


def _build(make, vectors: np.ndarray) -> tuple[object, dict]:
    gc.collect()
    before, t, cpu = rss(), time.perf_counter(), time.process_time()
    index = make()
    index.add(vectors)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return index, {"build_s": round(seconds, 3), "build_cpu_s": round(cpu, 3),
                   "index_bytes": index_bytes(index), "rss_growth_bytes": rss() - before}


def measure(kind: str, n: int, m: int = HNSW_M, ef_construction: int = HNSW_EF_CONSTRUCTION,
            ef_sweep: tuple[int, ...] = EF_SWEEP, log=print) -> dict:
    """Flat and HNSW at one size: the flat results are the ground truth for HNSW's recall@10."""
    import faiss

    t0 = time.perf_counter()
    vectors, queries = make_data(kind, n)
    log(f"[growth] {kind} n={n:,}: data {time.perf_counter() - t0:.1f}s; exact index ...")
    flat, exact = _build(lambda: faiss.IndexFlatIP(DIM), vectors)
    exact["latency"], truth = timed_search(flat, queries)
    del flat
    log(f"[growth] {kind} n={n:,}: exact p50 {exact['latency']['p50_ms']} ms "
        f"({exact['latency']['p50_ms_1_thread']} ms on 1 thread); "
        f"building HNSW M={m} efConstruction={ef_construction} ...")

    def make_hnsw():
        index = faiss.IndexHNSWFlat(DIM, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        return index

    hnsw, approx = _build(make_hnsw, vectors)
    del vectors
    approx.update(M=m, ef_construction=ef_construction, sweep=[])
    log(f"[growth] {kind} n={n:,}: HNSW built in {approx['build_s']:.1f}s; efSearch sweep ...")
    for ef in ef_sweep:
        hnsw.hnsw.efSearch = ef
        latency, found = timed_search(hnsw, queries)
        approx["sweep"].append({"ef_search": ef, **latency, **recall_at_k(found, truth)})
        log(f"[growth]   efSearch={ef}: p50 {latency['p50_ms']} ms "
            f"({latency['p50_ms_1_thread']} ms on 1 thread), recall@10 {approx['sweep'][-1]['recall_at_10']}")
    del hnsw
    gc.collect()
    return {"n": n, "data": kind, "exact": exact, "hnsw": approx, "seconds": round(time.perf_counter() - t0, 1)}
