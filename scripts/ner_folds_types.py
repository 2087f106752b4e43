"""Per-type precision/recall/F1 of the first-pass Arabic NER CRF on the folds of scripts/ner_folds.py.

Usage: .venv/bin/python scripts/ner_folds_types.py [--folds 5] [--json]

Same data, folds, features and CRF settings as ``scripts/ner_folds.py`` (first pass only, default
parameters): only the training 80% of anercorp-dev is read, cut into contiguous blocks, each block
tagged by a model trained on the others. Prints each fold's micro F1 (equal to ner_folds.py's) and
the per-type P/R/F1 over the out-of-fold tags of all blocks pooled (exact spans), and each\ntype's F1 per fold.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from itertools import pairwise
from pathlib import Path

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import iob_spans, span_f1
from rasd.ner.conll import read_conll, split


def _folds_module():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location("ner_folds", Path(__file__).with_name("ner_folds.py"))
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    nf = _folds_module()
    params = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1,
              "feature.possible_transitions": True}
    train = split(read_conll(shared_path("eval", "anercorp", "anercorp-dev.txt")))[0]
    sents = nf.featurise(train, ())
    bounds = nf.fold_bounds(len(sents), args.folds)
    folds, pred, gold, cuts = [], [], [], [0]
    for lo, hi in bounds:
        tagged = nf.train_tag(sents[:lo] + sents[hi:], sents[lo:hi], params)
        folds.append(nf.score(tagged, sents[lo:hi]))
        for t, (_, g) in zip(tagged, sents[lo:hi], strict=True):
            pred += nf._only(t) + ["O"]
            gold += nf._only(g) + ["O"]
        cuts.append(len(gold))
    p_spans, g_spans = iob_spans(pred), iob_spans(gold)
    out = {"folds": [round(f, 4) for f in folds], "mean": round(sum(folds) / len(folds), 4)}
    for kind in (*nf.TYPES, "ALL"):
        p = {s for s in p_spans if kind in ("ALL", s[2])}
        g = {s for s in g_spans if kind in ("ALL", s[2])}
        prec, rec, f1 = span_f1(p, g)
        out[kind] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "gold": len(g), "pred": len(p)}
    out["fold_f1"] = {kind: [round(span_f1({x for x in p_spans if a <= x[0] < b and kind == x[2]},
                                            {x for x in g_spans if a <= x[0] < b and kind == x[2]})[2], 4)
                             for a, b in pairwise(cuts)] for kind in nf.TYPES}
    if args.json:
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        sys.stdout.write(f"folds {out['folds']} mean {out['mean']}\n")
        for kind in (*nf.TYPES, "ALL"):
            r = out[kind]
            sys.stdout.write(f"{kind:5} P {r['p']:.4f} R {r['r']:.4f} F1 {r['f1']:.4f} (gold {r['gold']}, pred {r['pred']})\n")
        for kind in nf.TYPES:
            sys.stdout.write(f"{kind:5} F1 per fold {out['fold_f1'][kind]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
