"""Settings of the reuse stage and the parameters derived from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rasd.reuse.minhash import lsh_params
from rasd.settings import Setting

#: Seed of the MinHash permutations. Stored signatures depend on it: never change it silently.
SEED = 20260101

SETTINGS: list[Setting] = [
    Setting(
        "reuse_threshold",
        0.5,
        "Estimated Jaccard similarity (word shingles) at or above which two articles are near-duplicates; "
        "LSH bands/rows are derived from it.",
    ),
    Setting("reuse_num_perm", 128, "MinHash permutations per signature (more = finer estimates, slower)."),
    Setting("reuse_shingle_size", 5, "Words per shingle for near-duplicate detection."),
    Setting(
        "reuse_min_shingles",
        25,
        "Articles with fewer distinct shingles are never declared duplicates (too short to judge).",
    ),
    Setting(
        "reuse_max_shingles", 20000, "Cap on distinct shingles per article (the smallest hashes are kept)."
    ),
    Setting("reuse_passage_min_tokens", 8, "Minimum words for a sentence to count as a reusable passage."),
    Setting(
        "reuse_passage_max_df",
        25,
        "A passage carried by more articles than this is a formula or boilerplate, not reuse.",
    ),
]

_DEFAULTS: dict[str, Any] = {s.key: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class ReuseParams:
    threshold: float
    num_perm: int
    shingle_size: int
    min_shingles: int
    max_shingles: int
    passage_min_tokens: int
    passage_max_df: int
    bands: int
    rows: int
    seed: int = SEED

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ReuseParams:
        def get(key: str) -> Any:
            return type(_DEFAULTS[key])(settings.get(key, _DEFAULTS[key]))

        threshold, num_perm = get("reuse_threshold"), max(8, get("reuse_num_perm"))
        bands, rows = lsh_params(threshold, num_perm)
        return cls(
            threshold=threshold,
            num_perm=num_perm,
            shingle_size=max(1, get("reuse_shingle_size")),
            min_shingles=max(1, get("reuse_min_shingles")),
            max_shingles=max(100, get("reuse_max_shingles")),
            passage_min_tokens=max(2, get("reuse_passage_min_tokens")),
            passage_max_df=max(2, get("reuse_passage_max_df")),
            bands=bands,
            rows=rows,
        )

    def signature_params(self) -> dict[str, int]:
        """What stored signatures depend on (they are incompatible when any of these change)."""
        return {"num_perm": self.num_perm, "shingle_size": self.shingle_size, "seed": self.seed}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
