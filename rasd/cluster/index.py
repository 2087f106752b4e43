"""Inverted index from strong terms and entities to the clusters they describe.

A new article looks up its strongest terms and its entities, reads only the most
recent clusters of each posting list, and keeps those active within the date
window: it is never compared with the whole store.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from itertools import chain
from operator import itemgetter

from rasd.cluster.model import Cluster
from rasd.cluster.vectors import count_into, top_terms

ENTITY_PREFIX = "e:"
_COUNT_THEN_ID = itemgetter(1, 0)


class ClusterIndex:
    """Posting lists ``key -> [cluster id, ...]`` in insertion (time) order."""

    def __init__(self, index_terms: int, posting_scan: int) -> None:
        self.postings: dict[str, list[str]] = {}
        self.index_terms = index_terms
        self.posting_scan = posting_scan

    def add(self, cluster: Cluster) -> None:
        """Index ``cluster`` under its current strongest terms and entities (each key once)."""
        for key in self.keys_of(cluster):
            if key not in cluster.indexed:
                cluster.indexed.add(key)
                self.postings.setdefault(key, []).append(cluster.id)

    def keys_of(self, cluster: Cluster) -> list[str]:
        """The cluster's strongest terms and entities (kept on the cluster until it changes: the index is
        rebuilt at each batch end, mostly from clusters the batch did not touch)."""
        cached = cluster.index_keys
        if cached is not None and cached[0] == self.index_terms:
            return cached[1]
        keys = top_terms(cluster.centroid, self.index_terms)
        ents = sorted(cluster.entities.items(), key=lambda kv: (-kv[1], kv[0]))[: self.index_terms]
        keys += [ENTITY_PREFIX + k for k, _ in ents]
        cluster.index_keys = (self.index_terms, keys)
        return keys

    def lookup(self, keys: Iterable[str], limit: int = 0) -> list[str]:
        """Cluster ids found under ``keys`` (most recent ``posting_scan`` per key), most shared keys first.

        With ``limit`` only that many are returned: a cluster sharing none of the top keys'
        postings with many others is unlikely to be the best match, and scoring is the cost.
        """
        hits: dict[str, int] = {}
        scan, postings = self.posting_scan, self.postings
        count_into(hits, chain.from_iterable(postings[k][-scan:] for k in keys if k in postings))
        if limit and len(hits) > limit:
            return [cid for cid, _ in heapq.nlargest(limit, hits.items(), key=_COUNT_THEN_ID)]
        return list(hits)


def query_keys(vec: Mapping[str, float], entities: Iterable[str], k: int) -> list[str]:
    """Lookup keys of an article: its ``k`` strongest terms and all its entities."""
    return top_terms(vec, k) + [ENTITY_PREFIX + e for e in sorted(entities)]
