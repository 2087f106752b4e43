"""Evaluation metrics: clustering (B-cubed, pairwise), spans (CoNLL), values, ranking.

Each function takes plain Python data so it can score any system, not only rasd.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import combinations
from math import comb
from typing import TypeVar

PRF = tuple[float, float, float]


#: the item type: a prediction and its gold map the same items (ids, positions) to cluster labels
K = TypeVar("K", bound=Hashable)

def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _common_items(pred: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> list[K]:
    return [item for item in gold if item in pred]


def bcubed(pred: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> PRF:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998) over the items present in both mappings."""
    items = _common_items(pred, gold)
    if not items:
        return 0.0, 0.0, 0.0
    joint = Counter((pred[i], gold[i]) for i in items)
    pred_size = Counter(pred[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    p = sum(n * n / pred_size[pc] for (pc, _), n in joint.items()) / len(items)
    r = sum(n * n / gold_size[gc] for (_, gc), n in joint.items()) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def pairwise(pred: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> PRF:
    """Pairwise precision/recall/F1: item pairs put together by the prediction vs the gold."""
    items = _common_items(pred, gold)
    joint = Counter((pred[i], gold[i]) for i in items)
    tp = sum(comb(n, 2) for n in joint.values())
    pred_pairs = sum(comb(n, 2) for n in Counter(pred[i] for i in items).values())
    gold_pairs = sum(comb(n, 2) for n in Counter(gold[i] for i in items).values())
    return prf(tp, pred_pairs - tp, gold_pairs - tp)


def pairs_of(groups: Iterable[Iterable[Hashable]]) -> set[frozenset[Hashable]]:
    """Every unordered pair inside each group."""
    out: set[frozenset[Hashable]] = set()
    for group in groups:
        out.update(frozenset(p) for p in combinations(sorted(set(group), key=str), 2))
    return out


def span_f1(pred: Iterable[Hashable], gold: Iterable[Hashable]) -> PRF:
    """Exact-match F1 over sets of spans, e.g. (doc, start, end, type) tuples (CoNLL scoring)."""
    p_set, g_set = set(pred), set(gold)
    tp = len(p_set & g_set)
    return prf(tp, len(p_set) - tp, len(g_set) - tp)


def iob_spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) token spans from IOB2 tags; a stray I- starts a new span (conlleval)."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if kind and (prefix != "I" or label != kind):
            spans.add((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, label
    return spans


def conll_f1(pred_tags: Sequence[str], gold_tags: Sequence[str]) -> dict[str, float]:
    """Micro F1 and F1 per type over exact entity spans (``micro_f1``, ``f1_<TYPE>``)."""
    pred, gold = iob_spans(pred_tags), iob_spans(gold_tags)
    out = {"micro_f1": span_f1(pred, gold)[2]}
    by_type: dict[str, tuple[set[tuple[int, int, str]], set[tuple[int, int, str]]]] = defaultdict(
        lambda: (set(), set())
    )
    for s in pred:
        by_type[s[2]][0].add(s)
    for s in gold:
        by_type[s[2]][1].add(s)
    for kind, (p, g) in sorted(by_type.items()):
        out[f"f1_{kind}"] = span_f1(p, g)[2]
    return out


def value_accuracy(pred: Mapping[Hashable, object], gold: Mapping[Hashable, object]) -> float:
    """Share of gold items whose predicted value is exactly the gold value (missing = wrong)."""
    if not gold:
        return 0.0
    return sum(1 for k, v in gold.items() if k in pred and pred[k] == v) / len(gold)


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve (Mann–Whitney U with tie correction)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return 0.0
    ranked = sorted(scores)
    rank: dict[float, float] = {}
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j] == ranked[i]:
            j += 1
        rank[ranked[i]] = (i + j + 1) / 2  # average 1-based rank of the tie block
        i = j
    u = sum(rank[s] for s in pos) - len(pos) * (len(pos) + 1) / 2
    return u / (len(pos) * len(neg))


def best_threshold_f1(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float]:
    """(best F1, threshold) over thresholds at each distinct score; predicts positive when score >= t."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda x: -x[0])
    total_pos = sum(labels)
    best, best_t, tp, fp, i = 0.0, float("inf"), 0, 0, 0
    while i < len(pairs):
        t = pairs[i][0]
        while i < len(pairs) and pairs[i][0] == t:
            tp += pairs[i][1]
            fp += not pairs[i][1]
            i += 1
        f = prf(tp, fp, total_pos - tp)[2]
        if f > best:
            best, best_t = f, t
    return best, best_t
