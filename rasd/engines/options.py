"""Settings of the Spark engine (declared here so ``rasd settings`` lists them without importing pyspark)."""

from __future__ import annotations

from rasd.settings import Setting

SETTINGS: list[Setting] = [
    Setting("spark_window_days", 90, "Days per time window when the Spark engine clusters events per window "
            "(windows overlap by twice events_window_days and are merged across borders)."),
    Setting("spark_partitions", 0, "Partitions for per-article work on Spark (0 = automatic)."),
    Setting("spark_dedup_join", "bands", "How Spark finds near-duplicate candidates: 'bands' (a join on the reuse "
            "stage's LSH band keys, the embedded stage's own candidates) or 'minhashlsh' (Spark ML's "
            "MinHashLSH.approxSimilarityJoin; no AND-amplification, so it grows quadratically on shared "
            "boilerplate)."),
    Setting("spark_dedup_floor", 0.3, "Jaccard floor of Spark's approxSimilarityJoin (spark_dedup_join = "
            "'minhashlsh') before rasd's own check."),
    Setting("spark_global_df", False, "Use corpus-wide term frequencies for event clustering on Spark."),
]
