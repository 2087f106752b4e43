"""``rasd eval quotes``: quote span F1 and speaker accuracy.

Default data: the team's gold set rasd/eval/gold/quotes.jsonl (sentences written for
rasd) plus the hand annotation of the seed articles, rasd/eval/gold/quotes_seeds.jsonl
(offsets into ../shared/seeds, skipped when the seeds are absent). The seed annotation
is partial (17 clear quotes), so for seeds unmatched predictions are not counted as
false positives and the seed figures are reported in details, not in the metrics. The team's
English lines, rasd/eval/gold/quotes_en.jsonl, are scored in ``details.english``. ``data`` is a
JSONL file of {"id", "text", "quotes": [{"speaker", "quote"}], optional "lang" ("ar" when
absent)} with each quote string occurring in the text.

A predicted quote matches a gold one when their character spans overlap by at least
half of their union (greedy, one to one); quote_f1 is the F1 of matched quotes and
speaker_accuracy the share of gold quotes matched *and* attributed to the gold speaker
(normalised containment either way between gold speaker and predicted speaker text).
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasd.errors import DataMissing
from rasd.eval import quote_audit
from rasd.eval.datasets import seeds_dir
from rasd.eval.metrics import prf
from rasd.model import Article
from rasd.ner.index import EntityIndex
from rasd.stages.base import StageContext
from rasd.stages.entities import EntitiesStage
from rasd.stages.quotes import article_quotes
from rasd.text import normalise

Gold = tuple[int, int, str]  # start, end, speaker
EN_GOLD = "gold/quotes_en.jsonl"  # English lines written for rasd (details.english)


def _gold_docs(path: Path | None, name: str = "gold/quotes.jsonl") -> tuple[list[tuple[str, list[Gold]]], list[str]]:
    """(text, gold quotes) per document, and each document's language (``lang``, else Arabic)."""
    lines = (path.read_text("utf-8") if path else files("rasd.eval").joinpath(name).read_text("utf-8")).splitlines()
    docs: list[tuple[str, list[Gold]]] = []
    langs: list[str] = []
    for line in filter(None, lines):
        doc = json.loads(line)
        gold = [(doc["text"].index(q["quote"]), doc["text"].index(q["quote"]) + len(q["quote"]), q["speaker"])
                for q in doc["quotes"]]
        docs.append((doc["text"], gold))
        langs.append(str(doc.get("lang") or "ar"))
    return docs, langs


def _seed_docs() -> list[tuple[str, list[Gold]]]:
    rows = [json.loads(x) for x in files("rasd.eval").joinpath("gold/quotes_seeds.jsonl").read_text("utf-8").splitlines() if x]
    out: list[tuple[str, list[Gold]]] = []
    for path in sorted(seeds_dir().glob("*.txt")):
        gold = [(r["quote_start"], r["quote_end"], r["speaker"]) for r in rows if path.name.startswith(r["seed"])]
        out.append((path.read_text("utf-8"), gold))
    return out


def _predict(texts: list[str], with_entities: bool, langs: list[str] | None = None) -> list[list[dict[str, Any]]]:
    arts = [Article(id=str(i), text=t, lang=langs[i] if langs else "ar") for i, t in enumerate(texts)]
    if with_entities:
        out = EntitiesStage()(arts, StageContext(state=EntityIndex()))
        for a, f in zip(arts, out.fields, strict=True):
            a.annotations.update(f)
    return [article_quotes(a) for a in arts]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _same_speaker(gold: str, pred: str) -> bool:
    g, p = normalise(gold).strip(), normalise(pred).strip()
    return bool(g and p) and (g in p or p in g)


def _score(docs: list[tuple[str, list[Gold]]], preds: list[list[dict[str, Any]]],
           complete: bool = True) -> dict[str, float]:
    tp = fp = fn = right = total = 0
    for (_, gold), pred in zip(docs, preds, strict=True):
        free = list(pred)
        for g in gold:
            total += 1
            best = max(free, key=lambda q: _overlap((g[0], g[1]), (q["start"], q["end"])), default=None)
            if best is None or _overlap((g[0], g[1]), (best["start"], best["end"])) < 0.5:
                fn += 1
                continue
            free.remove(best)
            tp += 1
            right += _same_speaker(g[2], best["speaker_text"])
        fp += len(free) if complete else 0
    p, r, f = prf(tp, fp, fn)
    return {"quote_f1": f, "quote_p": p, "quote_r": r, "speaker_accuracy": right / total if total else 0.0}


def _with_and_without_entities(docs: list[tuple[str, list[Gold]]], langs: list[str]
                               ) -> tuple[dict[str, float], dict[str, float]]:
    texts = [t for t, _ in docs]
    return _score(docs, _predict(texts, True, langs)), _score(docs, _predict(texts, False, langs))


def run(data: Path | None = None) -> dict[str, Any]:
    docs, langs = _gold_docs(data)
    desc = str(data) if data else "rasd/eval/gold/quotes.jsonl"
    details: dict[str, Any] = {}
    if data is None:
        try:
            seeds = _seed_docs()
            details["seeds"] = _score(seeds, _predict([t for t, _ in seeds], True), complete=False)
        except DataMissing as exc:
            details["seeds_skipped"] = exc.message
    full, bare = _with_and_without_entities(docs, langs)
    details["gold_quotes"] = sum(len(g) for _, g in docs)
    if data is None:  # the team's English lines, reported beside the Arabic headline
        en, en_langs = _gold_docs(None, EN_GOLD)
        en_full, en_bare = _with_and_without_entities(en, en_langs)
        details["english"] = {**en_full, "without_entities": en_bare,
                              "gold_quotes": sum(len(g) for _, g in en), "data": f"rasd/eval/{EN_GOLD}"}
        for name, corpus in quote_audit.CORPORA.items():  # real news: the team's verdicts on rasd's quotes
            try:
                details[f"{name}_audit"] = quote_audit.run(corpus=corpus)
            except DataMissing as exc:
                details[f"{name}_audit_skipped"] = exc.message
    details.update({k: v for k, v in full.items() if k not in ("quote_f1", "speaker_accuracy")})
    return {"task": "quotes", "data": desc,
            "metrics": {"speaker_accuracy": full["speaker_accuracy"], "quote_f1": full["quote_f1"]},
            "baselines": {"without_entities": {"speaker_accuracy": bare["speaker_accuracy"],
                                               "quote_f1": bare["quote_f1"]}},
            "details": details}
