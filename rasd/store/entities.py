"""Persistence of the entities stage, and read-only entity queries for the CLI/web.

``EntityAdapter.load`` rebuilds the in-memory ``EntityIndex`` from the ``entities``
table so new articles link to entities seen in earlier runs; ``save`` upserts the
entities a batch created or changed and records its mentions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, ClassVar

from rasd.ner.index import Entity, EntityIndex
from rasd.text import normalise

STAGE_VERSION = 1

_UPSERT = """
INSERT INTO entities (key, canonical, type, tokens, variants, roles, explanations, mention_count,
                      stage, stage_version, aliases)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'entities', ?, ?)
ON CONFLICT(key) DO UPDATE SET canonical = excluded.canonical, type = excluded.type,
    tokens = excluded.tokens, variants = excluded.variants, roles = excluded.roles, aliases = excluded.aliases,
    explanations = excluded.explanations, mention_count = excluded.mention_count,
    stage_version = excluded.stage_version
"""
_MENTION = """
INSERT OR REPLACE INTO entity_mentions (article_id, entity_key, start, end, text, role, stage, stage_version)
VALUES (?, ?, ?, ?, ?, ?, 'entities', ?)
"""


class EntityAdapter:
    stage: ClassVar[str] = "entities"

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> EntityIndex:
        index = EntityIndex()
        rows = conn.execute("SELECT key, canonical, type, tokens, variants, roles, explanations, aliases"
                            " FROM entities ORDER BY key")
        index.restore([Entity.from_dict({
            "key": key, "canonical": canonical, "type": kind, "tokens": json.loads(tokens),
            "variants": json.loads(variants), "roles": json.loads(roles), "explanations": json.loads(expl),
            "aliases": json.loads(aliases),
        }) for key, canonical, kind, tokens, variants, roles, expl, aliases in rows])
        return index

    def save(self, conn: sqlite3.Connection, updates: Any) -> None:
        if not updates:
            return
        conn.executemany(_UPSERT, [_entity_row(e) for e in updates.get("entities", [])])
        conn.executemany(_MENTION, [
            (m["article_id"], m["key"], m["start"], m["end"], m["text"], m.get("role"), STAGE_VERSION)
            for m in updates.get("mentions", [])
        ])


def _entity_row(e: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        e["key"], e["canonical"], e["type"], json.dumps(e.get("tokens", []), ensure_ascii=False),
        json.dumps(e.get("variants", {}), ensure_ascii=False), json.dumps(e.get("roles", {}), ensure_ascii=False),
        json.dumps(e.get("explanations", []), ensure_ascii=False), sum(e.get("variants", {}).values()),
        STAGE_VERSION, json.dumps(e.get("aliases", []), ensure_ascii=False),
    )


def _row_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    key, canonical, kind, variants, roles, expl, count = row
    return {"key": key, "canonical": canonical, "type": kind, "variants": json.loads(variants),
            "roles": json.loads(roles), "explanations": json.loads(expl), "mentions": count}


def find_entities(conn: sqlite3.Connection, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose canonical name or any variant contains ``name`` (normalised match)."""
    needle = normalise(name)
    rows = conn.execute(
        "SELECT key, canonical, type, variants, roles, explanations, mention_count FROM entities "
        "ORDER BY mention_count DESC"
    )
    out: list[dict[str, Any]] = []
    for row in rows:
        if needle in normalise(row[1]) or needle in normalise(row[3]) or needle in row[0]:
            out.append(_row_dict(row))
            if len(out) >= limit:
                break
    return out


def entity_articles(conn: sqlite3.Connection, key: str, limit: int = 100) -> list[dict[str, Any]]:
    """Articles that mention entity ``key``, with the number of mentions in each."""
    rows = conn.execute(
        "SELECT article_id, COUNT(*) FROM entity_mentions WHERE entity_key = ? "
        "GROUP BY article_id ORDER BY COUNT(*) DESC LIMIT ?", (key, limit))
    return [{"article_id": a, "mentions": n} for a, n in rows]
