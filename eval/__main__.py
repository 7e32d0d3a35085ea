"""CLI: `python -m eval run | report | compare | gate | bench`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_GOLD = Path("eval/gold/dazu-2024/tuned.jsonl")
DEFAULT_OUTDIR = Path("eval/results")
DEFAULT_THRESHOLDS = Path("eval/thresholds.json")
LOWER_IS_BETTER = {"abstain_wrong", "median_answer_chars", "latency_p50_ms", "latency_p95_ms"}


def _assistant():
    from rag.library.source import load_assistant

    return load_assistant(progress=sys.stderr.isatty())


def cmd_run(args) -> int:
    from eval.gold import load_gold
    from eval.run import run_gold, system_answerer
    from rag.files import write_jsonl

    gold = load_gold(args.gold)
    results = run_gold(gold, system_answerer(args.system, _assistant()))
    write_jsonl(args.out, results)
    print(f"已写入 {args.out}：{len(results)} 题（系统 {args.system}）。")
    return 0


def cmd_report(args) -> int:
    from eval.gold import load_gold
    from eval.metrics import evaluate
    from eval.report import chart, print_metrics, table
    from rag.files import read_jsonl, write_json

    gold = load_gold(args.gold)
    metrics = {Path(p).stem: evaluate(gold, read_jsonl(p)) for p in args.results}
    for name, m in metrics.items():
        print_metrics(name, m)
    if len(metrics) > 1:
        print("\n## 对比\n\n" + table({n: m["overall"] for n, m in metrics.items()}, first="系统"))
    out = args.out or Path(args.results[0]).with_suffix(".metrics.json")
    from eval.calibration import draw, points

    for path in args.results:  # the reliability curve and accuracy against coverage, where there are confidences
        data = points(gold, read_jsonl(path))
        if data:
            metrics[Path(path).stem]["calibration"] = data
            draw(data, Path(path).with_suffix(".calibration.png"), Path(path).stem)
            print(f"可靠性曲线和覆盖率-准确率图：{Path(path).with_suffix('.calibration.png')}")
    write_json(out, metrics)
    if args.chart:
        chart(metrics, args.chart)
    print(f"\n指标已写入 {out}" + (f"，图表 {args.chart}" if args.chart else ""))
    return 0


def cmd_compare(args) -> int:
    from eval.gold import load_gold
    from eval.metrics import evaluate
    from eval.report import chart, print_metrics, table
    from eval.run import LABELS, SYSTEMS, run_gold, system_answerer
    from rag.files import write_json, write_jsonl

    gold = load_gold(args.gold)
    assistant = _assistant()
    metrics = {}
    for name in args.systems or SYSTEMS:
        results = run_gold(gold, system_answerer(name, assistant), desc=name)
        write_jsonl(args.outdir / f"{name}.jsonl", results)
        metrics[name] = evaluate(gold, results)
        print_metrics(f"{name}：{LABELS[name]}", metrics[name])
    print("\n## 对比\n\n" + table({n: m["overall"] for n, m in metrics.items()}, first="系统"))
    write_json(args.outdir / "metrics.json", {"gold": str(args.gold), "systems": metrics})
    chart(metrics, args.outdir / "metrics.png")
    print(f"\n结果、指标和图表已写入 {args.outdir}/")
    return 0


def cmd_gate(args) -> int:
    from eval.gold import load_gold
    from eval.metrics import evaluate
    from eval.run import run_gold, system_answerer

    thresholds = json.loads(Path(args.thresholds).read_text(encoding="utf-8"))
    gold = load_gold(args.gold)
    overall = evaluate(gold, run_gold(gold, system_answerer("full", _assistant())))["overall"]
    failed = []
    for key, limit in thresholds["overall"].items():
        value = overall.get(key)
        ok = value is not None and (value <= limit if key in LOWER_IS_BETTER else value >= limit)
        print(f"{'通过' if ok else '未通过'}  {key} = {value}"
              f"（{'上限' if key in LOWER_IS_BETTER else '下限'} {limit}）")
        if not ok:
            failed.append(key)
    if failed:
        print(f"质量门未通过：{', '.join(failed)}", file=sys.stderr)
        return 1
    print("质量门通过。")
    return 0


def cmd_ablate(args) -> int:
    from eval.suite import gold_files, run_ablations
    from rag.files import write_json
    from rag.model.embed import load_embedder

    results = run_ablations(gold_files(args.files), load_embedder(), args.outdir, progress=sys.stderr.isatty())
    names = list(results)
    files = list(next(iter(results.values())))
    for key, label in (("answer_accuracy", "答案准确"), ("abstain_correct", "正确拒答"), ("abstain_wrong", "误拒答")):
        print(f"\n## {label}\n\n| 文件 | " + " | ".join(names) + " |\n|" + "---|" * (len(names) + 1))
        for f in files:
            print(f"| {f} | " + " | ".join(f"{results[n][f]['overall'].get(key) or 0:.3f}" for n in names) + " |")
    write_json(args.outdir / "ablations.json", {n: {f: m["overall"] for f, m in r.items()} for n, r in results.items()})
    print(f"\n已写入 {args.outdir}/ablations.json")
    return 0


def cmd_feedback(args) -> int:
    from eval.feedback import export
    from rag.ui.usage import configured_log

    log = configured_log()
    if not log.enabled:
        print("使用记录已关闭（RAG_LOG=0），没有可导出的问题。", file=sys.stderr)
        return 2
    n = export(log, args.out)
    print(f"已导出 {n} 个待审问题（点了 👎 的和助手拒答的）到 {args.out}，格式同金标准文件。")
    return 0


def cmd_suite(args) -> int:
    from eval.report import table
    from eval.suite import gold_files, run_suite
    from rag.files import write_json
    from rag.model.embed import load_embedder

    files = gold_files(args.files)
    metrics = run_suite(files, load_embedder(), args.outdir, progress=sys.stderr.isatty())
    rows = {name: m["overall"] | {"paraphrase": (m["per_type"].get("paraphrase") or {}).get("answer_accuracy")}
            for name, m in metrics.items()}
    print(table(rows, first="金标准文件"))
    write_json(args.outdir / "suite.json", metrics)
    print(f"\n逐题结果和指标已写入 {args.outdir}/")
    return 0


def cmd_fit(args) -> int:
    from eval.fit import run_fit
    from rag.files import write_json
    from rag.model.embed import load_embedder

    result = run_fit(load_embedder(), progress=sys.stderr.isatty())
    write_json(args.out, result)
    print("留一报告（leave-one-report-out）：")
    for report, m in result["leave_one_report_out"].items():
        print(f"  {report:<20} 句子 top1 {m['sentence_top1']:.3f}  误拒答 {m['answerable_refused']:.3f}  "
              f"正确拒答 {m['unanswerable_refused'] if m['unanswerable_refused'] is not None else '—'}")
    print(f"权重已写入 {result['weights']}，明细 {args.out}")
    return 0


def cmd_train(args) -> int:
    from eval.reader.run import run_train
    from eval.reader.train import Recipe
    from rag.model.embed import load_embedder

    recipe = Recipe(epochs=args.epochs, ranked_top=args.ranked_top)
    record = run_train(load_embedder(), recipe, skip_pairs=args.reuse_pairs)
    print(f"读者模型已写入 rag/answer/rank/reader/（{record['pairs']['pairs']} 对，"
          f"数据 sha256 {record['data_sha256'][:12]}）。"
          "接着运行 python -m eval fit，用交叉折的读者分数拟合第二阶段和可答性模型。")
    return 0


def cmd_fit_english(args) -> int:
    from eval.fit_english import run_fit_english
    from rag.model.embed import load_embedder

    result = run_fit_english(load_embedder(), args.outdir, progress=sys.stderr.isatty())
    for threshold, files in result["grid"].items():
        print(f"  阈值 {threshold:<5} " + "  ".join(f"{n} 处理正确 {m['correct']:.3f}" for n, m in files.items()))
    print(f"英文问题的拒答阈值：{result['threshold']}（已写入 rag/answer/rank/weights.json）")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description="金标准评测、基线对比、质量门和基准测试")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="在金标准文件上运行助手，写出逐题结果（JSON Lines）")
    run.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--system", default="full", help="full（默认）、full-dense、full-bm25、langchain、bm25、dense")
    report = sub.add_parser("report", help="按题型和总体计算指标，写出 JSON，可画图")
    report.add_argument("results", nargs="+", type=Path)
    report.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    report.add_argument("--out", type=Path, default=None)
    report.add_argument("--chart", type=Path, default=None)
    compare = sub.add_parser("compare", help="同一批问题上运行本项目和各基线，写出表格和图")
    compare.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    compare.add_argument("--outdir", type=Path, default=DEFAULT_OUTDIR)
    compare.add_argument("--systems", nargs="*", default=None)
    gate = sub.add_parser("gate", help="运行评测，任何指标低于阈值时以非零状态退出")
    gate.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    gate.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS)
    suite = sub.add_parser("suite",
                           help="每个金标准文件在它自己报告的索引上运行（eval/gold/reports.json），逐文件出指标")
    suite.add_argument("files", nargs="*", help="只运行这些（如 dazu-2024/tuned 或 anhui），默认全部")
    suite.add_argument("--outdir", type=Path, default=DEFAULT_OUTDIR / "suite")
    ablate = sub.add_parser("ablate", help="同一批金标准文件，依次关掉词表、句子证据、向量或 BM25，逐文件出指标")
    ablate.add_argument("files", nargs="*", help="同 suite")
    ablate.add_argument("--outdir", type=Path, default=DEFAULT_OUTDIR / "ablations")
    feedback = sub.add_parser("feedback", help="把使用记录里点了 👎 和拒答的问题导出为金标准格式，供人工审核")
    feedback.add_argument("--out", type=Path, required=True)
    fit = sub.add_parser("fit", help="在多份报告的金标准上拟合排序和可答性模型，写出 rag/answer/rank/weights.json")
    fit.add_argument("--out", type=Path, default=DEFAULT_OUTDIR / "fit.json")
    train = sub.add_parser("train", help="训练读者模型（交叉折 + 全部训练报告），写出 rag/answer/rank/reader/")
    train.add_argument("--epochs", type=int, default=2)
    train.add_argument("--reuse-pairs", action="store_true", help="沿用 var/reader/pairs.jsonl")
    train.add_argument("--ranked-top", type=int, default=12, help="每题保留一阶段排名前几的负例（同段负例全留）")
    fit_en = sub.add_parser("fit-english", help="在英文金标准上选英文问题的拒答阈值，写入 rag/answer/rank/weights.json")
    fit_en.add_argument("--outdir", type=Path, default=DEFAULT_OUTDIR / "fit-english")
    bench = sub.add_parser("bench", help="速度、内存和规模基准，写出 bench/results.json 和图")
    bench.add_argument("--out", type=Path, default=Path("bench/results.json"))
    bench.add_argument("--skip", nargs="*", default=[], help="跳过的部分，如 growth load cold")
    args = parser.parse_args(argv)

    from eval.gold import GoldError
    from rag.library.manifest import IndexLoadError

    try:
        if args.command == "bench":
            from eval.bench import run_bench

            return run_bench(args.out, skip=set(args.skip))
        return {"run": cmd_run, "report": cmd_report, "compare": cmd_compare, "gate": cmd_gate,
                "fit": cmd_fit, "train": cmd_train, "fit-english": cmd_fit_english, "suite": cmd_suite,
                "feedback": cmd_feedback, "ablate": cmd_ablate}[args.command](args)
    except (GoldError, IndexLoadError, FileNotFoundError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
