"""Per-visitor limits: questions one visitor may have in flight and may ask per minute, so one cannot starve all."""
from __future__ import annotations

import threading
import time
from collections import deque
from contextlib import contextmanager

from rag.config import Limits

BUSY = "你的上一个问题还在回答中，请等它答完再问下一个。"
TOO_FAST = "提问太频繁了，请稍等一分钟再问。"


class VisitorBusy(Exception):
    """This visitor is over a limit; the message says which, in Chinese."""


class Visitors:
    """Counts each visitor's running questions and their recent ones (a sliding minute)."""

    def __init__(self, limits: Limits, clock=time.monotonic) -> None:
        self.running_limit, self.per_minute = limits.visitor_running, limits.visitor_per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._running: dict[str, int] = {}
        self._recent: dict[str, deque[float]] = {}

    @contextmanager
    def turn(self, visitor: str):
        """Hold one of `visitor`'s slots while answering; VisitorBusy when there is none."""
        now = self._clock()
        with self._lock:
            recent = self._recent.setdefault(visitor, deque())
            while recent and now - recent[0] > 60:
                recent.popleft()
            if self._running.get(visitor, 0) >= self.running_limit:
                raise VisitorBusy(BUSY)
            if len(recent) >= self.per_minute:
                raise VisitorBusy(TOO_FAST)
            recent.append(now)
            self._running[visitor] = self._running.get(visitor, 0) + 1
            if len(self._recent) > 10_000:   # forget visitors idle for a minute, so the table stays small
                for v in [v for v, q in self._recent.items() if not q or now - q[-1] > 60]:
                    if not self._running.get(v):
                        self._recent.pop(v, None)
                        self._running.pop(v, None)
        try:
            yield
        finally:
            with self._lock:
                self._running[visitor] -= 1


def visitor_of(request, trust_proxy: bool) -> str:
    """Who is asking: the client's address, or behind a trusted reverse proxy the address it saw (the last
    X-Forwarded-For entry: the one the proxy added, which a visitor cannot forge)."""
    if request is None:
        return "local"
    if trust_proxy:
        forwarded = (request.headers.get("x-forwarded-for") or "").split(",")
        if forwarded[-1].strip():
            return forwarded[-1].strip()
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or getattr(request, "session_hash", None) or "unknown"
