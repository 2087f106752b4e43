"""Running the reuse stage (and the datasketch baseline) over in-memory articles.

Shared by ``rasd eval reuse`` and ``benchmarks/bench_reuse.py``: both feed plain
``Article`` records through the stage in batches, exactly as the runner does,
without a store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations
from typing import Any

from datasketch import MinHash, MinHashLSH

from rasd.model import Article
from rasd.reuse.params import ReuseParams
from rasd.reuse.shingles import batch_features
from rasd.reuse.state import ReuseState, ReuseUpdates
from rasd.stages.base import StageContext
from rasd.stages.reuse import ReuseStage

BATCH = 500


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def labels(self, ids: Iterable[str]) -> dict[str, str]:
        return {i: self.find(i) for i in ids}


def batches(items: Sequence[Article], size: int = BATCH) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_stage(
    articles: Sequence[Article],
    settings: Mapping[str, Any] | None = None,
    batch: int = BATCH,
    links_only: bool = False,
) -> tuple[ReuseState, list[ReuseUpdates], list[dict[str, Any]]]:
    """The reuse stage over ``articles`` in batches; returns its state, updates and fields.

    With ``links_only`` the rows a store would persist are dropped after each batch
    (as the runner does once they are saved), except the duplicate/revision links.
    """
    stage, ctx = ReuseStage(), StageContext(settings=dict(settings or {}))
    updates: list[ReuseUpdates] = []
    fields: list[dict[str, Any]] = []
    for chunk in batches(articles, batch):
        out = stage(chunk, ctx)
        updates.append(ReuseUpdates(links=out.state_updates.links) if links_only else out.state_updates)
        fields.extend(out.fields)
    assert isinstance(ctx.state, ReuseState)
    return ctx.state, updates, fields


def duplicate_labels(articles: Sequence[Article], updates: Iterable[ReuseUpdates]) -> dict[str, str]:
    """Cluster label per article from the stage's verified duplicate links."""
    uf = UnionFind()
    for up in updates:
        for a, b, kind, _ in up.links:
            if kind == "duplicate":
                uf.union(a, b)
    return uf.labels(a.id for a in articles)


def baseline_labels(articles: Sequence[Article], settings: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Plain datasketch MinHashLSH over the same shingles at the same threshold (no verification)."""
    params = ReuseParams.from_settings(settings or {})
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    uf = UnionFind()
    for chunk in batches(articles):
        texts = [a.text or "" for a in chunk]
        feats = batch_features(texts, [None] * len(texts), params.shingle_size, params.max_shingles, 0, 1)
        for art, feat in zip(chunk, feats, strict=True):
            if not len(feat.shingles):
                continue
            mh = MinHash(num_perm=params.num_perm)
            mh.update_batch([s.tobytes() for s in feat.shingles])
            for other in lsh.query(mh):
                uf.union(art.id, other)
            lsh.insert(art.id, mh)
    return uf.labels(a.id for a in articles)


def shared_passage_pairs(
    state: ReuseState, updates: Iterable[ReuseUpdates], max_df: int
) -> set[tuple[str, str]]:
    """Article pairs that share at least one counted passage fingerprint."""
    carriers: dict[int, set[str]] = {}
    for up in updates:
        for aid, hashes, _, _ in up.doc_prints:
            for h in hashes:
                carriers.setdefault(h, set()).add(aid)
    pairs: set[tuple[str, str]] = set()
    for ids in carriers.values():
        if 2 <= len(ids) <= max_df:
            pairs.update(combinations(sorted(ids), 2))
    return pairs
