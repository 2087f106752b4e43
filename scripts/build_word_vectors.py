"""Build the distributional word vectors of the NER window network (rasd/data/ner/vectors_ar.npz).

Usage: .venv/bin/python scripts/build_word_vectors.py [ANT_JSONL_GZ] [--out PATH] [--words 30000] [--dims 64]

Unsupervised, from raw Arabic news text (default: the ANT corpus in ../shared/eval/ant, read at build
time only; nothing of the text ships). The words are the first ``--words`` rows of
rasd/data/ner/clusters_ar.tsv (normalised forms, most frequent first; the file keeps the word list,
this one only the numbers). Each of the VOCAB most frequent forms (at least MIN_COUNT occurrences)
is described by the PPMI-weighted counts of the CONTEXT most frequent forms at offsets -1, +1, -2
and +2; a truncated SVD to DIMS dimensions (U·S^½) gives its vector, and the shipped vectors are the
first ``--dims`` components of the listed words, rows normalised, stored as int8 with a float16
scale per row (30,000 × 64: ~2 MB). Round 9 of issue 5 built the same vectors
(``scripts/ner_neural_probe.py embed``). Needs numpy, scipy and scikit-learn (build time only).
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
from sklearn.decomposition import TruncatedSVD

from rasd.eval.datasets import shared_path
from rasd.text import normalise

VOCAB, MIN_COUNT, CONTEXT, DIMS = 100_000, 3, 5_000, 128
WORDS, SHIP_DIMS = 30_000, 64
OUT = Path(__file__).resolve().parent.parent / "rasd" / "data" / "ner" / "vectors_ar.npz"
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")


def corpus_ids(path: Path, limit: int | None = None) -> tuple[list[np.ndarray], list[str]]:
    """Articles as arrays of normalised-word ids, and the id -> word list."""
    cache: dict[str, str] = {}
    ids: dict[str, int] = {}
    docs: list[np.ndarray] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if limit and k >= limit:
                break
            text = json.loads(line).get("text") or ""
            words = [cache.get(w) or cache.setdefault(w, normalise(w)) for w in _WORD.findall(text)]
            docs.append(np.array([ids.setdefault(w, len(ids)) for w in words if w], dtype=np.int64))
    return docs, list(ids)


def ppmi_vectors(docs: list[np.ndarray], n_words: int, vocab: int = VOCAB, context: int = CONTEXT,
                 dims: int = DIMS) -> tuple[np.ndarray, np.ndarray]:
    """(word ids kept, most frequent first; their unit-length vectors) from the PPMI matrix of
    their -1/+1/-2/+2 neighbours among the ``context`` most frequent words."""
    counts = Counter(np.concatenate(docs).tolist())
    ranked = [w for w, c in counts.most_common(vocab) if c >= MIN_COUNT]
    keep, ctx = np.array(ranked), np.array(ranked[:context])
    row_of = np.full(n_words, -1)
    row_of[keep] = np.arange(len(keep))
    col_of = np.full(n_words, -1)
    col_of[ctx] = np.arange(len(ctx))
    rows, cols = [], []
    for d in docs:
        for block, off in enumerate((-1, 1, -2, 2)):
            a, b = (d[-off:], d[:off]) if off < 0 else (d[:-off], d[off:])
            r, c = row_of[a], col_of[b]
            ok = (r >= 0) & (c >= 0)
            rows.append(r[ok])
            cols.append(c[ok] + block * len(ctx))
    r, c = np.concatenate(rows), np.concatenate(cols)
    m = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(keep), 4 * len(ctx)))
    total = m.sum()
    row = np.asarray(m.sum(1)).ravel()
    col = np.asarray(m.sum(0)).ravel() ** 0.75
    coo = m.tocoo()
    val = np.log(coo.data * total * col.sum() / total / (row[coo.row] * col[coo.col] + 1e-12) + 1e-12)
    ok = val > 0
    pm = sparse.csr_matrix((val[ok], (coo.row[ok], coo.col[ok])), shape=m.shape)
    svd = TruncatedSVD(dims, random_state=0, n_iter=5)
    u = svd.fit_transform(pm)  # = U * S
    vec = u / np.sqrt(svd.singular_values_)  # U * S^0.5
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return keep, vec.astype(np.float32)


def shipped(words: list[str], vocab: dict[str, int], vec: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """(int8 rows, float16 scales) of the first ``dims`` components of ``words``' vectors, rows
    renormalised; a word without a vector gets a zero row."""
    out = np.zeros((len(words), dims), dtype=np.float32)
    for i, w in enumerate(words):
        j = vocab.get(w)
        if j is not None:
            out[i] = vec[j, :dims]
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-9
    scale = np.abs(out).max(1) / 127 + 1e-12
    return np.round(out / scale[:, None]).astype(np.int8), scale.astype(np.float16)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ant", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--words", type=int, default=WORDS)
    ap.add_argument("--dims", type=int, default=SHIP_DIMS)
    args = ap.parse_args(argv)
    from rasd.ner.window import vector_words

    t0, c0 = time.perf_counter(), time.process_time()
    docs, names = corpus_ids(args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"))
    keep, vec = ppmi_vectors(docs, len(names))
    vocab = {names[w]: i for i, w in enumerate(keep.tolist())}
    words = vector_words(args.words)
    q, scale = shipped(words, vocab, vec, args.dims)
    np.savez_compressed(args.out, q=q, scale=scale)
    missing = sum(w not in vocab for w in words)
    sys.stdout.write(f"{len(words)} words x {args.dims} dims ({missing} without a vector) from {len(docs)} articles; "
                     f"{time.perf_counter() - t0:.0f}s wall, {time.process_time() - c0:.0f}s CPU; "
                     f"{args.out.stat().st_size / 1e6:.2f} MB at {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
