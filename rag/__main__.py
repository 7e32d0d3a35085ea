"""CLI: `python -m rag search "问题"` and `python -m rag ask "问题" [--json]`."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_K = 5
DEFAULT_MODE = "hybrid"


def _print_search(question: str, hits) -> None:
    print(f"问题：{question}")
    for h in hits:
        c = h.chunk
        print(f"\n[{h.rank}] 得分 {h.score:.3f}  段落 {c.paragraph}（{c.id}）  {c.section_path}")
        print(f"    {c.text}")


def _print_answer(answer) -> None:
    if answer.read_as:
        print(f"（按“{answer.read_as}”理解）")
    print(answer.text)
    if answer.citations:
        print("\n来源：")
        for c in answer.citations:
            print(f"[{c.n}] {c.paragraph.id}  {c.paragraph.section_path}")
            print(f"    “{c.quote}”")
    elif answer.hits:
        print("\n最接近的段落：")
        for h in answer.hits[:3]:
            print(f"- {h.chunk.paragraph}  {h.chunk.section_path}：{h.chunk.text[:60]}…")


def _purge(days: int | None) -> int:
    from rag.config import Settings
    from rag.ui.usage import UsageLog

    settings = Settings.from_env()
    log = UsageLog(settings.log_path, retention_days=0)   # no automatic purge on opening: this one counts
    if not log.enabled:
        print("使用记录已关闭（RAG_LOG=0），没有可删除的内容。")
        return 0
    days = settings.retention_days if days is None else days
    if days < 0:
        print("错误：--days 不能是负数。", file=sys.stderr)
        return 2
    print(f"已删除 {log.purge(days)} 条早于 {days} 天的问题（{log.path}）。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag", description="政府工作报告问答：检索与回答")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("search", "检索相关段落"), ("ask", "回答问题并给出引用")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("question", help="用中文提问，例如：去年全区地区生产总值增长多少？")
        cmd.add_argument("--k", type=int, default=DEFAULT_K, help=f"返回的段落数（默认 {DEFAULT_K}）")
        cmd.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default=DEFAULT_MODE, help="检索方式")
        cmd.add_argument("--json", action="store_true", help="输出 JSON")
        cmd.add_argument("--index", type=Path, default=None, help="索引目录（默认 $RAG_INDEX_DIR 或 var/index）")
        cmd.add_argument("--context", action="append", default=[], metavar="问题",
                         help="同一对话中更早的问题，按先后顺序，可重复"
                              "（追问时用，例如 --context \"去年GDP增长多少？\"）")
        cmd.add_argument("--report", action="append", default=[], metavar="编号",
                         help="只在这些报告里找（python -m index list 列出编号），可重复")
    purge = sub.add_parser("purge", help="删除使用记录中早于保留期的问题（默认 $RAG_RETENTION_DAYS，90 天）")
    purge.add_argument("--days", type=int, default=None, help="删除早于这么多天的问题；0 删除全部")
    args = parser.parse_args(argv)
    if args.command == "purge":
        return _purge(args.days)
    if not 1 <= args.k <= 50:
        parser.error("--k 需要在 1 到 50 之间。")

    from rag.answer.assistant import QuestionError, check_question
    from rag.answer.write.record import answer_record, hit_record
    from rag.ingest.decode import ReportError

    try:
        question = check_question(args.question)
        from rag.answer.source import configured_source

        assistant = configured_source().load(args.index, progress=sys.stderr.isatty())
        if args.command == "search":
            from rag.search.retrieve import retrieve

            hits = retrieve(question, assistant.corpus, assistant.embedder, args.k, args.mode)
            if args.json:
                print(json.dumps({"question": question, "retrieved": [hit_record(h) for h in hits]},
                                 ensure_ascii=False, indent=2))
            else:
                _print_search(question, hits)
            return 0
        reports = set(args.report) or None
        unknown = sorted(reports - set(assistant.corpus.docs)) if reports else []
        if unknown:
            raise QuestionError(f"库中没有报告 {'、'.join(unknown)}。可用的编号：{'、'.join(assistant.corpus.docs)}")
        answer = assistant.converse(question, args.context, k=args.k, mode=args.mode, reports=reports)
    except (QuestionError, ReportError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer_record(answer), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def entry() -> None:
    """`gov-report-ask`, and `python -m rag`."""
    try:
        sys.exit(main())
    except BrokenPipeError:  # `python -m rag ask … | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    entry()
