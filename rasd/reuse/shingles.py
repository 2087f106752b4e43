"""Document features for reuse detection: word shingles and winnowed passage fingerprints.

A whole batch of texts is joined (with a non-word separator that also ends a
sentence) and laid out at once by ``rasd.reuse.textcodes.layout``; shingles and
fingerprints are computed over the joined token array with numpy and masked where
they would cross two documents, then split per document. So the numpy call
overhead is paid once per batch, not once per article, and the result for one
article does not depend on the batch it came in. Hashes are stable across
processes and machines: stored signatures and fingerprints depend on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rasd.reuse.textcodes import I64, U64, layout, mix64

__all__ = ["I64", "U64", "DocFeatures", "batch_features", "doc_features", "mix64"]

_POLY = np.uint64(0x9E3779B97F4A7C15)
_PASSAGE_SALT = np.uint64(0x5BD1E9955BD1E995)
_MAX = np.uint64(2**64 - 1)
_SEP = "\n\x00\n"  # no word characters, and a newline: tokens and sentences never span two texts
#: Sentence numbers from a ``sentences`` annotation are moved past the layout's own numbers.
_GIVEN_BASE = 1 << 40


@dataclass(slots=True)
class DocFeatures:
    """What the reuse stage needs from one article's text."""

    shingles: U64  # word-shingle hashes (repeats possible; unique and capped above ``cap``)
    fp_hashes: I64  # passage fingerprints (signed, as stored)
    fp_starts: I64  # char span of the words each fingerprint covers
    fp_ends: I64
    n_tokens: int
    text_chars: int  # characters from the first word to the last


@dataclass(slots=True)
class _Batch:
    hashes: U64
    starts: I64  # token char offsets in the joined text
    ends: I64
    sentence_ids: I64
    doc_of: I64  # document number of each token
    offsets: I64  # char offset of each text in the joined text


def _is_span(item: object, limit: int) -> bool:
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        return False
    a, b = item
    return isinstance(a, int) and isinstance(b, int) and 0 <= a <= b <= limit


def _apply_given(batch: _Batch, texts: Sequence[str], given: Sequence[object], bounds: I64) -> None:
    """Use the text stage's ``sentences`` annotation where it is present and well-formed."""
    for i, spans in enumerate(given):
        if not (isinstance(spans, list) and spans and all(_is_span(s, len(texts[i])) for s in spans)):
            continue
        a, b = int(bounds[i]), int(bounds[i + 1])
        sent_starts = np.array([int(s[0]) for s in spans], dtype=np.int64) + batch.offsets[i]
        local = np.searchsorted(sent_starts, batch.starts[a:b], side="right")
        batch.sentence_ids[a:b] = local + _GIVEN_BASE * (i + 1)


def _lay_out(texts: Sequence[str]) -> _Batch:
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths + len(_SEP))[:-1])).astype(np.int64)
    lay = layout(_SEP.join(texts))
    doc_of = np.searchsorted(offsets, lay.starts, side="right") - 1
    return _Batch(lay.hashes, lay.starts, lay.ends, lay.sentence_ids, doc_of.astype(np.int64), offsets)


def _grams(hashes: U64, size: int, salt: np.uint64) -> U64:
    n = len(hashes) - size + 1
    acc = hashes[:n] ^ salt
    for i in range(1, size):
        acc = acc * _POLY + hashes[i : i + n]
    return mix64(acc)


def _split(values: npt.NDArray[np.generic], docs: I64, n_docs: int) -> list[npt.NDArray[np.generic]]:
    """Split ``values`` (ordered by their document number ``docs``) into one array per document."""
    cuts = np.searchsorted(docs, np.arange(n_docs + 1), side="left")
    return [values[cuts[i] : cuts[i + 1]] for i in range(n_docs)]


def _shingles(batch: _Batch, size: int, cap: int, n_docs: int) -> list[U64]:
    if size <= 0 or len(batch.hashes) < size:
        return [np.zeros(0, dtype=np.uint64) for _ in range(n_docs)]
    grams = _grams(batch.hashes, size, np.uint64(0))
    inside = batch.doc_of[: len(grams)] == batch.doc_of[size - 1 :]
    parts = _split(grams[inside], batch.doc_of[: len(grams)][inside], n_docs)
    return [_capped(np.asarray(p, dtype=np.uint64), cap) for p in parts]


def _capped(shingles: U64, cap: int) -> U64:
    """Repeats are left in below the cap (MinHash minima do not change); above it, the smallest unique."""
    if len(shingles) <= cap:
        return shingles
    out = np.unique(shingles)
    return np.sort(np.partition(out, cap - 1)[:cap]) if len(out) > cap else out


def _window_picks(grams: U64, valid: npt.NDArray[np.bool_], window_ok: npt.NDArray[np.bool_], w: int) -> I64:
    """Winnowing: positions holding the minimum of at least one allowed window of ``w`` grams.

    A value is some window's minimum iff it equals the largest minimum of the windows
    holding it; windows that are not allowed (crossing two documents) count as 0.
    """
    masked = np.where(valid, grams, _MAX)
    n_win = len(masked) - w + 1
    win_min = masked[:n_win].copy()
    for j in range(1, w):
        np.minimum(win_min, masked[j : j + n_win], out=win_min)
    win_min[~window_ok] = 0
    best = np.zeros(len(masked), dtype=np.uint64)
    for j in range(w):
        np.maximum(best[j : j + n_win], win_min, out=best[j : j + n_win])
    picks: I64 = ((best == masked) & valid).nonzero()[0]
    return picks


def _fingerprints(batch: _Batch, size: int, window: int) -> tuple[I64, I64, I64, I64]:
    """(hashes, char starts, char ends, document) of the winnowed in-sentence word ``size``-grams."""
    empty = np.zeros(0, dtype=np.int64)
    if size <= 0 or len(batch.hashes) < size + window - 1:
        return empty, empty, empty, empty
    grams = _grams(batch.hashes, size, _PASSAGE_SALT)
    n = len(grams)
    valid = batch.sentence_ids[:n] == batch.sentence_ids[size - 1 :]
    span = size + window - 2  # last token of a window, counted from its first
    window_ok = batch.doc_of[: n - window + 1] == batch.doc_of[span:]
    picks = _window_picks(grams, valid, window_ok, window)
    return (
        grams[picks].view(np.int64),
        batch.starts[picks],
        batch.ends[picks + size - 1],
        batch.doc_of[picks],
    )


def batch_features(
    texts: Sequence[str],
    given_sentences: Sequence[object],
    shingle_size: int,
    cap: int,
    passage_size: int,
    window: int,
) -> list[DocFeatures]:
    """Features of each text; ``given_sentences`` holds each article's ``sentences`` annotation or None."""
    n_docs = len(texts)
    if not n_docs:
        return []
    batch = _lay_out(texts)
    bounds = np.searchsorted(batch.doc_of, np.arange(n_docs + 1), side="left")
    _apply_given(batch, texts, given_sentences, bounds)
    shingles = _shingles(batch, shingle_size, cap, n_docs)
    fp_h, fp_s, fp_e, fp_doc = _fingerprints(batch, passage_size, window)
    cuts = np.searchsorted(fp_doc, np.arange(n_docs + 1), side="left")
    out = []
    for i in range(n_docs):
        a, b, off = int(bounds[i]), int(bounds[i + 1]), int(batch.offsets[i])
        chars = int(batch.ends[b - 1] - batch.starts[a]) if b > a else 0
        c, d = int(cuts[i]), int(cuts[i + 1])
        out.append(DocFeatures(shingles[i], fp_h[c:d], fp_s[c:d] - off, fp_e[c:d] - off, b - a, chars))
    return out


def doc_features(
    text: str, given_sentences: object, shingle_size: int, cap: int, passage_size: int = 8, window: int = 6
) -> DocFeatures:
    """Features of one text (the same values it gets inside any batch)."""
    return batch_features([text], [given_sentences], shingle_size, cap, passage_size, window)[0]
