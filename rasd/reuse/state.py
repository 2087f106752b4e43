"""The reuse stage's in-memory state: known articles, the LSH index and passage carriers.

The store adapter rebuilds it at load from stored rows (signatures, band keys,
passages); the stage updates it in place batch by batch and returns the rows to
persist as ``ReuseUpdates``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

import numpy as np

from rasd.reuse.minhash import U32


def published_ts(published: str | None) -> float:
    """UTC timestamp of an ISO-8601 publication time; unknown or unparsable sorts last."""
    if not published:
        return math.inf
    try:
        value = datetime.fromisoformat(published.strip())
    except ValueError:
        return math.inf
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


@dataclass(slots=True)
class DocInfo:
    """What the index keeps about one processed article."""

    id: str
    seq: int
    published: str | None
    url: str | None
    source: str | None
    n_shingles: int
    ts: float = 0.0

    def __post_init__(self) -> None:
        self.ts = published_ts(self.published)

    @property
    def order(self) -> tuple[float, int]:
        """Sort key for 'who was first': publication time, then ingest order."""
        return (self.ts, self.seq)


@dataclass(slots=True)
class ReuseUpdates:
    """Rows to persist after one batch (see ``rasd.store.reuse.ReuseAdapter.save``)."""

    params: dict[str, Any] = field(default_factory=dict)
    docs: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[str, str, str, float]] = field(default_factory=list)
    passages: list[tuple[int, str, int]] = field(default_factory=list)
    #: every fingerprint of each article: (article id, hashes, char starts, char ends)
    doc_prints: list[tuple[str, list[int], list[int], list[int]]] = field(default_factory=list)
    #: spans of fingerprints the article shares with articles before it: (hash, article id, start, end)
    shared_spans: list[tuple[int, str, int, int]] = field(default_factory=list)
    #: passages that got their second carrier: (hash, id of the article that carried it alone until now),
    #: whose spans are stored as well (they are read from that article's ``doc_prints``)
    newly_shared: list[tuple[int, str]] = field(default_factory=list)
    rekeyed: list[tuple[bytes, str]] = field(default_factory=list)  # (band keys, article id)


class ReuseState:
    """Known articles, their signatures, the band buckets, duplicate groups and passages."""

    def __init__(self, num_perm: int) -> None:
        self.num_perm = num_perm
        self.docs: list[DocInfo] = []
        self.by_id: dict[str, int] = {}
        self.sig_rows: dict[int, int] = {}  # doc index -> row in self.sigs
        self.sigs: U32 = np.zeros((64, num_perm), dtype=np.uint32)
        self.n_sigs = 0
        self.buckets: dict[int, int | list[int]] = {}
        self.parent: list[int] = []
        self.url_latest: dict[str, int] = {}
        self.revisions: dict[int, int] = {}  # doc index -> previous revision's index
        self.passage_first: dict[int, int] = {}
        self.passage_count: dict[int, int] = {}  # only passages carried more than once
        self.next_seq = 0
        self.pending_rekey: list[tuple[bytes, str]] = []  # band keys recomputed at load, to persist

    def add_doc(self, info: DocInfo) -> int:
        """Register an article; returns its index (its own group root)."""
        idx = len(self.docs)
        self.docs.append(info)
        self.by_id[info.id] = idx
        self.parent.append(idx)
        self.next_seq = max(self.next_seq, info.seq + 1)
        if info.url:
            self.url_latest[info.url] = idx
        return idx

    def add_signature(self, idx: int, sig: U32, keys: list[int]) -> set[int]:
        """Store a signature, put the article in its band buckets; returns who was there already."""
        if self.n_sigs == len(self.sigs):
            self.sigs = np.concatenate([self.sigs, np.zeros_like(self.sigs)])
        self.sigs[self.n_sigs] = sig
        self.sig_rows[idx] = self.n_sigs
        self.n_sigs += 1
        buckets = self.buckets
        held = list(map(buckets.get, keys))
        if held.count(None) == len(held):  # the usual case: every band key is new
            buckets.update(zip(keys, repeat(idx)))
            return set()
        found: set[int] = set()
        for key, there in zip(keys, held, strict=True):
            if there is None:
                buckets[key] = idx
            elif isinstance(there, int):
                found.add(there)
                buckets[key] = [there, idx]
            else:
                found.update(there)
                there.append(idx)
        return found

    def root(self, idx: int) -> int:
        """The canonical (earliest) article of ``idx``'s duplicate group."""
        while self.parent[idx] != idx:
            self.parent[idx] = self.parent[self.parent[idx]]
            idx = self.parent[idx]
        return idx

    def union(self, a: int, b: int) -> int:
        """Merge two duplicate groups; the earlier root stays canonical."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return ra
        first, second = (ra, rb) if self.docs[ra].order <= self.docs[rb].order else (rb, ra)
        self.parent[second] = first
        return first

    def carriers(self, phash: int) -> int:
        """How many articles carry passage ``phash`` (0 when unknown)."""
        if phash not in self.passage_first:
            return 0
        return self.passage_count.get(phash, 1)
