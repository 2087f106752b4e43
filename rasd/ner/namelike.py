"""A "looks like a transliterated name" score of one Arabic word, from character n-grams.

A linear model over hashed character trigrams of the normalised word (with ``<``/``>``
word boundaries; 2-4-grams scored slightly better but cost three times as much per new
word), trained by scripts/build_name_model.py at build time: positives are
the Arabic spellings of foreign person, place and organisation names (ANETAC, read from
../shared/eval at build time only), negatives ordinary news words. Only the learned
weights ship (rasd/data/ner/namelike_ar.npy: one float16 weight per hash bucket, the
bias last), no names. The NER features use the binned probability (``bin_of``).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cache
from pathlib import Path
from zlib import crc32

import numpy as np

from rasd.errors import ModelMissing

BUCKETS = 1 << 17
NGRAMS = (3,)
MAX_CHARS = 40  # longer words are scored on their first MAX_CHARS letters
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "ner" / "namelike_ar.npy"
CUTS = (0.1, 0.3, 0.5, 0.7, 0.9)  # probability bin edges; bin_of gives 0..len(CUTS)


# per marked-word length: the slices of its n-grams, n by n, left to right
_SLICES = tuple(tuple(slice(i, i + n) for n in NGRAMS for i in range(size - n + 1))
                for size in range(MAX_CHARS + 3))


def grams(word: str) -> list[str]:
    """The word's boundary-marked character n-grams (repeats kept)."""
    s = "<" + word[:MAX_CHARS] + ">"
    return list(map(s.__getitem__, _SLICES[len(s)]))


def bucket(gram: str) -> int:
    return crc32(gram.encode()) & (BUCKETS - 1)


def buckets(word: str) -> list[int]:
    """Hash buckets of the word's n-grams (the model's input; see scripts/build_name_model.py)."""
    return [bucket(g) for g in grams(word)]


class _GramWeights(dict[str, float]):
    """n-gram -> weight, hashed on first sight and then a plain dict hit (a few thousand
    distinct n-grams cover almost all of Arabic news text)."""

    def __init__(self, weights: np.ndarray) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, gram: str) -> float:
        value = float(self.weights[bucket(gram)])
        if len(self) < 2_000_000:
            self[gram] = value
        return value


@cache
def _model() -> tuple[_GramWeights, float]:
    if not MODEL_PATH.exists():
        raise ModelMissing(f"name-likeness weights not found at {MODEL_PATH}; run scripts/build_name_model.py")
    arr = np.load(MODEL_PATH).astype(np.float64)
    if arr.shape != (BUCKETS + 1,):
        raise ModelMissing(f"{MODEL_PATH} has shape {arr.shape}, expected ({BUCKETS + 1},)")
    return _GramWeights(arr[:-1]), float(arr[-1])


def logit(word: str) -> float:
    """The model's log-odds that ``word`` (normalised, no clitics) is a transliterated name."""
    table, bias = _model()
    s = "<" + word[:MAX_CHARS] + ">"
    return bias + sum(map(table.__getitem__, map(s.__getitem__, _SLICES[len(s)])))


def probability(word: str) -> float:
    z = logit(word)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_LOGIT_CUTS = tuple(math.log(c / (1.0 - c)) for c in CUTS)


def bin_of(word: str) -> int:
    """0..len(CUTS): how name-like the word looks (0 = ordinary word); short words give 0."""
    if len(word) < 3:
        return 0
    return bisect_right(_LOGIT_CUTS, logit(word))
