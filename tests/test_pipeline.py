import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest

from rasd.errors import StageOrderError
from rasd.model import Article
from rasd.pipeline import Pipeline, check_order
from rasd.settings import Settings
from rasd.stages.base import StageContext, StageOutput
from rasd.store import connect
from tests.conftest import ARTICLE_AR


class _Needs:
    name: ClassVar[str] = "needs"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    assigns: ClassVar[tuple[str, ...]] = ("n_sentences",)

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        return StageOutput([{"n_sentences": len(a.annotations["sentences"])} for a in batch])


def test_stage_order_is_checked_at_build_time() -> None:
    from rasd.stages.text import TextStage

    check_order([TextStage(), _Needs()])
    with pytest.raises(StageOrderError):
        Pipeline([_Needs(), TextStage()])
    with pytest.raises(StageOrderError):
        Pipeline([_Needs()])


def test_run_twice_is_a_no_op(corpus: Path, tmp_path: Path, settings: Settings) -> None:
    store = connect(str(tmp_path / "r.db"))
    first = Pipeline.from_names().run([str(corpus)], store, settings)
    assert first.new == 2 and first.rejected == {"empty": 1, "unsupported": 1}
    second = Pipeline.from_names().run([str(corpus)], store, settings)
    assert second.new == 0 and second.unchanged == 3 and sum(second.rejected.values()) == 1
    counts = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert counts == 2
    # every input is accounted for
    assert store.conn.execute("SELECT count(*) FROM inputs").fetchone()[0] == 3


def test_revisions_and_exact_copies(tmp_path: Path, settings: Settings) -> None:
    import json

    lines = [
        {"id": "1", "url": "https://n.example/a", "text": ARTICLE_AR},
        {"id": "2", "url": "https://n.example/a", "text": ARTICLE_AR + " وأضاف المتحدث تفاصيل جديدة عن الخطة."},
        {"id": "3", "url": "https://n.example/a", "text": ARTICLE_AR},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines))
    store = connect(str(tmp_path / "r.db"))
    out = Pipeline.from_names().run([str(path)], store, settings)
    assert (out.new, out.revisions, out.duplicates) == (2, 1, 1)
    rows = store.conn.execute("SELECT id, revision_of FROM articles ORDER BY ingest_seq").fetchall()
    assert rows[1][1] == rows[0][0]


def test_stage_annotations_are_stored_with_stage_and_version(corpus: Path, tmp_path: Path, settings: Settings) -> None:
    store = connect(str(tmp_path / "r.db"))
    Pipeline.from_names(["text"]).run([str(corpus)], store, settings)
    rows = store.conn.execute("SELECT DISTINCT stage, stage_version, key FROM annotations ORDER BY key").fetchall()
    assert [tuple(r) for r in rows] == [("rasd.text", 1, "sentences"), ("rasd.text", 1, "word_count")]


def _big_corpus(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"a{i:04d}.txt").write_text(f"الخبر رقم {i}\n" + ARTICLE_AR + f" وهذا سطر مميز للخبر {i}.", "utf-8")
    return root


def _table(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def test_kill_9_mid_run_then_resume(tmp_path: Path) -> None:
    corpus = _big_corpus(tmp_path / "c", 300)
    db = tmp_path / "crash.db"
    env = {**os.environ, "RASD_BATCH_SIZE": "10"}
    cmd = [sys.executable, "-m", "rasd", "--db", str(db), "run", str(corpus), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some batches are committed, then kill hard
        time.sleep(0.05)
        try:
            if db.exists() and _table(db, "SELECT count(*) FROM articles")[0][0] >= 30:
                break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _table(db, "SELECT count(*) FROM articles")[0][0]
    assert _table(db, "PRAGMA integrity_check") == [("ok",)]
    assert _table(db, "SELECT count(*) FROM inputs")[0][0] == partial  # inputs and articles commit together
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    reference = tmp_path / "ref.db"
    subprocess.run([sys.executable, "-m", "rasd", "--db", str(reference), "run", str(corpus)], check=True,
                   stdout=subprocess.DEVNULL, timeout=120)
    query = "SELECT id, title, text FROM articles ORDER BY id"
    assert _table(db, query) == _table(reference, query)
    assert _table(db, "SELECT count(*) FROM annotations WHERE stage = 'rasd.text'")[0][0] == 300 * 2
    assert _table(db, "SELECT count(*) FROM annotations WHERE key = 'event_id'")[0][0] == 300


def test_a_new_stage_backfills_stored_articles(corpus: Path, tmp_path: Path, settings: Settings) -> None:
    from rasd.stages.text import TextStage

    store = connect(str(tmp_path / "b.db"))
    Pipeline([TextStage()]).run([str(corpus)], store, settings)
    later = Pipeline([TextStage(), _Needs()]).run([str(corpus)], store, settings)
    assert later.new == 0 and later.backfilled == {"needs": 2}
    values = store.conn.execute("SELECT value FROM annotations WHERE key = 'n_sentences'").fetchall()
    assert sorted(int(v[0]) for v in values) == [2, 4]  # the English article has 2 sentences, the Arabic 4
    again = Pipeline([TextStage(), _Needs()]).run([str(corpus)], store, settings)
    assert again.backfilled == {}



def _worker_threads() -> tuple[list[int], list[str]]:
    """In a fresh process: numpy loaded with a 2-thread pool (as a forkserver that imported it may hold), then
    the pipeline's worker set-up; the pools' sizes after it, and the variables later-loaded libraries read."""
    import numpy as np
    from threadpoolctl import threadpool_info, threadpool_limits

    from rasd.pipeline import _worker_init

    threadpool_limits(limits=2)
    _worker_init({}, ["text"], "2026-01-01T00:00:00+00:00", owner=os.getppid())
    np.ones((4, 4)) @ np.ones((4, 4))
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
    return [int(pool["num_threads"]) for pool in threadpool_info()], [os.environ.get(n, "") for n in names]


def test_worker_processes_keep_one_native_thread() -> None:
    """Two workers beside the main process on two cores: a BLAS pool per process only adds spinning threads
    (docs/benchmarks.md), so a worker's pools are limited to one thread, and a run restores the caller's."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np  # noqa: F401  (its BLAS pool is what threadpoolctl sees)
    from threadpoolctl import threadpool_info, threadpool_limits

    from rasd.pipeline import one_native_thread

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        sizes, variables = pool.submit(_worker_threads).result(timeout=120)
    assert sizes and set(sizes) == {1}
    assert variables == ["1", "1"]
    with threadpool_limits(limits=2):
        with one_native_thread():
            assert {p["num_threads"] for p in threadpool_info()} == {1}
        assert {p["num_threads"] for p in threadpool_info()} == {2}
