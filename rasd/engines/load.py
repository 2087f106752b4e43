"""Loading the Spark results into the rasd SQLite store, batch by batch, in input order.

The driver reads the per-article Parquet output back in input order with pyarrow
(``read_articles``: no Spark job, so the JVM holds nothing of it) and, for each
batch: registers the articles in a ``ReuseState`` (revision links, the duplicate
pairs found on Spark, reused passages through the reuse stage's own
``record_passages``), runs the stories stage (cross-event, on the driver) and writes
articles, annotations and every adapter's state in one transaction, so the store is
the same shape as after an embedded run and the CLI, web UI and later embedded runs
work on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from rasd.engines.linking import mention_rows
from rasd.engines.perarticle import reuse_features
from rasd.model import Article, Rejection
from rasd.ner.index import EntityIndex
from rasd.reuse.params import ReuseParams
from rasd.reuse.passages import record_passages
from rasd.reuse.state import DocInfo, ReuseState, ReuseUpdates
from rasd.stages import load_stage
from rasd.stages.base import Stage, StageContext
from rasd.stages.reuse import _distinct, _link_revision
from rasd.store.adapters import adapter_for
from rasd.store.sqlite import SQLiteStore


@dataclass(slots=True)
class LoadInputs:
    """What the driver computed besides the per-article Parquet rows."""

    stages: list[str]
    settings: Mapping[str, Any]
    duplicate_pairs: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # later idx -> earlier
    event_of: dict[int, str] = field(default_factory=dict)
    event_clusters: list[dict[str, Any]] = field(default_factory=list)
    event_redirects: list[tuple[str, str]] = field(default_factory=list)
    entity_index: EntityIndex | None = None


class Loader:
    """Writes batches of finished articles (in input order) into the store."""

    def __init__(self, store: SQLiteStore, inputs: LoadInputs, run_id: int) -> None:
        self.store, self.inputs, self.run_id = store, inputs, run_id
        self.settings = inputs.settings
        self.stages: list[Stage] = [load_stage(n) for n in inputs.stages]
        self.params = ReuseParams.from_settings(self.settings)
        self.reuse = ReuseState(self.params.num_perm)
        self.stories_ctx = StageContext(self.settings, None)
        self.seq = store.next_seq()

    def write_batch(self, items: Sequence[tuple[int, Article]],
                    sketches: Mapping[int, tuple[bytes, list[int]]] | None = None) -> None:
        """Write one batch; ``sketches`` (idx -> signature, band keys) are the executors' MinHash
        sketches, so the driver does not compute them again (an article without one is too short)."""
        articles = [a for _, a in items]
        if not articles:
            return
        updates: dict[str, Any] = {}
        if "reuse" in self.inputs.stages:
            updates["reuse"] = self._reuse(items, sketches)
        if "events" in self.inputs.stages:
            for idx, article in items:
                article.annotations["event_id"] = self.inputs.event_of.get(idx)
            updates["events"] = {"units": [(a.id, a.annotations["event_id"]) for a in articles]}
        if "entities" in self.inputs.stages:
            updates["entities"] = {"mentions": [r for a in articles
                                                for r in mention_rows(a.id, a.annotations.get("entity_mentions") or [])]}
        if "stories" in self.inputs.stages:
            out = load_stage("stories")(articles, self.stories_ctx)
            for article, fields in zip(articles, out.fields, strict=True):
                article.annotations.update(fields)
            updates["stories"] = out.state_updates
        self._write(articles, updates)

    def _reuse(self, items: Sequence[tuple[int, Article]],
               sketches: Mapping[int, tuple[bytes, list[int]]] | None) -> ReuseUpdates:
        """The reuse stage's bookkeeping with the duplicate pairs found on Spark."""
        state, params = self.reuse, self.params
        updates = ReuseUpdates(params=params.to_dict() if not state.docs else {})
        feats = reuse_features([a for _, a in items], params)
        for (idx, article), feat in zip(items, feats, strict=True):
            info = DocInfo(article.id, state.next_seq, article.published, article.url, article.source,
                           len(feat.shingles))
            previous = state.url_latest.get(info.url) if info.url else None
            me = state.add_doc(info)
            revision_of = _link_revision(state, me, previous, updates)
            sig, keys = _signature(feat, params) if sketches is None else _sketch(sketches.get(idx))
            if sig is not None and keys is not None:
                state.add_signature(me, sig, keys)
            for other, est in self.inputs.duplicate_pairs.get(idx, []):
                state.union(me, state.by_id[other])
                updates.links.append((article.id, other, "duplicate", est))
            updates.docs.append((info.id, info.seq, info.published, info.url, info.source, info.n_shingles,
                                 sig.astype("<u4").tobytes() if sig is not None else None,
                                 np.asarray(keys, dtype="<i8").tobytes() if keys is not None else None))
            reuse = record_passages(state, me, feat, params.passage_max_df, updates)
            root = state.root(me)
            article.annotations.update({"duplicate_of": state.docs[root].id if root != me else None,
                                        "revision_of": revision_of, "reuse": reuse})
        return updates

    def _write(self, articles: list[Article], updates: Mapping[str, Any]) -> None:
        store = self.store
        store.begin()
        try:
            store.add_articles(articles, self.seq)
            self.seq += len(articles)
            for stage in self.stages:
                rows = ((a.id, k, a.annotations.get(k)) for a in articles for k in stage.assigns)
                store.add_annotations(f"rasd.{stage.name}", stage.version, rows)
                adapter = adapter_for(stage.name)
                if adapter is not None and stage.name in updates:
                    adapter.save(store.conn, updates[stage.name])
                store.mark_processed(stage.name, stage.version, (a.id for a in articles))
            store.commit()
        except BaseException:
            store.rollback()
            raise

    def finish(self, rejections: list[Rejection], marks: list[tuple[str, str, str, str | None]]) -> None:
        """Cluster rows, redirects and entities (known only at the end), rejections and input records."""
        store = self.store
        store.begin()
        try:
            if "events" in self.inputs.stages:
                adapter_for("events").save(store.conn, {  # type: ignore[union-attr]
                    "clusters": self.inputs.event_clusters, "redirects": self.inputs.event_redirects})
            index = self.inputs.entity_index
            if index is not None and "entities" in self.inputs.stages:
                adapter_for("entities").save(store.conn, {"entities": index.take_dirty()})  # type: ignore[union-attr]
            store.add_rejections(rejections, self.run_id)
            store.mark_inputs(marks, self.run_id)
            store.commit()
        except BaseException:
            store.rollback()
            raise


def _sketch(found: tuple[bytes, list[int]] | None) -> tuple[Any, Any]:
    if found is None:
        return None, None
    return np.frombuffer(found[0], dtype="<u4").astype(np.uint32), list(found[1])


def _signature(feat: Any, params: ReuseParams) -> tuple[Any, Any]:
    from rasd.reuse.minhash import band_keys, signatures

    if not _distinct(feat.shingles, params.min_shingles):
        return None, None
    sig = signatures([feat.shingles], params.num_perm, params.seed)
    return sig[0], band_keys(sig, params.bands, params.rows)[0].tolist()


Row = tuple[int, str, tuple[bytes, list[int]] | None]


def read_articles(folder: Path, size: int, sketches: bool) -> Iterator[list[Row]]:
    """Batches of at most ``size`` (idx, article JSON, (signature, band keys) or None), in idx order.

    Spark writes the articles range-partitioned and sorted inside each part, so the part files,
    ordered by their first idx (from the Parquet statistics, not the file names), hold consecutive
    ranges; this streams them with pyarrow one record batch at a time and checks the order.
    """
    import pyarrow.parquet as pq

    columns = ["idx", "article"] + (["signature", "band_keys"] if sketches else [])
    parts: list[tuple[int, Path]] = []
    for path in folder.glob("*.parquet"):
        meta = pq.ParquetFile(path).metadata
        if meta.num_rows:
            stats = meta.row_group(0).column(meta.schema.names.index("idx")).statistics
            if stats is None or not stats.has_min_max:
                raise RuntimeError(f"{path}: no idx statistics; cannot order the Spark output")
            parts.append((int(stats.min), path))
    last = -1
    batch: list[Row] = []
    for _, path in sorted(parts):
        for record in pq.ParquetFile(path).iter_batches(batch_size=size, columns=columns):
            cols = record.to_pydict()
            idxs: list[int] = cols["idx"]
            if idxs[0] <= last or any(b <= a for a, b in pairwise(idxs)):
                raise RuntimeError(f"{path}: Spark output out of idx order after {last}")
            last = idxs[-1]
            keys = zip(cols["signature"], cols["band_keys"]) if sketches else ((None, None) for _ in idxs)
            for i, text, (sig, bands) in zip(idxs, cols["article"], keys, strict=True):
                batch.append((i, text, (bytes(sig), list(bands)) if sig is not None else None))
                if len(batch) == size:  # the same batches as before, whatever the part sizes
                    yield batch
                    batch = []
    if batch:
        yield batch


def pairs_by_later(edges: Sequence[tuple[str, str, float]], idx_of: Mapping[str, int]) -> dict[int, list[tuple[str, float]]]:
    """(later id, earlier id, estimate) edges grouped by the later article's input position."""
    out: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for later, earlier, est in edges:
        out[idx_of[later]].append((earlier, est))
    return dict(out)
