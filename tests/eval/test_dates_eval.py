"""Tests for ``rasd eval dates`` (issue 4): scoring, gold loading, baseline failures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rasd.eval import dates as ev
from rasd.eval.dates_baselines import _untag, cut_to_gold
from rasd.eval.dates_data import GoldDoc, load_gold, read_timeml


def _doc(text: str, timexes: list[tuple[int, int, str]]) -> GoldDoc:
    return GoldDoc(text, dt.date(2022, 2, 12), "ar", timexes)


def test_score_exact_relaxed_and_value() -> None:
    docs = [_doc("a" * 40, [(0, 5, "2022-02-11"), (10, 20, "2022-W05"), (30, 35, "P3D")])]
    preds = [[(0, 5, "2022-02-11"), (12, 20, "2022-W06"), (36, 38, "2022")]]
    s = ev.score(docs, preds)
    assert s["span_precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["span_recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["span_f1_relaxed"] == pytest.approx(2 / 3, abs=1e-3)  # two overlaps out of three each side
    assert s["value_accuracy"] == pytest.approx(1 / 3, abs=1e-3)  # wrong week, one timex missed


def test_overlap_matching_is_one_to_one() -> None:
    docs = [_doc("a" * 20, [(0, 10, "2022")])]
    s = ev.score(docs, [[(0, 4, "2021"), (5, 10, "2022")]])
    assert s["span_f1_relaxed"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["value_accuracy"] == 0.0  # the first overlapping prediction is the match


def test_jsonl_gold_round_trip(tmp_path: Path) -> None:
    text = "وصل الوفد أمس الجمعة."
    row = {
        "text": text,
        "published": "2022-02-12",
        "timexes": [{"start": 10, "end": 20, "value": "2022-02-11"}],
    }
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = load_gold(path)
    assert doc.text[10:20] == "أمس الجمعة" and doc.lang == "ar" and doc.published == dt.date(2022, 2, 12)
    out = ev.run(path, baselines=False)
    assert out["task"] == "dates" and out["metrics"]["value_accuracy"] == 1.0
    assert set(out) >= {"task", "data", "metrics", "baselines"}


def test_timeml_reader(tmp_path: Path) -> None:
    tml = (
        '<?xml version="1.0"?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2022-02-12" '
        'functionInDocument="CREATION_TIME">2022-02-12</TIMEX3></DCT><TEXT>Talks ended '
        '<TIMEX3 tid="t1" type="DATE" value="2022-02-10">last Thursday</TIMEX3> in '
        '<EVENT eid="e1">Berlin</EVENT>, <TIMEX3 tid="t2" type="DATE" value="2022-W05">last week</TIMEX3>.</TEXT></TimeML>'
    )
    path = tmp_path / "a.tml"
    path.write_text(tml, encoding="utf-8")
    doc = read_timeml(path)
    assert doc is not None and doc.published == dt.date(2022, 2, 12)
    assert [doc.text[s:e] for s, e, _ in doc.timexes] == ["last Thursday", "last week"]
    assert [v for _, _, v in doc.timexes] == ["2022-02-10", "2022-W05"]
    assert len(load_gold(tmp_path)) == 1


def test_heideltime_output_offsets() -> None:
    out = '<?xml version="1.0"?>\n<TimeML>\nمرحبا <TIMEX3 tid="t1" type="DATE" value="2021-12-30">أمس</TIMEX3> &amp; غدا\n</TimeML>'
    text, preds = _untag(out)
    assert text.startswith("مرحبا أمس & غدا")
    assert preds == [(6, 9, "2021-12-30")]


def test_dateparser_values_cut_to_gold_granularity() -> None:
    assert cut_to_gold("2022-01-15", "2022-01") == "2022-01"
    assert cut_to_gold("2022-02-12T11:04", "2022-02-12T11:04-05:00") == "2022-02-12T11:04"
    assert cut_to_gold("2022-01-15", "P3D") == "2022-01-15"


def test_broken_baseline_reports_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(docs: list[GoldDoc]) -> list[list[tuple[int, int, str | None]]]:
        raise RuntimeError("java not found on PATH")

    monkeypatch.setattr(ev.base, "heideltime_predict", boom)
    out = ev._baseline("heideltime", [_doc("abc", [])])
    assert out == {"error": "RuntimeError: java not found on PATH"}


def test_team_gold_set_size_and_offsets() -> None:
    docs = load_gold(None)
    langs = [d.lang for d in docs]
    assert langs.count("ar") >= 150 and langs.count("en") >= 50
    for d in docs:
        assert d.published is not None
        assert all(0 <= s < e <= len(d.text) and d.text[s:e].strip() == d.text[s:e] for s, e, _ in d.timexes)
