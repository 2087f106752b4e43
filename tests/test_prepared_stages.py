"""A stage's pure ``prepare`` step, run in the embedded engine's worker processes.

The reuse stage shingles and signs in the workers and finds duplicates in the main process;
the entities stage tokenises, CRF-tags and builds mention candidates in the workers and
links them in the main process; the quotes stage scans for quotes in the workers and
resolves speakers among the linked mentions in the main process. Outputs must not depend
on where the pure half ran. The corpus is made of the team's demo articles
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

from rasd.errors import PipelineError
from rasd.model import Article
from rasd.ner.index import EntityIndex
from rasd.pipeline import Pipeline, _preparable
from rasd.settings import Settings
from rasd.stages import load_stage
from rasd.stages.base import Preparing, StageContext, StageOutput
from rasd.stages.entities import EntitiesStage
from rasd.stages.quotes import QuotesStage
from rasd.store import connect
from rasd.text import sentences
from tests.conftest import ARTICLE_AR, ARTICLE_EN, REPO

DEMO = REPO / "examples" / "demo"
STAGES = ("text", "dates", "reuse", "entities", "quotes")


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
    }


def test_entities_and_quotes_are_the_same_with_worker_prepare(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "demo_mix.jsonl"
    _write_corpus(corpus)
    dumps: list[dict[str, list[tuple[Any, ...]]]] = []
    for workers in (2, 1):
        store = connect(str(tmp_path / f"w{workers}.db"))
        run_settings = {**settings, "workers": workers, "batch_size": 40}
        summary = Pipeline.from_names(STAGES).run([str(DEMO), str(corpus)], store, run_settings)
        assert summary.new > 250 and summary.duplicates >= 8 and summary.revisions >= 15
        # workers=1 runs in-process and never prepares; with workers=2 every batch is prepared in the workers
        for name in ("reuse", "entities", "quotes"):
            assert (f"{name}:prepare" in summary.stage_seconds) is (workers == 2), name
        dumps.append(_dump(store.conn))
        store.close()
    prepared, plain = dumps
    assert len(plain["mentions"]) > 500 and len(plain["entities"]) > 50
    assert sum(1 for r in plain["annotations"] if r[1] == "quotes" and r[4] != "[]") > 50
    for table in ("annotations", "mentions", "entities"):
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
    stages = [load_stage(n) for n in ("text", "reuse", "entities", "quotes")]
    assert isinstance(stages[2], Preparing) and not isinstance(stages[0], Preparing)
    # quotes' scan reads no entity mentions (``prepare_reads``), so it can run before entities
    assert [s.name for s in _preparable(stages, stages[:1])] == ["reuse", "entities", "quotes"]
    # without the text stage in the workers, the "sentences" they read are not there yet
    assert _preparable(stages[1:], []) == []
    # hand-built stages cannot be rebuilt by name in a worker
    assert _preparable([stages[0], _Reads()], stages[:1]) == []
