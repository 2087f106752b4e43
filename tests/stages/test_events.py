"""Events and stories stages on hand-written articles (team's own sentences)."""

from __future__ import annotations

from rasd.cluster.features import extract, parse_day
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.events import EventsStage
from rasd.stages.stories import StoriesStage
from rasd.stages.summaries import SummariesStage

FLOOD_A = ("فيضانات في مدينة البصرة", ("غمرت مياه الفيضانات أحياء واسعة في مدينة البصرة صباح الاثنين بعد أمطار "
           "غزيرة، وقال محافظ البصرة إن فرق الدفاع المدني أجلت مئات العائلات من المنازل المغمورة."))
FLOOD_B = ("إجلاء عائلات من أحياء البصرة بسبب الفيضانات", ("أجلت فرق الدفاع المدني مئات العائلات في البصرة بعد "
           "أن غمرت مياه الفيضانات الأحياء السكنية إثر أمطار غزيرة، بحسب محافظ البصرة."))
MATCH = ("فوز الوداد على الرجاء في الدربي", ("فاز فريق الوداد على غريمه الرجاء بهدفين مقابل هدف في مباراة الدربي "
         "التي أقيمت مساء السبت على ملعب محمد الخامس في الدار البيضاء أمام جمهور غفير."))


def art(aid: str, pair: tuple[str, str], published: str | None = "2024-03-04", **ann: object) -> Article:
    return Article(id=aid, title=pair[0], text=pair[1], published=published, annotations=dict(ann))


def run_events(batch: list[Article], ctx: StageContext | None = None) -> list[str]:
    return [f["event_id"] for f in EventsStage()(batch, ctx or StageContext()).fields]


def test_same_happening_joins_and_other_topic_splits() -> None:
    ids = run_events([art("a", FLOOD_A), art("b", FLOOD_B), art("c", MATCH)])
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]
    assert all(i.startswith("ev-") for i in ids)


def test_ids_are_stable_across_runs_and_partition_across_orders() -> None:
    first = run_events([art("a", FLOOD_A), art("b", FLOOD_B), art("c", MATCH)])
    again = run_events([art("a", FLOOD_A), art("b", FLOOD_B), art("c", MATCH)])
    reordered = dict(zip("cba", run_events([art("c", MATCH), art("b", FLOOD_B), art("a", FLOOD_A)])))
    assert first == again
    assert (reordered["a"] == reordered["b"]) and reordered["a"] != reordered["c"]


def test_far_apart_dates_split_the_same_text() -> None:
    ids = run_events([art("a", FLOOD_A, "2024-03-04"), art("b", FLOOD_B, "2024-06-20")])
    assert ids[0] != ids[1]


def test_undated_articles_still_cluster() -> None:
    ids = run_events([art("a", FLOOD_A, None), art("b", FLOOD_B, None), art("c", MATCH, None)])
    assert ids[0] == ids[1] != ids[2]


def test_duplicate_joins_its_canonical_event_across_batches() -> None:
    ctx = StageContext()
    first = run_events([art("a", FLOOD_A)], ctx)
    second = run_events([art("z", MATCH, duplicate_of="a")], ctx)
    assert second == first


def test_state_persists_between_batches_and_rerun_is_idempotent() -> None:
    ctx = StageContext()
    a = run_events([art("a", FLOOD_A)], ctx)
    b = run_events([art("b", FLOOD_B)], ctx)
    again = EventsStage()([art("a", FLOOD_A)], ctx)
    assert a == b
    assert again.fields[0]["event_id"] == a[0]
    assert again.state_updates["units"] == []


def test_state_updates_describe_the_batch() -> None:
    out = EventsStage()([art("a", FLOOD_A), art("b", FLOOD_B)], StageContext())
    updates = out.state_updates
    assert {u for u, _ in updates["units"]} == {"a", "b"}
    assert updates["n_docs"] == 2
    assert len(updates["clusters"]) == 1 and updates["clusters"][0]["n"] == 2


def test_bad_input_does_not_crash() -> None:
    odd = [Article(id="e", text=""), Article(id="x", text="\x00\x01" * 500), Article(id="m", text="مرحبا hello 123 " * 5000)]
    ids = run_events(odd)
    assert len(ids) == 3 and all(ids)


def test_stories_link_events_of_the_same_topic() -> None:
    batch = [art("a", FLOOD_A, "2024-03-04"), art("b", FLOOD_B, "2024-03-12"), art("c", MATCH, "2024-03-05")]
    events = run_events(batch)
    for a, e in zip(batch, events):
        a.annotations["event_id"] = e
    assert events[0] != events[1]  # eight days apart: two events
    stories = [f["story_id"] for f in StoriesStage()(batch, StageContext()).fields]
    assert stories[0] == stories[1] != stories[2]


def test_summaries_stage_reports_touched_events_only() -> None:
    batch = [art("a", FLOOD_A, event_id="ev-1"), art("b", MATCH, event_id="ev-2"), art("c", MATCH)]
    out = SummariesStage()(batch, StageContext())
    assert out.fields == [{}, {}, {}]
    assert out.state_updates == {"events": ["ev-1", "ev-2"]}


def test_date_signal_order_and_formats() -> None:
    a = art("a", FLOOD_A, "2024-03-04T10:00:00", event_date="2024-03-01")
    assert extract(a).day == parse_day("2024-03-01")
    assert parse_day("Sun, 18 Feb 2018 21:35:43 +0400") == parse_day("2018-02-18")
    assert parse_day("not a date") is None


def test_input_out_of_date_order_still_meets_its_days_events() -> None:
    """One outlet's months first, then another outlet's backfill of the same days (as the ANT file is
    ordered): the later article must join the event of its own day, not found a new one because the
    clusterer has moved on to later dates."""
    ctx = StageContext()
    first = run_events([art("a", FLOOD_A, "2024-03-04")], ctx)
    for n, day in enumerate(("2024-04-10", "2024-05-15", "2024-06-20")):  # the first outlet moves on
        run_events([art(f"m{n}", MATCH, day)], ctx)
    assert ctx.state.horizon() > parse_day("2024-03-04")
    assert "ev-" in first[0] and first[0] not in ctx.state.clusters  # left the active window
    late = run_events([art("b", FLOOD_B, "2024-03-04")], ctx)
    assert late == first


def test_recalled_events_leave_again_and_unrelated_old_days_found_new_events() -> None:
    ctx = StageContext()
    first = run_events([art("a", FLOOD_A, "2024-03-04")], ctx)
    run_events([art("m", MATCH, "2024-06-20")], ctx)
    run_events([art("b", FLOOD_B, "2024-03-05")], ctx)
    assert first[0] not in ctx.state.clusters  # recalled for the batch, expired again after it
    other = run_events([art("c", MATCH, "2024-03-04")], ctx)
    assert other != first


def _named(aid: str, pair: tuple[str, str], phrase: str) -> Article:
    """An undated article whose dates-stage mentions name a weekday without a full date."""
    return art(aid, pair, published=None, date_mentions=[{"start": 0, "end": len(phrase), "text": phrase,
                                                            "type": "DATE", "value": None}])


FLOOD_SCHOOLS = ("عودة الدوام في مدارس البصرة بعد انحسار الفيضانات", ("أعلن محافظ البصرة عودة الدوام في المدارس بعد "
                 "انحسار مياه الفيضانات عن الأحياء السكنية، وقال إن فرق الدفاع المدني ما زالت تعمل على سحب المياه من "
                 "المنازل المغمورة."))


def test_an_undated_report_naming_another_weekday_stays_out_of_a_dated_event() -> None:
    saturday = art("a", FLOOD_A, published="2024-03-09")  # a Saturday
    batch = [saturday, _named("thu", FLOOD_SCHOOLS, "يوم أمس الخميس"), _named("sat", FLOOD_B, "اليوم السبت")]
    ids = run_events(batch)
    assert ids[2] == ids[0] and ids[1] != ids[0]
    # with the date penalty off, the weekday is not checked and the Thursday report joins too
    off = [f["event_id"] for f in EventsStage()(batch, StageContext(settings={"events_date_penalty": 0})).fields]
    assert off[1] == off[0]


def test_named_weekdays_skip_mentions_with_a_full_date_of_their_own() -> None:
    from rasd.cluster.features import named_weekdays

    page = art("p", FLOOD_A, published=None, date_mentions=[
        {"start": 0, "text": "الجمعة 20 Sep / September 2024", "value": "2024-09-20"},
        {"start": 40, "text": "يوم أمس الخميس", "value": None},
        {"start": 60, "text": "on Tuesday", "value": None}])
    assert named_weekdays(page) == frozenset({4, 2})
    assert named_weekdays(art("q", FLOOD_A)) == frozenset()


def test_weekday_checks_of_clusters_and_batch_pairs() -> None:
    from datetime import date

    from rasd.cluster.coherence import apart
    from rasd.cluster.model import Cluster
    from rasd.cluster.online import weekdays_conflict
    from rasd.store.cluster_codec import decode_cluster, encode_cluster

    sat = date(2024, 3, 9).toordinal()
    c = Cluster(id="ev-x", first_day=sat, last_day=sat + 1)  # Saturday and Sunday
    assert c.weekdays() == {6, 7}
    assert weekdays_conflict(frozenset({4}), c.weekdays()) and not weekdays_conflict(frozenset({7, 1}), c.weekdays())
    assert Cluster(id="ev-z", first_day=sat, last_day=sat + 6).weekdays() == frozenset()  # a whole week: any day
    undated = Cluster(id="ev-y")
    assert undated.weekdays() == frozenset()  # nothing to contradict
    undated.add_weekdays(frozenset({4}))
    undated.add_weekdays(frozenset({4, 5}))
    undated.add_weekdays(frozenset({5}), -1)
    assert undated.weekdays() == {4} and Cluster.from_dict(undated.to_dict()).named_weekdays == {4: 2}
    stored = decode_cluster(*encode_cluster(undated.to_dict()))  # as the SQLite store keeps it
    assert Cluster.from_dict({**stored, "id": "ev-y"}).named_weekdays == {4: 2}
    far = apart([sat, None, None, sat + 10, None, sat + 1], [frozenset(), frozenset({4}), frozenset({6}), frozenset(),
                                                              frozenset(), frozenset()], window=3)
    assert far[1, 2] and far[2, 1]  # two undated reports naming different weekdays
    assert not far[1, 4]  # an undated article naming nothing
    assert far[0, 3] and not far[0, 5]  # ten days apart; a day apart
    assert far[0, 1] and far[0, 4]  # a dated and an undated article cast no vote for each other


def test_an_undated_article_does_not_chain_events_a_month_apart() -> None:
    # the same report a month apart (a monthly figure, say), and undated copies close to both
    may, june = art("may", FLOOD_A, published="2024-05-06"), art("june", FLOOD_A, published="2024-06-10")
    bridges = [art(f"undated{i}", FLOOD_A, published=None) for i in range(3)]
    ids = run_events([may, june, *bridges])
    assert ids[0] != ids[1]


def test_clusters_apart_by_date_range_or_by_weekdays() -> None:
    from rasd.cluster.model import Cluster
    from rasd.cluster.online import OnlineClusterer
    from rasd.stages.events import events_config

    cl = OnlineClusterer(events_config({}))
    may = Cluster(id="a", first_day=738000, last_day=738001)
    assert cl.clusters_apart(may, Cluster(id="b", first_day=738040, last_day=738041))
    assert not cl.clusters_apart(may, Cluster(id="c", first_day=738003, last_day=738004))  # within the window
    undated = Cluster(id="d")
    assert not cl.clusters_apart(may, undated)
    undated.add_weekdays(frozenset({(738000 + 3) % 7 or 7}))  # a weekday neither of may's days falls on
    assert cl.clusters_apart(may, undated)
