"""Entity store adapter round trip on a throw-away SQLite database (issue 5)."""

from __future__ import annotations

import sqlite3
from importlib.resources import files

from rasd.model import Article
from rasd.ner.index import EntityIndex
from rasd.stages.base import StageContext
from rasd.stages.entities import EntitiesStage
from rasd.store.entities import EntityAdapter, entity_articles, find_entities


def _conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for schema in ("003_entities.sql", "031_entity_aliases.sql"):
        conn.executescript(files("rasd.store").joinpath("schema", schema).read_text("utf-8"))
    return conn


def test_save_then_load_links_new_articles_to_known_entities() -> None:
    conn, adapter = _conn(), EntityAdapter()
    index = adapter.load(conn, {})
    first = Article(id="a1", text="قال وزير الخارجية الأمريكي أنتوني بلينكن إن الحل دبلوماسي.", lang="ar")
    out = EntitiesStage()([first], StageContext(state=index))
    adapter.save(conn, out.state_updates)
    key = next(m["key"] for m in out.fields[0]["entity_mentions"] if m["text"] == "أنتوني بلينكن")

    fresh = adapter.load(conn, {})
    assert key in fresh.entities
    second = Article(id="a2", text="وأكد بلينكين أن واشنطن ستواصل المشاورات مع الحلفاء.", lang="ar")
    out2 = EntitiesStage()([second], StageContext(state=fresh))
    adapter.save(conn, out2.state_updates)
    assert any(m["key"] == key for m in out2.fields[0]["entity_mentions"])

    [found] = [e for e in find_entities(conn, "بلينكين") if e["key"] == key]
    assert set(found["variants"]) >= {"أنتوني بلينكن", "بلينكين"}
    assert found["explanations"]
    assert {r["article_id"] for r in entity_articles(conn, key)} == {"a1", "a2"}
    stage = conn.execute("SELECT DISTINCT stage FROM entities").fetchall()
    assert stage == [("entities",)]


def test_save_ignores_empty_updates() -> None:
    conn = _conn()
    EntityAdapter().save(conn, None)
    assert conn.execute("SELECT COUNT(*) FROM entities").fetchone() == (0,)
    assert isinstance(EntityAdapter().load(conn, {}), EntityIndex)
