"""Persistence of the reuse stage (``ReuseAdapter``) and the read queries behind
``rasd duplicates`` and ``rasd reuse ID``.

Tables are defined in ``schema/002_reuse.sql``. ``load`` rebuilds the stage's
in-memory index (``ReuseState``) from the stored signatures, band keys, links and
passage fingerprints, so a later run compares new articles with what is stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from rasd.errors import SettingsError
from rasd.reuse.minhash import band_keys
from rasd.reuse.params import ReuseParams
from rasd.reuse.state import DocInfo, ReuseState, ReuseUpdates
from rasd.store.reuse_queries import article_reuse, duplicate_groups

__all__ = ["ReuseAdapter", "article_reuse", "duplicate_groups"]

STAGE = "reuse"
VERSION = 1


class ReuseAdapter:
    """Loads and saves the reuse stage's state (registered for stage ``reuse``)."""

    stage: ClassVar[str] = STAGE

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> ReuseState:
        params = ReuseParams.from_settings(settings)
        stored = stored_params(conn)
        _check_compatible(stored, params)
        state = ReuseState(params.num_perm)
        rekey = bool(stored) and (stored.get("bands"), stored.get("rows")) != (params.bands, params.rows)
        _load_docs(conn, state, params, rekey)
        _load_links(conn, state)
        _load_passages(conn, state)
        return state

    def save(self, conn: sqlite3.Connection, updates: Any) -> None:
        if not isinstance(updates, ReuseUpdates):
            return
        tag = (STAGE, VERSION)
        if updates.params:
            rows = [(k, json.dumps(v), *tag) for k, v in updates.params.items()]
            conn.executemany("INSERT OR REPLACE INTO reuse_params VALUES (?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT OR IGNORE INTO reuse_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, *tag) for row in updates.docs],
        )
        conn.executemany("UPDATE reuse_docs SET bands = ? WHERE article_id = ?", updates.rekeyed)
        conn.executemany(
            "INSERT OR REPLACE INTO reuse_links VALUES (?, ?, ?, ?, ?, ?)",
            [(*r, *tag) for r in updates.links],
        )
        # only passages carried by two articles or more get a row: a fingerprint seen once is known from
        # its span alone (``_load_passages``), which saves a random-key insert per fingerprint
        conn.executemany(
            "INSERT INTO reuse_passages VALUES (?, ?, ?, ?, ?) ON CONFLICT(hash) DO UPDATE SET "
            "first_article = excluded.first_article, carriers = excluded.carriers",
            ((*r, *tag) for r in updates.passages),
        )
        # every article's fingerprints as one appended row; span rows only for shared passages (each was a
        # random-key insert into two B-trees, and their pages made the bytes written grow with the store)
        conn.executemany(
            "INSERT OR REPLACE INTO reuse_prints (article_id, hashes, starts, ends, stage, stage_version) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((aid, json.dumps(hs), json.dumps(sa), json.dumps(sb), *tag) for aid, hs, sa, sb in updates.doc_prints),
        )
        spans = [(*r, *tag) for r in updates.shared_spans] + [
            (*r, *tag) for r in _first_carrier_spans(conn, updates.newly_shared)
        ]
        conn.executemany("INSERT OR IGNORE INTO reuse_spans VALUES (?, ?, ?, ?, ?, ?)", spans)


def _first_carrier_spans(conn: sqlite3.Connection, newly: list[tuple[int, str]]) -> list[tuple[int, str, int, int]]:
    """Spans of the passages that just got a second carrier, in the article that carried each alone."""
    wanted: dict[str, set[int]] = {}
    for phash, aid in newly:
        wanted.setdefault(aid, set()).add(phash)
    out: list[tuple[int, str, int, int]] = []
    for aid, hashes in wanted.items():
        row = conn.execute("SELECT hashes, starts, ends FROM reuse_prints WHERE article_id = ?", (aid,)).fetchone()
        if row is None:
            continue  # no fingerprint row (not possible after 042): nothing to add
        out.extend((h, aid, a, b) for h, a, b in zip(*(json.loads(c) for c in row), strict=True) if h in hashes)
    return out


def stored_params(conn: sqlite3.Connection) -> dict[str, Any]:
    """The parameters stored signatures were made with ({} for an empty store)."""
    return {row[0]: json.loads(row[1]) for row in conn.execute("SELECT key, value FROM reuse_params")}


def _check_compatible(stored: Mapping[str, Any], params: ReuseParams) -> None:
    for key, value in params.signature_params().items():
        if key in stored and stored[key] != value:
            raise SettingsError(
                f"The store's reuse signatures were made with {key}={stored[key]}, not {value}; "
                f"set reuse_{key} back to {stored[key]} or use a new store"
            )


def _load_docs(conn: sqlite3.Connection, state: ReuseState, params: ReuseParams, rekey: bool) -> None:
    with_sig: list[tuple[int, bytes, bytes | None]] = []
    rows = conn.execute(
        "SELECT article_id, seq, published, url, source, n_shingles, signature, bands "
        "FROM reuse_docs ORDER BY seq"
    )
    for aid, seq, published, url, source, n_shingles, sig, bands in rows:
        idx = state.add_doc(DocInfo(aid, int(seq), published, url, source, int(n_shingles)))
        if sig is not None:
            with_sig.append((idx, sig, bands))
    if not with_sig:
        return
    sigs = np.stack([np.frombuffer(s, dtype="<u4").astype(np.uint32) for _, s, _ in with_sig])
    if rekey or any(b is None for _, _, b in with_sig):
        keys = band_keys(sigs, params.bands, params.rows)
        state.pending_rekey = [(k.tobytes(), state.docs[i].id) for (i, _, _), k in zip(with_sig, keys)]
    else:
        keys = np.stack([np.frombuffer(b, dtype="<i8") for _, _, b in with_sig if b is not None])
    for (idx, _, _), sig_row, key_row in zip(with_sig, sigs, keys, strict=True):
        state.add_signature(idx, sig_row, key_row.tolist())


def _load_links(conn: sqlite3.Connection, state: ReuseState) -> None:
    for aid, other, kind in conn.execute("SELECT article_id, other_id, kind FROM reuse_links"):
        a, b = state.by_id.get(aid), state.by_id.get(other)
        if a is None or b is None:
            continue
        if kind == "duplicate":
            state.union(a, b)
        elif kind == "revision":
            state.revisions[a] = b


def _load_passages(conn: sqlite3.Connection, state: ReuseState) -> None:
    """Passages carried more than once from ``reuse_passages``; the others from the articles'
    fingerprint rows (stores written before 042 may also have rows with one carrier in ``reuse_passages``)."""
    by_id, first_of = state.by_id, state.passage_first
    for phash, first, carriers in conn.execute("SELECT hash, first_article, carriers FROM reuse_passages"):
        idx = by_id.get(first)
        if idx is None:
            continue
        first_of[phash] = idx
        if carriers > 1:
            state.passage_count[phash] = int(carriers)
    for aid, hashes in conn.execute("SELECT article_id, hashes FROM reuse_prints ORDER BY rowid"):
        idx = by_id.get(aid)
        if idx is not None:
            for phash in json.loads(hashes):
                first_of.setdefault(phash, idx)
