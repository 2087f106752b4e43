"""How much the run-time tokenizer of the sixteenth session's fix cost: the held-back ANERcorp part tagged with
its punctuation tokens (as trained and as `rasd eval entities` scores it) and without them (as `rasd.ner.tagging`
tokenised before the fix), by the held-back model set. A probe for docs/entities.md, not an evaluation.

Usage: .venv/bin/python scripts/ner_marks_probe.py
"""

from __future__ import annotations

import re

from rasd.eval.datasets import shared_path
from rasd.eval.entities import TYPES, _only
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import read_conll, split
from rasd.ner.model import HELD_BACK_MODELS, tag_sentences

_WORDLIKE = re.compile(r"[\w\u064b-\u065f\u0670\u0640]")


def main() -> int:
    sents = split(read_conll(shared_path("eval", "anercorp", "anercorp-dev.txt")))[1]
    full = tag_sentences([w for w, _ in sents], models=HELD_BACK_MODELS)
    kept = [[i for i, w in enumerate(ws) if _WORDLIKE.search(w)] for ws, _ in sents]
    sub = tag_sentences([[ws[i] for i in k] for (ws, _), k in zip(sents, kept, strict=True)], models=HELD_BACK_MODELS)
    dropped = []
    for (ws, _), k, tags in zip(sents, kept, sub, strict=True):
        out = ["O"] * len(ws)  # the marks themselves: outside any name
        for i, t in zip(k, tags, strict=True):
            out[i] = t
        dropped.append(out)
    gold = [t for _, ts in sents for t in [*ts, "O"]]
    for name, pred in (("marks kept (as trained)", full), ("marks dropped (the old run-time tokenizer)", dropped)):
        flat = [t for ts in pred for t in [*ts, "O"]]
        m = conll_f1(_only(flat, TYPES), _only(gold, TYPES))
        print(f"{name}: micro F1 {m['micro_f1']:.4f}", " ".join(f"{t} {m.get(f'f1_{t}', 0.0):.3f}" for t in TYPES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
