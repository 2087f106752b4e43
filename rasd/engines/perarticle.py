"""Per-article work on the executors: the same pure functions the embedded engine runs.

``first_pass`` parses raw inputs (``rasd.sources.parse.parse``), runs the pure
per-article stages (text, dates), the expensive half of the entities stage (CRF
tagging: the stage's own ``ner_payloads``; linking is cross-document and runs on the
driver, see ``linking``) and the reuse stage's shingling and MinHash signatures.
``second_pass`` runs the stages that read the linked entities (quotes). Both are ``mapPartitions`` functions: a
partition is cut into batches of ``batch_size`` so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np

from rasd.model import Article, Rejection
from rasd.pipeline import one_native_thread
from rasd.reuse.minhash import band_keys, signatures
from rasd.reuse.params import ReuseParams
from rasd.reuse.passages import WINDOW
from rasd.reuse.shingles import DocFeatures, batch_features
from rasd.sources.parse import parse
from rasd.sources.readers import RawInput
from rasd.stages import load_stage
from rasd.stages.base import StageContext
from rasd.stages.entities import NerPayload, ner_payloads
from rasd.stages.reuse import _distinct

#: Spark ML MinHashLSH accepts vector sizes up to its hash prime 2038074743: folds are taken modulo this.
VECTOR_SIZE = 2_038_074_742
#: Stages run in the first per-article pass (pure, and reading nothing cross-document).
FIRST_PASS = ("text", "dates")
#: Stages run in the second pass, after entity linking (quotes resolve speakers to entity keys).
SECOND_PASS = ("quotes",)


@dataclass(slots=True)
class ReuseSketch:
    """What duplicate detection needs from one article (None fields: too short to judge)."""

    n_shingles: int
    signature: bytes | None
    band_keys: list[int] | None
    indices: list[int] | None  # sorted distinct folded shingles, for Spark ML MinHashLSH


@dataclass(slots=True)
class FirstPass:
    """One input after the first pass: an article (with annotations) or a rejection."""

    idx: int
    ref: str
    digest: str | None
    result: Article | Rejection
    ner: NerPayload | None = None  # see rasd.stages.entities.ner_payloads
    sketch: ReuseSketch | None = None


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


def run_stages(names: Sequence[str], articles: list[Article], settings: Mapping[str, Any]) -> None:
    """Run pure stages in order over ``articles`` (annotations updated in place), as ``_worker_run`` does."""
    for name in names:
        stage = load_stage(name)
        out = stage(articles, StageContext(settings, None))
        for article, fields in zip(articles, out.fields, strict=True):
            article.annotations.update(fields)


def first_pass(
    items: Iterable[tuple[int, RawInput | Rejection]],
    settings: Mapping[str, Any],
    stages: Sequence[str],
    fetched_at: str,
) -> Iterator[FirstPass]:
    """mapPartitions body: parse, pure stages, NER tagging, reuse sketches, batch by batch."""
    one_native_thread()  # an executor's Python worker runs one task per core, as the pipeline's workers do
    for chunk in batched(items, int(settings.get("batch_size", 500))):
        yield from _first_batch(chunk, settings, stages, fetched_at)


def _first_batch(
    chunk: list[tuple[int, RawInput | Rejection]], settings: Mapping[str, Any], stages: Sequence[str], fetched_at: str
) -> list[FirstPass]:
    out: list[FirstPass] = []
    for idx, item in chunk:
        if isinstance(item, Rejection):
            out.append(FirstPass(idx, item.input_ref, None, item))
        else:
            out.append(FirstPass(idx, item.ref, item.digest, parse(item, settings, fetched_at)))
    rows = [r for r in out if isinstance(r.result, Article)]
    articles: list[Article] = [r.result for r in rows]  # type: ignore[misc]
    run_stages([s for s in FIRST_PASS if s in stages], articles, settings)
    if "entities" in stages:
        for row, payload in zip(rows, ner_payloads(articles, settings), strict=True):
            row.ner = payload
    if "reuse" in stages:
        for row, sketch in zip(rows, reuse_sketches(articles, settings), strict=True):
            row.sketch = sketch
    return out


def reuse_features(articles: Sequence[Article], params: ReuseParams) -> list[DocFeatures]:
    """The reuse stage's own features (``ReuseStage._features``)."""
    texts = [a.text if isinstance(a.text, str) else "" for a in articles]
    sents = [a.annotations.get("sentences") for a in articles]
    return batch_features(texts, sents, params.shingle_size, params.max_shingles, params.passage_min_tokens, WINDOW)


def reuse_sketches(articles: list[Article], settings: Mapping[str, Any]) -> list[ReuseSketch]:
    """Shingle counts, MinHash signatures and band keys exactly as ``ReuseStage._signatures`` makes them."""
    params = ReuseParams.from_settings(settings)
    feats = reuse_features(articles, params)
    out = [ReuseSketch(len(f.shingles), None, None, None) for f in feats]
    chosen = [i for i, f in enumerate(feats) if _distinct(f.shingles, params.min_shingles)]
    if not chosen:
        return out
    sigs = signatures([feats[i].shingles for i in chosen], params.num_perm, params.seed)
    keys = band_keys(sigs, params.bands, params.rows)
    for k, i in enumerate(chosen):
        out[i].signature = sigs[k].astype("<u4").tobytes()
        out[i].band_keys = keys[k].tolist()
        out[i].indices = folded_indices(feats[i].shingles)
    return out


def folded_indices(shingles: np.ndarray[Any, np.dtype[np.uint64]]) -> list[int]:
    """Distinct shingles folded to 32 bits (as MinHash folds them), then into the vector size."""
    folded = (shingles >> np.uint64(32)).astype(np.uint32) ^ shingles.astype(np.uint32)
    return sorted(set((folded.astype(np.int64) % VECTOR_SIZE).tolist()))


def second_pass(
    rows: Iterable[tuple[int, Article]], settings: Mapping[str, Any], stages: Sequence[str]
) -> Iterator[tuple[int, Article]]:
    """mapPartitions body: stages that read linked entities (quotes), batch by batch."""
    names = [s for s in SECOND_PASS if s in stages]
    for chunk in batched(rows, int(settings.get("batch_size", 500))):
        run_stages(names, [a for _, a in chunk], settings)
        yield from chunk
