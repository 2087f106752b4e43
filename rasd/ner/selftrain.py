"""Self-training material for the Arabic NER CRF (build time only, issue 5 round 8).

Unlabelled news articles are cut into ANERcorp-style sentences (punctuation marks are tokens of
their own, clitics stay attached, a sentence ends after ``.``/``!``/``?``/``؟`` or at a line
break); a first-pass CRF tags them and the sentences it is most sure of (highest probability of
its best label sequence, at least one PERS/LOC/ORG mention, 5..60 tokens, Arabic script) are
added to the training sentences with those labels. Nothing of the text ships: only the weights
of the model trained on it. Used by scripts/train_ner.py (``--self-train``) and
scripts/ner_folds.py (``--self-train``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Protocol

from rasd.ner.conll import Sentence
from rasd.ner.features import sentence_features

TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|[^\w\s]")
ENDS = frozenset({".", "!", "?", "؟"})
ENTITY_TYPES = frozenset({"PERS", "LOC", "ORG"})
MIN_LEN, MAX_LEN = 5, 60
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9_]")


class Tagger(Protocol):
    """The part of ``pycrfsuite.Tagger`` used here."""

    def tag(self, xseq: list[list[str]]) -> list[str]: ...

    def probability(self, yseq: list[str]) -> float: ...


def text_sentences(text: str) -> list[list[str]]:
    """ANERcorp-style token lists of ``text``: one per sentence, line breaks end sentences."""
    out: list[list[str]] = []
    for line in text.splitlines():
        cur: list[str] = []
        for tok in TOKEN.findall(line):
            cur.append(tok)
            if tok in ENDS:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def usable(words: list[str], min_len: int = MIN_LEN, max_len: int = MAX_LEN) -> bool:
    """A sentence worth tagging: ``min_len``..``max_len`` tokens, no hashtags or Latin words, and
    at least half of its tokens in Arabic letters."""
    if not min_len <= len(words) <= max_len or "#" in words:
        return False
    if any(_LATIN_OR_DIGIT.search(w) and not w.isdigit() for w in words):
        return False
    return sum(1 for w in words if _ARABIC.search(w)) * 2 >= len(words)


def read_articles(path: Path, every: int = 10, limit: int | None = None) -> Iterator[list[list[str]]]:
    """Sentences of every ``every``-th article of a JSON-lines (optionally gzipped) news file,
    at most ``limit`` articles."""
    opener = gzip.open if path.suffix == ".gz" else open
    taken = 0
    with opener(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % every:
                continue
            if limit is not None and taken >= limit:
                return
            try:
                text = json.loads(line).get("text") or ""
            except (json.JSONDecodeError, AttributeError):
                continue
            taken += 1
            yield text_sentences(str(text))


def pool(articles: Iterable[list[list[str]]]) -> list[list[str]]:
    """The usable sentences of ``articles``, in order."""
    return [s for sents in articles for s in sents if usable(s)]


def has_entity(tags: list[str], types: AbstractSet[str] = ENTITY_TYPES) -> bool:
    return any(t[2:] in types for t in tags)


def confident(tagger: Tagger, sentences: list[list[str]], n: int,
              featurise: Callable[[list[str]], list[list[str]]] = sentence_features,
              types: AbstractSet[str] = ENTITY_TYPES) -> list[Sentence]:
    """The ``n`` sentences whose best label sequence ``tagger`` finds most probable, among those
    with a mention of one of ``types`` (default PERS/LOC/ORG), with that sequence as their labels
    (ties in pool order)."""
    scored: list[tuple[float, int, list[str]]] = []
    for i, words in enumerate(sentences):
        tags = tagger.tag(featurise(words))
        if has_entity(tags, types):
            scored.append((tagger.probability(tags), i, tags))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(sentences[i], tags) for _, i, tags in scored[:n]]
