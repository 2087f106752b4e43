"""The ``reuse`` stage: near-duplicate articles (MinHash + LSH) and reused passages.

For each article: ``duplicate_of`` (the canonical, earliest article of its
near-duplicate group, or None), ``revision_of`` (the previous article with the
same URL, or None) and ``reuse`` (share of its text carried earlier by other
articles, from which outlets and articles). The stage keeps its index in
``ctx.state`` (a ``ReuseState``, rebuilt by ``rasd.store.reuse.ReuseAdapter``) and
returns the rows to persist as ``ReuseUpdates``. Shingles, passage fingerprints and
MinHash signatures are computed from the text alone (``prepare``, see
``rasd.stages.base``), so the embedded runner computes them in its worker processes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from rasd.errors import PipelineError
from rasd.model import Article
from rasd.reuse.minhash import U32, band_keys, estimate_jaccard, signatures
from rasd.reuse.params import SETTINGS, ReuseParams
from rasd.reuse.passages import WINDOW, fingerprints, passage_summary, record_passages
from rasd.reuse.shingles import DocFeatures, batch_features
from rasd.reuse.state import DocInfo, ReuseState, ReuseUpdates
from rasd.stages.base import StageContext, StageOutput

__all__ = ["SETTINGS", "ReuseStage"]

#: One article's text-only part: its features, and its MinHash signature and band keys (None: too short)
Sketch = tuple[DocFeatures, U32 | None, list[int] | None]


class ReuseStage:
    name: ClassVar[str] = "reuse"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("duplicate_of", "revision_of", "reuse")
    prepare_reads: ClassVar[tuple[str, ...]] = ("text", "sentences")

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[Sketch]:
        """Features, signatures and band keys of each article (no state involved)."""
        params = ReuseParams.from_settings(settings)
        feats = self._features(batch, params)
        sigs, keys = self._signatures(feats, params)
        return [(f, sigs.get(i), keys.get(i)) for i, f in enumerate(feats)]

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        params = ReuseParams.from_settings(ctx.settings)
        state = ctx.state if isinstance(ctx.state, ReuseState) else None
        if state is None or state.num_perm != params.num_perm:
            state = ReuseState(params.num_perm)
            ctx.state = state
        sketches = ctx.prepared if ctx.prepared is not None else self.prepare(batch, ctx.settings)
        if len(sketches) != len(batch):
            raise PipelineError(f"reuse: {len(sketches)} prepared sketches for a batch of {len(batch)}")
        updates = ReuseUpdates(params=params.to_dict(), rekeyed=state.pending_rekey)
        state.pending_rekey = []
        fields = [
            self._one(a, f, sig, keys, state, params, updates)
            for a, (f, sig, keys) in zip(batch, sketches, strict=True)
        ]
        return StageOutput(fields=fields, state_updates=updates)

    @staticmethod
    def _features(batch: Sequence[Article], params: ReuseParams) -> list[DocFeatures]:
        texts = [a.text if isinstance(a.text, str) else "" for a in batch]
        sents = [a.annotations.get("sentences") for a in batch]
        return batch_features(
            texts, sents, params.shingle_size, params.max_shingles, params.passage_min_tokens, WINDOW
        )

    @staticmethod
    def _signatures(
        feats: list[DocFeatures], params: ReuseParams
    ) -> tuple[dict[int, U32], dict[int, list[int]]]:
        chosen = [i for i, f in enumerate(feats) if _distinct(f.shingles, params.min_shingles)]
        if not chosen:
            return {}, {}
        sigs = signatures([feats[i].shingles for i in chosen], params.num_perm, params.seed)
        keys = band_keys(sigs, params.bands, params.rows)
        return (
            {i: sigs[k] for k, i in enumerate(chosen)},
            {i: keys[k].tolist() for k, i in enumerate(chosen)},
        )

    def _one(
        self,
        article: Article,
        feat: DocFeatures,
        sig: U32 | None,
        keys: list[int] | None,
        state: ReuseState,
        params: ReuseParams,
        updates: ReuseUpdates,
    ) -> dict[str, Any]:
        known = state.by_id.get(article.id)
        if known is not None:
            return _known_fields(state, known, feat, params)
        info = DocInfo(
            article.id, state.next_seq, article.published, article.url, article.source, len(feat.shingles)
        )
        previous = state.url_latest.get(info.url) if info.url else None
        idx = state.add_doc(info)
        revision_of = _link_revision(state, idx, previous, updates)
        if sig is not None and keys is not None:
            _link_duplicates(state, idx, sig, state.add_signature(idx, sig, keys), params, updates)
        updates.docs.append(_doc_row(info, sig, keys))
        reuse = record_passages(state, idx, feat, params.passage_max_df, updates)
        root = state.root(idx)
        return {
            "duplicate_of": state.docs[root].id if root != idx else None,
            "revision_of": revision_of,
            "reuse": reuse,
        }


def _link_revision(state: ReuseState, idx: int, previous: int | None, updates: ReuseUpdates) -> str | None:
    if previous is None:
        return None
    state.revisions[idx] = previous
    prev_id = state.docs[previous].id
    updates.links.append((state.docs[idx].id, prev_id, "revision", 1.0))
    return prev_id


def _link_duplicates(
    state: ReuseState, idx: int, sig: U32, found: set[int], params: ReuseParams, updates: ReuseUpdates
) -> None:
    """Verify LSH candidates by estimated Jaccard and join their duplicate groups."""
    if not found:
        return
    me = state.docs[idx]
    cands = [
        c
        for c in sorted(found)
        if c != idx
        and not (me.url and state.docs[c].url == me.url)
        and _sizes_allow(me.n_shingles, state.docs[c].n_shingles, params.threshold)
    ]
    if not cands:
        return
    est = estimate_jaccard(sig, state.sigs[[state.sig_rows[c] for c in cands]])
    for c, j in zip(cands, est.tolist(), strict=True):
        if j >= params.threshold:
            state.union(idx, c)
            updates.links.append((me.id, state.docs[c].id, "duplicate", round(j, 4)))


def _distinct(shingles: npt.NDArray[np.uint64], minimum: int) -> bool:
    """At least ``minimum`` distinct shingles (repeats are only counted out for short texts)."""
    if len(shingles) >= 4 * minimum:
        return True
    return len(shingles) >= minimum and len(np.unique(shingles)) >= minimum


def _sizes_allow(n1: int, n2: int, threshold: float) -> bool:
    """Jaccard can reach ``threshold`` only if the smaller set is at least that share of the larger."""
    return min(n1, n2) >= threshold * max(n1, n2) * 0.9


def _known_fields(state: ReuseState, idx: int, feat: DocFeatures, params: ReuseParams) -> dict[str, Any]:
    """Fields for an article the index already holds (a re-run): nothing is registered again."""
    root = state.root(idx)
    prev = state.revisions.get(idx)
    prints = fingerprints(feat)
    return {
        "duplicate_of": state.docs[root].id if root != idx else None,
        "revision_of": state.docs[prev].id if prev is not None else None,
        "reuse": passage_summary(state, idx, prints, feat.text_chars, params.passage_max_df),
    }


def _doc_row(info: DocInfo, sig: U32 | None, keys: list[int] | None) -> tuple[Any, ...]:
    sig_blob = sig.astype("<u4").tobytes() if sig is not None else None
    key_blob = np.asarray(keys, dtype="<i8").tobytes() if keys is not None else None
    return (info.id, info.seq, info.published, info.url, info.source, info.n_shingles, sig_blob, key_blob)
