"""Merge and split checks after a batch (rasd.cluster.coherence), on synthetic terms written for these tests."""

from __future__ import annotations

import random

import numpy as np

from rasd.cluster.coherence import (
    CoherenceConfig,
    bisect,
    neighbour_links,
    neighbour_merge,
    plan_split,
    run_checks,
    split_check,
)
from rasd.cluster.features import ArticleFeatures
from rasd.cluster.model import ClusterConfig, stable_id
from rasd.cluster.online import OnlineClusterer
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage, coherence_config

SPLIT_ONLY = CoherenceConfig(merge_share=0.0)
MERGE_ONLY = CoherenceConfig(purity=0.0)


def _blocks(sizes: list[int], inside: float, across: float, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(sizes)), sizes)
    sim = np.where(labels[:, None] == labels[None, :], inside, across) + rng.uniform(-0.02, 0.02, (len(labels),) * 2)
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 1.0)
    return sim


def _group(tag: str, n: int, seed: int, day: int | None = None, shared: int = 3) -> list[ArticleFeatures]:
    """Articles on one made-up happening: ``shared`` words every group uses plus five of the group's own ten."""
    rng = random.Random(seed)
    own = [f"{tag}word{j}" for j in range(10)]
    common = [f"common{j}" for j in range(6)]
    out = []
    for i in range(n):
        terms = {w: 2 for w in rng.sample(common, shared)} | {w: rng.randint(1, 3) for w in rng.sample(own, 5)}
        out.append(ArticleFeatures(f"{tag}{i}", day, terms, {}, frozenset(), None, None))
    return out


def _chaining_clusterer() -> OnlineClusterer:
    """A clusterer whose threshold is so low that articles sharing only the common words join one cluster."""
    return OnlineClusterer(ClusterConfig(prefix="ev", threshold=0.02, merge_threshold=0.99, top_k_terms=60,
                                         centroid_cap=600))


def _assign(cl: OnlineClusterer, feats: list[ArticleFeatures]) -> dict[str, str]:
    for f in feats:
        cl.assign(f.id, f)
    cl.refine()
    return {f.id: cl.resolve(cl.units[f.id]) for f in feats}


def test_bisect_finds_two_blocks_and_plan_accepts_them() -> None:
    sim = _blocks([7, 5], inside=0.6, across=0.05)
    mask = plan_split(sim, SPLIT_ONLY)
    assert mask is not None
    assert len(set(mask[:7].tolist())) == 1 and len(set(mask[7:].tolist())) == 1 and mask[0] != mask[7]


def test_a_coherent_block_is_not_split() -> None:
    assert plan_split(_blocks([12], inside=0.5, across=0.5), SPLIT_ONLY) is None


def test_split_needs_enough_members_on_each_side() -> None:
    sim = _blocks([10, 2], inside=0.6, across=0.05)
    assert bisect(sim) is not None
    lenient = CoherenceConfig(merge_share=0.0, purity=0.5)
    assert plan_split(sim, lenient) is None  # the small side holds 2 < min_part
    assert plan_split(sim, CoherenceConfig(merge_share=0.0, purity=0.5, min_part=2)) is not None


def test_bisect_refuses_a_member_without_positive_similarity() -> None:
    sim = _blocks([4, 4], inside=0.6, across=0.05)
    sim[0, 1:] = sim[1:, 0] = -0.1
    assert bisect(sim) is None


def test_neighbour_links_vote_with_a_floor() -> None:
    sim = _blocks([4, 4, 4], inside=0.7, across=0.02)
    sim[:4, 4:8] = sim[4:8, :4] = 0.65  # labels 0 and 1 are really one group
    labels = [0] * 4 + [1] * 4 + [2] * 4
    assert neighbour_links(sim, labels, k=5, floor=0.1, share=0.5) == [(0, 1)]
    assert neighbour_links(sim, labels, k=5, floor=0.9, share=0.5) == []


def test_split_check_separates_two_chained_groups_and_keeps_the_id() -> None:
    cl = _chaining_clusterer()
    a, b = _group("alpha", 9, seed=1), _group("beta", 6, seed=2)
    before = _assign(cl, a + b)
    assert len(set(before.values())) == 1  # the low threshold chained both groups into one cluster
    (old,) = set(before.values())
    assert split_check(cl, SPLIT_ONLY) == 1
    after = {f.id: cl.resolve(cl.units[f.id]) for f in a + b}
    assert {after[f.id] for f in a} == {old}  # the larger part keeps the id
    assert {after[f.id] for f in b} == {stable_id("ev", "beta0")}  # the other part: an id from its first member
    assert cl.clusters[old].n == 9 and cl.clusters[stable_id("ev", "beta0")].n == 6
    assert not any(t.startswith("betaword") for t in cl.clusters[old].centroid)
    changes = cl.take_changes()
    assert {u for u, c in changes["units"] if c == stable_id("ev", "beta0")} == {f.id for f in b}
    assert {c["id"] for c in changes["clusters"]} == {old, stable_id("ev", "beta0")}


def test_the_larger_part_keeps_the_id_even_without_the_founder() -> None:
    cl = _chaining_clusterer()
    a, b = _group("alpha", 9, seed=1), _group("beta", 6, seed=2)
    (old,) = set(_assign(cl, b + a).values())
    assert old == stable_id("ev", "beta0")  # beta0 founded it
    assert split_check(cl, SPLIT_ONLY) == 1
    assert {cl.resolve(cl.units[f.id]) for f in a} == {old}
    (fresh,) = {cl.resolve(cl.units[f.id]) for f in b}
    assert fresh != old and fresh in cl.clusters


def test_split_check_leaves_a_coherent_cluster_alone() -> None:
    cl = _chaining_clusterer()
    ids = _assign(cl, _group("alpha", 14, seed=4))
    assert len(set(ids.values())) == 1
    assert split_check(cl, SPLIT_ONLY) == 0
    assert cl.take_changes()["units"] == [(u, c) for u, c in ids.items()]


def test_older_members_keep_the_id_on_their_side() -> None:
    cl = _chaining_clusterer()
    first = _assign(cl, _group("alpha", 4, seed=5))
    cl.take_changes()  # a batch boundary: the alpha vectors are gone, only the centroid holds them
    (old,) = set(first.values())
    b = _group("beta", 8, seed=6) + _group("alpha", 4, seed=7)
    b[-4:] = [ArticleFeatures(f"late{f.id}", f.day, f.terms, {}, frozenset(), None, None) for f in b[-4:]]
    second = _assign(cl, b)
    assert set(second.values()) == {old}
    assert split_check(cl, SPLIT_ONLY) == 1
    after = {f.id: cl.resolve(cl.units[f.id]) for f in b}
    assert {after[f.id] for f in b[:8]} == {stable_id("ev", "beta0")}  # the larger part leaves
    assert {after[f.id] for f in b[8:]} == {old}  # the batch's alpha articles stay with the older members
    assert cl.clusters[old].n == 8


def test_neighbour_merge_joins_fragments_but_not_across_the_window() -> None:
    strict = ClusterConfig(prefix="ev", threshold=0.99, merge_threshold=0.99, top_k_terms=60, window_days=3)
    eager = CoherenceConfig(purity=0.0, merge_share=0.2)  # one vote is enough between two single articles
    feats = _group("alpha", 6, seed=8, day=700_000, shared=0)
    cl = OnlineClusterer(strict)  # every article founds its own cluster
    assert len(set(_assign(cl, feats).values())) == 6
    assert neighbour_merge(cl, MERGE_ONLY) == 0  # the default needs more votes than two singletons can cast
    assert neighbour_merge(cl, eager) >= 1
    assert len({cl.resolve(cl.units[f.id]) for f in feats}) == 1
    far = OnlineClusterer(strict)
    feats = [ArticleFeatures(f.id, 700_000 + 10 * i, f.terms, {}, frozenset(), None, None) for i, f in enumerate(feats)]
    _assign(far, feats)
    assert neighbour_merge(far, eager) == 0


def test_a_batch_larger_than_the_merge_slice_is_merged_a_slice_at_a_time() -> None:
    strict = ClusterConfig(prefix="ev", threshold=0.99, merge_threshold=0.99, top_k_terms=60, window_days=3)
    feats = _group("alpha", 4, seed=8, day=700_000, shared=0) + _group("beta", 4, seed=9, day=700_000, shared=0)
    whole, sliced, tiny = OnlineClusterer(strict), OnlineClusterer(strict), OnlineClusterer(strict)
    for cl in (whole, sliced, tiny):
        assert len(set(_assign(cl, feats).values())) == 8
    eager = CoherenceConfig(purity=0.0, merge_share=0.2)
    assert neighbour_merge(whole, eager) == 6  # each group of four becomes one cluster
    # slices of four hold one group each: the same merges, found slice by slice
    assert neighbour_merge(sliced, CoherenceConfig(purity=0.0, merge_share=0.2, merge_slice=4)) == 6
    assert {f.id: sliced.resolve(sliced.units[f.id]) for f in feats} == {f.id: whole.resolve(whole.units[f.id]) for f in feats}
    # slices of two see only pairs: fewer merges, and never across the two groups
    assert neighbour_merge(tiny, CoherenceConfig(purity=0.0, merge_share=0.2, merge_slice=2)) == 4
    assert len({tiny.resolve(tiny.units[f.id]) for f in feats}) == 4


def test_checks_are_deterministic_and_off_when_disabled() -> None:
    feats = _group("alpha", 9, seed=9) + _group("beta", 7, seed=10)

    def run(cfg: CoherenceConfig) -> list[str]:
        cl = _chaining_clusterer()
        _assign(cl, feats)
        run_checks(cl, cfg)
        return [cl.resolve(cl.units[f.id]) for f in feats]

    assert run(CoherenceConfig()) == run(CoherenceConfig())
    assert len(set(run(CoherenceConfig()))) == 2
    assert len(set(run(CoherenceConfig(purity=0.0, merge_share=0.0)))) == 1


def test_settings_reach_the_checks_and_bad_input_does_not_crash() -> None:
    cfg = coherence_config({"events_split_purity": 0, "events_merge_share": "0.4"})
    assert cfg.purity == 0.0 and cfg.merge_share == 0.4
    cl = _chaining_clusterer()
    empty = [ArticleFeatures(f"e{i}", None, {}, {}, frozenset(), None, None) for i in range(8)]
    _assign(cl, empty)
    assert run_checks(cl, CoherenceConfig()) == (0, 0)
    assert EventsStage()([], StageContext()).fields == []
