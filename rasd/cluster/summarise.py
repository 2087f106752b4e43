"""Event titles and extractive multi-document summaries.

Candidate sentences come from the first sentences of each article. Identical or
near-identical sentences (a reused agency passage) are grouped and count once.
Sentences are ranked by similarity to the event's term centroid, with a bonus for
dates/numbers and names, then chosen greedily while skipping any that repeat an
already chosen one (maximal marginal relevance).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.cluster.features import stem_counts
from rasd.cluster.vectors import dot, unit
from rasd.text import detect_language, sentences

MAX_ARTICLES = 40
LEAD_SENTENCES = 8
MIN_CHARS, MAX_CHARS = 30, 400
NEAR_DUPLICATE = 0.7  # Jaccard of stem sets at which two sentences are the same passage
REDUNDANT = 0.5  # cosine above which a candidate repeats a chosen sentence
_SIGNAL = re.compile(r"\d|يوم|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|monday|tuesday|wednesday|"
                     r"thursday|friday|saturday|sunday", re.IGNORECASE)


@dataclass(slots=True)
class SourceDoc:
    """What summarising needs of one member article."""

    article_id: str
    source: str | None
    title: str | None
    text: str


@dataclass(slots=True)
class Candidate:
    text: str
    article_id: str
    source: str | None
    position: int
    vec: dict[str, float]
    stems: frozenset[str]
    support: int = 1


def candidates(doc: SourceDoc) -> list[Candidate]:
    """Lead sentences of one article that are long enough to stand alone."""
    text = doc.text[:20_000]
    lang = detect_language(text)
    out: list[Candidate] = []
    for pos, (a, b) in enumerate(sentences(text)[:LEAD_SENTENCES]):
        sent = text[a:b].strip()
        if MIN_CHARS <= len(sent) <= MAX_CHARS:
            counts = stem_counts(sent, lang)
            if counts:
                out.append(Candidate(sent, doc.article_id, doc.source, pos, unit(counts), frozenset(counts)))
    return out


def group_reused(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per passage: near-identical sentences merge and count their articles once each."""
    kept: list[Candidate] = []
    for cand in cands:
        same = next((k for k in kept if jaccard(k.stems, cand.stems) >= NEAR_DUPLICATE), None)
        if same is None:
            kept.append(cand)
        elif cand.article_id != same.article_id:
            same.support += 1
    return kept


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def centroid(cands: Sequence[Candidate]) -> dict[str, float]:
    total: dict[str, float] = {}
    for c in cands:
        for t, v in c.vec.items():
            total[t] = total.get(t, 0.0) + v
    return unit(total)


def rank(cands: list[Candidate], centre: dict[str, float]) -> list[tuple[float, Candidate]]:
    """Candidates by relevance: centroid similarity, lead position, dates/numbers, passage support."""
    scored = []
    for c in cands:
        score = dot(c.vec, centre) + 0.1 / (1 + c.position) + 0.05 * min(c.support, 3)
        if _SIGNAL.search(c.text):
            score += 0.05
        scored.append((score, c))
    scored.sort(key=lambda sc: (-sc[0], sc[1].article_id, sc[1].position))
    return scored


def select(scored: list[tuple[float, Candidate]], k: int) -> list[Candidate]:
    """Greedy pick of ``k`` sentences, skipping any too close to one already chosen."""
    chosen: list[Candidate] = []
    for _, cand in scored:
        if all(dot(cand.vec, c.vec) < REDUNDANT for c in chosen):
            chosen.append(cand)
        if len(chosen) >= k:
            break
    return chosen


def summarise(docs: Sequence[SourceDoc], max_sentences: int = 5) -> dict[str, object]:
    """Title and 3–5 summary sentences (fewer when the articles hold fewer distinct ones)."""
    docs = list(docs)[:MAX_ARTICLES]
    cands = group_reused([c for d in docs for c in candidates(d)])
    if not cands:
        return {"title": best_title(docs, {}), "sentences": []}
    centre = centroid(cands)
    k = max(3, min(max_sentences, 2 + len(docs)))
    chosen = select(rank(cands, centre), k)
    chosen.sort(key=lambda c: (c.position, c.article_id))
    return {
        "title": best_title(docs, centre),
        "sentences": [{"text": c.text, "article_id": c.article_id, "source": c.source} for c in chosen],
    }


def best_title(docs: Sequence[SourceDoc], centre: dict[str, float]) -> str:
    """The member headline closest to the event's centroid, else the first lead sentence."""
    best, best_score = "", -1.0
    for d in docs:
        if d.title and d.title.strip():
            score = dot(unit(stem_counts(d.title, detect_language(d.title))), centre)
            if score > best_score:
                best, best_score = d.title.strip(), score
    if best:
        return best
    for d in docs:
        spans = sentences(d.text[:2000])
        if spans:
            return d.text[spans[0][0] : spans[0][1]].strip()[:MAX_CHARS]
    return ""
