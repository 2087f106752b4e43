"""Build the news-concept document frequencies (rasd/data/concepts_df.tsv).

Usage: .venv/bin/python scripts/build_concept_df.py [ANT_JSONL_GZ] [--out PATH] [--limit N]

The events and stories stages compare an Arabic article and an English event (or the reverse) through the
concepts of their titles and leads (``rasd.cluster.concepts``). Those concepts are weighted by how common they
are in news. A running stream's own document frequencies are a poor estimate of that: a 40-article corpus
says little about how common "storm" is, and two engines that count documents in different windows weigh the
same concept differently. So the weights come from a fixed table: for each concept, the number of articles of
a large news corpus whose title and lead name it (default: the 31,525 Arabic articles of the ANT corpus in
../shared/eval/ant, read at build time only). Only concept numbers and counts ship, no text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from rasd.cluster.concepts import concept_stems
from rasd.cluster.features import lead_concepts
from rasd.eval.datasets import shared_path
from rasd.model import Article

OUT = Path(__file__).resolve().parent.parent / "rasd" / "data" / "concepts_df.tsv"


def concept_df(path: Path, limit: int | None = None) -> tuple[Counter[str], int]:
    """(concept key -> articles naming it in their title and lead, number of articles) of a JSONL(.gz) corpus
    with ``title`` and ``text`` fields, read as Arabic."""
    df: Counter[str] = Counter()
    n = 0
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if limit and k >= limit:
                break
            row = json.loads(line)
            article = Article(id=str(row.get("id") or k), text=str(row.get("text") or ""),
                              title=str(row.get("title") or "") or None, lang="ar")
            df.update(lead_concepts(article, "ar").keys())
            n += 1
    return df, n


def write(df: Counter[str], n: int, out: Path) -> None:
    keys = sorted({k for table in concept_stems().values() for k in table.values()}, key=lambda k: int(k[2:]))
    lines = ["# concept key (x:<line of concepts_ar_en.tsv>) <TAB> articles naming it in their title and lead;",
             f"# built by scripts/build_concept_df.py from {n} news articles", f"articles\t{n}",
             *(f"{k}\t{df.get(k, 0)}" for k in keys)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", help="news corpus, JSONL or JSONL.gz (default: ANT in ../shared/eval/ant)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    args = ap.parse_args(argv)
    path = Path(args.corpus) if args.corpus else shared_path("eval", "ant", "ant-v2.1.jsonl.gz")
    if not path.exists():
        print(f"corpus not found: {path} (pass its path)", file=sys.stderr)
        return 2
    t0 = time.process_time()
    df, n = concept_df(path, args.limit)
    write(df, n, Path(args.out))
    print(f"{n} articles, {len(df)} concepts seen, {time.process_time() - t0:.0f} s CPU -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
