"""Window network for Arabic NER (issue 5, round 11): per-token label probabilities that both CRF
passes read as features.

A one-hidden-layer network (Collobert et al. 2011's "window approach") sees the words at -2..+2;
each word is its distributional vector and the vector of its clitic-stripped form (word vectors
built from unlabelled ANT news by ``scripts/build_word_vectors.py``; 64 dimensions, int8, for the
most frequent word forms of ``clusters_ar.tsv``), the CRF's cheap flags (gazetteer, given name,
title, demonym, stop word, shape, name-likeness bin), out-of-vocabulary marks and the multi-word
gazetteer B/I tag. Its output, binned (``nn=B-PERS:3``), is a feature of the token and of its
neighbours in both CRFs (``scripts/train_ner.py`` trains them on out-of-fold outputs).

The first layer is linear in the concatenated window, so a word's contribution at each offset is
one vector per word, computed once per distinct word (``WindowRows``, filled with the CRF's
``WordTable``); tagging a batch is five gathers, a ReLU, one small matrix product and a softmax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from rasd.data import read_lines
from rasd.errors import ModelMissing
from rasd.ner.doclabels import with_neighbours
from rasd.ner.fastcrf import LinearCRF
from rasd.ner.features import FAMILIES, FamilyKey, gazetteer_tags, small_groups
from rasd.text import normalise

MODEL_NAME = "window_ar.npz"  # in each model set's folder (rasd.ner.model.MODELS, HELD_BACK_MODELS)
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "ner" / MODEL_NAME
VECTORS_PATH = MODEL_PATH.with_name("vectors_ar.npz")  # scripts/build_word_vectors.py; shared by the sets
WIDTH = 2  # words either side
CUTS = (0.1, 0.3, 0.5, 0.7, 0.9)  # probability bins of the CRF features (0: below 0.1, no feature)
GAZ_TAGS = ("gB=PERS", "gI=PERS", "gB=LOC", "gI=LOC", "gB=ORG", "gI=ORG", "gB=MISC", "gI=MISC")
MARKS = (*GAZ_TAGS, "w-oov", "st-oov", "pad")  # input columns after the flags
BLOCK = 1024  # tokens per block of the hidden layer (0.5 MB: it stays in cache; 8,192 cost 1.5x)


@dataclass(frozen=True)
class Inputs:
    """How a normalised word becomes the network's input row: ``vocab`` maps a word form to its
    vector row (the vectors' words are the first rows of ``clusters_ar.tsv``), ``flags`` maps each
    flag string seen in training to its column (after the two vectors)."""

    vectors: np.ndarray  # (words + 1) x dims float32; the last row is zeros (unknown)
    vocab: dict[str, int]
    flags: dict[str, int]

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    @property
    def width(self) -> int:
        """Input columns per word: two vectors, the flags, then ``MARKS``."""
        return 2 * self.dims + len(self.flags) + len(MARKS)

    def mark(self, name: str) -> int:
        return 2 * self.dims + len(self.flags) + MARKS.index(name)

    def rows(self, norms: Sequence[str]) -> np.ndarray:
        """(words x width) input rows of normalised words, without gazetteer tags (per position);
        ``WindowRows`` keeps the same per word as integers."""
        unk = len(self.vectors) - 1
        out = np.zeros((len(norms), self.width), dtype=np.float32)
        base = 2 * self.dims
        for i, n in enumerate(norms):
            st, flags, _, _ = small_groups(n)
            wid, sid = self.vocab.get(n, unk), self.vocab.get(st[3:], unk)
            out[i, :self.dims] = self.vectors[wid]
            out[i, self.dims:base] = self.vectors[sid]
            out[i, base:] = self.rest_row(self.flag_set(flags, wid, sid))
        return out

    def flag_set(self, flags: tuple[str, ...], wid: int, sid: int) -> tuple[str, ...]:
        """A word's flags plus its out-of-vocabulary marks, given its two vector rows."""
        unk = len(self.vectors) - 1
        return (*flags, "w-oov" if wid == unk else "", "st-oov" if sid == unk else "")

    def rest_row(self, flags: tuple[str, ...]) -> np.ndarray:
        """The input columns after the two vectors for a word with these flags and marks."""
        base = 2 * self.dims
        row = np.zeros(self.width - base, dtype=np.float32)
        for f in flags:
            col = self.flags.get(f)
            if col is not None:
                row[col] = 1.0
            elif f in MARKS:
                row[self.mark(f) - base] = 1.0
        return row

    def pad_row(self) -> np.ndarray:
        """The input row of a position outside the sentence."""
        out = np.zeros(self.width, dtype=np.float32)
        out[self.mark("pad")] = 1.0
        return out


def vector_words(count: int) -> list[str]:
    """The word forms the shipped vectors belong to: the first ``count`` rows of clusters_ar.tsv
    (most frequent first)."""
    out: list[str] = []
    for line in read_lines("ner/clusters_ar.tsv"):
        out.append(line.split("\t", 1)[0])
        if len(out) == count:
            break
    return out


def dequantise(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """int8 rows with a per-row float16 scale -> float32, plus the zero row for unknown words."""
    vec = q.astype(np.float32) * scale.astype(np.float32)[:, None]
    return np.vstack([vec, np.zeros((1, vec.shape[1]), np.float32)])


@dataclass(frozen=True)
class WindowNet:
    """The trained network: first layer per window offset ``w1`` (2*WIDTH+1, width, hidden), ``b1``,
    output layer ``w2`` (hidden, labels), ``b2``, over ``inputs``."""

    inputs: Inputs
    labels: tuple[str, ...]
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, hidden_in: np.ndarray) -> np.ndarray:
        """Softmax label probabilities from the summed first-layer inputs (tokens x hidden; changed
        in place). The logits are taken relative to label 0's and capped at 60, which keeps exp
        finite without a row maximum (a slow reduction over 9 columns)."""
        h = hidden_in
        h += self.b1
        np.maximum(h, 0.0, out=h)
        z = h @ self.w2
        z += self.b2
        z -= z[:, :1]
        np.minimum(z, 60.0, out=z)
        np.exp(z, out=z)
        z /= (z @ np.ones(z.shape[1], dtype=z.dtype))[:, None]
        out: np.ndarray = z
        return out

    def probabilities_of(self, x: np.ndarray) -> np.ndarray:
        """Probabilities from whole window input rows (``window_matrix``; training)."""
        hidden_in: np.ndarray = x @ self.w1.reshape(-1, self.w1.shape[2])
        return self.probabilities(hidden_in)

    def save(self, path: Path) -> None:
        """The network and its flag columns (the vectors are a file of their own, ``VECTORS_PATH``)."""
        np.savez_compressed(
            path, flags=np.array(sorted(self.inputs.flags, key=self.inputs.flags.__getitem__)),
            labels=np.array(self.labels), w1=self.w1.astype(np.float16), b1=self.b1.astype(np.float16),
            w2=self.w2.astype(np.float16), b2=self.b2.astype(np.float16))

    @classmethod
    def load(cls, path: Path, vectors: Path) -> WindowNet:
        for p in (path, vectors):
            if not p.exists():
                raise ModelMissing(f"NER window network file not found at {p}; run scripts/build_word_vectors.py "
                                   "and scripts/train_ner.py")
        with np.load(path, allow_pickle=False) as z:
            flags = {str(f): i for i, f in enumerate(z["flags"].tolist())}
            labels = tuple(str(x) for x in z["labels"].tolist())
            w1, b1, w2, b2 = (z[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))
        return cls(load_inputs(vectors, flags), labels, w1, b1, w2, b2)


def load_inputs(vectors: Path, flags: dict[str, int]) -> Inputs:
    """``Inputs`` over the shipped vectors file (int8 rows, float16 scales) and ``flags``."""
    with np.load(vectors, allow_pickle=False) as z:
        vec = dequantise(z["q"], z["scale"])
    return Inputs(vec, {w: i for i, w in enumerate(vector_words(len(vec) - 1))}, flags)


def window_net(models: Path = MODEL_PATH.parent) -> WindowNet:
    """The window network of the model set in the folder ``models`` (rasd.ner.model.MODELS by default),
    loaded once per folder."""
    return _window_net(models)


@cache
def _window_net(models: Path) -> WindowNet:
    return WindowNet.load(models / MODEL_NAME, VECTORS_PATH)


class WindowRows:
    """Per word row of a ``WordTable``, what the network needs of the word: its vector row, its
    clitic-stripped form's vector row and a code for its flags (filled with the table; a row is
    three integers). Each batch computes the first-layer parts of its distinct words once (two
    small matrix products per window slot), so the memory stays bounded by the batch."""

    def __init__(self, net: WindowNet) -> None:
        self.net = net
        inputs, w1 = net.inputs, net.w1
        d = inputs.dims
        self.vid = np.zeros(1024, dtype=np.int32)
        self.sid = np.zeros(1024, dtype=np.int32)
        self.code = np.zeros(1024, dtype=np.int32)
        self._codes: dict[tuple[str, ...], int] = {}
        self._code_rows: list[np.ndarray] = []  # per code, the word's input row after the vectors
        self._by_word = np.ascontiguousarray(w1[:, :d])  # (slots x dims x hidden)
        self._by_stem = np.ascontiguousarray(w1[:, d:2 * d])
        self._both = self._by_word + self._by_stem  # for words that are their own clitic-stripped form
        self._rest = np.ascontiguousarray(w1[:, 2 * d:])  # flags and marks
        self._pad = np.einsum("w,kwh->kh", inputs.pad_row(), w1)  # (slots x hidden)
        self._gaz = np.stack([w1[:, inputs.mark(tag)] for tag in GAZ_TAGS])  # (tags x slots x hidden)
        self._code_parts = np.zeros((2 * WIDTH + 1, 0, w1.shape[2]), dtype=np.float32)

    def put(self, start: int, norms: Sequence[str], keys: Sequence[tuple[FamilyKey, ...]]) -> None:
        """Rows from ``start`` on for new normal forms, whose ``all_family_keys`` are ``keys``."""
        while start + len(norms) > len(self.vid):
            self.vid, self.sid, self.code = (np.concatenate([a, np.zeros_like(a)]) for a in (self.vid, self.sid, self.code))
        inputs = self.net.inputs
        unk = len(inputs.vectors) - 1
        stop = start + len(norms)
        self.vid[start:stop] = [inputs.vocab.get(n, unk) for n in norms]
        self.sid[start:stop] = [inputs.vocab.get(str(k[1])[3:], unk) for k in keys]  # "st=..."
        codes = self._codes
        before = len(codes)
        for row, (vid, sid, k) in enumerate(zip(self.vid[start:stop].tolist(), self.sid[start:stop].tolist(), keys,
                                                strict=True), start):
            flags = inputs.flag_set(k[FAMILIES], vid, sid)  # type: ignore[arg-type]
            got = codes.get(flags)
            if got is None:
                got = codes[flags] = len(codes)
                self._code_rows.append(inputs.rest_row(flags))
            self.code[row] = got
        if len(codes) > before:
            rest = np.vstack(self._code_rows[before:])
            self._code_parts = np.concatenate([self._code_parts, np.einsum("cw,kwh->kch", rest, self._rest)], axis=1)

    def probabilities(self, ids: np.ndarray, lens: np.ndarray, gtags: dict[int, str]) -> np.ndarray:
        """(tokens x labels) probabilities for chunks laid end to end (as ``fastcrf.emissions``),
        computed in blocks of BLOCK tokens so the hidden layer stays in cache."""
        out = np.empty((len(ids), len(self.net.labels)), dtype=np.float32)
        if not len(ids):
            return out
        uniq, local = np.unique(ids, return_inverse=True)
        parts, rank = self._parts(uniq)
        chunk = np.repeat(np.arange(len(lens)), lens)
        padded = np.full(len(ids) + 2 * len(lens) + 2 * WIDTH, len(uniq), dtype=np.int64)
        real = np.arange(len(ids)) + 2 * chunk + WIDTH  # WIDTH padding rows between chunks
        padded[real] = rank[local.ravel()]
        gaz = self._gaz_inputs(gtags, chunk)
        tmp = np.empty((min(BLOCK, len(ids)), parts.shape[2]), dtype=np.float32)
        for lo in range(0, len(ids), BLOCK):
            hi = min(lo + BLOCK, len(ids))
            acc = np.take(parts[0], padded[real[lo:hi] - WIDTH], axis=0)
            part = tmp[:hi - lo]
            for slot in range(1, 2 * WIDTH + 1):  # the word at token + (slot - WIDTH) fills this slot
                np.take(parts[slot], padded[real[lo:hi] + slot - WIDTH], axis=0, out=part)
                acc += part
            for tok, vecs in gaz:  # one pair per window slot: a token appears at most once in each
                inside = (tok >= lo) & (tok < hi)
                acc[tok[inside] - lo] += vecs[inside]
            out[lo:hi] = self.net.probabilities(acc)
        return out

    def _parts(self, uniq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(slots x (words + 1) x hidden first-layer parts of the table rows ``uniq``, the last row
        the padding; the part row of each of ``uniq``). Words without either vector need no product,
        words whose clitic-stripped form is the word itself one (the two slot matrices summed)."""
        unk = len(self.net.inputs.vectors) - 1
        vid, sid = self.vid[uniq], self.sid[uniq]
        none = (vid == unk) & (sid == unk)
        same = (vid == sid) & ~none
        order = np.concatenate([np.flatnonzero(same), np.flatnonzero(~same & ~none), np.flatnonzero(none)])
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        n_same, n_vec = int(same.sum()), int(len(uniq) - none.sum())
        vec = self.net.inputs.vectors
        words, stems = vec[vid[order[:n_vec]]], vec[sid[order[n_same:n_vec]]]
        codes = self.code[uniq][order]
        parts = np.empty((2 * WIDTH + 1, len(uniq) + 1, self._pad.shape[1]), dtype=np.float32)
        for slot in range(2 * WIDTH + 1):
            p = parts[slot]
            np.take(self._code_parts[slot], codes, axis=0, out=p[:-1])
            p[:n_same] += words[:n_same] @ self._both[slot]
            p[n_same:n_vec] += words[n_same:] @ self._by_word[slot]
            p[n_same:n_vec] += stems @ self._by_stem[slot]
            p[-1] = self._pad[slot]
        return parts, rank

    def _gaz_inputs(self, gtags: dict[int, str], chunk: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per window slot, (token, first-layer input) pairs of the multi-word gazetteer tags:
        position p's tag is in slot k of the window of token p - (k - WIDTH), when that token is in
        p's chunk. Within a slot no token repeats, so the pairs add with plain indexing."""
        if not gtags:
            return []
        pos = np.fromiter(gtags, dtype=np.int64, count=len(gtags))
        kinds = np.array([GAZ_TAGS.index(t) for t in gtags.values()])
        out = []
        for slot in range(2 * WIDTH + 1):
            t = pos - (slot - WIDTH)
            ok = (t >= 0) & (t < len(chunk))
            ok[ok] &= chunk[t[ok]] == chunk[pos[ok]]
            out.append((t[ok], self._gaz[kinds[ok], slot]))
        return out


def bins(probs: np.ndarray) -> np.ndarray:
    """(tokens x entity labels) bin 0..len(CUTS) of each label's probability (the network's label
    0 is O and has no feature)."""
    out: np.ndarray = np.searchsorted(np.asarray(CUTS, dtype=probs.dtype), probs[:, 1:], side="right")
    return out


def bin_features(probs: np.ndarray, labels: Sequence[str]) -> list[list[str]]:
    """CRF feature strings per token of one sentence: the token's own ``nn=LABEL:BIN`` and its
    neighbours' with a -1/+1 prefix (the reference for ``bin_scores``; used in training)."""
    own = [[f"nn={lab}:{k}" for lab, k in zip(labels[1:], row, strict=True) if k] for row in bins(probs).tolist()]
    return with_neighbours(own)


def window_matrix(inputs: Inputs, norms: Sequence[Sequence[str]], gtags: Sequence[Sequence[str]]) -> np.ndarray:
    """(tokens x (2*WIDTH+1)*width) network inputs of sentences of normalised words laid end to end,
    each token's window concatenated slot by slot (training; ``WindowRows`` computes the same
    first layer from per-word parts). ``gtags``: per token its multi-word gazetteer tag or ''."""
    out: list[np.ndarray] = []
    pad = inputs.pad_row()[None, :]
    for sent, tags in zip(norms, gtags, strict=True):
        rows = inputs.rows(sent)
        for i, tag in enumerate(tags):
            if tag:
                rows[i, inputs.mark(tag)] = 1.0
        padded = np.vstack([pad] * WIDTH + [rows] + [pad] * WIDTH)
        out.append(np.hstack([padded[slot:slot + len(sent)] for slot in range(2 * WIDTH + 1)]))
    return np.vstack(out) if out else np.zeros((0, (2 * WIDTH + 1) * inputs.width), dtype=np.float32)


@cache
def _bin_tables(crf: LinearCRF, labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per (entity label, bin): the CRF weights of its feature on the token, as the left (-1) and as
    the right (+1) neighbour's; bin 0 has none (zeros)."""
    n_bins = len(CUTS) + 1
    tables = [np.zeros(((len(labels) - 1) * n_bins, len(crf.labels))) for _ in range(3)]
    for j, lab in enumerate(labels[1:]):
        for k in range(1, n_bins):
            for table, prefix in zip(tables, ("", "-1", "+1"), strict=True):
                table[j * n_bins + k] = crf.vector([f"{prefix}nn={lab}:{k}"])
    return tables[0], tables[1], tables[2]


def bin_scores(crf: LinearCRF, probs: np.ndarray, lens: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """(tokens x CRF labels) summed weights of ``bin_features`` for chunks laid end to end, from
    per-(label, bin) tables instead of feature strings. Most tokens have no label at 0.1 or more
    (no feature), so only the (token, label) pairs that do are gathered."""
    own, left, right = _bin_tables(crf, tuple(labels))
    out = np.zeros((len(probs), len(crf.labels)))
    b = bins(probs)
    rows, cols = np.nonzero(b)
    if not len(rows):
        return out
    flat = cols * (len(CUTS) + 1) + b[rows, cols]
    starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    tok = rows[starts]  # tokens with a feature, each once
    out[tok] = np.add.reduceat(own[flat], starts, axis=0)
    chunk = np.repeat(np.arange(len(lens)), lens)
    last = len(probs) - 1
    nxt, prv = np.minimum(tok + 1, last), np.maximum(tok - 1, 0)
    ok = (tok < last) & (chunk[nxt] == chunk[tok])  # the token is its right neighbour's "-1"
    out[nxt[ok]] += np.add.reduceat(left[flat], starts, axis=0)[ok]
    ok = (tok > 0) & (chunk[prv] == chunk[tok])  # and its left neighbour's "+1"
    out[prv[ok]] += np.add.reduceat(right[flat], starts, axis=0)[ok]
    return out


def sentence_bin_features(sents: Sequence[Sequence[str]], net: WindowNet | None = None) -> list[list[list[str]]]:
    """``bin_features`` of the network's output for sentences of raw words, each sentence its own
    chunk: the slow reference of what the fast tagger adds (tests; the run time uses
    ``WindowRows`` and ``bin_scores``)."""
    net = net or window_net()
    norms = [[normalise(w) for w in s] for s in sents]
    probs = net.probabilities_of(window_matrix(net.inputs, norms, [gazetteer_tags(n) for n in norms]))
    out: list[list[list[str]]] = []
    start = 0
    for s in norms:
        out.append(bin_features(probs[start:start + len(s)], net.labels))
        start += len(s)
    return out
