"""Batch tagging of Arabic texts: sentence chunks of words, CRF spans merged with gazetteer spans.

All texts of a batch are tagged in one pass (rasd.ner.fastcrf); only chunks holding a
model or gazetteer span come back, with spans as word index ranges inside the chunk.
Character offsets of a chunk's words are computed only for those chunks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise
from pathlib import Path

import numpy as np

from rasd.ner.fastcrf import WordTable
from rasd.ner.gazetteer import lexicon, strip_clitic
from rasd.ner.model import MODELS, first_pass, model, tag_two_pass
from rasd.text import normalise
from rasd.text.arabic import deleted_characters

MAX_SENT_TOKENS = 120
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")
#: the words and the punctuation marks between them, one mark a token, as ANERcorp writes them ("،", "«", "."):
#: the tagger was trained with them, and without them "للمنظمة، سارة الخطيب" reads as one name. "#" stays out, so
#: "دونالد #ترمب" is still a name, and so do a dot, hyphen or slash inside a word ("العربية.نت", "أغسطس/آب") and
#: every character normalisation deletes (invisible direction marks, Quranic signs): they would be empty tokens.
_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|(?<!\w)[./-]|[./-](?!\w)"
                    rf"|[^\w\s#./\-{re.escape(deleted_characters())}]")
_SPAN = re.Match.span

Span = tuple[int, int, str]


@dataclass(slots=True)
class Chunk:
    """Up to MAX_SENT_TOKENS words of one sentence (``skip`` words after its start)."""

    start: int
    end: int
    skip: int
    words: list[str]
    tokens: list[str] | None = None  # the words with the punctuation marks between them (None: there is none)

    def spans(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """Character spans of the chunk's words; with ``lo``/``hi`` only words lo..hi-1 are
        located (earlier ones are (0, 0) placeholders) and the list stops at hi."""
        hi = len(self.words) if hi is None else min(hi, len(self.words))
        if self.skip:  # a later chunk of a long sentence: the regex finds where it starts
            found = islice(_WORD.finditer(text, self.start, self.end), self.skip + lo, self.skip + hi)
            return [(0, 0)] * lo + list(map(_SPAN, found))
        # The words are consecutive matches with only non-word characters between them, so each
        # one's first occurrence after the previous one is where it was matched.
        find, pos = text.find, self.start
        for w in islice(self.words, lo):
            pos = find(w, pos) + len(w)
        out = [(0, 0)] * lo
        for w in islice(self.words, lo, hi):
            pos = find(w, pos)
            out.append((pos, pos + len(w)))
            pos += len(w)
        return out


@dataclass(slots=True)
class Tokens:
    """One Arabic text cut into sentence chunks of words."""

    text: str
    chunks: list[Chunk]


def tokenise(text: str, sents: list[tuple[int, int]]) -> Tokens:
    """Sentence chunks of at most MAX_SENT_TOKENS words; each keeps the punctuation marks between its words
    (``Chunk.tokens``) for the tagger, while spans count words only."""
    chunks: list[Chunk] = []
    for s, e in sents:
        words = _WORD.findall(text, s, e)
        if not words:
            continue  # marks alone: nothing to tag
        if len(words) <= MAX_SENT_TOKENS:
            tokens = _TOKEN.findall(text, s, e)
            chunks.append(Chunk(s, e, 0, words, None if len(tokens) == len(words) else tokens))
            continue
        # a long sentence: cut before every MAX_SENT_TOKENS-th word, each piece with the marks after its words
        cuts = [s, *(m.start() for m in islice(_WORD.finditer(text, s, e), MAX_SENT_TOKENS, None, MAX_SENT_TOKENS)), e]
        for k, (a, b) in zip(range(0, len(words), MAX_SENT_TOKENS), pairwise(cuts)):
            tokens = _TOKEN.findall(text, a, b)
            piece = words[k:k + MAX_SENT_TOKENS]
            chunks.append(Chunk(s, e, k, piece, None if len(tokens) == len(piece) else tokens))
    return Tokens(text, chunks)


def _is_mark(token: str) -> bool:
    """A punctuation token of ``_TOKEN`` (one character that is no word character)."""
    return len(token) == 1 and not _WORD.match(token)


Tagged = list[tuple[Chunk, list[Span], list[str]]]  # chunk, spans, the normal forms of its words


def tag_batch(docs: list[Tokens], document_pass: bool = True, models: Path = MODELS) -> list[Tagged]:
    """Per text: (chunk, merged model + gazetteer spans in chunk word indices, normal forms of the
    chunk's words) for the chunks holding any span; ``document_pass=False`` tags with the first-pass model only;
    ``models``: the model set's folder (rasd.ner.model.model)."""
    crf, table = model(models)
    chunks = [c for d in docs for c in d.chunks]
    lens = np.array([len(c.tokens or c.words) for c in chunks], dtype=np.int64)
    ids = table.lookup([w for c in chunks for w in (c.tokens or c.words)])
    if document_pass:
        best, gtags, crf = tag_two_pass(ids, lens, [len(d.chunks) for d in docs], models=models)
    else:
        best, gtags, _ = first_pass(ids, lens, models=models)
    if any(c.tokens for c in chunks):  # tagged with the punctuation marks; spans count words only
        keep = ~table.mark[ids]
        if int(keep.sum()) != sum(len(c.words) for c in chunks):  # a token the two tests see apart: go by the token
            keep = np.array([not _is_mark(t) for c in chunks for t in (c.tokens or c.words)], dtype=bool)
        index = np.cumsum(keep) - 1
        gtags = {int(index[p]): g for p, g in gtags.items() if keep[p]}
        best, ids = best[keep], ids[keep]
        lens = np.array([len(c.words) for c in chunks], dtype=np.int64)
    untagged = table.gaz1[ids] & (best == crf.outside)
    sure = untagged & table.sure1[ids]
    rescued = set(np.flatnonzero(sure).tolist()) | named_elsewhere(
        best != crf.outside, untagged & ~sure, table.dkid[ids],
        np.repeat(np.repeat(np.arange(len(docs)), [len(d.chunks) for d in docs]), lens))
    marks = np.flatnonzero(best != crf.outside).tolist()
    marks = sorted(set(marks).union(gtags, rescued)) if gtags or rescued else marks
    tags, rows = best.tolist(), ids.tolist()
    out: list[Tagged] = []
    flat = 0
    for d in docs:
        found: Tagged = []
        for c in d.chunks:
            hits = marks[bisect_left(marks, flat):bisect_left(marks, flat + len(c.words))]
            if hits:
                norms = list(map(table.norm.__getitem__, rows[flat:flat + len(c.words)]))
                found.append((c, _chunk_spans(hits, flat, tags, crf.labels, gtags, table, rows, rescued,
                                               flat + len(c.words)), norms))
            flat += len(c.words)
        out.append(found)
    return out


def named_elsewhere(tagged: np.ndarray, single: np.ndarray, keys: np.ndarray, doc: np.ndarray) -> set[int]:
    """Positions of the one-word gazetteer matches the model left untagged and that are not sure names alone
    (``single``: homographs such as كيف "how" / Kyiv, or matches through an article, ``sure_single_entry``) whose
    word (its document key, ``keys``) the model tags as a name elsewhere in the same document (``doc``): there
    the word is the name (docs/entities.md, fifteenth session)."""
    if not single.any():
        return set()
    named = {(int(d), int(k)) for d, k in zip(doc[tagged].tolist(), keys[tagged].tolist(), strict=True) if k}
    return {p for p in np.flatnonzero(single).tolist() if keys[p] and (int(doc[p]), int(keys[p])) in named}


def _chunk_spans(hits: list[int], shift: int, best: list[int], labels: list[str],
                 gtags: dict[int, str], table: WordTable, rows: list[int], rescued: AbstractSet[int],
                 stop: int) -> list[Span]:
    """Model and gazetteer spans (chunk word indices = flat - shift) of one chunk, merged; a one-word gazetteer
    name counts where the model tagged it or where ``named_elsewhere`` rescued it."""
    spans: list[Span] = []
    gaz: list[Span] = []
    for p in hits:
        tag, i = labels[best[p]], p - shift
        if tag != "O":
            last = spans[-1] if spans else None
            if tag[0] in "IE" and last and last[1] == i and last[2] == tag[2:]:  # IOB2 or BIOES
                spans[-1] = (last[0], i + 1, last[2])
            else:
                spans.append((i, i + 1, tag[2:]))
        g = gtags.get(p, "")
        if g.startswith("gB="):
            gaz.append((i, i + 1, g[3:]))
        elif g:
            gaz[-1] = (gaz[-1][0], i + 1, gaz[-1][2])
        elif table.single[rows[p]] and (tag != "O" or p in rescued):
            kind = table.single[rows[p]]
            if kind == "LOC" and tag[2:] == "ORG" and _named_after(table, rows, p, p - shift, stop):
                kind = "ORG"  # a paper, club or body named after its city ("جريدة الرياض", "برشلونة الإسباني")
            gaz.append((i, i + 1, kind))
    return _merge(spans, gaz)


def _named_after(table: WordTable, rows: list[int], p: int, i: int, stop: int) -> bool:
    """Whether the place at flat position ``p`` (word ``i`` of a chunk whose words end at flat ``stop``) names a
    body: a head noun before it ("جريدة", "لصحيفة", "فيلق", across a quotation mark) or a demonym after it
    ("برشلونة الإسباني"), and it is no country."""
    if _country(table.norm[rows[p]]):
        return False
    before = table.norm[rows[p - 1]] if i > 0 else ""
    after = table.norm[rows[p + 1]] if p + 1 < stop else ""
    return before in _body_heads() or strip_clitic(before, _body_heads(), article=True) in _body_heads() \
        or after in lexicon().demonyms


@cache
def _body_heads() -> frozenset[str]:
    return frozenset(normalise(w) for w in ("صحيفة", "جريدة", "مجلة", "قناة", "إذاعة", "وكالة", "شركة", "نادي",
                                            "فريق", "جامعة", "كلية", "معهد", "فيلق", "مصرف", "بنك", "سجن", "مطار"))


def _country(norm: str) -> bool:
    """Whether the normal form ``norm`` names a country (with a proclitic or not): the countries of the demonym list."""
    countries = _countries()
    return norm in countries or strip_clitic(norm, countries, article=True) in countries


@cache
def _countries() -> frozenset[str]:
    return frozenset(normalise(c) for c in lexicon().demonyms.values())


def _merge(model: list[Span], gaz: list[Span]) -> list[Span]:
    """Model spans, plus gazetteer spans that overlap none; a gazetteer span equal to or
    covering a model span decides its type."""
    if not gaz or not model:
        return model or gaz
    model = [piece for span in model for piece in _split_by_gazetteer(span, gaz)]
    taken = {i for s, e, _ in model for i in range(s, e)}
    out = list(model)
    for s, e, kind in gaz:
        if not any(i in taken for i in range(s, e)):
            out.append((s, e, kind))
            continue
        covered = [m for m in out if s <= m[0] and m[1] <= e]
        if covered and all(s <= m[0] and m[1] <= e for m in out if m[0] < e and m[1] > s):
            out = [m for m in out if m not in covered] + [(s, e, kind)]
    return sorted(out)


def _split_by_gazetteer(span: Span, gaz: list[Span]) -> list[Span]:
    """A model span made exactly of two or more gazetteer entries ("بوتين ماكرون") is split."""
    inside = [g for g in gaz if span[0] <= g[0] and g[1] <= span[1]]
    if len(inside) >= 2 and inside[0][0] == span[0] and inside[-1][1] == span[1] and all(
            a[1] == b[0] for a, b in pairwise(inside)):
        return inside
    return [span]
