"""Baseline for event clustering: scikit-learn TF-IDF + average-linkage agglomerative (cosine).

The distance threshold is swept and the best B-cubed F1 is reported together with
the threshold that reached it (an oracle choice on the gold labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasd.eval.events_data import GoldDoc
from rasd.eval.metrics import bcubed, pairwise

THRESHOLDS = [round(0.50 + 0.02 * i, 2) for i in range(25)]


def baseline_scores(docs: Sequence[GoldDoc]) -> tuple[dict[str, float], dict[str, Any]]:
    """Best metrics over the threshold sweep, and details (threshold, sweep)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.article.title or ''}\n{d.article.text}" for d in docs]
    from sklearn.metrics.pairwise import cosine_distances

    distances = cosine_distances(TfidfVectorizer(sublinear_tf=True).fit_transform(texts))
    gold = {i: d.event for i, d in enumerate(docs) if d.event is not None}
    best: tuple[float, float, dict[int, int]] = (-1.0, 0.0, {})
    sweep = {}
    for t in THRESHOLDS:
        model = AgglomerativeClustering(n_clusters=None, distance_threshold=t, metric="precomputed",
                                        linkage="average")
        pred = dict(enumerate(int(x) for x in model.fit_predict(distances)))
        f1 = bcubed(pred, gold)[2]
        sweep[str(t)] = round(f1, 4)
        if f1 > best[0]:
            best = (f1, t, pred)
    p, r, f = bcubed(best[2], gold)
    metrics = {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": f, "pairwise_f1": pairwise(best[2], gold)[2]}
    return {k: round(v, 4) for k, v in metrics.items()}, {"distance_threshold": best[1], "sweep": sweep}
