"""The shipped Arabic NER model (a CRFsuite file) and tagging helpers.

Tagging goes through rasd.ner.fastcrf (per-word score tables and batched Viterbi),
which gives the same tags as CRFsuite's own tagger, many times faster.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

import numpy as np
import pycrfsuite

from rasd.errors import ModelMissing
from rasd.ner.conll import to_iob2
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

MODELS = Path(__file__).resolve().parent.parent / "data" / "ner"  # the shipped models: all of ANERcorp-dev
HELD_BACK_MODELS = MODELS / "held-back"  # the same recipe trained on its first 80% only (`rasd eval entities`)
MODEL_NAME, DOC_MODEL_NAME = "ar_crf.bin", "ar_crf_doc.bin"  # the second: the document-consistency pass
MODEL_PATH = MODELS / MODEL_NAME
DOC_MODEL_PATH = MODELS / DOC_MODEL_NAME
DOC_WINDOW = 30  # sentences either side when a text has no document marks (training, evaluation)


_BUFFERS: list[bytes] = []


def _open(path: Path) -> pycrfsuite.Tagger:
    """A CRFsuite tagger over ``path``, or over ``path`` + ".gz" (the held-back models ship compressed)."""
    tg = pycrfsuite.Tagger()
    packed = path.with_name(path.name + ".gz")
    if path.exists():
        tg.open(str(path))
    elif packed.exists():
        data = gzip.decompress(packed.read_bytes())
        _BUFFERS.append(data)  # CRFsuite reads the model in place: the bytes must outlive the tagger
        tg.open_inmemory(data)
    else:
        raise ModelMissing(f"NER model not found at {path}; run scripts/train_ner.py")
    return tg


# Each model set is loaded once per process. The cached functions take the folder as a required
# argument, so that ``model()`` and ``model(MODELS)`` are one cache entry (one word table).

def tagger(models: Path = MODELS) -> pycrfsuite.Tagger:
    return _tagger(models)


@cache
def _tagger(models: Path) -> pycrfsuite.Tagger:
    return _open(models / MODEL_NAME)


def doc_tagger(models: Path = MODELS) -> pycrfsuite.Tagger:
    return _doc_tagger(models)


@cache
def _doc_tagger(models: Path) -> pycrfsuite.Tagger:
    return _open(models / DOC_MODEL_NAME)


def model(models: Path = MODELS) -> tuple[LinearCRF, WordTable]:
    """The first-pass model's weights and the process-wide word score table (whose twin holds
    the second-pass model's scores, see ``doc_model``, and whose window rows the window network's
    first layer, rasd.ner.window); ``models``: the folder of the model set (``MODELS`` or
    ``HELD_BACK_MODELS``)."""
    return _model(models)


@cache
def _model(models: Path) -> tuple[LinearCRF, WordTable]:
    crf = LinearCRF(tagger(models))
    return crf, WordTable(crf, WordTable(doc_model_crf(models)), WindowRows(window_net(models)))


def doc_model_crf(models: Path = MODELS) -> LinearCRF:
    return _doc_model_crf(models)


@cache
def _doc_model_crf(models: Path) -> LinearCRF:
    return LinearCRF(doc_tagger(models))


def first_pass(ids: np.ndarray, lens: np.ndarray, margin: float | None = None, models: Path = MODELS
               ) -> tuple[np.ndarray, dict[int, str], np.ndarray | None]:
    """(label index per token of the first-pass model, gazetteer tags, the window network's label
    probabilities, or None when the table has no window rows)."""
    crf, table = model(models)
    gtags = gazetteer_positions(table, ids, lens)
    probs = table.window.probabilities(ids, lens, gtags) if isinstance(table.window, WindowRows) else None
    extra = None if probs is None else bin_scores(crf, probs, lens, window_net(models).labels)
    best, gtags = tag_ids(crf, table, ids, lens, margin, gtags=gtags, extra=extra)
    return best, gtags, probs


def tag_two_pass(ids: np.ndarray, lens: np.ndarray, docs: list[int], window: int | None = None,
                 margin: float | None = None, surnames: bool = True, models: Path = MODELS
                 ) -> tuple[np.ndarray, dict[int, str], LinearCRF]:
    """(label index per token, gazetteer tags, the model whose labels they index): the first
    pass, then the document-consistency pass (rasd.ner.doclabels) with flags from the first
    pass's labels within each document (``docs``: chunks per document; ``window``: sentences
    either side, None = the whole document). Both passes also read the window network's output.
    With ``surnames``, lone repeats of a full name's surname become names (``surname_repeats``).
    ``models``: the folder of the model set (``model``); the table passed in ``ids`` must be its."""
    crf, table = model(models)
    best, gtags, probs = first_pass(ids, lens, margin, models)
    second, twin = doc_model_crf(models), table.twin
    if twin is None:
        raise ModelMissing("the word table has no second-pass twin")
    extra = None if probs is None else bin_scores(second, probs, lens, window_net(models).labels)
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
        best[found] = second.labels.index("S-PERS" if "S-PERS" in second.labels else "B-PERS")
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


def tag_sentences(sents: list[list[str]], window: int = DOC_WINDOW, models: Path = MODELS) -> list[list[str]]:
    """IOB2 tags (PERS/LOC/ORG/MISC; a BIOES model's tags are read back as IOB2) for sentences of raw
    words, tagged in one batch; the sentences are taken as running text (document-consistency flags from ``window`` sentences
    either side). ``models``: the model set's folder (``model``)."""
    crf, table = model(models)
    words = [w for s in sents for w in s]
    lens = np.array([len(s) for s in sents if s], dtype=np.int64)
    best, _, crf = tag_two_pass(table.lookup(words), lens, [len(lens)], window, models=models)
    labels = to_iob2([crf.labels[i] for i in best.tolist()])
    out: list[list[str]] = []
    start = 0
    for s in sents:
        out.append(labels[start:start + len(s)])
        start += len(s)
    return out


def tag_words(words: list[str]) -> list[str]:
    """IOB2 tags for one sentence of raw words."""
    return tag_sentences([words])[0] if words else []
