"""Page furniture rules are data (rag/ingest/furniture.json); every example row there holds."""
from __future__ import annotations

import pytest

from rag.ingest.chars import equivalents, ordinary
from rag.ingest.furniture import furniture, keep_examples, rules


@pytest.mark.parametrize("kind, line", [(name, d) for name, _, drops in rules() for d in drops])
def test_every_furniture_row_is_dropped(kind, line):
    assert furniture(line) == kind or furniture(line), (kind, line)


@pytest.mark.parametrize("line", keep_examples())
def test_report_lines_are_kept(line):
    assert furniture(line) == ""


def test_every_radical_and_compatibility_form_becomes_its_ideograph():
    assert len(equivalents()) >= 130                      # the Unicode table, not a hand list
    assert (ordinary("⾸⻚ ⼈⺠政府⽹ ⻓江 ⻔户 ﬁle 﨑")
            == "首页 人民政府网 长江 门户 file 﨑".replace("﨑", ordinary("﨑")))
    assert all("\u2e80" <= c <= "\u2fdf" or "\u31c0" <= c <= "\u31ef" for c in equivalents())
    assert ordinary("全角１２３，标点（保留）") == "全角１２３，标点（保留）"
