"""The in-process engine: ingest -> stages -> store, in batches, one transaction per batch.

A batch's articles, annotations, stage state, rejections and input records are
committed together, so a crash (even kill -9) loses at most the batch in flight
and the next run redoes exactly that work. Known inputs (same ref and digest) are
skipped before parsing, which makes a re-run over the same corpus cheap.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from threadpoolctl import threadpool_limits

from rasd.errors import StageOrderError
from rasd.model import BASE_FIELDS, Article, Rejection
from rasd.sources.parse import parse
from rasd.sources.readers import RawInput, iter_inputs
from rasd.stages import DEFAULT_STAGES, REGISTRY, load_stage
from rasd.stages.base import Preparing, Stage, StageContext, StageOutput
from rasd.store.adapters import StateAdapter, adapter_for
from rasd.store.sqlite import SQLiteStore

Progress = Callable[[int], None]


def check_order(stages: Sequence[Stage]) -> None:
    """Raise StageOrderError unless every stage's requirements are assigned before it."""
    available = set(BASE_FIELDS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available and r not in _stage_names(stages)]
        if missing:
            raise StageOrderError(f"Stage {stage.name!r} requires {missing} but no earlier stage assigns them")
        required_stages = [r for r in stage.requires if r in _stage_names(stages) and r not in available]
        if required_stages:
            raise StageOrderError(f"Stage {stage.name!r} must run after {required_stages}")
        available.update(stage.assigns)
        available.add(stage.name)


def _stage_names(stages: Sequence[Stage]) -> set[str]:
    return {s.name for s in stages}


@dataclass
class RunSummary:
    inputs: int = 0
    new: int = 0
    unchanged: int = 0
    duplicates: int = 0
    revisions: int = 0
    backfilled: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        secs = self.seconds or 1e-9
        return {
            "inputs": self.inputs,
            "new": self.new,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "revisions": self.revisions,
            "backfilled": dict(self.backfilled),
            "rejected": sum(self.rejected.values()),
            "rejections": dict(self.rejected),
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.inputs / secs, 1),
            "stages": self.stages,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


class Pipeline:
    """Stages in a checked order, with their state adapters, run batch by batch into a store."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(stages)
        self.stages = list(stages)

    @classmethod
    def from_names(cls, names: Iterable[str] | None = None) -> Pipeline:
        return cls([load_stage(n) for n in (names if names is not None else DEFAULT_STAGES)])

    def run(
        self,
        targets: list[str],
        store: SQLiteStore,
        settings: Mapping[str, Any],
        progress: Progress | None = None,
    ) -> RunSummary:
        return self.run_items(iter_inputs(targets, settings), store, settings, progress)

    def run_items(
        self,
        items: Iterable[RawInput | Rejection],
        store: SQLiteStore,
        settings: Mapping[str, Any],
        progress: Progress | None = None,
    ) -> RunSummary:
        """Run over already-read inputs (e.g. a limited slice of a corpus)."""
        return _Runner(self.stages, store, settings, progress).run(items)

    def process(self, articles: list[Article], settings: Mapping[str, Any], state: dict[str, Any] | None = None) -> None:
        """Run the stages over articles in memory (no store): for tests, bench and Spark."""
        states = state if state is not None else {}
        for stage in self.stages:
            out = stage(articles, StageContext(settings, states.get(stage.name)))
            for article, fields in zip(articles, out.fields, strict=True):
                article.annotations.update(fields)


class _Runner:
    def __init__(
        self, stages: list[Stage], store: SQLiteStore, settings: Mapping[str, Any], progress: Progress | None
    ) -> None:
        self.stages, self.store, self.settings, self.progress = stages, store, settings, progress
        self.summary = RunSummary(stages=[f"rasd.{s.name}.v{s.version}" for s in stages])
        self.adapters: dict[str, StateAdapter] = {}
        self.states: dict[str, Any] = {}
        for stage in stages:
            adapter = adapter_for(stage.name)
            if adapter is not None:
                self.adapters[stage.name] = adapter
                self.states[stage.name] = adapter.load(store.conn, settings)
        self.known = store.known_digests()
        self.pure = _leading_pure(stages, self.adapters)
        self.preparing = _preparable(stages, self.pure)
        self.run_id = store.start_run(self.summary.stages)
        self.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")

    def run(self, items: Iterable[RawInput | Rejection]) -> RunSummary:
        with one_native_thread():  # restored when the run ends (rasd may be a library in a larger program)
            return self._run(items)

    def _run(self, items: Iterable[RawInput | Rejection]) -> RunSummary:
        start = time.perf_counter()
        init = init_args(self.settings, self.pure, self.fetched_at, self.preparing)
        _worker_init(dict(self.settings), self.pure, self.fetched_at)
        batches = self._batches(items)
        head = list(itertools.islice(batches, 2))
        workers = resolve_workers(self.settings) if _registered(self.pure) else 1
        if len(head) > 1 and workers > 1:
            self._run_parallel(itertools.chain(head, batches), workers, init)
        else:  # one batch (small inputs never pay for worker start-up), or no worker processes
            for batch in itertools.chain(head, batches):
                self._flush(*_worker_run(batch))
        self._backfill()
        self.summary.seconds = time.perf_counter() - start
        self.store.finish_run(self.run_id, self.summary.to_dict())
        return self.summary

    def _run_parallel(self, batches: Iterator[list[RawInput | Rejection]], workers: int, init: tuple[Any, ...]) -> None:
        """Parse and run pure stages in worker processes, at most 2 batches per worker in flight.

        A "forkserver" context forks workers from a clean process (never from this one, which may hold threads
        and locks); a worker that dies makes ``result()`` raise BrokenProcessPool instead of hanging.
        """
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        todo: deque[list[RawInput | Rejection]] = deque()
        try:
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init,
                                     initargs=(*init, os.getpid())) as pool:
                pending: deque[Future[WorkerResult]] = deque()
                for batch in batches:
                    todo.append(batch)
                    pending.append(pool.submit(_worker_run, batch))
                    if len(pending) >= 2 * workers:
                        self._flush(*pending.popleft().result())
                        todo.popleft()
                while pending:
                    self._flush(*pending.popleft().result())
                    todo.popleft()
        except BrokenProcessPool:
            # Workers could not start or died (e.g. a __main__ they cannot import): finish in-process.
            for batch in itertools.chain(todo, batches):
                self._flush(*_worker_run(batch))

    def _backfill(self) -> None:
        """Run each stage over stored articles it has not processed (a new stage, or a new version of one)."""
        size = int(self.settings["batch_size"])
        for stage in self.stages:
            while ids := self.store.unprocessed(stage.name, stage.version, size):
                articles = self.store.load_articles(ids)
                out = stage(articles, StageContext(self.settings, self.states.get(stage.name)))
                for article, fields in zip(articles, out.fields, strict=True):
                    article.annotations.update(fields)
                self.store.begin()
                try:
                    self._write_stage(articles, stage, out)
                    self.store.commit()
                except BaseException:
                    self.store.rollback()
                    raise
                self.summary.backfilled[stage.name] += len(ids)

    def _batches(self, items: Iterable[RawInput | Rejection]) -> Iterator[list[RawInput | Rejection]]:
        """Inputs not seen before, in batches; known ones are counted and skipped before parsing."""
        batch: list[RawInput | Rejection] = []
        size = int(self.settings["batch_size"])
        for item in items:
            self.summary.inputs += 1
            if isinstance(item, RawInput) and item.digest in self.known:
                self.summary.unchanged += 1
                self._tick()
                continue
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _tick(self, n: int = 1) -> None:
        if self.progress:
            self.progress(n)

    def _timed(self, name: str, started: float) -> None:
        self.summary.stage_seconds[name] = self.summary.stage_seconds.get(name, 0.0) + time.perf_counter() - started

    def _flush(self, results: list[Parsed], timings: dict[str, float], prepared: Prepared | None = None) -> None:
        for name, secs in timings.items():
            self.summary.stage_seconds[name] = self.summary.stage_seconds.get(name, 0.0) + secs
        articles: list[tuple[str, str, Article]] = []
        rejections: list[Rejection] = []
        marks: list[tuple[str, str, str, str | None]] = []
        for ref, digest, result in results:
            if isinstance(result, Rejection):
                rejections.append(result)
                self.summary.rejected[result.reason] += 1
                if digest:
                    marks.append((ref, digest, "rejection", None))
            else:
                articles.append((ref, digest or "", result))
        fresh = self._dedupe(articles, marks)
        outputs = self._run_stages(fresh, _aligned(prepared, [a for _, _, a in articles], fresh))
        t1 = time.perf_counter()
        self._write(fresh, outputs, rejections, marks)
        self._timed("store", t1)
        self._tick(len(results))

    def _dedupe(
        self, articles: list[tuple[str, str, Article]], marks: list[tuple[str, str, str, str | None]]
    ) -> list[Article]:
        """Drop articles already stored (same content and URL); link revisions of a URL."""
        stored = self.store.existing_ids(a.id for _, _, a in articles)
        latest = self.store.latest_for_urls(a.url for _, _, a in articles if a.url)
        seen: set[str] = set()
        fresh: list[Article] = []
        for ref, digest, art in articles:
            if art.id in stored or art.id in seen:
                self.summary.duplicates += 1
                marks.append((ref, digest, "duplicate", art.id))
                continue
            seen.add(art.id)
            previous = latest.get(art.url) if art.url else None
            if art.url:
                latest[art.url] = art.id  # a later article with this URL in the batch is a revision of this one
            if previous:
                art.meta["revision_of"] = previous
                self.summary.revisions += 1
            fresh.append(art)
            marks.append((ref, digest, "article", art.id))
        self.summary.new += len(fresh)
        return fresh

    def _run_stages(self, articles: list[Article], prepared: Prepared) -> list[tuple[Stage, Any]]:
        """Run the stages the workers did not run (with what the workers prepared for them); collect every
        stage's output for storing."""
        outputs: list[tuple[Stage, Any]] = [
            (stage, StageOutput([{k: a.annotations.get(k) for k in stage.assigns} for a in articles]))
            for stage in self.pure
        ]
        if not articles:
            return outputs
        for stage in self.stages[len(self.pure):]:
            t0 = time.perf_counter()
            ctx = StageContext(self.settings, self.states.get(stage.name), prepared.get(stage.name))
            out = stage(articles, ctx)
            for article, fields in zip(articles, out.fields, strict=True):
                article.annotations.update(fields)
            outputs.append((stage, out))
            self._timed(stage.name, t0)
        return outputs

    def _write_stage(self, articles: list[Article], stage: Stage, out: StageOutput) -> None:
        t0 = time.perf_counter()
        rows = ((a.id, k, v) for a, f in zip(articles, out.fields, strict=True) for k, v in f.items())
        self.store.add_annotations(f"rasd.{stage.name}", stage.version, rows)
        if stage.name in self.adapters and out.state_updates is not None:
            self.adapters[stage.name].save(self.store.conn, out.state_updates)
        self.store.mark_processed(stage.name, stage.version, (a.id for a in articles))
        self._timed(f"store:{stage.name}", t0)

    def _write(
        self,
        articles: list[Article],
        outputs: list[tuple[Stage, Any]],
        rejections: list[Rejection],
        marks: list[tuple[str, str, str, str | None]],
    ) -> None:
        store = self.store
        store.begin()
        try:
            store.add_articles(articles, store.next_seq())
            for stage, out in outputs:
                self._write_stage(articles, stage, out)
            store.add_rejections(rejections, self.run_id)
            store.mark_inputs(marks, self.run_id)
            store.commit()
        except BaseException:
            store.rollback()
            raise


# -- per-article work, in worker processes or in-process ---------------------------------------------
Parsed = tuple[str, str | None, Article | Rejection]
#: stage name -> its ``prepare`` values, one per parsed article of the batch (in order)
Prepared = dict[str, list[Any]]
WorkerResult = tuple[list[Parsed], dict[str, float], Prepared]
_WORKER: dict[str, Any] = {}


def resolve_workers(settings: Mapping[str, Any]) -> int:
    """The ``workers`` setting; 0 means one per CPU (at most 4)."""
    wanted = int(settings.get("workers", 1))
    return wanted if wanted > 0 else min(os.cpu_count() or 1, 4)


def init_args(
    settings: Mapping[str, Any], pure: list[Stage], fetched_at: str, preparing: Sequence[Stage] = ()
) -> tuple[Any, ...]:
    return dict(settings), [s.name for s in pure], fetched_at, [s.name for s in preparing]


def _leading_pure(stages: Sequence[Stage], adapters: Mapping[str, Any]) -> list[Stage]:
    """The stages before the first stateful one: they can run in worker processes."""
    out: list[Stage] = []
    for stage in stages:
        if stage.name in adapters:
            break
        out.append(stage)
    return out


def _preparable(stages: Sequence[Stage], pure: Sequence[Stage]) -> list[Stage]:
    """Later stages with a ``prepare`` step that worker processes can run: registered, and whose ``prepare``
    reads (``prepare_reads``, else ``requires`` and ``optional``) only base fields and fields of the leading
    pure stages that no main-process stage before them reassigns."""
    available = set(BASE_FIELDS).union(*(s.assigns for s in pure), (s.name for s in pure))
    out: list[Stage] = []
    for stage in stages[len(pure):]:
        reads = getattr(stage, "prepare_reads", None) or (*stage.requires, *getattr(stage, "optional", ()))
        if isinstance(stage, Preparing) and _registered([stage]) and all(r in available for r in reads):
            out.append(stage)
        available.difference_update(stage.assigns)
        available.discard(stage.name)
    return out


def _aligned(prepared: Prepared | None, parsed: Sequence[Article], fresh: Sequence[Article]) -> Prepared:
    """The workers' ``prepare`` values for the articles kept after de-duplication, in their order."""
    if not prepared:
        return {}
    where = {id(a): i for i, a in enumerate(parsed)}
    return {name: [values[where[id(a)]] for a in fresh] for name, values in prepared.items()}


def _registered(stages: Sequence[Stage]) -> bool:
    """Whether worker processes can rebuild these stages by name (hand-built stages run in-process)."""
    return all(s.name in REGISTRY and type(s) is type(load_stage(s.name)) for s in stages)


#: Read by the native libraries when they load (OpenBLAS, OpenMP, MKL).
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_native_thread() -> threadpool_limits:
    """Limit the native thread pools (OpenBLAS, OpenMP) of numpy, scipy and scikit-learn to one thread each;
    the returned object, used as a context manager, restores them.

    rasd's processes already use the cores: the pipeline runs a worker process per core beside the main one.
    A BLAS pool of its own in each of them (OpenBLAS starts one thread per core) only adds threads that spin
    while they wait: on the 2-core benchmark machine the NER network's small matrix products took 37% more
    CPU in one process and 90% more with two workers side by side, for no gain in wall time
    (docs/benchmarks.md, thirteenth session).
    """
    return threadpool_limits(limits=1)


def _worker_init(
    settings: dict[str, Any], stages: Sequence[str | Stage], fetched_at: str, preparing: Sequence[str] = (),
    owner: int | None = None,
) -> None:
    if owner is not None:  # a worker process, for its whole life: libraries loaded later read the variables
        _exit_without(owner)
        os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
    built = [load_stage(s) if isinstance(s, str) else s for s in stages]
    _WORKER.update(settings=settings, stages=built, fetched_at=fetched_at,
                   preparing=[load_stage(s) for s in preparing])
    if owner is not None:
        one_native_thread()  # the pools of libraries already loaded (the forkserver may have imported numpy)


def _exit_without(owner: int, every: float = 1.0) -> None:
    """In a worker: end this process once ``owner`` (the process running the pipeline) is gone. Workers are
    the forkserver's children, so nothing else tells them when a ``rasd run`` is killed (``kill -9``, the
    OOM killer): without this they wait for work forever, each holding its models."""

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid exists (the owner's, or reused by another user's process)
                pass

    threading.Thread(target=watch, name="rasd-owner-watch", daemon=True).start()


def _worker_run(batch: list[RawInput | Rejection]) -> WorkerResult:
    """Parse a batch, run the pure leading stages on its articles and the ``prepare`` step of later stages
    (only in worker processes: in-process, the stages compute it themselves)."""
    settings, stages = _WORKER["settings"], _WORKER["stages"]
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    results: list[Parsed] = []
    for item in batch:
        if isinstance(item, Rejection):
            results.append((item.input_ref, None, item))
        else:
            results.append((item.ref, item.digest, parse(item, settings, _WORKER["fetched_at"])))
    timings["ingest"] = time.perf_counter() - t0
    articles = [r for _, _, r in results if isinstance(r, Article)]
    for stage in stages:
        t1 = time.perf_counter()
        out = stage(articles, StageContext(settings, None))
        for article, fields in zip(articles, out.fields, strict=True):
            article.annotations.update(fields)
        timings[stage.name] = time.perf_counter() - t1
    prepared: Prepared = {}
    for stage in _WORKER["preparing"]:
        t1 = time.perf_counter()
        prepared[stage.name] = stage.prepare(articles, settings)
        timings[f"{stage.name}:prepare"] = time.perf_counter() - t1
    return results, timings, prepared
