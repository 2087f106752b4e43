"""The shipped Arabic NER model (a CRFsuite file) and tagging helpers.

Tagging goes through rasd.ner.fastcrf (per-word score tables and batched Viterbi),
which gives the same tags as CRFsuite's own tagger, many times faster.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pycrfsuite

from rasd.errors import ModelMissing
from rasd.ner.doclabels import (
    N_CODES,
    batch_flag_codes,
    flag_positions,
    flags_of_code,
    kinds_of,
    positions_with_neighbours,
    surname_repeats,
)
from rasd.ner.fastcrf import LinearCRF, WordTable, gazetteer_positions, tag_ids
from rasd.ner.window import WindowRows, bin_scores, window_net

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "ner" / "ar_crf.bin"
DOC_MODEL_PATH = MODEL_PATH.with_name("ar_crf_doc.bin")  # second, document-consistency pass
DOC_WINDOW = 30  # sentences either side when a text has no document marks (training, evaluation)


def _open(path: Path) -> pycrfsuite.Tagger:
    if not path.exists():
        raise ModelMissing(f"NER model not found at {path}; run scripts/train_ner.py")
    tg = pycrfsuite.Tagger()
    tg.open(str(path))
    return tg


@cache
def tagger() -> pycrfsuite.Tagger:
    return _open(MODEL_PATH)


@cache
def doc_tagger() -> pycrfsuite.Tagger:
    return _open(DOC_MODEL_PATH)


@cache
def model() -> tuple[LinearCRF, WordTable]:
    """The first-pass model's weights and the process-wide word score table (whose twin holds
    the second-pass model's scores, see ``doc_model``, and whose window rows the window network's
    first layer, rasd.ner.window)."""
    crf = LinearCRF(tagger())
    return crf, WordTable(crf, WordTable(doc_model_crf()), WindowRows(window_net()))


@cache
def doc_model_crf() -> LinearCRF:
    return LinearCRF(doc_tagger())


def first_pass(ids: np.ndarray, lens: np.ndarray, margin: float | None = None
               ) -> tuple[np.ndarray, dict[int, str], np.ndarray | None]:
    """(label index per token of the first-pass model, gazetteer tags, the window network's label
    probabilities, or None when the table has no window rows)."""
    crf, table = model()
    gtags = gazetteer_positions(table, ids, lens)
    probs = table.window.probabilities(ids, lens, gtags) if isinstance(table.window, WindowRows) else None
    extra = None if probs is None else bin_scores(crf, probs, lens, window_net().labels)
    best, gtags = tag_ids(crf, table, ids, lens, margin, gtags=gtags, extra=extra)
    return best, gtags, probs


def tag_two_pass(ids: np.ndarray, lens: np.ndarray, docs: list[int], window: int | None = None,
                 margin: float | None = None, surnames: bool = True) -> tuple[np.ndarray, dict[int, str], LinearCRF]:
    """(label index per token, gazetteer tags, the model whose labels they index): the first
    pass, then the document-consistency pass (rasd.ner.doclabels) with flags from the first
    pass's labels within each document (``docs``: chunks per document; ``window``: sentences
    either side, None = the whole document). Both passes also read the window network's output.
    With ``surnames``, lone repeats of a full name's surname become names (``surname_repeats``)."""
    crf, table = model()
    best, gtags, probs = first_pass(ids, lens, margin)
    second, twin = doc_model_crf(), table.twin
    if twin is None:
        raise ModelMissing("the word table has no second-pass twin")
    extra = None if probs is None else bin_scores(second, probs, lens, window_net().labels)
    if window is None:
        ends = np.concatenate(([0], np.cumsum(lens)))[np.cumsum([0, *docs])]
        codes = batch_flag_codes(table.dkid[ids], _kinds(crf)[best], np.diff(ends).tolist())
        if codes.any():
            flagged = flag_scores(second, codes, lens)
            extra = flagged if extra is None else extra + flagged
        best, _ = tag_ids(second, twin, ids, lens, margin, gtags=gtags, extra=extra)
    else:
        keys = [table.dkey[i] for i in ids.tolist()]
        flags = flag_positions(keys, [crf.labels[i] for i in best.tolist()], lens.tolist(), docs, window)
        best, _ = tag_ids(second, twin, ids, lens, margin, positions_with_neighbours(flags, lens), gtags, extra)
    if surnames:
        norms = table.norm
        found = surname_repeats(best, second.labels, table.dkid[ids], lambda p: norms[int(ids[p])], lens, docs, window)
        best[found] = second.labels.index("B-PERS")
    return best, gtags, second


def flag_scores(crf: LinearCRF, codes: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """(tokens x labels) weights of the document-consistency flags of every token (``codes``,
    from ``batch_flag_codes``) and of its neighbours' inside its chunk (``-1``/``+1``, as in
    ``doclabels.with_neighbours``): three gathers from per-code tables."""
    own, left, right = _code_vectors(crf)
    out: np.ndarray = own[codes]
    chunk = np.repeat(np.arange(len(lens)), lens)
    same = (chunk[1:] == chunk[:-1])[:, None]
    out[1:] += left[codes[:-1]] * same  # the left neighbour's flags, as "-1..." features
    out[:-1] += right[codes[1:]] * same
    return out


@cache
def _code_vectors(crf: LinearCRF) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per flag code: the summed weights of its flags on the token itself, as the left (-1) and as
    the right (+1) neighbour's."""
    tables = [np.zeros((N_CODES, len(crf.labels))) for _ in range(3)]
    for code in range(1, N_CODES):
        flags = flags_of_code(code)
        for table, prefix in zip(tables, ("", "-1", "+1"), strict=True):
            table[code] = crf.vector([prefix + f for f in flags])
    return tables[0], tables[1], tables[2]


@cache
def _kinds(crf: LinearCRF) -> np.ndarray:
    return kinds_of(crf.labels)


def tag_sentences(sents: list[list[str]], window: int = DOC_WINDOW) -> list[list[str]]:
    """IOB2 tags (PERS/LOC/ORG/MISC) for sentences of raw words, tagged in one batch; the
    sentences are taken as running text (document-consistency flags from ``window`` sentences
    either side)."""
    crf, table = model()
    words = [w for s in sents for w in s]
    lens = np.array([len(s) for s in sents if s], dtype=np.int64)
    best, _, crf = tag_two_pass(table.lookup(words), lens, [len(lens)], window)
    labels = [crf.labels[i] for i in best.tolist()]
    out: list[list[str]] = []
    start = 0
    for s in sents:
        out.append(labels[start:start + len(s)])
        start += len(s)
    return out


def tag_words(words: list[str]) -> list[str]:
    """IOB2 tags for one sentence of raw words."""
    return tag_sentences([words])[0] if words else []
