"""Prints metrics as tables, writes them as JSON, and draws the comparison chart."""
from __future__ import annotations

import json
import os
from pathlib import Path

COLUMNS = [("hit@1", "hit@1"), ("hit@3", "hit@3"), ("hit@5", "hit@5"), ("mrr", "MRR"),
           ("answer_accuracy", "答案准确"), ("citation_accuracy", "引用准确"), ("abstain_correct", "正确拒答"),
           ("abstain_wrong", "误拒答"), ("paraphrase", "口语题答案"), ("context_rewritten", "带上文改写数"),
           ("median_answer_chars", "答案中位字数"),
           ("latency_p50_ms", "p50 ms"),
           ("latency_p95_ms", "p95 ms")]
CHART = ["hit@1", "hit@5", "mrr", "answer_accuracy", "citation_accuracy", "abstain_correct"]


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value <= 1.0:
        return f"{value:.3f}"
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def table(rows: dict[str, dict], first: str = "类型") -> str:
    """A Markdown table: one row per name, the COLUMNS as columns."""
    head = f"| {first} | 题数 | " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + "---|" * (len(COLUMNS) + 2)
    lines = [head, rule]
    for name, m in rows.items():
        lines.append(f"| {name} | {m['questions']} | " + " | ".join(_fmt(m.get(k)) for k, _ in COLUMNS) + " |")
    return "\n".join(lines)


def chart(metrics: dict[str, dict], path: Path) -> None:
    """Grouped bars: the main metrics for each configuration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in ("CJK", "Hei", "WenQuan"))]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0]]
    names = list(metrics)
    fig, ax = plt.subplots(figsize=(11.5, 4.8), dpi=120)
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        values = [metrics[name]["overall"].get(k) or 0.0 for k in CHART]
        ax.bar([x + i * width for x in range(len(CHART))], values, width, label=name)
    ax.set_xticks([x + width * (len(names) - 1) / 2 for x in range(len(CHART))], CHART)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    save_figure(fig, path)


def save_figure(fig, path: Path) -> None:
    """Write a matplotlib figure atomically (temp file, then rename) and close it."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(path).with_suffix(".tmp.png")
    fig.savefig(tmp)
    plt.close(fig)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def print_metrics(name: str, m: dict) -> None:
    print(f"\n## {name}\n")
    print(table({"全部": m["overall"], **m["per_type"]}))
    if m.get("missing_results"):
        print(f"\n注意：{m['missing_results']} 个问题没有结果。")


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
