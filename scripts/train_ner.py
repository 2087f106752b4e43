"""Train the Arabic NER CRF shipped as rasd/data/ner/ar_crf.bin.

Usage: .venv/bin/python scripts/train_ner.py [PATH_TO_anercorp-dev.txt] [--out PATH]

Trains on the first 80% of sentences of ANERcorp-dev (see rasd.ner.conll.split);
the last 20% are held back for `rasd eval entities` and never trained on.
Features (rasd.ner.features) include the word clusters of rasd/data/ner/clusters_ar.tsv,
built by scripts/build_word_clusters.py from unlabelled news text (run that first when
rebuilding from scratch). Needs python-crfsuite (runtime dependency too: the model is
read with it, then tagged with rasd.ner.fastcrf).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from rasd.eval.datasets import shared_path
from rasd.ner.conll import read_conll, split
from rasd.ner.features import sentence_features
from rasd.ner.model import MODEL_PATH

# chosen by 5-fold cross-validation inside the training part (scripts/ner_folds.py, docs/entities.md)
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1,
          "feature.possible_transitions": True}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    data = args.data or shared_path("eval", "anercorp", "anercorp-dev.txt")
    train, held = split(read_conll(data))
    start, cpu = time.perf_counter(), time.process_time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(sentence_features(words), tags)
    trainer.set_params(PARAMS)
    trainer.train(str(args.out))
    took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
    size = args.out.stat().st_size
    sys.stdout.write(f"trained on {len(train)} sentences ({sum(len(w) for w, _ in train)} tokens), "
                     f"held back {len(held)}; {took:.0f}s wall, {took_cpu:.0f}s CPU; "
                     f"model {size / 1e6:.2f} MB at {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
