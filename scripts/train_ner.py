"""Train the Arabic NER models shipped in rasd/data/ner/ (ar_crf.bin, ar_crf_doc.bin, window_ar.npz).

Usage: .venv/bin/python scripts/train_ner.py [PATH_TO_anercorp-dev.txt] [--held-back]

Sixteenth session: the shipped models are trained on all sentences of ANERcorp-dev. With
``--held-back`` the same recipe is trained on its first 80% only (see rasd.ner.conll.split) and
written, the CRFs gzipped, to rasd/data/ner/held-back/: `rasd eval entities` scores those on the last
20%, which they never saw. (Model selection, scripts/ner_folds.py, never reads the last 20% either.)
Run both after any change to the features or lists.
Features (rasd.ner.features) include the word clusters of rasd/data/ner/clusters_ar.tsv,
built by scripts/build_word_clusters.py from unlabelled news text (run that first when
rebuilding from scratch). Needs python-crfsuite (runtime dependency too: the model is
read with it, then tagged with rasd.ner.fastcrf).

Round 6: a second model (``ar_crf_doc.bin``) is trained for the document-consistency pass
(rasd.ner.doclabels): the same features plus flags from first-pass labels of the same word
form in the sentences at most DOC_WINDOW away, and the flags of the words at -1/+1. Those first-pass labels come from 5-fold
jackknifing inside the training part (each block tagged by a model trained on the other four),
never from a model that saw the sentence. Use --no-doc to train the first model only.

Round 8: with ``--self-train N`` (default SELF_TRAIN; 0 turns it off) every model is trained
twice: a first fit on the labelled sentences tags a pool of unlabelled ANT news sentences
(every ``--ant-every``-th article of ../shared/eval/ant, read at build time only;
rasd.ner.selftrain), and the final fit adds the N sentences it was surest of, with its labels.
The jackknife models do the same with their own first fits (no pseudo-label comes from a model
that saw the block it tags). Only weights ship.

Round 11: a window network (rasd.ner.window; ``window_ar.npz``) is trained first, on the word
vectors of rasd/data/ner/vectors_ar.npz (scripts/build_word_vectors.py, run that first when
rebuilding from scratch): scikit-learn's MLPClassifier, one ReLU layer of WINDOW_HIDDEN units over
the five-word window, WINDOW_ITERATIONS epochs of Adam, seed 1. Both CRFs read its binned label
probabilities as features; in training these come from 5-fold jackknifing (each block by a
network trained on the other four), the shipped network is trained on the whole training part.
``--no-window`` trains the CRFs without it (the run time still computes the network's output, which
such models ignore: its features have no weights in them).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
import warnings
from itertools import pairwise
from pathlib import Path

import numpy as np
import pycrfsuite
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from rasd.eval.datasets import shared_path
from rasd.ner.conll import read_conll, split, to_bioes
from rasd.ner.doclabels import doc_flags, keys_of, with_neighbours
from rasd.ner.features import gazetteer_tags, sentence_features, small_groups
from rasd.ner.model import DOC_MODEL_NAME, DOC_WINDOW, HELD_BACK_MODELS, MODEL_NAME, MODEL_PATH, MODELS
from rasd.ner.selftrain import confident, pool, read_articles
from rasd.ner.window import MODEL_NAME as WINDOW_NAME
from rasd.ner.window import VECTORS_PATH, WIDTH, Inputs, WindowNet, bin_features, load_inputs, window_matrix
from rasd.text import normalise

# chosen by 5-fold cross-validation inside the training part (scripts/ner_folds.py, docs/entities.md)
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1,
          "feature.possible_transitions": True}
WINDOW_HIDDEN, WINDOW_ITERATIONS, WINDOW_ALPHA = 128, 20, 1e-3  # round 11 (docs/entities.md)
WINDOW_LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
SELF_TRAIN = 0  # pseudo-labelled ANT sentences added to each fit (round 8, docs/entities.md)
ANT_EVERY = 10

Feats = list[list[list[str]]]
Tags = list[list[str]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--held-back", action="store_true",
                    help=f"train on the first 80%% only, into {HELD_BACK_MODELS} (for `rasd eval entities`)")
    ap.add_argument("--share", type=float, default=1.0,
                    help="with --held-back: train on this first share of the 80%% only (a learning-curve point)")
    ap.add_argument("--folder", type=Path, default=None, help="write the model set here instead")
    ap.add_argument("--out", type=Path, default=None, help=f"first-pass model (default: {MODEL_PATH})")
    ap.add_argument("--doc-out", type=Path, default=None)
    ap.add_argument("--scheme", choices=("iob2", "bioes"), default="iob2",
                    help="labels the CRFs learn (BIOES: round 16, better on the folds, worse on the held-back part)")
    ap.add_argument("--c2", type=float, default=None, help=f"L2 weight of the CRFs (default {PARAMS['c2']})")
    ap.add_argument("--no-doc", action="store_true", help="do not train the document-consistency model")
    ap.add_argument("--no-window", action="store_true", help="train the CRFs without the window network")
    ap.add_argument("--window-out", type=Path, default=None)
    ap.add_argument("--self-train", type=int, default=SELF_TRAIN, metavar="N",
                    help="add the N surest pseudo-labelled ANT sentences to each first-pass fit (0: off)")
    ap.add_argument("--ant", type=Path, default=None, help="unlabelled news (JSON lines) for --self-train")
    ap.add_argument("--ant-every", type=int, default=ANT_EVERY, help="take every K-th article for --self-train")
    args = ap.parse_args(argv)
    data = args.data or shared_path("eval", "anercorp", "anercorp-dev.txt")
    folder = args.folder or (HELD_BACK_MODELS if args.held_back else MODELS)
    folder.mkdir(parents=True, exist_ok=True)
    args.out = args.out or folder / MODEL_NAME
    args.doc_out = args.doc_out or folder / DOC_MODEL_NAME
    args.window_out = args.window_out or folder / WINDOW_NAME
    sents = read_conll(data)
    train, held = split(sents) if args.held_back else (sents, [])
    train = train[:round(len(train) * args.share)]
    start, cpu = time.perf_counter(), time.process_time()
    unlabelled: list[list[str]] = []
    if args.self_train > 0:
        unlabelled = pool(read_articles(args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), args.ant_every))
    feats = [sentence_features(words) for words, _ in train]
    tags = [t for _, t in train]
    if not args.no_window:
        start, cpu = time.perf_counter(), time.process_time()
        feats = [[f + x for f, x in zip(fs, nn, strict=True)] for fs, nn in zip(feats, train_window(
            [w for w, _ in train], tags, args.window_out), strict=True)]
        _report("window network (5-fold jackknife outputs for the CRFs, then the shipped fit)", start, cpu,
                args.window_out)
        start, cpu = time.perf_counter(), time.process_time()
    labels = [to_bioes(t) for t in tags] if args.scheme == "bioes" else tags  # the window network: IOB2 always
    if args.c2 is not None:
        PARAMS["c2"] = args.c2
    fit_first(feats, labels, args.out, unlabelled, args.self_train)
    _report(f"trained on {len(train)} sentences ({sum(len(w) for w, _ in train)} tokens), held back {len(held)}",
            start, cpu, args.out)
    if not args.no_doc:
        start, cpu = time.perf_counter(), time.process_time()
        first = jackknife(feats, labels, unlabelled, args.self_train)
        flags = [with_neighbours(f) for f in doc_flags([keys_of(w) for w, _ in train], first, DOC_WINDOW)]
        fit([[f + x for f, x in zip(fs, fl, strict=True)] for fs, fl in zip(feats, flags, strict=True)], labels,
            args.doc_out)
        _report(f"document-consistency model (5-fold jackknife first pass, window ±{DOC_WINDOW} sentences)",
                start, cpu, args.doc_out)
    if args.held_back:  # compressed: rasd.ner.model reads "<name>.gz" when "<name>" is absent
        for path in (args.out, args.doc_out):
            if path.exists():
                path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
                path.unlink()
    return 0


def fit(feats: Feats, tags: Tags, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for fs, ts in zip(feats, tags, strict=True):
        trainer.append(fs, ts)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def fit_first(feats: Feats, tags: Tags, out: Path, unlabelled: list[list[str]], n: int) -> None:
    """A first-pass model; with ``n`` > 0 refitted with the ``n`` sentences of ``unlabelled`` that
    the plain fit tags most surely (its labels)."""
    fit(feats, tags, out)
    if n <= 0 or not unlabelled:
        return
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    pseudo = confident(tagger, unlabelled, n)
    tagger.close()
    fit(feats + [sentence_features(w) for w, _ in pseudo], tags + [t for _, t in pseudo], out)


def jackknife(feats: Feats, tags: Tags, unlabelled: list[list[str]] | None = None, n_pseudo: int = 0,
              folds: int = 5) -> Tags:
    """First-pass tags of every sentence from a model trained on the other contiguous blocks
    (self-trained as the shipped first model when ``n_pseudo`` > 0)."""
    out: list[list[str]] = []
    n = len(feats)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fold.crf"
        for k in range(folds):
            lo, hi = n * k // folds, n * (k + 1) // folds
            fit_first(feats[:lo] + feats[hi:], tags[:lo] + tags[hi:], path, unlabelled or [], n_pseudo)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            out += [tagger.tag(fs) for fs in feats[lo:hi]]
            tagger.close()
    return out


def train_window(words: list[list[str]], tags: Tags, out: Path, folds: int = 5) -> Feats:
    """Train the shipped window network on all sentences (saved to ``out``) and return, per
    sentence, the CRF features of the out-of-fold network's probabilities (``bin_features``)."""
    norms = [[normalise(w) for w in ws] for ws in words]
    flags: dict[str, int] = {}
    for sent in norms:
        for n in sent:
            for f in small_groups(n)[1]:
                flags.setdefault(f, len(flags))
    inputs = load_inputs(VECTORS_PATH, flags)
    x = window_matrix(inputs, norms, [gazetteer_tags(s) for s in norms])
    y = np.array([WINDOW_LABELS.index(t) for ts in tags for t in ts])
    lens = np.array([len(ts) for ts in tags])
    starts = np.concatenate(([0], np.cumsum(lens)))
    probs = np.zeros((len(y), len(WINDOW_LABELS)), dtype=np.float32)
    n = len(tags)
    for k in range(folds):
        lo, hi = starts[n * k // folds], starts[n * (k + 1) // folds]
        rest = np.r_[0:lo, hi:len(y)]
        probs[lo:hi] = _network(_fit_window(x[rest], y[rest]), inputs).probabilities_of(x[lo:hi])
    _network(_fit_window(x, y), inputs).save(out)
    return [bin_features(probs[a:b], WINDOW_LABELS) for a, b in pairwise(starts)]


def _fit_window(x: np.ndarray, y: np.ndarray) -> MLPClassifier:
    clf = MLPClassifier(hidden_layer_sizes=(WINDOW_HIDDEN,), alpha=WINDOW_ALPHA, batch_size=min(128, len(x)),
                        max_iter=WINDOW_ITERATIONS, random_state=1, learning_rate_init=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed number of epochs, by design
        clf.fit(x, y)
    if list(clf.classes_) != list(range(len(WINDOW_LABELS))):
        raise SystemExit("the window network's training data lacks a label")
    return clf


def _network(clf: MLPClassifier, inputs: Inputs) -> WindowNet:
    w1 = clf.coefs_[0].reshape(2 * WIDTH + 1, inputs.width, -1)
    return WindowNet(inputs, WINDOW_LABELS, w1, clf.intercepts_[0], clf.coefs_[1], clf.intercepts_[1])


def _report(what: str, start: float, cpu: float, out: Path) -> None:
    took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
    sys.stdout.write(f"{what}; {took:.0f}s wall, {took_cpu:.0f}s CPU; model {out.stat().st_size / 1e6:.2f} MB at {out}\n")


if __name__ == "__main__":
    raise SystemExit(main())
