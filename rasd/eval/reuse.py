"""``rasd eval reuse``: near-duplicate detection precision/recall, and the seeds passage check.

Default data: the team's synthetic set (``rasd.eval.reuse_synth``): team-written
Arabic articles, each with lightly edited copies, plus same-topic articles that
are not copies. With ``data``: a JSONL file of ``{"id", "text", "dup_group"}``
(``dup_group`` null or absent = no duplicate; optional ``published``, ``source``).
Scored as pairwise precision/recall/F1 over duplicate pairs at the configured
``reuse_threshold``; baseline: plain datasketch MinHashLSH over the same shingles.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

from rasd.errors import DataMissing, EvalError
from rasd.eval.datasets import seeds_dir
from rasd.eval.metrics import pairwise
from rasd.eval.reuse_run import (
    baseline_labels,
    duplicate_labels,
    run_stage,
    shared_passage_pairs,
)
from rasd.eval.reuse_synth import COPIES_PER_BASE, SEED, synthetic_corpus
from rasd.model import Article
from rasd.reuse.params import ReuseParams
from rasd.reuse.similarity import jaccard, ngram_set

TASK = "reuse"
#: The Jaccard margin report compares every pair: only for small sets.
MAX_MARGIN_DOCS = 1500


def _synthetic() -> tuple[list[Article], dict[str, str]]:
    docs = synthetic_corpus()
    arts = [Article(id=d.id, text=d.text, source=d.source, published=d.published) for d in docs]
    return arts, {d.id: d.group for d in docs}


def _load_jsonl(path: Path) -> tuple[list[Article], dict[str, str]]:
    arts: list[Article] = []
    gold: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"Cannot read {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            aid, text = str(row["id"]), str(row.get("text") or "")
        except (json.JSONDecodeError, KeyError, TypeError):
            raise EvalError(f"{path}:{n}: expected a JSON object with 'id', 'text', 'dup_group'") from None
        arts.append(Article(id=aid, text=text, source=row.get("source"), published=row.get("published")))
        gold[aid] = str(row["dup_group"]) if row.get("dup_group") not in (None, "") else f"_single:{aid}"
    if not arts:
        raise EvalError(f"{path} holds no articles")
    return arts, gold


def _scores(pred: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    pred_h: dict[Hashable, Hashable] = dict(pred.items())
    gold_h: dict[Hashable, Hashable] = dict(gold.items())
    p, r, f = pairwise(pred_h, gold_h)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _errors(pred: Mapping[str, str], gold: Mapping[str, str], limit: int = 10) -> dict[str, list[list[str]]]:
    ids = sorted(gold)
    fp: list[list[str]] = []
    fn: list[list[str]] = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
            if same_pred and not same_gold and len(fp) < limit:
                fp.append([a, b])
            elif same_gold and not same_pred and len(fn) < limit:
                fn.append([a, b])
    return {"false_positive_pairs": fp, "false_negative_pairs": fn}


def _margin(arts: list[Article], gold: Mapping[str, str], params: ReuseParams) -> dict[str, Any]:
    """Lowest exact shingle Jaccard of a gold duplicate pair and highest of a non-duplicate pair."""
    if len(arts) > MAX_MARGIN_DOCS:
        return {"skipped": f"more than {MAX_MARGIN_DOCS} articles"}
    sh = {a.id: ngram_set(a.text, params.shingle_size) for a in arts}
    ids = sorted(sh)
    pos, neg = 1.0, 0.0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            j = jaccard(sh[a], sh[b])
            pos, neg = (min(pos, j), neg) if gold[a] == gold[b] else (pos, max(neg, j))
    return {"duplicate_pair_min_jaccard": round(pos, 4), "other_pair_max_jaccard": round(neg, 4)}


def seeds_check(settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """000 and 001 must share passages; no other seed pair may."""
    try:
        paths = sorted(seeds_dir().glob("*.txt"))
    except DataMissing as exc:
        return {"skipped": exc.message}
    if not paths:
        return {"skipped": "no seed files found"}
    arts = [Article(id=p.name[:3], text=p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    state, updates, fields = run_stage(arts, settings)
    params = ReuseParams.from_settings(settings or {})
    pairs = sorted(shared_passage_pairs(state, updates, params.passage_max_df))
    ok = ("000", "001") in pairs and len(pairs) == 1
    shares = {a.id: f["reuse"]["shared_share"] for a, f in zip(arts, fields, strict=True)}
    return {"ok": ok, "pairs_sharing_passages": [list(p) for p in pairs], "shared_share": shares}


def run(data: Path | None = None, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Score near-duplicate detection on ``data`` (default: the synthetic set)."""
    arts, gold = _load_jsonl(Path(data)) if data is not None else _synthetic()
    params = ReuseParams.from_settings(settings or {})
    _, updates, _ = run_stage(arts, settings)
    pred = duplicate_labels(arts, updates)
    base = baseline_labels(arts, settings)
    described = (
        str(data)
        if data is not None
        else (
            f"synthetic: {len(arts)} articles = team-written bases (rasd/eval/gold/reuse_base.jsonl) + "
            f"{COPIES_PER_BASE} edited copies each, seed {SEED}"
        )
    )
    return {
        "task": TASK,
        "data": described,
        "metrics": _scores(pred, gold),
        "baselines": {"datasketch_minhashlsh": _scores(base, gold)},
        "details": {
            "threshold": params.threshold,
            "bands": params.bands,
            "rows": params.rows,
            "num_perm": params.num_perm,
            "shingle_size": params.shingle_size,
            "articles": len(arts),
            "errors": _errors(pred, gold),
            "jaccard_margin": _margin(arts, gold, params),
            "seeds": seeds_check(settings),
        },
    }
