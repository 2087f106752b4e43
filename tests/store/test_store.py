from pathlib import Path

import pytest

from rasd.errors import StoreError, UnknownStoreURL
from rasd.model import Article, Rejection
from rasd.store import connect
from rasd.store.queries import get_article, list_rejections, search
from rasd.store.sqlite import migrations


def _article(aid: str, text: str, title: str = "") -> Article:
    return Article(id=aid, text=text, title=title, source="s", lang="ar", input_ref=f"{aid}.txt")


def test_url_schemes(tmp_path: Path) -> None:
    assert connect(f"sqlite:///{tmp_path}/a.db").path == f"{tmp_path}/a.db"
    assert connect(str(tmp_path / "b.db")).path == str(tmp_path / "b.db")
    assert connect("sqlite://:memory:").path == ":memory:"
    with pytest.raises(UnknownStoreURL) as info:
        connect("postgres://x/y")
    assert str(info.value).startswith("R012")


def test_migrations_apply_once_and_wal(tmp_path: Path) -> None:
    store = connect(str(tmp_path / "s.db"))
    assert store.schema_version() == migrations()[-1][0]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.migrate() == []  # nothing left to apply
    store.close()
    again = connect(str(tmp_path / "s.db"))
    assert again.migrate() == []


def test_fts_is_arabic_normalised(tmp_path: Path) -> None:
    store = connect(str(tmp_path / "s.db"))
    store.begin()
    store.add_articles([_article("a1", "زار الرئيسُ الأمريكيُّ المدينةَ القديمة"),
                        _article("a2", "افتتحت مكتبة جديدة في الحي")], 1)
    store.commit()
    for query in ("الامريكي", "الأمريكيّ", "الأمْريكي", "المدينة", "المدينه"):
        hits = search(store.conn, query)
        assert [h["id"] for h in hits] == ["a1"], query
    assert search(store.conn, '" OR 1=1 --') == []  # quotes and operators are neutralised


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    connect(str(tmp_path / "s.db")).close()
    ro = connect(str(tmp_path / "s.db"), read_only=True)
    with pytest.raises(Exception, match="readonly"):
        ro.conn.execute("INSERT INTO sources VALUES ('x', NULL, 'now')")
    with pytest.raises(StoreError):
        connect(str(tmp_path / "missing.db"), read_only=True)


def test_rejections_and_article_prefix(tmp_path: Path) -> None:
    store = connect(str(tmp_path / "s.db"))
    store.begin()
    store.add_articles([_article("abcdef0123", "نص")], 1)
    store.add_rejections([Rejection("x.bin", "binary", "PNG")], 1)
    store.commit()
    assert get_article(store.conn, "abcd")["id"] == "abcdef0123"
    assert list_rejections(store.conn) [0]["reason"] == "binary"


def test_a_source_is_recorded_once_with_its_first_domain(tmp_path: Path) -> None:
    store = connect(str(tmp_path / "s.db"))
    store.begin()
    store.add_articles([Article(id="a", text="نص أول", source="وكالة", url="https://www.first.example/1"),
                        Article(id="b", text="نص ثان", source="وكالة", url="https://second.example/2"),
                        Article(id="c", text="نص ثالث", source="صحيفة")], 1)
    store.commit()
    rows = store.conn.execute("SELECT name, domain FROM sources ORDER BY name").fetchall()
    assert [tuple(r) for r in rows] == [("صحيفة", None), ("وكالة", "first.example")]
