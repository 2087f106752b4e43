"""Throughput of the dates stage on the ANT corpus (first N articles).

Usage: .venv/bin/python benchmarks/bench_dates.py [N]   (default 5000)
Reads ../shared/eval/ant/ant-v2.1.jsonl.gz (see rasd.eval.datasets). Prints articles/s for
``extract`` alone and for the whole stage (publication date + mentions + event date).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from email.utils import parsedate_to_datetime

from rasd.dates.extract import extract
from rasd.eval.datasets import shared_path
from rasd.model import Article
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
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


if __name__ == "__main__":
    main()
