"""The search index form, MATCH expressions, snippets from the original text, and the index migration."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from rasd.model import Article
from rasd.store import connect
from rasd.store.queries import search
from rasd.store.search import index_form, match_expression, query_terms, search_form, snippet
from rasd.store.sqlite import SQLiteStore, migrations


def test_index_form_splits_on_arabic_punctuation() -> None:
    assert search_form("قال الوزير، «نحن مستعدون»؛ هل؟").split() == ["قال", "الوزير", "نحن", "مستعدون", "هل"]
    assert index_form("a\u00a0b\u200fc") == "a b c"


def test_match_expression_quotes_every_word_and_keeps_prefix() -> None:
    assert match_expression('مكتبة* AND "x"') == '"مكتبه"* "and" "x"'
    assert match_expression("الرئيس،بايدن") == '"الرييس" "بايدن"'
    assert query_terms('" OR 1=1 --') == [("or", False), ("1", False), ("1", False)]
    assert match_expression('a"b الرئيس"') == '"a" "b" "الرييس"'  # no quote survives into the expression
    assert match_expression("؟؟ ،،") == ""


def test_snippet_marks_hits_in_the_original_text() -> None:
    text = "في صباح اليوم زارَ الرئيسُ الأمريكيُّ المدينةَ القديمة، ثم عاد إلى العاصمة مساءً."
    out = snippet(text, "الامريكي")
    assert "[الأمريكيُّ]" in out and out.count("[") == 1
    assert snippet(text, "المدين*").count("[المدينةَ]") == 1


def test_snippet_of_a_long_text_is_cut_around_the_hit() -> None:
    text = " ".join(f"كلمة{i}" for i in range(200)) + " هدف " + " ".join(f"كلمة{i}" for i in range(200))
    out = snippet(text, "هدف", width=8)
    assert out.startswith("…") and out.endswith("…") and "[هدف]" in out
    assert len(out.split()) == 8


def test_snippet_without_a_body_hit_is_the_lead() -> None:
    assert snippet("أول كلمات المقال هنا", "غائب", width=2) == "أول كلمات…"
    assert snippet("", "x") == ""


def test_search_returns_original_snippet_and_ranks(tmp_path: Path) -> None:
    store = connect(str(tmp_path / "s.db"))
    store.begin()
    store.add_articles([Article(id="a", text="اتصالٌ هاتفيٌّ بين الرئيسين", title="اتصال"),
                        Article(id="b", text="لا شيء هنا عن ذلك", title="اتصال هاتفي")], 1)
    store.commit()
    hits = search(store.conn, "هاتفي")
    assert {h["id"] for h in hits} == {"a", "b"}
    assert "[هاتفيٌّ]" in next(h for h in hits if h["id"] == "a")["snippet"]


def test_migration_reindexes_a_store_made_before_it(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    for version, name, sql in migrations():
        if version < 30:
            conn.executescript(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", (version, name))
    conn.execute("INSERT INTO articles (id, text, title, meta, ingest_seq) VALUES ('old', 'المكتبةُ العامة', 't', '{}', 1)")
    conn.close()
    store = connect(path)
    assert [h["id"] for h in search(store.conn, "المكتبه")] == ["old"]


def _fts_config(store: SQLiteStore) -> dict[str, int]:
    return {k: v for k, v in store.conn.execute("SELECT k, v FROM articles_fts_config")}


def test_index_write_tuning_changes_no_search_result(tmp_path: Path) -> None:
    words = ["مدينة", "الرئيس", "اجتماع", "وزارة", "الزراعة", "مطار", "قمح", "سفينة", "ميناء", "انتخابات",
             "حكومة", "موسم", "المطر", "جسر", "مصنع", "طلاب", "جامعة", "نهر", "سوق", "الذهب"]
    rng = random.Random(3)
    docs = [Article(id=f"d{i}", title=" ".join(rng.sample(words, 2)),
                    text=" ".join(rng.choice(words) for _ in range(rng.randint(5, 80)))) for i in range(600)]
    tuned = connect(str(tmp_path / "tuned.db"))
    assert _fts_config(tuned) == {"hashsize": 8 * 1024 * 1024, "automerge": 8, "version": 4}
    plain = connect(str(tmp_path / "plain.db"))  # tiny in-memory budget and eager merging: many more segments
    plain.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 1024)")
    plain.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 2)")
    for store in (tuned, plain):
        for start in range(0, len(docs), 50):
            store.begin()
            store.add_articles(docs[start:start + 50], start + 1)
            store.commit()
    blocks = "SELECT count(*) FROM articles_fts_data"
    assert tuned.conn.execute(blocks).fetchone()[0] != plain.conn.execute(blocks).fetchone()[0]
    for query in [*words, "الرييس مدينه", "جام*", "سوق الذهب نهر"]:
        assert search(tuned.conn, query, limit=100) == search(plain.conn, query, limit=100), query
