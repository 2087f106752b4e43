"""Crash trials: ``kill -9`` a ``rasd run`` over the demo corpus at random points, rerun, and compare.

After every kill the store must pass SQLite's integrity check and rasd's invariants (inputs and articles
committed together, no orphan rows); after the runs complete, the store must hold exactly what an
uninterrupted run produces (articles, annotations, inputs, events). Bounded: 20 kills, small batches.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]
DEMO = REPO / "examples" / "demo"
KILLS = 20
BUDGET_S = 150.0
ENV = {**os.environ, "RASD_BATCH_SIZE": "2", "RASD_WORKERS": "1"}

#: Queries whose results must match an uninterrupted run (run-dependent columns such as fetched_at left out).
SAME = {
    "articles": "SELECT id, url, source, title, published, lang, text, input_ref, revision_of, meta FROM articles"
                " ORDER BY id",
    "annotations": "SELECT article_id, key, stage, stage_version, value FROM annotations ORDER BY article_id, key",
    "inputs": "SELECT ref, digest, outcome, article_id FROM inputs ORDER BY ref",
    "rejections": "SELECT input_ref, reason, detail FROM rejections ORDER BY input_ref",
    "events": "SELECT id, n_articles FROM events ORDER BY id",
    "event_members": "SELECT article_id, event_id FROM event_members ORDER BY article_id",
    "processed": "SELECT article_id, stage, version FROM processed ORDER BY article_id, stage",
}
#: rasd's own invariants, each query must return 0.
ORPHANS = {
    "annotation without article": "SELECT count(*) FROM annotations WHERE article_id NOT IN (SELECT id FROM articles)",
    "processed without article": "SELECT count(*) FROM processed WHERE article_id NOT IN (SELECT id FROM articles)",
    "article without input": "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM inputs"
                             " WHERE article_id IS NOT NULL)",
    "input pointing nowhere": "SELECT count(*) FROM inputs WHERE outcome IN ('article', 'duplicate')"
                              " AND article_id NOT IN (SELECT id FROM articles)",
    "event member without article": "SELECT count(*) FROM event_members WHERE article_id NOT IN"
                                    " (SELECT id FROM articles)",
    "fts row without article": "SELECT count(*) FROM articles_fts WHERE rowid NOT IN (SELECT rowid FROM articles)",
}


def _cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "rasd", "--db", str(db), "run", str(DEMO), "--json"]


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def _check_consistent(db: Path) -> None:
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]
    for name, sql in ORPHANS.items():
        if _table_exists(db, sql):
            assert _query(db, sql) == [(0,)], name


def _table_exists(db: Path, sql: str) -> bool:
    try:
        _query(db, sql)
    except sqlite3.OperationalError:  # a kill before the migrations finished: nothing to check yet
        return False
    return True


def _kill_at(db: Path, delay: float) -> bool:
    """Start a run and SIGKILL it after ``delay`` s; True when killed (False: it finished first)."""
    proc = subprocess.Popen(_cmd(db), env=ENV, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def _complete(db: Path) -> None:
    subprocess.run(_cmd(db), env=ENV, cwd=REPO, check=True, stdout=subprocess.DEVNULL, timeout=120)


@pytest.mark.slow
def test_kill_9_at_random_points_then_rerun_matches_an_uninterrupted_run(tmp_path: Path) -> None:
    reference = tmp_path / "reference.db"
    started = time.monotonic()
    _complete(reference)
    full_run = time.monotonic() - started
    expected = {name: _query(reference, sql) for name, sql in SAME.items()}
    assert expected["articles"] and expected["annotations"]
    rng = random.Random(20240306)
    kills = chains = 0
    db = tmp_path / "chain0.db"
    while kills < KILLS:
        assert time.monotonic() - started < BUDGET_S, f"only {kills} kills within {BUDGET_S} s"
        if _kill_at(db, rng.uniform(0.3, 0.65 * full_run)):
            kills += 1
            _check_consistent(db)
            continue
        _assert_same(db, expected)  # the restarted run completed: compare, then start a fresh chain
        chains += 1
        db = tmp_path / f"chain{chains}.db"
    _complete(db)
    _check_consistent(db)
    _assert_same(db, expected)
    assert kills == KILLS
    _report({"kills": kills, "completed_chains": chains + 1, "articles": len(expected["articles"]),
             "inputs": len(expected["inputs"]), "items_lost": 0, "seconds": round(time.monotonic() - started, 1)})
    shutil.rmtree(tmp_path, ignore_errors=True)


def _report(figures: dict[str, object]) -> None:
    """Write the trial figures to $RASD_TRIALS_REPORT when set (docs/reliability.md quotes them)."""
    target = os.environ.get("RASD_TRIALS_REPORT")
    if target:
        Path(target).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def _assert_same(db: Path, expected: dict[str, list[tuple[object, ...]]]) -> None:
    for name, sql in SAME.items():
        assert _query(db, sql) == expected[name], f"{name} differs from the uninterrupted run"
