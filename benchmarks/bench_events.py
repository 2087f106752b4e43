"""Throughput and memory of the events (+ stories) stages on the ANT corpus.

Usage: .venv/bin/python benchmarks/bench_events.py [--sizes 5000,10000,20000,31525] [--batch 500] [--stories]
Each size runs in a fresh subprocess (so peak RSS is per size); articles stream in publication order
in batches, as the runner feeds them. Prints one JSON line per size.
"""

from __future__ import annotations

import argparse
import json
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
    start = time.perf_counter()
    for i in range(0, len(arts), batch):
        chunk = arts[i : i + batch]
        for a, f in zip(chunk, EventsStage()(chunk, ev_ctx).fields):
            a.annotations["event_id"] = f["event_id"]
        if stories:
            StoriesStage()(chunk, st_ctx)
    secs = time.perf_counter() - start
    n_events = len({a.annotations["event_id"] for a in arts})
    return {"articles": len(arts), "seconds": round(secs, 2), "articles_per_s": round(len(arts) / secs),
            "events": n_events, "stories_too": stories,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


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
