"""k-fold cross-validation of the Arabic NER CRF inside the training 80% (model selection).

Usage: .venv/bin/python scripts/ner_folds.py [PATH_TO_anercorp-dev.txt] [--folds 5]
       [--c1 0.1] [--c2 0.05] [--iterations 100] [--minfreq 1] [--drop PREFIX ...] [--doc-window N]
       [--scheme bioes|iob2]
       [--bias 0,0.5,1 [--bias2 0,0.5,1] [--margin 4] [--bias-types ORG]]
       [--self-train N,N [--st-types PERS,ORG] [--ant-every 10] [--ant-limit A]
       [--only-folds 1,2] [--save-first F | --load-first F]] [--json]

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

With ``--self-train N,N`` (round 8, rasd.ner.selftrain) every fold's first-pass model tags a pool
of unlabelled ANT sentences (every ``--ant-every``-th article, at most ``--ant-limit``) and the
fold is scored again by models trained on its training blocks plus the N sentences that model
was surest of (the pseudo-labels never come from a model that saw the scored block). With
``--doc-window`` only one N is allowed: the self-trained model is the first pass, and the second
model is trained on the labelled blocks only. ``--only-folds`` scores a subset of the folds
(to keep single runs short).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import Sentence, read_conll, split, to_bioes, to_iob2
from rasd.ner.doclabels import doc_flags, keys_of, with_neighbours
from rasd.ner.fastcrf import FORCE_O_MARGIN, LinearCRF, decode
from rasd.ner.features import sentence_features
from rasd.ner.selftrain import ENTITY_TYPES, confident, pool, read_articles

TYPES = ("PERS", "LOC", "ORG")
SCHEME = {"labels": "iob2"}  # what the CRFs learn (``--scheme``): the files' IOB2 as shipped, or BIOES (round 16)
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
    with _trained(train, params) as tagger:
        return [to_iob2(tagger.tag(feats)) for feats, _ in dev]


def train_model(train: list[Featured], params: dict[str, object]) -> LinearCRF:
    """The weights of a CRF trained on ``train``, for the fast tagger."""
    with _trained(train, params) as tagger:
        return LinearCRF(tagger)


@contextmanager
def _trained(train: list[Featured], params: dict[str, object]) -> Iterator[pycrfsuite.Tagger]:
    """A tagger of a CRF trained on ``train`` (its model file lives as long as the block)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "fold.crf")
        trainer = pycrfsuite.Trainer(verbose=False)
        for feats, tags in train:
            trainer.append(feats, to_bioes(tags) if SCHEME["labels"] == "bioes" else to_iob2(tags))
        trainer.set_params(params)
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        try:
            yield tagger
        finally:
            tagger.close()


def emission_scores(crf: LinearCRF, dev: list[Featured]) -> tuple[np.ndarray, np.ndarray]:
    """(tokens x labels emission scores, sentence lengths) of ``dev`` laid end to end."""
    lens = np.array([len(tags) for _, tags in dev], dtype=np.int64)
    return crf.sums([f for feats, _ in dev for f in feats]), lens


def fast_tags(crf: LinearCRF, em: np.ndarray, lens: np.ndarray, margin: float, bias: float,
              types: tuple[str, ...] = ()) -> list[list[str]]:
    """Tags per sentence from the fast decoder (``fastcrf.decode``) with ``bias`` and ``margin``;
    with ``types`` the bias is added to those types' B-/I- labels only (round 8) instead of to
    every entity label."""
    em = em.copy()
    if types and bias:
        em[:, [i for i, lab in enumerate(crf.labels) if lab[2:] in types]] += bias
        bias = 0.0
    best = decode(crf, em, lens, margin, bias).tolist()
    cuts = np.concatenate(([0], np.cumsum(lens))).tolist()
    return [to_iob2([crf.labels[i] for i in best[a:b]]) for a, b in pairwise(cuts)]


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
            first[b] += fast_tags(crf, em, lens, args.margin, b, tuple(args.bias_types))
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
                tagged = fast_tags(crf, em, lens, args.margin, b2, tuple(args.bias_types))
                out.setdefault(f"{b1:g}/{b2:g}", []).append(score(tagged, sents[lo:hi]))
        _say(args.json, f"two-pass fold {k}/{len(bounds)} done\n")
    return out


def self_train_tags(train: list[Featured], dev: list[Featured], unlabelled: list[list[str]], ns: list[int],
                    params: dict[str, object], drop: tuple[str, ...],
                    types: frozenset[str] = ENTITY_TYPES) -> dict[int, list[list[str]]]:
    """Tags of ``dev`` by the model trained on ``train`` (key 0) and by models trained on ``train``
    plus its ``n`` surest pseudo-labelled sentences of ``unlabelled`` (key n, for n in ``ns``)."""
    with _trained(train, params) as tagger:
        out = {0: [to_iob2(tagger.tag(feats)) for feats, _ in dev]}
        pseudo = featurise(confident(tagger, unlabelled, max(ns), types=types), drop)
    for n in ns:
        out[n] = train_tag(train + pseudo[:n], dev, params)
    return out


def run_self_train(sents: list[Featured], bounds: list[tuple[int, int]], params: dict[str, object],
                   args: argparse.Namespace) -> tuple[dict[int, list[float]], list[list[str]]]:
    """Per-fold first-pass scores without (key 0) and with N pseudo-labelled sentences, and the
    first-pass tags (of the last N) of the scored folds."""
    if args.load_first:
        return _load_first(args.load_first, sents, bounds, args.self_train)
    src = args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz")
    unlabelled = pool(read_articles(src, args.ant_every, args.ant_limit))
    _say(args.json, f"{len(unlabelled)} usable unlabelled sentences\n")
    out: dict[int, list[float]] = {}
    first: list[list[str]] = []
    for k, (lo, hi) in enumerate(bounds, 1):
        if args.only_folds and k not in args.only_folds:
            first += [tags for _, tags in sents[lo:hi]]
            continue
        tagged = self_train_tags(sents[:lo] + sents[hi:], sents[lo:hi], unlabelled, args.self_train,
                                 params, tuple(args.drop), frozenset(args.st_types or ENTITY_TYPES))
        for n, pred in tagged.items():
            out.setdefault(n, []).append(score(pred, sents[lo:hi]))
        first += tagged[args.self_train[-1]]
        if args.save_first:
            _save_first(args.save_first, k, tagged)
        _say(args.json, f"fold {k}: " + ", ".join(f"N={n} {v[-1]:.4f}" for n, v in out.items()) + "\n")
    return out, first


def self_train_grid(sents: list[Featured], words: list[list[str]], bounds: list[tuple[int, int]],
                    params: dict[str, object], args: argparse.Namespace) -> dict[str, list[float]]:
    """Per-fold scores of the first pass without and with self-training and, with --doc-window,
    of the second pass over the self-trained first pass's flags (trained on the labelled blocks)."""
    grid, first = run_self_train(sents, bounds, params, args)
    out = {f"N={n}": v for n, v in grid.items()}
    if args.doc_window <= 0:
        return out
    flagged = with_doc_flags(words, sents, first, args.doc_window)
    for k, (lo, hi) in enumerate(bounds, 1):
        if not args.only_folds or k in args.only_folds:
            out.setdefault("two-pass", []).append(run_fold(flagged[:lo] + flagged[hi:], flagged[lo:hi], params))
            _say(args.json, f"fold {k}, two-pass with N={args.self_train[0]}: {out['two-pass'][-1]:.4f}\n")
    return out


def _save_first(path: Path, fold: int, tagged: dict[int, list[list[str]]]) -> None:
    """Add one fold's first-pass tags (per N) to the JSON file ``path``."""
    saved = json.loads(path.read_text("utf-8")) if path.exists() else {}
    saved[str(fold)] = {str(n): tags for n, tags in tagged.items()}
    path.write_text(json.dumps(saved), "utf-8")


def _load_first(path: Path, sents: list[Featured], bounds: list[tuple[int, int]],
                ns: list[int]) -> tuple[dict[int, list[float]], list[list[str]]]:
    """Scores and first-pass tags (for N = ``ns[-1]``) of every fold saved by ``--save-first``."""
    saved = json.loads(path.read_text("utf-8"))
    out: dict[int, list[float]] = {}
    first: list[list[str]] = []
    for k, (lo, hi) in enumerate(bounds, 1):
        for n, pred in saved[str(k)].items():
            if int(n) in (0, *ns):
                out.setdefault(int(n), []).append(score(pred, sents[lo:hi]))
        first += saved[str(k)][str(ns[-1])]
    return out, first


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x]


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


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
    ap.add_argument("--scheme", choices=("iob2", "bioes"), default="iob2",
                    help="labels the CRFs learn (IOB2 as shipped; BIOES: round 16, not kept)")
    ap.add_argument("--doc-window", type=int, default=0, metavar="N",
                    help="score the two-pass tagger (document-consistency flags from ±N sentences)")
    ap.add_argument("--bias", type=_floats, default=None, metavar="B,B,...",
                    help="fast tagger; score each decoding bias (round 7)")
    ap.add_argument("--bias2", type=_floats, default=None, metavar="B,B,...",
                    help="second-pass biases with --bias and --doc-window (default: the --bias list)")
    ap.add_argument("--bias-types", type=lambda t: [x for x in t.split(",") if x], default=[], metavar="T,T",
                    help="add the --bias to these entity types' labels only (e.g. ORG; round 8)")
    ap.add_argument("--margin", type=float, default=FORCE_O_MARGIN, help="fast tagger's O margin with --bias")
    ap.add_argument("--self-train", type=_ints, default=None, metavar="N,N,...",
                    help="also score first passes trained with N pseudo-labelled ANT sentences (round 8)")
    ap.add_argument("--ant", type=Path, default=None, help="unlabelled news (JSON lines) for --self-train")
    ap.add_argument("--ant-every", type=int, default=10, help="take every K-th article for --self-train")
    ap.add_argument("--ant-limit", type=int, default=None, help="at most this many articles for --self-train")
    ap.add_argument("--st-types", type=lambda t: [x for x in t.split(",") if x], default=[], metavar="T,T",
                    help="--self-train: keep only sentences with a mention of these types (default PERS,LOC,ORG)")
    ap.add_argument("--save-first", type=Path, default=None, help="--self-train: add the folds' first-pass tags to this JSON file")
    ap.add_argument("--load-first", type=Path, default=None,
                    help="--self-train: take every fold's first-pass tags from a --save-first file")
    ap.add_argument("--only-folds", type=_ints, default=None, metavar="K,K", help="score only these folds (1-based)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = ap.parse_args(argv)
    SCHEME["labels"] = args.scheme
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
    if args.self_train:
        if args.doc_window > 0 and len(args.self_train) != 1:
            ap.error("--doc-window takes a single --self-train N")
        return _report_grid(self_train_grid(sents, [w for w, _ in train], bounds, params, args), args, params, cpu)
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
    rows: dict[str, dict[str, Any]] = {
        k: {"folds": v, "mean": statistics.fmean(v), "sd": statistics.stdev(v) if len(v) > 1 else 0.0}
        for k, v in grid.items()}
    if args.json:
        sys.stdout.write(json.dumps({"params": params, "drop": args.drop, "doc_window": args.doc_window,
                                     "margin": args.margin, "bias": rows,
                                     "cpu_s": round(time.process_time() - cpu, 1)}) + "\n")
        return 0
    for k, r in rows.items():
        sys.stdout.write(f"{'' if args.self_train else 'bias '}{k:>9}: mean micro F1 {r['mean']:.4f} ± {r['sd']:.4f}  "
                         + " / ".join(f"{x:.4f}" for x in r["folds"]) + "\n")
    sys.stdout.write(f"margin {args.margin:g}; {time.process_time() - cpu:.0f}s CPU\n")
    return 0


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        sys.stdout.write(text)
        sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
