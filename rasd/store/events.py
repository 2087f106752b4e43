"""Storage of events, stories and summaries: state adapters and read-only queries.

Adapters (register with the runner): ``EventsAdapter`` (stage ``events``),
``StoriesAdapter`` (stage ``stories``) and ``SummariesAdapter`` (stage ``summaries``).
Read functions take a ``sqlite3.Connection`` and return plain dicts and lists.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from rasd.cluster.summarise import SourceDoc, summarise
from rasd.errors import NotFound
from rasd.stages.events import events_config
from rasd.stages.stories import StoriesState, stories_config
from rasd.store.cluster_state import EVENT_TABLES, STORY_TABLES, load_clusterer, save_changes

_MAX_REDIRECT_HOPS = 64
_SUMMARY_ARTICLES = 40


class EventsAdapter:
    stage: ClassVar[str] = "events"

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> Any:
        return load_clusterer(conn, EVENT_TABLES, events_config(settings))

    def save(self, conn: sqlite3.Connection, updates: Any) -> None:
        save_changes(conn, EVENT_TABLES, updates)


class StoriesAdapter:
    stage: ClassVar[str] = "stories"

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> Any:
        clusterer = load_clusterer(conn, STORY_TABLES, stories_config(settings))
        links = dict(conn.execute("SELECT event_id, story_id FROM story_events").fetchall())
        return StoriesState(clusterer, links)

    def save(self, conn: sqlite3.Connection, updates: Any) -> None:
        save_changes(conn, STORY_TABLES, updates)
        conn.executemany(
            "INSERT OR REPLACE INTO story_events (event_id, story_id, stage, stage_version) VALUES (?, ?, ?, ?)",
            [(e, s, "stories", 1) for e, s in (updates or {}).get("event_links") or []],
        )


class SummariesAdapter:
    stage: ClassVar[str] = "summaries"

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> Any:
        return None

    def save(self, conn: sqlite3.Connection, updates: Any) -> None:
        ids = [(resolve_event(conn, e),) for e in (updates or {}).get("events") or []]
        conn.executemany("DELETE FROM summaries WHERE event_id = ?", ids)


# -- reads ------------------------------------------------------------------------
def day_iso(day: int | None) -> str | None:
    return date.fromordinal(int(day)).isoformat() if day else None


def resolve_event(conn: sqlite3.Connection, cid: str) -> str:
    """Follow merge redirects from an event (or story) id to the live id."""
    for _ in range(_MAX_REDIRECT_HOPS):
        row = conn.execute("SELECT new_id FROM event_redirects WHERE old_id = ?", (cid,)).fetchone()
        if row is None or row[0] == cid:
            return cid
        cid = str(row[0])
    return cid


def _event_row(conn: sqlite3.Connection, eid: str) -> dict[str, Any]:
    row = conn.execute("SELECT e.id, e.first_day, e.last_day, e.n_articles, "
                       "(SELECT count(DISTINCT a.source) FROM event_members m JOIN articles a ON a.id = m.article_id "
                       " WHERE m.event_id = e.id), s.story_id "
                       "FROM events e LEFT JOIN story_events s ON s.event_id = e.id WHERE e.id = ?", (eid,)).fetchone()
    if row is None:
        raise NotFound(f"No event '{eid}'")
    return {"id": row[0], "first_date": day_iso(row[1]), "last_date": day_iso(row[2]),
            "n_articles": row[3], "n_outlets": row[4], "story_id": row[5]}


def list_events(conn: sqlite3.Connection, story: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """Events newest first, optionally of one story and/or with a last date on or after ``since``."""
    sql = "SELECT e.id FROM events e LEFT JOIN story_events s ON s.event_id = e.id WHERE 1 = 1"
    args: list[Any] = []
    if story:
        sql += " AND s.story_id = ?"
        args.append(resolve_event(conn, story))
    if since:
        sql += " AND e.last_day >= ?"
        args.append(date.fromisoformat(since[:10]).toordinal())
    sql += " ORDER BY e.last_day IS NULL, e.last_day DESC, e.seq DESC"
    out = []
    for (eid,) in conn.execute(sql, args).fetchall():
        item = _event_row(conn, eid)
        item["title"] = event_summary(conn, eid)["title"]
        out.append(item)
    return out


def event_articles(conn: sqlite3.Connection, eid: str) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT a.id, a.title, a.source, a.published, a.url FROM event_members m "
                        "JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? "
                        "ORDER BY a.published IS NULL, a.published, a.id", (eid,)).fetchall()
    return [dict(zip(("id", "title", "source", "published", "url"), r, strict=True)) for r in rows]


def event_summary(conn: sqlite3.Connection, eid: str) -> dict[str, Any]:
    """Cached title and summary of an event, recomputed when its article count changed."""
    (n,) = conn.execute("SELECT n_articles FROM events WHERE id = ?", (eid,)).fetchone() or (0,)
    row = conn.execute("SELECT n_articles, title, summary FROM summaries WHERE event_id = ?", (eid,)).fetchone()
    if row and row[0] == n:
        return {"title": row[1], "sentences": json.loads(row[2])}
    docs = [SourceDoc(*r) for r in conn.execute(
        "SELECT a.id, a.source, a.title, a.text FROM event_members m JOIN articles a ON a.id = m.article_id "
        "WHERE m.event_id = ? ORDER BY a.published IS NULL, a.published, a.id LIMIT ?", (eid, _SUMMARY_ARTICLES))]
    summary = summarise(docs)
    _cache_summary(conn, eid, n, summary)
    return summary


def _cache_summary(conn: sqlite3.Connection, eid: str, n: int, summary: dict[str, Any]) -> None:
    """Store a computed summary; a read-only connection just skips the cache."""
    try:
        conn.execute("INSERT OR REPLACE INTO summaries (event_id, n_articles, title, summary, stage, stage_version) "
                     "VALUES (?, ?, ?, ?, 'summaries', 1)",
                     (eid, n, summary["title"], json.dumps(summary["sentences"], ensure_ascii=False)))
    except sqlite3.OperationalError:
        pass


def get_event(conn: sqlite3.Connection, eid: str) -> dict[str, Any]:
    """One event: dates, counts, title, summary sentences, articles, outlets, top entities, quotes."""
    eid = resolve_event(conn, eid)
    out = _event_row(conn, eid)
    out.update(event_summary(conn, eid))
    out["articles"] = event_articles(conn, eid)
    out["outlets"] = sorted({a["source"] for a in out["articles"] if a["source"]})
    out["entities"], out["quotes"] = _annotations_of(conn, [a["id"] for a in out["articles"]])
    return out


def _annotations_of(conn: sqlite3.Connection, ids: list[str]) -> tuple[list[dict[str, Any]], list[Any]]:
    counts: dict[str, int] = {}
    quotes: list[Any] = []
    for aid in ids[:_SUMMARY_ARTICLES]:
        for key, value in conn.execute("SELECT key, value FROM annotations WHERE article_id = ? AND key IN "
                                       "('entity_mentions', 'quotes')", (aid,)):
            items = json.loads(value) or []
            if key == "quotes":
                quotes += [dict(q, article_id=aid) for q in items if isinstance(q, dict)][:5]
            for m in items if key == "entity_mentions" else []:
                if isinstance(m, dict) and m.get("key"):
                    counts[str(m["key"])] = counts.get(str(m["key"]), 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    return [{"key": k, "mentions": n} for k, n in top], quotes[:20]


def list_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Stories newest first: dates, number of events and articles, title of the largest event."""
    rows = conn.execute("SELECT id, first_day, last_day, n_articles FROM stories "
                        "ORDER BY last_day IS NULL, last_day DESC, seq DESC").fetchall()
    out = []
    for sid, first, last, n in rows:
        events = conn.execute("SELECT e.id FROM story_events s JOIN events e ON e.id = s.event_id "
                              "WHERE s.story_id = ? ORDER BY e.n_articles DESC, e.id", (sid,)).fetchall()
        title = event_summary(conn, events[0][0])["title"] if events else ""
        out.append({"id": sid, "first_date": day_iso(first), "last_date": day_iso(last), "n_articles": n,
                    "n_events": len(events), "title": title})
    return out


def timeline(conn: sqlite3.Connection, story_id: str) -> dict[str, Any]:
    """A story's events in date order: date, event id, title, one-line summary, articles, outlets."""
    sid = resolve_event(conn, story_id)
    if conn.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone() is None:
        raise NotFound(f"No story '{story_id}'")
    rows = conn.execute("SELECT e.id FROM story_events s JOIN events e ON e.id = s.event_id WHERE s.story_id = ? "
                        "ORDER BY e.first_day IS NULL, e.first_day, e.seq", (sid,)).fetchall()
    entries = []
    for (eid,) in rows:
        ev = _event_row(conn, eid)
        summ = event_summary(conn, eid)
        first = summ["sentences"][0]["text"] if summ["sentences"] else ""
        entries.append({"date": ev["first_date"], "event_id": eid, "title": summ["title"],
                        "summary": first[:240], "n_articles": ev["n_articles"], "n_outlets": ev["n_outlets"]})
    return {"story_id": sid, "events": entries}
