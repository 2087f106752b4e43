"""``rasd eval dates``: temporal expression spans and TIMEX3 values, rasd vs HeidelTime vs dateparser.

Default data: the team's gold set rasd/eval/gold/dates.jsonl (sentences written for rasd,
Arabic and English, each with a publication date). ``data`` may be another JSONL file in that
format or a folder of TimeML ``.tml`` files (see ``rasd.eval.dates_data``).

Metrics, over all gold TIMEX3s of all docs:
- ``span_f1``: exact character spans; ``span_f1_relaxed``: a prediction and a gold span match when
  they overlap (greedy, one to one);
- ``value_accuracy``: share of gold timexes matched by an overlapping prediction with exactly the
  gold value (a missed timex counts as wrong).
Gold span conventions: a leading preposition (في، منذ + date, خلال، on, in, at) is outside the
span; «يوم», a weekday, «الساعة», «عام», «هـ», modifiers (مطلع، نهاية، منتصف) and الماضي/المقبل
are inside; «منذ/قبل/بعد + duration» and "… ago" are one expression.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasd.dates import extract
from rasd.eval import dates_baselines as base
from rasd.eval.dates_data import GoldDoc, Timex, load_gold
from rasd.eval.metrics import prf, span_f1

Pred = tuple[int, int, str | None]
ValueCmp = Callable[[str | None, str], bool]


def rasd_predict(docs: list[GoldDoc]) -> list[list[Pred]]:
    return [[(m.start, m.end, m.value) for m in extract(d.text, d.published, d.lang)] for d in docs]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(preds: list[Pred], gold: list[Timex]) -> list[tuple[Timex, Pred]]:
    """Greedy one-to-one pairing of overlapping spans (exact spans first)."""
    pairs: list[tuple[Timex, Pred]] = []
    used: set[int] = set()
    for exact in (True, False):
        for g in gold:
            if any(g is pg for pg, _ in pairs):
                continue
            for i, p in enumerate(preds):
                same = (p[0], p[1]) == (g[0], g[1])
                if i not in used and (same if exact else _overlap((p[0], p[1]), (g[0], g[1]))):
                    pairs.append((g, p))
                    used.add(i)
                    break
    return pairs


def _exact_value(pred: str | None, gold: str) -> bool:
    return pred == gold


def _cut_value(pred: str | None, gold: str) -> bool:
    return base.cut_to_gold(pred, gold) == gold


def score(
    docs: list[GoldDoc], preds: list[list[Pred]], same_value: ValueCmp = _exact_value
) -> dict[str, float]:
    """span_f1, span_f1_relaxed, value_accuracy (+ precision/recall) of ``preds`` against ``docs``."""
    gold_spans = {(i, s, e) for i, d in enumerate(docs) for s, e, _ in d.timexes}
    pred_spans = {(i, s, e) for i, ps in enumerate(preds) for s, e, _ in ps}
    p, r, f = span_f1(pred_spans, gold_spans)
    matched = correct = n_pred = n_gold = 0
    for d, ps in zip(docs, preds, strict=True):
        pairs = _match(ps, d.timexes)
        matched += len(pairs)
        correct += sum(1 for g, pr in pairs if same_value(pr[2], g[2]))
        n_pred += len(ps)
        n_gold += len(d.timexes)
    rf = prf(matched, n_pred - matched, n_gold - matched)[2]
    return {
        "span_f1": round(f, 4),
        "span_precision": round(p, 4),
        "span_recall": round(r, 4),
        "span_f1_relaxed": round(rf, 4),
        "value_accuracy": round(correct / n_gold, 4) if n_gold else 0.0,
    }


def _by_lang(docs: list[GoldDoc], preds: list[list[Pred]], same: ValueCmp) -> dict[str, dict[str, float]]:
    out = {}
    for lang in sorted({d.lang for d in docs}):
        idx = [i for i, d in enumerate(docs) if d.lang == lang]
        out[lang] = {"docs": float(len(idx)), **score([docs[i] for i in idx], [preds[i] for i in idx], same)}
    return out


def _misses(docs: list[GoldDoc], preds: list[list[Pred]], limit: int = 25) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d, ps in zip(docs, preds, strict=True):
        found = {g: pr for g, pr in _match(ps, d.timexes)}
        for g in d.timexes:
            pr = found.get(g)
            if pr is None or pr[2] != g[2]:
                out.append(
                    {
                        "text": d.text[g[0] : g[1]],
                        "gold": g[2],
                        "pred": pr[2] if pr else None,
                        "published": d.published.isoformat() if d.published else None,
                    }
                )
    return out[:limit]


def _baseline(name: str, docs: list[GoldDoc]) -> dict[str, Any]:
    try:
        if name == "heideltime":
            preds, same = base.heideltime_predict(docs), _exact_value
        else:
            preds, same = base.dateparser_predict(docs), _cut_value
    except Exception as exc:  # noqa: BLE001 — a broken baseline must not break the eval
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {**score(docs, preds, same), "by_lang": _by_lang(docs, preds, same)}


def run(data: Path | None = None, baselines: bool = True) -> dict[str, Any]:
    """Score rasd (and the baselines) on ``data`` (default: the team gold set)."""
    docs = load_gold(data)
    preds = rasd_predict(docs)
    out_baselines: dict[str, Any] = {}
    if baselines:
        for name in ("heideltime", "dateparser"):
            result = _baseline(name, docs)
            out_baselines[name] = {k: v for k, v in result.items() if k != "by_lang"}
            if "by_lang" in result:
                out_baselines[name]["by_lang"] = result["by_lang"]
    return {
        "task": "dates",
        "data": str(data) if data else "rasd/eval/gold/dates.jsonl (team gold set)",
        "metrics": score(docs, preds),
        "baselines": out_baselines,
        "details": {
            "docs": len(docs),
            "timexes": sum(len(d.timexes) for d in docs),
            "by_lang": _by_lang(docs, preds, _exact_value),
            "rasd_errors": _misses(docs, preds),
        },
    }
