"""Build the "looks like a transliterated name" weights (rasd/data/ner/namelike_ar.npy).

Usage: .venv/bin/python scripts/build_name_model.py [ANETAC_DIR] [--out PATH] [--c C] [--clean P]

Positives: the Arabic spellings of the ANETAC named entities (en-ar-named-entities-dev.txt,
translit-train.ar), read from ../shared/eval/anetac at build time only. Negatives: the
ANT word forms of rasd/data/ner/clusters_ar.tsv (ordinary news words) that are not among
the positives (with --clean P < 1, also those an out-of-fold model gives a name probability
of at least P; off by default: it made the NER worse). Each word is the bag of its hashed
character n-grams (rasd.ner.namelike.buckets: trigrams with word boundaries); an L2 logistic
regression is fitted and only its weights (float16, one per hash bucket, bias last) are
written: no names ship. Prints the accuracy on a 10% random hold-out of the words (of the
training words themselves, so optimistic). Needs scikit-learn and scipy (build time only).
Build: ~20 s. Retrain the NER model (scripts/train_ner.py) after rebuilding.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from rasd.data import read_lines
from rasd.eval.datasets import shared_path
from rasd.ner.namelike import BUCKETS, MODEL_PATH, buckets
from rasd.text import normalise

_ARABIC = re.compile(r"^[\u0621-\u064a]{3,}$")


def positives(folder: Path) -> set[str]:
    out: set[str] = set()
    with (folder / "en-ar-named-entities-dev.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                out.add(normalise(parts[-1]))
    with (folder / "translit-train.ar").open(encoding="utf-8") as fh:
        out.update(normalise(w) for line in fh for w in line.split())
    return {w for w in out if _ARABIC.match(w)}


def negatives(pos: set[str]) -> set[str]:
    words = (line.partition("\t")[0] for line in read_lines("ner/clusters_ar.tsv"))
    return {w for w in words if _ARABIC.match(w) and w not in pos}


def matrix(words: list[str]) -> sparse.csr_matrix:
    rows = [buckets(w) for w in words]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    cols = np.fromiter((b for r in rows for b in r), dtype=np.int64, count=int(indptr[-1]))
    m = sparse.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(words), BUCKETS))
    m.sum_duplicates()
    return m


def _cleaned(x: sparse.csr_matrix, y: np.ndarray, c: float, cut: float) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Drop the negatives that look like names to a 5-fold out-of-fold model: frequent news
    words include many foreign names (ANETAC does not list them all), which would otherwise
    teach the model that their letter patterns are ordinary."""
    if cut >= 1.0:
        return x, y
    oof = cross_val_predict(LogisticRegression(C=c, max_iter=2000), x, y, cv=5, method="predict_proba")[:, 1]
    keep = (y == 1) | (oof < cut)
    return x[keep], y[keep]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--clean", type=float, default=1.0,
                    help="drop ordinary words whose out-of-fold name probability is at least this")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    pos = positives(args.data or shared_path("eval", "anetac"))
    neg = negatives(pos)
    words = sorted(pos) + sorted(neg)
    y = np.array([1] * len(pos) + [0] * len(neg))
    x = matrix(words)
    x, y = _cleaned(x, y, args.c, args.clean)
    rng = np.random.default_rng(0)
    test = rng.random(len(y)) < 0.1
    probe = LogisticRegression(C=args.c, max_iter=2000).fit(x[~test], y[~test])
    acc = float((probe.predict(x[test]) == y[test]).mean())
    model = LogisticRegression(C=args.c, max_iter=2000).fit(x, y)
    weights = np.append(model.coef_[0], model.intercept_[0]).astype(np.float16)
    np.save(args.out, weights)
    sys.stdout.write(f"{len(pos)} name spellings, {len(neg)} ordinary words ({int((y == 0).sum())} kept); hold-out accuracy {acc:.3f}; "
                     f"{time.perf_counter() - start:.0f}s -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
