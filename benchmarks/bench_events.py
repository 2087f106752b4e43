"""Throughput and memory of the events (+ stories) stages on the ANT corpus.

Usage: .venv/bin/python benchmarks/bench_events.py [--sizes 5000,10000,20000,31525] [--batch 500] [--stories]
                                                   [--split]
Each size runs in a fresh subprocess (so peak RSS is per size); articles stream in publication order
in batches, as the runner feeds them. Prints one JSON line per size: wall-clock articles/s, CPU seconds
per stage (``time.process_time``), peak RSS and the 1-minute load average at the end.

``--split`` (implies ``--stories``) measures the two halves the embedded runner runs in different
processes: the worker part (``EventsStage.prepare``: text features, plus pickling them as a worker
does) and the main-process part (unpickling them, then the events and stories stages clustering
with ``ctx.prepared``). It reports CPU milliseconds per article of each and the articles per CPU
second the main process then allows (the ceiling of the runner's throughput while workers keep up).
Normalised text is computed before timing, as the workers' ingest does it.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import time

from rasd.eval.datasets import shared_path
from rasd.eval.events_data import load_gold
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage
from rasd.stages.stories import StoriesStage


def measure(n: int, batch: int, stories: bool) -> dict[str, object]:
    docs = load_gold(shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), limit=n)
    arts = sorted((d.article for d in docs), key=lambda a: (a.published is None, a.published or ""))
    ev_ctx, st_ctx = StageContext(), StageContext()
    cpu = {"events": 0.0, "stories": 0.0}  # process CPU seconds per stage (steadier than wall time on a busy machine)
    start = time.perf_counter()
    for i in range(0, len(arts), batch):
        chunk = arts[i : i + batch]
        t0 = time.process_time()
        for a, f in zip(chunk, EventsStage()(chunk, ev_ctx).fields):
            a.annotations["event_id"] = f["event_id"]
        t1 = time.process_time()
        cpu["events"] += t1 - t0
        if stories:
            for a, f in zip(chunk, StoriesStage()(chunk, st_ctx).fields):
                a.annotations["story_id"] = f["story_id"]
            cpu["stories"] += time.process_time() - t1
    secs = time.perf_counter() - start
    n_events = len({a.annotations["event_id"] for a in arts})
    out: dict[str, object] = {
        "articles": len(arts), "seconds": round(secs, 2), "articles_per_s": round(len(arts) / secs),
        "events": n_events, "stories_too": stories,
        "events_cpu_s": round(cpu["events"], 2), "events_per_cpu_s": round(len(arts) / max(cpu["events"], 1e-9)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    if stories:
        out.update(stories=len({a.annotations["story_id"] for a in arts}), stories_cpu_s=round(cpu["stories"], 2),
                   stories_per_cpu_s=round(len(arts) / max(cpu["stories"], 1e-9)))
    return out


def measure_split(n: int, batch: int) -> dict[str, object]:
    """CPU of the worker half (text features) and of the main-process half (clustering) of events+stories."""
    docs = load_gold(shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), limit=n)
    arts = sorted((d.article for d in docs), key=lambda a: (a.published is None, a.published or ""))
    for a in arts:
        a.normalised()  # done at ingest, in the workers
    ev_ctx, st_ctx = StageContext(), StageContext()
    cpu = {"worker": 0.0, "unpickle": 0.0, "events": 0.0, "stories": 0.0}
    for i in range(0, len(arts), batch):
        chunk = arts[i : i + batch]
        t0 = time.process_time()
        shipped = pickle.dumps(EventsStage().prepare(chunk, {}), pickle.HIGHEST_PROTOCOL)
        t1 = time.process_time()
        ev_ctx.prepared = pickle.loads(shipped)
        t2 = time.process_time()
        for a, f in zip(chunk, EventsStage()(chunk, ev_ctx).fields, strict=True):
            a.annotations["event_id"] = f["event_id"]
        t3 = time.process_time()
        for a, f in zip(chunk, StoriesStage()(chunk, st_ctx).fields, strict=True):
            a.annotations["story_id"] = f["story_id"]
        t4 = time.process_time()
        for key, secs in zip(cpu, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            cpu[key] += secs
    main = cpu["unpickle"] + cpu["events"] + cpu["stories"]
    per = {f"{k}_cpu_ms_per_article": round(1000 * v / len(arts), 3) for k, v in cpu.items()}
    return {
        "articles": len(arts), "events": len({a.annotations["event_id"] for a in arts}),
        "stories": len({a.annotations["story_id"] for a in arts}), **per,
        "main_cpu_ms_per_article": round(1000 * main / len(arts), 3),
        "main_allows_articles_per_s": round(len(arts) / max(main, 1e-9)),
        "events_main_allows_articles_per_s": round(len(arts) / max(cpu["unpickle"] + cpu["events"], 1e-9)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,10000,20000,31525")
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--stories", action="store_true")
    ap.add_argument("--split", action="store_true", help="CPU of the worker half and the main-process half")
    ap.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        out = measure_split(args.one, args.batch) if args.split else measure(args.one, args.batch, args.stories)
        print(json.dumps(out))
        return
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--batch", str(args.batch)]
        cmd += ["--stories"] * args.stories + ["--split"] * args.split
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
