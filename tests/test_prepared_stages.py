"""A stage's pure ``prepare`` step, run in the embedded engine's worker processes.

The reuse stage shingles and signs in the workers and finds duplicates in the main process;
the entities stage tokenises, CRF-tags and builds mention candidates in the workers and
links them in the main process; the quotes stage scans for quotes in the workers and
resolves speakers among the linked mentions in the main process; the events stage takes
stems, title stems and name terms from the workers and clusters in the main process (the
stories stage reuses those features). Outputs must not depend on where the pure half ran. The corpus is made of the team's demo articles
(examples/demo), recombined.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from rasd.cluster import features
from rasd.errors import PipelineError
from rasd.model import Article
from rasd.ner.index import EntityIndex
from rasd.pipeline import Pipeline, _preparable
from rasd.settings import Settings
from rasd.stages import load_stage
from rasd.stages.base import Preparing, StageContext, StageOutput
from rasd.stages.entities import EntitiesStage
from rasd.stages.events import EventsStage
from rasd.stages.quotes import QuotesStage
from rasd.stages.stories import StoriesStage
from rasd.store import connect
from rasd.store.events import list_events, list_stories
from rasd.text import sentences
from tests.conftest import ARTICLE_AR, ARTICLE_EN, REPO

DEMO = REPO / "examples" / "demo"
STAGES = ("text", "dates", "reuse", "entities", "quotes", "events", "stories", "summaries")


def _demo_sentences() -> list[str]:
    pool: list[str] = []
    for line in (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        pool += [text[s:e].strip() for s, e in sentences(text) if len(text[s:e].split()) >= 4]
    return pool


def _write_corpus(path: Path, n: int = 300) -> None:
    """``n`` articles recombined from demo sentences, plus exact repeats and revisions of some URLs."""
    pool, rng = _demo_sentences(), random.Random(5)
    rows: list[dict[str, Any]] = []
    for k in range(n):
        text = "\n".join(rng.sample(pool, rng.randint(3, 7)))
        rows.append({"id": f"m{k}", "url": f"https://demo.example/{k % 280}", "title": text[:40], "text": text})
    rows += [dict(rows[k], id=f"r{k}") for k in range(0, n, 37)]  # exact repeats
    rows.append({"id": "en", "url": "https://demo.example/en", "text": ARTICLE_EN})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "annotations": conn.execute(
            "SELECT article_id, key, stage, stage_version, value FROM annotations ORDER BY 1, 2").fetchall(),
        "mentions": conn.execute(
            "SELECT article_id, entity_key, start, end, text, role FROM entity_mentions ORDER BY 1, 3, 4").fetchall(),
        "entities": conn.execute(
            "SELECT key, canonical, type, tokens, variants, roles, explanations, mention_count FROM entities "
            "ORDER BY key").fetchall(),
        # cluster state (summed vectors as JSON) too: any difference in the features would show there
        **{table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in (
            "events", "event_members", "event_redirects", "stories", "story_members", "story_events")},
        "summaries": [tuple(sorted(e.items())) for e in list_events(conn)]
        + [tuple(sorted(s.items())) for s in list_stories(conn)],
    }


def test_stages_are_the_same_with_worker_prepare(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "demo_mix.jsonl"
    _write_corpus(corpus)
    dumps: list[dict[str, list[tuple[Any, ...]]]] = []
    for workers in (2, 1):
        store = connect(str(tmp_path / f"w{workers}.db"))
        run_settings = {**settings, "workers": workers, "batch_size": 40}
        summary = Pipeline.from_names(STAGES).run([str(DEMO), str(corpus)], store, run_settings)
        assert summary.new > 250 and summary.duplicates >= 8 and summary.revisions >= 15
        # workers=1 runs in-process and never prepares; with workers=2 every batch is prepared in the workers
        for name in ("reuse", "entities", "quotes", "events"):
            assert (f"{name}:prepare" in summary.stage_seconds) is (workers == 2), name
        dumps.append(_dump(store.conn))
        store.close()
    prepared, plain = dumps
    assert len(plain["mentions"]) > 500 and len(plain["entities"]) > 50
    assert sum(1 for r in plain["annotations"] if r[1] == "quotes" and r[4] != "[]") > 50
    # events group some articles, and stories some events (the check would be weak otherwise); events merged
    # since their story was set (across languages, say) leave their links in story_events
    assert len(plain["events"]) < len(plain["event_members"]) and len(plain["stories"]) < len(plain["story_events"])
    assert sum(1 for e in plain["summaries"] if dict(e)["title"]) > 5
    assert prepared.keys() == plain.keys()
    for table in plain:
        assert prepared[table] == plain[table], table


def test_prepared_payloads_give_the_same_output_and_must_match_the_batch() -> None:
    arts = [Article(id=f"a{i}", text=t, lang=lang) for i, (t, lang) in
            enumerate([(ARTICLE_AR, "ar"), (ARTICLE_EN, "en"), ("", None), (_demo_sentences()[3], "ar")])]
    stage = EntitiesStage()
    payloads = stage.prepare(arts, {})
    assert [p[0] for p in payloads] == ["ar", "en", "", "ar"]
    direct = stage(arts, StageContext(state=EntityIndex()))
    given = stage(arts, StageContext(state=EntityIndex(), prepared=payloads))
    assert given.fields == direct.fields and given.state_updates == direct.state_updates
    assert any(f["entity_mentions"] for f in direct.fields)
    with pytest.raises(PipelineError):
        stage(arts, StageContext(state=EntityIndex(), prepared=payloads[:2]))


def test_quotes_from_prepared_scans_are_the_same() -> None:
    texts = [(ARTICLE_AR, "ar"), (ARTICLE_EN, "en"), ("\n".join(_demo_sentences()[3:6]), "ar"),
             ('"We will open three branches next year," the mayor said, according to the council.', "en")]
    arts = [Article(id=f"q{i}", text=t, lang=lang) for i, (t, lang) in enumerate(texts)]
    for a, f in zip(arts, EntitiesStage()(arts, StageContext(state=EntityIndex())).fields, strict=True):
        a.annotations.update(f)
    stage = QuotesStage()
    direct = stage(arts, StageContext()).fields
    assert direct == stage(arts, StageContext(prepared=stage.prepare(arts, {}))).fields
    assert all(f["quotes"] for f in direct)
    with pytest.raises(PipelineError):
        stage(arts, StageContext(prepared=[]))


def _cluster(arts: list[Article], prepared: list[Any] | None) -> tuple[list[Any], ...]:
    """Event and story ids and state updates of two batches through the events and stories stages."""
    ev, st, out = StageContext(), StageContext(), []
    for lo, hi in ((0, 4), (4, len(arts))):
        half = arts[lo:hi]
        ev.prepared = None if prepared is None else prepared[lo:hi]
        events = EventsStage()(half, ev)
        for a, f in zip(half, events.fields, strict=True):
            a.annotations.update(f)
        stories = StoriesStage()(half, st)
        out += [events.fields, events.state_updates, stories.fields, stories.state_updates]
    return tuple(out)


def _articles() -> list[Article]:
    pool = _demo_sentences()
    texts = [("\n".join(pool[k : k + 4]), "ar") for k in (0, 2, 20, 21, 40, 1, 41, 22)]
    texts[5] = (ARTICLE_EN, "en")
    return [Article(id=f"e{i}", text=t, lang=lang, title=t[:30] if i % 2 else None, published=f"2024-03-0{1 + i // 3}")
            for i, (t, lang) in enumerate(texts)]


def test_events_and_stories_from_prepared_features_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    direct = _cluster(_articles(), None)
    assert len({f["event_id"] for f in direct[0] + direct[4]}) < 8  # some articles share an event
    arts = _articles()
    prepared = EventsStage().prepare(arts, {})

    def never(article: Article) -> None:
        raise AssertionError(f"text features of {article.id} computed again in the main process")

    # with the workers' features neither stage extracts text features itself: the stories stage takes the
    # events stage's features from the cache
    monkeypatch.setattr(features, "_FEATURES", {})
    monkeypatch.setattr(features, "text_features", never)
    assert _cluster(arts, prepared) == direct
    assert features._FEATURES == {}  # the stories stage dropped what it used
    with pytest.raises(PipelineError):
        EventsStage()(arts, StageContext(prepared=prepared[:3]))


class _Reads:
    """A stage with a prepare step that reads what ``requires`` names."""

    name: ClassVar[str] = "entities"  # registered name, but not the registered class
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("x",)

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[Any]:
        return [None for _ in batch]

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        return StageOutput([{"x": 1} for _ in batch])


def test_which_stages_prepare_in_workers() -> None:
    stages = [load_stage(n) for n in ("text", "reuse", "entities", "quotes", "events", "stories")]
    assert isinstance(stages[2], Preparing) and not isinstance(stages[0], Preparing)
    # quotes' scan reads no entity mentions (``prepare_reads``), so it can run before entities; the events
    # stage's text features read no entity mentions nor duplicate links; stories reuse the events features
    assert [s.name for s in _preparable(stages, stages[:1])] == ["reuse", "entities", "quotes", "events"]
    # without the text stage in the workers, the "sentences" they read are not there yet
    assert _preparable(stages[1:], []) == []
    # hand-built stages cannot be rebuilt by name in a worker
    assert _preparable([stages[0], _Reads()], stages[:1]) == []
