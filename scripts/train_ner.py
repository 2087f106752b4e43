"""Train the Arabic NER CRF shipped as rasd/data/ner/ar_crf.bin.

Usage: .venv/bin/python scripts/train_ner.py [PATH_TO_anercorp-dev.txt] [--out PATH]

Trains on the first 80% of sentences of ANERcorp-dev (see rasd.ner.conll.split);
the last 20% are held back for `rasd eval entities` and never trained on.
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
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

from rasd.eval.datasets import shared_path
from rasd.ner.conll import read_conll, split
from rasd.ner.doclabels import doc_flags, keys_of, with_neighbours
from rasd.ner.features import sentence_features
from rasd.ner.model import DOC_MODEL_PATH, DOC_WINDOW, MODEL_PATH
from rasd.ner.selftrain import confident, pool, read_articles

# chosen by 5-fold cross-validation inside the training part (scripts/ner_folds.py, docs/entities.md)
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1,
          "feature.possible_transitions": True}
SELF_TRAIN = 0  # pseudo-labelled ANT sentences added to each fit (round 8, docs/entities.md)
ANT_EVERY = 10

Feats = list[list[list[str]]]
Tags = list[list[str]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--doc-out", type=Path, default=DOC_MODEL_PATH)
    ap.add_argument("--no-doc", action="store_true", help="do not train the document-consistency model")
    ap.add_argument("--self-train", type=int, default=SELF_TRAIN, metavar="N",
                    help="add the N surest pseudo-labelled ANT sentences to each first-pass fit (0: off)")
    ap.add_argument("--ant", type=Path, default=None, help="unlabelled news (JSON lines) for --self-train")
    ap.add_argument("--ant-every", type=int, default=ANT_EVERY, help="take every K-th article for --self-train")
    args = ap.parse_args(argv)
    data = args.data or shared_path("eval", "anercorp", "anercorp-dev.txt")
    train, held = split(read_conll(data))
    start, cpu = time.perf_counter(), time.process_time()
    unlabelled: list[list[str]] = []
    if args.self_train > 0:
        unlabelled = pool(read_articles(args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), args.ant_every))
    feats = [sentence_features(words) for words, _ in train]
    tags = [t for _, t in train]
    fit_first(feats, tags, args.out, unlabelled, args.self_train)
    _report(f"trained on {len(train)} sentences ({sum(len(w) for w, _ in train)} tokens), held back {len(held)}",
            start, cpu, args.out)
    if not args.no_doc:
        start, cpu = time.perf_counter(), time.process_time()
        first = jackknife(feats, tags, unlabelled, args.self_train)
        flags = [with_neighbours(f) for f in doc_flags([keys_of(w) for w, _ in train], first, DOC_WINDOW)]
        fit([[f + x for f, x in zip(fs, fl, strict=True)] for fs, fl in zip(feats, flags, strict=True)], tags,
            args.doc_out)
        _report(f"document-consistency model (5-fold jackknife first pass, window ±{DOC_WINDOW} sentences)",
                start, cpu, args.doc_out)
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


def _report(what: str, start: float, cpu: float, out: Path) -> None:
    took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
    sys.stdout.write(f"{what}; {took:.0f}s wall, {took_cpu:.0f}s CPU; model {out.stat().st_size / 1e6:.2f} MB at {out}\n")


if __name__ == "__main__":
    raise SystemExit(main())
