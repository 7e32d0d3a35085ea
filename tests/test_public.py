"""The app as a public deployment runs it (`app.serve`), attacked as an anonymous visitor would: every event of the
page through the browser's own routes, with every report id. The library stays as it was, nobody's questions
reach anyone else, the administrators' page needs a login, and hostile uploads leave the server answering."""
from __future__ import annotations

import hashlib
import io
import socket
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from browser_protocol import Visitor, events, sample
from conftest import FIXTURES

import app
from rag import config
from rag.answer.assistant import Assistant
from rag.config import Admin, Limits, Settings
from rag.library.cache import EmbeddingCache
from rag.library.change import Library
from rag.library.load import load_index
from rag.library.source import IndexSource
from rag.ui.state import AssistantLoader
from rag.ui.usage import UsageLog

pytestmark = [pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]
PHONE = "13912345678"
SECRET = f"我的电话{PHONE}，独生子女奖励费今年涨不涨？"
ADMIN = ("admin", "correct-horse-battery")
MINI = FIXTURES / "mini-report.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of the library folder and its hash: any change to the library shows here."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, real_embedder):
    """Two reports in a library folder of its own, served as README's public deployment (admin behind a login)."""
    root = tmp_path_factory.mktemp("public")
    folder = root / "index"
    cache = EmbeddingCache(root / "cache.sqlite")
    Library(folder, real_embedder, cache=cache).change([config.DEFAULT_CORPUS, MINI], fresh=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("RAG_INDEX_DIR", str(folder))
    mp.setenv("RAG_EMBED_CACHE", str(root / "cache.sqlite"))
    loader = AssistantLoader.ready(Assistant(load_index(folder, real_embedder.model_id), real_embedder))
    loader.source = IndexSource()
    settings = Settings(port=free_port(), admin=Admin(port=free_port(), user=ADMIN[0], password=ADMIN[1]),
                        limits=Limits(visitor_running=2, visitor_per_minute=1000), trust_proxy=True)
    usage = UsageLog(root / "usage.sqlite")
    public = app.serve(loader, usage, settings, block=False)
    yield {"public": public.local_url.rstrip("/"), "admin": f"http://127.0.0.1:{settings.admin.port}",
           "folder": folder, "loader": loader, "usage": usage, "ids": list(loader.assistant.corpus.docs)}
    public.close()
    mp.undo()


def chat_event(config_: dict) -> dict:
    return next(e for e in events(config_) if e["name"] == "chat")


def test_no_event_of_the_public_page_changes_the_library(deployment):
    folder, loader = deployment["folder"], deployment["loader"]
    before, version = fingerprint(folder), loader.version
    visitor = Visitor(deployment["public"])
    page = visitor.config()
    tried = 0
    for event in events(page):
        for report in deployment["ids"] + ["../../etc/passwd", "*", ""]:
            strings = [report] + [r for r in deployment["ids"] if r != report]
            status, messages = visitor.call(event["fn_index"], [sample(c, strings) for c in event["inputs"]],
                                            event["trigger"])
            tried += 1
            assert status in (200, 422), (event["name"], status)
    assert tried >= 10 * len(deployment["ids"])
    assert fingerprint(folder) == before and loader.version == version
    assert sorted(loader.assistant.corpus.docs) == sorted(deployment["ids"])
    labels = str(page["components"])
    for word in ("更新报告库", "删除报告", "常见问题", "导出待审问题"):
        assert word not in labels, word


def test_a_question_asked_in_one_session_never_reaches_another(deployment):
    alice, bob = Visitor(deployment["public"]), Visitor(deployment["public"])
    status, messages = alice.call(chat_event(alice.config())["fn_index"], [SECRET, [], 5, "hybrid", [], None, None])
    assert status == 200 and "独生子女奖励费" in str(messages[-1])
    seen = {"config": str(bob.config())}
    for event in events(bob.config()):
        _, messages = bob.call(event["fn_index"], [sample(c, ["报告"]) for c in event["inputs"]], event["trigger"])
        seen[event["name"]] = str(messages)
    leaks = [name for name, text in seen.items() if PHONE in text or "独生子女奖励费" in text]
    assert not leaks, leaks
    stored = str(deployment["usage"].rows("SELECT question FROM questions"))
    assert "独生子女奖励费" in stored and PHONE not in stored and "[手机号]" in stored   # kept for the admins, masked


def test_the_public_server_takes_no_uploads(deployment):
    files = {"files": ("report.txt", "2025年某县政府工作报告\n各位代表：".encode(), "text/plain")}
    response = httpx.post(f"{deployment['public']}/gradio_api/upload", files=files, timeout=30)
    assert response.status_code == 413


def test_the_admin_page_needs_a_login(deployment):
    admin, folder = deployment["admin"], deployment["folder"]
    before = fingerprint(folder)
    anonymous = httpx.Client(timeout=30)
    assert anonymous.get(f"{admin}/config").status_code == 401
    joined = anonymous.post(f"{admin}/gradio_api/queue/join", json={"data": [None, deployment["ids"]],
                                                                     "fn_index": 3, "session_hash": "x"})
    assert joined.status_code in (401, 403)
    upload = anonymous.post(f"{admin}/gradio_api/upload", files={"files": ("a.txt", b"x", "text/plain")})
    assert upload.status_code in (401, 403)
    wrong = anonymous.post(f"{admin}/login", data={"username": ADMIN[0], "password": "guess"})
    assert wrong.status_code >= 400 and anonymous.get(f"{admin}/config").status_code == 401
    assert fingerprint(folder) == before


def login(url: str) -> Visitor:
    visitor = Visitor(url)
    assert visitor.client.post(f"{url}/login", data={"username": ADMIN[0], "password": ADMIN[1]}).status_code == 200
    return visitor


def upload(visitor: Visitor, name: str, data: bytes) -> httpx.Response:
    return visitor.client.post(f"{visitor.url}/gradio_api/upload", files={"files": (name, data, "text/plain")})


def admin_change(visitor: Visitor, paths: list[str], remove: list[str]) -> str:
    change = next(e for e in events(visitor.config()) if e["name"] == "on_change")
    files = [{"path": p, "meta": {"_type": "gradio.FileData"}, "orig_name": Path(p).name} for p in paths]
    status, messages = visitor.call(change["fn_index"], [files or None, remove, False], change["trigger"])
    assert status == 200
    done = next(m for m in messages if m.get("msg") == "process_completed")
    return done["output"]["data"][-1]


def test_hostile_uploads_leave_the_library_intact_and_the_server_answering(deployment, tmp_path):
    admin, folder, loader = login(deployment["admin"]), deployment["folder"], deployment["loader"]
    before = fingerprint(folder)
    assert upload(admin, "huge.txt", b"x" * (31 * 2**20)).status_code == 413          # cut off while streaming
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b"0" * (80 * 2**20) + b"</w:document>")
    data = bytearray(lying.getvalue())
    data[data.rfind(b"PK\x01\x02") + 24:data.rfind(b"PK\x01\x02") + 28] = (1000).to_bytes(4, "little")  # lies
    many = ("2025年某县政府工作报告\n各位代表：\n" + "\n".join(
        f"第{i}条：全县新建道路{i}公里，投资{i}亿元。" for i in range(20_000))).encode()
    recipe = "红烧肉的做法\n五花肉500克，冰糖30克。\n先焯水，再炒糖色，小火炖一小时。".encode()
    for name, body, why in (("lying.docx", bytes(data), "损坏"), ("many.txt", many, "的上限"),
                            ("bad.docx", b"PK\x03\x04junk", "损坏"), ("recipe.txt", recipe, "不是政府工作报告"),
                            ("pages.txt", "- 1 -\n第 1 页 共 3 页\n- 2 -".encode(), "没有找到正文")):
        uploaded = upload(admin, name, body).raise_for_status().json()
        message = admin_change(admin, uploaded, [])
        assert message.startswith("没有改动报告库：") and why in message and "Error" not in message, message
        assert not Path(uploaded[0]).exists()                                      # the temp file is gone
    assert "至少要留一份报告" in admin_change(admin, [], deployment["ids"])
    assert "没有改动报告库" in admin_change(admin, [], ["no-such-report"])
    assert fingerprint(folder) == before
    # a real report added meanwhile: questions from the public page are answered while it is embedded
    national = upload(admin, "national-2019.txt", (config.ROOT / "data/national/national-2019.txt").read_bytes())
    adding = threading.Thread(target=admin_change, args=(admin, national.json(), []))
    version = loader.version
    adding.start()
    visitor = Visitor(deployment["public"])
    status, messages = visitor.call(chat_event(visitor.config())["fn_index"],
                                    ["去年大足地区生产总值增长多少？", [], 5, "hybrid", [], None, None])
    answered_during_the_change = adding.is_alive()
    adding.join(300)
    assert status == 200 and "6.5%" in str(messages[-1]) and answered_during_the_change
    assert loader.version == version + 1 and "national-2019" in loader.assistant.corpus.docs
    assert "已删除：national-2019" in admin_change(admin, [], ["national-2019"])
    assert "national-2019" not in loader.assistant.corpus.docs


def test_one_visitor_flooding_questions_does_not_starve_another(deployment):
    url = deployment["public"]
    page = Visitor(url).config()
    chat = chat_event(page)

    def ask(who: str) -> str:
        visitor = Visitor(url)
        visitor.client.headers["X-Forwarded-For"] = who
        _, messages = visitor.call(chat["fn_index"], ["今年怎么稳房地产？", [], 5, "hybrid", [], None, None],
                                   chat["trigger"])
        return str(messages[-1]) if messages else ""

    with ThreadPoolExecutor(24) as pool:
        flood = [pool.submit(ask, "203.0.113.9") for _ in range(20)]
        other = pool.submit(ask, "198.51.100.7")
        answers = [f.result() for f in flood]
    assert "房地产" in other.result() and "回答中" not in other.result()
    assert sum("回答中" in a or "太频繁" in a for a in answers) >= 5      # the flood is turned away, not queued
