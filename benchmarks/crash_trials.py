"""Crash trials on an ANT slice: ``kill -9`` ``rasd run`` at random times, rerun, check, compare.

Writes the first N articles of ../shared/eval/ant/ant-v2.1.jsonl.gz (read at run time, see
rasd.eval.datasets) to a temporary JSON Lines file, runs ``rasd run`` over it once uninterrupted (the
reference), then T times starts ``rasd run`` on a trial store and kills its whole process group with
SIGKILL after a random delay drawn inside the expected duration of that run (startup + the time the
remaining inputs take at the reference's pace). After every kill the store must pass
``rasd.store.integrity.problems`` (SQLite integrity_check and rasd's invariants). A run that completes
before its kill ends a chain: the store must then account for every input and equal the reference
(``rasd.store.integrity.differences``: articles, annotations, inputs, rejections, event and story ids
and members); the next trial starts a fresh store. After the last kill the chain is completed and
compared the same way. Prints the figures as JSON; exits 1 on any problem or difference.

    .venv/bin/python benchmarks/crash_trials.py --n 5000 --trials 20
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_path
from rasd.store import integrity

REPO = Path(__file__).parent.parent


@dataclass
class Trials:
    """What the trials saw; ``ok`` when no kill left a broken store and every completed chain matched."""

    inputs: int = 0
    reference_articles: int = 0
    reference_seconds: float = 0.0
    startup_seconds: float = 0.0
    kills: int = 0
    kill_delays: list[float] = field(default_factory=list)
    accounted_at_kill: list[int] = field(default_factory=list)
    completed_chains: int = 0
    unaccounted: int = 0
    problems: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.problems or self.differences or self.unaccounted)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def ant_slice(out: Path, n: int) -> Path:
    """Write the first ``n`` ANT lines to ``out``; raises rasd.errors.DataMissing when the corpus is absent."""
    src = shared_path("eval", "ant", "ant-v2.1.jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(fh, n))
    return out


def _env(batch_size: int) -> dict[str, str]:
    return {**os.environ, "RASD_BATCH_SIZE": str(batch_size), "RASD_WORKERS": "1"}


def _cmd(db: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-m", "rasd", "--db", str(db), "run", str(corpus), "--json"]


def complete(db: Path, corpus: Path, batch_size: int, timeout: float) -> float:
    """One uninterrupted ``rasd run``; returns its wall time."""
    start = time.monotonic()
    subprocess.run(_cmd(db, corpus), env=_env(batch_size), cwd=REPO, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=timeout)
    return time.monotonic() - start


def kill_at(db: Path, corpus: Path, batch_size: int, delay: float) -> bool:
    """Start a run and SIGKILL its process group after ``delay`` s; True when killed, False when it finished."""
    proc = subprocess.Popen(_cmd(db, corpus), env=_env(batch_size), cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        return True


def _accounted(db: Path) -> int:
    try:
        return integrity.count(db, "SELECT count(*) FROM inputs")
    except sqlite3.Error:  # no store or no schema yet: nothing accounted for
        return 0


def _finish_chain(db: Path, expected: dict[str, integrity.Rows], report: Trials) -> None:
    report.completed_chains += 1
    report.problems += integrity.problems(db)
    report.differences += integrity.differences(db, expected)
    report.unaccounted += max(report.inputs - _accounted(db), 0)


def run_trials(corpus: Path, work: Path, trials: int, seed: int = 20240306, batch_size: int = 100,
               budget: float = 1800.0) -> Trials:
    """Reference run, then ``trials`` kills at random times (see the module docstring)."""
    started = time.monotonic()
    report = Trials(inputs=sum(1 for _ in corpus.open(encoding="utf-8")))
    reference = work / "reference.db"
    report.reference_seconds = round(complete(reference, corpus, batch_size, budget), 2)
    report.startup_seconds = round(complete(reference, corpus, batch_size, budget), 2)  # all inputs known
    expected = integrity.snapshot(reference)
    report.reference_articles = len(expected["articles"])
    report.problems += integrity.problems(reference)
    per_input = max(report.reference_seconds - report.startup_seconds, 0.1) / max(report.inputs, 1)
    rng = random.Random(seed)
    db = work / "chain0.db"
    while report.kills < trials and time.monotonic() - started < budget:
        remaining = report.inputs - _accounted(db)
        delay = rng.uniform(0.5, report.startup_seconds + per_input * remaining)
        if kill_at(db, corpus, batch_size, delay):
            report.kills += 1
            report.kill_delays.append(round(delay, 2))
            report.accounted_at_kill.append(_accounted(db))
            if db.exists():  # killed before the store was created: nothing to check
                report.problems += integrity.problems(db)
            continue
        _finish_chain(db, expected, report)
        db = work / f"chain{report.completed_chains}.db"
    complete(db, corpus, batch_size, budget)
    _finish_chain(db, expected, report)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="ANT articles in the slice")
    ap.add_argument("--trials", type=int, default=20, help="kills")
    ap.add_argument("--seed", type=int, default=20240306)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--budget", type=float, default=1800.0, help="seconds before the trials stop")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rasd-crash-") as tmp:
        corpus = ant_slice(Path(tmp) / "ant-slice.jsonl", args.n)
        report = run_trials(corpus, Path(tmp), args.trials, args.seed, args.batch_size, args.budget)
    print(json.dumps({"n": args.n, "batch_size": args.batch_size, **report.to_dict()}, indent=1))
    sys.exit(0 if report.ok and report.kills == args.trials else 1)


if __name__ == "__main__":
    main()
