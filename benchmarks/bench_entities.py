"""Throughput of the entities + quotes stages on the first N ANT articles.

Usage: .venv/bin/python benchmarks/bench_entities.py [N=5000] [--batch 500] [--split] [--one-pass]
Articles carry the `sentences` annotation of the upstream text stage (computed before timing).
Prints articles/s for entities, quotes and both (one process, one core), by wall clock and by
process CPU time (the machine is shared, so wall figures vary with load), plus peak RSS.
The first batch includes filling the per-word score table (a cold start).

With ``--split`` the stages run as ``rasd run`` runs them with worker processes: the worker part
(``prepare`` of both stages: tokenise, CRF tags, mention candidates, the scan for quotes, and
pickling the payloads) in two worker processes that take the batches as they come free (each fills
its own word table, as the pipeline's workers do), and the main-process part (unpickling them, the
known-name clitic check + linking, quote speakers) here, each timed by its process's CPU time; it prints CPU ms per article of each
part and the throughput that two workers plus the main process would give (each process on its own
core; and all of them sharing two cores).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import pickle
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from rasd.eval.datasets import shared_path
from rasd.model import Article
from rasd.ner.index import EntityIndex
from rasd.pipeline import one_native_thread
from rasd.stages.base import StageContext
from rasd.stages.entities import EntitiesStage
from rasd.stages.quotes import QuotesStage
from rasd.text import sentences


def load(n: int) -> list[Article]:
    out: list[Article] = []
    with gzip.open(shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d.get("text") or ""
            art = Article(id=str(d.get("id", len(out))), text=text, title=d.get("title"), lang="ar")
            art.annotations["sentences"] = [list(s) for s in sentences(text)]  # as the text stage gives
            out.append(art)
            if len(out) >= n:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--split", action="store_true", help="time the worker and main-process parts apart")
    ap.add_argument("--one-pass", action="store_true", help="entities_document_pass off (first NER pass only)")
    args = ap.parse_args(argv)
    one_native_thread()  # as `rasd run` sets its processes (rasd.pipeline.one_native_thread)
    arts = load(args.n)
    if args.split:
        return split(arts, args.batch, settings={"entities_document_pass": not args.one_pass})
    ent, quo = EntitiesStage(), QuotesStage()
    ctx = StageContext({"entities_document_pass": not args.one_pass}, EntityIndex())
    wall = [0.0, 0.0]
    cpu = [0.0, 0.0]
    for i in range(0, len(arts), args.batch):
        batch = arts[i:i + args.batch]
        w0, c0 = time.perf_counter(), time.process_time()
        out = ent(batch, ctx)
        w1, c1 = time.perf_counter(), time.process_time()
        for a, f in zip(batch, out.fields, strict=True):
            a.annotations.update(f)
        quo(batch, StageContext())
        w2, c2 = time.perf_counter(), time.process_time()
        wall = [wall[0] + w1 - w0, wall[1] + w2 - w1]
        cpu = [cpu[0] + c1 - c0, cpu[1] + c2 - c1]
    n = len(arts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(f"{n} ANT articles ({sum(len(a.text) for a in arts) / n:.0f} chars each): "
                     f"wall: entities {n / wall[0]:.0f}/s, quotes {n / wall[1]:.0f}/s, "
                     f"entities+quotes {n / sum(wall):.0f}/s | process CPU: entities {n / cpu[0]:.0f}/s, "
                     f"quotes {n / cpu[1]:.0f}/s, entities+quotes {n / sum(cpu):.0f}/s; "
                     f"{len(ctx.state.entities)} entities; peak RSS {rss:.0f} MB\n")
    return 0


def _worker_part(batch: list[Article], settings: dict[str, object]) -> tuple[bytes, bytes, float, float]:
    """In a worker process: both stages' ``prepare`` and the pickling of their payloads with the texts (the
    pipeline pickles them with the articles, so each text crosses once). Returns both blobs and CPU seconds."""
    c0 = time.process_time()
    payloads = (EntitiesStage().prepare(batch, settings), QuotesStage().prepare(batch, {}))
    c1 = time.process_time()
    texts = [a.text for a in batch]
    blob = pickle.dumps((texts, payloads), protocol=pickle.HIGHEST_PROTOCOL)
    c2 = time.process_time()
    return blob, pickle.dumps(texts, protocol=pickle.HIGHEST_PROTOCOL), c1 - c0, c2 - c1


def split(arts: list[Article], size: int, workers: int = 2, settings: dict[str, object] | None = None) -> int:
    """CPU seconds of the worker part (in the worker processes) and of the main-process part, as the pipeline
    splits them; pickling counts only what the payloads add to the texts."""
    ent, quo, index = EntitiesStage(), QuotesStage(), EntityIndex()
    cpu = {"prepare": 0.0, "pickle": 0.0, "unpickle": 0.0, "link": 0.0, "quotes": 0.0}
    extra_bytes = 0
    mp = multiprocessing.get_context("forkserver")
    # as the pipeline: each worker fills its own word table, with one native thread
    with ProcessPoolExecutor(workers, mp_context=mp, initializer=one_native_thread) as pool:
        batches = [arts[i:i + size] for i in range(0, len(arts), size)]
        parts = pool.map(_worker_part, batches, [settings or {}] * len(batches))
        for i, (blob, text_blob, prep, pick) in zip(range(0, len(arts), size), parts, strict=True):
            batch = arts[i:i + size]
            c0 = time.process_time()
            _, (payloads, frames) = pickle.loads(blob)
            c1 = time.process_time()
            pickle.loads(text_blob)  # the texts alone: the pipeline unpickles them anyway
            c2 = time.process_time()
            out = ent(batch, StageContext(state=index, prepared=payloads))
            for a, f in zip(batch, out.fields, strict=True):
                a.annotations.update(f)
            c3 = time.process_time()
            quo(batch, StageContext(prepared=frames))
            c4 = time.process_time()
            steps = {"prepare": prep, "pickle": pick, "unpickle": (c1 - c0) - (c2 - c1), "link": c3 - c2,
                     "quotes": c4 - c3}
            cpu = {k: cpu[k] + steps[k] for k in cpu}
            extra_bytes += len(blob) - len(text_blob)
    _report_split(len(arts), size, workers, cpu, extra_bytes, len(index.entities))
    return 0


def _report_split(n: int, size: int, workers: int, cpu: dict[str, float], extra: int, entities: int) -> None:
    ms = {k: 1000 * v / n for k, v in cpu.items()}
    worker, main = ms["prepare"] + ms["pickle"], ms["unpickle"] + ms["link"] + ms["quotes"]
    own = min(1000 * workers / worker, 1000 / main)
    shared = 1000 * workers / (worker + main)
    sys.stdout.write(
        f"{n} ANT articles, batches of {size}, CPU ms per article: worker part {worker:.3f} "
        f"(entities and quotes prepare {ms['prepare']:.3f}, pickle {ms['pickle']:.3f}; {extra / n:.0f} bytes "
        f"besides the text) | main part {main:.3f} (unpickle {ms['unpickle']:.3f}, mentions+link "
        f"{ms['link']:.3f}, quote speakers {ms['quotes']:.3f}) | {workers} workers + main process: {own:.0f} "
        f"articles/s (workers {1000 * workers / worker:.0f}/s, main {1000 / main:.0f}/s), {shared:.0f}/s "
        f"if they share {workers} cores; {entities} entities\n")


if __name__ == "__main__":
    raise SystemExit(main())
