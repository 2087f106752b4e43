"""Throughput and memory of a whole run and of each stage (``rasd bench``)."""

from __future__ import annotations

import itertools
import resource
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rasd.pipeline import Pipeline
from rasd.sources.readers import iter_inputs
from rasd.store import connect


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench(
    targets: list[str],
    settings: Mapping[str, Any],
    stages: Iterable[str] | None = None,
    limit: int | None = None,
    rerun: bool = True,
) -> dict[str, Any]:
    """Run the pipeline over ``targets`` into a fresh temporary store; optionally time a no-op re-run."""
    pipeline = Pipeline.from_names(stages)
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        store = connect(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        summary = pipeline.run_items(_limited(targets, settings, limit), store, settings)
        seconds = time.perf_counter() - t0
        result = _report(summary.to_dict(), seconds)
        if rerun:
            t1 = time.perf_counter()
            again = pipeline.run_items(_limited(targets, settings, limit), store, settings)
            secs = time.perf_counter() - t1
            result["rerun"] = {"new": again.new, "seconds": round(secs, 3),
                               "articles_per_s": round(again.inputs / max(secs, 1e-9), 1)}
        store.close()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _limited(targets: list[str], settings: Mapping[str, Any], limit: int | None) -> Iterable[Any]:
    items = iter_inputs(targets, settings)
    return itertools.islice(items, limit) if limit else items


def _report(summary: dict[str, Any], seconds: float) -> dict[str, Any]:
    n = summary["inputs"]
    stages = {
        name: {"seconds": round(secs, 3), "articles_per_s": round(n / secs, 1) if secs else None}
        for name, secs in summary["stage_seconds"].items()
    }
    return {
        "articles": n,
        "new": summary["new"],
        "rejected": summary["rejected"],
        "seconds": round(seconds, 3),
        "articles_per_s": round(n / max(seconds, 1e-9), 1),
        "peak_rss_mb": peak_rss_mb(),
        "stages": stages,
    }
