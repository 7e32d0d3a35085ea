"""A visitor speaking Gradio's browser protocol directly: /config, then /gradio_api/queue/join and the event
stream of /gradio_api/queue/data, as the page's own JavaScript does. No gradio_client: nothing hides an event."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import httpx

TIMEOUT = 120.0


@dataclass
class Visitor:
    url: str
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:11])
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=TIMEOUT))

    def config(self) -> dict:
        return self.client.get(f"{self.url}/config").raise_for_status().json()

    def call(self, fn_index: int, data: list, trigger_id: int | None = None) -> tuple[int, list[dict]]:
        """Join the queue for event `fn_index` with `data`; returns the join status and every message streamed
        back for it until it completes (empty when the join was refused)."""
        joined = self.client.post(f"{self.url}/gradio_api/queue/join", json={
            "data": data, "event_data": None, "fn_index": fn_index, "trigger_id": trigger_id,
            "session_hash": self.session})
        if joined.status_code != 200:
            return joined.status_code, []
        event = joined.json().get("event_id")
        messages: list[dict] = []
        with self.client.stream("GET", f"{self.url}/gradio_api/queue/data",
                                params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                messages.append(message)
                if message.get("msg") in ("process_completed", "close_stream") and message.get("event_id") in (
                        event, None):
                    break
                if message.get("msg") == "unexpected_error":
                    break
        return 200, messages


def sample(component: dict, strings: list[str]) -> object:
    """A value a browser could send for `component`, built from `strings` (report ids, a question)."""
    kind, props = component.get("type", ""), component.get("props", {})
    if kind in ("state", "timer"):
        return None
    if kind == "chatbot":
        return [{"role": "user", "content": strings[0]}]
    if kind in ("slider", "number"):
        return props.get("value", 5)
    if kind == "radio":
        return props.get("value")
    if kind == "dropdown":
        return list(strings) if props.get("multiselect") else strings[0]
    if kind == "file":
        return None
    return strings[0]


def events(config: dict) -> list[dict]:
    """Every event of the page (its dependencies), each with the components it reads."""
    components = {c["id"]: c for c in config["components"]}
    out = []
    for dep in config["dependencies"]:
        trigger = dep["targets"][0][0] if dep.get("targets") else None
        out.append({"fn_index": dep["id"], "inputs": [components.get(i, {}) for i in dep["inputs"]],
                    "trigger": trigger, "name": dep.get("api_name") or dep.get("js") or str(dep["id"])})
    return out
