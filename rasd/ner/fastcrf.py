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

from collections.abc import Callable, Sequence
from functools import cache, partial
from itertools import repeat
from operator import is_not
from typing import TypeGuard, cast

import numpy as np
import pycrfsuite

from rasd.ner.features import Parts, doc_key, first_tokens, neighbour_forms, single_entry, word_parts
from rasd.ner.gazetteer import lexicon

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
        self._small: dict[str, int] = {}  # small-vocabulary feature -> row of small_matrix (0: none)
        self.small_matrix = np.zeros((1, OFFSETS * size))

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
        out._small = {}
        out.small_matrix = np.zeros((1, OFFSETS * len(out.labels)))
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
        get, null = self.attrs.get, self.null
        flat: list[int] = []
        starts: list[int] = []
        for feats in groups:
            starts.append(len(flat))
            flat.append(null)
            flat += filter(_known, map(get, feats))
        out: np.ndarray = np.add.reduceat(self.matrix[flat], starts, axis=0)
        return out

    def small_sums(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """(groups, OFFSETS, labels): per group of small-vocabulary features (``word_parts``), the
        summed weights of their forms at every offset (``neighbour_forms``), one row per feature
        computed on first sight, so a new word's neighbour strings are never built or looked up."""
        flat, starts = self._small_ids(groups)
        if None in flat:
            self._add_small({f for feats in groups for f in feats if f not in self._small})
            flat, starts = self._small_ids(groups)
        out: np.ndarray = np.add.reduceat(self.small_matrix[cast("list[int]", flat)], starts, axis=0)
        return out.reshape(len(groups), OFFSETS, -1)

    def _small_ids(self, groups: Sequence[Sequence[str]]) -> tuple[list[int | None], list[int]]:
        get = self._small.get
        flat: list[int | None] = []
        starts: list[int] = []
        for feats in groups:
            starts.append(len(flat))
            flat.append(0)
            flat += map(get, feats)
        return flat, starts

    def _add_small(self, feats: set[str]) -> None:
        new = sorted(feats)
        rows = [self.sums([[form] for form in neighbour_forms(f)]).reshape(-1) for f in new]
        for f in new:
            self._small[f] = len(self._small) + 1
        self.small_matrix = np.vstack([self.small_matrix, *rows])


_known = cast("Callable[[int | None], TypeGuard[int]]", partial(is_not, None))  # C-level "is not None"


class WordTable:
    """Distinct words -> per-offset score vectors (``rows[offset, word]``), plus each word's
    normal form, single-word gazetteer type and whether it starts a multi-word gazetteer
    entry. Row 0 is the padding between chunks: as a left neighbour it scores the BOS
    feature, as a right neighbour EOS, and nothing otherwise. ``twin`` is the table of a
    second model over the same words (the document-consistency pass): it is filled and reset
    with this one, from the same ``word_parts``, so a word id is valid in both."""

    def __init__(self, crf: LinearCRF, twin: WordTable | None = None) -> None:
        self.crf = crf
        self.twin = twin
        self._both: LinearCRF | None = None  # this model and the twin's, stacked (LinearCRF.stack)
        self.rows = np.zeros((OFFSETS, 1024, len(crf.labels)))
        self.first = np.zeros(1024, dtype=bool)
        self.gaz1 = np.zeros(1024, dtype=bool)
        self.dkid = np.zeros(1024, dtype=np.int64)  # id of the word's doc_key (0: none)
        self._reset()

    def _reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.norm: list[str] = [""]
        self.single: list[str] = [""]
        self.dkey: list[str] = [""]  # doc_key of each word (document-consistency pass)
        self._dkeys: dict[str, int] = {"": 0}
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
        start = len(self.norm)
        parts = [word_parts(w) for w in words]  # = word_features, split; the table is the cache
        if self.twin is None:
            self._put_rows(start, _scores(self.crf, parts))
        else:  # both models' scores from one look-up of the words' features
            if self._both is None:
                self._both = LinearCRF.stack(self.crf, self.twin.crf)
            both = _scores(self._both, parts)
            width = len(self.crf.labels)
            self._put_rows(start, both[:, :, :width])
            self.twin._put_rows(start, both[:, :, width:])
        firsts = first_tokens()
        for row, (word, part) in enumerate(zip(words, parts, strict=True), start):
            norm = part[0][0][1][2:]
            self.norm.append(norm)
            self.single.append(single_entry(norm) or "")
            self.dkey.append(doc_key(word))
            self.dkid[row] = self._dkeys.setdefault(self.dkey[-1], len(self._dkeys))
            self.first[row] = norm in firsts
            self.gaz1[row] = bool(self.single[-1])
            self.ids[word] = row

    def _put_rows(self, start: int, scores: np.ndarray) -> None:
        while start + len(scores) > self.rows.shape[1]:
            self._grow()
        self.rows[:, start:start + len(scores)] = scores.transpose(1, 0, 2)

    def _grow(self) -> None:
        size = self.rows.shape[1]
        rows = np.zeros((OFFSETS, size * 2, self.rows.shape[2]))
        rows[:, :size] = self.rows
        self.rows, self.first, self.gaz1 = rows, _grown(self.first), _grown(self.gaz1)
        self.dkid = _grown(self.dkid)


def _scores(crf: LinearCRF, parts: list[Parts]) -> np.ndarray:
    """(words, OFFSETS, labels): each word's summed weights at every offset."""
    scores = crf.sums([p[0][k] for p in parts for k in range(OFFSETS)]).reshape(len(parts), OFFSETS, -1)
    scores += crf.small_sums([p[1] for p in parts])
    return scores


def _grown(flags: np.ndarray) -> np.ndarray:
    out = np.zeros(len(flags) * 2, dtype=flags.dtype)
    out[:len(flags)] = flags
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
    ends = np.cumsum(lens)
    ends = ends[np.searchsorted(ends, firsts, side="right")].tolist()
    norm, gaz, max_len = table.norm, lexicon().gazetteer, lexicon().max_len
    skip = -1
    for p, end in zip(firsts.tolist(), ends, strict=True):
        if p < skip:
            continue
        stop = min(end, p + max_len)
        key = tuple(norm[i] for i in ids[p:stop].tolist())
        for length in range(len(key), 1, -1):
            kind = gaz.get(key[:length])
            if kind:
                out[p] = "gB=" + kind
                out.update((q, "gI=" + kind) for q in range(p + 1, p + length))
                skip = p + length
                break
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
    rest = em.copy()
    rest[:, out_col] = -np.inf
    keep = em[:, out_col] - rest.max(1) <= margin
    best = np.full(len(em), out_col, dtype=np.int64)
    if not keep.any():
        return best
    chunk = np.repeat(np.arange(len(lens)), lens)
    same_prev = np.concatenate(([False], chunk[1:] == chunk[:-1]))
    same_next = np.concatenate((chunk[1:] == chunk[:-1], [False]))
    kept_prev = np.concatenate(([False], keep[:-1])) & same_prev
    kept_next = np.concatenate((keep[1:], [False])) & same_next
    first = keep & ~kept_prev
    last = keep & ~kept_next
    sub = em.copy()
    sub[first & same_prev] += crf.trans[out_col]  # coming from a fixed O
    sub[last & same_next] += crf.trans[:, out_col]  # going to a fixed O
    idx = np.flatnonzero(keep)
    seg_starts = np.flatnonzero(first[idx])
    seg_lens = np.diff(np.append(seg_starts, len(idx)))
    best[idx] = viterbi(sub[idx], seg_lens, crf.trans)
    return best
