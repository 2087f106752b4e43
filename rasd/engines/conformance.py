"""Compare two rasd stores article by article (embedded vs Spark): the conformance figures."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from rasd.engines.dedup import groups
from rasd.eval.metrics import bcubed

#: Annotation keys that must be identical between the engines.
IDENTICAL_KEYS = ("event_date", "published_resolved", "duplicate_of", "revision_of", "quotes", "sentences")


def annotation_values(conn: sqlite3.Connection, key: str) -> dict[str, Any]:
    rows = conn.execute("SELECT article_id, value FROM annotations WHERE key = ?", (key,)).fetchall()
    return {aid: json.loads(value) for aid, value in rows}


def _spans(mentions: Any) -> list[tuple[int, int, str, str]]:
    return sorted((m["start"], m["end"], m["text"], m["type"]) for m in mentions or [])


def compare(embedded: sqlite3.Connection, spark: sqlite3.Connection) -> dict[str, Any]:
    """Per-key mismatch counts, duplicate groups, entity spans and event B-cubed (Spark vs embedded)."""
    ids_e = {r[0] for r in embedded.execute("SELECT id FROM articles")}
    ids_s = {r[0] for r in spark.execute("SELECT id FROM articles")}
    out: dict[str, Any] = {"articles": len(ids_e), "only_embedded": len(ids_e - ids_s),
                           "only_spark": len(ids_s - ids_e), "mismatches": {}}
    for key in IDENTICAL_KEYS:
        a, b = annotation_values(embedded, key), annotation_values(spark, key)
        out["mismatches"][key] = sum(a.get(i) != b.get(i) for i in ids_e | ids_s)
    ment_e, ment_s = annotation_values(embedded, "entity_mentions"), annotation_values(spark, "entity_mentions")
    out["mismatches"]["entity_spans"] = sum(_spans(ment_e.get(i)) != _spans(ment_s.get(i)) for i in ids_e | ids_s)
    out["mismatches"]["entity_keys"] = sum(
        [m["key"] for m in ment_e.get(i) or []] != [m["key"] for m in ment_s.get(i) or []] for i in ids_e | ids_s)
    groups_e = groups(annotation_values(embedded, "duplicate_of"))
    groups_s = groups(annotation_values(spark, "duplicate_of"))
    out["duplicate_groups"] = {"embedded": len(groups_e), "spark": len(groups_s), "identical": groups_e == groups_s}
    ev_e, ev_s = annotation_values(embedded, "event_id"), annotation_values(spark, "event_id")
    p, r, f1 = bcubed({i: v for i, v in ev_s.items() if v}, {i: v for i, v in ev_e.items() if v})
    out["events_bcubed"] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
                            "events_embedded": len(set(ev_e.values())), "events_spark": len(set(ev_s.values()))}
    st_e, st_s = annotation_values(embedded, "story_id"), annotation_values(spark, "story_id")
    p, r, f1 = bcubed({i: v for i, v in st_s.items() if v}, {i: v for i, v in st_e.items() if v})
    out["stories_bcubed"] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}
    return out
