"""The "looks like a transliterated name" score used as an NER feature (rasd.ner.namelike)."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.errors import ModelMissing
from rasd.ner import namelike
from rasd.ner.features import word_features
from rasd.text import normalise

# Made-up or well-known transliterated names vs ordinary news words (written for this test).
NAMES = ["فيرناندو", "شوارتزنبرغ", "كوفالتشوك", "كيسلوفسكي", "ستيفانوفيتش", "روزنتال"]
WORDS = ["الحكومة", "انتخابات", "المدرسة", "الاقتصادية", "يستطيعون", "المفاوضات"]


def test_buckets_are_deterministic_and_in_range() -> None:
    got = namelike.buckets("فيرناندو")
    assert got == namelike.buckets("فيرناندو")
    assert all(0 <= b < namelike.BUCKETS for b in got)
    # "<" + 8 letters + ">" = 10 characters: 11 - n n-grams of each length n
    assert len(got) == sum(11 - n for n in namelike.NGRAMS)
    assert len(namelike.buckets("x" * 10_000)) == sum(namelike.MAX_CHARS + 3 - n for n in namelike.NGRAMS)


def test_transliterated_names_score_above_ordinary_words() -> None:
    names = [namelike.probability(normalise(w)) for w in NAMES]
    words = [namelike.probability(normalise(w)) for w in WORDS]
    assert min(names) > max(words)
    assert all(namelike.bin_of(normalise(w)) >= 3 for w in NAMES)
    assert all(namelike.bin_of(normalise(w)) <= 1 for w in WORDS)


@pytest.mark.parametrize("word", ["", "ab", "ن", "x" * 10_000, "ـــ", "٣٤٥"])
def test_odd_input_gives_a_bin(word: str) -> None:
    assert 0 <= namelike.bin_of(word) <= len(namelike.CUTS)


def test_feature_is_scored_on_the_form_without_the_conjunction() -> None:
    own = word_features("وكوفالتشوك")[0]
    bare = word_features("كوفالتشوك")[0]
    assert [f for f in own if f.startswith("nl=")] == [f for f in bare if f.startswith("nl=")] == ["nl=5"]
    assert "-1nl=5" in word_features("كوفالتشوك")[1]
    assert not any(f.startswith("nl=") for f in word_features("والحكومة")[0])  # bin 0: no feature


def test_missing_or_bad_weights_raise(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(namelike, "MODEL_PATH", tmp_path / "absent.npy")
    namelike._model.cache_clear()
    try:
        with pytest.raises(ModelMissing):
            namelike.logit("فيرناندو")
        np.save(tmp_path / "bad.npy", np.zeros(7, dtype=np.float16))
        monkeypatch.setattr(namelike, "MODEL_PATH", tmp_path / "bad.npy")
        namelike._model.cache_clear()
        with pytest.raises(ModelMissing):
            namelike.logit("فيرناندو")
    finally:
        namelike._model.cache_clear()
