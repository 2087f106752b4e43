"""Throughput of the entities + quotes stages on the first N ANT articles.

Usage: .venv/bin/python benchmarks/bench_entities.py [N=5000] [--batch 500]
Articles carry the `sentences` annotation of the upstream text stage (computed before timing).
Prints articles/s for entities, quotes and both (one process, one core), by wall clock and by
process CPU time (the machine is shared, so wall figures vary with load), plus peak RSS.
The first batch includes filling the per-word score table (a cold start).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time

from rasd.eval.datasets import shared_path
from rasd.model import Article
from rasd.ner.index import EntityIndex
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
    args = ap.parse_args(argv)
    arts = load(args.n)
    ent, quo, ctx = EntitiesStage(), QuotesStage(), StageContext(state=EntityIndex())
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


if __name__ == "__main__":
    raise SystemExit(main())
