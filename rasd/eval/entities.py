"""``rasd eval entities``: CoNLL exact-span F1 of the Arabic NER model.

Default data: the held-back last 20% of ANERcorp-dev sentences, tagged by the held-back model
set (rasd/data/ner/held-back/: the shipped recipe trained on the first 80% only, see
scripts/train_ner.py). With ``data``, every sentence of that ``token TAG`` file is scored with
the shipped models, which are trained on all of ANERcorp-dev (so scoring that file itself
measures nothing; the result says so). MISC is tagged but not part of the micro average, which
covers PERS, LOC and ORG (``micro_f1_all`` in details includes MISC).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_dir, shared_path
from rasd.eval.metrics import conll_f1, iob_spans
from rasd.ner.conll import read_conll, split
from rasd.ner.model import HELD_BACK_MODELS, MODELS, tag_sentences

TYPES = ("PERS", "LOC", "ORG")


def _only(tags: list[str], types: tuple[str, ...]) -> list[str]:
    return [t if t[2:] in types else "O" for t in tags]


def _gazetteer_baseline(words: list[str]) -> list[str]:
    from rasd.ner.features import gazetteer_tags, word_bundle

    norm = [word_bundle(w)[0][1][2:] for w in words]
    multi = gazetteer_tags(norm)
    out: list[str] = []
    for i, w in enumerate(norm):
        if multi[i]:
            out.append(("B-" if multi[i][1] == "B" else "I-") + multi[i].split("=")[1])
            continue
        gz = [f for f in word_bundle(words[i])[0] if f.startswith("g=")]
        out.append("B-" + gz[0][2:] if gz else "O")
    return out


def _precision_recall(pred: list[str], gold: list[str]) -> dict[str, float]:
    p, g = iob_spans(pred), iob_spans(gold)
    return {"p": len(p & g) / len(p) if p else 0.0, "r": len(p & g) / len(g) if g else 0.0}


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve().samefile(b)
    except OSError:
        return False


def run(data: Path | None = None, models: Path | None = None) -> dict[str, Any]:
    """Scores (see the module's docstring); ``models``: another model set's folder (e.g. one written by
    ``scripts/train_ner.py --held-back --share 0.8 --folder DIR``, a learning-curve point)."""
    if data is None:
        dev = shared_path("eval", "anercorp", "anercorp-dev.txt")
        sents = split(read_conll(dev))[1]
        desc = f"{dev} (held-back last 20% of sentences: {len(sents)})"
        models_dir, which = HELD_BACK_MODELS, "held-back models: the shipped recipe trained on the first 80% only"
    else:
        sents = read_conll(data)
        desc = str(data)
        models_dir, which = MODELS, "shipped models: trained on all of ANERcorp-dev"
        if _same_file(data, shared_dir() / "eval" / "anercorp" / "anercorp-dev.txt"):
            which += " (this file: the figures are training-set figures)"
    gold: list[str] = []
    pred: list[str] = []
    base: list[str] = []
    if models is not None:
        models_dir, which = models, f"models in {models}"
    for (words, tags), tagged in zip(sents, tag_sentences([w for w, _ in sents], models=models_dir), strict=True):
        gold += tags + ["O"]
        pred += tagged + ["O"]
        base += _gazetteer_baseline(words) + ["O"]
    metrics = conll_f1(_only(pred, TYPES), _only(gold, TYPES))
    metrics = {k: metrics.get(k, 0.0) for k in ("micro_f1", *(f"f1_{t}" for t in TYPES))}
    baseline = conll_f1(_only(base, TYPES), _only(gold, TYPES))
    return {
        "task": "entities",
        "data": desc,
        "metrics": metrics,
        "baselines": {"gazetteer_only": {k: baseline.get(k, 0.0) for k in metrics}},
        "details": {"models": which,
                    "micro_f1_all": conll_f1(pred, gold)["micro_f1"],
                    "micro_p_r": _precision_recall(_only(pred, TYPES), _only(gold, TYPES)),
                    "f1_MISC": conll_f1(pred, gold).get("f1_MISC", 0.0),
                    "gold_spans": dict(Counter(t[2:] for t in gold if t.startswith("B-"))),
                    "tokens": len(gold) - len(sents)},
    }
