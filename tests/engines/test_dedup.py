"""The Spark engine's near-duplicate verification, without Spark (rasd.engines.dedup)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from rasd.engines.dedup import _verify, exact_jaccard, join_of
from rasd.errors import SettingsError
from rasd.reuse.params import ReuseParams


class Counter:
    def __init__(self) -> None:
        self.value = 0

    def add(self, n: int) -> None:
        self.value += n


def _row(a: int, b: int, sig_a: np.ndarray, sig_b: np.ndarray, **over: Any) -> SimpleNamespace:
    base = {"a": a, "b": b, "ua": f"u{a}", "ub": f"u{b}", "na": 100, "nb": 100,
            "sa": bytearray(sig_a.astype("<u4").tobytes()), "sb": bytearray(sig_b.astype("<u4").tobytes()),
            "ka": [7, 8], "kb": [8, 9], "ia": list(range(100)), "ib": list(range(100))}
    return SimpleNamespace(**{**base, **over})


def test_exact_jaccard() -> None:
    assert exact_jaccard([1, 2, 3], [2, 3, 4]) == 0.5
    assert exact_jaccard([], []) == 0.0


def test_verify_applies_the_embedded_rule_and_counts_candidates() -> None:
    params = ReuseParams.from_settings({})
    rng = np.random.default_rng(1)
    sig = rng.integers(0, 2**32, params.num_perm, dtype=np.uint64)
    other = rng.integers(0, 2**32, params.num_perm, dtype=np.uint64)
    rows = [
        _row(1, 2, sig, sig),  # same signature, a shared band key: accepted
        _row(1, 3, sig, sig, ub="u1"),  # same URL: never a duplicate
        _row(1, 4, sig, sig, kb=[5]),  # no shared band key
        _row(1, 5, sig, other, ib=list(range(50, 150))),  # different texts: nothing comes back
        _row(1, 6, sig, sig, nb=10),  # sizes too far apart
    ]
    seen = Counter()
    out = list(_verify(rows, params, seen))
    assert seen.value == 5
    accepted = [(a, b) for a, b, _, _, ok in out if ok]
    assert accepted == [(1, 2)]
    # rejected pairs whose exact Jaccard says "duplicate" are reported, different texts are not
    assert {(a, b) for a, b, *_ in out} == {(1, 2), (1, 3), (1, 4), (1, 6)}


def test_join_setting_is_checked() -> None:
    assert join_of({}) == "bands"
    assert join_of({"spark_dedup_join": "minhashlsh"}) == "minhashlsh"
    with pytest.raises(SettingsError):
        join_of({"spark_dedup_join": "all"})
