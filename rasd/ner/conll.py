"""Read ``token TAG`` files (ANERcorp style, IOB2) and the train/held-back split.

ANERcorp has no blank lines between sentences, so a sentence ends after a ``.``,
``!``, ``?`` or ``؟`` token (or after ``MAX_SENT`` tokens). The split is
deterministic: the first ``TRAIN_SHARE`` of sentences train the model, the rest are
held back for evaluation and never trained on.

The files are IOB2 and the shipped CRFs learn IOB2. ``to_bioes`` (a span's last word E-, a
one-word span S-) and ``to_iob2`` serve ``scripts/train_ner.py --scheme bioes``; the run time
reads either kind of model (rasd.ner.model, rasd.ner.tagging). Round 16 (docs/entities.md):
BIOES gave +0.4 to +0.7 points on the five training folds but 1 to 1.8 points less on the
held-back part, so it is not shipped.
"""

from __future__ import annotations

from pathlib import Path

TRAIN_SHARE = 0.8
MAX_SENT = 120
_ENDS = frozenset({".", "!", "?", "؟"})
_TAGS = frozenset({"O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"})

Sentence = tuple[list[str], list[str]]


def to_bioes(tags: list[str]) -> list[str]:
    """IOB2 tags as BIOES: B- (first of several), I- (inside), E- (last of several), S- (alone).
    A stray I- starts a span, as in conlleval; tags already in BIOES are kept."""
    out: list[str] = []
    for i, tag in enumerate(tags):
        if tag == "O" or tag[:1] in ("S", "E"):
            out.append(tag)
            continue
        kind = tag[2:]
        nxt = tags[i + 1] if i + 1 < len(tags) else "O"
        goes_on = nxt[2:] == kind and nxt[:1] in ("I", "E")
        starts = tag[:1] == "B" or not out or out[-1][2:] != kind or out[-1][:1] in ("S", "E", "O")
        out.append(("B-" if goes_on else "S-") + kind if starts else ("I-" if goes_on else "E-") + kind)
    return out


def to_iob2(tags: list[str]) -> list[str]:
    """BIOES tags (or IOB2, unchanged) as IOB2."""
    return ["B-" + t[2:] if t[:1] == "S" else "I-" + t[2:] if t[:1] == "E" else t for t in tags]


def _parse_line(line: str) -> tuple[str, str] | None:
    parts = line.split()
    if len(parts) < 2:
        return None
    token, tag = " ".join(parts[:-1]), parts[-1]
    if tag not in _TAGS:
        tag = tag[0] if tag[:1] == "O" else ("O" if tag[:2] not in ("B-", "I-") else tag)
        tag = tag if tag in _TAGS else "O"
    return token, tag


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of (tokens, tags); blank lines also end a sentence."""
    sents: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parsed = _parse_line(line)
            if parsed is not None:
                words.append(parsed[0])
                tags.append(parsed[1])
            if words and (parsed is None and not line.strip() or (parsed and parsed[0] in _ENDS)
                          or len(words) >= MAX_SENT):
                sents.append((words, tags))
                words, tags = [], []
    if words:
        sents.append((words, tags))
    return sents


def split(sents: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held_back): first 80% / last 20% of sentences, in file order."""
    cut = int(len(sents) * TRAIN_SHARE)
    return sents[:cut], sents[cut:]
