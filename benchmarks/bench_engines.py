"""Throughput and memory of one whole run on the embedded engine or on Spark (issue 8's engine comparison).

Usage:
  .venv/bin/python benchmarks/bench_engines.py CORPUS... --engine embedded
  .venv/bin/python benchmarks/bench_engines.py CORPUS... --engine spark --master 'local[2]'
  WORKERS=2 WORKER_CORES=1 scripts/spark_standalone.sh -- \\
      .venv/bin/python benchmarks/bench_engines.py CORPUS... --engine spark   # master from $MASTER
Options: --stages text,reuse (default: all), --conf spark.key=value (repeatable), --out FILE (appends a JSON line).

The run goes into a fresh temporary store (and its Parquet folder) with every setting at its default.
Memory: a sampler thread reads /proc twice a second and sums the resident set of this process and all
its descendants (embedded worker processes; for Spark the driver JVM and its Python workers), plus the
process trees listed in $RASD_BENCH_PIDS (the standalone master and workers, which are not our children).
It reports the peak of that sum, and this process's own peak (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.sources.readers import iter_inputs
from rasd.store import connect

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_rss_kb(roots: list[int]) -> int:
    """Resident KB of the processes in ``roots`` and all their descendants (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(entry.name)
        children[int(fields[1])].append(pid)  # fields[1] is the parent pid (field 4 of stat)
        rss[pid] = int(fields[21]) * PAGE_KB  # field 24: resident pages
    total, stack, seen = 0, list(roots), set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


class Sampler(threading.Thread):
    def __init__(self, roots: list[int], every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.roots, self.every, self.peak_kb = roots, every, 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.roots))


def run_once(targets: list[str], engine: str, master: str, stages: list[str] | None,
             conf: dict[str, str]) -> dict[str, Any]:
    settings = dict(load_settings(environ={}, config_file=Path("/nonexistent/rasd.toml")))
    extra = [int(p) for p in os.environ.get("RASD_BENCH_PIDS", "").split()]
    sampler = Sampler([os.getpid(), *extra])
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-engines-") as tmp:
        store_path = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        if engine == "embedded":
            store = connect(store_path)
            summary = Pipeline.from_names(stages).run_items(iter_inputs(targets, settings), store, settings).to_dict()
            store.close()
        else:
            from rasd.engines import run_spark
            from rasd.engines.session import get_session

            if conf:
                get_session(master, conf)  # later getOrCreate() calls reuse this session and its configuration
            summary = run_spark(targets, store_path, settings, master, stages)
        seconds = time.perf_counter() - t0
    sampler.halt.set()
    sampler.join()
    return {
        "engine": engine, "master": master if engine == "spark" else None, "stages": stages or "all",
        "conf": conf, "inputs": summary["inputs"], "new": summary["new"], "rejected": summary["rejected"],
        "seconds": round(seconds, 1), "inputs_per_s": round(summary["inputs"] / seconds, 1),
        "stage_seconds": summary["stage_seconds"], "dedup": summary.get("engine", {}).get("dedup"),
        "peak_rss_tree_mb": round(max(sampler.peak_kb, _tree_rss_kb(sampler.roots)) / 1024),
        "peak_rss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_avg_1m_end": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("targets", nargs="+")
    ap.add_argument("--engine", choices=["embedded", "spark"], default="embedded")
    ap.add_argument("--master", default=os.environ.get("MASTER", "local[2]"))
    ap.add_argument("--stages", default=None)
    ap.add_argument("--conf", action="append", default=[], help="spark.key=value (repeatable)")
    ap.add_argument("--out", default=None, help="append the JSON line to this file too")
    args = ap.parse_args()
    conf = dict(c.split("=", 1) for c in args.conf)
    result = run_once(args.targets, args.engine, args.master, args.stages.split(",") if args.stages else None, conf)
    line = json.dumps(result, ensure_ascii=False)
    print(line, flush=True)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


if __name__ == "__main__":
    main()
