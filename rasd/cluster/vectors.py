"""TF-IDF over normalised stems with an incrementally updated document-frequency table."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(slots=True)
class DocFreq:
    """Document frequencies seen so far; ``delta`` holds what changed since the last ``take_delta``."""

    df: dict[str, int] = field(default_factory=dict)
    n_docs: int = 0
    delta: dict[str, int] = field(default_factory=dict)
    delta_docs: int = 0

    def add(self, terms: Iterable[str]) -> None:
        """Count one more document holding ``terms``."""
        df, delta = self.df, self.delta
        for term in terms:
            df[term] = df.get(term, 0) + 1
            delta[term] = delta.get(term, 0) + 1
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


def tfidf(counts: Mapping[str, int], dfreq: DocFreq, top_k: int) -> dict[str, float]:
    """Unit-length sublinear TF-IDF vector of the ``top_k`` heaviest terms."""
    log, df = math.log, dfreq.df
    base = log(1 + dfreq.n_docs) + 1.0
    weights = {t: (1.0 + log(c)) * (base - log(1 + df.get(t, 0))) for t, c in counts.items() if c > 0}
    if len(weights) > top_k:
        weights = {t: weights[t] for t in heapq.nlargest(top_k, sorted(weights), key=weights.__getitem__)}
    return unit(weights)


def unit(vec: Mapping[str, float]) -> dict[str, float]:
    """``vec`` scaled to length 1 (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm > 0 else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Sparse dot product (iterates the smaller vector)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def add_into(target: dict[str, float], vec: Mapping[str, float], cap: int) -> None:
    """Add ``vec`` into ``target`` and keep only the ``cap`` heaviest terms."""
    for t, v in vec.items():
        target[t] = target.get(t, 0.0) + v
    if len(target) > cap * 2:
        prune(target, cap)


def prune(target: dict[str, float], cap: int) -> None:
    """Keep the ``cap`` heaviest terms of ``target`` in place."""
    if len(target) <= cap:
        return
    keep = heapq.nsmallest(cap, target.items(), key=lambda kv: (-kv[1], kv[0]))
    target.clear()
    target.update(keep)


def top_terms(vec: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` heaviest terms (ties broken by the term, for determinism)."""
    return [t for t, _ in heapq.nsmallest(k, vec.items(), key=lambda kv: (-kv[1], kv[0]))]
