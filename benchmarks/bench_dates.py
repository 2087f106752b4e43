"""Throughput of the dates stage on the ANT corpus (first N articles).

Usage: .venv/bin/python benchmarks/bench_dates.py [N] [--workers W]   (default 5000 articles, 1 process)
Reads ../shared/eval/ant/ant-v2.1.jsonl.gz (see rasd.eval.datasets). Prints articles/s for
``extract`` alone and for the whole stage (publication date + mentions + event date) in this process.
With ``--workers W`` it also runs the stage the way ``rasd run`` does: batches of 500 articles over W
worker processes ("forkserver", as the pipeline), timed from the first batch sent to the last result
received (articles are pickled to the workers and the outputs back).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from email.utils import parsedate_to_datetime

from rasd.dates.extract import extract
from rasd.eval.datasets import shared_path
from rasd.model import Article
from rasd.pipeline import one_native_thread
from rasd.stages.base import StageContext
from rasd.stages.dates import DatesStage


def load(n: int) -> list[Article]:
    path = shared_path("eval", "ant", "ant-v2.1.jsonl.gz")
    out: list[Article] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            row = json.loads(line)
            published = parsedate_to_datetime(row["published"]).isoformat() if row.get("published") else None
            out.append(
                Article(id=str(row["id"]), text=row["text"], title=row.get("title"), published=published)
            )
    return out


def _stage_batch(batch: list[Article]) -> list[dict[str, object]]:
    return DatesStage()(batch, StageContext()).fields


def in_workers(articles: list[Article], workers: int, batch: int = 500) -> float:
    """Wall seconds to run the stage over ``articles`` in ``workers`` processes (pool started and warm)."""
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=one_native_thread) as pool:  # as the pipeline's
        list(pool.map(_stage_batch, [articles[:300]] * workers))  # start and warm every worker
        start = time.perf_counter()
        done = sum(len(f) for f in pool.map(_stage_batch, [articles[i : i + batch]
                                                              for i in range(0, len(articles), batch)]))
        secs = time.perf_counter() - start
    assert done == len(articles)
    return secs


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--workers")]
    workers = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--workers=")), 0)
    n = int(args[0]) if args else 5000
    articles = load(n)
    chars = sum(len(a.text) for a in articles)
    DatesStage()(articles[:300], StageContext())  # warm up: compile the per-kind regexes
    w0, c0 = time.perf_counter(), time.process_time()
    mentions = sum(len(extract(a.text, None)) for a in articles)
    w1, c1 = time.perf_counter(), time.process_time()
    out = DatesStage()(articles, StageContext())
    w2, c2 = time.perf_counter(), time.process_time()
    resolved = sum(1 for f in out.fields if f["published_resolved"]["value"])
    n = len(articles)
    print(
        f"articles: {n}  avg chars: {chars / n:.0f}  mentions: {mentions}  with a publication date: {resolved}"
    )
    print(
        f"extract only (no anchor): {n / (w1 - w0):,.0f} articles/s wall, {n / (c1 - c0):,.0f} per CPU-second"
    )
    print(
        f"dates stage (published + mentions + event): {n / (w2 - w1):,.0f} articles/s wall, "
        f"{n / (c2 - c1):,.0f} per CPU-second"
    )
    if workers:
        secs = in_workers(articles, workers)
        print(f"dates stage in {workers} worker processes: {n / secs:,.0f} articles/s wall ({secs:.1f} s)")


if __name__ == "__main__":
    main()
