"""Cluster records (an event or a story) and the clustering knobs."""

from __future__ import annotations

import hashlib
import math
import operator
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Semantic knobs of one clustering level (events, or stories over events)."""

    prefix: str = "ev"
    threshold: float = 0.3  # join the best cluster whose score reaches this
    merge_threshold: float = 0.6  # merge two clusters whose centroids are this similar
    window_days: int = 3  # candidates must lie within this many days of the article
    w_title: float = 0.2  # weight of title similarity against whole-text similarity
    w_entities: float = 0.25  # weight of shared entities, when both sides have some
    date_penalty: float = 0.15  # subtracted at a gap of ``date_scale`` days or more
    date_scale: float = 3.0
    #: subtracted when an undated article names a weekday that no day of a dated cluster falls on (0: not checked)
    weekday_penalty: float = 0.0
    top_k_terms: int = 60  # terms kept per article vector
    centroid_cap: int = 150  # terms kept per cluster centroid
    query_terms: int = 12  # strongest article terms used to look up candidates
    index_terms: int = 12  # strongest centroid terms under which a cluster is indexed
    posting_scan: int = 300  # most recent clusters read per posting list
    max_candidates: int = 40  # clusters scored per article: those sharing the most lookup keys
    max_undated: int = 20_000  # undated clusters kept in memory (most recent)
    #: "centroid": cosine with the summed member vectors; "average": mean cosine with the members
    #: (the summed unit vectors divided by the member count), which does not favour large clusters.
    linkage: str = "centroid"
    #: optional lead embeddings (``rasd.cluster.embedding``), used only between an article and a cluster with no
    #: member in the article's language: the cosine at which such a pair scores ``threshold`` (0: not used),
    #: and how many clusters are looked up by embedding besides those the term index finds
    embedding_cut: float = 0.0
    embedding_candidates: int = 0
    #: without embeddings: the shared-entity weight at which an article scores ``threshold`` with a dated cluster
    #: that has no member in its language (a person or organisation counts 1, a place or other name 0.5, and at
    #: least one person or organisation must be shared; 0: such pairs are scored by their terms, as any other)
    cross_language_entities: float = 0.0
    #: without embeddings: the score (concepts of the title and lead, ``rasd.cluster.concepts``, as a cosine, and
    #: the entities shared, weighted as in the text score) at which an article scores ``threshold`` with a dated
    #: cluster that has no member in its language (0: not used)
    cross_language_terms: float = 0.0


@dataclass(slots=True)
class Cluster:
    """An event (or a story): summed member vectors, entities and date range.

    Whoever changes ``centroid``, ``title`` or ``entities`` calls ``refresh_norms`` afterwards (as
    ``rasd.cluster.online`` does): the norms and the cached index keys are derived from them.
    """

    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    title: dict[str, float] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    n: int = 0
    seq: int = 0  # clustering step of the last update (recency)
    founded: int = 0  # clustering step of the founding article (older wins merges)
    norm: float = 0.0
    title_norm: float = 0.0
    indexed: set[str] = field(default_factory=set)
    #: (terms per index entry, keys) of the last ``ClusterIndex.keys_of``, until the cluster changes
    index_keys: tuple[int, list[str]] | None = field(default=None, compare=False, repr=False)
    #: bumped by every ``refresh_norms``: a score computed against this cluster holds while it is unchanged
    version: int = field(default=0, compare=False, repr=False)
    #: summed unit lead embeddings of the members that had one (optional signal; None without embeddings)
    emb: np.ndarray | None = field(default=None, compare=False, repr=False)
    emb_norm: float = field(default=0.0, compare=False, repr=False)
    #: member languages (counts), kept only with a cross-language signal (embeddings or shared entities)
    langs: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: ISO weekdays its undated members name (counts; ``rasd.cluster.features.named_weekdays``)
    named_weekdays: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    #: summed concept vectors of its members' titles and leads (``rasd.cluster.concepts``), kept only with
    #: ``cross_language_terms``
    concepts: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def refresh_norms(self) -> None:
        self.index_keys = None
        self.version += 1
        self.norm = math.sqrt(sum(map(operator.mul, self.centroid.values(), self.centroid.values())))
        self.title_norm = math.sqrt(sum(map(operator.mul, self.title.values(), self.title.values())))
        self.emb_norm = float(np.sqrt(self.emb @ self.emb)) if self.emb is not None else 0.0

    def add_embedding(self, vec: np.ndarray | None, sign: float = 1.0) -> None:
        """Add (``sign`` 1) or take out (-1) one member's lead embedding; ``refresh_norms`` follows."""
        if vec is None:
            return
        if self.emb is None or self.emb.shape != vec.shape:  # the first, or another model's (start over)
            self.emb = np.zeros(vec.shape, dtype=np.float64)
        self.emb += sign * vec

    def add_lang(self, lang: str | None, count: int = 1) -> None:
        """Count ``count`` more (or, negative, fewer) members in ``lang``."""
        if not lang:
            return
        left = self.langs.get(lang, 0) + count
        if left > 0:
            self.langs[lang] = left
        else:
            self.langs.pop(lang, None)

    def add_weekdays(self, weekdays: frozenset[int], count: int = 1) -> None:
        """Count (``count`` 1) or uncount (-1) the weekdays one undated member names."""
        for day in weekdays:
            left = self.named_weekdays.get(day, 0) + count
            if left > 0:
                self.named_weekdays[day] = left
            else:
                self.named_weekdays.pop(day, None)

    def weekdays(self) -> frozenset[int]:
        """The weekdays this cluster's happening fell on as far as its members tell: those of its date range
        (none when that spans a week), else those its undated members name."""
        if self.first_day is not None and self.last_day is not None:
            if self.last_day - self.first_day >= 6:
                return frozenset()
            return frozenset(d % 7 or 7 for d in range(self.first_day, self.last_day + 1))
        return frozenset(self.named_weekdays)

    def gap_days(self, day: int | None) -> int | None:
        """Days between ``day`` and this cluster's date range (0 inside it); None when either is undated."""
        if day is None or self.first_day is None or self.last_day is None:
            return None
        return max(0, self.first_day - day, day - self.last_day)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "centroid": self.centroid,
            "title": self.title,
            "entities": self.entities,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "n": self.n,
            "seq": self.seq,
            "founded": self.founded,
            **({"emb": self.emb.tolist()} if self.emb is not None else {}),
            **({"langs": dict(self.langs)} if self.langs else {}),
            **({"weekdays": {str(k): v for k, v in self.named_weekdays.items()}} if self.named_weekdays else {}),
            **({"concepts": self.concepts} if self.concepts else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cluster:
        c = cls(
            id=str(data["id"]),
            centroid={str(k): float(v) for k, v in dict(data.get("centroid") or {}).items()},
            title={str(k): float(v) for k, v in dict(data.get("title") or {}).items()},
            entities={str(k): int(v) for k, v in dict(data.get("entities") or {}).items()},
            first_day=data.get("first_day"),
            last_day=data.get("last_day"),
            n=int(data.get("n") or 0),
            seq=int(data.get("seq") or 0),
            founded=int(data.get("founded") or 0),
        )
        emb = data.get("emb")
        if emb is not None:
            c.emb = np.asarray(emb, dtype=np.float64).ravel()
        c.langs = {str(k): int(v) for k, v in dict(data.get("langs") or {}).items() if int(v) > 0}
        c.named_weekdays = {int(k): int(v) for k, v in dict(data.get("weekdays") or {}).items()
                            if str(k).isdigit() and 1 <= int(k) <= 7 and int(v) > 0}
        c.concepts = {str(k): float(v) for k, v in dict(data.get("concepts") or {}).items()}
        c.refresh_norms()
        return c


def stable_id(prefix: str, founder: str) -> str:
    """A cluster id derived from its founding member's id: the same input gives the same ids."""
    return f"{prefix}-" + hashlib.blake2b(founder.encode("utf-8"), digest_size=6).hexdigest()
