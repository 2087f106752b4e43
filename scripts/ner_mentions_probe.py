"""What the entities stage's mention detection (the tagger, then the gazetteer merge and the mention rules of
rasd.ner.tagging/rasd.ner.mentions) scores on the held-back ANERcorp part, with the held-back model set, against the
tagger alone (`rasd eval entities`). A probe for docs/entities.md, not an evaluation.

ANERcorp has no document marks, so the held-back sentences are cut into pseudo-articles of N sentences (the tagger
alone uses a window of ±30 sentences). A mention is mapped back to the ANERcorp tokens it overlaps, so a clitic cut
from a name ("وبوتين" → "بوتين") does not count against it.

Usage: .venv/bin/python scripts/ner_mentions_probe.py [N=25]
"""

from __future__ import annotations

import sys
from bisect import bisect_right

from rasd.eval.datasets import shared_path
from rasd.eval.entities import TYPES, _only
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import read_conll, split
from rasd.ner.mentions import candidates, finish
from rasd.ner.model import HELD_BACK_MODELS
from rasd.ner.tagging import tag_batch, tokenise


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 25
    sents = split(read_conll(shared_path("eval", "anercorp", "anercorp-dev.txt")))[1]
    pred: list[str] = []
    gold: list[str] = []
    for g in range(0, len(sents), size):
        group = sents[g:g + size]
        starts: list[int] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for words, _ in group:
            line_start = pos
            for w in words:
                starts.append(pos)
                pos += len(w) + 1
            spans.append((line_start, pos - 1))
        text = "\n".join(" ".join(words) for words, _ in group)
        doc = tokenise(text, spans)
        tags = ["O"] * len(starts)
        for m in finish(text, candidates(doc, tag_batch([doc], models=HELD_BACK_MODELS)[0]), set()):
            i, j = bisect_right(starts, m.start) - 1, bisect_right(starts, m.end - 1) - 1
            if all(t == "O" for t in tags[i:j + 1]):
                tags[i:j + 1] = ["B-" + m.type] + ["I-" + m.type] * (j - i)
        k = 0
        for words, gold_tags in group:
            pred += [*tags[k:k + len(words)], "O"]
            gold += [*gold_tags, "O"]
            k += len(words)
    m = conll_f1(_only(pred, TYPES), _only(gold, TYPES))
    print(f"mentions, pseudo-articles of {size} sentences: micro F1 {m['micro_f1']:.4f}",
          " ".join(f"{t} {m.get(f'f1_{t}', 0.0):.3f}" for t in TYPES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
