"""Document-level label consistency for the CRF's IOB tags.

A news article names the same person, place or organisation many times; the CRF finds some
occurrences and misses others ("وأسامة", a surname alone, a name at the start of a sentence).
Within one document, every word sequence tagged as a name once is tagged at its other
untagged occurrences too, with the type it gets most often in that document. The first word
is compared without its proclitics and article (و ف ب ل ك ال and their combinations, stripped
repeatedly while at least ``MIN_STEM`` letters remain), so "بالعراق" matches "العراق" and
"وأسامة" matches "أسامة"; the whole token gets the tag, as ANERcorp tags it. A multi-word
person's last word (the surname) is a key of its own, used after the full names.
A tagged span is never changed, except that a span starting at an occurrence of a longer key
("حمد بن خليفة" where "حمد بن خليفة آل ثاني" is tagged elsewhere) is extended to it. Stop
words, digits and stems of fewer than ``MIN_STEM`` letters are never keys, nor, alone, the
generic words of rasd/data/ner/not_keys_ar.txt, title heads and demonyms.

``consistent`` works on one document given as chunks (sentences) of normalised words;
``consistent_windows`` cuts a corpus without document boundaries (ANERcorp) into
pseudo-documents of consecutive sentences (the evaluation's choice, see docs/entities.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

from rasd.data import read_lines
from rasd.ner.features import _stopwords
from rasd.ner.gazetteer import lexicon, prefix_set
from rasd.text import normalise

MIN_STEM = 3
MAX_KEY = 6  # words in a key
WINDOW = 20  # sentences per pseudo-document in the evaluation (chosen by cv_ner.py on the training part)

Span = tuple[int, int, str]  # flat start, end, type
Key = tuple[str, ...]


@lru_cache(maxsize=100_000)
def bare(norm: str) -> str:
    """``norm`` without proclitics and article, stripped repeatedly (longest prefix first)."""
    prefixes = prefix_set()
    while True:
        for k in range(min(4, len(norm) - MIN_STEM), 0, -1):
            if norm[:k] in prefixes:
                norm = norm[k:]
                break
        else:
            return norm


def spans_of(tags: Sequence[str], lens: Sequence[int]) -> list[Span]:
    """IOB spans (flat token offsets) that never cross a chunk boundary."""
    starts = _chunk_starts(lens)
    out: list[Span] = []
    for i in [i for i, t in enumerate(tags) if t != "O"]:
        t = tags[i]
        last = out[-1] if out else None
        if t[0] == "I" and last is not None and last[1] == i and last[2] == t[2:] and starts[i] != i:
            out[-1] = (last[0], i + 1, last[2])
        else:
            out.append((i, i + 1, t[2:]))
    return out


def _chunk_starts(lens: Sequence[int]) -> list[int]:
    starts: list[int] = []
    pos = 0
    for n in lens:
        starts += [pos] * n
        pos += n
    return starts


@cache
def _not_keys() -> frozenset[str]:
    """Bare forms never used as one-word keys: the generic words of not_keys_ar.txt, title heads
    and demonyms."""
    lex = lexicon()
    words = [*read_lines("ner/not_keys_ar.txt"), *lex.title_heads, *lex.demonyms]
    return frozenset(bare(normalise(w)) for w in words)


def _key(norm: Sequence[str], s: int, e: int) -> Key | None:
    first = bare(norm[s])
    if len(first) < MIN_STEM or first.isdigit() or norm[s] in _stopwords() or e - s > MAX_KEY:
        return None
    if e - s == 1 and first in _not_keys():
        return None
    return (first, *norm[s + 1:e])


def _keys(norm: Sequence[str], spans: list[Span]) -> list[tuple[Key, str]]:
    """(key, majority type), longest keys first; surnames of multi-word persons come last."""
    votes: dict[Key, Counter[str]] = {}
    surnames: Counter[Key] = Counter()
    for s, e, kind in spans:
        key = _key(norm, s, e)
        if key is not None:
            votes.setdefault(key, Counter())[kind] += 1
        if kind == "PERS" and e - s > 1:
            last = _key(norm, e - 1, e)
            if last is not None:
                surnames[last] += 1
    full = sorted(((k, c.most_common(1)[0][0]) for k, c in votes.items()), key=lambda kv: -len(kv[0]))
    return full + [(k, "PERS") for k in surnames if k not in votes]


def consistent(norm: Sequence[str], tags: Sequence[str], lens: Sequence[int],
               bares: Sequence[str] | None = None) -> list[str]:
    """``tags`` with every untagged occurrence of a tagged word sequence tagged too (and spans
    that start a longer tagged sequence extended to it); ``bares``: ``bare`` of each word."""
    out = list(tags)
    spans = spans_of(tags, lens)
    if not spans:
        return out
    keys = _keys(norm, spans)
    if not keys:
        return out
    by_first: dict[str, list[tuple[Key, str]]] = {}
    for key, kind in keys:
        by_first.setdefault(key[0], []).append((key, kind))
    bares = list(map(bare, norm)) if bares is None else bares
    hits = [i for i, b in enumerate(bares) if b in by_first]
    if not hits:
        return out
    ends = _chunk_ends(lens)
    for i in hits:
        if out[i][0] != "I":
            _fill(norm, out, i, ends[i], by_first[bares[i]])
    return out


def _chunk_ends(lens: Sequence[int]) -> list[int]:
    ends: list[int] = []
    pos = 0
    for n in lens:
        pos += n
        ends += [pos] * n
    return ends


def _fill(norm: Sequence[str], out: list[str], i: int, end: int, cands: list[tuple[Key, str]]) -> None:
    for key, kind in cands:
        j = i + len(key)
        if j > end or tuple(norm[i + 1:j]) != key[1:] or (j < end and out[j][:1] == "I"):
            continue
        if any(out[k] != "O" for k in range(i, j)):
            cur = i + 1
            while cur < end and out[cur][:1] == "I":
                cur += 1
            if out[i] == "O" or cur >= j:  # only a span starting here and shorter than the key
                continue
        out[i] = "B-" + kind
        for k in range(i + 1, j):
            out[k] = "I-" + kind
        return


def consistent_windows(sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], window: int = WINDOW
                       ) -> list[list[str]]:
    """Label consistency over pseudo-documents of ``window`` consecutive sentences (raw words)."""
    out: list[list[str]] = []
    for a in range(0, len(sents), max(1, window)):
        part = range(a, min(len(sents), a + max(1, window)))
        norm = [normalise(w) for i in part for w in sents[i]]
        flat = consistent(norm, [t for i in part for t in tags[i]], [len(sents[i]) for i in part])
        pos = 0
        for i in part:
            out.append(flat[pos:pos + len(sents[i])])
            pos += len(sents[i])
    return out
