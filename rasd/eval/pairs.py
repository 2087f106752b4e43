"""``rasd eval pairs``: how well rasd's text similarity separates same-story from different-story pairs.

Data: a SemEval-2022 Task 8 CSV (columns ``text_1``, ``text_2``, ``Overall``; default
``semeval2022-t8/pairs-dev.csv`` under the shared folder). Pairs with Overall <= 1.5 are
positives (same story), Overall >= 3.5 negatives; those in between are left out.
Signal: containment of normalised word bigrams (``rasd.reuse.similarity.text_similarity``).
Metrics: ROC AUC and the F1 at the best threshold (given in details). Baseline:
datasketch MinHash estimated Jaccard over the 5-word shingles the near-duplicate detector uses.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from datasketch import MinHash

from rasd.errors import EvalError
from rasd.eval.datasets import shared_path
from rasd.eval.metrics import best_threshold_f1, roc_auc
from rasd.reuse.similarity import containment, jaccard, ngram_set

TASK = "pairs"
POSITIVE_MAX = 1.5
NEGATIVE_MIN = 3.5
NUM_PERM = 128


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, csv.Error) as exc:
        raise EvalError(f"Cannot read {path}: {exc}") from None
    if rows and not {"text_1", "text_2", "Overall"} <= set(rows[0]):
        raise EvalError(f"{path}: expected SemEval-2022 Task 8 columns text_1, text_2, Overall")
    return rows


def _label(row: dict[str, str]) -> bool | None:
    try:
        overall = float(row["Overall"])
    except (TypeError, ValueError):
        return None
    if overall <= POSITIVE_MAX:
        return True
    if overall >= NEGATIVE_MIN:
        return False
    return None


def _minhash(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([s.tobytes() for s in ngram_set(text, 5)])
    return mh


def _signals(row: dict[str, str]) -> dict[str, float]:
    a1, b1 = ngram_set(row["text_1"] or "", 1), ngram_set(row["text_2"] or "", 1)
    a2, b2 = ngram_set(row["text_1"] or "", 2), ngram_set(row["text_2"] or "", 2)
    a5, b5 = ngram_set(row["text_1"] or "", 5), ngram_set(row["text_2"] or "", 5)
    return {
        "bigram_containment": containment(a2, b2),
        "bigram_jaccard": jaccard(a2, b2),
        "word_containment": containment(a1, b1),
        "shingle5_jaccard": jaccard(a5, b5),
        "minhash5_datasketch": _minhash(row["text_1"] or "").jaccard(_minhash(row["text_2"] or "")),
    }


def _score(scores: list[float], labels: list[bool]) -> dict[str, float]:
    f1, threshold = best_threshold_f1(scores, labels)
    return {
        "auc": round(roc_auc(scores, labels), 4),
        "best_f1": round(f1, 4),
        "threshold": round(threshold, 4),
    }


def run(data: Path | None = None) -> dict[str, Any]:
    """Score the similarity signals on a SemEval-format CSV (default: the shared dev pairs)."""
    path = Path(data) if data is not None else shared_path("eval", "semeval2022-t8", "pairs-dev.csv")
    signals: dict[str, list[float]] = defaultdict(list)
    labels: list[bool] = []
    same_lang: list[bool] = []
    for row in _rows(path):
        label = _label(row)
        if label is None:
            continue
        labels.append(label)
        same_lang.append(row.get("lang1") == row.get("lang2"))
        for name, value in _signals(row).items():
            signals[name].append(value)
    if not any(labels) or all(labels):
        raise EvalError(f"{path}: need both positive (Overall <= 1.5) and negative (>= 3.5) pairs")
    main = _score(signals["bigram_containment"], labels)
    base = _score(signals["minhash5_datasketch"], labels)
    return {
        "task": TASK,
        "data": str(path),
        "metrics": {"auc": main["auc"], "best_f1": main["best_f1"]},
        "baselines": {"datasketch_minhash_5gram": {"auc": base["auc"], "best_f1": base["best_f1"]}},
        "details": _details(signals, labels, same_lang, main["threshold"]),
    }


def _details(
    signals: dict[str, list[float]], labels: list[bool], same_lang: list[bool], threshold: float
) -> dict[str, Any]:
    main = signals["bigram_containment"]
    same = [i for i, s in enumerate(same_lang) if s]
    subset = {"auc": 0.0, "best_f1": 0.0}
    if any(labels[i] for i in same) and not all(labels[i] for i in same):
        subset = _score([main[i] for i in same], [labels[i] for i in same])
    return {
        "signal": "containment of normalised word bigrams",
        "best_threshold": threshold,
        "pairs": len(labels),
        "positives": sum(labels),
        "negatives": len(labels) - sum(labels),
        "same_language_pairs": {"pairs": len(same), **subset},
        "signals": {name: _score(values, labels) for name, values in signals.items()},
    }
