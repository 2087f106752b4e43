"""Engines that run rasd's stages: the embedded one is ``rasd.pipeline``; ``spark`` runs them on Apache Spark.

pyspark is an optional extra (``pip install rasd[spark]``); importing this package
does not import it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def run_spark(
    targets: list[str],
    store_path: str,
    settings: Mapping[str, Any],
    master: str = "local[2]",
    stages: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run the pipeline on Spark (see ``rasd.engines.spark.run_spark``)."""
    from rasd.engines.spark import run_spark as run

    return run(targets, store_path, settings, master, stages)


__all__ = ["run_spark"]
