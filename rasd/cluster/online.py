"""Online, incremental clustering with merge checks, stable ids and redirects.

Each unit (an article) is scored against the candidate clusters the index returns
for its date window; it joins the best one at or above the threshold, else founds
a new cluster whose id hashes the founder's id. When a unit scores above the
threshold with two clusters that are also close to each other, the younger cluster
is merged into the older one and leaves a redirect.

Clusters that leave the active window (the newest date seen, minus twice the window)
go to an archive: the store (``rasd.store.cluster_state.StoreArchive``) or, without
one, ``MemoryArchive``. A batch with articles dated before that horizon first recalls
the archived clusters within the window of their dates, so input that is not in date
order (one outlet's backfill after another's) still meets the events of its days.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any, Protocol

import numpy as np

from rasd.cluster.concepts import concept_frequencies
from rasd.cluster.embedding import cross_score
from rasd.cluster.features import ArticleFeatures
from rasd.cluster.index import ClusterIndex, Snapshot, query_keys
from rasd.cluster.model import Cluster, ClusterConfig, stable_id
from rasd.cluster.vectors import DocFreq, add_into, dot, prune, tfidf

_MAX_REDIRECT_HOPS = 64
_SCRIPT_SCALES_LIMIT = 50_000
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


@dataclass(slots=True)
class Prepared:
    """An article's vectors under the current document frequencies."""

    vec: dict[str, float]
    title: dict[str, float]
    entities: frozenset[str]
    day: int | None
    keys: list[str] = field(default_factory=list)  # index lookup keys (strongest terms and entities)
    #: cluster id -> (cluster, its ``version``, score or None when outside the window) of the scores computed
    #: so far: refinement re-scores only the candidates that changed since (the same score, exactly)
    scores: dict[str, tuple[Cluster, int, float | None]] = field(default_factory=dict)
    #: (cluster, version) right after this unit founded it, while it may still be alone and untouched there
    home: tuple[Cluster, int] | None = None
    emb: np.ndarray | None = None  # unit lead embedding, when the config uses embeddings
    lang: str | None = None  # the article's language, when the config uses embeddings
    weekdays: frozenset[int] = frozenset()  # ISO weekdays an undated article names (``features.named_weekdays``)
    concepts: dict[str, float] = field(default_factory=dict)  # title-and-lead concepts, with ``cross_language_terms``


@dataclass(slots=True)
class Changes:
    """What one batch changed, for the store adapter."""

    clusters: dict[str, Cluster] = field(default_factory=dict)
    units: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)


class ClusterArchive(Protocol):
    """Where clusters go when they leave the active window, and come back from."""

    def put(self, clusters: Iterable[Cluster]) -> None: ...

    def overlapping(self, lo: int, hi: int) -> list[Cluster]:
        """Archived clusters whose date range meets ``[lo, hi]`` (proleptic ordinals), oldest first."""
        ...


class MemoryArchive:
    """The archive without a store: the ``limit`` clusters expired last, in memory."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.clusters: dict[str, Cluster] = {}

    def put(self, clusters: Iterable[Cluster]) -> None:
        held = self.clusters
        for cluster in clusters:
            held.pop(cluster.id, None)  # re-put: now the most recent
            held[cluster.id] = cluster
        while len(held) > self.limit:  # drop the longest-held first (dicts keep insertion order)
            del held[next(iter(held))]

    def overlapping(self, lo: int, hi: int) -> list[Cluster]:
        found = [c for c in self.clusters.values() if c.first_day is not None and c.last_day is not None
                 and c.last_day >= lo and c.first_day <= hi]
        return sorted(found, key=lambda c: c.seq)


class OnlineClusterer:
    """In-memory clustering state: active clusters, index, unit assignments, redirects, DF table."""

    def __init__(self, config: ClusterConfig, dfreq: DocFreq | None = None) -> None:
        self.config = config
        self.dfreq = dfreq or DocFreq()
        self.clusters: dict[str, Cluster] = {}
        self.units: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        self.index = ClusterIndex(config.index_terms, config.posting_scan)
        self.snapshot = Snapshot()  # the index as of the last ``reindex``
        self.seq = 0
        self.max_day: int | None = None
        self.changes = Changes()
        self.counted: set[str] = set()  # units of the current batch already in the DF table
        self.batch_preps: dict[str, Prepared] = {}  # vectors of the units assigned in the current batch
        self.archive: ClusterArchive = MemoryArchive()
        #: unit embeddings of the clusters at the last ``reindex`` (candidate search by embedding), and of those
        #: this batch changed, kept current
        self.snapshot_embeddings = EmbeddingRows()
        self.batch_embeddings = EmbeddingRows()
        #: cluster id -> (cluster, version, language, text norm, title norm) of ``own_script_scales``
        self.script_scales: dict[str, tuple[Cluster, int, str, float, float]] = {}

    # -- loading -----------------------------------------------------------------
    def restore(self, cluster: Cluster) -> None:
        """Put a stored cluster back in memory and in the index."""
        self.clusters[cluster.id] = cluster
        self.index.add(cluster)
        self.seq = max(self.seq, cluster.seq + 1)
        if cluster.last_day is not None:
            self.max_day = max(self.max_day or cluster.last_day, cluster.last_day)

    def resolve(self, cid: str) -> str:
        """Follow merge redirects to the live cluster id."""
        for _ in range(_MAX_REDIRECT_HOPS):
            nxt = self.redirects.get(cid)
            if nxt is None or nxt == cid:
                return cid
            cid = nxt
        return cid

    def horizon(self) -> int | None:
        """Clusters whose last date is before this day are not kept in memory (see ``expire``)."""
        return None if self.max_day is None else self.max_day - 2 * self.config.window_days - 1

    def recall(self, days: Iterable[int | None]) -> int:
        """Bring back the archived clusters within the window of the ``days`` that lie before the horizon
        (the batch's article dates); returns how many came back. They leave again at ``expire``."""
        horizon, w = self.horizon(), self.config.window_days
        if horizon is None:
            return 0
        spans: list[list[int]] = []
        for day in sorted({d for d in days if d is not None and d - w < horizon}):
            if spans and day - w <= spans[-1][1] + 1:
                spans[-1][1] = day + w
            else:
                spans.append([day - w, day + w])
        n = 0
        for lo, hi in spans:
            for cluster in self.archive.overlapping(lo, hi):
                if cluster.id in self.clusters or cluster.id in self.redirects:
                    continue
                cluster.indexed = set()  # the keys it had in an index it has left
                self.clusters[cluster.id] = cluster
                self.index.add(cluster)
                n += 1
        return n

    # -- assignment --------------------------------------------------------------
    def assign(self, unit: str, feats: ArticleFeatures, link: str | None = None) -> str:
        """Cluster id for ``unit``; a unit seen before keeps its cluster (idempotent)."""
        if unit in self.units:
            return self.resolve(self.units[unit])
        if unit not in self.counted:
            self.dfreq.add(feats.terms)
        prep = self.prepare(feats)
        target = self.resolve(link) if link else None
        scored: list[tuple[float, str]] = []
        if target not in self.clusters:
            scored = self.score_candidates(prep)
            target = scored[0][1] if scored and scored[0][0] >= self.config.threshold else None
        if target:
            cid = self.join(target, unit, prep)
        else:
            cid = self.found(unit, prep)
            prep.home = (self.clusters[cid], self.clusters[cid].version)
        self.batch_preps[unit] = prep
        self.merge_check(cid, scored)
        self.units[unit] = cid
        self.changes.units.append((unit, cid))
        return self.resolve(cid)

    def count_batch(self, batch: list[ArticleFeatures]) -> None:
        """Add a whole batch to the DF table before assigning it: the IDF covers the corpus seen so far."""
        for feats in batch:
            if feats.id not in self.units and feats.id not in self.counted:
                self.dfreq.add(feats.terms)
                self.counted.add(feats.id)

    def prepare(self, feats: ArticleFeatures) -> Prepared:
        cfg = self.config
        vec = tfidf(feats.terms, self.dfreq, cfg.top_k_terms)
        title = tfidf(feats.title_terms, self.dfreq, cfg.top_k_terms)
        keys = query_keys(vec, feats.entities, cfg.query_terms)
        weekdays = feats.weekdays if cfg.weekday_penalty > 0 else frozenset()
        if cfg.embedding_cut <= 0:
            lang = feats.lang if cfg.cross_language_entities > 0 or cfg.cross_language_terms > 0 else None
            concepts = tfidf(feats.concepts, concept_frequencies(), cfg.top_k_terms) if cfg.cross_language_terms > 0 else {}
            return Prepared(vec, title, feats.entities, feats.day, keys, lang=lang, weekdays=weekdays,
                            concepts=concepts)
        return Prepared(vec, title, feats.entities, feats.day, keys, emb=feats.embedding, lang=feats.lang,
                        weekdays=weekdays)

    def score_candidates(self, prep: Prepared, skip: str | None = None) -> list[tuple[float, str]]:
        """(score, id) of the active candidate clusters (but ``skip``), best first.

        A score is computed once per cluster state (``Cluster.version``): one already in ``prep.scores``
        for the same, unchanged cluster is the very value a new computation would give.
        """
        out: list[tuple[float, str]] = []
        clusters, memo, window = self.clusters, prep.scores, self.config.window_days
        for cid in self.candidates(prep):
            cluster = clusters.get(cid)
            if cluster is None or cid == skip:
                continue
            known = memo.get(cid)
            if known is not None and known[0] is cluster and known[1] == cluster.version:
                score = known[2]
            else:
                gap = cluster.gap_days(prep.day)
                score = None if gap is not None and gap > window else self.score(prep, cluster, gap)
                memo[cid] = (cluster, cluster.version, score)
            if score is not None:
                out.append((score, cid))
        out.sort(key=lambda sc: (-sc[0], sc[1]))
        return out

    def candidates(self, prep: Prepared) -> list[str]:
        """Cluster ids to score: those the index finds, then (with embeddings) the nearest by embedding."""
        found = self.index.lookup(prep.keys, self.config.max_candidates)
        if prep.emb is None or self.config.embedding_candidates <= 0:
            return found
        seen = set(found)
        return found + [cid for cid in self.embedding_lookup(prep.emb) if cid not in seen]

    def embedding_lookup(self, emb: np.ndarray) -> list[str]:
        """The ``embedding_candidates`` live clusters whose summed embedding is nearest ``emb``: those of the
        last ``reindex`` (their vectors as of then) and those this batch changed (their current vectors)."""
        sims: dict[str, float] = {}
        k = self.config.embedding_candidates
        # twice as many as needed from each: some have since merged or changed
        sims.update(self.snapshot_embeddings.nearest(emb, 2 * k))
        self.batch_embeddings.sync(self.changes.clusters.values(), emb.shape[0])
        sims.update(self.batch_embeddings.nearest(emb, 2 * k))  # current vectors win over the snapshot's
        ranked = sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))
        out: list[str] = []
        for cid, _ in ranked:
            live = self.resolve(cid)
            if live in self.clusters and live not in out:
                out.append(live)
                if len(out) >= k:
                    break
        return out

    def score(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        """Combined similarity of an article and a cluster (roughly 0..1)."""
        cfg = self.config
        if prep.lang and cluster.langs and prep.lang not in cluster.langs:
            if prep.emb is not None:
                return self.cross_language_score(prep, cluster, gap)
            if prep.lang in NAMED_LANGS and cluster.langs.keys() <= NAMED_LANGS:
                if cfg.cross_language_terms > 0:
                    return max(self.cross_language_term_score(prep, cluster, gap),
                               self.cross_language_entity_score(prep, cluster, gap))
                if cfg.cross_language_entities > 0:
                    return self.cross_language_entity_score(prep, cluster, gap)
        average = cfg.linkage == "average" and cluster.n > 0
        if prep.lang in NAMED_LANGS and len(cluster.langs) > 1:
            text_scale, title_scale = self.own_script_scales(cluster, str(prep.lang), average)
        else:
            text_scale = cluster.n if average else cluster.norm
            title_scale = cluster.n if average else cluster.title_norm
        sim = dot(prep.vec, cluster.centroid) / text_scale if text_scale else 0.0
        if prep.title and cluster.title_norm and title_scale:
            sim = (1 - cfg.w_title) * sim + cfg.w_title * dot(prep.title, cluster.title) / title_scale
        if prep.entities and cluster.entities:
            sim = (1 - cfg.w_entities) * sim + cfg.w_entities * entity_overlap(prep.entities, cluster)
        return sim - self.date_term(prep, cluster, gap)

    def own_script_scales(self, cluster: Cluster, lang: str, average: bool) -> tuple[float, float]:
        """The text and title scales of a cluster with members in two languages, as an article in ``lang`` sees
        it: its members in that language (average linkage), or the norms of its centroid's and title's terms in
        that language's script (centroid linkage). The other language's terms share nothing with the article;
        counting them would only dilute its score, and by an amount that depends on their document frequencies.
        Cached per cluster state (the same object at the same version: one restored from the store is new)."""
        if average:
            own = float(cluster.langs.get(lang, 0) or cluster.n)
            return own, own
        known = self.script_scales.get(cluster.id)
        if known is not None and known[0] is cluster and known[1] == cluster.version and known[2] == lang:
            return known[3], known[4]
        arabic = lang == "ar"
        text, title = script_norm(cluster.centroid, arabic), script_norm(cluster.title, arabic)
        if len(self.script_scales) >= _SCRIPT_SCALES_LIMIT:
            self.script_scales.clear()
        self.script_scales[cluster.id] = (cluster, cluster.version, lang, text, title)
        return text, title

    def date_term(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        """What the dates take off a score: the penalty for the gap between the article's date and the cluster's
        range; when one side is undated, the whole ``weekday_penalty`` if the weekdays the two stand for share none
        (``Cluster.weekdays``: an undated "يوم أمس الخميس" report is not about a Saturday's happening)."""
        cfg = self.config
        if gap is not None:
            return cfg.date_penalty * min(1.0, gap / cfg.date_scale)
        if cfg.weekday_penalty > 0 and weekdays_conflict(article_weekdays(prep), cluster.weekdays()):
            return cfg.weekday_penalty
        return 0.0

    def cross_language_score(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        """An article and a cluster with no member in its language share few terms: their lead embeddings
        are compared instead (``rasd.cluster.embedding.cross_score``), with the usual date penalty."""
        cfg = self.config
        if prep.emb is None or cluster.emb is None or cluster.emb_norm <= 0 or cluster.emb.shape != prep.emb.shape:
            return 0.0  # no embedding on one side, or two models' (a setting changed between runs)
        sim = cross_score(float(prep.emb @ cluster.emb) / cluster.emb_norm, cfg.embedding_cut, cfg.threshold)
        return sim - self.date_term(prep, cluster, gap)

    def cross_language_entity_score(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        """Without embeddings, an article and a cluster with no member in its language share little but names
        (``rasd.ner.crossscript`` gives "Kamel Feki" and "كمال الفقي" one entity): the weight of the entities they
        share, ``cross_language_entity_weight``, mapped so that ``cross_language_entities`` scores exactly
        ``threshold``, less the date term. Only dated pairs (within the candidate window) are scored; an undated
        one scores 0, as names alone do not tell one day's happening from the next."""
        cfg = self.config
        if gap is None or cfg.cross_language_entities <= 0:
            return 0.0
        weight = cross_language_entity_weight(prep.entities, cluster)
        return cfg.threshold * weight / cfg.cross_language_entities - self.date_term(prep, cluster, gap)

    def cross_language_term_score(self, prep: Prepared, cluster: Cluster, gap: int | None) -> float:
        """Without embeddings, the concepts two languages share (``rasd.cluster.concepts``): the cosine of the
        article's title-and-lead concepts with the cluster's, combined with the entities they share as the text
        score combines them (``w_entities``), mapped so that ``cross_language_terms`` scores exactly
        ``threshold``, less the date term. Only dated pairs are scored, as with the entity bridge."""
        cfg = self.config
        if gap is None:
            return 0.0
        sim = concept_cosine(prep.concepts, cluster.concepts)
        if prep.entities and cluster.entities:
            sim = (1 - cfg.w_entities) * sim + cfg.w_entities * entity_overlap(prep.entities, cluster)
        return cfg.threshold * sim / cfg.cross_language_terms - self.date_term(prep, cluster, gap)

    def found(self, unit: str, prep: Prepared) -> str:
        cid = stable_id(self.config.prefix, unit)
        while cid in self.clusters or cid in self.redirects:
            cid = stable_id(self.config.prefix, cid)
        self.clusters[cid] = Cluster(id=cid, founded=self.seq)
        return self.join(cid, unit, prep)

    def join(self, cid: str, unit: str, prep: Prepared) -> str:
        cluster = self.clusters[cid]
        fresh = cluster.n == 0 and not cluster.centroid and not cluster.title and not cluster.entities
        cap = self.config.centroid_cap
        add_into(cluster.centroid, prep.vec, cap)
        add_into(cluster.title, prep.title, cap)
        if prep.concepts:
            add_into(cluster.concepts, prep.concepts, cap)
        for key in prep.entities:
            cluster.entities[key] = cluster.entities.get(key, 0) + 1
        cluster.add_embedding(prep.emb)
        cluster.add_lang(prep.lang)
        cluster.add_weekdays(prep.weekdays)
        self._extend_dates(cluster, prep.day)
        cluster.n += 1
        cluster.seq = self.seq
        self.seq += 1
        cluster.refresh_norms()
        if fresh:
            self.index.seed_keys(cluster, prep.keys, len(prep.keys) - len(prep.entities), self.config.query_terms)
        if cluster.n & (cluster.n - 1) == 0:  # re-index at sizes 1, 2, 4, 8, ... (keys settle as it grows)
            self.index.add(cluster)
        self.changes.clusters[cid] = cluster
        return cid

    def _extend_dates(self, cluster: Cluster, day: int | None) -> None:
        if day is None:
            return
        cluster.first_day = day if cluster.first_day is None else min(cluster.first_day, day)
        cluster.last_day = day if cluster.last_day is None else max(cluster.last_day, day)
        self.max_day = day if self.max_day is None else max(self.max_day, day)

    # -- refinement --------------------------------------------------------------
    def refine(self, rounds: int = 1) -> None:
        """Re-assign each unit of the current batch to its best cluster now that the batch is placed."""
        for _ in range(rounds):
            for unit, prep in list(self.batch_preps.items()):
                self._reassign(unit, prep)

    def _reassign(self, unit: str, prep: Prepared) -> None:
        cid = self.resolve(self.units[unit])
        cluster = self.clusters.get(cid)
        if cluster is None:
            return
        if self._alone_at_home(prep, cluster):
            # withdrawing the only member leaves n == 0: the unit leaves only for a cluster at the threshold,
            # and withdraw + restore_member would give back this very state (same dicts, same order)
            scored = self.score_candidates(prep, skip=cid)
            if not scored or scored[0][0] < self.config.threshold:
                return
            withdraw(cluster, prep)
        else:
            withdraw(cluster, prep)
            scored = self.score_candidates(prep, skip=None if cluster.n else cid)
        prep.home = None
        target = scored[0][1] if scored and scored[0][0] >= self.config.threshold else cid
        if target == cid and cluster.n == 0:
            restore_member(cluster, prep)
            return
        self.join(target, unit, prep) if target != cid else restore_member(cluster, prep)
        if target != cid:
            self.units[unit] = target
            self.changes.units.append((unit, target))
            self._drop_if_empty(cid, target)

    @staticmethod
    def _alone_at_home(prep: Prepared, cluster: Cluster) -> bool:
        """``cluster`` holds only this unit, which founded it, and nothing changed it since."""
        home = prep.home
        return home is not None and home[0] is cluster and home[1] == cluster.version and cluster.n == 1

    def _drop_if_empty(self, cid: str, target: str) -> None:
        """An emptied cluster leaves a redirect to where its last member went."""
        if self.clusters[cid].n > 0:
            return
        del self.clusters[cid]
        self.changes.clusters.pop(cid, None)
        self.redirects[cid] = target
        self.changes.redirects.append((cid, target))

    # -- merges ------------------------------------------------------------------
    def merge_check(self, cid: str, scored: list[tuple[float, str]]) -> None:
        """Merge other clusters the unit also matched when they are close to ``cid``."""
        for score, other in scored[1:4]:
            if score < self.config.threshold:
                break
            if other == cid or other not in self.clusters or cid not in self.clusters:
                continue
            if self.clusters_apart(self.clusters[cid], self.clusters[other]):
                continue
            if cluster_similarity(self.clusters[cid], self.clusters[other]) >= self.config.merge_threshold:
                cid = self.merge(cid, other)

    def clusters_apart(self, a: Cluster, b: Cluster) -> bool:
        """Two clusters that cannot be one happening by their dates: both dated, with ranges more than the window
        apart (an undated article close to both must not chain a May event to a June one); one undated, and (for
        events) the weekdays their members tell of share none."""
        cfg = self.config
        if a.first_day is not None and a.last_day is not None and b.first_day is not None and b.last_day is not None:
            return max(a.first_day - b.last_day, b.first_day - a.last_day) > cfg.window_days
        return cfg.weekday_penalty > 0 and weekdays_conflict(a.weekdays(), b.weekdays())

    def merge(self, a: str, b: str) -> str:
        """Merge the younger of ``a``/``b`` into the older; returns the surviving id."""
        ca, cb = self.clusters[a], self.clusters[b]
        keep, gone = (ca, cb) if (ca.founded, ca.id) <= (cb.founded, cb.id) else (cb, ca)
        absorb(keep, gone, self.config.centroid_cap)
        del self.clusters[gone.id]
        self.changes.clusters.pop(gone.id, None)
        self.redirects[gone.id] = keep.id
        self.changes.redirects.append((gone.id, keep.id))
        self.changes.clusters[keep.id] = keep
        self.index.add(keep)
        return keep.id

    # -- housekeeping ------------------------------------------------------------
    def expire(self) -> None:
        """Move clusters that fell out of the active window to the archive; rebuild the index."""
        cfg = self.config
        horizon = self.horizon()
        undated = sorted((c.seq, cid) for cid, c in self.clusters.items() if c.last_day is None)
        dead = {cid for _, cid in undated[: max(0, len(undated) - cfg.max_undated)]}
        if horizon is not None:
            dead |= {cid for cid, c in self.clusters.items() if c.last_day is not None and c.last_day < horizon}
        if dead:
            self.archive.put(c for c in self.clusters.values() if c.id in dead and c.last_day is not None)
            for cid in dead:
                del self.clusters[cid]
            self.units = {u: c for u, c in self.units.items() if self.resolve(c) in self.clusters}
        self.reindex()

    def reindex(self) -> None:
        """Index every cluster afresh, in founding order, under its current strongest keys.

        Done at each batch end and after loading from the store, so a resumed run holds exactly the index an
        uninterrupted run held at that batch boundary (an index grown in place also remembers keys a centroid
        has since lost, in the order it met them, which the store cannot reproduce).
        """
        self.clusters = dict(sorted(self.clusters.items(), key=lambda kv: kv[1].seq))
        keys = ClusterIndex(self.config.index_terms, self.config.posting_scan)
        self.snapshot.update(self.clusters, keys)
        self.index = ClusterIndex(self.config.index_terms, self.config.posting_scan, self.snapshot.postings)
        if self.config.embedding_candidates > 0:
            dims = {c.emb.shape[0] for c in self.clusters.values() if c.emb is not None and c.emb_norm > 0}
            self.snapshot_embeddings = EmbeddingRows()
            if len(dims) == 1:  # one model's vectors, else none
                self.snapshot_embeddings.sync(self.clusters.values(), dims.pop())

    def end_phase(self) -> None:
        """The units assigned so far in this batch are placed for good: later re-assignment and checks of the
        batch look only at the units assigned after this (their changes still go out with ``take_changes``)."""
        self.batch_preps = {}

    def take_changes(self) -> dict[str, Any]:
        """Snapshot of what changed since the last call (JSON-ready), then reset."""
        ch, self.changes = self.changes, Changes()
        self.batch_embeddings = EmbeddingRows()
        self.counted, self.batch_preps = set(), {}
        df, n_docs = self.dfreq.take_delta()
        return {
            "clusters": [c.to_dict() for c in ch.clusters.values()],
            "units": ch.units,
            "redirects": ch.redirects,
            "df": df,
            "n_docs": n_docs,
        }


def entity_overlap(entities: frozenset[str], cluster: Cluster) -> float:
    """Share of the article's entities that the cluster's articles mention, weighted by how often."""
    total = 0.0
    for key in entities:
        count = cluster.entities.get(key, 0)
        if count:
            total += min(1.0, 2.0 * count / cluster.n)
    return total / len(entities)


def script_norm(vec: Mapping[str, float], arabic: bool) -> float:
    """Norm of the terms of ``vec`` written in Arabic script (``arabic``), or of the others."""
    return math.sqrt(math.fsum([w * w for t, w in vec.items() if (_ARABIC_LETTER.search(t) is not None) is arabic]))


def concept_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two concept vectors (an article's, a cluster's sum)."""
    if not a or not b:
        return 0.0
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot(a, b) / (na * nb) if na and nb else 0.0


#: languages the entity bridge links (a short English text the language check calls "other" is not foreign)
NAMED_LANGS = frozenset({"ar", "en"})
#: weight of one shared entity across languages, by its type (the entity key's prefix); others weigh PLACE_WEIGHT
CROSS_LANGUAGE_WEIGHTS = {"PERS": 1.0, "ORG": 1.0}
PLACE_WEIGHT = 0.5


def cross_language_entity_weight(entities: frozenset[str], cluster: Cluster) -> float:
    """The summed weight of the article's entities that the cluster mentions, 0 unless a person or an
    organisation is among them (a country and its capital are shared by a whole day's news)."""
    shared = [key.split(":", 1)[0] for key in entities if cluster.entities.get(key, 0)]
    if not any(kind in CROSS_LANGUAGE_WEIGHTS for kind in shared):
        return 0.0
    return sum(CROSS_LANGUAGE_WEIGHTS.get(kind, PLACE_WEIGHT) for kind in shared)


class EmbeddingRows:
    """Unit embeddings of clusters, one row each, rewritten when a cluster's ``version`` moves (so keeping the
    rows of a batch's changed clusters current costs a version check each, not a copy of every vector)."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.ids: list[str] = []
        self.versions: list[tuple[Cluster, int]] = []  # (the object, its version) each row was written from
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def sync(self, clusters: Iterable[Cluster], dim: int) -> None:
        for c in clusters:
            row = self.rows.get(c.id)
            if row is not None and self.versions[row][0] is c and self.versions[row][1] == c.version:
                continue
            usable = c.emb is not None and c.emb_norm > 0 and c.emb.shape[0] == dim
            if row is None:
                if not usable:
                    continue
                row = self._append(c.id, dim)
            self.matrix[row] = unit_embedding(c) if usable else 0.0
            self.versions[row] = (c, c.version)

    def _append(self, cid: str, dim: int) -> int:
        row = len(self.ids)
        if self.matrix.shape[1] != dim:
            self.matrix = np.zeros((64, dim), dtype=np.float32)
        elif row >= len(self.matrix):
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
        self.rows[cid] = row
        self.ids.append(cid)
        self.versions.append((Cluster(id=cid), -1))
        return row

    def nearest(self, emb: np.ndarray, m: int) -> list[tuple[str, float]]:
        """(id, cosine) of up to ``m`` rows nearest ``emb``."""
        n = len(self.ids)
        if not n or self.matrix.shape[1] != emb.shape[0]:
            return []
        near = self.matrix[:n] @ emb
        top = np.argpartition(-near, m)[:m] if n > m else np.arange(n)
        return [(self.ids[i], float(near[i])) for i in top.tolist()]


def unit_embedding(cluster: Cluster) -> np.ndarray:
    """The cluster's summed lead embedding scaled to length 1 (callers check it has one)."""
    assert cluster.emb is not None and cluster.emb_norm > 0
    return cluster.emb / cluster.emb_norm


def article_weekdays(prep: Prepared) -> frozenset[int]:
    """The weekdays an article stands for: its date's, else those it names."""
    return frozenset({prep.day % 7 or 7}) if prep.day is not None else prep.weekdays


def weekdays_conflict(a: frozenset[int], b: frozenset[int]) -> bool:
    """Both sides tell of weekdays, and none is shared."""
    return bool(a) and bool(b) and not a & b


def cluster_similarity(a: Cluster, b: Cluster) -> float:
    """Cosine of two clusters' summed vectors."""
    if not a.norm or not b.norm:
        return 0.0
    return dot(a.centroid, b.centroid) / (a.norm * b.norm)


def absorb(keep: Cluster, gone: Cluster, cap: int) -> None:
    """Fold ``gone``'s vectors, entities, dates and size into ``keep``."""
    add_into(keep.centroid, gone.centroid, cap)
    add_into(keep.title, gone.title, cap)
    if gone.concepts:
        add_into(keep.concepts, gone.concepts, cap)
    prune(keep.centroid, cap)
    for key, count in gone.entities.items():
        keep.entities[key] = keep.entities.get(key, 0) + count
    keep.add_embedding(gone.emb)
    for lang, count in gone.langs.items():
        keep.add_lang(lang, count)
    for day, count in gone.named_weekdays.items():
        keep.named_weekdays[day] = keep.named_weekdays.get(day, 0) + count
    days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d is not None]
    if days:
        keep.first_day, keep.last_day = min(days), max(days)
    keep.n += gone.n
    keep.seq = max(keep.seq, gone.seq)
    keep.refresh_norms()


def withdraw(cluster: Cluster, prep: Prepared) -> None:
    """Take one member's vectors and entities out of ``cluster`` (dates keep their range)."""
    for target, vec in ((cluster.centroid, prep.vec), (cluster.title, prep.title), (cluster.concepts, prep.concepts)):
        subtract(target, vec)
    for key in prep.entities:
        if cluster.entities.get(key, 0) > 1:
            cluster.entities[key] -= 1
        else:
            cluster.entities.pop(key, None)
    cluster.add_embedding(prep.emb, -1.0)
    cluster.add_lang(prep.lang, -1)
    cluster.add_weekdays(prep.weekdays, -1)
    cluster.n -= 1
    cluster.refresh_norms()


def subtract(target: dict[str, float], vec: Mapping[str, float]) -> None:
    """Take ``vec`` out of ``target``: terms left at or below 1e-9 are dropped, terms ``target`` lacks are
    skipped (the loops run in C)."""
    keys = list(vec)
    left = list(map(operator.sub, map(target.get, keys, repeat(math.nan)), vec.values()))  # NaN: absent
    target.update(compress(zip(keys, left), map(_KEEP_ABOVE.__lt__, left)))
    for term in compress(keys, map(_KEEP_ABOVE.__ge__, left)):  # at or below the floor (never NaN)
        del target[term]


_KEEP_ABOVE = 1e-9


def restore_member(cluster: Cluster, prep: Prepared) -> None:
    """Put back a member that ``withdraw`` took out and that stays where it was."""
    add_into(cluster.centroid, prep.vec, 10**9)
    add_into(cluster.title, prep.title, 10**9)
    add_into(cluster.concepts, prep.concepts, 10**9)
    for key in prep.entities:
        cluster.entities[key] = cluster.entities.get(key, 0) + 1
    cluster.add_embedding(prep.emb)
    cluster.add_lang(prep.lang)
    cluster.add_weekdays(prep.weekdays)
    cluster.n += 1
    cluster.refresh_norms()
