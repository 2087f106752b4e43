"""``rasd eval events`` on a tiny corpus written by the team (format and scoring path only)."""

from __future__ import annotations

import json
from pathlib import Path

from rasd.eval import events as ev_eval

ROWS = [
    {"id": "1", "event": "fire", "story": "s1", "published": "Mon, 04 Mar 2024 10:00:00 +0000",
     "title": "Warehouse fire in the port district", "text": "A large fire destroyed a warehouse in the port "
     "district on Monday. Firefighters fought the blaze for six hours and no injuries were reported."},
    {"id": "2", "event": "fire", "story": "s1", "published": "2024-03-04T18:00:00",
     "text": "Firefighters spent six hours on Monday fighting a blaze that destroyed a warehouse in the port "
     "district. Officials said no injuries were reported."},
    {"id": "3", "event": "vote", "story": "s2", "published": "2024-03-05",
     "title": "Council approves new school budget", "text": "The city council approved the school budget "
     "for next year after a long debate, adding funds for teachers and buses."},
]


def test_run_on_a_given_file_reports_rasd_and_baseline(tmp_path: Path) -> None:
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    out = ev_eval.run(path)
    assert out["task"] == "events" and out["data"] == str(path)
    assert set(out["metrics"]) == {"bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_f1", "story_bcubed_f1"}
    assert set(out["baselines"]["tfidf_agglomerative"]) >= {"bcubed_f1", "pairwise_f1"}
    assert all(0.0 <= v <= 1.0 for v in out["metrics"].values())
    assert out["details"]["n_docs"] == 3 and out["details"]["n_events_gold"] == 2
    json.dumps(out)  # JSON-serialisable


def test_chunked_clustering_matches_one_batch_on_small_corpus(tmp_path: Path) -> None:
    from rasd.eval.events_data import load_gold

    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    one, _ = ev_eval.cluster([d.article for d in load_gold(path)])
    chunked = ev_eval.cluster_in_chunks([d.article for d in load_gold(path)], 3)
    assert [one.index(x) for x in one] == [chunked.index(x) for x in chunked]


def test_demo_check_scores_every_gold_input_of_the_demo_corpus() -> None:
    from rasd.eval.events_demo import demo_check

    out = demo_check()
    assert out["n_docs"] == out["n_gold"] == 40  # every gold ref (txt, html, feed items, JSONL lines) was found
    assert out["events_gold"] == 6 and out["cross_language_pairs"] > 0
    assert 0.0 < out["event_bcubed_f1"] <= 1.0 and 0.0 < out["story_bcubed_f1"] <= 1.0
    assert 0.0 <= out["cross_language_recall"] <= 1.0


def test_bilingual_check_scores_every_line_and_counts_false_joins_across_languages() -> None:
    from rasd.eval.events_demo import bilingual_check

    out = bilingual_check()
    assert out["n_docs"] == out["n_gold"] == 40 and out["events_gold"] == 16
    assert out["cross_language_pairs"] > 0 and out["cross_language_other_pairs"] > out["cross_language_pairs"]
    assert 0 <= out["cross_language_false_joins"] <= out["cross_language_other_pairs"]
    assert 0.0 < out["event_bcubed_f1"] <= 1.0


def test_demo_check_skips_without_the_corpus(tmp_path: Path) -> None:
    from rasd.eval.events_demo import demo_check

    assert "no demo corpus" in demo_check(folder=tmp_path)["skipped"]
