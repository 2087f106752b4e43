"""Loading and saving online-clustering state (events or stories) in SQLite.

``load`` rebuilds an ``OnlineClusterer`` from the *active* clusters only: those whose
last date lies within the window before the newest stored date, plus the most recent
undated ones, with their members (for reuse links) and every redirect. The document
frequency table is loaded whole: rows of ``cluster_df`` (written before schema 040) plus
the per-batch deltas of ``cluster_df_log``, which a load folds into one snapshot row once
there are more than ``COMPACT_AFTER`` of them. Encodings are in ``cluster_codec``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from rasd.cluster.model import Cluster, ClusterConfig
from rasd.cluster.online import MemoryArchive, OnlineClusterer
from rasd.cluster.vectors import DocFreq
from rasd.store.cluster_codec import decode_cluster, decode_df, encode_cluster, encode_df

#: Schema files the events and stories tables need (for stores built outside ``SQLiteStore.migrate``).
SCHEMA_FILES = ("005_events.sql", "040_cluster_state_packed.sql")
#: A load folds the document-frequency deltas of a level into one row once there are more than this many.
COMPACT_AFTER = 32


@dataclass(frozen=True, slots=True)
class Tables:
    """Table and column names of one clustering level."""

    level: str  # 'events' | 'stories'
    clusters: str  # 'events' | 'stories'
    members: str  # 'event_members' | 'story_members'
    member_col: str  # 'event_id' | 'story_id'
    stage: str
    version: int


EVENT_TABLES = Tables("events", "events", "event_members", "event_id", "events", 1)
STORY_TABLES = Tables("stories", "stories", "story_members", "story_id", "stories", 1)


class StoreArchive(MemoryArchive):
    """The store as the clusterer's archive. Expired clusters are saved by the adapter with each batch's
    changes; the last ``limit`` of them also stay in memory as objects (``MemoryArchive``), so a recall
    decodes only those the store holds in a newer state or that left memory (another run's, or older)."""

    def __init__(self, conn: sqlite3.Connection, t: Tables, limit: int = 50_000) -> None:
        super().__init__(limit)
        self.conn, self.t = conn, t

    def overlapping(self, lo: int, hi: int) -> list[Cluster]:
        held, t = self.clusters, self.t
        found: list[Cluster] = []
        missing: list[str] = []
        for cid, seq in self.conn.execute(f"SELECT id, seq FROM {t.clusters} WHERE last_day >= ? AND first_day <= ?",
                                          (lo, hi)):
            cluster = held.get(cid)
            if cluster is not None and cluster.seq == seq:
                found.append(cluster)
            else:
                missing.append(cid)
        cols = "id, first_day, last_day, n_articles, seq, founded, state, weights"  # as ``row_to_cluster`` reads
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT {cols} FROM {t.clusters} WHERE id IN ({marks})", chunk)
            found += [row_to_cluster(tuple(row)) for row in rows]
        return sorted(found, key=lambda c: c.seq)


def load_clusterer(conn: sqlite3.Connection, t: Tables, config: ClusterConfig) -> OnlineClusterer:
    """An ``OnlineClusterer`` holding the stored active clusters, DF table and redirects; its archive is
    the store."""
    clusterer = OnlineClusterer(config, load_df(conn, t.level))
    clusterer.archive = StoreArchive(conn, t)
    for row in active_rows(conn, t, config):
        clusterer.restore(row_to_cluster(row))
    ids = list(clusterer.clusters)
    for article_id, cid in members_of(conn, t, ids):
        clusterer.units[article_id] = cid
    prefix = config.prefix + "-%"
    for old, new in conn.execute("SELECT old_id, new_id FROM event_redirects WHERE old_id LIKE ?", (prefix,)):
        clusterer.redirects[old] = new
    clusterer.seq = max(clusterer.seq, max_seq(conn, t) + 1)
    clusterer.reindex()
    return clusterer


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the events/stories tables on a bare connection (tests, evaluation runs)."""
    for name in SCHEMA_FILES:
        conn.executescript(files("rasd.store").joinpath("schema", name).read_text(encoding="utf-8"))


def load_df(conn: sqlite3.Connection, level: str) -> DocFreq:
    df = {term: n for term, n in conn.execute("SELECT term, df FROM cluster_df WHERE level = ?", (level,))}
    last, n_deltas = 0, 0
    for seq, blob in conn.execute("SELECT seq, data FROM cluster_df_log WHERE level = ? ORDER BY seq", (level,)):
        terms, counts = decode_df(blob)
        if df:
            get = df.get
            for term, count in zip(terms, counts, strict=True):
                df[term] = get(term, 0) + count
        else:
            df = dict(zip(terms, counts, strict=True))
        last, n_deltas = int(seq), n_deltas + 1
    if n_deltas > COMPACT_AFTER:
        compact_df(conn, level, df, last)
    row = conn.execute("SELECT n_docs FROM cluster_docs WHERE level = ?", (level,)).fetchone()
    return DocFreq(df=df, n_docs=int(row[0]) if row else 0)


def compact_df(conn: sqlite3.Connection, level: str, df: Mapping[str, int], last: int) -> None:
    """Replace a level's document-frequency rows and deltas up to ``last`` by one snapshot row (atomically).

    A read-only connection (or any write error) leaves the log as it was: it is still complete.
    """
    conn.execute("SAVEPOINT rasd_df_compact")
    try:
        conn.execute("DELETE FROM cluster_df WHERE level = ?", (level,))
        conn.execute("DELETE FROM cluster_df_log WHERE level = ? AND seq <= ?", (level, last))
        conn.execute("INSERT INTO cluster_df_log (level, seq, n_terms, data, stage, stage_version) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (level, last, len(df), encode_df(df), level, 1))
    except sqlite3.Error:
        conn.execute("ROLLBACK TO rasd_df_compact")
    conn.execute("RELEASE rasd_df_compact")


def active_rows(conn: sqlite3.Connection, t: Tables, config: ClusterConfig) -> list[tuple[Any, ...]]:
    cols = "id, first_day, last_day, n_articles, seq, founded, state, weights"  # as ``row_to_cluster`` reads
    (max_day,) = conn.execute(f"SELECT max(last_day) FROM {t.clusters}").fetchone()
    rows: list[tuple[Any, ...]] = []
    if max_day is not None:
        horizon = int(max_day) - 2 * config.window_days - 1
        rows += conn.execute(f"SELECT {cols} FROM {t.clusters} WHERE last_day >= ? ORDER BY seq", (horizon,)).fetchall()
    rows += conn.execute(
        f"SELECT {cols} FROM (SELECT {cols} FROM {t.clusters} WHERE last_day IS NULL ORDER BY seq DESC LIMIT ?) "
        "ORDER BY seq",
        (config.max_undated,),
    ).fetchall()
    return rows


def row_to_cluster(row: tuple[Any, ...]) -> Cluster:
    cid, first_day, last_day, n, seq, founded, state, weights = row
    data = decode_cluster(state, weights)
    data.update(id=cid, first_day=first_day, last_day=last_day, n=n, seq=seq, founded=founded)
    return Cluster.from_dict(data)


def members_of(conn: sqlite3.Connection, t: Tables, ids: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT article_id, {t.member_col} FROM {t.members} WHERE {t.member_col} IN ({marks})"
        out += conn.execute(sql, chunk).fetchall()
    return out


def max_seq(conn: sqlite3.Connection, t: Tables) -> int:
    (value,) = conn.execute(f"SELECT max(seq) FROM {t.clusters}").fetchone()
    return int(value) if value is not None else -1


def save_changes(conn: sqlite3.Connection, t: Tables, updates: Mapping[str, Any] | None) -> None:
    """Persist one batch's change set (clusters, members, redirects, DF deltas)."""
    if not updates:
        return
    save_clusters(conn, t, updates.get("clusters") or [])
    tag = (t.stage, t.version)
    conn.executemany(
        f"INSERT OR REPLACE INTO {t.members} (article_id, {t.member_col}, stage, stage_version) VALUES (?, ?, ?, ?)",
        [(u, c, *tag) for u, c in updates.get("units") or []],
    )
    save_redirects(conn, t, updates.get("redirects") or [])
    save_df(conn, t, updates.get("df") or {}, int(updates.get("n_docs") or 0))


def save_clusters(conn: sqlite3.Connection, t: Tables, clusters: Iterable[Mapping[str, Any]]) -> None:
    rows = []
    for c in clusters:
        state, weights = encode_cluster(c)
        rows.append((c["id"], c["first_day"], c["last_day"], c["n"], c["seq"], c["founded"], state, weights,
                     t.stage, t.version))
    conn.executemany(
        f"INSERT OR REPLACE INTO {t.clusters} (id, first_day, last_day, n_articles, seq, founded, state, weights, "
        "stage, stage_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def save_redirects(conn: sqlite3.Connection, t: Tables, redirects: Iterable[tuple[str, str]]) -> None:
    """Record merges: the old id points at the new one, its members move, its row goes."""
    for old, new in redirects:
        conn.execute(
            "INSERT OR REPLACE INTO event_redirects (old_id, new_id, stage, stage_version) VALUES (?, ?, ?, ?)",
            (old, new, t.stage, t.version),
        )
        conn.execute(f"UPDATE {t.members} SET {t.member_col} = ? WHERE {t.member_col} = ?", (new, old))
        conn.execute(f"DELETE FROM {t.clusters} WHERE id = ?", (old,))
        if t.level == "events":
            conn.execute("UPDATE story_events SET event_id = ? WHERE event_id = ? AND NOT EXISTS "
                         "(SELECT 1 FROM story_events WHERE event_id = ?)", (new, old, new))
        else:
            conn.execute("UPDATE story_events SET story_id = ? WHERE story_id = ?", (new, old))


def save_df(conn: sqlite3.Connection, t: Tables, delta: Mapping[str, int], n_docs: int) -> None:
    """Append the batch's document-frequency changes as one row; count its documents."""
    if delta:
        (seq,) = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM cluster_df_log WHERE level = ?",
                              (t.level,)).fetchone()
        conn.execute("INSERT INTO cluster_df_log (level, seq, n_terms, data, stage, stage_version) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (t.level, seq, len(delta), encode_df(delta), t.stage, t.version))
    if n_docs:
        conn.execute(
            "INSERT INTO cluster_docs (level, n_docs, stage, stage_version) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(level) DO UPDATE SET n_docs = n_docs + excluded.n_docs",
            (t.level, n_docs, t.stage, t.version),
        )
