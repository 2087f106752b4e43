"""The Spark engine: ``run_spark(targets, store_path, settings, master)``.

Plan (every step runs rasd's own stage code; see docs/scaling.md):
1. the driver lists the inputs (``iter_inputs``) and skips those the store knows;
2. executors, ``mapPartitions``: parse, text, dates, entity tagging, reuse sketches;
3. exact-content duplicates and URL revisions on the driver (small metadata only);
4. near-duplicate candidates by a Spark SQL join on the reuse stage's LSH band keys (or
   Spark ML's ``MinHashLSH.approxSimilarityJoin``), verified on the executors with the
   reuse stage's own rule (``dedup``);
5. cross-document entity linking on the driver, in input order (``linking``);
6. executors: quotes (they read the linked entities), then events per time window
   with a merge across window borders (``windows``);
7. per-article results go to Parquet next to the store, and are loaded into the
   store in input order with the stories stage and reuse passages (``load``).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from rasd.cluster.features import article_day
from rasd.engines import dedup, linking
from rasd.engines.load import Loader, LoadInputs, pairs_by_later, read_articles
from rasd.engines.perarticle import FirstPass, first_pass, second_pass
from rasd.engines.session import get_session
from rasd.engines.spool import read_spooled, spool_inputs
from rasd.engines.undated import apply_replay, replay_undated
from rasd.engines.windows import (
    MergedEvents,
    Timeline,
    WindowPlan,
    cluster_windows,
    corpus_terms,
    merge_windows,
)
from rasd.errors import SparkStoreNotEmpty
from rasd.model import Article, Rejection
from rasd.ner.index import EntityIndex
from rasd.pipeline import Pipeline, RunSummary
from rasd.sources.readers import RawInput, iter_inputs
from rasd.stages import DEFAULT_STAGES
from rasd.store import connect
from rasd.store.sqlite import SQLiteStore

Marks = list[tuple[str, str, str, str | None]]


def run_spark(
    targets: list[str],
    store_path: str,
    settings: Mapping[str, Any],
    master: str = "local[2]",
    stages: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run the pipeline on Spark into the store at ``store_path``; returns a ``RunSummary`` dict."""
    names = list(stages if stages is not None else DEFAULT_STAGES)
    Pipeline.from_names(names)  # checks the order
    dedup.join_of(settings)  # a bad setting fails before any work
    store = connect(store_path)
    try:
        return _run(targets, store, store_path, dict(settings), master, names)
    finally:
        store.close()


def _run(targets: list[str], store: SQLiteStore, store_path: str, settings: dict[str, Any], master: str,
         names: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    summary = RunSummary(stages=[f"rasd.{s.name}.v{s.version}" for s in Pipeline.from_names(names).stages])
    folder = parquet_dir(store_path).with_suffix(".inputs")
    try:
        paths, count = spool_inputs(_new_inputs(targets, store, settings, summary), folder,
                                    max(1, int(settings.get("batch_size", 500))))
        if count and store.next_seq() > 1:
            raise SparkStoreNotEmpty("R025 the Spark engine loads into an empty store; "
                                     "run new inputs into an existing store with the embedded engine")
        run_id = store.start_run(summary.stages)
        engine: dict[str, Any] = {"name": "spark", "master": master}
        if count:
            spark = get_session(master)
            job = _Job(spark, settings, names, summary)
            job.run(paths, count, store, run_id, parquet_dir(store_path))
            summary.stage_seconds.update(job.timings)
            if job.dedup_report is not None:
                engine["dedup"] = job.dedup_report.to_dict()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    store.finish_run(run_id, summary.to_dict())
    out = summary.to_dict()
    out["engine"] = engine
    return out


def parquet_dir(store_path: str) -> Path:
    """Where the per-stage Parquet output goes: next to the store."""
    path = store_path.split("://", 1)[-1].lstrip("/") if "://" in store_path else store_path
    base = Path(("/" + path) if store_path.startswith("sqlite:////") else path)
    return base.with_name(base.name + ".parquet")


def _new_inputs(targets: list[str], store: SQLiteStore, settings: Mapping[str, Any],
                summary: RunSummary) -> Iterator[tuple[int, RawInput | Rejection]]:
    """(input position, input) of the inputs the store does not know, streamed."""
    known = store.known_digests()
    n = 0
    for item in iter_inputs(targets, settings):
        summary.inputs += 1
        if isinstance(item, RawInput) and item.digest in known:
            summary.unchanged += 1
            continue
        yield n, item
        n += 1


def _meta_of(row: FirstPass) -> tuple[Any, ...]:
    """What the driver keeps of an input: small fields only (no text)."""
    r = row.result
    if isinstance(r, Rejection):
        return (row.idx, row.ref, row.digest, r, None, None, None, None, None)
    n_shingles = row.sketch.n_shingles if row.sketch is not None else 0
    return (row.idx, row.ref, row.digest, None, r.id, r.url, r.published, n_shingles, article_day(r))


class _Job:
    def __init__(self, spark: Any, settings: dict[str, Any], names: list[str], summary: RunSummary) -> None:
        self.spark, self.sc, self.settings, self.names, self.summary = spark, spark.sparkContext, settings, names, summary
        self.timings: dict[str, float] = {}
        self.dedup_report: dedup.DedupReport | None = None
        self.count = 0
        self.in_order = True  # rdd1's partitions hold consecutive input positions, in order
        self.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")

    def _tick(self, name: str, t0: float) -> float:
        now = time.perf_counter()
        self.timings[name] = round(self.timings.get(name, 0.0) + now - t0, 3)
        return now

    def partitions(self, n: int) -> int:
        wanted = int(self.settings.get("spark_partitions", 0))
        if wanted > 0:
            return wanted
        size = max(1, int(self.settings.get("batch_size", 500)))
        return max(2 * int(self.sc.defaultParallelism), min(-(-n // size), 4096))

    def run(self, paths: list[str], count: int, store: SQLiteStore, run_id: int, out: Path) -> None:
        from pyspark import StorageLevel

        t0 = time.perf_counter()
        self.count = count
        parts = self.partitions(count)
        body = partial(first_pass, settings=self.settings, stages=self.names, fetched_at=self.fetched_at)
        inputs = self.sc.parallelize(paths, len(paths)).mapPartitions(read_spooled)
        self.in_order = not (parts > len(paths) or int(self.settings.get("spark_partitions", 0)) > 0)
        if not self.in_order:
            inputs = inputs.repartition(parts)  # few spool files (a small corpus), or partitions set
        # DISK_ONLY: the pickled articles outgrow the heap (MEMORY_AND_DISK ran a 2 GB driver out of heap at
        # 300,000 articles in local mode); reading them back from local disk costs little beside the stages
        rdd1 = inputs.mapPartitions(body).persist(StorageLevel.DISK_ONLY)
        metas = sorted(rdd1.map(_meta_of).collect(), key=lambda m: m[0])
        t0 = self._tick("spark_per_article", t0)
        kept, marks, rejections = self._sort_out(metas)
        dup_of, pairs = self._dedupe(rdd1, metas, kept)
        t0 = self._tick("spark_dedup", t0)
        mentions, index = self._link(rdd1, kept)
        t0 = self._tick("driver_entity_linking", t0)
        rdd2 = self._annotated(rdd1, kept, dup_of, mentions).persist(StorageLevel.DISK_ONLY)
        merged = self._events(rdd2, metas, kept, dup_of)
        t0 = self._tick("spark_events", t0)
        self._write_parquet(rdd1, rdd2, merged, pairs, marks, rejections, out)
        rdd1.unpersist()
        t0 = self._tick("parquet_write", t0)
        inputs = LoadInputs(self.names, self.settings, pairs, merged.event_of if merged else {},
                            merged.clusters if merged else [], merged.redirects if merged else [], index)
        self._load(store, run_id, inputs, rejections, marks, out)
        rdd2.unpersist()
        self._tick("load", t0)
        self.summary.new = len(kept)

    def _sort_out(self, metas: list[tuple[Any, ...]]) -> tuple[dict[int, str | None], Marks, list[Rejection]]:
        """Rejections, exact-content duplicates and URL revisions, as ``_Runner._dedupe`` decides them."""
        kept: dict[int, str | None] = {}
        marks: Marks = []
        rejections: list[Rejection] = []
        seen: set[str] = set()
        latest: dict[str, str] = {}
        for idx, ref, digest, rej, aid, url, *_ in metas:
            if rej is not None:
                rejections.append(rej)
                self.summary.rejected[rej.reason] += 1
                if digest:
                    marks.append((ref, digest, "rejection", None))
            elif aid in seen:
                self.summary.duplicates += 1
                marks.append((ref, digest or "", "duplicate", aid))
            else:
                seen.add(aid)
                kept[idx] = latest.get(url) if url else None
                self.summary.revisions += kept[idx] is not None
                if url:
                    latest[url] = aid
                marks.append((ref, digest or "", "article", aid))
        return kept, marks, rejections

    def _dedupe(self, rdd1: Any, metas: list[tuple[Any, ...]],
                kept: Mapping[int, Any]) -> tuple[dict[int, str], dict[int, list[tuple[str, float]]]]:
        if "reuse" not in self.names:
            return {}, {}
        docs = {m[0]: dedup.doc_meta(m[0], m[4], m[5], m[6], m[7]) for m in metas if m[0] in kept}
        keep = self.sc.broadcast(frozenset(kept))
        sketches = rdd1.filter(lambda r: r.idx in keep.value).map(
            lambda r: dedup.sketch_row(r.idx, r.result.url, r.sketch)).filter(lambda row: row is not None)
        links, report = dedup.find_duplicates(self.spark, docs, sketches, self.settings)
        self.dedup_report = report
        idx_of = {d.id: i for i, d in docs.items()}
        return links, pairs_by_later(report.edges, idx_of)

    def _link(self, rdd1: Any, kept: Mapping[int, Any]) -> tuple[dict[int, str], EntityIndex | None]:
        if "entities" not in self.names:
            return {}, None
        index = EntityIndex()
        mentions: dict[int, str] = {}
        keep = set(kept)
        payloads = rdd1.filter(lambda r: r.idx in keep).map(lambda r: (r.idx, r.ner))
        if not self.in_order:  # ``repartition`` shuffled the inputs; linking must run in input order
            payloads = payloads.sortBy(lambda p: p[0], numPartitions=self.partitions(self.count))
        for idx, payload in payloads.toLocalIterator():
            mentions[idx] = json.dumps(linking.link_one(payload, index), ensure_ascii=False)
        return mentions, index

    def _annotated(self, rdd1: Any, kept: Mapping[int, str | None], dup_of: Mapping[int, str],
                   mentions: Mapping[int, str]) -> Any:
        extra = self.sc.broadcast({i: (rev, dup_of.get(i), mentions.get(i)) for i, rev in kept.items()})
        names, settings = self.names, self.settings

        def attach(row: FirstPass) -> tuple[int, Article]:
            article: Article = row.result  # type: ignore[assignment]
            rev, dup, found = extra.value[row.idx]
            if rev:
                article.meta["revision_of"] = rev
            if "reuse" in names:
                article.annotations.update(duplicate_of=dup, revision_of=rev)
            if found is not None:
                article.annotations["entity_mentions"] = json.loads(found)
            return row.idx, article

        keep = set(kept)
        body = partial(second_pass, settings=settings, stages=names)
        return rdd1.filter(lambda r: r.idx in keep).map(attach).mapPartitions(body)

    def _events(self, rdd2: Any, metas: list[tuple[Any, ...]], kept: Mapping[int, Any],
                dup_of: Mapping[int, str]) -> MergedEvents | None:
        if "events" not in self.names:
            return None
        settings = self.settings
        days = [(m[0], m[8]) for m in metas if m[0] in kept]
        plan = WindowPlan.build((d for _, d in days), settings)
        timeline = Timeline.build(days, int(settings.get("batch_size", 500)))
        slots = {w: n for n, w in enumerate(sorted({k for _, d in days for k, _ in plan.keys(d)}))}

        def keyed(pair: tuple[int, Article]) -> Iterator[tuple[int, tuple[int, bool, Article]]]:
            idx, article = pair
            for key, core in plan.keys(article_day(article)):
                yield key, (idx, core, article)

        windows = rdd2.flatMap(keyed).partitionBy(max(1, len(slots)), lambda k: slots.get(k, 0))
        dfreq = None
        if bool(settings.get("spark_global_df", False)):
            df = (rdd2.flatMap(lambda p: corpus_terms(p[1])).map(lambda t: (t, 1))
                  .reduceByKey(lambda a, b: a + b))
            dfreq = self.sc.broadcast((df.collectAsMap(), len(kept)))
            self.corpus_df = dfreq.value
        body = partial(cluster_windows, settings=settings, timeline=self.sc.broadcast(timeline), dfreq=dfreq)
        merged = merge_windows(windows.mapPartitions(body).collect())
        self.window_plan = plan
        undated = [i for i, d in days if d is None]
        return self._undated(rdd2, merged, timeline, undated, dup_of, metas) if undated else merged

    def _undated(self, rdd2: Any, merged: MergedEvents, timeline: Timeline, undated: list[int],
                 dup_of: Mapping[int, str], metas: list[tuple[Any, ...]]) -> MergedEvents:
        """Replay the undated articles on the driver (``rasd.engines.undated``)."""
        last = timeline.batch(undated[-1])
        targets = {dup_of[i] for i in undated if i in dup_of}
        ids = {m[0]: m[4] for m in metas if m[4] in targets}
        event_of_id = {aid: merged.event_of[i] for i, aid in ids.items() if i in merged.event_of}
        docs: dict[int, int] = {}
        for idx, _, _, rej, _, _, _, _, day in metas:
            if rej is None and day is not None and timeline.batch(idx) <= last:
                docs[timeline.batch(idx)] = docs.get(timeline.batch(idx), 0) + 1
        size = timeline.batch_size

        def batch_terms(pair: tuple[int, Article]) -> Iterator[tuple[tuple[int, str], int]]:
            idx, article = pair
            if idx // size <= last and article_day(article) is not None:
                yield from (((idx // size, t), 1) for t in corpus_terms(article))

        counts = (rdd2.flatMap(batch_terms).reduceByKey(lambda a, b: a + b)
                  .map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).groupByKey().sortByKey())
        terms = ((b, dict(tc), docs.get(b, 0)) for b, tc in counts.toLocalIterator())
        wanted = set(undated)
        articles = rdd2.filter(lambda p: p[0] in wanted).sortBy(lambda p: p[0]).toLocalIterator()
        replay = replay_undated(articles, merged, timeline, terms, event_of_id, self.settings)
        return apply_replay(merged, replay)

    def _write_parquet(self, rdd1: Any, rdd2: Any, merged: Any, pairs: Mapping[int, list[tuple[str, float]]],
                       marks: Marks, rejections: list[Rejection], out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        rows = rdd2.map(lambda p: (p[0], p[1].id, json.dumps(p[1].to_dict(), ensure_ascii=False)))
        frame = self.spark.createDataFrame(rows, "idx long, id string, article string")
        if "reuse" in self.names:  # the MinHash sketches, so that loading does not compute them again
            sketches = rdd1.filter(lambda r: r.sketch is not None and r.sketch.signature is not None).map(
                lambda r: (r.idx, bytearray(r.sketch.signature), list(r.sketch.band_keys)))
            frame = frame.join(self.spark.createDataFrame(
                sketches, "idx long, signature binary, band_keys array<long>"), "idx", "left")
        # range partitions of about one batch each, sorted inside: the part files hold consecutive idx
        # ranges, which the driver reads back in order without Spark (``load.read_articles``)
        (frame.repartitionByRange(self.partitions(self.count), "idx").sortWithinPartitions("idx")
         .write.parquet(str(out / "articles")))
        tables: dict[str, tuple[list[tuple[Any, ...]], str]] = {
            "events": ([(i, e) for i, e in (merged.event_of.items() if merged else [])], "idx long, event_id string"),
            "duplicates": ([(i, o, e) for i, lst in pairs.items() for o, e in lst],
                           "idx long, duplicate_of string, estimate double"),
            "inputs": ([tuple(m) for m in marks], "ref string, digest string, outcome string, article_id string"),
            "rejections": ([(r.input_ref, r.reason, r.detail) for r in rejections],
                           "input_ref string, reason string, detail string"),
        }
        for name, (data, schema) in tables.items():
            self.spark.createDataFrame(data, schema).coalesce(1).write.parquet(str(out / name))

    def _load(self, store: SQLiteStore, run_id: int, inputs: LoadInputs, rejections: list[Rejection],
              marks: Marks, out: Path) -> None:
        loader = Loader(store, inputs, run_id)
        reuse = "reuse" in self.names
        size = max(1, int(self.settings.get("batch_size", 500)))
        for rows in read_articles(out / "articles", size, reuse):
            batch = [(idx, Article.from_dict(json.loads(text))) for idx, text, _ in rows]
            sketches = {idx: sketch for idx, _, sketch in rows if sketch is not None}
            loader.write_batch(batch, sketches if reuse else None)
        loader.finish(rejections, marks)
