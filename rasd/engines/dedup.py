"""Near-duplicate groups on Spark: Spark ML MinHashLSH over rasd's shingles, rasd's verification.

Candidates come from ``MinHashLSH.approxSimilarityJoin`` over the articles' distinct
word shingles (the reuse stage's own shingles, folded to 32 bits), with a loose
exact-Jaccard floor (``spark_dedup_floor``) so that no pair the embedded stage would
accept is lost. Each candidate is then verified with the embedded stage's own rule:
a shared LSH band key, the size filter, different URLs and *estimated* Jaccard (from
rasd's 128-permutation signature) at or above ``reuse_threshold``. Accepted pairs are
joined with union-find; the canonical article of a group is its earliest by
(publication time, input order), as in ``ReuseState.union``. So the groups equal the
embedded engine's on the same input; ``DedupReport`` counts where the exact Jaccard
would have decided differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from rasd.engines.perarticle import VECTOR_SIZE
from rasd.reuse.params import ReuseParams
from rasd.reuse.state import published_ts
from rasd.stages.reuse import _sizes_allow

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import SparkSession

#: MinHashLSH hash tables (OR-amplification): recall 1-(1-J)^20 is > 0.9999 at J = 0.4.
NUM_HASH_TABLES = 20
#: Exact Jaccard under which Spark does not even return a candidate.
DEFAULT_FLOOR = 0.3


@dataclass(slots=True)
class DocMeta:
    """Driver-side facts of one article for verification and canonical choice."""

    idx: int
    id: str
    url: str | None
    ts: float
    n_shingles: int
    signature: bytes | None
    band_keys: frozenset[int]


@dataclass(slots=True)
class DedupReport:
    candidates: int = 0
    accepted: int = 0
    exact_only: int = 0  # exact Jaccard >= threshold but rejected by the embedded rule
    estimate_only: int = 0  # accepted although the exact Jaccard is below the threshold
    edges: list[tuple[str, str, float]] = field(default_factory=list)  # (later id, earlier id, estimate)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # the same edges as (earlier idx, later idx)

    def to_dict(self) -> dict[str, int]:
        return {"candidates": self.candidates, "accepted": self.accepted,
                "exact_only": self.exact_only, "estimate_only": self.estimate_only}


def candidate_pairs(
    spark: SparkSession, rows: Iterable[tuple[int, list[int]]], floor: float, partitions: int
) -> list[tuple[int, int, float]]:
    """(idx a, idx b, exact Jaccard) of pairs MinHashLSH returns with Jaccard >= ``floor``."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.ml.linalg import SparseVector, VectorUDT
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType([StructField("idx", LongType()), StructField("features", VectorUDT())])
    data = spark.sparkContext.parallelize(
        [(i, SparseVector(VECTOR_SIZE, ind, [1.0] * len(ind))) for i, ind in rows], partitions
    )
    frame = spark.createDataFrame(data, schema)
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=NUM_HASH_TABLES, seed=20260101)
    model = model.fit(frame)
    joined = model.approxSimilarityJoin(frame, frame, 1.0 - floor, distCol="dist")
    pairs = joined.selectExpr("datasetA.idx AS a", "datasetB.idx AS b", "dist").where("a < b")
    return [(int(r.a), int(r.b), 1.0 - float(r.dist)) for r in pairs.toLocalIterator()]


def accept(a: DocMeta, b: DocMeta, params: ReuseParams) -> tuple[bool, float]:
    """The embedded rule: shared band key, size filter, different URLs, estimated Jaccard >= threshold."""
    if a.signature is None or b.signature is None or not (a.band_keys & b.band_keys):
        return False, 0.0
    if a.url and a.url == b.url:
        return False, 0.0
    if not _sizes_allow(a.n_shingles, b.n_shingles, params.threshold):
        return False, 0.0
    sa, sb = np.frombuffer(a.signature, dtype="<u4"), np.frombuffer(b.signature, dtype="<u4")
    est = float((sa == sb).mean())
    return est >= params.threshold, est


def duplicate_of(metas: Mapping[int, DocMeta], edges: Iterable[tuple[int, int]]) -> dict[int, str]:
    """Article idx -> canonical id *as the embedded stage assigns it*: articles are taken in input
    order, each joins the groups of its earlier partners, and its canonical article is its group's
    earliest (publication time, input order) at that moment."""
    parent = {i: i for i in metas}
    later: dict[int, list[int]] = {}
    for a, b in edges:
        later.setdefault(max(a, b), []).append(min(a, b))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def order(i: int) -> tuple[float, int]:
        return (metas[i].ts, metas[i].idx)

    out: dict[int, str] = {}
    for b in sorted(later):
        for a in later[b]:
            ra, rb = root(a), root(b)
            if ra != rb:
                first, second = (ra, rb) if order(ra) <= order(rb) else (rb, ra)
                parent[second] = first
        if root(b) != b:
            out[b] = metas[root(b)].id
    return out


def groups(links: Mapping[str, str | None]) -> list[list[str]]:
    """Connected components (size >= 2) of article -> duplicate_of links, each sorted, sorted."""
    parent: dict[str, str] = {}

    def root(i: str) -> str:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for child, canon in links.items():
        root(child)
        if canon:
            parent[root(child)] = root(canon)
    members: dict[str, list[str]] = {}
    for i in parent:
        members.setdefault(root(i), []).append(i)
    return sorted(sorted(m) for m in members.values() if len(m) > 1)


def find_duplicates(
    spark: SparkSession,
    metas: Mapping[int, DocMeta],
    vectors: Iterable[tuple[int, list[int]]],
    settings: Mapping[str, Any],
    partitions: int,
) -> tuple[dict[int, str], DedupReport]:
    """Duplicate links (idx -> canonical article id) and what the verification did."""
    params = ReuseParams.from_settings(settings)
    floor = float(settings.get("spark_dedup_floor", DEFAULT_FLOOR))
    report = DedupReport()
    edges: list[tuple[int, int]] = []
    report.pairs = edges
    for a, b, exact in candidate_pairs(spark, vectors, min(floor, params.threshold), partitions):
        report.candidates += 1
        ok, est = accept(metas[a], metas[b], params)
        report.exact_only += int(exact >= params.threshold and not ok)
        report.estimate_only += int(ok and exact < params.threshold)
        if ok:
            edges.append((a, b))
            report.edges.append((metas[b].id, metas[a].id, round(est, 4)))
    report.accepted = len(edges)
    return duplicate_of(metas, edges), report


def doc_meta(idx: int, article_id: str, url: str | None, published: str | None, sketch: Any) -> DocMeta:
    keys = frozenset(sketch.band_keys or ()) if sketch is not None else frozenset()
    n = sketch.n_shingles if sketch is not None else 0
    sig = sketch.signature if sketch is not None else None
    return DocMeta(idx, article_id, url, published_ts(published), n, sig, keys)
