"""Merge and split checks after each batch keep clusters coherent (issue 6).

Online assignment sees one article at a time against cluster centroids. On ECB+ dev it both
fragments events and chains two happenings with the same actors into one cluster (whole topic
halves), although an article's nearest neighbour lies in its own happening for 99% of articles. Two
checks over the batch's own article vectors use that local structure:

- **neighbour merge**: each article of the batch votes for the clusters of its ``merge_k`` nearest
  other batch articles (cosine at least ``merge_floor``, dates within the window); two clusters merge
  (``OnlineClusterer.merge``: the younger into the older, with a redirect) when their votes, both
  ways, reach ``merge_share`` of ``merge_k`` times the smaller one's article count in the batch;
- **split check**: the members' cosine matrix is bisected along its Fiedler vector (best normalised
  cut), and the split is accepted when each member's ``neighbours`` nearest members mostly lie in its
  own part (mean share at least ``purity``) and both parts hold ``min_part`` members. Members from
  earlier batches (whose vectors are gone) take part as one residual vector (the centroid minus the
  batch's members) and stay, with the id, on their side; otherwise the larger part keeps the id. The
  other part becomes a new cluster whose id hashes its first member, like a founded one. A part may
  be split again, ``depth`` levels down.

Both run only on clusters the batch touched, on at most ``max_members`` batch members per cluster.
The knobs were tuned on ECB+ dev (docs/events.md, eighth session).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import methodcaller

import numpy as np
from scipy import sparse

from rasd.cluster.model import Cluster, stable_id
from rasd.cluster.online import OnlineClusterer, subtract, withdraw


@dataclass(frozen=True, slots=True)
class CoherenceConfig:
    """Knobs of the checks (tuned on ECB+ dev). ``purity`` 0 turns the split check off, ``merge_share``
    0 the neighbour merge."""

    purity: float = 0.95  # split: mean share of each member's nearest neighbours inside its own part
    neighbours: int = 3  # split: nearest neighbours looked at per member
    min_size: int = 6  # split: batch members (plus the residual) a cluster needs before it is checked
    min_part: int = 3  # split: members each part needs
    depth: int = 3  # split: a part may be split again, this many levels down
    merge_share: float = 0.5  # merge: votes needed, as a share of merge_k x the smaller cluster's batch size
    merge_k: int = 5  # merge: nearest batch articles each article votes for
    merge_floor: float = 0.1  # merge: a neighbour below this cosine casts no vote
    max_members: int = 300  # cost bound: clusters with more batch members are not checked
    merge_slice: int = 2000  # cost bound: the neighbour merge compares at most this many batch articles at once


def run_checks(clusterer: OnlineClusterer, cfg: CoherenceConfig) -> tuple[int, int]:
    """The neighbour merge, then the split check, over the current batch: (merges, splits)."""
    merges = neighbour_merge(clusterer, cfg) if cfg.merge_share > 0 else 0
    splits = split_check(clusterer, cfg) if cfg.purity > 0 else 0
    return merges, splits


# -- the checks on a clusterer -------------------------------------------------------
def neighbour_merge(clusterer: OnlineClusterer, cfg: CoherenceConfig) -> int:
    """Merge clusters of this batch whose articles are each other's nearest neighbours; returns the count.

    A batch larger than ``merge_slice`` articles is compared a slice at a time (in processing order), which
    bounds the memory of the cosine matrix (``merge_slice`` squared floats, and a few copies of it).
    """
    units = list(clusterer.batch_preps)  # processing order
    step = max(2, cfg.merge_slice)
    return sum(_merge_slice(clusterer, cfg, units[i : i + step]) for i in range(0, len(units), step))


def _merge_slice(clusterer: OnlineClusterer, cfg: CoherenceConfig, units: list[str]) -> int:
    preps = clusterer.batch_preps
    if len(units) < 2:
        return 0
    cids = [clusterer.resolve(clusterer.units[u]) for u in units]
    names = list(dict.fromkeys(cids))
    slot = {cid: i for i, cid in enumerate(names)}
    sim = cosine_matrix([preps[u].vec for u in units])
    sim[apart([preps[u].day for u in units], [preps[u].weekdays for u in units], clusterer.config.window_days)] = -1.0
    done = 0
    links = neighbour_links(sim, [slot[c] for c in cids], cfg.merge_k, cfg.merge_floor, cfg.merge_share)
    for a, b in links:
        ca, cb = clusterer.resolve(names[a]), clusterer.resolve(names[b])
        if ca != cb and ca in clusterer.clusters and cb in clusterer.clusters and \
                not clusterer.clusters_apart(clusterer.clusters[ca], clusterer.clusters[cb]):
            clusterer.merge(ca, cb)
            done += 1
    return done


def split_check(clusterer: OnlineClusterer, cfg: CoherenceConfig) -> int:
    """Split each cluster this batch touched that holds two groups; returns the number of splits."""
    members: dict[str, list[str]] = {}
    for unit in clusterer.batch_preps:  # processing order
        members.setdefault(clusterer.resolve(clusterer.units[unit]), []).append(unit)
    work = [(cid, units, 0) for cid, units in members.items()]
    done = 0
    while work:
        cid, units, level = work.pop(0)
        if level >= cfg.depth or cid not in clusterer.clusters:
            continue
        moved = split_plan(clusterer, cid, units, cfg)
        if not moved:
            continue
        gone = set(moved)
        new = split_off(clusterer, cid, moved)
        work += [(cid, [u for u in units if u not in gone], level + 1), (new, moved, level + 1)]
        done += 1
    return done


def split_plan(clusterer: OnlineClusterer, cid: str, units: list[str], cfg: CoherenceConfig) -> list[str] | None:
    """The batch units that should leave ``cid`` for a new cluster (None: keep it whole)."""
    cluster = clusterer.clusters[cid]
    older = cluster.n > len(units)
    if len(units) > cfg.max_members or len(units) + older < max(cfg.min_size, 2 * cfg.min_part):
        return None  # too big to check, or too small to split (checked before any vector work)
    vecs = [clusterer.batch_preps[u].vec for u in units]
    if older:
        residual = dict(cluster.centroid)
        for vec in vecs:
            subtract(residual, vec)
        vecs = [residual, *vecs]
    mask = plan_split(cosine_matrix(vecs), cfg)
    if mask is None:
        return None
    sides = [bool(m) for m in mask]
    half = 2 * sum(sides)
    keep = sides[0] if older or half == len(sides) else half > len(sides)
    return [u for u, side in zip(units, sides[1:] if older else sides, strict=True) if side != keep]


def split_off(clusterer: OnlineClusterer, cid: str, moved: list[str]) -> str:
    """Move ``moved`` (units of this batch) out of ``cid`` into a new cluster; returns the new id."""
    old = clusterer.clusters[cid]
    new = stable_id(clusterer.config.prefix, moved[0])
    while new in clusterer.clusters or new in clusterer.redirects:
        new = stable_id(clusterer.config.prefix, new)
    clusterer.clusters[new] = Cluster(id=new, founded=clusterer.seq)
    for unit in moved:
        prep = clusterer.batch_preps[unit]
        withdraw(old, prep)
        prep.home = None
        clusterer.join(new, unit, prep)
        clusterer.units[unit] = new
        clusterer.changes.units.append((unit, new))
    old.seq = clusterer.seq
    clusterer.seq += 1
    clusterer.index.add(old)
    clusterer.changes.clusters[cid] = old
    return new


# -- the arithmetic ------------------------------------------------------------------
def apart(days: Sequence[int | None], weekdays: Sequence[frozenset[int]], window: int) -> np.ndarray:
    """Pairs of articles whose closeness casts no merge vote: both dated more than ``window`` days apart; one dated
    and one not (an undated article near two dated events must not join them, and the Spark engine, which
    clusters undated articles after the dated ones, could not see such a vote); or two undated ones naming weekdays
    of which none is shared."""
    n = len(days)
    out = np.zeros((n, n), dtype=bool)
    dated = np.array([d is not None for d in days])
    if dated.any():
        day = np.array([d if d is not None else 0 for d in days], dtype=np.int64)
        out |= (np.abs(day[:, None] - day[None, :]) > window) & dated[:, None] & dated[None, :]
        out |= dated[:, None] != dated[None, :]
    named = [i for i in range(n) if days[i] is None and weekdays[i]]
    for a, i in enumerate(named):
        for j in named[a + 1 :]:
            if not weekdays[i] & weekdays[j]:
                out[i, j] = out[j, i] = True
    return out


def cosine_matrix(vectors: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Cosines of sparse vectors (each scaled to unit length here; empty vectors score 0)."""
    terms = list(chain.from_iterable(vectors))  # the loops run in C
    # Columns number the terms' hashes (cached on the strings: no dictionary of the batch's terms is built). Two
    # terms share a column only if their 64-bit hashes collide (~1e-10 for a batch of 500 articles). Each
    # cosine sums its terms in the row's stored order, so the numbering does not change any value.
    hashes = np.fromiter(map(hash, terms), np.int64, len(terms))
    _, cols = np.unique(hashes, return_inverse=True)
    vals = np.fromiter(chain.from_iterable(map(methodcaller("values"), vectors)), np.float64, len(terms))
    rows = np.concatenate(([0], np.cumsum(np.fromiter(map(len, vectors), np.int64, len(vectors)))))
    x = sparse.csr_matrix((vals, cols.ravel(), rows), shape=(len(vectors), max(1, len(terms))))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    x = sparse.diags(scale) @ x
    sim: np.ndarray = np.clip(np.nan_to_num(np.asarray((x @ x.T).todense(), dtype=np.float64)), -1.0, 1.0)
    return sim


def bisect(sim: np.ndarray) -> np.ndarray | None:
    """A boolean mask of one side of the best normalised cut along the Fiedler vector (None: no cut)."""
    n = len(sim)
    if n < 2:
        return None
    w = np.clip(sim, 0.0, None)
    np.fill_diagonal(w, 0.0)
    deg = w.sum(axis=1)
    if np.any(deg <= 1e-12):
        return None  # a member with no positive similarity: the spectrum says nothing useful
    inv = 1.0 / np.sqrt(deg)
    _, vecs = np.linalg.eigh(np.eye(n) - inv[:, None] * w * inv[None, :])
    order = np.argsort(vecs[:, 1] * inv, kind="stable")
    in_a = np.zeros(n, dtype=bool)
    best: tuple[float, int] | None = None
    cut, vol_a, vol = 0.0, 0.0, float(deg.sum())
    for pos in range(n - 1):  # move members to side A one at a time, keeping the cut weight current
        i = order[pos]
        cut += float(w[i, ~in_a].sum() - w[i, in_a].sum())
        in_a[i] = True
        vol_a += float(deg[i])
        ncut = cut / vol_a + cut / (vol - vol_a)
        if best is None or ncut < best[0] - 1e-12:
            best = (ncut, pos)
    if best is None:
        return None
    mask = np.zeros(n, dtype=bool)
    mask[order[: best[1] + 1]] = True
    return mask


def neighbour_purity(sim: np.ndarray, mask: np.ndarray, k: int) -> float:
    """Mean share of each member's ``k`` nearest other members that lie on its own side of ``mask``."""
    n = len(sim)
    k = min(k, n - 1)
    if k < 1:
        return 0.0
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    near = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return float((mask[near] == mask[:, None]).mean())


def plan_split(sim: np.ndarray, cfg: CoherenceConfig) -> np.ndarray | None:
    """The side mask of an accepted split of the members behind ``sim``, or None to keep them together."""
    if len(sim) < max(cfg.min_size, 2 * cfg.min_part) or len(sim) > cfg.max_members + 1:
        return None
    mask = bisect(sim)
    if mask is None:
        return None
    small = min(int(mask.sum()), int((~mask).sum()))
    if small < cfg.min_part or neighbour_purity(sim, mask, cfg.neighbours) < cfg.purity:
        return None
    return mask


def neighbour_links(sim: np.ndarray, labels: Sequence[int], k: int, floor: float, share: float) -> list[tuple[int, int]]:
    """Label pairs (a < b) to merge: each row's ``k`` nearest other rows at cosine ``floor`` or more vote for
    their label; two labels merge when their votes (both ways) reach ``share`` x ``k`` x the smaller label's
    row count."""
    n = len(sim)
    if n < 2 or k < 1:
        return []
    lab = np.asarray(labels, dtype=np.int64)
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    near = np.argsort(-s, axis=1, kind="stable")[:, : min(k, n - 1)]
    rows = np.repeat(np.arange(n), near.shape[1])
    cols = near.ravel()
    ok = (s[rows, cols] >= floor) & (lab[rows] != lab[cols])
    a, b = np.minimum(lab[rows], lab[cols])[ok], np.maximum(lab[rows], lab[cols])[ok]
    votes: dict[tuple[int, int], int] = {}
    for pair in zip(a.tolist(), b.tolist(), strict=True):
        votes[pair] = votes.get(pair, 0) + 1
    sizes = np.bincount(lab)
    return sorted(pair for pair, v in votes.items() if v >= share * k * min(sizes[pair[0]], sizes[pair[1]]))
