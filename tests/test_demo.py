"""Integration: the README's main job on the team's demo corpus (examples/demo)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.cli import cli
from tests.conftest import REPO

DEMO = REPO / "examples" / "demo"
GOLD = [json.loads(line) for line in (REPO / "examples" / "demo-gold.jsonl").read_text("utf-8").splitlines()]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = json.loads(_cli("--db", db, "run", str(DEMO), "--json"))
    assert summary["inputs"] == len(GOLD) and summary["rejected"] == 0
    return db


def test_every_input_becomes_an_article(demo_db: str) -> None:
    rows = json.loads(_cli("--db", demo_db, "articles", "--json"))
    assert len(rows) == len(GOLD)  # the revision pair is two stored versions linked by revision_of
    assert sum(1 for r in rows if r["revision_of"]) == 1
    assert {r["lang"] for r in rows} == {"ar", "en"}
    # outlets come from metadata, credit lines or URLs; a bare .txt with no credit line has none
    assert all(r["source"] for r in rows if not r["url"].endswith(".txt"))
    assert sum(1 for r in rows if r["source"]) >= 30


def test_rerun_adds_nothing(demo_db: str) -> None:
    again = json.loads(_cli("--db", demo_db, "run", str(DEMO), "--json"))
    assert again["new"] == 0 and again["unchanged"] == len(GOLD)


def test_boilerplate_is_gone_and_cp1256_page_decoded(demo_db: str) -> None:
    rows = json.loads(_cli("--db", demo_db, "articles", "--json"))
    for row in rows:
        text = json.loads(_cli("--db", demo_db, "show", row["id"], "--json"))["text"]
        for marker in ("شارك القصة", "تابع القراءة", "كلمات مفتاحية", "التعليقات"):
            assert marker not in text, (row["url"], marker)
    titles = " ".join(r["title"] or "" for r in rows)
    assert "أنقرة" in titles  # the Windows-1256 page was decoded


def test_search_ignores_hamza_and_diacritics(demo_db: str) -> None:
    plain = json.loads(_cli("--db", demo_db, "search", "اردوغان", "--json"))
    marked = json.loads(_cli("--db", demo_db, "search", "أَرْدوغان", "--json"))
    assert plain and [r["id"] for r in plain] == [r["id"] for r in marked]


def test_events_stories_and_export(demo_db: str, tmp_path: Path) -> None:
    events = json.loads(_cli("--db", demo_db, "events", "--json"))
    stories = json.loads(_cli("--db", demo_db, "stories", "--json"))
    assert events and stories and len(events) < len(GOLD)
    detail = json.loads(_cli("--db", demo_db, "event", events[0]["id"], "--json"))
    assert detail["articles"] and detail["title"]
    assert "articles" in _cli("--db", demo_db, "timeline", stories[0]["id"])
    out = tmp_path / "report.html"
    _cli("--db", demo_db, "export", "--format", "html", "-o", str(out))
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
