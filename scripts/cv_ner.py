"""Cross-validate the Arabic NER CRF on the TRAINING part of ANERcorp-dev only.

Usage: .venv/bin/python scripts/cv_ner.py [--folds 3] [--c1 0.05] [--c2 0.01] [--iterations 150]
       [--minfreq 2] [--o-bias 0,0.5,1] [--window 20] [--out-of-fold PATH.json]
       .venv/bin/python scripts/cv_ner.py --out-of-fold PATH.json --windows 5,10,20

The training 80% (rasd.ner.conll.split) is cut into ``folds`` contiguous blocks; each block is
tagged by a model trained on the other blocks. The held-back 20% is never read here, so
hyper-parameters and the pseudo-document window of label consistency (rasd.ner.consistency)
can be chosen on these out-of-fold figures without touching the evaluation split. Each fold
model decodes once per ``--o-bias`` (rasd.ner.fastcrf: subtracted from the O score), and the
out-of-fold F1 is given without and with label consistency over ``--window`` sentences.
``--out-of-fold`` writes the out-of-fold tags ([[words, gold, predicted], ...] per sentence),
from which ``--windows`` scores label consistency for several pseudo-document sizes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pycrfsuite

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import Sentence, read_conll, split
from rasd.ner.consistency import WINDOW, consistent_windows
from rasd.ner.fastcrf import LinearCRF, WordTable, tag_ids
from rasd.ner.features import sentence_features

TYPES = ("PERS", "LOC", "ORG")


def _only(tags: list[str]) -> list[str]:
    return [t if t[2:] in TYPES else "O" for t in tags]


def _train_and_tag(train: list[Sentence], test: list[Sentence], params: dict[str, object],
                   biases: list[float]) -> list[list[list[str]]]:
    """Tags of ``test`` by a model trained on ``train``, once per O bias."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fold.crf")
        trainer = pycrfsuite.Trainer(verbose=False)
        for words, tags in train:
            trainer.append(sentence_features(words), tags)
        trainer.set_params(params)
        trainer.train(path)
        tg = pycrfsuite.Tagger()
        tg.open(path)
        crf = LinearCRF(tg)
    table = WordTable(crf)
    sents = [w for w, _ in test]
    ids = table.lookup([w for s in sents for w in s])
    lens = np.array([len(s) for s in sents], dtype=np.int64)
    runs: list[list[list[str]]] = []
    for bias in biases:
        crf.o_bias = bias
        best, _ = tag_ids(crf, table, ids, lens)
        labels = [crf.labels[i] for i in best.tolist()]
        out: list[list[str]] = []
        start = 0
        for s in sents:
            out.append(labels[start:start + len(s)])
            start += len(s)
        runs.append(out)
    return runs


def score(gold: list[list[str]], pred: list[list[str]]) -> float:
    g = [t for s in gold for t in [*s, "O"]]
    p = [t for s in pred for t in [*s, "O"]]
    return conll_f1(_only(p), _only(g))["micro_f1"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--o-bias", default="0", help="comma-separated O biases to decode with (first one saved)")
    ap.add_argument("--window", type=int, default=WINDOW, help="pseudo-document size for consistency")
    ap.add_argument("--out-of-fold", type=Path)
    ap.add_argument("--windows", type=str, default="", help="score consistency on --out-of-fold, e.g. 1,5,10,20")
    args = ap.parse_args(argv)
    if args.windows:
        return _windows(args.out_of_fold, [int(x) for x in args.windows.split(",")])
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
              "feature.minfreq": args.minfreq, "feature.possible_transitions": True}
    train = split(read_conll(shared_path("eval", "anercorp", "anercorp-dev.txt")))[0]
    cuts = [len(train) * k // args.folds for k in range(args.folds + 1)]
    biases = [float(x) for x in args.o_bias.split(",")]
    rows: list[list[list[str]]] = []
    scores: list[float] = []
    cpu = time.process_time()
    for a, b in pairwise(cuts):
        test = train[a:b]
        preds = _train_and_tag(train[:a] + train[b:], test, params, biases)
        scores.append(score([t for _, t in test], preds[0]))
        rows += [[w, t, *p] for (w, t), *p in zip(test, *preds, strict=True)]
    gold = [r[1] for r in rows]
    by_bias = {}
    for k, bias in enumerate(biases):
        pred = [r[2 + k] for r in rows]
        doc = consistent_windows([r[0] for r in rows], pred, args.window)
        by_bias[bias] = {"micro_f1": round(score(gold, pred), 4), "with_consistency": round(score(gold, doc), 4)}
    sys.stdout.write(json.dumps({"params": params, "fold_micro_f1_first_bias": scores, "o_bias": by_bias,
                                 "window": args.window, "cpu_s": round(time.process_time() - cpu)}) + "\n")
    if args.out_of_fold:
        args.out_of_fold.write_text(json.dumps([r[:3] for r in rows], ensure_ascii=False), "utf-8")
    return 0


def _windows(path: Path, sizes: list[int]) -> int:
    rows = json.loads(path.read_text("utf-8"))
    gold = [r[1] for r in rows]
    for size in sizes:
        pred = consistent_windows([r[0] for r in rows], [r[2] for r in rows], size) if size else [r[2] for r in rows]
        sys.stdout.write(f"window {size}: micro F1 {score(gold, pred):.4f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
