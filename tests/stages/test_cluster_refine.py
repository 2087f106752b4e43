"""Shortcuts of the online clusterer must give exactly what the plain computation gives (synthetic terms)."""

from __future__ import annotations

import math
import random

from rasd.cluster.features import ArticleFeatures
from rasd.cluster.index import ClusterIndex
from rasd.cluster.model import Cluster, ClusterConfig
from rasd.cluster.online import OnlineClusterer, Prepared
from rasd.cluster.vectors import add_into


class Recomputing(OnlineClusterer):
    """Scores every candidate afresh and withdraws every unit during refinement (no memo, no shortcut)."""

    def score_candidates(self, prep: Prepared, skip: str | None = None) -> list[tuple[float, str]]:
        prep.scores.clear()
        return super().score_candidates(prep, skip)

    @staticmethod
    def _alone_at_home(prep: Prepared, cluster: Cluster) -> bool:
        return False


class Counting(OnlineClusterer):
    scored = 0

    def score(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        self.scored += 1
        return super().score(prep, cluster, gap)


class CountingRecomputing(Recomputing, Counting):
    pass


def _stream(seed: int, n: int) -> list[ArticleFeatures]:
    rng = random.Random(seed)
    topics = [[f"t{k}w{j}" for j in range(10)] for k in range(30)]
    out = []
    for i in range(n):
        topic = topics[rng.randrange(len(topics))] if rng.random() < 0.8 else topics[i % 3]
        words = rng.sample(topic, 5) + [f"noise{rng.randrange(400)}" for _ in range(3)]
        terms = {w: rng.randint(1, 3) for w in words}
        title = {w: 1 for w in words[:2]}
        ents = frozenset(f"ent{rng.randrange(40)}" for _ in range(rng.randrange(4)))
        out.append(ArticleFeatures(f"a{i}", 100 + i // 40, terms, title, ents, None, None))
    return out


def _run(cl: OnlineClusterer, stream: list[ArticleFeatures]) -> list[object]:
    seen: list[object] = []
    for start in range(0, len(stream), 50):
        batch = stream[start : start + 50]
        ids = [cl.assign(f.id, f) for f in batch]
        cl.refine()
        ids = [cl.resolve(cl.units.get(f.id, cid)) for f, cid in zip(batch, ids, strict=True)]
        cl.expire()
        changes = cl.take_changes()
        clusters = [(c["id"], list(c["centroid"].items()), list(c["title"].items()), list(c["entities"].items()),
                     c["n"], c["seq"]) for c in changes["clusters"]]
        seen.append((ids, clusters, changes["units"], changes["redirects"], changes["df"]))
    return seen


def test_memoised_refinement_gives_exactly_the_recomputed_result() -> None:
    config = ClusterConfig(threshold=0.3, merge_threshold=0.55, window_days=2, index_terms=4, query_terms=6,
                           max_candidates=8)
    stream = _stream(3, 600)
    fast, slow = Counting(config), CountingRecomputing(config)
    got, want = _run(fast, stream), _run(slow, stream)
    assert got == want
    moved = sum(len(units) - len(ids) for ids, _, units, _, _ in want)
    assert moved > 0  # refinement did move units, so the shortcut was put to the test
    assert fast.scored < slow.scored * 0.8  # and it did skip work


def test_a_new_clusters_index_keys_are_what_keys_of_computes() -> None:
    for index_terms, query_terms in ((3, 5), (5, 5), (8, 3)):
        cl = OnlineClusterer(ClusterConfig(threshold=0.9, index_terms=index_terms, query_terms=query_terms))
        for f in _stream(5, 60):
            cluster = cl.clusters[cl.assign(f.id, f)]
            if cluster.n != 1:
                continue
            fresh = ClusterIndex(index_terms, 10).keys_of(Cluster.from_dict(cluster.to_dict()))
            assert cl.index.keys_of(cluster) == fresh
            assert {k for k, ids in cl.index.postings.items() if cluster.id in ids} == set(fresh)


def test_adding_into_an_empty_vector_is_exact_even_for_a_negative_zero() -> None:
    target: dict[str, float] = {}
    add_into(target, {"a": 0.25, "b": 1e-300}, 10)
    assert list(target.items()) == [("a", 0.25), ("b", 1e-300)]
    signed: dict[str, float] = {}
    add_into(signed, {"a": -0.0, "b": 0.5}, 10)
    assert math.copysign(1.0, signed["a"]) == 1.0 and signed["b"] == 0.5  # 0.0 + -0.0 is +0.0

