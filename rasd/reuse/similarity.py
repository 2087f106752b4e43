"""Pairwise text similarity over normalised word n-grams (for same-story calibration and reports)."""

from __future__ import annotations

import numpy as np

from rasd.reuse.shingles import U64, doc_features

#: Cap on distinct n-grams per text (the smallest hashes are kept, as for shingles).
MAX_NGRAMS = 50_000


def ngram_set(text: str, size: int) -> U64:
    """Sorted unique hashes of the word ``size``-grams of ``text`` (normalised, «و» folded)."""
    return np.unique(doc_features(text, None, size, MAX_NGRAMS).shingles)


def jaccard(a: U64, b: U64) -> float:
    """|A ∩ B| / |A ∪ B| of two sorted unique hash arrays (0.0 when both are empty)."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def containment(a: U64, b: U64) -> float:
    """|A ∩ B| / min(|A|, |B|): how much of the shorter text the longer one carries."""
    small = min(len(a), len(b))
    return len(np.intersect1d(a, b, assume_unique=True)) / small if small else 0.0


def text_similarity(text_a: str, text_b: str, size: int = 2) -> float:
    """Containment of word ``size``-grams: the same-story signal scored by ``rasd eval pairs``."""
    return containment(ngram_set(text_a, size), ngram_set(text_b, size))
