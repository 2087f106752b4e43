"""The shipped Arabic NER model (a CRFsuite file) and tagging helpers.

Tagging goes through rasd.ner.fastcrf (per-word score tables and batched Viterbi),
which gives the same tags as CRFsuite's own tagger, many times faster.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pycrfsuite

from rasd.errors import ModelMissing
from rasd.ner.fastcrf import LinearCRF, WordTable, tag_ids

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "ner" / "ar_crf.bin"


@cache
def tagger() -> pycrfsuite.Tagger:
    if not MODEL_PATH.exists():
        raise ModelMissing(f"NER model not found at {MODEL_PATH}; run scripts/train_ner.py")
    tg = pycrfsuite.Tagger()
    tg.open(str(MODEL_PATH))
    return tg


@cache
def model() -> tuple[LinearCRF, WordTable]:
    """The model's weights and the process-wide word score table."""
    crf = LinearCRF(tagger())
    return crf, WordTable(crf)


def tag_sentences(sents: list[list[str]]) -> list[list[str]]:
    """IOB2 tags (PERS/LOC/ORG/MISC) for sentences of raw words, tagged in one batch."""
    crf, table = model()
    words = [w for s in sents for w in s]
    lens = np.array([len(s) for s in sents if s], dtype=np.int64)
    best, _ = tag_ids(crf, table, table.lookup(words), lens)
    labels = [crf.labels[i] for i in best.tolist()]
    out: list[list[str]] = []
    start = 0
    for s in sents:
        out.append(labels[start:start + len(s)])
        start += len(s)
    return out


def tag_words(words: list[str]) -> list[str]:
    """IOB2 tags for one sentence of raw words."""
    return tag_sentences([words])[0] if words else []
