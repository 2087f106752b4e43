"""Fast inference for the shipped linear-chain CRF: per-word score tables + batched Viterbi.

Every CRF feature of a token is either a feature of one word at a fixed offset (its own
form, affixes, gazetteer flags; its neighbours' at -2..+2), or a per-position flag
(BOS/EOS, multi-word gazetteer B/I). A linear model's emission score is a sum over
features, so the score a word contributes at each offset is one vector per label,
computed once per distinct word and cached in a table. Tagging a batch is then a few
numpy gathers and one Viterbi pass over all sentence chunks at once; it gives the
same tags as CRFsuite's own tagger (checked by tests/stages/test_entities.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import chain, repeat
from typing import Protocol

import numpy as np
import pycrfsuite
from scipy.sparse import csr_matrix

from rasd.ner.features import (
    ALL_FAMILIES,
    FAMILIES,
    FamilyKey,
    all_family_keys,
    family_features,
    first_tokens,
    norm_doc_key,
    single_entry,
    sure_single_entry,
)
from rasd.ner.gazetteer import lexicon, longest_entry
from rasd.text.arabic import normalise_many

OFFSETS = 5  # own, as left-1, as right-1, as left-2, as right-2 neighbour
BLOCK = 8192  # chunks per Viterbi block
MAX_WORDS = 2**18 - 1  # words before the table starts afresh: with row 0, the rows then fill 2**18 exactly (~94 MB per model)
FORCE_O_MARGIN = 4.0  # see tag_ids


class LinearCRF:
    """Weights of a CRFsuite model as numpy arrays."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        index = {lab: i for i, lab in enumerate(self.labels)}
        size = len(self.labels)
        self.trans = np.zeros((size, size))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        self.attrs: dict[str, int] = {}
        for attr, _ in info.state_features:
            self.attrs.setdefault(attr, len(self.attrs))
        self.null = len(self.attrs)  # an all-zero row, so no sum is ever empty
        self.matrix = np.zeros((self.null + 1, size))
        for (attr, lab), w in info.state_features.items():
            self.matrix[self.attrs[attr], index[lab]] = w
        self.outside = index.get("O", 0)

    @classmethod
    def stack(cls, first: LinearCRF, second: LinearCRF) -> LinearCRF:
        """State weights of two models side by side (``first``'s labels, then ``second``'s) over the
        union of their features, so one look-up of a word's features scores it under both. Only the
        sums are meaningful (no transitions); a feature one model lacks adds exact zeros there."""
        out = cls.__new__(cls)
        out.labels = first.labels + second.labels
        out.trans = np.zeros((0, 0))
        out.attrs = dict(first.attrs)
        for attr in second.attrs:
            out.attrs.setdefault(attr, len(out.attrs))
        out.null = len(out.attrs)
        out.matrix = np.zeros((out.null + 1, len(out.labels)))
        width = len(first.labels)
        out.matrix[list(first.attrs.values()), :width] = first.matrix[list(first.attrs.values())]
        rows = [out.attrs[a] for a in second.attrs]
        out.matrix[rows, width:] = second.matrix[list(second.attrs.values())]
        out.outside = first.outside
        return out

    @cache  # noqa: B019 - one model per process
    def gazetteer_vector(self, tag: str) -> np.ndarray:
        return self.vector([tag])

    @cache  # noqa: B019 - one model per process
    def flags_vector(self, flags: tuple[str, ...]) -> np.ndarray:
        return self.vector(flags)

    def vector(self, feats: Sequence[str]) -> np.ndarray:
        out: np.ndarray = self.sums([feats])[0]
        return out

    def sums(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """One summed weight vector per group of feature strings (unknown features count 0)."""
        flat = np.fromiter(map(self.attrs.get, chain.from_iterable(groups), repeat(self.null)), dtype=np.int64)
        return _group_sums(self.matrix, flat, groups)


def _group_sums(matrix: np.ndarray, flat: np.ndarray, groups: Sequence[Sequence[str]]) -> np.ndarray:
    """Per group, the sum of the ``matrix`` rows of its ids (``flat``: the groups' ids end to end);
    an empty group sums to zeros."""
    lens = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    out = np.zeros((len(groups), matrix.shape[1]))
    if len(flat):
        full = lens > 0
        out[full] = np.add.reduceat(matrix[flat], (np.cumsum(lens) - lens)[full], axis=0)
    return out


class FamilyRows:
    """Per feature family (``features.all_family_keys``: word form, stripped form, first and last
    letters, ..., then the groups of small features: flags and shape, clusters), key -> the summed
    weights of the family's features at every offset, computed on first sight. A new word's
    scores are then a sum of ten cached rows (and the bias) instead of the look-up of its ~45
    feature strings; only keys the model knows get a row of their own, the rest share the zero
    row 0."""

    def __init__(self, crf: LinearCRF) -> None:
        self.crf = crf
        self.bias = crf.sums([["b"], [], [], [], []]).reshape(-1)
        self.matrix = np.zeros((1024, OFFSETS * len(crf.labels)))
        self._named = [_named_keys(crf, family) if family < FAMILIES else None for family in range(ALL_FAMILIES)]
        self.reset()

    def reset(self) -> None:
        self.index: list[dict[FamilyKey, int]] = [{} for _ in range(ALL_FAMILIES)]
        self.used = 1

    def scores(self, keys: Sequence[Sequence[FamilyKey]]) -> np.ndarray:
        """(words, OFFSETS, labels): the bias plus every family's row, for each word's keys."""
        if not keys:
            return np.zeros((0, OFFSETS, len(self.crf.labels)))
        ids = np.zeros((len(keys), ALL_FAMILIES), dtype=np.int64)
        for family, (index, col) in enumerate(zip(self.index, zip(*keys, strict=True), strict=False)):
            new = [k for k in dict.fromkeys(col) if k not in index]
            if new:
                self._add(family, index, new)
            ids[:, family] = np.fromiter(map(index.__getitem__, col), dtype=np.int64, count=len(col))
        # each word's row is the sum of its families' rows: a sparse (words x rows) product, in C
        picks = csr_matrix((np.ones(ids.size), ids.ravel(), np.arange(0, ids.size + 1, ALL_FAMILIES)),
                           shape=(len(keys), self.used))
        out: np.ndarray = np.asarray(picks @ self.matrix[:self.used]) + self.bias
        return out.reshape(len(keys), OFFSETS, -1)

    def _add(self, family: int, index: dict[FamilyKey, int], keys: list[FamilyKey]) -> None:
        attrs, named = self.crf.attrs, self._named[family]
        if named is not None:  # the key is in each feature as is: known keys are a set look-up
            known: list[FamilyKey] = [k for k in keys if k in named]
        else:
            known = [k for k in keys if any(f in attrs for group in family_features(family, k) for f in group)]
        index.update(dict.fromkeys(keys, 0))
        if not known:
            return
        rows = self.crf.sums([g for k in known for g in family_features(family, k)]).reshape(len(known), -1)
        while self.used + len(known) > len(self.matrix):
            self.matrix = _grown(self.matrix)
        self.matrix[self.used:self.used + len(known)] = rows
        index.update(zip(known, range(self.used, self.used + len(known)), strict=True))
        self.used += len(known)


def _named_keys(crf: LinearCRF, family: int) -> frozenset[str] | None:
    """When every feature of ``family`` is a fixed prefix + the key itself (the word form, the
    stripped form), the keys that any of the model's features name; None for other families."""
    probe = "\x00\x01\x02\x03\x04\x05"  # longer than any slice a family takes
    feats = [f for group in family_features(family, probe) for f in group]
    if not all(f.endswith(probe) and f.count(probe) == 1 for f in feats):
        return None
    heads = tuple(f[:-len(probe)] for f in feats)
    return frozenset(a[len(h):] for a in crf.attrs for h in heads if a.startswith(h))


class WordRows(Protocol):
    """Another per-word table kept in step with a ``WordTable`` (rasd.ner.window.WindowRows)."""

    def put(self, start: int, norms: Sequence[str], keys: Sequence[tuple[FamilyKey, ...]]) -> None:
        """Fill the rows from ``start`` on for these new normal forms (``keys``: their ``all_family_keys``)."""


class WordTable:
    """Distinct words -> per-offset score vectors (``rows[offset, word]``; one row per normal form,
    shared by the spellings that normalise alike), plus each word's normal form, single-word gazetteer type and whether it starts a multi-word gazetteer
    entry. Row 0 is the padding between chunks: as a left neighbour it scores the BOS
    feature, as a right neighbour EOS, and nothing otherwise. ``twin`` is the table of a
    second model over the same words (the document-consistency pass): it is filled and reset
    with this one, from the same look-up of the word's features, so a word id is valid in both;
    ``window`` (rasd.ner.window.WindowRows) is filled for the same ids."""

    def __init__(self, crf: LinearCRF, twin: WordTable | None = None, window: WordRows | None = None) -> None:
        self.crf = crf
        self.twin = twin
        self.window = window
        self._both: LinearCRF | None = None  # this model and the twin's, stacked (LinearCRF.stack)
        self._families: FamilyRows | None = None
        self.rows = np.zeros((OFFSETS, 1024, len(crf.labels)))
        self.first = np.zeros(1024, dtype=bool)
        self.gaz1 = np.zeros(1024, dtype=bool)
        self.sure1 = np.zeros(1024, dtype=bool)  # a one-word gazetteer name even untagged (``sure_single_entry``)
        self.dkid = np.zeros(1024, dtype=np.int64)  # id of the word's doc_key (0: none)
        self.mark = np.zeros(1024, dtype=bool)  # a punctuation mark ("،", "«"): tagged as a token, never in a span
        self._reset()

    def _reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.by_norm: dict[str, int] = {}  # a word's row depends only on its normal form
        self.norm: list[str] = [""]
        self.single: list[str] = [""]
        self.dkey: list[str] = [""]  # doc_key of each word (document-consistency pass)
        self._dkeys: dict[str, int] = {"": 0}
        if self._families is not None:
            self._families.reset()  # bounded with the table
        if self.twin is not None:
            self.twin._reset()
        self.rows[:, 0] = 0.0
        self.rows[1, 0] = self.crf.vector(["BOS"])
        self.rows[2, 0] = self.crf.vector(["EOS"])

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        """Table rows of ``words`` (tokens in order, repeats allowed); new words are scored and added.

        When the new distinct words would take the table past MAX_WORDS it starts afresh (the words of
        this call are then all new). Only distinct new words count: a batch's tokens are mostly known."""
        got = np.array(list(map(self.ids.get, words, repeat(-1))), dtype=np.int64)
        missing = np.flatnonzero(got < 0)
        if len(missing):
            new = list(dict.fromkeys(words[i] for i in missing.tolist()))
            if len(self.ids) + len(new) > MAX_WORDS and self.ids:
                self._reset()
                return self.lookup(words)
            self._add(new)
            got[missing] = [self.ids[words[i]] for i in missing.tolist()]
        return got

    def _add(self, words: list[str]) -> None:
        """Rows for new ``words``: spellings that normalise alike ("أحمد"/"احمد", "كتـاب") share one."""
        norms = normalise_many(words)
        fresh = [n for n in dict.fromkeys(norms) if n not in self.by_norm]
        if fresh:
            self._add_norms(fresh)
        self.ids.update(zip(words, map(self.by_norm.__getitem__, norms), strict=True))

    def _add_norms(self, norms: list[str]) -> None:
        start = len(self.norm)
        keys = list(map(all_family_keys, norms))  # = norm_parts, by family; the table is the cache
        crf = self.crf if self.twin is None else self._stacked()  # both models' scores from one look-up
        if self._families is None:
            self._families = FamilyRows(crf)
        scores = self._families.scores(keys)
        width = len(self.crf.labels)
        self._put_rows(start, scores[:, :, :width])
        if self.twin is not None:
            self.twin._put_rows(start, scores[:, :, width:])
        if self.window is not None:
            self.window.put(start, norms, keys)
        firsts = first_tokens()
        for row, norm in enumerate(norms, start):
            self.norm.append(norm)
            self.single.append(single_entry(norm) or "")
            self.dkey.append(norm_doc_key(norm))
            self.dkid[row] = self._dkeys.setdefault(self.dkey[-1], len(self._dkeys))
            self.first[row] = norm in firsts
            self.mark[row] = len(norm) == 1 and not norm.isalnum() and norm != "_"
            self.gaz1[row] = bool(self.single[-1])
            self.sure1[row] = bool(self.single[-1]) and sure_single_entry(norm) is not None
            self.by_norm[norm] = row

    def _stacked(self) -> LinearCRF:
        if self._both is None:
            assert self.twin is not None
            self._both = LinearCRF.stack(self.crf, self.twin.crf)
        return self._both

    def _put_rows(self, start: int, scores: np.ndarray) -> None:
        while start + len(scores) > self.rows.shape[1]:
            self._grow()
        self.rows[:, start:start + len(scores)] = scores.transpose(1, 0, 2)

    def _grow(self) -> None:
        size = self.rows.shape[1]
        rows = np.zeros((OFFSETS, size * 2, self.rows.shape[2]))
        rows[:, :size] = self.rows
        self.rows, self.first, self.gaz1, self.sure1 = rows, _grown(self.first), _grown(self.gaz1), _grown(self.sure1)
        self.dkid, self.mark = _grown(self.dkid), _grown(self.mark)


def _grown(arr: np.ndarray) -> np.ndarray:
    """``arr`` with twice the rows (first axis), the new ones zero."""
    out = np.zeros((len(arr) * 2, *arr.shape[1:]), dtype=arr.dtype)
    out[:len(arr)] = arr
    return out


def emissions(crf: LinearCRF, table: WordTable, ids: np.ndarray, lens: np.ndarray,
              gtags: dict[int, str], flags: dict[int, tuple[str, ...]] | None = None,
              extra: np.ndarray | None = None) -> np.ndarray:
    """Emission scores (tokens x labels) for chunks laid end to end (``lens`` tokens each).

    Chunks are spread out with two padding words (row 0) between them, so each offset's
    contribution is one gather of a shifted slice."""
    real = np.arange(len(ids)) + 2 * np.repeat(np.arange(len(lens)), lens) + 2
    padded = np.zeros(len(ids) + 2 * len(lens) + 2, dtype=np.int64)
    padded[real] = ids
    rows = table.rows
    em = np.take(rows[0], padded[real], axis=0)
    for col, shift in ((1, -1), (3, -2), (2, 1), (4, 2)):
        em += np.take(rows[col], padded[real + shift], axis=0)
    for k, tag in gtags.items():
        em[k] += crf.gazetteer_vector(tag)
    for k, fl in (flags or {}).items():
        em[k] += crf.flags_vector(fl)
    if extra is not None:
        em += extra
    out: np.ndarray = em
    return out


def viterbi(em: np.ndarray, lens: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label index per token for chunks laid end to end in ``em``."""
    out = np.zeros(len(em), dtype=np.int64)
    starts = np.cumsum(lens) - lens
    order = np.argsort(-lens, kind="stable")
    for b in range(0, len(order), BLOCK):
        chunk = order[b:b + BLOCK]
        _viterbi_block(em, starts[chunk], lens[chunk], trans, out)
    return out


def _viterbi_block(em: np.ndarray, starts: np.ndarray, lens: np.ndarray, trans: np.ndarray,
                   out: np.ndarray) -> None:
    """Viterbi for chunks sorted by decreasing length (active chunks are always a prefix)."""
    n, width = len(lens), int(lens[0]) if len(lens) else 0
    if width == 0:
        return
    active = np.searchsorted(-lens, -np.arange(width), side="left").tolist()
    score = em[starts].copy()
    back = np.zeros((width, n, em.shape[1]), dtype=np.int8)
    to_from = np.ascontiguousarray(trans.T)  # [to, from]: reductions run over the last axis
    for t in range(1, width):
        k = active[t]
        cand = score[:k, None, :] + to_from
        back[t, :k] = cand.argmax(2)
        score[:k] = cand.max(2) + em[starts[:k] + t]
    cur = score.argmax(1)
    rows = np.arange(n)
    for t in range(width - 1, -1, -1):
        k = active[t]
        out[starts[:k] + t] = cur[:k]
        if t:
            cur[:k] = back[t, rows[:k], cur[:k]]


def gazetteer_positions(table: WordTable, ids: np.ndarray, lens: np.ndarray) -> dict[int, str]:
    """Sparse ``gazetteer_tags`` over chunks laid end to end: position -> gB=/gI= tag."""
    out: dict[int, str] = {}
    firsts = np.flatnonzero(table.first[ids])
    if not len(firsts):
        return out
    ends = np.cumsum(lens)
    ends = ends[np.searchsorted(ends, firsts, side="right")].tolist()
    norm, max_len = table.norm, lexicon().max_len
    words = [norm[i] for i in ids.tolist()]
    skip = -1
    for p, end in zip(firsts.tolist(), ends, strict=True):
        if p < skip:
            continue
        length, kind = longest_entry(words, p, min(end, p + max_len))
        if length:
            out[p] = "gB=" + kind
            out.update((q, "gI=" + kind) for q in range(p + 1, p + length))
            skip = p + length
    return out


def tag_ids(crf: LinearCRF, table: WordTable, ids: np.ndarray, lens: np.ndarray,
            margin: float | None = None, flags: dict[int, tuple[str, ...]] | None = None,
            gtags: dict[int, str] | None = None, extra: np.ndarray | None = None,
            bias: float = 0.0) -> tuple[np.ndarray, dict[int, str]]:
    """(label index per token, sparse multi-word gazetteer tags) for chunks laid end to end.

    ``flags``: extra per-position features (position -> feature strings), e.g. the
    document-consistency flags of the second pass, or their scores already summed per token
    (``extra``, tokens x labels); ``gtags``: gazetteer tags already found; ``bias``: see ``decode``."""
    if gtags is None:
        gtags = gazetteer_positions(table, ids, lens)
    if not len(ids):
        return np.zeros(0, dtype=np.int64), gtags
    em = emissions(crf, table, ids, lens, gtags, flags, extra)
    return decode(crf, em, lens, margin, bias), gtags


def decode(crf: LinearCRF, em: np.ndarray, lens: np.ndarray, margin: float | None = None,
           bias: float = 0.0) -> np.ndarray:
    """Best label index per token from emission scores ``em`` (chunks laid end to end; changed in
    place when ``bias`` is set). ``bias`` is taken off every token's O score first, i.e. added to
    all entity labels alike: a decoding bias towards entities (round 7; 0 gives CRFsuite's tags).
    Tokens whose O score then beats every other label by more than ``margin`` (default
    FORCE_O_MARGIN; None means the default, a negative value disables it) are fixed to O and
    Viterbi runs only over the runs of tokens between them."""
    if bias:
        em[:, crf.outside] -= bias
    margin = FORCE_O_MARGIN if margin is None else margin
    if margin < 0:
        return viterbi(em, lens, crf.trans)
    return _viterbi_between_sure_o(crf, em, lens, margin)


def _viterbi_between_sure_o(crf: LinearCRF, em: np.ndarray, lens: np.ndarray, margin: float) -> np.ndarray:
    out_col = crf.outside
    rest = np.full(len(em), -np.inf)
    if out_col:
        rest = em[:, :out_col].max(1)
    if out_col + 1 < em.shape[1]:
        np.maximum(rest, em[:, out_col + 1:].max(1), out=rest)
    keep = em[:, out_col] - rest <= margin
    best = np.full(len(em), out_col, dtype=np.int64)
    if not keep.any():
        return best
    ends = np.cumsum(lens)
    chunk_start = np.zeros(len(em), dtype=bool)
    chunk_start[(ends - lens)[lens > 0]] = True
    chunk_end = np.zeros(len(em), dtype=bool)
    chunk_end[ends[lens > 0] - 1] = True
    kept_prev = np.concatenate(([False], keep[:-1])) & ~chunk_start
    kept_next = np.concatenate((keep[1:], [False])) & ~chunk_end
    idx = np.flatnonzero(keep)
    first = ~kept_prev[idx]  # a kept token that starts a run
    sub = em[idx]
    sub[first & ~chunk_start[idx]] += crf.trans[out_col]  # coming from a fixed O
    sub[~kept_next[idx] & ~chunk_end[idx]] += crf.trans[:, out_col]  # going to a fixed O
    seg_starts = np.flatnonzero(first)
    seg_lens = np.diff(np.append(seg_starts, len(idx)))
    best[idx] = viterbi(sub, seg_lens, crf.trans)
    return best
