"""The everyday-word thesaurus: its rows are well formed and a question's everyday words find report words."""
import pytest

from rag.search import lexicon


def test_every_row_is_lower_case_with_one_to_four_report_words():
    colloquial, indicators, asking = lexicon._load()
    assert len(colloquial) > 1000 and indicators and asking
    for key, terms in colloquial.items():
        assert key == key.lower(), key
        assert 1 <= len(terms) <= 4, key


@pytest.mark.parametrize("question, key, report_word", [
    ("今年要修路吗", "修路", "公路"),
    ("今年要修哪些路", "修路", "道路"),         # an asking word inside the everyday word
    ("gdp增长多少", "gdp", "地区生产总值"),
    ("农药残留怎么管", "农药", None),            # 农药 shadows 药
])
def test_everyday_words_find_report_words(question, key, report_word):
    found = lexicon.expansions(question)
    assert key in found
    if report_word:
        assert report_word in found[key]
    assert not any(k != key and k in key for k in found)


def test_a_question_without_everyday_words_finds_none():
    assert lexicon.expansions("今年的主要预期目标") == {}


def test_the_switch_turns_it_off(monkeypatch):
    monkeypatch.setenv(lexicon.SWITCH_ENV, "0")
    assert lexicon.expansions("今年要修哪些路") == {}
