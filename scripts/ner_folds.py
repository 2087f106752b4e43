"""k-fold cross-validation of the Arabic NER CRF inside the training 80% (model selection).

Usage: .venv/bin/python scripts/ner_folds.py [PATH_TO_anercorp-dev.txt] [--folds 5]
       [--c1 0.1] [--c2 0.05] [--iterations 100] [--minfreq 1] [--drop PREFIX ...] [--doc-window N]
       [--bias 0,0.5,1 [--bias2 0,0.5,1] [--margin 4]] [--json]

Only the training part of rasd.ner.conll.split (first 80% of sentences) is used; the held-back
20% that `rasd eval entities` scores is never read into a fold. The training sentences are cut
into ``--folds`` contiguous blocks in file order (ANERcorp runs article by article, so a random
split would put sentences of one article on both sides); each block is scored once by a model
trained on the others. Features are the current rasd.ner.features (computed once per run);
``--drop`` removes every feature string starting with PREFIX (e.g. ``--drop nl=`` to measure
without the word's own name-likeness bin; ``--drop=-1nl= --drop=+1nl=`` for the neighbours'
— with ``=``, as the prefix starts with a dash).
Tagging uses CRFsuite's own exact Viterbi; the score is the micro F1 over exact PERS/LOC/ORG
spans, as in `rasd eval entities`. Prints each fold's micro F1 and the mean ± sample sd.
Defaults are the settings of scripts/train_ner.py.

With ``--doc-window N`` (round 6) the folds score the two-pass tagger as shipped: the first
pass's out-of-fold tags (the k models above) give the document-consistency flags
(rasd.ner.doclabels, window ±N sentences, with the neighbours' flags) of every training
sentence, and each block is then scored by a second model trained with the flags on the other
blocks. (The training blocks' flags come from first-pass models that saw the scored block,
unlike at build time; the scored block's flags are out-of-fold.) About twice the run time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import Sentence, read_conll, split
from rasd.ner.doclabels import doc_flags, keys_of, with_neighbours
from rasd.ner.fastcrf import FORCE_O_MARGIN, LinearCRF, decode
from rasd.ner.features import sentence_features

TYPES = ("PERS", "LOC", "ORG")
Featured = tuple[list[list[str]], list[str]]


def _only(tags: list[str]) -> list[str]:
    return [t if t[2:] in TYPES else "O" for t in tags]


def featurise(sents: list[Sentence], drop: tuple[str, ...]) -> list[Featured]:
    """Feature lists per sentence, without the strings starting with any prefix in ``drop``."""
    out: list[Featured] = []
    for words, tags in sents:
        feats = sentence_features(words)
        if drop:
            feats = [[f for f in fs if not f.startswith(drop)] for fs in feats]
        out.append((feats, tags))
    return out


def fold_bounds(n: int, folds: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) blocks covering range(n), sizes differing by at most one."""
    return [(n * k // folds, n * (k + 1) // folds) for k in range(folds)]


def run_fold(train: list[Featured], dev: list[Featured], params: dict[str, object]) -> float:
    """Micro F1 (PERS/LOC/ORG) on ``dev`` of a CRF trained on ``train``."""
    return score(train_tag(train, dev, params), dev)


def train_tag(train: list[Featured], dev: list[Featured], params: dict[str, object]) -> list[list[str]]:
    """Tags of ``dev`` by a CRF trained on ``train``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fold.crf")
        trainer = pycrfsuite.Trainer(verbose=False)
        for feats, tags in train:
            trainer.append(feats, tags)
        trainer.set_params(params)
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        out = [tagger.tag(feats) for feats, _ in dev]
        tagger.close()
    return out


def train_model(train: list[Featured], params: dict[str, object]) -> LinearCRF:
    """The weights of a CRF trained on ``train``, for the fast tagger."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fold.crf")
        trainer = pycrfsuite.Trainer(verbose=False)
        for feats, tags in train:
            trainer.append(feats, tags)
        trainer.set_params(params)
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        crf = LinearCRF(tagger)
        tagger.close()
    return crf


def emission_scores(crf: LinearCRF, dev: list[Featured]) -> tuple[np.ndarray, np.ndarray]:
    """(tokens x labels emission scores, sentence lengths) of ``dev`` laid end to end."""
    lens = np.array([len(tags) for _, tags in dev], dtype=np.int64)
    return crf.sums([f for feats, _ in dev for f in feats]), lens


def fast_tags(crf: LinearCRF, em: np.ndarray, lens: np.ndarray, margin: float, bias: float) -> list[list[str]]:
    """Tags per sentence from the fast decoder (``fastcrf.decode``) with ``bias`` and ``margin``."""
    best = decode(crf, em.copy(), lens, margin, bias).tolist()
    cuts = np.concatenate(([0], np.cumsum(lens))).tolist()
    return [[crf.labels[i] for i in best[a:b]] for a, b in pairwise(cuts)]


def bias_grid(sents: list[Featured], words: list[list[str]], bounds: list[tuple[int, int]],
              params: dict[str, object], args: argparse.Namespace) -> dict[str, list[float]]:
    """Per-fold micro F1 for every first-pass bias ("b1") and, with --doc-window, every pair of
    first- and second-pass biases ("b1/b2")."""
    out: dict[str, list[float]] = {}
    first: dict[float, list[list[str]]] = {b: [] for b in args.bias}
    for lo, hi in bounds:
        crf = train_model(sents[:lo] + sents[hi:], params)
        em, lens = emission_scores(crf, sents[lo:hi])
        for b in args.bias:
            first[b] += fast_tags(crf, em, lens, args.margin, b)
            out.setdefault(f"{b:g}", []).append(score(first[b][lo:hi], sents[lo:hi]))
    if args.doc_window <= 0:
        return out
    train2 = with_doc_flags(words, sents, first[0.0] if 0.0 in first else first[args.bias[0]], args.doc_window)
    dev2 = {b: with_doc_flags(words, sents, first[b], args.doc_window) for b in args.bias}
    for k, (lo, hi) in enumerate(bounds, 1):
        crf = train_model(train2[:lo] + train2[hi:], params)
        for b1 in args.bias:
            em, lens = emission_scores(crf, dev2[b1][lo:hi])
            for b2 in args.bias2 or args.bias:
                tagged = fast_tags(crf, em, lens, args.margin, b2)
                out.setdefault(f"{b1:g}/{b2:g}", []).append(score(tagged, sents[lo:hi]))
        _say(args.json, f"two-pass fold {k}/{len(bounds)} done\n")
    return out


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x]


def score(pred: list[list[str]], dev: list[Featured]) -> float:
    gold: list[str] = []
    flat: list[str] = []
    for tagged, (_, tags) in zip(pred, dev, strict=True):
        gold += tags + ["O"]
        flat += tagged + ["O"]
    return conll_f1(_only(flat), _only(gold))["micro_f1"]


def with_doc_flags(words: list[list[str]], data: list[Featured], first: list[list[str]],
                   window: int) -> list[Featured]:
    """``data`` with the document-consistency flags of the first-pass tags ``first`` appended."""
    flags = doc_flags([keys_of(w) for w in words], first, window)
    return [([f + x for f, x in zip(feats, with_neighbours(fl), strict=True)], tags)
            for (feats, tags), fl in zip(data, flags, strict=True)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--minfreq", type=float, default=1)
    ap.add_argument("--drop", action="append", default=[], metavar="PREFIX")
    ap.add_argument("--doc-window", type=int, default=0, metavar="N",
                    help="score the two-pass tagger (document-consistency flags from ±N sentences)")
    ap.add_argument("--bias", type=_floats, default=None, metavar="B,B,...",
                    help="fast tagger; score each decoding bias (round 7)")
    ap.add_argument("--bias2", type=_floats, default=None, metavar="B,B,...",
                    help="second-pass biases with --bias and --doc-window (default: the --bias list)")
    ap.add_argument("--margin", type=float, default=FORCE_O_MARGIN, help="fast tagger's O margin with --bias")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args(argv)
    if args.folds < 2:
        ap.error("--folds must be at least 2")
    data = args.data or shared_path("eval", "anercorp", "anercorp-dev.txt")
    params: dict[str, object] = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                                 "feature.minfreq": args.minfreq, "feature.possible_transitions": True}
    cpu = time.process_time()
    train = split(read_conll(data))[0]
    sents = featurise(train, tuple(args.drop))
    bounds = fold_bounds(len(sents), args.folds)
    if args.bias:
        return _report_grid(bias_grid(sents, [w for w, _ in train], bounds, params, args), args, params, cpu)
    scores: list[float] = []
    first: list[list[str]] = []
    for k, (lo, hi) in enumerate(bounds, 1):
        first += train_tag(sents[:lo] + sents[hi:], sents[lo:hi], params)
        scores.append(score(first[lo:hi], sents[lo:hi]))
        _say(args.json, f"fold {k}/{args.folds} (sentences {lo}-{hi - 1}): micro F1 {scores[-1]:.4f}\n")
    if args.doc_window > 0:
        single = scores
        sents = with_doc_flags([w for w, _ in train], sents, first, args.doc_window)
        scores = []
        for k, (lo, hi) in enumerate(bounds, 1):
            scores.append(run_fold(sents[:lo] + sents[hi:], sents[lo:hi], params))
            _say(args.json, f"fold {k}/{args.folds}, two-pass: micro F1 {scores[-1]:.4f} "
                            f"({scores[-1] - single[k - 1]:+.4f})\n")
    mean, sd = statistics.fmean(scores), statistics.stdev(scores)
    took = time.process_time() - cpu
    if args.json:
        sys.stdout.write(json.dumps({"params": params, "drop": args.drop, "doc_window": args.doc_window,
                                     "folds": scores, "mean": mean,
                                     "sd": sd, "sentences": len(sents), "cpu_s": round(took, 1)}) + "\n")
    else:
        sys.stdout.write(f"{args.folds} folds over {len(sents)} training sentences, {params}, drop={args.drop}, "
                         f"doc_window={args.doc_window}: "
                         f"mean micro F1 {mean:.4f} ± {sd:.4f} (sd); {took:.0f}s CPU\n")
    return 0


def _report_grid(grid: dict[str, list[float]], args: argparse.Namespace, params: dict[str, object],
                 cpu: float) -> int:
    rows: dict[str, dict[str, Any]] = {k: {"folds": v, "mean": statistics.fmean(v), "sd": statistics.stdev(v)}
                                       for k, v in grid.items()}
    if args.json:
        sys.stdout.write(json.dumps({"params": params, "drop": args.drop, "doc_window": args.doc_window,
                                     "margin": args.margin, "bias": rows,
                                     "cpu_s": round(time.process_time() - cpu, 1)}) + "\n")
        return 0
    for k, r in rows.items():
        sys.stdout.write(f"bias {k:>9}: mean micro F1 {r['mean']:.4f} ± {r['sd']:.4f}  "
                         + " / ".join(f"{x:.4f}" for x in r["folds"]) + "\n")
    sys.stdout.write(f"margin {args.margin:g}; {time.process_time() - cpu:.0f}s CPU\n")
    return 0


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        sys.stdout.write(text)
        sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
