"""Words, their char spans, matching hashes and sentence numbers, computed with numpy over code points.

The reuse stage reads every article, so per-token Python work dominates its cost.
Here a text is encoded once to UTF-32 (one array element per ``str`` index, so
offsets are the original ones) and everything else is table look-ups and array
operations:

- a word is a maximal run of word characters, as in ``rasd.text.tokenize``
  (letters, digits, Arabic marks, tatweel, and the invisible marks normalisation
  deletes); characters outside the Basic Multilingual Plane count as separators;
- each character is mapped through ``rasd.text.normalise`` (a per-character
  translation: folded letters, no diacritics/tatweel, ASCII digits, lowercase);
  a leading «و» is dropped from words of four or more letters (conjunction);
- a token hash is a position-weighted sum of its mapped code points, mixed
  (stable across processes: stored signatures depend on it);
- a sentence ends at . ! ? ؟ … followed by white space or a closing quote, or at a newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from rasd.text import normalise

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

_BMP = 0x10000
_MAX_POS = 64
_POLY = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_WORD_RUN = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
_WAW = ord("\u0648")
_ENDS = [ord(c) for c in ".!?\u061f\u2026"]
_AFTER_END = [ord(c) for c in " \t\r\n\u00a0\"'\u00bb\u201d\u2019)]"]


@dataclass(slots=True)
class Layout:
    """Tokens of one text: matching hash, char span and sentence number of each."""

    hashes: U64
    starts: I64
    ends: I64
    sentence_ids: I64


def mix64(x: U64) -> U64:
    """splitmix64 finaliser, element-wise (wrapping uint64 arithmetic); returns a new array."""
    x = x ^ (x >> _S30)
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


_WORD, _END, _AFTER_END_BIT, _NEWLINE = 1, 2, 4, 8


@cache
def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32], U64]:
    """(character class bits, normalised code point or 0 when not kept, position multipliers) for the BMP."""
    every = "".join(map(chr, range(_BMP)))
    classes = np.zeros(_BMP, dtype=np.uint8)
    for m in _WORD_RUN.finditer(every):
        classes[m.start() : m.end()] = _WORD
    # normalise maps each character on its own: one call over all of them, NUL-separated
    pieces = normalise("\x00".join(every[1:])).split("\x00")
    mapped = np.zeros(_BMP, dtype=np.uint32)
    for code, value in enumerate(pieces, start=1):
        if value:
            mapped[code] = ord(value[0])
        else:  # characters normalisation deletes (marks, bidi controls, ZWNJ) join words
            classes[code] = _WORD
    mapped[classes == 0] = 0
    classes[_ENDS] |= _END
    classes[_AFTER_END] |= _AFTER_END_BIT
    classes[10] |= _NEWLINE
    rng = np.random.default_rng(0x7A5D)
    mult = rng.integers(1, 2**63, size=_MAX_POS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return classes, mapped, mult


def code_points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _empty_layout() -> Layout:
    empty = np.zeros(0, dtype=np.int64)
    return Layout(np.zeros(0, dtype=np.uint64), empty, empty, empty)


def layout(text: str) -> Layout:
    """Tokens of ``text`` with hashes, spans and sentence numbers (no Python loop per token)."""
    classes_t, mapped_t, mult = _tables()
    cps = code_points(text)
    if not len(cps):
        return _empty_layout()
    astral = bool(cps.max() >= _BMP)
    bmp = np.minimum(cps, _BMP - 1) if astral else cps
    cls = classes_t[bmp]
    if astral:
        cls[cps >= _BMP] = 0
    padded = np.zeros(len(cls) + 2, dtype=np.int8)
    padded[1:-1] = cls & _WORD
    edges = padded[1:] - padded[:-1]
    starts, ends = (edges == 1).nonzero()[0], (edges == -1).nonzero()[0]
    mapped = mapped_t[bmp]
    if astral:
        mapped[cps >= _BMP] = 0
    kept = mapped.nonzero()[0]
    if not len(kept):
        return _empty_layout()
    hashes, present = _token_hashes(mapped, kept, starts, mult)
    starts, ends = starts[present], ends[present]
    return Layout(hashes, starts, ends, _sentence_ids(cls, starts))


def _first_of_runs(tok: I64) -> tuple[I64, I64]:
    """Index of the first element of each run of equal values in ``tok``, and each run's length."""
    change = np.empty(len(tok), dtype=bool)
    change[0] = True
    np.not_equal(tok[1:], tok[:-1], out=change[1:])
    first = change.nonzero()[0]
    counts = np.empty(len(first), dtype=np.int64)
    counts[:-1] = first[1:] - first[:-1]
    counts[-1] = len(tok) - first[-1]
    return first, counts


def _token_hashes(mapped: npt.NDArray[np.uint32], kept: I64, starts: I64, mult: U64) -> tuple[U64, I64]:
    """Hash of each token with kept characters, and the indexes of those tokens."""
    marks = np.zeros(len(mapped), dtype=np.int64)
    marks[starts] = 1
    tok = np.cumsum(marks)[kept] - 1
    first, counts = _first_of_runs(tok)
    waw = first[(mapped[kept[first]] == _WAW) & (counts >= 4)]  # a leading conjunction «و» is dropped
    if len(waw):
        keep = np.ones(len(kept), dtype=bool)
        keep[waw] = False
        kept, tok = kept[keep], tok[keep]
        first, counts = _first_of_runs(tok)
    pos = np.arange(len(tok)) - np.repeat(first, counts)
    contrib = (mapped[kept].astype(np.uint64) + np.uint64(1)) * mult[np.minimum(pos, _MAX_POS - 1)]
    sums = np.add.reduceat(contrib, first)
    return mix64(sums ^ (counts.astype(np.uint64) * _POLY)), tok[first]


def _sentence_ids(cls: npt.NDArray[np.uint8], starts: I64) -> I64:
    """Sentence number of each token (see the module docstring for the rule)."""
    ends = ((cls[:-1] & _END) != 0) & ((cls[1:] & _AFTER_END_BIT) != 0)
    breaks = (ends | ((cls[:-1] & _NEWLINE) != 0)).nonzero()[0]
    flags = np.zeros(len(starts), dtype=np.int64)
    if len(breaks):
        firsts = np.searchsorted(starts, breaks, side="right")
        flags[firsts[firsts < len(starts)]] = 1
    flags[0] = 0
    return np.cumsum(flags)


def token_hashes(words: list[str]) -> U64:
    """Matching hashes of separate words (the values ``layout`` gives the same words in a text)."""
    return layout(" ".join(words)).hashes
