"""Throughput of the reuse stage vs a plain datasketch MinHashLSH baseline on the ANT corpus.

    .venv/bin/python benchmarks/bench_reuse.py [--limit N] [--data PATH] [--json]

Articles are built in memory (no store). Each side runs in its own child process so
that peak RSS is measured separately: the stage in batches of 500 (duplicates,
revisions and passages), and the baseline (same shingles, MinHash + MinHashLSH
query/insert at the same threshold). Reports articles/s, peak RSS, duplicate groups
and a few example groups (titles) to check by eye.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_path
from rasd.eval.reuse_run import baseline_labels, duplicate_labels, run_stage
from rasd.model import Article


def iso(published: str | None) -> str | None:
    if not published:
        return None
    try:
        return parsedate_to_datetime(published).isoformat()
    except (TypeError, ValueError):
        return None


def load_articles(path: Path, limit: int | None) -> list[Article]:
    out: list[Article] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append(
                Article(
                    id=row["id"],
                    text=row.get("text") or "",
                    title=row.get("title"),
                    url=row.get("url"),
                    source=row.get("source"),
                    published=iso(row.get("published")),
                )
            )
            if limit and len(out) >= limit:
                break
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def groups_of(labels: dict[str, str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for aid, label in labels.items():
        by.setdefault(label, []).append(aid)
    return [sorted(g) for g in by.values() if len(g) > 1]


def child(side: str, path: Path, limit: int | None) -> dict[str, Any]:
    arts = load_articles(path, limit)
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    if side == "stage":
        _, updates, fields = run_stage(arts, links_only=True)
        labels = duplicate_labels(arts, updates)
        extra = {
            "revisions": sum(1 for f in fields if f["revision_of"]),
            "articles_with_reused_text": sum(1 for f in fields if f["reuse"]["reused_share"] > 0),
        }
    else:
        labels = baseline_labels(arts)
        extra = {}
    seconds = time.perf_counter() - start
    groups = groups_of(labels)
    titles = {a.id: f"[{a.source} {a.published or '?'}] {a.title}" for a in arts}
    rng = random.Random(7)
    examples = sorted(groups, key=len, reverse=True)[:2] + rng.sample(groups, min(3, len(groups)))
    return {
        "side": side,
        "articles": len(arts),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(arts) / seconds, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_after_loading_mb": round(rss_before, 1),
        "duplicate_groups": len(groups),
        "articles_in_groups": sum(len(g) for g in groups),
        "examples": [[titles[i] for i in g[:6]] for g in examples],
        **extra,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--side", choices=["stage", "baseline"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    path = args.data or shared_path("eval", "ant", "ant-v2.1.jsonl.gz")
    if args.side:
        print(json.dumps(child(args.side, path, args.limit), ensure_ascii=False))
        return
    results = [run_child(side, path, args.limit) for side in ("stage", "baseline")]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    for r in results:
        print(
            f"{r['side']:9} {r['articles']} articles in {r['seconds']} s = {r['articles_per_s']} articles/s, "
            f"peak RSS {r['peak_rss_mb']} MB (after loading {r['rss_after_loading_mb']} MB), "
            f"{r['duplicate_groups']} duplicate groups ({r['articles_in_groups']} articles)"
        )
    for group in results[0]["examples"]:
        print(" * " + "\n   ".join(group))


def run_child(side: str, path: Path, limit: int | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--side", side, "--data", str(path)]
    if limit:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


if __name__ == "__main__":
    main()
