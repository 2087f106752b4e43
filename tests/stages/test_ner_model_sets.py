"""Two model sets: the shipped one (all of ANERcorp-dev) and the held-back one (its first 80%).

scripts/train_ner.py trains the shipped models on every sentence it is given; with
``--held-back`` it trains the same recipe on the first 80% only and writes the CRFs gzipped to
the held-back folder, which rasd.ner.model reads in place of a missing plain file.
`rasd eval entities` scores the held-back part with the held-back set only.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from types import ModuleType

import pycrfsuite
import pytest

from rasd.errors import ModelMissing
from rasd.ner import model as ner_model
from rasd.ner.features import sentence_features

# ten sentences written for this test; the last two (the held-back 20%) hold the only "كوريمان"
_NAMES = ["سامور", "فالنتي", "بيتروف", "لوكاشي", "زيدان", "دوبوا", "ماريني", "هالفورد", "كوريمان", "كوريمان"]


def _conll(path: Path) -> Path:
    lines: list[str] = []
    for name in _NAMES:
        lines += ["قال O", f"{name} B-PERS", "إن O", "الاجتماع O", "انتهى O", ". O", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _words(tagger: pycrfsuite.Tagger) -> set[str]:
    return {feature for feature, _ in tagger.info().state_features if feature.startswith("w=")}


def test_held_back_training_sees_the_first_80_percent_and_writes_gzipped_models(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, train_ner: ModuleType) -> None:
    monkeypatch.setattr(train_ner, "PARAMS", {**train_ner.PARAMS, "c1": 0.0, "c2": 0.01, "max_iterations": 30})
    shipped, held = tmp_path / "shipped", tmp_path / "shipped" / "held-back"
    monkeypatch.setattr(train_ner, "MODELS", shipped)
    monkeypatch.setattr(train_ner, "HELD_BACK_MODELS", held)
    data = _conll(tmp_path / "tiny.txt")
    assert train_ner.main([str(data), "--no-window", "--no-doc"]) == 0
    assert train_ner.main([str(data), "--no-window", "--no-doc", "--held-back"]) == 0
    assert (shipped / "ar_crf.bin").exists()
    assert (held / "ar_crf.bin.gz").exists() and not (held / "ar_crf.bin").exists()
    everything = ner_model._open(shipped / "ar_crf.bin")
    first_80 = ner_model._open(held / "ar_crf.bin")  # read from the .gz
    assert "w=كوريمان" in _words(everything)
    assert "w=كوريمان" not in _words(first_80) and "w=هالفورد" in _words(first_80)
    sent = ["قال", "هالفورد", "إن", "الاجتماع", "انتهى", "."]
    assert first_80.tag(sentence_features(sent))[1] == "B-PERS"


def test_a_gzipped_model_tags_as_the_plain_file(tmp_path: Path) -> None:
    plain = ner_model.MODEL_PATH
    (tmp_path / plain.name).with_name(plain.name + ".gz").write_bytes(gzip.compress(plain.read_bytes()))
    sent = sentence_features(["وقال", "الرئيس", "المصري", "عبد", "الفتاح", "السيسي", "إن", "القاهرة", "ترحب", "."])
    assert ner_model._open(tmp_path / plain.name).tag(sent) == ner_model.tagger().tag(sent)
    with pytest.raises(ModelMissing):
        ner_model._open(tmp_path / "absent.bin")


def test_the_evaluation_set_is_another_model() -> None:
    """The held-back folder ships its own weights (trained without the held-back sentences)."""
    shipped = ner_model.model()[0]
    held = ner_model.model(ner_model.HELD_BACK_MODELS)[0]
    assert shipped is not held
    assert shipped.matrix.shape != held.matrix.shape or (shipped.matrix != held.matrix).any()
