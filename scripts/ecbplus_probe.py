"""What separates the two events of an ECB+ topic? A probe, not an evaluation (issue 6).

Usage: .venv/bin/python scripts/ecbplus_probe.py [DATA.jsonl] [--top K] [--json]

Reads ECB+ dev from ../shared/eval (or DATA) and prints:

1. how the gold ``event`` labels relate to the collection: each topic's two events are its two
   sub-corpora (``ecb``: 2008 documents; ``ecbplus``: documents gathered later for the same topic),
   and how many documents of each sub-corpus open with a web address or a date line;
2. upper bounds of offline average-linkage clustering (scipy) over exact TF-IDF cosines of rasd's own
   event features (``rasd.cluster.features.extract``: stems, bigrams, ``n:`` names), at the best
   threshold chosen with the gold labels, without and with a penalty on pairs whose top-K names
   conflict (neither's top names occur in the other; similarity multiplied by 1 - lambda).

Nothing here is used at run time; docs/events.md records what it printed.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from rasd.cluster.features import NAME_PREFIX, extract
from rasd.eval.datasets import shared_path
from rasd.eval.events_data import read_jsonl, to_article
from rasd.eval.metrics import bcubed

DATE_LINE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d\d-\d\d)")


def collection_facts(recs: list[dict[str, Any]]) -> dict[str, Any]:
    same = sum(1 for r in recs if str(r.get("event", "")).endswith("_" + str(r.get("subcorpus"))))
    opens: Counter[str] = Counter()
    for r in recs:
        lines = str(r.get("text") or "").split("\n")
        url = lines[0].lower().startswith(("http", "www"))
        dated = any(DATE_LINE.match(line.strip()) for line in lines[:4])
        opens[f"{r.get('subcorpus')}: url={url} date_line={dated}"] += 1
    return {"docs": len(recs), "event_is_topic_plus_subcorpus": same, "openings": dict(sorted(opens.items()))}


def upper_bounds(recs: list[dict[str, Any]], top: int, lambdas: list[float]) -> dict[str, Any]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    feats = []
    for n, r in enumerate(recs):
        text = "\n".join(line for line in str(r.get("text") or "").split("\n") if not line.startswith("http"))
        feats.append(extract(to_article({**r, "text": text}, n)))
    gold = {n: str(r.get("event")) for n, r in enumerate(recs)}
    n_docs = len(feats)
    df = Counter(t for f in feats for t in f.terms)
    vocab = {t: i for i, t in enumerate(df)}
    x = np.zeros((n_docs, len(vocab)))
    for i, f in enumerate(feats):
        for t, c in f.terms.items():
            x[i, vocab[t]] = (1 + math.log(c)) * math.log(n_docs / df[t])
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    sim = x @ x.T
    names = [Counter({k: v for k, v in f.terms.items() if k.startswith(NAME_PREFIX)}) for f in feats]
    tops = [{k for k, _ in c.most_common(top)} for c in names]
    conflict = np.zeros((n_docs, n_docs), dtype=bool)
    for a in range(n_docs):
        for b in range(a + 1, n_docs):
            if names[a] and names[b] and not (tops[a] & names[b].keys()) and not (tops[b] & names[a].keys()):
                conflict[a, b] = conflict[b, a] = True
    out: dict[str, Any] = {}
    for lam in lambdas:
        dist = np.clip(1 - sim * np.where(conflict, 1 - lam, 1.0), 0, None)
        np.fill_diagonal(dist, 0)
        tree = linkage(squareform(dist, checks=False), "average")
        best = max((bcubed(dict(enumerate(fcluster(tree, t, "distance"))), gold)[2], float(t))
                   for t in np.arange(0.5, 1.0, 0.01))
        out[f"lambda={lam}"] = {"bcubed_f1": round(best[0], 4), "best_distance": round(best[1], 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--top", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    path = args.data or shared_path("eval", "ecbplus", "ecbplus-dev.jsonl")
    recs = list(read_jsonl(path))
    report = {"collection": collection_facts(recs), "average_linkage_oracle": upper_bounds(recs, args.top, [0, 0.3, 0.5, 0.7])}
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 1))


if __name__ == "__main__":
    main()
