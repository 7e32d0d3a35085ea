"""The administrators' app: add and remove reports, the questions people ask, the feedback to review.

It runs on its own port (RAG_ADMIN_PORT), behind a login when RAG_ADMIN_USER and RAG_ADMIN_PASSWORD are set, and
on this computer only otherwise; the public page has none of these events."""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import gradio as gr

from rag.config import Settings
from rag.files import write_jsonl
from rag.ingest.decode import ReportError, read_bytes
from rag.ui.faq import faq_html
from rag.ui.library import library_html, report_choices
from rag.ui.render import status_html
from rag.ui.state import AssistantLoader
from rag.ui.theme import launch_options
from rag.ui.usage import UsageLog, review_lines

log = logging.getLogger("rag.ui")
FORMATS = [".txt", ".md", ".docx", ".pdf", ".html", ".htm"]
FAQ_EVERY = 30.0     # seconds between refreshes of the 常见问题 page


def _discard(paths: list[str]) -> None:
    """Delete uploaded temp files (and Gradio's per-upload folder around each) once they have been read."""
    for p in paths:
        path = Path(p)
        path.unlink(missing_ok=True)
        if path.parent.name and path.parent != Path(tempfile.gettempdir()) and not any(path.parent.iterdir()):
            shutil.rmtree(path.parent, ignore_errors=True)


def change_library(files, remove: list | None, loader: AssistantLoader, progress=None, insist: bool = False) -> str:
    """Add the dropped files to the library, or remove the picked reports; a Chinese message either way."""
    paths = [str(f) for f in (files or [])]
    try:
        odd = [Path(p).name for p in paths if Path(p).suffix.lower() not in FORMATS]
        if odd:
            return (f"没有改动报告库：{'、'.join(odd)} 不是支持的报告格式。"
                    "请上传 .txt、.md、.docx、.pdf 或 .html（网页另存为）文件。")
        uploads = [(Path(p).name, read_bytes(p)) for p in paths]   # read_bytes refuses an oversized file unread
        if not uploads and not remove:
            return "请先选择要加入的报告文件，或要删除的报告。"
        return loader.change(uploads, list(remove or []), progress, bool(insist))
    except (ReportError, RuntimeError, OSError) as exc:
        return f"没有改动报告库：{exc}"
    except Exception:
        log.exception("changing the library failed")
        return "没有改动报告库：处理文件时出了意外的问题，详情见服务器日志。"
    finally:
        _discard(paths)


def feedback_file(log_: UsageLog) -> str:
    """The thumbs-down and refused questions as gold lines, in a temp file to download."""
    out = Path(tempfile.mkdtemp(prefix="rag-feedback-")) / "review.jsonl"
    write_jsonl(out, review_lines(log_))
    return str(out)


def build_admin(loader: AssistantLoader, usage: UsageLog, settings: Settings) -> gr.Blocks:
    with gr.Blocks(title="报告库管理 · 政府工作报告问答", analytics_enabled=False, delete_cache=(3600, 3600)) as admin:
        gr.HTML("<div class='app-header'><div class='app-kicker'>管理页</div><h1>报告库与使用记录</h1>"
                "<p class='app-tagline'>这里的改动立即对所有访客生效。访客页面没有这些功能。</p></div>")
        status = gr.HTML(status_html(loader.state()), elem_id="status")
        with gr.Tabs():
            with gr.Tab("报告库", id="library"):
                shelf = gr.HTML(library_html(loader), elem_id="library")
                limit = settings.limits.upload_bytes // 2**20
                # no file_types: Gradio would refuse other files with an English toast;
                # change_library says it in Chinese
                files = gr.File(label=f"加入报告（.txt、.md、.docx、.pdf、.html，每个不超过 {limit} MB）",
                                file_count="multiple", elem_id="upload")
                remove = gr.Dropdown(report_choices(loader), value=[], multiselect=True, label="删除报告",
                                     allow_custom_value=True, elem_id="remove")
                insist = gr.Checkbox(False, label="不是政府工作报告也加入", elem_id="insist",
                                     info="默认只收政府工作报告（有「政府工作报告」标题或「各位代表」）")
                change = gr.Button("更新报告库", variant="primary", elem_id="change-library")
                changed = gr.Textbox(label="结果", interactive=False, lines=3, elem_id="library-message")
                with gr.Accordion("改正识别结果（标题、地方、级别、年份）", open=False, elem_id="relabel"):
                    which = gr.Dropdown(report_choices(loader), label="报告", elem_id="relabel-report",
                                        allow_custom_value=True)
                    with gr.Row():
                        new_title = gr.Textbox(label="标题", elem_id="relabel-title")
                        new_place = gr.Textbox(label="地方", elem_id="relabel-place")
                        new_level = gr.Dropdown(["全国", "省", "市", "区县"], label="级别", elem_id="relabel-level")
                        new_year = gr.Number(label="年份（报告计划的那一年）", precision=0, elem_id="relabel-year")
                    save = gr.Button("保存改正", elem_id="relabel-save")
            with gr.Tab("常见问题", id="faq"):
                faq = gr.HTML(faq_html(usage, settings.public_url), elem_id="faq")
                gr.Timer(FAQ_EVERY).tick(lambda: faq_html(usage, settings.public_url), outputs=[faq],
                                         show_progress="hidden")
            with gr.Tab("反馈导出", id="feedback"):
                gr.Markdown("点了 👎 和助手没答上的问题，导出为金标准格式（JSON Lines），供人工审核后加入评测。")
                export = gr.DownloadButton("导出待审问题", elem_id="export-feedback")
                export.click(lambda: feedback_file(usage), outputs=[export])

        def on_change(uploaded, removed, insisted, progress=gr.Progress()):
            message = change_library(uploaded, removed, loader, lambda x, m: progress(x, desc=m), insisted)
            choices = report_choices(loader)
            return (status_html(loader.state()), None, library_html(loader), gr.Dropdown(choices=choices, value=[]),
                    message)

        def show(doc):
            r = loader.assistant.corpus.report.get(doc) if loader.assistant is not None and doc else None
            if r is None:
                return "", "", None, None
            return r.title, r.place, r.level or None, r.year

        which.change(show, [which], [new_title, new_place, new_level, new_year])

        def on_save(doc, title, place, level, year):
            r = loader.assistant.corpus.report.get(doc) if loader.assistant is not None and doc else None
            if r is None:
                return gr.skip(), gr.skip(), "没有改动：请先选择库中的一份报告。"
            fields = {k: v for k, v, old in (("title", (title or "").strip(), r.title), ("place", (place or "").strip(),
                      r.place), ("level", level or "", r.level), ("year", int(year) if year else None, r.year))
                      if v != old and (v or k == "level")}
            if not fields:
                return gr.skip(), gr.skip(), "没有改动：这些就是现在的识别结果。"
            try:
                message = loader.relabel(doc, **fields)
            except (ReportError, RuntimeError, OSError, ValueError) as exc:
                return gr.skip(), gr.skip(), f"没有改动：{exc}"
            return status_html(loader.state()), library_html(loader), message

        save.click(on_save, [which, new_title, new_place, new_level, new_year], [status, shelf, changed],
                   concurrency_limit=1, show_progress_on=[changed])
        change.click(on_change, [files, remove, insist], [status, files, shelf, remove, changed], concurrency_limit=1,
                     show_progress_on=[changed])   # one progress bar, where the result will be
        admin.load(lambda: (library_html(loader), gr.Dropdown(choices=report_choices(loader)),
                            faq_html(usage, settings.public_url)),
                   outputs=[shelf, remove, faq])
    return admin


def launch_admin(loader: AssistantLoader, usage: UsageLog, settings: Settings) -> gr.Blocks | None:
    """Start the administrators' app in the background, or say in the log why it does not start."""
    why = settings.admin.refusal()
    if why:
        log.warning(why)
        return None
    admin = build_admin(loader, usage, settings)
    admin.queue(default_concurrency_limit=1).launch(
        server_name=settings.admin.host, server_port=settings.admin.port, auth=settings.admin.auth,
        auth_message="报告库管理页：请用管理员账号登录。", max_file_size=settings.limits.upload_bytes,
        prevent_thread_lock=True, quiet=True, **launch_options())
    log.info("admin page on http://%s:%d%s", settings.admin.host, settings.admin.port,
             "" if settings.admin.auth else " (this computer only, no login)")
    return admin
