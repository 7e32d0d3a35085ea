"""The library: add and remove reports atomically, embed only what is new, refuse hostile input, survive a kill."""
from __future__ import annotations

import json
import threading

import pytest
from conftest import FIXTURES, FakeEmbedder

from rag import config
from rag.ingest.decode import ReportError
from rag.library import manifest as mf
from rag.library.cache import EmbeddingCache
from rag.library.change import Library
from rag.library.load import load_index

MINI = FIXTURES / "mini-report.md"


class Counting(FakeEmbedder):
    """Counts the texts that reach the model."""

    def __init__(self) -> None:
        self.seen = 0

    def embed_passages(self, texts, progress=False):
        self.seen += len(texts)
        return super().embed_passages(texts)


@pytest.fixture
def library(tmp_path):
    return Library(tmp_path / "lib", Counting(), cache=EmbeddingCache(tmp_path / "cache.sqlite"))


def test_adding_a_report_embeds_only_that_report(library):
    first = library.change([MINI], fresh=True)
    part = library.folder / first.manifest["reports"][0]["folder"]
    stamp = (part / "vectors.npy").stat().st_mtime_ns
    library.embedder.seen = 0
    second = library.change([config.DEFAULT_CORPUS])
    assert second.added == ["dazu-2024-government-work-report"]
    sentences = second.manifest["reports"][1]["sentences"]
    assert library.embedder.seen == second.embedded and 0.9 * sentences < second.embedded <= sentences
    assert (part / "vectors.npy").stat().st_mtime_ns == stamp  # the first report was not touched
    corpus = load_index(library.folder, library.embedder.model_id)
    assert [r.id for r in corpus.reports] == ["mini-report", "dazu-2024-government-work-report"]
    assert corpus.report["dazu-2024-government-work-report"].place == "重庆市大足区"


def test_the_same_report_twice_is_added_once(library):
    library.change([MINI], fresh=True)
    library.embedder.seen = 0
    again = library.change([("另存为.md", MINI.read_bytes())])
    assert again.added == [] and "内容相同" in again.skipped[0] and library.embedder.seen == 0
    assert again.manifest["counts"]["reports"] == 1


def test_rebuilding_from_scratch_embeds_nothing_already_seen(library):
    library.change([MINI, config.DEFAULT_CORPUS], fresh=True)
    library.embedder.seen = 0
    rebuilt = library.change([MINI, config.DEFAULT_CORPUS], fresh=True)
    assert library.embedder.seen == 0 and rebuilt.manifest["counts"]["reports"] == 2


def test_removing_a_report(library):
    library.change([MINI, config.DEFAULT_CORPUS], fresh=True)
    change = library.change(remove=["mini-report"])
    assert [r["id"] for r in change.manifest["reports"]] == ["dazu-2024-government-work-report"]
    assert len(list((library.folder / mf.REPORTS).iterdir())) == 1
    assert load_index(library.folder, library.embedder.model_id).docs == ["dazu-2024-government-work-report"]
    with pytest.raises(ReportError, match="没有这些报告"):
        library.change(remove=["no-such-report"])


def test_the_last_report_is_never_removed(library):
    library.change([MINI], fresh=True)
    before = (library.folder / mf.MANIFEST).read_text(encoding="utf-8")
    with pytest.raises(ReportError, match="至少要留一份报告"):
        library.change(remove=["mini-report"])
    assert (library.folder / mf.MANIFEST).read_text(encoding="utf-8") == before


def test_limits_refuse_a_huge_report_before_it_is_embedded(tmp_path):
    from rag.config import Limits

    lib = Library(tmp_path / "lib", Counting(), cache=EmbeddingCache(tmp_path / "c.sqlite"),
                  limits=Limits(report_sentences=50, report_chars=20_000))
    lines = ("2025年某县政府工作报告\n各位代表：\n"
             + "\n".join(f"第{i}条：新建道路{i}公里。" for i in range(200))).encode()
    with pytest.raises(ReportError, match="50 句"):
        lib.change([("many.txt", lines)], fresh=True)
    with pytest.raises(ReportError, match="20000 字"):
        lib.change([("long.txt", ("各位代表：" + "很长的句子" * 5000).encode())], fresh=True)
    assert lib.embedder.seen == 0 and not (lib.folder / mf.MANIFEST).exists()


def test_limits_on_the_whole_library(tmp_path):
    from rag.config import Limits

    lib = Library(tmp_path / "lib", Counting(), cache=EmbeddingCache(tmp_path / "c.sqlite"),
                  limits=Limits(library_reports=1))
    lib.change([MINI], fresh=True)
    with pytest.raises(ReportError, match="最多放 1 份报告"):
        lib.change([config.DEFAULT_CORPUS])
    assert load_index(lib.folder, lib.embedder.model_id).docs == ["mini-report"]


def test_embedding_happens_outside_the_library_lock(library):
    """Another writer (or reader taking the lock) is never kept waiting while a report is embedded."""
    import fcntl

    library.change([MINI], fresh=True)
    free_while_embedding = []

    class Probing(Counting):
        def embed_passages(self, texts, progress=False):
            with (library.folder / mf.LOCK).open("w") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(fh, fcntl.LOCK_UN)
                    free_while_embedding.append(True)
                except BlockingIOError:
                    free_while_embedding.append(False)
            return super().embed_passages(texts)

    Library(library.folder, Probing(), cache=EmbeddingCache(library.folder.parent / "fresh.sqlite")).change(
        [config.DEFAULT_CORPUS])
    assert free_while_embedding and all(free_while_embedding)


def test_a_build_killed_half_way_leaves_the_old_library(library):
    library.change([MINI], fresh=True)
    before = (library.folder / mf.MANIFEST).read_text(encoding="utf-8")

    class Killed(Counting):
        def embed_passages(self, texts, progress=False):
            raise KeyboardInterrupt  # what a kill looks like from inside: nothing after it runs

    broken = Library(library.folder, Killed(), cache=library.cache)
    with pytest.raises(KeyboardInterrupt):
        broken.change([config.DEFAULT_CORPUS])
    assert (library.folder / mf.MANIFEST).read_text(encoding="utf-8") == before
    assert load_index(library.folder, library.embedder.model_id).docs == ["mini-report"]
    library.change([config.DEFAULT_CORPUS])  # the next change clears what the killed one left
    leftovers = [p.name for p in library.folder.rglob(".*") if p.name != mf.LOCK]
    assert leftovers == []


def test_a_file_name_with_path_characters_stays_inside_the_library(library, tmp_path):
    change = library.change([("../../evil/..\\报告 2024?.md", MINI.read_bytes())], fresh=True)
    [report] = change.manifest["reports"]
    assert "/" not in report["id"] and ".." not in report["id"] and "\\" not in report["id"]
    assert not (tmp_path / "evil").exists()
    assert all(library.folder in p.parents for p in library.folder.rglob("*"))


def test_a_bad_file_changes_nothing(library, tmp_path):
    library.change([MINI], fresh=True)
    before = (library.folder / mf.MANIFEST).read_text(encoding="utf-8")
    with pytest.raises(ReportError):
        library.change([("empty.txt", b"   ")])
    assert (library.folder / mf.MANIFEST).read_text(encoding="utf-8") == before


def test_two_writers_at_once_both_land(library):
    library.change([MINI], fresh=True)
    text = MINI.read_text(encoding="utf-8")
    uploads = [(f"{name}.md", text.replace("示例县", f"{name}县").encode("utf-8")) for name in ("甲", "乙")]
    errors = []

    def add(item):
        try:
            Library(library.folder, Counting(), cache=library.cache).change([item])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(u,)) for u in uploads]
    [t.start() for t in threads]
    [t.join() for t in threads]
    manifest = json.loads((library.folder / mf.MANIFEST).read_text(encoding="utf-8"))
    assert not errors and {r["id"] for r in manifest["reports"]} == {"mini-report", "甲", "乙"}


def _mention_library():
    from rag.search.tokens import searchable
    from rag.types import Paragraph, Report, Sentence

    texts = {"nx": "发展葡萄酒产业,建设沙戈荒新能源基地。", "xj": "加快“沙戈荒”新能源基地建设。推进油茶种植。",
             "hn": "壮大油茶、蔬菜等产业。建设新能源基地。", "js": "建设新能源基地,发展油茶产业。"}
    reports = {d: Report(d, f"{d}报告", {"nx": "宁夏回族自治区", "xj": "新疆维吾尔自治区", "hn": "湖南省",
                                         "js": "江苏省"}[d], "省", 2025) for d in texts}
    by_doc = {}
    for d, text in texts.items():
        p = Paragraph("p001", d, ("一、工作",), text)
        by_doc[d] = [(Sentence(d, "p001", 0, len(text), text), p)]
    return tuple(texts), by_doc, reports, {d: searchable(t) for d, t in texts.items()}


@pytest.mark.parametrize("question, expected", [
    ("哪些报告提到了“沙戈荒”新能源基地？", ["nx", "xj"]),   # 新能源基地 is in every report: 沙戈荒 decides
    ("哪些地方的报告谈到了葡萄酒？", ["nx"]),               # 哪些地方 is the question, not the topic
    ("哪些报告提到了油茶产业？", ["xj", "hn", "js"]),        # 油茶 without 产业 right after it counts too
])
def test_which_reports_mention_a_topic(question, expected):
    from rag.answer.route.mentions import mentions
    from rag.answer.understand.query import analyze

    docs, by_doc, reports, texts = _mention_library()
    answer = mentions(analyze(question), docs, by_doc, reports, texts)
    assert [c.paragraph.doc for c in answer.citations] == expected
    assert not answer.abstained and f"有{len(expected)}份报告" in answer.text
    assert "““" not in answer.text


def test_no_report_mentions_it():
    from rag.answer.route.mentions import mentions
    from rag.answer.understand.query import analyze

    docs, by_doc, reports, texts = _mention_library()
    answer = mentions(analyze("哪些报告提到了低空经济？"), docs, by_doc, reports, texts)
    assert answer.abstained and "都没有提到“低空经济”" in answer.text


def test_a_related_word_is_not_a_mention():
    """「低空经济」 is mentioned where the words are; a report that only speaks of 无人机 is listed apart."""
    from rag.answer.route.mentions import mentions
    from rag.answer.understand.query import analyze
    from rag.search.tokens import searchable
    from rag.types import Paragraph, Report, Sentence

    texts = {"a": "培育低空经济等未来产业。", "b": "建设无人机测试基地。", "c": "发展乡村旅游。"}
    reports = {d: Report(d, f"{d}报告", p, "省", 2025) for d, p in zip(texts, ("安徽省", "福建省", "甘肃省"))}
    by_doc = {d: [(Sentence(d, "p001", 0, len(t), t), Paragraph("p001", d, ("一、工作",), t))]
              for d, t in texts.items()}
    answer = mentions(analyze("哪些报告提到了低空经济？"), tuple(texts), by_doc, reports,
                      {d: searchable(t) for d, t in texts.items()})
    assert answer.text.startswith("提到“低空经济”的有1份报告：安徽") and "另有1份报告只提到相关的内容" in answer.text
    assert [c.paragraph.doc for c in answer.citations] == ["a", "b"]


def test_what_was_read_from_a_report_can_be_corrected(library):
    from rag.library.change import relabel

    library.change([MINI], fresh=True)
    manifest = relabel(library.folder, library.embedder, "mini-report", place="示例省示例县", year=2025)
    [report] = manifest["reports"]
    assert (report["place"], report["year"]) == ("示例省示例县", 2025)
    corpus = load_index(library.folder, library.embedder.model_id)
    assert (corpus.report["mini-report"].place, corpus.report["mini-report"].year) == ("示例省示例县", 2025)
    with pytest.raises(ReportError, match="年份"):
        relabel(library.folder, library.embedder, "mini-report", year=1800)
    with pytest.raises(ReportError, match="没有报告"):
        relabel(library.folder, library.embedder, "nope", year=2025)
