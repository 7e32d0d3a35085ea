"""CLI: `python -m index build [FILES...]`, `add FILE...`, `remove ID...`, `list`, `info`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag import config
from rag.ingest.chunk import ChunkSettings

DEFAULTS = ChunkSettings()
FORMATS = ".txt、.md、.docx、.pdf 或 .html"


def _summary(manifest: dict) -> str:
    c = manifest["counts"]
    return (f"{c['reports']} 份报告，{c['paragraphs']} 段，{c['chunks']} 块，{c['sentences']} 句，"
            f"模型 {manifest['model']['id']}（{manifest['model']['dim']} 维，{manifest['model'].get('backend')}），"
            f"用时 {manifest['build_seconds']} 秒")


def _list(manifest: dict) -> None:
    print(f"{'编号':<36} {'年份':<5} {'级别':<4} {'地方':<12} {'句子':>6}  标题")
    for r in manifest["reports"]:
        print(f"{r['id']:<36} {r.get('year') or '—'!s:<5} {r.get('level') or '—':<4} {r.get('place') or '—':<12} "
              f"{r['sentences']:>6}  {r['title']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="构建和管理报告库（索引）")
    parser.add_argument("--index", type=Path, default=None, help="索引目录（默认 $RAG_INDEX_DIR 或 var/index）")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="用这些报告重新建库（替换原有内容）")
    build.add_argument("files", nargs="*", type=Path, help=f"报告文件（{FORMATS}），默认 {config.DEFAULT_CORPUS.name}")
    build.add_argument("--out", type=Path, default=None, help="同 --index")
    build.add_argument("--model", default=None, help="sentence-transformers 模型名或目录（默认 $RAG_MODEL 或内置 e5）")
    build.add_argument("--chunk-size", type=int, default=DEFAULTS.size, help="块的最大字数")
    build.add_argument("--overlap", type=int, default=DEFAULTS.overlap, help="相邻块的重叠字数")
    build.add_argument("--store", choices=["auto", "flat", "hnsw"], default="auto", help="向量索引类型")
    add = sub.add_parser("add", help="把报告加入库中（只嵌入新报告）")
    add.add_argument("files", nargs="+", type=Path, help=f"报告文件（{FORMATS}）")
    add.add_argument("--replace", action="store_true", help="同名报告用新文件替换")
    for cmd in (build, add):
        cmd.add_argument("--force", action="store_true", help="不像政府工作报告的文件也加入")
    remove = sub.add_parser("remove", help="从库中删除报告")
    remove.add_argument("ids", nargs="+", help="报告编号（见 python -m index list）")
    sub.add_parser("list", help="列出库中的报告")
    fix = sub.add_parser("relabel", help="改正一份报告识别出的标题、地方、级别或年份")
    fix.add_argument("id", help="报告编号（见 python -m index list）")
    fix.add_argument("--title")
    fix.add_argument("--place")
    fix.add_argument("--level", choices=["全国", "省", "市", "区县"])
    fix.add_argument("--year", type=int)
    info = sub.add_parser("info", help="显示索引的 manifest")
    info.add_argument("folder", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)

    from rag.ingest.decode import ReportError
    from rag.library.manifest import IndexLoadError, read_manifest

    folder = getattr(args, "out", None) or getattr(args, "folder", None) or args.index or config.index_dir()
    try:
        if args.command == "relabel":
            from rag.library.change import relabel
            from rag.model.embed import load_embedder

            fields = {k: getattr(args, k) for k in ("title", "place", "level", "year") if getattr(args, k) is not None}
            if not fields:
                parser.error("请至少给出 --title、--place、--level、--year 中的一项。")
            _list({"reports": [r for r in relabel(folder, load_embedder(), args.id, **fields)["reports"]
                               if r["id"] == args.id]})
            return 0
        if args.command in ("info", "list"):
            manifest = read_manifest(folder)
            print(json.dumps(manifest, ensure_ascii=False, indent=2)) if args.command == "info" else _list(manifest)
            return 0
        if args.command == "build" and (args.chunk_size < 20 or not 0 <= args.overlap < args.chunk_size):
            parser.error("--chunk-size 至少 20，--overlap 要小于块大小。")
        from rag.ingest.decode import read_bytes
        from rag.ingest.parse import parse_report
        from rag.library.change import Library
        from rag.model.embed import load_embedder

        files = getattr(args, "files", None) or (config.corpus_paths() if args.command == "build" else [])
        force = getattr(args, "force", False)
        for f in files:  # fail fast on a bad file, before the model loads
            parse_report(read_bytes(f), Path(f).name, require_report=not force)
        settings = ChunkSettings(args.chunk_size, args.overlap) if args.command == "build" else DEFAULTS
        library = Library(folder, load_embedder(getattr(args, "model", None)), settings,
                          getattr(args, "store", "auto"))
        progress = sys.stderr.isatty()
        if args.command == "remove":
            change = library.change(remove=args.ids, progress=progress)
        else:
            change = library.change(files, fresh=args.command == "build", replace=getattr(args, "replace", False),
                                    progress=progress, insist=force)
    except (ReportError, IndexLoadError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    for line in change.skipped:
        print(f"跳过：{line}")
    if change.removed:
        print(f"已删除：{'、'.join(change.removed)}")
    if change.added:
        print(f"已加入：{'、'.join(change.added)}（新嵌入 {change.embedded} 句，其余来自缓存）")
    print(f"索引已写入 {folder}：{_summary(change.manifest)}。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
