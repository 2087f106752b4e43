"""Store integrity: SQLite's own check plus rasd's invariants, and a snapshot to compare two stores.

Used by the crash trials (tests/reliability, benchmarks/crash_trials.py): after a ``kill -9`` the store must
pass :func:`problems`; once a restarted run completes, :func:`snapshot` must equal an uninterrupted run's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

Rows = list[tuple[object, ...]]

#: Queries whose results must match an uninterrupted run (run-dependent columns such as fetched_at left out).
SAME: dict[str, str] = {
    "articles": "SELECT id, url, source, title, published, lang, text, input_ref, revision_of, meta FROM articles"
                " ORDER BY id",
    "annotations": "SELECT article_id, key, stage, stage_version, value FROM annotations ORDER BY article_id, key",
    "inputs": "SELECT ref, digest, outcome, article_id FROM inputs ORDER BY ref",
    "rejections": "SELECT input_ref, reason, detail FROM rejections ORDER BY input_ref",
    "events": "SELECT id, first_day, last_day, n_articles FROM events ORDER BY id",
    "event_members": "SELECT article_id, event_id FROM event_members ORDER BY article_id",
    "event_redirects": "SELECT old_id, new_id FROM event_redirects ORDER BY old_id",
    "stories": "SELECT id, first_day, last_day, n_articles FROM stories ORDER BY id",
    "story_members": "SELECT article_id, story_id FROM story_members ORDER BY article_id",
    "processed": "SELECT article_id, stage, version FROM processed ORDER BY article_id, stage",
    "entities": "SELECT key, canonical, type, tokens, variants, roles, mention_count FROM entities ORDER BY key",
}

#: rasd's own invariants: each query counts violations and must return 0.
ORPHANS: dict[str, str] = {
    "annotation without article": "SELECT count(*) FROM annotations WHERE article_id NOT IN (SELECT id FROM articles)",
    "processed without article": "SELECT count(*) FROM processed WHERE article_id NOT IN (SELECT id FROM articles)",
    "article without input": "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM inputs"
                             " WHERE article_id IS NOT NULL)",
    "input pointing nowhere": "SELECT count(*) FROM inputs WHERE outcome IN ('article', 'duplicate')"
                              " AND article_id NOT IN (SELECT id FROM articles)",
    "rejection without input": "SELECT count(*) FROM rejections WHERE input_ref NOT IN (SELECT ref FROM inputs)",
    "event member without article": "SELECT count(*) FROM event_members WHERE article_id NOT IN"
                                    " (SELECT id FROM articles)",
    "event member without event": "SELECT count(*) FROM event_members WHERE event_id NOT IN (SELECT id FROM events)",
    "story member without article": "SELECT count(*) FROM story_members WHERE article_id NOT IN"
                                    " (SELECT id FROM articles)",
    "story member without story": "SELECT count(*) FROM story_members WHERE story_id NOT IN (SELECT id FROM stories)",
    "entity mention without article": "SELECT count(*) FROM entity_mentions WHERE article_id NOT IN"
                                      " (SELECT id FROM articles)",
    "fts row without article": "SELECT count(*) FROM articles_fts WHERE rowid NOT IN (SELECT rowid FROM articles)",
}


def _open(db: Path | str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def query(db: Path | str, sql: str) -> Rows:
    """Rows of one query on a read-only connection."""
    con = _open(db)
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def count(db: Path | str, sql: str) -> int:
    """The single integer a ``SELECT count(*) …`` query returns."""
    value = query(db, sql)[0][0]
    if not isinstance(value, int):
        raise TypeError(f"{sql!r} returned {value!r}, not a count")
    return value


def problems(db: Path | str) -> list[str]:
    """Everything wrong with the store: SQLite's integrity_check, then each violated invariant with its count.

    An invariant over a table that does not exist yet (a kill before the migrations finished) is skipped.
    """
    found: list[str] = []
    check = query(db, "PRAGMA integrity_check")
    if check != [("ok",)]:
        found.append(f"integrity_check: {check[:5]}")
    for name, sql in ORPHANS.items():
        try:
            n = count(db, sql)
        except sqlite3.OperationalError:
            continue
        if n:
            found.append(f"{name}: {n}")
    return found


def snapshot(db: Path | str) -> dict[str, Rows]:
    """The run-independent content of a store (see ``SAME``)."""
    return {name: query(db, sql) for name, sql in SAME.items()}


def differences(db: Path | str, expected: dict[str, Rows]) -> list[str]:
    """Names of the ``SAME`` tables whose content differs from ``expected``, with a short reason."""
    out = []
    for name, rows in snapshot(db).items():
        want = expected[name]
        if rows != want:
            extra, missing = len(set(rows) - set(want)), len(set(want) - set(rows))
            out.append(f"{name}: {len(rows)} rows vs {len(want)} expected ({extra} unexpected, {missing} missing)")
    return out


def unaccounted(db: Path | str, refs: int) -> int:
    """How many of ``refs`` inputs have no ``inputs`` row (0 once a run over them has completed)."""
    return max(refs - count(db, "SELECT count(*) FROM inputs"), 0)
