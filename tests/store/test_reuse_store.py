"""The reuse adapter and read queries against a throw-away SQLite database."""

from __future__ import annotations

import json
import sqlite3
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from rasd.errors import NotFound, SettingsError
from rasd.model import Article
from rasd.reuse.render import render_reuse
from rasd.reuse.state import ReuseState
from rasd.stages.base import StageContext
from rasd.stages.reuse import ReuseStage
from rasd.store.reuse import ReuseAdapter, article_reuse, duplicate_groups
from rasd.store.sqlite import SQLiteStore

BODY = (
    "أطلقت وزارة الزراعة برنامجا لدعم مزارعي القمح في السهول الشرقية يشمل توزيع بذور محسنة وأسمدة بأسعار مخفضة. "
    "وقال مدير البرنامج إن أكثر من خمسة آلاف مزارع سجلوا أسماءهم خلال الأسبوع الأول من فتح باب التسجيل. "
    "وأوضح أن فرقا من المهندسين الزراعيين ستزور الحقول لتقديم الإرشاد حول مواعيد الري ومكافحة الآفات. "
    "ويأمل المزارعون أن يساعد البرنامج على تعويض خسائر الموسم الماضي الذي شهد جفافا طويلا."
)
SHARED = "وقالت الوكالة الرسمية إن الحكومة خصصت مبلغا إضافيا لصيانة قنوات الري في المحافظات الشرقية هذا العام"
OTHER = (
    "افتتح في العاصمة معرض للصناعات اليدوية يشارك فيه حرفيون من مختلف المحافظات. "
    f"{SHARED}. "
    "ويعرض المشاركون منتجات من الخزف والنسيج والنحاس، وتستمر فعاليات المعرض أسبوعا كاملا."
)


REUSE_SCHEMA = ("002_reuse.sql", "042_reuse_prints.sql")


@pytest.fixture()
def conn() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL)")
    for name in REUSE_SCHEMA:
        db.executescript(files("rasd.store").joinpath("schema", name).read_text(encoding="utf-8"))
    return db


def process(
    conn: sqlite3.Connection, batch: list[Article], settings: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One run of the stage over ``batch``, as the runner does it: load, call, save."""
    settings = settings or {}
    adapter = ReuseAdapter()
    ctx = StageContext(settings=settings, state=adapter.load(conn, settings))
    for a in batch:
        conn.execute("INSERT INTO articles VALUES (?, ?, ?)", (a.id, a.title, a.text))
    out = ReuseStage()(batch, ctx)
    adapter.save(conn, out.state_updates)
    conn.commit()
    return out.fields


def test_later_run_finds_duplicates_of_stored_articles(conn: sqlite3.Connection) -> None:
    process(
        conn, [Article("a1", BODY, title="برنامج القمح", source="wire", published="2025-02-01T08:00:00Z")]
    )
    copy = BODY.replace("أ", "ا") + " وتابع مراسلنا التفاصيل."
    fields = process(
        conn, [Article("a2", copy, title="دعم القمح", source="daily", published="2025-02-01T11:00:00Z")]
    )
    assert fields[0]["duplicate_of"] == "a1"
    groups = duplicate_groups(conn)
    assert len(groups) == 1
    assert groups[0]["canonical"] == "a1"
    assert [m["id"] for m in groups[0]["articles"]] == ["a1", "a2"]
    assert groups[0]["articles"][0]["title"] == "برنامج القمح"


def test_load_rebuilds_the_index(conn: sqlite3.Connection) -> None:
    process(conn, [Article("a1", BODY), Article("a2", OTHER, url="https://x.test/2")])
    state = ReuseAdapter().load(conn, {})
    assert isinstance(state, ReuseState)
    assert [d.id for d in state.docs] == ["a1", "a2"]
    assert state.n_sigs == 2 and state.buckets
    assert state.url_latest == {"https://x.test/2": 1}
    assert state.passage_first


def test_passages_survive_a_reload_with_only_shared_ones_stored(conn: sqlite3.Connection) -> None:
    """Only passages with two carriers or more get a reuse_passages row; a reload still knows every
    fingerprint, its first carrier and its count, so a third article is matched as in one run."""
    third = Article("a3", f"خبر قصير عن الطقس في المدن الساحلية هذا الأسبوع. {SHARED}. وانتهى الخبر هنا بلا تفاصيل.")
    first = [Article("a1", BODY, published="2025-02-01T08:00:00Z"),
             Article("a2", OTHER, published="2025-02-02T08:00:00Z")]
    one_run = sqlite3.connect(":memory:")
    one_run.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, text TEXT NOT NULL)")
    for name in REUSE_SCHEMA:
        one_run.executescript(files("rasd.store").joinpath("schema", name).read_text(encoding="utf-8"))
    expected = process(one_run, [*first, third])[2]["reuse"]
    process(conn, first)
    stored = ReuseAdapter().load(conn, {})
    (singles,) = conn.execute("SELECT count(*) FROM reuse_passages WHERE carriers < 2").fetchone()
    prints = {h for (row,) in conn.execute("SELECT hashes FROM reuse_prints") for h in json.loads(row)}
    (spans,) = conn.execute("SELECT count(DISTINCT hash) FROM reuse_spans").fetchone()
    (shared,) = conn.execute("SELECT count(*) FROM reuse_passages WHERE carriers > 1").fetchone()
    assert singles == 0 and set(stored.passage_first) == prints != set() and spans == shared
    assert expected["reused_share"] > 0 and expected["from_articles"] == ["a2"]
    assert process(conn, [third])[0]["reuse"] == expected
    # the passages a3 shares with a2 now have span rows in both (a2's read back from its fingerprint row)
    carriers = dict(conn.execute("SELECT hash, group_concat(DISTINCT article_id) FROM reuse_spans GROUP BY hash"))
    (shared,) = conn.execute("SELECT count(*) FROM reuse_passages WHERE carriers > 1").fetchone()
    assert shared == len(carriers) > 0 and {tuple(sorted(v.split(","))) for v in carriers.values()} == {("a2", "a3")}


def test_article_reuse_lists_passages_with_their_first_carrier(conn: sqlite3.Connection) -> None:
    first = f"{SHARED}. " + BODY
    process(conn, [Article("w", first, title="الوكالة", source="wire", published="2025-03-01T08:00:00Z")])
    process(conn, [Article("d", OTHER, title="المعرض", source="daily", published="2025-03-02T08:00:00Z")])
    data = article_reuse(conn, "d")
    assert data["article"]["id"] == "d"
    assert len(data["passages"]) == 1
    passage = data["passages"][0]
    assert passage["first"] == "w" and passage["is_first"] is False
    assert [c["id"] for c in passage["carriers"]] == ["w"]
    assert passage["carriers"][0]["source"] == "wire"
    assert passage["text"] in OTHER and len(passage["text"]) > 40
    assert 0 < data["reused_share"] <= data["shared_share"] <= 1
    assert article_reuse(conn, "w")["passages"][0]["is_first"] is True
    assert render_reuse(data) is not None


def test_unknown_article_raises_not_found(conn: sqlite3.Connection) -> None:
    with pytest.raises(NotFound):
        article_reuse(conn, "missing")


def test_changed_threshold_rekeys_stored_bands(conn: sqlite3.Connection) -> None:
    process(conn, [Article("a1", BODY)])
    state = ReuseAdapter().load(conn, {"reuse_threshold": 0.8})
    assert [aid for _, aid in state.pending_rekey] == ["a1"]
    copy = BODY + " وتابع مراسلنا التفاصيل."
    fields = process(conn, [Article("a2", copy)], {"reuse_threshold": 0.8})
    assert fields[0]["duplicate_of"] == "a1"
    assert ReuseAdapter().load(conn, {"reuse_threshold": 0.8}).pending_rekey == []


def test_incompatible_signature_settings_are_refused(conn: sqlite3.Connection) -> None:
    process(conn, [Article("a1", BODY)])
    with pytest.raises(SettingsError):
        ReuseAdapter().load(conn, {"reuse_num_perm": 64})


def test_migration_applies_after_the_core_schema() -> None:
    db = sqlite3.connect(":memory:")
    for name in ("001_core.sql", "002_reuse.sql"):
        sql = files("rasd.store").joinpath("schema", name).read_text(encoding="utf-8")
        try:
            db.executescript(sql)
        except sqlite3.OperationalError as exc:  # e.g. an SQLite built without FTS5
            pytest.skip(f"{name}: {exc}")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"reuse_docs", "reuse_links", "reuse_passages", "reuse_spans", "reuse_params"} <= tables
    stage_cols = {r[1] for r in db.execute("PRAGMA table_info(reuse_spans)")}
    assert {"stage", "stage_version"} <= stage_cols


def test_migration_042_folds_span_rows_into_one_row_per_article(tmp_path: Path) -> None:
    """A store written before 042 (one reuse_spans row per fingerprint, single carriers included) keeps
    every passage: fingerprint rows per article, span rows only for the shared passage."""
    path = str(tmp_path / "old.db")
    SQLiteStore(path).close()
    old = sqlite3.connect(path)  # back to the schema before 042
    old.execute("DROP TABLE reuse_prints")
    old.execute("DELETE FROM schema_migrations WHERE version >= 42")
    tag = ("reuse", 1)
    old.executemany("INSERT INTO reuse_docs VALUES (?, ?, NULL, NULL, NULL, 30, NULL, NULL, ?, ?)",
                    [("a1", 1, *tag), ("a2", 2, *tag)])
    # h=11 shared by a1 and a2; 12 only in a1 (twice); 13 only in a2, with an old-style one-carrier row
    old.executemany("INSERT INTO reuse_spans VALUES (?, ?, ?, ?, ?, ?)",
                    [(11, "a1", 50, 90, *tag), (12, "a1", 0, 40, *tag), (12, "a1", 100, 140, *tag),
                     (11, "a2", 5, 45, *tag), (13, "a2", 60, 99, *tag)])
    old.executemany("INSERT INTO reuse_passages VALUES (?, ?, ?, ?, ?)", [(11, "a1", 2, *tag), (13, "a2", 1, *tag)])
    old.commit()
    old.close()
    store = SQLiteStore(path)
    conn = store.conn
    prints = {aid: sorted(zip(json.loads(h), json.loads(a), json.loads(b), strict=True))
              for aid, h, a, b in conn.execute("SELECT article_id, hashes, starts, ends FROM reuse_prints")}
    assert prints == {"a1": [(11, 50, 90), (12, 0, 40), (12, 100, 140)], "a2": [(11, 5, 45), (13, 60, 99)]}
    assert sorted(map(tuple, conn.execute("SELECT hash, article_id FROM reuse_spans"))) == [(11, "a1"), (11, "a2")]
    state = ReuseAdapter().load(conn, {})
    assert {h: state.docs[i].id for h, i in state.passage_first.items()} == {11: "a1", 12: "a1", 13: "a2"}
    assert state.passage_count == {11: 2}
    store.close()
