"""A SparkSession for rasd: local mode by default, loopback only, no UI, no network.

``pyspark`` is an optional extra (``pip install rasd[spark]``) and needs a Java
runtime (17+). ``missing_requirement`` says which of the two is absent, so callers
can raise ``SparkUnavailable`` or a test can skip with the reason.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rasd.errors import SparkUnavailable

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pyspark.sql import SparkSession

#: Spark configuration rasd always sets (local mode, loopback, no UI, bounded memory).
BASE_CONF: dict[str, str] = {
    "spark.driver.memory": "2g",
    "spark.sql.shuffle.partitions": "8",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.eventLog.enabled": "false",
    "spark.sql.adaptive.enabled": "false",
    "spark.python.worker.reuse": "true",
    "spark.rdd.compress": "true",
    # one native (BLAS/OpenMP) thread per Python worker, set before numpy loads (rasd.pipeline.one_native_thread)
    "spark.executorEnv.OPENBLAS_NUM_THREADS": "1",
    "spark.executorEnv.OMP_NUM_THREADS": "1",
}


def missing_requirement() -> str | None:
    """Why Spark cannot run here (None when pyspark and Java are both present)."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'rasd[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and not shutil.which("java"):
        return "no Java runtime found (install Java 17+ or set JAVA_HOME)"
    return None


def session_conf(master: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The configuration rasd starts Spark with (``extra`` wins over the base values)."""
    conf = {**BASE_CONF, "spark.master": master, "spark.app.name": "rasd"}
    conf.update(extra or {})
    return conf


def get_session(master: str = "local[2]", extra: Mapping[str, str] | None = None) -> SparkSession:
    """Start (or reuse) the SparkSession; workers run this interpreter; everything binds to 127.0.0.1."""
    reason = missing_requirement()
    if reason:
        raise SparkUnavailable(reason)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder
    for key, value in session_conf(master, extra).items():
        builder = builder.config(key, value)
    try:
        spark: SparkSession = builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: report it as a named error
        raise SparkUnavailable(f"Spark did not start on {master!r}: {exc}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark
