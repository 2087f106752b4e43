"""Events of undated articles, replayed on the driver after the windows are merged.

The embedded engine clusters an undated article after the dated articles of its batch,
against every event still active at that moment, whatever its dates. A time window
cannot see that, so undated articles are not windowed: the driver replays them in
input order, batch by batch (input position // ``batch_size``), through rasd's own
``EventsStage`` and ``OnlineClusterer``. Before batch ``b`` it restores the merged
events whose first member is in batch ``b`` and sets the corpus-wide latest day of
batches 0..b, so the stage's own expiry closes events as the embedded engine does;
the document frequencies are those of every dated article of batches 0..b
(``BatchTerms``) plus the undated articles replayed so far, as in the embedded engine.
Restored events carry their final members, which the embedded engine would only
partly have seen yet: that is the one approximation left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd.cluster.model import Cluster
from rasd.cluster.online import OnlineClusterer
from rasd.engines.windows import MergedEvents, Timeline
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage, events_config

#: (batch, {term: dated documents of that batch holding it}, dated documents of that batch), batches ascending.
BatchTerms = Iterable[tuple[int, Mapping[str, int], int]]


@dataclass(slots=True)
class Replayed:
    event_of: dict[int, str] = field(default_factory=dict)  # undated article idx -> event id
    clusters: dict[str, dict[str, Any]] = field(default_factory=dict)  # events the replay changed or founded
    redirects: dict[str, str] = field(default_factory=dict)  # events merged away during the replay


def first_batches(merged: MergedEvents, timeline: Timeline) -> dict[int, list[dict[str, Any]]]:
    """Merged events keyed by the batch of their first member (when the embedded engine founds them)."""
    first: dict[str, int] = {}
    for idx, eid in merged.event_of.items():
        b = timeline.batch(idx)
        first[eid] = min(first.get(eid, b), b)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in merged.clusters:
        if row["id"] in first:
            out[first[row["id"]]].append(row)
    return out


def replay_undated(
    undated: Iterable[tuple[int, Article]],
    merged: MergedEvents,
    timeline: Timeline,
    batch_terms: BatchTerms,
    event_of_id: Mapping[str, str],
    settings: Mapping[str, Any],
) -> Replayed:
    """Cluster the undated articles (input order) against the merged events; see the module doc.

    ``event_of_id`` maps the article ids undated articles are near-duplicates of to their event.
    """
    clusterer = OnlineClusterer(events_config(settings))
    stage, ctx = EventsStage(), StageContext(settings, clusterer)
    restore_at = first_batches(merged, timeline)
    terms = _Terms(iter(batch_terms))
    result = Replayed()
    restored = -1
    for b, chunk in _batches(undated, timeline):
        for step in range(restored + 1, b + 1):
            for row in restore_at.get(step, []):
                clusterer.restore(Cluster.from_dict(row))
        restored = b
        terms.add_until(b, clusterer)
        clusterer.max_day = timeline.max_day(b)
        for _, article in chunk:
            dup = article.annotations.get("duplicate_of")
            if isinstance(dup, str) and dup in event_of_id:
                clusterer.units.setdefault(dup, event_of_id[dup])
        out = stage([a for _, a in chunk], ctx)
        result.event_of.update({idx: f["event_id"] for (idx, _), f in zip(chunk, out.fields, strict=True)})
        changes = out.state_updates or {}
        result.clusters.update({c["id"]: c for c in changes.get("clusters") or []})
        result.redirects.update(dict(changes.get("redirects") or []))
    return result


def apply_replay(merged: MergedEvents, replay: Replayed) -> MergedEvents:
    """``merged`` with the undated articles' events: changed events replaced, merges followed."""
    def resolve(eid: str) -> str:
        for _ in range(64):
            nxt = replay.redirects.get(eid)
            if nxt is None or nxt == eid:
                return eid
            eid = nxt
        return eid

    event_of = {idx: resolve(eid) for idx, eid in {**merged.event_of, **replay.event_of}.items()}
    rows = {row["id"]: row for row in merged.clusters}
    rows.update(replay.clusters)
    live = set(event_of.values())
    clusters = [row for eid, row in rows.items() if eid in live]
    redirects = sorted(set(merged.redirects) | {(a, resolve(b)) for a, b in replay.redirects.items()})
    return MergedEvents(event_of, clusters, redirects, merged.merged_pieces)


class _Terms:
    """Feeds per-batch document frequencies into the clusterer up to a batch."""

    def __init__(self, source: Iterator[tuple[int, Mapping[str, int], int]]) -> None:
        self.source, self.pending = source, next(source, None)

    def add_until(self, batch: int, clusterer: OnlineClusterer) -> None:
        dfreq = clusterer.dfreq
        while self.pending is not None and self.pending[0] <= batch:
            _, counts, docs = self.pending
            for term, count in counts.items():
                dfreq.df[term] = dfreq.df.get(term, 0) + count
            dfreq.n_docs += docs
            self.pending = next(self.source, None)


def _batches(undated: Iterable[tuple[int, Article]], timeline: Timeline) -> Iterator[tuple[int, list[tuple[int, Article]]]]:
    chunk: list[tuple[int, Article]] = []
    for item in undated:
        if chunk and timeline.batch(item[0]) != timeline.batch(chunk[0][0]):
            yield timeline.batch(chunk[0][0]), chunk
            chunk = []
        chunk.append(item)
    if chunk:
        yield timeline.batch(chunk[0][0]), chunk
