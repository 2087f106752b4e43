"""Read-only queries over the reuse tables: duplicate groups and one article's reused passages.

They return plain dicts and lists (JSON-serialisable) for the CLI, the API and the web UI.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rasd.errors import NotFound
from rasd.reuse.passages import merge_spans
from rasd.reuse.state import published_ts

#: Bound on SQL ``IN (...)`` lists.
_IN_CHUNK = 400
#: Default document-frequency cut-off when the caller gives none (the setting's default).
DEFAULT_MAX_DF = 25


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]


def _doc_info(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, title, source, published, url, seq} for articles the reuse stage has seen."""
    titled = _has_table(conn, "articles")
    select = (
        "SELECT d.article_id, a.title, d.source, d.published, d.url, d.seq FROM reuse_docs d "
        "LEFT JOIN articles a ON a.id = d.article_id"
        if titled
        else "SELECT article_id, NULL, source, published, url, seq FROM reuse_docs d"
    )
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for aid, title, source, published, url, seq in conn.execute(
            f"{select} WHERE d.article_id IN ({marks})", chunk
        ):
            out[aid] = {
                "id": aid,
                "title": title,
                "source": source,
                "published": published,
                "url": url,
                "seq": seq,
            }
    return out


def _order(info: dict[str, Any]) -> tuple[float, int]:
    return (published_ts(info.get("published")), int(info.get("seq") or 0))


def _components(edges: list[tuple[str, str]]) -> list[set[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return list(groups.values())


def duplicate_groups(conn: sqlite3.Connection, min_size: int = 2) -> list[dict[str, Any]]:
    """Near-duplicate groups, largest first: the canonical (earliest) article and every member."""
    rows = conn.execute("SELECT article_id, other_id, jaccard FROM reuse_links WHERE kind = 'duplicate'")
    edges: list[tuple[str, str]] = []
    best: dict[str, float] = defaultdict(float)
    for a, b, jac in rows:
        edges.append((a, b))
        for x in (a, b):
            best[x] = max(best[x], float(jac or 0.0))
    groups = [g for g in _components(edges) if len(g) >= min_size]
    info = _doc_info(conn, (x for g in groups for x in g))
    out = []
    for group in groups:
        members = [info.get(x) or {"id": x, "seq": 0} for x in sorted(group)]
        members.sort(key=_order)
        canonical = members[0]["id"]
        for m in members:
            m["duplicate_of"] = None if m["id"] == canonical else canonical
            m["jaccard"] = round(best[m["id"]], 4)
            m.pop("seq", None)
        out.append({"canonical": canonical, "size": len(members), "articles": members})
    out.sort(key=lambda g: (-g["size"], _order(g["articles"][0])))
    return out


def _fingerprint_rows(conn: sqlite3.Connection, article_id: str, max_df: int) -> list[tuple[int, int, int]]:
    return [
        (h, a, b)
        for h, a, b in conn.execute(
            'SELECT s.hash, s.start, s."end" FROM reuse_spans s JOIN reuse_passages p ON p.hash = s.hash '
            "WHERE s.article_id = ? AND p.carriers BETWEEN 2 AND ? ORDER BY s.start",
            (article_id, max_df),
        )
    ]


def _other_carriers(
    conn: sqlite3.Connection, article_id: str, hashes: list[int]
) -> dict[int, list[tuple[str, int, int]]]:
    out: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(hashes))):
        marks = ",".join("?" * len(chunk))
        for h, aid, a, b in conn.execute(
            f'SELECT hash, article_id, start, "end" FROM reuse_spans WHERE hash IN ({marks}) '
            "AND article_id != ?",
            [*chunk, article_id],
        ):
            out[h].append((aid, a, b))
    return out


def _article_row(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    info = _doc_info(conn, [article_id]).get(article_id)
    if info is None:
        raise NotFound(f"Article '{article_id}' has not been through the reuse stage")
    info["text"] = None
    if _has_table(conn, "articles"):
        row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        info["text"] = row[0] if row else None
    return info


def _links(conn: sqlite3.Connection, article_id: str, kind: str) -> list[str]:
    rows = conn.execute(
        "SELECT other_id FROM reuse_links WHERE kind = ? AND article_id = ? "
        "UNION SELECT article_id FROM reuse_links WHERE kind = ? AND other_id = ?",
        (kind, article_id, kind, article_id),
    )
    return sorted(r[0] for r in rows)


def _without_revisions(
    others: dict[int, list[tuple[str, int, int]]], info: dict[str, dict[str, Any]], url: str | None
) -> dict[int, list[tuple[str, int, int]]]:
    """Drop carriers that are revisions of the same page: kept text is not reuse."""
    if not url:
        return others
    return {h: [r for r in rows if info.get(r[0], {}).get("url") != url] for h, rows in others.items()}


def _passage(
    span: tuple[int, int],
    prints: list[tuple[int, int, int]],
    others: dict[int, list[tuple[str, int, int]]],
    info: dict[str, dict[str, Any]],
    me: dict[str, Any],
) -> dict[str, Any]:
    """One merged passage of the article with its other carriers and who carried it first."""
    carried: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for h, a, b in prints:
        if span[0] <= a and b <= span[1]:
            for aid, oa, ob in others.get(h, []):
                carried[aid].append((oa, ob))
    carriers = [
        {
            **{k: v for k, v in info.get(aid, {"id": aid}).items() if k != "seq"},
            "spans": [list(s) for s in merge_spans(spans)],
        }
        for aid, spans in carried.items()
    ]
    carriers.sort(key=lambda c: _order(info.get(c["id"], {})))
    everyone = [me] + [info.get(c["id"], {"id": c["id"]}) for c in carriers]
    first = min(everyone, key=_order)["id"]
    return {
        "start": span[0],
        "end": span[1],
        "carriers": carriers,
        "first": first,
        "is_first": first == me["id"],
    }


def article_reuse(conn: sqlite3.Connection, article_id: str, max_df: int = DEFAULT_MAX_DF) -> dict[str, Any]:
    """One article's reused passages: spans, other carriers (source, published) and who was first."""
    me = _article_row(conn, article_id)
    prints = _fingerprint_rows(conn, article_id, max_df)
    others = _other_carriers(conn, article_id, [h for h, _, _ in prints])
    info = _doc_info(conn, (aid for rows in others.values() for aid, _, _ in rows))
    others = _without_revisions(others, info, me.get("url"))
    prints = [p for p in prints if others.get(p[0])]
    spans = merge_spans([(a, b) for _, a, b in prints])
    passages = [_passage(s, prints, others, info, me) for s in spans]
    passages = [p for p in passages if p["carriers"]]
    text = me.pop("text")
    for p in passages:
        p["text"] = text[p["start"] : p["end"]] if text else None
    total = len(text) if text else 0
    shared = sum(p["end"] - p["start"] for p in passages)
    reused = sum(p["end"] - p["start"] for p in passages if not p["is_first"])
    me.pop("seq", None)
    return {
        "article": me,
        "text": text,
        "duplicates": _links(conn, article_id, "duplicate"),
        "revisions": _links(conn, article_id, "revision"),
        "shared_share": round(shared / total, 4) if total else 0.0,
        "reused_share": round(reused / total, 4) if total else 0.0,
        "passages": passages,
    }
