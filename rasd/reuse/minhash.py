"""Vectorised MinHash signatures and LSH banding.

Shingle hashes are folded to 32 bits; each permutation is ``x -> a * x + b mod 2**32``
(``a`` odd, so a bijection) followed by an xorshift, computed for many documents at
once with numpy and reduced per document with ``np.minimum.reduceat``. The user picks a Jaccard
threshold; bands and rows are derived from it (as datasketch ``_optimal_param``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from rasd.reuse.shingles import U64, mix64

U32 = npt.NDArray[np.uint32]

#: Shingle hashes multiplied per numpy chunk (bounds memory: perms x chunk x 4 bytes).
_CHUNK = 16384


@cache
def permutations(num_perm: int, seed: int) -> tuple[U32, U32]:
    """The ``a`` (odd) and ``b`` coefficients of ``num_perm`` 32-bit hash permutations."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**31, size=num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint32)
    return a, b


def signatures(docs: Sequence[U64], num_perm: int, seed: int) -> U32:
    """MinHash signatures (one row per document); every document must be non-empty."""
    out = np.empty((len(docs), num_perm), dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    start = 0
    while start < len(docs):
        stop, total = start, 0
        while stop < len(docs) and (stop == start or total + len(docs[stop]) <= _CHUNK):
            total += len(docs[stop])
            stop += 1
        out[start:stop] = _chunk_signatures(docs[start:stop], a, b).T
        start = stop
    return out


def _chunk_signatures(docs: Sequence[U64], a: U32, b: U32) -> U32:
    """Permutation ``x -> xorshift(a * x + b mod 2**32)`` of 32-bit folded hashes, minimum per document."""
    flat = np.concatenate(docs)
    x = (flat >> np.uint64(32)).astype(np.uint32) ^ flat.astype(np.uint32)
    offsets = np.cumsum([0] + [len(d) for d in docs[:-1]])
    hashed = np.multiply(a[:, None], x[None, :])
    hashed += b[:, None]
    hashed ^= hashed >> np.uint32(15)
    return np.asarray(np.minimum.reduceat(hashed, offsets, axis=1), dtype=np.uint32)


def estimate_jaccard(sig: U32, others: U32) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity between one signature and each row of ``others``."""
    return np.asarray((others == sig[None, :]).mean(axis=1), dtype=np.float64)


def _integral(fn: npt.NDArray[np.float64], xs: npt.NDArray[np.float64]) -> float:
    return float(np.sum((fn[1:] + fn[:-1]) * np.diff(xs)) / 2.0)


def _error(threshold: float, b: int, r: int, fp_weight: float, fn_weight: float) -> float:
    lo = np.linspace(0.0, threshold, 101)
    hi = np.linspace(threshold, 1.0, 101)
    fp = _integral(1.0 - (1.0 - lo**r) ** b, lo)
    fn = _integral((1.0 - hi**r) ** b, hi)
    return fp * fp_weight + fn * fn_weight


@cache
def lsh_params(threshold: float, num_perm: int, fn_weight: float = 0.9) -> tuple[int, int]:
    """(bands, rows) minimising weighted false positive/negative probability at ``threshold``.

    Candidates are verified by estimated Jaccard afterwards, so a false candidate costs one
    comparison while a missed one is lost: misses weigh ``fn_weight`` (0.9), false candidates the rest.
    """
    if not 0.0 < threshold < 1.0:
        threshold = min(max(threshold, 0.01), 0.99)
    best, best_err = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            err = _error(threshold, bands, rows, 1.0 - fn_weight, fn_weight)
            if err < best_err:
                best, best_err = (bands, rows), err
    return best


def band_keys(sigs: U32, bands: int, rows: int) -> npt.NDArray[np.int64]:
    """One signed 64-bit key per (document, band); the band number is mixed into the key."""
    n = sigs.shape[0]
    cells = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    acc = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (n, bands)).copy()
    for j in range(rows):
        acc = mix64(acc * np.uint64(0x100000001B3) ^ cells[:, :, j])
    return acc.view(np.int64)
