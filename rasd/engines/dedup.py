"""Near-duplicate groups on Spark: candidate pairs by a Spark join, rasd's verification.

Two ways to find candidates (setting ``spark_dedup_join``):

* ``bands`` (default): a Spark SQL self-join of the articles on the reuse stage's own
  LSH band keys (``bands`` x ``rows`` of rasd's 128-permutation MinHash signature; AND
  within a band, OR across bands). These are exactly the pairs the embedded stage's
  band index compares, so the candidate set is the embedded one by construction, and a
  bucket only holds articles that agree on ``rows`` hashes at once.
* ``minhashlsh``: Spark ML's ``MinHashLSH.approxSimilarityJoin`` over the articles'
  distinct word shingles (the reuse stage's shingles folded to 32 bits), with a loose
  exact-Jaccard floor (``spark_dedup_floor``). Spark ML's LSH has no AND-amplification
  (each of its hash tables is one MinHash value, OR-ed), so two articles collide in a
  table with probability equal to their Jaccard: every article that shares boilerplate
  with many others lands in huge buckets, and the join grows with their square. It ran
  out of a 2 GB driver at 100,000 synthetic articles (docs/scaling.md); kept for
  comparison and for small corpora.

Candidates are verified on the executors with the embedded stage's own rule: a shared
LSH band key, the size filter, different URLs and *estimated* Jaccard (from the
signature) at or above ``reuse_threshold``; only accepted pairs (and disagreements with
the exact Jaccard, for the report) come back to the driver. Accepted pairs are joined
with union-find; the canonical article of a group is its earliest by (publication time,
input order), as in ``ReuseState.union``. So the groups equal the embedded engine's on
the same input; ``DedupReport`` counts where the exact Jaccard would have decided
differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from rasd.engines.perarticle import VECTOR_SIZE
from rasd.errors import SettingsError
from rasd.reuse.params import ReuseParams
from rasd.reuse.state import published_ts
from rasd.stages.reuse import _sizes_allow

if TYPE_CHECKING:  # pragma: no cover
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

#: MinHashLSH hash tables (OR-amplification): recall 1-(1-J)^20 is > 0.9999 at J = 0.4.
NUM_HASH_TABLES = 20
#: Exact Jaccard under which Spark does not even return a candidate.
DEFAULT_FLOOR = 0.3
#: Ways to find candidate pairs (setting ``spark_dedup_join``).
JOINS = ("bands", "minhashlsh")
#: One article as the candidate step reads it: idx, url, number of shingles, signature
#: (little-endian uint32), LSH band keys, sorted distinct folded shingles.
SKETCH_SCHEMA = "idx long, url string, n int, sig binary, keys array<long>, ind array<long>"


@dataclass(slots=True)
class DocMeta:
    """What the verification and the canonical choice need of one article."""

    idx: int
    id: str
    url: str | None
    ts: float
    n_shingles: int
    signature: bytes | None
    band_keys: frozenset[int]


@dataclass(slots=True)
class DedupReport:
    join: str = "bands"
    candidates: int = 0
    accepted: int = 0
    exact_only: int = 0  # exact Jaccard >= threshold but rejected by the embedded rule
    estimate_only: int = 0  # accepted although the exact Jaccard is below the threshold
    edges: list[tuple[str, str, float]] = field(default_factory=list)  # (later id, earlier id, estimate)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # the same edges as (earlier idx, later idx)

    def to_dict(self) -> dict[str, Any]:
        return {"join": self.join, "candidates": self.candidates, "accepted": self.accepted,
                "exact_only": self.exact_only, "estimate_only": self.estimate_only}


def banded_pairs(frame: DataFrame) -> DataFrame:
    """Distinct (a, b), a < b, of articles sharing at least one LSH band key (a Spark SQL self-join)."""
    from pyspark.sql import functions as F

    keys = frame.select("idx", F.explode("keys").alias("key"))
    left, right = keys.toDF("a", "key"), keys.toDF("b", "key")
    return left.join(right, "key").where(F.col("a") < F.col("b")).select("a", "b").distinct()


def minhashlsh_pairs(spark: SparkSession, frame: DataFrame, floor: float) -> DataFrame:
    """(a, b), a < b, that Spark ML's MinHashLSH.approxSimilarityJoin returns with Jaccard >= ``floor``."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.ml.linalg import SparseVector, VectorUDT
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType([StructField("idx", LongType()), StructField("features", VectorUDT())])
    vectors = frame.select("idx", "ind").rdd.map(
        lambda r: (r.idx, SparseVector(VECTOR_SIZE, list(r.ind), [1.0] * len(r.ind))))
    data = spark.createDataFrame(vectors, schema)
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=NUM_HASH_TABLES, seed=20260101)
    joined = model.fit(data).approxSimilarityJoin(data, data, 1.0 - floor, distCol="dist")
    return joined.selectExpr("datasetA.idx AS a", "datasetB.idx AS b").where("a < b")


def join_of(settings: Mapping[str, Any]) -> str:
    """The ``spark_dedup_join`` setting, checked."""
    join = str(settings.get("spark_dedup_join", "bands"))
    if join not in JOINS:
        raise SettingsError(f"spark_dedup_join must be one of {', '.join(JOINS)}, not {join!r}")
    return join


def exact_jaccard(a: Iterable[int], b: Iterable[int]) -> float:
    """Jaccard of two sets of distinct folded shingles."""
    x, y = np.asarray(list(a), dtype=np.int64), np.asarray(list(b), dtype=np.int64)
    inter = len(np.intersect1d(x, y, assume_unique=True))
    union = len(x) + len(y) - inter
    return inter / union if union else 0.0


def _verify(rows: Iterable[Any], params: ReuseParams, seen: Any) -> Iterator[tuple[int, int, float, float, bool]]:
    """Executor side: the embedded rule on each candidate; yields only what the driver needs
    (accepted pairs, and pairs where the exact Jaccard disagrees with the decision)."""
    n = 0
    for r in rows:
        n += 1
        a = DocMeta(r.a, "", r.ua, 0.0, r.na, bytes(r.sa), frozenset(r.ka))
        b = DocMeta(r.b, "", r.ub, 0.0, r.nb, bytes(r.sb), frozenset(r.kb))
        ok, est = accept(a, b, params)
        exact = exact_jaccard(r.ia, r.ib)
        if ok or exact >= params.threshold:
            yield r.a, r.b, est, exact, ok
    seen.add(n)


def verified_pairs(
    spark: SparkSession, sketches: RDD[tuple[Any, ...]], settings: Mapping[str, Any]
) -> tuple[Iterator[tuple[int, int, float, float, bool]], Any, str]:
    """Candidates found by the chosen join, verified on the executors.

    ``sketches`` holds one ``SKETCH_SCHEMA`` row per article with a signature. Returns the
    (a, b, estimate, exact, accepted) iterator, the accumulator counting candidates, the join used."""
    params = ReuseParams.from_settings(settings)
    join = join_of(settings)
    frame = spark.createDataFrame(sketches, SKETCH_SCHEMA)
    if join == "bands":
        pairs = banded_pairs(frame)
    else:
        floor = float(settings.get("spark_dedup_floor", DEFAULT_FLOOR))
        pairs = minhashlsh_pairs(spark, frame, min(floor, params.threshold))
    info = frame.select("idx", "url", "n", "sig", "keys", "ind")
    joined = (pairs.join(info.toDF("a", "ua", "na", "sa", "ka", "ia"), "a")
              .join(info.toDF("b", "ub", "nb", "sb", "kb", "ib"), "b"))
    seen = spark.sparkContext.accumulator(0)
    rows = joined.rdd.mapPartitions(partial(_verify, params=params, seen=seen))
    return rows.toLocalIterator(), seen, join


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
    sketches: RDD[tuple[Any, ...]],
    settings: Mapping[str, Any],
) -> tuple[dict[int, str], DedupReport]:
    """Duplicate links (idx -> canonical article id) and what the verification did."""
    threshold = ReuseParams.from_settings(settings).threshold
    rows, seen, join = verified_pairs(spark, sketches, settings)
    report = DedupReport(join=join)
    edges: list[tuple[int, int]] = []
    report.pairs = edges
    for a, b, est, exact, ok in sorted(rows):
        report.exact_only += int(exact >= threshold and not ok)
        report.estimate_only += int(ok and exact < threshold)
        if ok:
            edges.append((a, b))
            report.edges.append((metas[b].id, metas[a].id, round(est, 4)))
    report.candidates = int(seen.value)
    report.accepted = len(edges)
    return duplicate_of(metas, edges), report


def sketch_row(idx: int, url: str | None, sketch: Any) -> tuple[Any, ...] | None:
    """The ``SKETCH_SCHEMA`` row of an article (None: too short to judge)."""
    if sketch is None or sketch.signature is None or sketch.indices is None:
        return None
    return (idx, url, int(sketch.n_shingles), bytearray(sketch.signature), list(sketch.band_keys), sketch.indices)


def doc_meta(idx: int, article_id: str, url: str | None, published: str | None, n_shingles: int) -> DocMeta:
    """The driver's record of an article: no signature (verification runs on the executors)."""
    return DocMeta(idx, article_id, url, published_ts(published), n_shingles, None, frozenset())
