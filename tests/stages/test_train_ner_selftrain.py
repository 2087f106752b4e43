"""scripts/train_ner.py --self-train: a first-pass fit refitted with its surest pseudo-labels (round 8)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pycrfsuite
import pytest

from rasd.ner.features import sentence_features

NAMES = ["زيدان", "كريمو", "فالنتي", "سامور", "بيتروف", "لوكاشي"]


def _weights(path: Path) -> dict[tuple[str, str], float]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    found = dict(tagger.info().state_features)
    tagger.close()
    return found


def test_self_training_learns_from_the_pseudo_labelled_sentences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, train_ner: ModuleType) -> None:
    """Sentences written for this test. With n = 0 the unlabelled words never reach the model;
    with n = 2 the refit has weights for the new name as a person (the first fit tags it so).
    Pure L2 here, so that no weight of the tiny model is cut to zero."""
    mod = train_ner
    monkeypatch.setattr(mod, "PARAMS", {**mod.PARAMS, "c1": 0.0, "c2": 0.01, "max_iterations": 50})
    sents = [["قال", name, "إن", "الاجتماع", "انتهى", "."] for name in NAMES]
    feats = [sentence_features(s) for s in sents]
    tags = [["O", "B-PERS", "O", "O", "O", "O"] for _ in sents]
    unlabelled = [["قال", "دوبوا", "إن", "الاجتماع", "انتهى", "."], ["انتهى", "الاجتماع", "أمس", "في", "المساء", "."]]
    plain, selftrained = tmp_path / "plain.crf", tmp_path / "self.crf"
    mod.fit_first(feats, tags, plain, unlabelled, 0)
    mod.fit_first(feats, tags, selftrained, unlabelled, 2)
    assert ("w=دوبوا", "B-PERS") not in _weights(plain)
    assert _weights(selftrained).get(("w=دوبوا", "B-PERS"), 0.0) > 0
