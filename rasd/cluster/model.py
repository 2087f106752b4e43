"""Cluster records (an event or a story) and the clustering knobs."""

from __future__ import annotations

import hashlib
import math
import operator
from dataclasses import dataclass, field
from typing import Any


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

    def refresh_norms(self) -> None:
        self.index_keys = None
        self.version += 1
        self.norm = math.sqrt(sum(map(operator.mul, self.centroid.values(), self.centroid.values())))
        self.title_norm = math.sqrt(sum(map(operator.mul, self.title.values(), self.title.values())))

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
        c.refresh_norms()
        return c


def stable_id(prefix: str, founder: str) -> str:
    """A cluster id derived from its founding member's id: the same input gives the same ids."""
    return f"{prefix}-" + hashlib.blake2b(founder.encode("utf-8"), digest_size=6).hexdigest()
