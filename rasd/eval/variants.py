"""``rasd eval variants``: spelling-variant merging, pairwise precision/recall/F1.

ANETAC (../shared/eval/anetac): (1) headline metrics: Latin spellings of one Arabic
form (en-ar-named-entities-dev.txt; items are the distinct Latin names, gold groups
their Arabic form), predicted by ``latin_key``; (2) details: Arabic spellings of one
Latin name from the line-aligned translit-{train,dev} files plus the dev pairs. No
Latin name there has two Arabic spellings verbatim, so the Arabic gold groups join
Latin names equal after lowercasing and collapsing doubled letters (Abdallah/Abdalah);
predicted by the Arabic consonant skeleton. Baselines group by exact normalised spelling. Also in details: the team's list
rasd/eval/gold/variants_ar.tsv (``same``/``diff`` pairs of Arabic names, the hard
negatives being different people with similar names), scored pair by pair with
rasd.ner.variants.name_match. With ``data``: a file of ``CLASS Latin Arabic`` lines,
grouped both ways.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import pairwise, prf
from rasd.ner.translit import latin_key, name_skeleton
from rasd.ner.variants import name_match
from rasd.text import normalise

Pairs = list[tuple[str, str]]  # (latin, arabic)


def _skeleton_key(name: str) -> str:
    return name_skeleton(normalise(name).split())


def _latin_group(name: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", name.lower()))


def _exact_key(name: str) -> str:
    return normalise(name)


def group_score(pairs: Iterable[tuple[str, str]], key: Callable[[str], str]) -> dict[str, float]:
    """Items are the first elements; gold groups are the second; prediction groups by ``key``."""
    gold: dict[str, str] = {}
    for item, group in pairs:
        gold.setdefault(item, group)
    pred = {item: key(item) for item in gold}
    p, r, f = pairwise(pred, gold)
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f, "items": float(len(gold))}


def _read_class_file(path: Path) -> Pairs:
    out: Pairs = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out.append((parts[1], " ".join(parts[2:])))
    return out


def _read_translit() -> Pairs:
    out: Pairs = []
    for part in ("train", "dev"):
        en = shared_path("eval", "anetac", f"translit-{part}.en").read_text("utf-8").splitlines()
        ar = shared_path("eval", "anetac", f"translit-{part}.ar").read_text("utf-8").splitlines()
        out += [(e.strip(), a.strip()) for e, a in zip(en, ar, strict=False) if e.strip() and a.strip()]
    return out


def own_list_score(path: Path | None = None) -> dict[str, Any]:
    """Pair decisions on the team's list: ``same``/``diff`` <TAB> name <TAB> name."""
    text = path.read_text("utf-8") if path else files("rasd.eval").joinpath("gold/variants_ar.tsv").read_text("utf-8")
    tp = fp = fn = 0
    errors: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, a, b = line.split("\t")[:3]
        merged = name_match(tuple(normalise(a).split()), tuple(normalise(b).split())) is not None
        gold = label == "same"
        tp += merged and gold
        fp += merged and not gold
        fn += gold and not merged
        if merged != gold and len(errors) < 20:
            errors.append(f"{label}: {a} / {b}")
    p, r, f = prf(tp, fp, fn)
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f, "errors": errors}


def run(data: Path | None = None) -> dict[str, Any]:
    if data is None:
        latin = _read_class_file(shared_path("eval", "anetac", "en-ar-named-entities-dev.txt"))
        arabic = [(a, _latin_group(e)) for e, a in _read_translit() + latin]
        desc = "ANETAC translit-{train,dev} (Arabic groups) and en-ar-named-entities-dev.txt (Latin groups)"
    else:
        pairs = _read_class_file(data)
        arabic = [(a, _latin_group(e)) for e, a in pairs]
        latin = pairs
        desc = str(data)
    ar_pred, ar_base = group_score(arabic, _skeleton_key), group_score(arabic, _exact_key)
    la_pred, la_base = group_score(latin, latin_key), group_score(latin, _exact_key)
    metrics = {k: la_pred[k] for k in ("pairwise_p", "pairwise_r", "pairwise_f1")}
    return {
        "task": "variants",
        "data": desc,
        "metrics": metrics,
        "baselines": {"exact_normalised": {k: la_base[k] for k in metrics}},
        "details": {"arabic_spellings_of_one_latin": ar_pred, "arabic_baseline_exact": ar_base,
                    "latin_spellings_of_one_arabic": la_pred, "latin_baseline_exact": la_base,
                    "own_list": own_list_score() if data is None else None},
    }
