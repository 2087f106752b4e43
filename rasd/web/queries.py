"""Reads the store modules do not offer yet: filter helpers and entity lookups from annotations.

Everything here is read-only and parameterised; bulk lists are bounded by ``_MAX_SCAN`` rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

_MAX_SCAN = 50_000
_IN_CHUNK = 400


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,))
    return row.fetchone() is not None


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]


def article_briefs(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, title, source, published, lang} for the given article ids."""
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT id, title, source, published, lang FROM articles WHERE id IN ({marks})",
                                chunk):
            out[row[0]] = dict(zip(("id", "title", "source", "published", "lang"), row, strict=True))
    return out


def annotation_values(conn: sqlite3.Connection, key: str, ids: Iterable[str]) -> dict[str, Any]:
    """article id -> decoded value of annotation ``key`` for the given articles (those that have it)."""
    out: dict[str, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT article_id, value FROM annotations WHERE key = ? AND article_id IN ({marks})"
        for aid, value in conn.execute(sql, [key, *chunk]):
            out[aid] = json.loads(value)
    return out


def annotations_containing(conn: sqlite3.Connection, key: str, needle: str | None = None) -> list[tuple[str, Any]]:
    """(article id, decoded value) of every ``key`` annotation, prefiltered on a JSON string ``needle``."""
    sql = "SELECT article_id, value FROM annotations WHERE key = ?"
    args: list[Any] = [key]
    if needle is not None:
        sql += " AND instr(value, ?) > 0"
        args.append(json.dumps(needle, ensure_ascii=False))
    rows = conn.execute(sql + " LIMIT ?", [*args, _MAX_SCAN]).fetchall()
    return [(aid, json.loads(value)) for aid, value in rows]


def entity_article_ids(conn: sqlite3.Connection, key: str) -> set[str]:
    """Articles that mention entity ``key``: the entity_mentions table and the annotations."""
    ids: set[str] = set()
    if has_table(conn, "entity_mentions"):
        ids |= {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM entity_mentions WHERE entity_key = ?",
                                           (key,))}
    for aid, mentions in annotations_containing(conn, "entity_mentions", key):
        if any(isinstance(m, dict) and m.get("key") == key for m in mentions or []):
            ids.add(aid)
    return ids


def event_ids_where(conn: sqlite3.Connection, source: str | None, lang: str | None,
                    article_ids: set[str] | None) -> set[str]:
    """Events with at least one article matching every given condition."""
    sql = "SELECT DISTINCT m.event_id, a.id FROM event_members m JOIN articles a ON a.id = m.article_id WHERE 1 = 1"
    args: list[Any] = []
    if source:
        sql += " AND a.source = ?"
        args.append(source)
    if lang:
        sql += " AND a.lang = ?"
        args.append(lang)
    rows = conn.execute(sql, args).fetchall()
    return {eid for eid, aid in rows if article_ids is None or aid in article_ids}


def story_outlet_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """story id -> number of distinct outlets over its events' articles."""
    rows = conn.execute("SELECT s.story_id, count(DISTINCT a.source) FROM story_events s "
                        "JOIN event_members m ON m.event_id = s.event_id JOIN articles a ON a.id = m.article_id "
                        "GROUP BY s.story_id")
    return {sid: n for sid, n in rows}


def entity_rows(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """key -> {key, canonical, type} from the entities table (empty when the table is absent)."""
    if not has_table(conn, "entities"):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(keys))):
        marks = ",".join("?" * len(chunk))
        for key, canonical, kind in conn.execute(
                f"SELECT key, canonical, type FROM entities WHERE key IN ({marks})", chunk):
            out[key] = {"key": key, "canonical": canonical, "type": kind}
    return out
