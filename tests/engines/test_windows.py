"""The Spark engine's event step (windows, border merge, undated replay) without Spark.

The same functions the executors and the driver run are called here in one process, on
articles an embedded run stored, and the result is compared with the embedded events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasd.cluster.features import article_day
from rasd.engines.undated import apply_replay, replay_undated
from rasd.engines.windows import (
    MergedEvents,
    Timeline,
    WindowPlan,
    cluster_windows,
    corpus_terms,
    merge_windows,
)
from rasd.eval.metrics import bcubed
from rasd.model import Article
from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.store import connect

REPO = Path(__file__).resolve().parents[2]


class _Broadcast:
    def __init__(self, value: Any) -> None:
        self.value = value


def spark_events_locally(articles: list[Article], settings: dict[str, Any]) -> MergedEvents:
    """What ``spark._Job._events`` computes, with lists instead of RDDs (``idx`` = list position)."""
    days = [(i, article_day(a)) for i, a in enumerate(articles)]
    plan = WindowPlan.build((d for _, d in days), settings)
    timeline = Timeline.build(days, int(settings["batch_size"]))
    rows: dict[int, list[tuple[int, tuple[int, bool, Article]]]] = defaultdict(list)
    for i, day in days:
        for key, core in plan.keys(day):
            rows[key].append((key, (i, core, articles[i])))
    results = [r for key in sorted(rows) for r in cluster_windows(rows[key], settings, _Broadcast(timeline))]
    merged = merge_windows(results)
    terms: dict[int, Counter[str]] = defaultdict(Counter)
    docs: Counter[int] = Counter()
    for i, day in days:
        if day is not None:
            terms[timeline.batch(i)].update(corpus_terms(articles[i]))
            docs[timeline.batch(i)] += 1
    event_of_id = {articles[i].id: e for i, e in merged.event_of.items()}
    undated = [(i, articles[i]) for i, day in days if day is None]
    replay = replay_undated(undated, merged, timeline, ((b, terms[b], docs[b]) for b in sorted(terms)),
                            event_of_id, settings)
    return apply_replay(merged, replay)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Article], dict[str, str], dict[str, Any]]]:
    settings = {**load_settings(environ={}, config_file=Path("/nonexistent/rasd.toml")), "workers": 1}
    db = str(tmp_path_factory.mktemp("windows") / "embedded.db")
    store = connect(db)
    Pipeline.from_names().run([str(REPO / "examples" / "demo")], store, settings)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    articles = store.load_articles(ids)
    store.close()
    truth = {a.id: a.annotations.pop("event_id") for a in articles}
    for a in articles:
        a.annotations.pop("story_id", None)
    yield articles, truth, settings


@pytest.mark.parametrize("window_days", [None, 10])
def test_windowed_events_match_embedded_on_demo(
    demo_store: tuple[list[Article], dict[str, str], dict[str, Any]], window_days: int | None
) -> None:
    articles, truth, settings = demo_store
    if window_days is not None:  # None: the default (90)
        settings = {**settings, "spark_window_days": window_days}
    assert any(article_day(a) is None for a in articles) and len({article_day(a) for a in articles}) > 3
    merged = spark_events_locally(articles, settings)
    predicted = {articles[i].id: e for i, e in merged.event_of.items()}
    assert set(predicted) == set(truth)
    _, _, f1 = bcubed(predicted, truth)
    assert f1 >= 0.98, f1
    assert {row["id"] for row in merged.clusters} == set(predicted.values())


def test_timeline_is_the_running_latest_day_per_embedded_batch() -> None:
    timeline = Timeline.build([(0, 5), (1, None), (2, 3), (3, None), (4, 9), (7, 2)], batch_size=2)
    assert timeline.batch_max == (5, 5, 9, 9)
    assert timeline.batch(7) == 3 and timeline.max_day(10) == 9


def test_window_plan_keys_warm_up_and_skips_undated() -> None:
    plan = WindowPlan.build([100, 150, 290], {"spark_window_days": 90, "events_window_days": 3})
    assert (plan.span, plan.overlap, plan.n_windows) == (90, 6, 3)
    assert plan.keys(100) == [(0, True)]
    assert plan.keys(185) == [(0, True), (1, False)]  # the last 6 days of window 0 warm window 1 up
    assert plan.keys(None) == []
