"""CLI: `python -m index build [FILES...]` and `python -m index info`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag import config
from rag.ingest.chunk import ChunkSettings

DEFAULTS = ChunkSettings()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="构建和查看报告索引")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="解析、切块、嵌入报告并写出索引目录")
    build.add_argument("files", nargs="*", type=Path, help=f"报告文件（.txt/.md），默认 {config.DEFAULT_CORPUS.name}")
    build.add_argument("--out", type=Path, default=None, help="索引目录（默认 $RAG_INDEX_DIR 或 var/index）")
    build.add_argument("--model", default=None, help="sentence-transformers 模型名或目录（默认 $RAG_MODEL 或内置 e5）")
    build.add_argument("--chunk-size", type=int, default=DEFAULTS.size, help="块的最大字数")
    build.add_argument("--overlap", type=int, default=DEFAULTS.overlap, help="相邻块的重叠字数")
    build.add_argument("--store", choices=["auto", "flat", "hnsw"], default="auto", help="向量索引类型")
    info = sub.add_parser("info", help="显示索引的 manifest")
    info.add_argument("folder", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)

    from index.manifest import IndexLoadError, read_manifest
    from rag.ingest.decode import ReportError

    try:
        if args.command == "info":
            print(json.dumps(read_manifest(args.folder or config.index_dir()), ensure_ascii=False, indent=2))
            return 0
        if args.chunk_size < 20 or not 0 <= args.overlap < args.chunk_size:
            parser.error("--chunk-size 至少 20，--overlap 要小于块大小。")
        from index.build import build_index
        from rag.ingest.parse import parse_files
        from rag.model.embed import load_embedder

        files = args.files or config.corpus_paths()
        parse_files(files)  # fail fast on a bad file, before the model loads
        out = args.out or config.index_dir()
        embedder = load_embedder(args.model)
        manifest = build_index(files, out, embedder, ChunkSettings(args.chunk_size, args.overlap), args.store)
    except (ReportError, IndexLoadError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    counts = manifest["counts"]
    print(f"索引已写入 {out}：{counts['documents']} 份报告，{counts['paragraphs']} 段，{counts['chunks']} 块，"
          f"模型 {manifest['model']['id']}（{manifest['model']['dim']} 维），用时 {manifest['build_seconds']} 秒。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
