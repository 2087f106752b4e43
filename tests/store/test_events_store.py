"""Events/stories adapters and read functions against a throw-away SQLite store."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from rasd.errors import NotFound
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage
from rasd.stages.stories import StoriesStage
from rasd.stages.summaries import SummariesStage
from rasd.store import events as store
from rasd.store.cluster_state import create_tables

CORE = """
CREATE TABLE articles (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, url TEXT, source TEXT, title TEXT,
  published TEXT, lang TEXT, text TEXT, input_ref TEXT, revision_of TEXT, fetched_at TEXT, meta TEXT, ingest_seq INT);
CREATE TABLE annotations (article_id TEXT, key TEXT, stage TEXT, stage_version INT, value TEXT,
  PRIMARY KEY (article_id, key));
"""

DOCS = [
    ("a", "وكالة الأنباء", "2024-03-04", "انقطاع الكهرباء عن مدينة وهران",
     ("انقطعت الكهرباء عن معظم أحياء مدينة وهران مساء الأحد بسبب عطل في محطة التوليد الرئيسية. "
     "وقالت شركة الكهرباء إن فرقها تعمل على إصلاح العطل. وعادت الكهرباء إلى بعض الأحياء بعد ساعات.")),
    ("b", "صحيفة المساء", "2024-03-04", "عطل في محطة التوليد يغرق وهران في الظلام",
     ("غرقت أحياء مدينة وهران في الظلام مساء الأحد إثر عطل في محطة التوليد الرئيسية. "
     "وقالت شركة الكهرباء إن فرقها تعمل على إصلاح العطل. واشتكى السكان من انقطاع المياه أيضا.")),
    ("c", "قناة الرياضة", "2024-03-05", "المنتخب يتأهل إلى نهائي البطولة العربية",
     ("تأهل المنتخب الوطني لكرة اليد إلى نهائي البطولة العربية بعد فوزه في نصف النهائي بفارق ثلاثة أهداف. "
     "وأشاد المدرب بأداء اللاعبين. ويلعب الفريق المباراة النهائية يوم الجمعة.")),
]


@pytest.fixture()
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.executescript(CORE)
    create_tables(c)
    for n, (aid, src, pub, title, text) in enumerate(DOCS):
        c.execute("INSERT INTO articles (id, source, published, title, text, meta, ingest_seq) VALUES (?,?,?,?,?,?,?)",
                  (aid, src, pub, title, text, "{}", n))
    return c


def articles() -> list[Article]:
    return [Article(id=a, source=s, published=p, title=t, text=x) for a, s, p, t, x in DOCS]


def run_all(conn: sqlite3.Connection, batches: list[list[Article]]) -> None:
    for batch in batches:
        for stage, adapter in ((EventsStage(), store.EventsAdapter()), (StoriesStage(), store.StoriesAdapter()),
                               (SummariesStage(), store.SummariesAdapter())):
            out = stage(batch, StageContext(state=adapter.load(conn, {})))
            for art, fields in zip(batch, out.fields):
                art.annotations.update(fields)
            adapter.save(conn, out.state_updates)
        conn.commit()


def test_round_trip_across_runs_keeps_ids(conn: sqlite3.Connection) -> None:
    arts = articles()
    run_all(conn, [arts[:1], arts[1:]])
    members = dict(conn.execute("SELECT article_id, event_id FROM event_members").fetchall())
    assert members["a"] == members["b"] != members["c"]
    assert arts[1].annotations["event_id"] == arts[0].annotations["event_id"]
    (n_docs,) = conn.execute("SELECT n_docs FROM cluster_docs WHERE level = 'events'").fetchone()
    assert n_docs == 3


def test_loaded_state_matches_saved_state(conn: sqlite3.Connection) -> None:
    run_all(conn, [articles()])
    state = store.EventsAdapter().load(conn, {})
    assert set(state.clusters) == {r[0] for r in conn.execute("SELECT id FROM events")}
    assert state.units["a"] == state.units["b"]
    assert state.dfreq.n_docs == 3


def test_read_functions(conn: sqlite3.Connection) -> None:
    run_all(conn, [articles()])
    events = store.list_events(conn)
    assert len(events) == 2
    big = next(e for e in events if e["n_articles"] == 2)
    detail = store.get_event(conn, big["id"])
    assert {a["id"] for a in detail["articles"]} == {"a", "b"}
    assert detail["outlets"] == ["صحيفة المساء", "وكالة الأنباء"]
    assert detail["title"] in {DOCS[0][3], DOCS[1][3]}
    texts = [s["text"] for s in detail["sentences"]]
    assert sum("تعمل على إصلاح العطل" in t for t in texts) <= 1  # the reused sentence counts once
    assert store.list_events(conn, since="2024-03-05")[0]["n_articles"] == 1
    stories = store.list_stories(conn)
    tl = store.timeline(conn, stories[0]["id"])
    assert tl["events"] and all(e["title"] for e in tl["events"])


def test_redirects_are_followed(conn: sqlite3.Connection) -> None:
    run_all(conn, [articles()])
    eid = store.list_events(conn)[0]["id"]
    conn.execute("INSERT INTO event_redirects VALUES ('ev-old', ?, 'events', 1)", (eid,))
    assert store.get_event(conn, "ev-old")["id"] == eid
    with pytest.raises(NotFound):
        store.get_event(conn, "ev-missing")


def test_regression_reloaded_index_equals_the_in_memory_index(conn: sqlite3.Connection) -> None:
    """A resumed run put one ANT article in another story: the in-memory index remembered keys a centroid had
    lost, in the order it met them; the index rebuilt from the store did not. Both are now built the same way."""
    arts = articles()
    for adapter, stage in ((store.EventsAdapter(), EventsStage()), (store.StoriesAdapter(), StoriesStage())):
        live = adapter.load(conn, {})
        for batch in ([arts[0]], [arts[1]], [arts[2]]):
            out = stage(batch, StageContext(state=live))
            for art, fields in zip(batch, out.fields):
                art.annotations.update(fields)
            adapter.save(conn, out.state_updates)
            now, again = _clusterer(live), _clusterer(adapter.load(conn, {}))
            assert again.index.postings == now.index.postings
            assert list(again.clusters) == list(now.clusters)


def _clusterer(state: object) -> Any:
    return getattr(state, "clusterer", state)


def test_a_later_run_of_older_articles_recalls_stored_events(conn: sqlite3.Connection) -> None:
    """The store is the archive: a batch dated before the active window (a second outlet's backfill, run
    after the first outlet had moved on) reloads the stored events of its days and joins them."""
    a, b, c = articles()
    later = Article(id="d", source="قناة الرياضة", published="2024-07-01", title=c.title, text=c.text)
    conn.execute("INSERT INTO articles (id, source, published, title, text, meta, ingest_seq) VALUES (?,?,?,?,?,?,?)",
                 ("d", later.source, later.published, later.title, later.text, "{}", 3))
    run_all(conn, [[a], [later]])
    loaded = store.EventsAdapter().load(conn, {})
    assert a.annotations["event_id"] not in loaded.clusters  # outside the active window after "d"
    run_all(conn, [[b]])
    assert b.annotations["event_id"] == a.annotations["event_id"]
    assert b.annotations["story_id"] == a.annotations["story_id"]


FLOOD = [
    ("The river burst its banks at Karvel after three days of rain, and the water reached the old market. "
     "Officials in the region said rescue boats carried families from the flooded streets."),
    ("Floodwater covered the old market of Karvel when the river burst its banks; rescue boats moved families "
     "from streets under water, officials in the region said."),
    ("Rescue boats worked through the night in Karvel, where the river burst its banks and flooded the market "
     "streets, regional officials said, as the rain continued."),
    ("In Karvel the flooded market streets emptied as rescue boats took families away; the river had burst its "
     "banks after days of rain, officials in the region said."),
]
VOTE = [
    ("Voters in Ostria chose a new parliament on Sunday, and the electoral commission said turnout passed "
     "sixty percent. Officials in the region said counting continued overnight."),
    ("The electoral commission of Ostria reported turnout above sixty percent in Sunday's parliament vote; "
     "counting went on overnight, officials in the region said."),
    ("Counting of parliament ballots in Ostria continued overnight after turnout passed sixty percent, the "
     "electoral commission said, and officials in the region praised voters."),
    ("Ostria's parliament vote on Sunday drew more than sixty percent of voters, the electoral commission said, "
     "while officials in the region oversaw the overnight counting."),
]


def test_a_split_event_survives_the_store_and_later_articles_find_their_part() -> None:
    """One batch chains two happenings into one event (a very low join threshold); the split check separates
    them. The stored state must say the same as the stage's output, and a later article joins its part."""
    c = _fresh()
    # a rare name in every text gives the online pass a shared key to chain the two happenings on
    texts = [(tag, t + " The Varnholt trust sent observers.") for tag, group in (("f", FLOOD), ("v", VOTE)) for t in group]
    arts = [Article(id=f"{tag}{i}", source="desk", published="2024-05-06", title="", text=t)
            for i, (tag, t) in enumerate(texts)]
    settings = {"events_threshold": 0.01, "events_merge_share": 0}
    adapter = store.EventsAdapter()
    unchecked = {**settings, "events_split_purity": 0}
    chained = EventsStage()(list(arts), StageContext(settings=unchecked, state=adapter.load(_fresh(), unchecked)))
    assert len({f["event_id"] for f in chained.fields}) == 1  # without the check: one event
    out = EventsStage()(arts, StageContext(settings=settings, state=adapter.load(c, settings)))
    adapter.save(c, out.state_updates)
    c.commit()
    ids = {a.id: f["event_id"] for a, f in zip(arts, out.fields, strict=True)}
    assert len({ids[a.id] for a in arts[:4]}) == 1 and len({ids[a.id] for a in arts[4:]}) == 1
    assert ids["f0"] != ids["v4"]
    members = dict(c.execute("SELECT article_id, event_id FROM event_members").fetchall())
    assert members == ids
    loaded = adapter.load(c, settings)
    assert {u: loaded.resolve(cid) for u, cid in loaded.units.items()} == ids
    late = Article(id="f9", source="desk", published="2024-05-07", title="", text=FLOOD[0].replace("three", "four"))
    again = EventsStage()([late], StageContext(settings=settings, state=loaded))
    assert again.fields[0]["event_id"] == ids["f0"]


def _fresh() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.executescript(CORE)
    create_tables(c)
    return c
