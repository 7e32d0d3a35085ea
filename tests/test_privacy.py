"""The personal-data masks are data (rag/ui/privacy.json); every example row there holds."""
from __future__ import annotations

import pytest

from rag.ui.privacy import mask, masks


@pytest.mark.parametrize("rule, text, stored", [(m.name, a, b) for m in masks() for a, b in m.examples])
def test_every_example_row_of_the_masks(rule, text, stored):
    assert mask(text) == stored, rule


def test_report_figures_and_years_are_not_masked():
    for question in ("2023年GDP增长6.5%，今年目标6%左右", "城镇新增就业1206万人", "1000亿元", "2024年和2025年"):
        assert "[" not in mask(question), question


def test_full_width_digits_are_masked_too():
    assert mask("电话１３８１２３４５６７８") == "电话[手机号]"
