"""Make a large synthetic corpus from ANT for scaling benchmarks: resampled and perturbed copies.

Usage: .venv/bin/python benchmarks/make_synthetic.py OUT.jsonl.gz [--size 300000] [--seed 7] [--swap 0.25]

Copy 0 of each ANT article is the article itself. Copy k >= 1 (resampled in a seeded random order):
- publication date moved k x 182 days later (26 weeks: weekdays and the within-day times are kept), so the
  corpus covers k x 6 months at ANT's own density of articles per day, as a backfill of years of news would;
- id and URL made unique (``~s<k>`` and a ``/s<k>`` path segment, so a copy is never a revision of another);
- each word of title and text replaced, with probability ``--swap``, by a word drawn from another article of the
  same category. At 0.25, 5-word shingles survive with probability 0.75^5 ≈ 0.24, so copies are not
  near-duplicates of each other (Jaccard ≈ 0.1), while the vocabulary, lengths and topics stay ANT's.

The ANT file is read from ../shared/eval (never copied into the repo); the output goes where you say.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import defaultdict
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from rasd.eval.datasets import shared_path

SHIFT = timedelta(days=182)


def _shifted(published: str | None, k: int) -> str | None:
    if not published or k == 0:
        return published
    try:
        when = parsedate_to_datetime(published)
    except (TypeError, ValueError):
        return published
    return format_datetime(when + k * SHIFT)


def _perturb(text: str, rng: random.Random, pool: list[str], swap: float) -> str:
    if not text or not pool:
        return text
    words = text.split(" ")
    return " ".join(rng.choice(pool) if w and rng.random() < swap else w for w in words)


def synthetic(base: list[dict[str, Any]], size: int, seed: int, swap: float) -> Any:
    """Yield ``size`` records: every base article once, then seeded perturbed copies (k = 1, 2, ...)."""
    rng = random.Random(seed)
    pools: dict[str, list[str]] = defaultdict(list)
    for rec in base:  # a bounded sample of each category's words to draw replacements from
        words = (rec.get("text") or "").split()
        pools[rec.get("category") or ""].extend(words[:: max(1, len(words) // 40)])
    made = 0
    k = 0
    while made < size:
        order = list(range(len(base))) if k == 0 else rng.sample(range(len(base)), len(base))
        for i in order:
            if made >= size:
                return
            rec = dict(base[i])
            if k:
                pool = pools[rec.get("category") or ""]
                rec["id"] = f"{rec.get('id')}~s{k}"
                if rec.get("url"):
                    rec["url"] = rec["url"].rstrip("/") + f"/s{k}"
                rec["published"] = _shifted(rec.get("published"), k)
                rec["title"] = _perturb(rec.get("title") or "", rng, pool, swap)
                rec["text"] = _perturb(rec.get("text") or "", rng, pool, swap)
                rec.pop("abstract", None)
            yield rec
            made += 1
        k += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=300_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--swap", type=float, default=0.25)
    args = ap.parse_args()
    with gzip.open(shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), "rt", encoding="utf-8") as fh:
        base = [json.loads(line) for line in fh if line.strip()]
    n = 0
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=1) as out:
        for rec in synthetic(base, args.size, args.seed, args.swap):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(json.dumps({"out": args.out, "articles": n, "base": len(base), "seed": args.seed, "swap": args.swap}))


if __name__ == "__main__":
    main()
