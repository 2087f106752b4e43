"""The views: one function per page returning plain, JSON-serialisable data.

The HTML route renders a view's dict with a template; the ``/api`` route returns the same dict as JSON.
Sections whose annotations are absent come back empty (the templates hide them), never as errors.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from rasd.errors import NotFound
from rasd.store import events as store_events
from rasd.store import queries as store_queries
from rasd.web import queries as web_queries


@dataclass(frozen=True)
class Filters:
    """Filters shared by the list views; ``None`` means no filter. Dates are ISO (inclusive)."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    entity: str | None = None
    lang: str | None = None
    story: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Page:
    limit: int = 50
    offset: int = 0


def paginate(rows: list[dict[str, Any]], page: Page) -> dict[str, Any]:
    items = rows[page.offset : page.offset + page.limit]
    nxt = page.offset + page.limit if page.offset + page.limit < len(rows) else None
    prev = max(0, page.offset - page.limit) if page.offset > 0 else None
    return {"items": items, "total": len(rows), "limit": page.limit, "offset": page.offset,
            "next_offset": nxt, "prev_offset": prev}


def in_range(day: str | None, f: Filters) -> bool:
    """Whether an ISO date(time) falls in the filter's date range (undated items only without a range)."""
    if not (f.since or f.until):
        return True
    if not day:
        return False
    return (not f.since or day[:10] >= f.since[:10]) and (not f.until or day[:10] <= f.until[:10])


def overlaps(first: str | None, last: str | None, f: Filters) -> bool:
    """Whether a [first, last] date span meets the filter's date range."""
    if not (f.since or f.until):
        return True
    if not (first or last):
        return False
    return (not f.since or (last or first or "") >= f.since[:10]) and (
        not f.until or (first or last or "") <= f.until[:10])


# -- home, stories ---------------------------------------------------------------------------
def home(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"stats": store_queries.stats(conn), "stories": stories(conn, Filters(), Page(10))["items"],
            "events": store_events.list_events(conn)[:12]}


def stories(conn: sqlite3.Connection, f: Filters, page: Page) -> dict[str, Any]:
    outlets = web_queries.story_outlet_counts(conn)
    rows = [dict(s, n_outlets=outlets.get(s["id"], 0)) for s in store_events.list_stories(conn)]
    rows = [s for s in rows if overlaps(s["first_date"], s["last_date"], f)]
    return {"filters": f.to_dict(), **paginate(rows, page)}


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any]:
    """A story's timeline: events in date order with their outlets, and the article volume per day."""
    line = store_events.timeline(conn, story_id)
    volume: Counter[str] = Counter()
    entries, outlets, undated = [], set(), 0
    for entry in line["events"]:
        articles = store_events.event_articles(conn, entry["event_id"])
        names = sorted({a["source"] for a in articles if a["source"]})
        outlets.update(names)
        for a in articles:
            if a["published"]:
                volume[a["published"][:10]] += 1
            else:
                undated += 1
        entries.append({**entry, "outlets": names})
    dates = [e["date"] for e in entries if e["date"]]
    lead = max(entries, key=lambda e: e["n_articles"], default=None)
    return {"id": line["story_id"], "title": lead["title"] if lead else "", "first_date": min(dates, default=None),
            "last_date": max(dates, default=None), "n_events": len(entries),
            "n_articles": sum(e["n_articles"] for e in entries), "outlets": sorted(outlets), "events": entries,
            "volume": [{"date": d, "articles": n} for d, n in sorted(volume.items())], "undated_articles": undated}


# -- events ----------------------------------------------------------------------------------
def events(conn: sqlite3.Connection, f: Filters, page: Page) -> dict[str, Any]:
    rows = store_events.list_events(conn, f.story, f.since)
    rows = [r for r in rows if overlaps(r["first_date"], r["last_date"], f)]
    if f.source or f.lang or f.entity:
        ids = web_queries.entity_article_ids(conn, f.entity) if f.entity else None
        keep = web_queries.event_ids_where(conn, f.source, f.lang, ids)
        rows = [r for r in rows if r["id"] in keep]
    return {"filters": f.to_dict(), **paginate(rows, page)}


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    """An event with its articles grouped by outlet, resolved dates, entity names and reused passages."""
    data = store_events.get_event(conn, event_id)
    ids = [a["id"] for a in data["articles"]]
    resolved = web_queries.annotation_values(conn, "published_resolved", ids)
    for a in data["articles"]:
        a["published_resolved"] = resolved.get(a["id"])
    data["by_outlet"] = _group_by_outlet(data["articles"])
    names = web_queries.entity_rows(conn, [e["key"] for e in data["entities"]])
    data["entities"] = [dict(e, name=names.get(e["key"], {}).get("canonical") or e["key"]) for e in data["entities"]]
    data["dates"] = _date_values(conn, ids)
    data["reused"] = [p for aid in ids[:20] for p in _passages(conn, aid)][:30]
    return data


def _group_by_outlet(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        groups.setdefault(a["source"] or "", []).append(a)
    return [{"source": s, "articles": rows} for s, rows in sorted(groups.items(), key=lambda kv: -len(kv[1]))]


def _date_values(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Resolved date values mentioned in the articles, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for mentions in web_queries.annotation_values(conn, "date_mentions", ids).values():
        for m in mentions or []:
            if isinstance(m, dict) and m.get("value"):
                counts[(str(m["value"]), str(m.get("type") or ""))] += 1
    return [{"value": v, "type": t, "mentions": n} for (v, t), n in counts.most_common(20)]


def reuse_of(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """The article's reused passages and duplicates, or None when the reuse stage has not run."""
    try:
        from rasd.store.reuse_queries import article_reuse
    except ImportError:
        return None
    try:
        return article_reuse(conn, article_id)
    except (sqlite3.Error, LookupError, NotFound):
        return None


def _passages(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    data = reuse_of(conn, article_id)
    if not data:
        return []
    return [{"article_id": article_id, "text": p.get("text"), "first": p.get("first"),
             "is_first": p.get("is_first"), "carriers": [c.get("source") for c in p.get("carriers", [])]}
            for p in data.get("passages", []) if p.get("is_first")]


# -- articles, search, sources, rejections -------------------------------------------------------
def articles(conn: sqlite3.Connection, f: Filters, page: Page) -> dict[str, Any]:
    if not (f.since or f.until or f.entity or f.story):  # the store pages for us
        rows = store_queries.list_articles(conn, page.limit, page.offset, f.source, f.lang)
        total = _count_articles(conn, f)
        nxt = page.offset + page.limit if page.offset + page.limit < total else None
        prev = max(0, page.offset - page.limit) if page.offset > 0 else None
        return {"filters": f.to_dict(), "items": rows, "total": total, "limit": page.limit,
                "offset": page.offset, "next_offset": nxt, "prev_offset": prev}
    rows = store_queries.list_articles(conn, None, 0, f.source, f.lang)
    ids = web_queries.entity_article_ids(conn, f.entity) if f.entity else None
    rows = [r for r in rows if in_range(r["published"], f) and (ids is None or r["id"] in ids)
            and (not f.story or r["story_id"] == f.story)]
    return {"filters": f.to_dict(), **paginate(rows, page)}


def _count_articles(conn: sqlite3.Connection, f: Filters) -> int:
    sql, args = "SELECT count(*) FROM articles WHERE 1 = 1", []
    for column, value in (("source", f.source), ("lang", f.lang)):
        if value:
            sql += f" AND {column} = ?"
            args.append(value)
    return int(conn.execute(sql, args).fetchone()[0])


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    data = store_queries.get_article(conn, article_id)
    reuse = reuse_of(conn, data["id"])
    if reuse:
        reuse.pop("text", None)
    data["reuse_passages"] = reuse
    return data


def search(conn: sqlite3.Connection, query: str, page: Page) -> dict[str, Any]:
    rows = store_queries.search(conn, query, page.limit + 1, page.offset) if query.strip() else []
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return {"query": query, "items": rows, "limit": page.limit, "offset": page.offset,
            "next_offset": page.offset + page.limit if more else None,
            "prev_offset": max(0, page.offset - page.limit) if page.offset > 0 else None}


def sources(conn: sqlite3.Connection) -> dict[str, Any]:
    return {"stats": store_queries.stats(conn), "items": store_queries.list_sources(conn)}


def rejections(conn: sqlite3.Connection, reason: str | None, page: Page) -> dict[str, Any]:
    rows = store_queries.list_rejections(conn, reason)
    reasons = Counter(r["reason"] for r in store_queries.list_rejections(conn))
    return {"reason": reason, "reasons": dict(reasons.most_common()), **paginate(rows, page)}
