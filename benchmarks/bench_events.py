"""Throughput and memory of the events (+ stories) stages on the ANT corpus.

Usage: .venv/bin/python benchmarks/bench_events.py [--sizes 5000,10000,20000,31525] [--batch 500] [--stories]
Each size runs in a fresh subprocess (so peak RSS is per size); articles stream in publication order
in batches, as the runner feeds them. Prints one JSON line per size: wall-clock articles/s, CPU seconds
per stage (``time.process_time``), peak RSS and the 1-minute load average at the end.
"""

from __future__ import annotations

import argparse
import json
import os
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,10000,20000,31525")
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--stories", action="store_true")
    ap.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.batch, args.stories)))
        return
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--batch", str(args.batch)] + (["--stories"] * args.stories)
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
