"""Training data and sealed files never mix: no sealed report trains, no sealed file is a training file."""
from __future__ import annotations

from eval.splits import sealed_files, sealed_reports, splits, training_files
from eval.suite import GOLD, folders


def test_no_sealed_report_or_file_is_trained_on():
    train = training_files()
    assert not set(train) & set(sealed_reports())
    trained = {GOLD / folder / f"{name}.jsonl" for folder, names in train.items() for name in names}
    assert not trained & set(sealed_files())
    assert len(trained) >= 50 and all(f.exists() for f in trained)


def test_every_gold_folder_is_either_training_or_sealed():
    s = splits()
    named = {f.split("/")[0] for f in s["sealed"]["files"]}
    assert set(s["train"]["reports"]) | set(s["sealed"]["reports"]) | named >= set(folders())
    assert all(f.exists() for f in sealed_files())
