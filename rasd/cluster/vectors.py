"""TF-IDF over normalised stems with an incrementally updated document-frequency table."""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress, repeat

import numpy as np

try:  # the C helper behind Counter.update: counts an iterable into any dict
    from collections import _count_elements  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python implementations

    def _count_elements(mapping: dict[str, int], iterable: Iterable[str]) -> None:
        for item in iterable:
            mapping[item] = mapping.get(item, 0) + 1


def count_into(mapping: dict[str, int], items: Iterable[str]) -> None:
    """Add 1 to ``mapping[item]`` for each item (the loop runs in C on CPython)."""
    _count_elements(mapping, items)


@dataclass(slots=True)
class DocFreq:
    """Document frequencies seen so far; ``delta`` holds what changed since the last ``take_delta``."""

    df: dict[str, int] = field(default_factory=dict)
    n_docs: int = 0
    delta: dict[str, int] = field(default_factory=dict)
    delta_docs: int = 0

    def add(self, terms: Iterable[str]) -> None:
        """Count one more document holding ``terms``."""
        keys = terms.keys() if isinstance(terms, Mapping) else terms if isinstance(terms, Collection) else list(terms)
        _count_elements(self.df, keys)
        _count_elements(self.delta, keys)
        self.n_docs += 1
        self.delta_docs += 1

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency."""
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0

    def take_delta(self) -> tuple[dict[str, int], int]:
        """What changed since the last call (for persisting), and reset it."""
        out = (self.delta, self.delta_docs)
        self.delta, self.delta_docs = {}, 0
        return out


#: Vectors with more terms than this are weighted with numpy (per-call overhead pays off above it).
_NUMPY_FROM = 48


def tfidf(counts: Mapping[str, int], dfreq: DocFreq, top_k: int) -> dict[str, float]:
    """Unit-length sublinear TF-IDF vector of the ``top_k`` heaviest terms (ties at the cut: smaller terms).

    The terms keep their order in ``counts``.
    """
    if top_k <= 0:
        return {}
    base = math.log(1 + dfreq.n_docs) + 1.0
    if len(counts) > _NUMPY_FROM:
        return _tfidf_np(counts, dfreq.df, base, top_k)
    log, get = math.log, dfreq.df.get
    weights = {t: (1.0 + log(c)) * (base - log(1 + get(t, 0))) for t, c in counts.items() if c > 0}
    if len(weights) > top_k:
        keep = set(top_terms(weights, top_k))
        weights = {t: w for t, w in weights.items() if t in keep}
    return unit(weights)


def _tfidf_np(counts: Mapping[str, int], df: Mapping[str, int], base: float, top_k: int) -> dict[str, float]:
    tf = np.fromiter(counts.values(), np.float64, len(counts))
    if tf.min() > 0:  # always, for counts from text: no term to drop
        terms = list(counts)
    else:
        terms = [t for t, c in counts.items() if c > 0]
        tf = np.fromiter(map(counts.__getitem__, terms), np.float64, len(terms))
    n = len(terms)
    seen = np.fromiter(map(df.get, terms, repeat(0)), np.float64, n)
    weights = (1.0 + np.log(tf)) * (base - np.log1p(seen))
    if n > top_k:
        idx = _heaviest(weights, terms, top_k)
        weights, terms = weights[idx], [terms[i] for i in idx.tolist()]
    norm = math.sqrt(float(weights @ weights))
    return dict(zip(terms, (weights / norm).tolist(), strict=True)) if norm > 0 else {}


def _heaviest(weights: np.ndarray, terms: list[str], k: int) -> np.ndarray:
    """Positions of the ``k`` largest weights, ascending; ties at the cut go to the smaller terms."""
    cut = np.partition(weights, len(weights) - k)[len(weights) - k]
    above = np.flatnonzero(weights > cut)
    tied = np.flatnonzero(weights == cut)
    need = k - len(above)
    if need < len(tied):
        tied = np.array(sorted(tied.tolist(), key=terms.__getitem__)[:need], dtype=np.intp)
    return np.sort(np.concatenate([above, tied]))


def unit(vec: Mapping[str, float]) -> dict[str, float]:
    """``vec`` scaled to length 1 (empty stays empty)."""
    norm = math.sqrt(sum(map(operator.mul, vec.values(), vec.values())))
    return {t: v / norm for t, v in vec.items()} if norm > 0 else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Sparse dot product over the shared terms (exactly rounded, so independent of iteration order)."""
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    return math.fsum([a[t] * b[t] for t in shared])


def add_into(target: dict[str, float], vec: Mapping[str, float], cap: int) -> None:
    """Add ``vec`` into ``target`` and keep only the ``cap`` heaviest terms."""
    if not target and 0.0 not in vec.values():  # a new cluster: 0.0 + w is w for every w but -0.0 (or NaN)
        target.update(vec)
    else:
        sums = list(map(operator.add, map(target.get, vec.keys(), repeat(0.0)), vec.values()))  # in C
        target.update(zip(vec.keys(), sums))
    if len(target) > cap * 2:
        prune(target, cap)


def prune(target: dict[str, float], cap: int) -> None:
    """Keep the ``cap`` heaviest terms of ``target`` in place."""
    if len(target) <= cap:
        return
    keep = [(t, target[t]) for t in top_terms(target, cap)]
    target.clear()
    target.update(keep)


def top_terms(vec: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` heaviest terms, heaviest first (ties broken by the smaller term, for determinism)."""
    if 0 < k < len(vec):
        # only terms at least as heavy as the k-th weight can be among the k (sorting floats is cheap,
        # sorting strings is not): the full ranking below restricted to them gives the same first k
        cut = sorted(vec.values(), reverse=True)[k - 1]
        ranked = sorted(compress(vec.keys(), map(operator.le, repeat(cut), vec.values())))
    else:
        ranked = sorted(vec)
    ranked.sort(key=vec.__getitem__, reverse=True)  # stable: equal weights keep the order by term
    return ranked[:k]
