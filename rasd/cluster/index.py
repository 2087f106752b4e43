"""Inverted index from strong terms and entities to the clusters they describe.

A new article looks up its strongest terms and its entities, reads only the most
recent clusters of each posting list, and keeps those active within the date
window: it is never compared with the whole store.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from itertools import chain, filterfalse
from operator import itemgetter

from rasd.cluster.model import Cluster
from rasd.cluster.vectors import count_into, top_terms

ENTITY_PREFIX = "e:"
_COUNT_THEN_ID = itemgetter(1, 0)


class ClusterIndex:
    """Posting lists ``key -> [cluster id, ...]`` in insertion (time) order."""

    def __init__(self, index_terms: int, posting_scan: int, shared: dict[str, list[str]] | None = None) -> None:
        #: ``shared`` lists (a ``Snapshot``'s) are read here but copied before the first append
        self.postings: dict[str, list[str]] = dict(shared) if shared else {}
        self.index_terms = index_terms
        self.posting_scan = posting_scan
        self._shared = bool(shared)
        self._owned: set[str] = set()

    def add(self, cluster: Cluster) -> None:
        """Index ``cluster`` under its current strongest terms and entities (each key once)."""
        for key in self.keys_of(cluster):
            if key not in cluster.indexed:
                cluster.indexed.add(key)
                self._append(key, cluster.id)

    def _append(self, key: str, cid: str) -> None:
        posting = self.postings.get(key)
        if posting is None:
            self.postings[key] = [cid]
            self._owned.add(key)
        elif not self._shared or key in self._owned:
            posting.append(cid)
        else:
            self.postings[key] = [*posting, cid]
            self._owned.add(key)

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

    def seed_keys(self, cluster: Cluster, query: list[str], n_terms: int, query_terms: int) -> None:
        """Cache the keys of a cluster whose only member has the lookup keys ``query`` (``query_keys`` with
        ``query_terms``: its first ``n_terms`` are terms). Its centroid is that member's vector, and both lists
        are prefixes of the same ranking, so they are what ``keys_of`` would compute."""
        k = self.index_terms
        if k > query_terms and n_terms >= query_terms:  # the query holds fewer terms than the index needs
            return
        cluster.index_keys = (k, query[: min(n_terms, k)] + query[n_terms : n_terms + k])

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


class Snapshot:
    """The index as a rebuild from scratch gives it, kept up to date from one rebuild to the next.

    A full rebuild (every active cluster in ``seq`` order under its current keys) costs as much as
    all the clusters' keys; between two batch ends most clusters did not change, so only the posting
    lists of keys that a changed, new or dropped cluster has or had are rebuilt. The result is the
    same lists in the same order (``seq`` values are distinct).
    """

    def __init__(self) -> None:
        self.postings: dict[str, list[str]] = {}
        self.seen: dict[str, tuple[Cluster, int, list[str]]] = {}  # id -> (cluster, seq, keys) when last indexed

    def update(self, clusters: dict[str, Cluster], index: ClusterIndex) -> None:
        """Bring the postings to ``clusters`` (in ``seq`` order); ``index`` gives each cluster's keys."""
        seen, now = self.seen, {}
        stale: set[str] = set()  # keys whose posting list must be rebuilt
        gone: set[str] = set()  # ids to take out of those lists
        fresh: dict[str, list[str]] = {}  # key -> ids to put (back) in, in seq order
        for cid, cluster in clusters.items():
            keys = index.keys_of(cluster)
            old = seen.get(cid)
            if old is None or old[0] is not cluster or old[1] != cluster.seq or (old[2] is not keys and old[2] != keys):
                if old is not None:
                    gone.add(cid)
                    stale.update(old[2])
                unique = list(dict.fromkeys(keys))
                cluster.indexed = set(unique)
                stale.update(unique)
                for key in unique:
                    fresh.setdefault(key, []).append(cid)
            elif len(cluster.indexed) != len(keys):  # keys it held during the batch and lost again
                cluster.indexed = set(keys)
            now[cid] = (cluster, cluster.seq, keys)
        for cid in seen.keys() - now.keys():
            gone.add(cid)
            stale.update(seen[cid][2])
        self._rebuild(stale, gone, fresh, clusters)
        self.seen = now

    def _rebuild(self, stale: set[str], gone: set[str], fresh: dict[str, list[str]], clusters: dict[str, Cluster]) -> None:
        postings = self.postings
        for key in stale:
            old = postings.get(key, ())
            kept = list(filterfalse(gone.__contains__, old)) if gone else list(old)
            extra = fresh.get(key)
            if extra:
                if kept and clusters[kept[-1]].seq > clusters[extra[0]].seq:
                    kept = sorted(kept + extra, key=lambda cid: clusters[cid].seq)
                else:
                    kept += extra
            if kept:
                postings[key] = kept
            else:
                postings.pop(key, None)
