"""Entity views: the list of entities and one entity's page.

Uses the cross-document ``entities`` table when the entities stage filled it, and falls back to the
per-article ``entity_mentions`` annotations grouped by ``key`` otherwise.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from rasd.errors import NotFound
from rasd.web import queries as web_queries
from rasd.web.views import Page, paginate


def _stored_entity(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    if not web_queries.has_table(conn, "entities"):
        return None
    try:
        from rasd.store.entities import find_entities
    except ImportError:
        return None
    return next((e for e in find_entities(conn, key, limit=50) if e["key"] == key), None)


def _mentions_of(conn: sqlite3.Connection, key: str) -> list[tuple[str, dict[str, Any]]]:
    """(article id, mention) of every annotated mention of ``key``."""
    out = []
    for aid, mentions in web_queries.annotations_containing(conn, "entity_mentions", key):
        out += [(aid, m) for m in mentions or [] if isinstance(m, dict) and m.get("key") == key]
    return out


def _quotes_by(conn: sqlite3.Connection, key: str, titles: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for aid, quotes in web_queries.annotations_containing(conn, "quotes", key):
        for q in quotes or []:
            if isinstance(q, dict) and q.get("speaker_key") == key:
                found.append({**q, "article_id": aid, "article_title": titles.get(aid)})
    return found[:50]


def entity(conn: sqlite3.Connection, key: str) -> dict[str, Any]:
    """Canonical name, variants, roles, mentions per day, quotes and events of one entity."""
    stored = _stored_entity(conn, key)
    mentions = _mentions_of(conn, key)
    if stored is None and not mentions:
        raise NotFound(f"No entity '{key}'")
    ids = {aid for aid, _ in mentions} | web_queries.entity_article_ids(conn, key)
    briefs = web_queries.article_briefs(conn, ids)
    variants = Counter(str(m.get("text") or "") for _, m in mentions)
    roles = Counter(str(m["role"]) for _, m in mentions if m.get("role"))
    types = Counter(str(m.get("type") or "") for _, m in mentions)
    per_day = Counter((briefs.get(aid, {}).get("published") or "")[:10] for aid, _ in mentions)
    return {
        "key": key,
        "canonical": (stored or {}).get("canonical") or (variants.most_common(1)[0][0] if variants else key),
        "type": (stored or {}).get("type") or (types.most_common(1)[0][0] if types else None),
        "variants": (stored or {}).get("variants") or dict(variants.most_common()),
        "roles": (stored or {}).get("roles") or dict(roles.most_common()),
        "mentions": len(mentions) or (stored or {}).get("mentions", 0),
        "per_day": [{"date": d, "mentions": n} for d, n in sorted(per_day.items()) if d],
        "articles": sorted(briefs.values(), key=lambda a: a["published"] or "", reverse=True)[:100],
        "quotes": _quotes_by(conn, key, {a: b["title"] for a, b in briefs.items()}),
        "events": _events_of(conn, list(briefs)),
    }


def _events_of(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    from rasd.store.events import _event_row, event_summary

    counts = Counter(str(e) for e in web_queries.annotation_values(conn, "event_id", ids).values() if e)
    out = []
    for eid, n in counts.most_common(20):
        try:
            row = _event_row(conn, eid)
        except NotFound:
            continue
        out.append({**row, "title": event_summary(conn, eid)["title"], "entity_articles": n})
    return out


def entities(conn: sqlite3.Connection, query: str | None, page: Page) -> dict[str, Any]:
    """Entities by number of mentions, optionally only names containing ``query``."""
    rows = _annotated_entities(conn)
    stored = web_queries.entity_rows(conn, [r["key"] for r in rows])
    for r in rows:
        r.update({k: v for k, v in stored.get(r["key"], {}).items() if v})
    if query:
        from rasd.text import normalise

        needle = normalise(query)
        rows = [r for r in rows if needle in normalise(r["canonical"]) or needle in r["key"]]
    return {"query": query, **paginate(rows, page)}


def _annotated_entities(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    counts: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    types: dict[str, str] = {}
    for _, mentions in web_queries.annotations_containing(conn, "entity_mentions"):
        for m in mentions or []:
            if isinstance(m, dict) and m.get("key"):
                key = str(m["key"])
                counts[key] += 1
                names.setdefault(key, Counter())[str(m.get("text") or key)] += 1
                types.setdefault(key, str(m.get("type") or ""))
    return [{"key": k, "canonical": names[k].most_common(1)[0][0], "type": types[k], "mentions": n}
            for k, n in counts.most_common()]
