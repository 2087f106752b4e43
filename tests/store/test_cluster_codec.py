"""Compact clustering state (schema 040): packed weights, DF delta log and its compaction, old JSON rows."""

from __future__ import annotations

import json
import sqlite3

import pytest

from rasd.cluster.model import Cluster, ClusterConfig
from rasd.errors import StoreError
from rasd.store import cluster_state as cs
from rasd.store.cluster_codec import decode_cluster, decode_df, encode_cluster, encode_df


@pytest.fixture()
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    cs.create_tables(c)
    return c


def cluster(cid: str, day: int) -> Cluster:
    c = Cluster(cid, centroid={"سوق": 0.1 + 1e-17 * 3, "نفط": 1 / 3, "a_b": 2.0 ** -40}, title={"نفط": 0.7},
                entities={"e:opec": 2}, first_day=day, last_day=day, n=2, seq=5, founded=1)
    c.refresh_norms()
    return c


def test_packed_state_restores_every_bit_and_the_term_order() -> None:
    c = cluster("ev-1", 700_000).to_dict()
    state, weights = encode_cluster(c)
    back = decode_cluster(state, weights)
    assert list(back["centroid"].items()) == list(c["centroid"].items())
    assert back["title"] == c["title"] and back["entities"] == c["entities"]
    with pytest.raises(StoreError):
        decode_cluster(state, weights[:-8])  # one weight missing
    with pytest.raises(StoreError):
        decode_cluster(state, None)


def test_saved_clusters_load_as_they_were_and_old_json_rows_still_load(conn: sqlite3.Connection) -> None:
    saved = cluster("ev-new", 700_000)
    cs.save_clusters(conn, cs.EVENT_TABLES, [saved.to_dict()])
    old = cluster("ev-old", 700_001).to_dict()
    conn.execute("INSERT INTO events (id, first_day, last_day, n_articles, seq, founded, state, stage, stage_version)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, 'events', 1)",
                 ("ev-old", 700_001, 700_001, 2, 6, 1,
                  json.dumps({k: old[k] for k in ("centroid", "title", "entities")})))
    loaded = cs.load_clusterer(conn, cs.EVENT_TABLES, ClusterConfig())
    assert loaded.clusters["ev-new"].centroid == saved.centroid
    assert loaded.clusters["ev-new"].norm == saved.norm
    assert loaded.clusters["ev-old"].centroid == old["centroid"]


def test_df_log_sums_deltas_with_old_rows_and_compacts_without_changing_counts(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO cluster_df (level, term, df, stage, stage_version) VALUES ('events', 'x', 4, 'events', 1)")
    expected: dict[str, int] = {"x": 4}
    for i in range(cs.COMPACT_AFTER + 3):
        delta = {"x": 1, f"t{i % 5}": 2, "سوق": 1}
        cs.save_df(conn, cs.EVENT_TABLES, delta, 1)
        for t, n in delta.items():
            expected[t] = expected.get(t, 0) + n
    first = cs.load_df(conn, "events")
    assert first.df == expected and first.n_docs == cs.COMPACT_AFTER + 3
    (rows,) = conn.execute("SELECT count(*) FROM cluster_df_log WHERE level = 'events'").fetchone()
    assert rows == 1  # folded into one snapshot
    assert conn.execute("SELECT count(*) FROM cluster_df").fetchone() == (0,)
    cs.save_df(conn, cs.EVENT_TABLES, {"x": 1}, 1)
    expected["x"] += 1
    assert cs.load_df(conn, "events").df == expected
    assert cs.load_df(conn, "stories").df == {}


def test_corrupt_df_delta_is_a_store_error() -> None:
    assert decode_df(encode_df({"a": 1, "b": 2})) == (["a", "b"], [1, 2])
    with pytest.raises(StoreError):
        decode_df(b"not zlib")
