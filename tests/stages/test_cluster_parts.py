"""Clustering pieces: merges with redirects, summaries, exports (hand-written text)."""

from __future__ import annotations

from rasd.cluster.export import html_report, markdown_report, timeline_text
from rasd.cluster.features import ArticleFeatures
from rasd.cluster.index import ClusterIndex
from rasd.cluster.model import Cluster, ClusterConfig
from rasd.cluster.online import OnlineClusterer
from rasd.cluster.summarise import SourceDoc, summarise


def feats(aid: str, terms: dict[str, int], day: int | None = 100) -> ArticleFeatures:
    return ArticleFeatures(aid, day, terms, {}, frozenset(), None, None)


def test_merge_leaves_redirect_to_older_cluster() -> None:
    cl = OnlineClusterer(ClusterConfig(threshold=0.3, merge_threshold=0.3, w_title=0.0))
    a = cl.assign("a", feats("a", {"x": 3, "y": 1}))
    b = cl.assign("b", feats("b", {"z": 3, "w": 1}))
    assert a != b
    merged = cl.assign("c", feats("c", {"x": 2, "y": 1, "z": 2, "w": 1}))
    survivors = set(cl.clusters)
    assert len(survivors) == 1 and merged == a  # the older cluster keeps its id
    assert cl.resolve(b) == a
    assert cl.take_changes()["redirects"] == [(b, a)]


def test_expire_drops_clusters_outside_the_window() -> None:
    cl = OnlineClusterer(ClusterConfig(window_days=2))
    cl.assign("a", feats("a", {"x": 1}, day=100))
    cl.assign("b", feats("b", {"q": 1}, day=200))
    cl.expire()
    assert [c.last_day for c in cl.clusters.values()] == [200]


def _fresh_keys(index: ClusterIndex, cluster: Cluster) -> list[str]:
    copy = Cluster.from_dict(cluster.to_dict())  # nothing cached
    return index.keys_of(copy)


def test_index_keys_follow_every_change_of_a_cluster() -> None:
    cl = OnlineClusterer(ClusterConfig(threshold=0.05, index_terms=2, merge_threshold=2.0, w_title=0.0))
    cid = cl.assign("a", feats("a", {"x": 3, "y": 2, "z": 1}))
    cluster = cl.clusters[cid]
    assert cl.index.keys_of(cluster) == ["x", "y"] and cluster.index_keys is not None
    cl.assign("b", feats("b", {"z": 9, "y": 1}))  # joins: z is now among the strongest terms
    assert cl.clusters[cid] is cluster and cluster.n == 2
    assert cl.index.keys_of(cluster) == _fresh_keys(cl.index, cluster) and "z" in cl.index.keys_of(cluster)
    cl.refine()  # withdraws and puts back each member of the batch
    cl.expire()  # rebuilds the index from the cached keys of unchanged clusters
    assert cl.index.keys_of(cluster) == _fresh_keys(cl.index, cluster)
    assert {k for k, ids in cl.index.postings.items() if cid in ids} == set(_fresh_keys(cl.index, cluster))
    wider = ClusterIndex(index_terms=3, posting_scan=10)  # another index width is never served a cached list
    assert wider.keys_of(cluster) == _fresh_keys(wider, cluster) and len(wider.keys_of(cluster)) == 3


SUMMARY_DOCS = [
    SourceDoc("a", "وكالة", "افتتاح جسر جديد على نهر النيل في أسوان",
              "افتتح رئيس الوزراء يوم الخميس جسرا جديدا على نهر النيل في مدينة أسوان بطول ألفي متر. "
              "ويربط الجسر ضفتي النهر ويختصر زمن الرحلة إلى عشر دقائق. "
              "وقالت وزارة النقل إن تكلفة المشروع بلغت ثلاثة مليارات جنيه."),
    SourceDoc("b", "صحيفة", None,
              "افتتح رئيس الوزراء يوم الخميس جسرا جديدا على نهر النيل في مدينة أسوان بطول ألفي متر. "
              "وحضر الافتتاح عدد من الوزراء والمحافظين وسكان المدينة. "
              "ويتوقع أن يخفف الجسر الازدحام المروري في وسط المدينة خلال ساعات الذروة."),
]


def test_summary_counts_reused_sentence_once_and_has_a_title() -> None:
    out = summarise(SUMMARY_DOCS)
    texts = [s["text"] for s in out["sentences"]]  # type: ignore[index]
    assert 3 <= len(texts) <= 5
    assert sum(t.startswith("افتتح رئيس الوزراء") for t in texts) == 1
    assert out["title"] == "افتتاح جسر جديد على نهر النيل في أسوان"


def test_summary_of_nothing_is_empty() -> None:
    assert summarise([SourceDoc("e", None, None, "")]) == {"title": "", "sentences": []}


TIMELINE = {"story_id": "st-1", "events": [
    {"date": "2024-01-02", "event_id": "ev-1", "title": "<script>alert(1)</script> عنوان", "summary": "a | b",
     "n_articles": 3, "n_outlets": 2}]}
STORIES = [{"id": "st-1", "title": "قصة & <b>", "n_events": 1, "n_articles": 3}]


def test_exports_escape_untrusted_text() -> None:
    page = html_report(STORIES, {"st-1": TIMELINE})
    assert "<script>" not in page and "&lt;script&gt;" in page and "قصة &amp; &lt;b&gt;" in page
    md = markdown_report(STORIES, {"st-1": TIMELINE})
    assert "<script>" not in md and "a \\| b" in md
    text = timeline_text(TIMELINE)
    assert "2024-01-02" in text and "3 articles, 2 outlets" in text
