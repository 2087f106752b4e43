"""Passage-level reuse: sentence-window fingerprints, their carriers and the per-article summary.

Agency text is rarely copied sentence for sentence: outlets add «و», swap a word,
merge two sentences. So a passage fingerprint is a word ``size``-gram inside one
sentence (normalised, with the conjunction «و» folded), winnowed so that every
shared run of ``size + WINDOW - 1`` words is caught while only about a third of
the n-grams are kept. Each fingerprint is recorded once with every (article, char
span) carrying it and its earliest carrier (publication time, then ingest order).
A fingerprint carried by more than ``max_df`` articles is a formula or boilerplate
and does not count as reuse; shorter-than-``size`` sentences never count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Any

from rasd.reuse.shingles import DocFeatures
from rasd.reuse.state import ReuseState, ReuseUpdates

#: Winnowing window (fingerprints kept: about 2 / (WINDOW + 1) of the n-grams).
WINDOW = 6
#: At most this many other articles are named in a summary.
MAX_SUMMARY_ARTICLES = 10


@dataclass(slots=True)
class Fingerprint:
    hash: int
    start: int
    end: int


def fingerprints(feat: DocFeatures) -> list[Fingerprint]:
    """The article's passage fingerprints with the char span each covers."""
    return [
        Fingerprint(h, a, b)
        for h, a, b in zip(
            feat.fp_hashes.tolist(), feat.fp_starts.tolist(), feat.fp_ends.tolist(), strict=True
        )
    ]


def _register_known(state: ReuseState, idx: int, phash: int, updates: ReuseUpdates) -> None:
    """Add article ``idx`` as one more carrier of a known ``phash`` (maybe as its earliest)."""
    first = state.passage_first[phash]
    count = state.passage_count.get(phash, 1) + 1
    if count == 2:
        updates.newly_shared.append((phash, state.docs[first].id))
    state.passage_count[phash] = count
    if state.docs[idx].order < state.docs[first].order:
        state.passage_first[phash] = idx
    updates.passages.append((phash, state.docs[state.passage_first[phash]].id, count))


def record_passages(
    state: ReuseState, idx: int, feat: DocFeatures, max_df: int, updates: ReuseUpdates
) -> dict[str, Any]:
    """Register article ``idx``'s fingerprints and return its reuse summary."""
    doc_id = state.docs[idx].id
    listed, starts, ends = feat.fp_hashes.tolist(), feat.fp_starts.tolist(), feat.fp_ends.tolist()
    updates.doc_prints.append((doc_id, listed, starts, ends))
    first = state.passage_first
    unique = list(dict.fromkeys(listed))
    flags = list(map(first.__contains__, unique))
    known = list(compress(unique, flags)) if True in flags else []
    fresh = [h for h, seen in zip(unique, flags, strict=True) if not seen] if known else unique
    for phash in known:
        _register_known(state, idx, phash, updates)
    first.update(zip(fresh, repeat(idx)))
    if not known:
        return summary(feat.text_chars, 0, 0, {}, [])
    shared = set(known)
    updates.shared_spans.extend((h, doc_id, a, b) for h, a, b in zip(listed, starts, ends, strict=True) if h in shared)
    prints = [Fingerprint(h, a, b) for h, a, b in zip(listed, starts, ends, strict=True)]
    return passage_summary(state, idx, prints, feat.text_chars, max_df)


def passage_summary(
    state: ReuseState, idx: int, prints: list[Fingerprint], text_chars: int, max_df: int
) -> dict[str, Any]:
    """Article ``idx``'s reuse summary from the current state (read-only)."""
    shared: list[tuple[int, int]] = []
    reused: list[tuple[int, int]] = []
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    articles: list[str] = []
    me = state.docs[idx]
    for fp in prints:
        if not 2 <= state.carriers(fp.hash) <= max_df:
            continue
        first = state.docs[state.passage_first[fp.hash]]
        if me.url and first.url == me.url and first.id != me.id:
            continue  # text kept from an earlier revision of the same page is not reuse
        shared.append((fp.start, fp.end))
        if first.id != me.id:
            reused.append((fp.start, fp.end))
            by_source[first.source or "unknown"].append((fp.start, fp.end))
            if first.id not in articles:
                articles.append(first.id)
    sources = {src: covered(spans) for src, spans in by_source.items()}
    return summary(text_chars, covered(shared), covered(reused), sources, articles)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching char spans merged, in text order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def covered(spans: list[tuple[int, int]]) -> int:
    """Characters covered by the union of ``spans``."""
    return sum(b - a for a, b in merge_spans(spans))


def summary(
    total: int, shared: int, reused: int, sources: dict[str, int], articles: list[str]
) -> dict[str, Any]:
    """The ``reuse`` annotation: shares of the text, and where reused text came from."""

    def share(n: int) -> float:
        return round(min(n / total, 1.0), 4) if total else 0.0

    return {
        "reused_share": share(reused),
        "shared_share": share(shared),
        "original_share": round(1.0 - share(reused), 4),
        "from_sources": {src: share(n) for src, n in sorted(sources.items(), key=lambda kv: -kv[1])},
        "from_articles": articles[:MAX_SUMMARY_ARTICLES],
    }
