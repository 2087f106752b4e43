"""Build the distributional word clusters used as NER features (rasd/data/ner/clusters_ar.tsv).

Usage: .venv/bin/python scripts/build_word_clusters.py [ANT_JSONL_GZ] [--out PATH] [--levels 64,512,...]

Unsupervised, from raw Arabic news text (default: the ANT corpus in ../shared/eval/ant,
read at build time only; no text is shipped, only normalised word forms and cluster
numbers). Each of the VOCAB most frequent words (at least MIN_COUNT occurrences) is
described by the PPMI-weighted counts of the CONTEXT most frequent words right before
and right after it, reduced with truncated SVD and clustered with k-means once per
granularity in LEVELS (one column each, in that order; rasd.ner.features reads the first
two as c1=/c2=; ``--levels`` adds columns for experiments, and the first ones stay the same,
as every k-means run is seeded alike). Words in one cluster occur in similar contexts (given
names, surnames, countries, ministries ...), which lets the CRF generalise to names it
never saw in ANERcorp. Needs numpy, scipy and scikit-learn (build time only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD

from rasd.eval.datasets import shared_path
from rasd.text import normalise

VOCAB, MIN_COUNT, CONTEXT, DIMS = 60_000, 5, 2_000, 100
LEVELS = (64, 512)  # round 7 also tried 2048, 16, 128, 1024 (docs/entities.md); features read the first two
OUT = Path(__file__).resolve().parent.parent / "rasd" / "data" / "ner" / "clusters_ar.tsv"
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")


def corpus_ids(path: Path) -> tuple[list[np.ndarray], list[str]]:
    """Articles as arrays of word ids (normalised words), and the id -> word list."""
    cache: dict[str, str] = {}
    ids: dict[str, int] = {}
    docs: list[np.ndarray] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            words = [cache.get(w) or cache.setdefault(w, normalise(w)) for w in _WORD.findall(text)]
            docs.append(np.array([ids.setdefault(w, len(ids)) for w in words if w], dtype=np.int64))
    return docs, list(ids)


def context_matrix(docs: list[np.ndarray], keep: np.ndarray, ctx: np.ndarray, n_words: int) -> sparse.csr_matrix:
    """Rows: kept words; columns: context word right before (first half) / after (second half)."""
    row_of = np.full(n_words, -1)
    row_of[keep] = np.arange(len(keep))
    col_of = np.full(n_words, -1)
    col_of[ctx] = np.arange(len(ctx))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for d in docs:
        for a, b, shift in ((d[1:], d[:-1], 0), (d[:-1], d[1:], len(ctx))):
            r, c = row_of[a], col_of[b]
            ok = (r >= 0) & (c >= 0)
            rows.append(r[ok])
            cols.append(c[ok] + shift)
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(keep), 2 * len(ctx)))


def ppmi(m: sparse.csr_matrix) -> sparse.csr_matrix:
    total = m.sum()
    row = np.asarray(m.sum(1)).ravel()
    col = np.asarray(m.sum(0)).ravel() ** 0.75
    coo = m.tocoo()
    val = np.log(coo.data * total ** 0.75 * col.sum() / total / (row[coo.row] * col[coo.col]) + 1e-12)
    ok = val > 0
    return sparse.csr_matrix((val[ok], (coo.row[ok], coo.col[ok])), shape=m.shape)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--levels", default=",".join(map(str, LEVELS)), help="cluster counts, one column each")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    docs, words = corpus_ids(args.data or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"))
    counts = Counter(np.concatenate(docs).tolist())
    ranked = [w for w, c in counts.most_common(VOCAB) if c >= MIN_COUNT]
    keep, ctx = np.array(ranked), np.array(ranked[:CONTEXT])
    vectors = TruncatedSVD(DIMS, random_state=0).fit_transform(ppmi(context_matrix(docs, keep, ctx, len(words))))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    levels = [int(k) for k in args.levels.split(",")]
    found = [MiniBatchKMeans(k, random_state=0, n_init=3, batch_size=4096).fit_predict(vectors).tolist()
             for k in levels]
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# word<TAB>cluster of each granularity ({', '.join(map(str, levels))} clusters); "
                 "built by scripts/build_word_clusters.py\n")
        for i, w in enumerate(keep.tolist()):
            fh.write("\t".join([words[w], *(str(col[i]) for col in found)]) + "\n")
    sys.stdout.write(f"{len(keep)} words clustered from {len(docs)} articles in "
                     f"{time.perf_counter() - start:.0f}s -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
