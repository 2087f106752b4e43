"""Event clustering per time window on the executors, and the merge across window borders.

Dated articles are keyed by the window of their day (event date, else resolved
publication date, else metadata date: ``rasd.cluster.features.article_day``). A window
holds its own ``span`` days plus a warm-up of the ``overlap`` days before them, which
are also the last days of the previous window. Each window runs rasd's own
``EventsStage`` (stateful, incremental) over its articles in input order, grouped by
the embedded engine's batches (input position // ``batch_size``), and expires events
against the corpus-wide latest day seen up to each batch (``Timeline``), so an event
closes when the embedded engine would close it; an article dated before that horizon
recalls the events its window expired (``OnlineClusterer.recall`` with its in-memory
archive), as the embedded engine recalls them from the store. An article of the warm-up belongs to
a cluster in both windows; those two clusters are merged (union-find over (window,
cluster) pieces), which joins events that straddle a border. Undated articles are
not windowed: ``rasd.engines.undated`` replays them on the driver afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd.cluster.features import extract
from rasd.cluster.model import Cluster
from rasd.cluster.online import OnlineClusterer, absorb
from rasd.cluster.vectors import DocFreq
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage, events_config

Piece = tuple[int, str]  # (window, cluster id in that window)


@dataclass(frozen=True, slots=True)
class WindowPlan:
    day0: int
    span: int
    overlap: int
    n_windows: int

    @classmethod
    def build(cls, days: Iterable[int | None], settings: Mapping[str, Any]) -> WindowPlan:
        known = [d for d in days if d is not None]
        span = max(1, int(settings.get("spark_window_days", 90)))
        overlap = min(span - 1, 2 * events_config(settings).window_days) if span > 1 else 0
        day0 = min(known) if known else 0
        n = (max(known) - day0) // span + 1 if known else 0
        return cls(day0, span, max(0, overlap), n)

    def keys(self, day: int | None) -> list[tuple[int, bool]]:
        """(window, core?) pairs an article of ``day`` belongs to (none for an undated article)."""
        if day is None:
            return []
        k, offset = divmod(day - self.day0, self.span)
        out = [(k, True)]
        if k + 1 < self.n_windows and offset >= self.span - self.overlap:
            out.append((k + 1, False))
        return out


@dataclass(frozen=True, slots=True)
class Timeline:
    """The embedded engine's batches: ``batch_max[b]`` is the latest day of batches 0..b."""

    batch_size: int
    batch_max: tuple[int | None, ...]

    @classmethod
    def build(cls, days: Iterable[tuple[int, int | None]], batch_size: int) -> Timeline:
        """``days``: (input position, day) of every kept article."""
        size = max(1, batch_size)
        latest: dict[int, int] = {}
        for idx, day in days:
            if day is not None:
                latest[idx // size] = max(latest.get(idx // size, day), day)
        out: list[int | None] = []
        running: int | None = None
        for b in range(max(latest, default=-1) + 1):
            day = latest.get(b)
            running = day if running is None else (running if day is None else max(running, day))
            out.append(running)
        return cls(size, tuple(out))

    def batch(self, idx: int) -> int:
        return idx // self.batch_size

    def max_day(self, batch: int) -> int | None:
        return self.batch_max[min(batch, len(self.batch_max) - 1)] if self.batch_max else None


@dataclass(slots=True)
class WindowResult:
    window: int
    members: list[tuple[int, str, bool]] = field(default_factory=list)  # (idx, cluster id, core?)
    clusters: dict[str, dict[str, Any]] = field(default_factory=dict)


def cluster_windows(
    rows: Iterable[tuple[int, tuple[int, bool, Article]]], settings: Mapping[str, Any], timeline: Any,
    dfreq: Any = None,
) -> Iterator[WindowResult]:
    """mapPartitions body: every window in the partition, clustered on its own.

    ``timeline`` is a broadcast ``Timeline``. ``dfreq`` (a broadcast of ``(df, n_docs)``
    over the whole corpus, or None) seeds every window's document frequencies, so term
    weights do not depend on the window's size.
    """
    by_window: dict[int, list[tuple[int, bool, Article]]] = defaultdict(list)
    for key, value in rows:
        by_window[key].append(value)
    for key in sorted(by_window):
        seed = dfreq.value if dfreq is not None else None
        yield cluster_one(key, sorted(by_window[key], key=lambda v: v[0]), settings, timeline.value, seed)


def corpus_terms(article: Article) -> list[str]:
    """The terms one article adds to the events stage's document frequencies (concepts are weighted by a fixed
    table, ``rasd.cluster.concepts.concept_frequencies``, and not counted)."""
    return list(extract(article).terms)


def cluster_one(window: int, items: list[tuple[int, bool, Article]], settings: Mapping[str, Any],
                timeline: Timeline, seed: tuple[dict[str, int], int] | None = None) -> WindowResult:
    """One window's articles (sorted by input position) through the events stage, batch by batch."""
    stage = EventsStage()
    clusterer = OnlineClusterer(events_config(settings), DocFreq(dict(seed[0]), int(seed[1])) if seed else None)
    ctx = StageContext(settings, clusterer)
    result = WindowResult(window)
    redirects: dict[str, str] = {}
    assigned: list[tuple[int, str, bool]] = []
    for chunk in _by_batch(items, timeline):
        if seed is not None:  # already counted in the corpus-wide table
            clusterer.counted = {a.id for _, _, a in chunk}
        clusterer.max_day = timeline.max_day(timeline.batch(chunk[0][0]))  # expire as the whole corpus does
        out = stage([a for _, _, a in chunk], ctx)
        assigned += [(idx, f["event_id"], core) for (idx, core, _), f in zip(chunk, out.fields, strict=True)]
        changes = out.state_updates or {}
        result.clusters.update({c["id"]: c for c in changes.get("clusters") or []})
        redirects.update(dict(changes.get("redirects") or []))
    resolve = _resolver(redirects)
    result.members = [(idx, resolve(cid), core) for idx, cid, core in assigned]
    result.clusters = {cid: c for cid, c in result.clusters.items() if resolve(cid) == cid}
    return result


def _by_batch(items: list[tuple[int, bool, Article]], timeline: Timeline) -> Iterator[list[tuple[int, bool, Article]]]:
    chunk: list[tuple[int, bool, Article]] = []
    for item in items:
        if chunk and timeline.batch(item[0]) != timeline.batch(chunk[0][0]):
            yield chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield chunk


def _resolver(redirects: Mapping[str, str]) -> Any:
    def resolve(cid: str) -> str:
        for _ in range(64):
            nxt = redirects.get(cid)
            if nxt is None or nxt == cid:
                return cid
            cid = nxt
        return cid
    return resolve


@dataclass(slots=True)
class MergedEvents:
    event_of: dict[int, str]  # article idx -> final event id
    clusters: list[dict[str, Any]]  # merged cluster rows for the store
    redirects: list[tuple[str, str]]  # window-local ids that became another id
    merged_pieces: int = 0


def merge_windows(results: Iterable[WindowResult]) -> MergedEvents:
    """Join the pieces of one event across windows through the articles they share."""
    pieces: dict[Piece, dict[str, Any]] = {}
    article_pieces: dict[int, list[Piece]] = defaultdict(list)
    core: dict[int, Piece] = {}
    for res in results:
        pieces.update({(res.window, cid): c for cid, c in res.clusters.items()})
        for idx, cid, is_core in res.members:
            article_pieces[idx].append((res.window, cid))
            if is_core:
                core[idx] = (res.window, cid)
    parent: dict[Piece, Piece] = {}

    def root(p: Piece) -> Piece:
        parent.setdefault(p, p)
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    merged = 0
    for owned in article_pieces.values():
        for other in owned[1:]:
            ra, rb = root(owned[0]), root(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the earliest window's piece names the event
                merged += 1
    event_of = {idx: root(p)[1] for idx, p in core.items()}
    clusters, redirects = _merged_clusters(pieces, event_of, root)
    return MergedEvents(event_of, clusters, redirects, merged)


def _merged_clusters(
    pieces: Mapping[Piece, dict[str, Any]], event_of: Mapping[int, str], root: Any
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    sizes: dict[str, int] = defaultdict(int)
    for eid in event_of.values():
        sizes[eid] += 1
    groups: dict[str, list[Piece]] = defaultdict(list)
    for piece in sorted(pieces):
        groups[root(piece)[1]].append(piece)
    clusters: list[dict[str, Any]] = []
    redirects: set[tuple[str, str]] = set()
    for eid, members in groups.items():
        if not sizes.get(eid):
            continue
        keep = Cluster.from_dict({**pieces[members[0]], "id": eid})
        for piece in members[1:]:
            absorb(keep, Cluster.from_dict(pieces[piece]), 600)
            if piece[1] != eid and piece[1] not in sizes:
                redirects.add((piece[1], eid))
        keep.n = sizes[eid]
        clusters.append(keep.to_dict())
    return clusters, sorted(redirects)
