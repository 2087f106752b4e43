"""Read queries shared by the CLI, the JSON API and the web UI. Plain dicts out, parameterised SQL in."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from rasd.errors import NotFound
from rasd.store.search import match_expression, snippet
from rasd.text.arabic import normalise

#: annotation keys shown in article listings (``rasd articles --json``), when present
LISTED_ANNOTATIONS = ("event_id", "story_id", "event_date", "duplicate_of", "revision_of", "published_resolved")


def _annotations(conn: sqlite3.Connection, ids: list[str], keys: tuple[str, ...] | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {i: {} for i in ids}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    sql = f"SELECT article_id, key, value FROM annotations WHERE article_id IN ({marks})"
    params: list[Any] = list(ids)
    if keys is not None:
        sql += f" AND key IN ({','.join('?' * len(keys))})"
        params += list(keys)
    for aid, key, value in conn.execute(sql, params):
        out[aid][key] = json.loads(value)
    return out


def article_row(row: sqlite3.Row, notes: dict[str, Any]) -> dict[str, Any]:
    resolved = notes.get("published_resolved") or {}
    return {
        "id": row["id"],
        "source": row["source"],
        "title": row["title"],
        "url": row["url"] or row["input_ref"],
        "published": row["published"] or resolved.get("value"),
        "published_provenance": resolved.get("provenance") or ("metadata" if row["published"] else "unknown"),
        "lang": row["lang"],
        "event_id": notes.get("event_id"),
        "story_id": notes.get("story_id"),
        "event_date": notes.get("event_date"),
        "duplicate_of": notes.get("duplicate_of"),
        "revision_of": row["revision_of"] or notes.get("revision_of"),
    }


def list_articles(
    conn: sqlite3.Connection,
    limit: int | None = None,
    offset: int = 0,
    source: str | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Articles in ingest order with the listed annotations."""
    where, params = [], []
    if source:
        where.append("source = ?")
        params.append(source)
    if lang:
        where.append("lang = ?")
        params.append(lang)
    sql = "SELECT id, source, title, url, input_ref, published, lang, revision_of FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY rowid LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*params, -1 if limit is None else limit, offset]).fetchall()
    notes = _annotations(conn, [r["id"] for r in rows], LISTED_ANNOTATIONS)
    return [article_row(r, notes[r["id"]]) for r in rows]


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """One article with its text, metadata and every annotation; ``article_id`` may be a unique prefix."""
    rows = conn.execute("SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (article_id.replace("%", "") + "%",)).fetchall()
    if not rows:
        raise NotFound(f"No article with id {article_id!r}")
    if len(rows) > 1 and rows[0]["id"] != article_id:
        raise NotFound(f"Id prefix {article_id!r} is ambiguous")
    row = rows[0]
    notes = _annotations(conn, [row["id"]], None)[row["id"]]
    out = article_row(row, notes)
    out.update(text=row["text"], input_ref=row["input_ref"], fetched_at=row["fetched_at"],
               meta=json.loads(row["meta"]), annotations=notes)
    return out


def list_rejections(conn: sqlite3.Connection, reason: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT input_ref, reason, detail, created_at FROM rejections"
    params: list[Any] = []
    if reason:
        sql += " WHERE reason = ?"
        params.append(reason)
    return [dict(r) for r in conn.execute(sql + " ORDER BY id", params)]


def search(conn: sqlite3.Connection, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Full-text search over normalised title and body, best first, with a marked snippet of the original text."""
    match = match_expression(query)
    if not match:
        return []
    rows = conn.execute(
        "SELECT a.id, a.source, a.title, a.url, a.input_ref, a.published, a.lang, a.revision_of, a.text,"
        " bm25(articles_fts) AS score"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?",
        (match, limit, offset),
    ).fetchall()
    notes = _annotations(conn, [r["id"] for r in rows], LISTED_ANNOTATIONS)
    return [
        {**article_row(r, notes[r["id"]]), "snippet": snippet(r["text"], query), "score": round(-r["score"], 3)}
        for r in rows
    ]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "articles": one("SELECT count(*) FROM articles"),
        "sources": one("SELECT count(*) FROM sources"),
        "rejections": one("SELECT count(*) FROM rejections"),
        "inputs": one("SELECT count(*) FROM inputs"),
        "runs": one("SELECT count(*) FROM runs"),
    }


def list_sources(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in conn.execute(
            "SELECT source AS name, count(*) AS articles, min(published) AS first, max(published) AS last"
            " FROM articles GROUP BY source ORDER BY articles DESC"
        )
    ]


def list_quotes(conn: sqlite3.Connection, speaker: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Quotes of every article (newest articles first); ``speaker`` matches speaker text or entity key."""
    needle = normalise(speaker) if speaker else None
    out: list[dict[str, Any]] = []
    rows = conn.execute(
        "SELECT a.id, a.source, a.published, n.value FROM annotations n JOIN articles a ON a.id = n.article_id"
        " WHERE n.key = 'quotes' AND n.value != '[]' ORDER BY a.published DESC, a.rowid DESC"
    )
    for aid, source, published, value in rows:
        for quote in json.loads(value):
            who = normalise(f"{quote.get('speaker_text') or ''} {quote.get('speaker_key') or ''}")
            if needle and needle not in who:
                continue
            out.append({"article_id": aid, "source": source, "published": published, **quote})
            if len(out) >= limit:
                return out
    return out
