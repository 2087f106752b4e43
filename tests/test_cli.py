import json
from pathlib import Path

from click.testing import CliRunner

from rasd.cli import cli


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_run_articles_show_search_rejections(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out = _invoke("--db", db, "run", str(corpus), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["new"] == 2 and summary["rejections"] == {"empty": 1, "unsupported": 1}
    code, out = _invoke("--db", db, "run", str(corpus))
    assert code == 0 and "0 new" in out
    code, out = _invoke("--db", db, "articles", "--json")
    rows = json.loads(out)
    assert {r["lang"] for r in rows} == {"ar", "en"}
    for key in ("id", "source", "title", "url", "published", "lang", "event_id", "story_id", "event_date",
                "duplicate_of"):
        assert key in rows[0]
    farm = next(r for r in rows if r["lang"] == "ar")
    assert farm["source"] == "صحيفة الحقول" and farm["title"] == "خطة لدعم مزارعي القمح"
    code, out = _invoke("--db", db, "show", farm["id"][:6], "--json")
    assert code == 0 and json.loads(out)["annotations"]["word_count"] > 20
    code, out = _invoke("--db", db, "search", "مزارعى القمْح", "--json")
    assert [r["id"] for r in json.loads(out)] == [farm["id"]]
    code, out = _invoke("--db", db, "rejections", "--json")
    assert sorted(r["reason"] for r in json.loads(out)) == ["empty", "unsupported"]


def test_errors_have_codes_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "articles"])
    assert res.exit_code == 1 and "R010" in res.output and "No store" in res.output
    res = runner.invoke(cli, ["--db", "postgres://x", "run", str(tmp_path)])
    assert res.exit_code == 2 and "R012" in res.output
    res = runner.invoke(cli, ["--set", "batch_size=lots", "settings"])
    assert res.exit_code == 2 and "R001" in res.output
    db = tmp_path / "x.db"
    runner.invoke(cli, ["--db", str(db), "run", str(tmp_path)])
    res = runner.invoke(cli, ["--db", str(db), "show", "zzzz"])
    assert res.exit_code == 3 and "R040" in res.output


def test_settings_priority(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    try:
        (tmp_path / "rasd.toml").write_text("[rasd]\nbatch_size = 7\nmin_text_chars = 9\n")
        mp.chdir(tmp_path)
        mp.setenv("RASD_MIN_TEXT_CHARS", "11")
        _code, out = _invoke("--set", "fetch_timeout=3", "settings", "--json")
        rows = {r["key"]: r for r in json.loads(out)}
        assert rows["batch_size"]["value"] == 7 and rows["batch_size"]["origin"].startswith("file")
        assert rows["min_text_chars"]["value"] == 11 and rows["min_text_chars"]["origin"] == "environment"
        assert rows["fetch_timeout"]["value"] == 3.0 and rows["fetch_timeout"]["origin"] == "command line"
        assert rows["max_text_chars"]["origin"] == "default" and rows["max_text_chars"]["help"]
    finally:
        mp.undo()


def test_bench_json_shape(corpus: Path) -> None:
    code, out = _invoke("bench", str(corpus), "--json")
    data = json.loads(out)
    assert code == 0 and data["articles"] == 4 and data["new"] == 2
    assert set(data) >= {"articles", "seconds", "articles_per_s", "peak_rss_mb", "stages", "rerun"}
    assert set(data["stages"]) >= {"ingest", "text", "store"} and data["rerun"]["new"] == 0
