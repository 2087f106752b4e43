"""The index kept between batch ends must equal a rebuild from scratch (synthetic terms)."""

from __future__ import annotations

import random

from rasd.cluster.features import ArticleFeatures
from rasd.cluster.index import ClusterIndex
from rasd.cluster.model import ClusterConfig
from rasd.cluster.online import OnlineClusterer


def _full_rebuild(cl: OnlineClusterer) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    full = ClusterIndex(cl.config.index_terms, cl.config.posting_scan)
    saved = {cid: c.indexed for cid, c in cl.clusters.items()}
    for cluster in cl.clusters.values():
        cluster.indexed = set()
        full.add(cluster)
    rebuilt = {cid: c.indexed for cid, c in cl.clusters.items()}
    for cid, cluster in cl.clusters.items():
        cluster.indexed = saved[cid]
    return full.postings, rebuilt


def test_index_kept_between_batches_equals_a_rebuild_from_scratch() -> None:
    rng = random.Random(7)
    topics = [[f"t{k}w{j}" for j in range(12)] for k in range(25)]
    cl = OnlineClusterer(ClusterConfig(threshold=0.2, merge_threshold=0.5, window_days=2, index_terms=4,
                                       w_title=0.0))
    n = 0
    for day in range(100, 118):  # clusters are born, grow, merge, get re-assigned and expire
        for _ in range(25):
            words = rng.sample(topics[rng.randrange(len(topics))], 5) + rng.sample(topics[rng.randrange(25)], 2)
            ents = frozenset(rng.sample(["e1", "e2", "e3", "e4"], rng.randrange(3)))
            cl.assign(f"a{n}", ArticleFeatures(f"a{n}", day, {w: 1 + rng.randrange(3) for w in words}, {}, ents,
                                               None, None))
            n += 1
        cl.refine()
        cl.expire()
        postings, indexed = _full_rebuild(cl)
        assert cl.index.postings == postings, day
        assert {cid: c.indexed for cid, c in cl.clusters.items()} == indexed, day
        cl.take_changes()
    assert len(cl.clusters) > 5


def test_index_follows_key_changes_that_keep_a_clusters_place_in_time() -> None:
    # a member taken out and put back (refinement) can change an older cluster's keys without a new
    # ``seq``: its postings must stay in time order, and keys it held only meanwhile must not stick
    cl = OnlineClusterer(ClusterConfig(threshold=0.9, index_terms=2, w_title=0.0))
    for i, terms in enumerate(({"a": 3, "b": 2}, {"c": 3, "a": 1}, {"d": 3, "a": 2})):
        cl.assign(f"u{i}", ArticleFeatures(f"u{i}", 100, terms, {}, frozenset(), None, None))
    cl.expire()
    oldest = min(cl.clusters.values(), key=lambda c: c.seq)
    oldest.centroid["zz"] = 5.0  # a new strongest key, same seq
    oldest.refresh_norms()
    cl.index.add(oldest)
    cl.expire()
    assert (cl.index.postings, {c.id: c.indexed for c in cl.clusters.values()}) == _full_rebuild(cl)
    assert cl.index.postings["zz"] == [oldest.id] and cl.index.postings["a"][0] == oldest.id
    oldest.centroid["yy"] = 9.0  # held during one batch only ...
    oldest.refresh_norms()
    cl.index.add(oldest)
    del oldest.centroid["yy"]  # ... and lost again before the batch end
    oldest.refresh_norms()
    cl.expire()
    assert (cl.index.postings, {c.id: c.indexed for c in cl.clusters.values()}) == _full_rebuild(cl)
