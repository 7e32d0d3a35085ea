"""The public chat's handlers: answer a question as it streams in, rate an answer, the /ask API, a shared link
reopened, the chat kept in the visitor's own browser."""
from __future__ import annotations

import logging
import time
import urllib.parse

import gradio as gr

from rag.answer.assistant import QuestionError, check_question
from rag.answer.understand.dialogue import Turn
from rag.answer.write.record import answer_record
from rag.ui.library import report_choices
from rag.ui.privacy import mask
from rag.ui.render import message_html, notice_html, sources_html, stream_steps, text
from rag.ui.state import AssistantLoader
from rag.ui.usage import UsageLog

STREAM_DELAY = 0.03      # seconds between streamed clauses
LOAD_WAIT = 180.0        # a question asked while the model loads waits this long for it, then is answered
SAVED_MESSAGES = 40      # the chat kept in the browser: its last messages…
SAVED_QUESTIONS = 3      # …and the questions a follow-up after a reload is read with
MAX_SAVED_CHARS = 20_000
WAITING = "正在加载…你的问题会在助手准备好后自动回答，请稍候。"
LOADING = "正在加载…请稍候。助手准备好后（见页面上方的状态）再问一次即可。"
FAILED = "抱歉，回答这个问题时出了点问题。请稍后再试，或换个问法。"
GONE = "你选的报告（{}）已不在报告库中，这次在其余报告里找；报告范围已更新。"
MODES = ("hybrid", "dense", "bm25")
logger = logging.getLogger("rag.ui")


def picked_reports(loader: AssistantLoader, picked: list | None) -> tuple[set[str] | None, list[str]]:
    """The picked report ids still in the library (None: all), and those no longer there."""
    docs = set(loader.assistant.corpus.docs) if loader.assistant is not None else set()
    picked = [p for p in (picked or []) if isinstance(p, str)]
    return {p for p in picked if p in docs} or None, [p for p in picked if p not in docs]


def share_query(question: str, reports: set[str] | None) -> str:
    """「?q=…&r=…」: the link that reopens an answer."""
    params = {"q": question, **({"r": ",".join(sorted(reports))} if reports else {})}
    return "?" + urllib.parse.urlencode(params)


def wait_for(loader: AssistantLoader, seconds: float = LOAD_WAIT):
    """The assistant, once loaded (None if it is not ready within `seconds`)."""
    deadline = time.monotonic() + seconds
    while loader.assistant is None and time.monotonic() < deadline and not loader.state().error:
        time.sleep(0.25)
    return loader.assistant


def saved_chat(history: list, turns: list) -> dict:
    return {"messages": history[-SAVED_MESSAGES:], "asked": [t.read_as for t in turns][-SAVED_QUESTIONS:]}


def respond(question: str, history: list, k: float, mode: str, picked: list | None, turns: list, ids: dict,
            loader: AssistantLoader, log: UsageLog, session: str = ""):
    """Chat handler: yields (cleared textbox, chat history, sources panel, turns, log ids, report picker, the chat
    kept in the browser) while the answer streams in. `turns`: this chat's earlier turns (follow-ups are read with
    them); `ids`: message → log row."""
    history, turns, ids = list(history or []), list(turns or []), dict(ids or {})
    picker = gr.skip()

    def say(content: str, sources=gr.skip()):
        shown = history + [{"role": "assistant", "content": content}]
        return "", shown, sources, turns, ids, picker, saved_chat(shown, turns)

    try:
        question = check_question(question)
        history.append({"role": "user", "content": text(question)})
        assistant = loader.assistant
        if assistant is None:   # the question is kept, and answered once the assistant is ready
            yield say(notice_html(WAITING, "wait"))
            assistant = wait_for(loader)
            if assistant is None:
                yield say(notice_html(LOADING, "wait"))
                return
        reports, gone = picked_reports(loader, picked)
        if gone:
            picker = gr.Dropdown(choices=report_choices(loader), value=sorted(reports or []))
            history.append({"role": "assistant", "content": notice_html(GONE.format("、".join(gone)), "warn")})
        answer = assistant.ask(question, k=int(k), mode=mode if mode in MODES else "hybrid", reports=reports,
                               history=turns)
    except QuestionError as exc:
        yield say(notice_html(str(exc), "warn"))
        return
    except Exception:
        logger.exception("answering %r failed", mask(str(question)))
        yield say(notice_html(FAILED, "error"))
        return
    turns.append(Turn(answer.question, answer.read_as or answer.question, answer))
    row = log.record(answer, session, sorted(reports or []))
    if row is not None:
        ids[str(len(history))] = row   # the index the assistant's message will have
    library = assistant.corpus.report
    qualified = len(library) > 1
    for shown in stream_steps(answer.text)[:-1]:
        yield say(message_html(answer, shown, qualified))
        time.sleep(STREAM_DELAY)
    yield say(message_html(answer, None, qualified, library, share_query(question, reports)),
              sources_html(answer, int(k), qualified, library))


def _text(content) -> str:
    """A kept message's text: a string, or Gradio's own form of it once it went through the chat
    ([{"type": "text", "text": …}]); anything else is dropped."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p["text"] for p in content if isinstance(p, dict) and p.get("type") == "text"
                       and isinstance(p.get("text"), str))
    return ""


def restore(saved, loader: AssistantLoader) -> tuple[list, list]:
    """The chat this browser kept (its own, untrusted: checked), and its last questions read again so that a
    follow-up after a reload still knows what came before."""
    if not isinstance(saved, dict):
        return gr.skip(), []
    messages = [{"role": m["role"], "content": text} for m in saved.get("messages", [])
                if isinstance(m, dict) and m.get("role") in ("user", "assistant")
                and (text := _text(m.get("content"))) and len(text) <= MAX_SAVED_CHARS][-SAVED_MESSAGES:]
    asked = [q for q in saved.get("asked", []) if isinstance(q, str)][-SAVED_QUESTIONS:]
    turns: list[Turn] = []
    if loader.assistant is not None:
        for q in asked:
            try:
                turns.append(Turn(q, q, loader.assistant.ask(q, history=turns)))
            except QuestionError:
                continue
    return messages or gr.skip(), turns


def rate(data: gr.LikeData, ids: dict, log: UsageLog) -> bool:
    """👍/👎 on an answer, stored with the question it answered (one vote per answer: a new one replaces it);
    True when it was a 👎 (the page then offers a comment box)."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    row = (ids or {}).get(str(index))
    if row is None:
        return False
    if data.liked in (True, False):
        log.feedback(row, 1 if data.liked else -1)
    else:
        log.unvote(row)
    return data.liked is False


def ask_record(loader: AssistantLoader, question: str, k: int = 5, mode: str = "hybrid",
               history: list[str] | None = None, reports: list[str] | None = None,
               log: UsageLog | None = None) -> dict:
    """The API: the answer as data (answer_record), or {"error": 中文说明}. `history`: the chat's earlier
    questions, oldest first; `reports`: report ids to answer from (all when empty)."""
    try:
        question = check_question(question)
        if mode not in MODES or not isinstance(k, (int, float)) or not 1 <= k <= 10:
            return {"error": "参数不正确：k 需要在 1 到 10 之间，mode 只能是 hybrid、dense 或 bm25。"}
        if loader.assistant is None:
            return {"error": LOADING, "loading": loader.state().message}
        picked, gone = picked_reports(loader, reports)
        if gone:
            return {"error": f"库中没有报告 {'、'.join(gone)}。"}
        context = [h for h in (history or [])[-10:] if isinstance(h, str) and h.strip()]
        answer = loader.assistant.converse(question, context, k=int(k), mode=mode, reports=picked)
        if log is not None:
            log.record(answer, "api", sorted(picked or []))
        return answer_record(answer)
    except QuestionError as exc:
        return {"error": str(exc)}
    except Exception:
        logger.exception("API question %r failed", mask(str(question)))
        return {"error": FAILED}
