"""A demo store for the web tests: examples/demo through the pipeline, plus hand-written annotations
(entities, dates, quotes) on one Arabic article, an English article, and a hostile article for XSS tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.sources.readers import RawInput
from rasd.store import connect

REPO = Path(__file__).parent.parent.parent
DEMO = REPO / "examples" / "demo"

#: A hostile article: every way we know to smuggle script into a page. window.__pwned must stay unset.
XSS_TITLE = '<img src=x onerror="window.__pwned=\'title\'">عنوان خبيث'
XSS_TEXT = (
    "خبر اختباري يحاول تنفيذ شيفرة في صفحة القارئ. <script>window.__pwned='script'</script>\n"
    "صورة مكسورة <img src=x onerror=\"window.__pwned='img'\"> ثم رابط <a href=\"javascript:window.__pwned='a'\">اضغط</a>.\n"
    "وقال المتحدث باسم الشركة إن «الأمن يبدأ من الهروب الصحيح للنصوص» قبل كل شيء. "
    "<svg onload=\"window.__pwned='svg'\"></svg> [نص] javascript:window.__pwned='text'"
)
XSS_URL = "javascript:window.__pwned='url'"
XSS_SOURCE = "<b onmouseover=\"window.__pwned='source'\">وكالة</b>"
HOSTILE_KEY = "<script>window.__pwned='key'</script>"
ENGLISH_TEXT = ("The water ministry in Baghdad said on Monday that Tigris releases had improved after the talks.\n"
                "Officials expect the new technical committee to meet again next month to review the figures.")


def _settings(db: Path) -> Any:
    return load_settings({"db": str(db)}, config_file=Path("/nonexistent/rasd.toml"), environ={})


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _annotate(conn: Any, article_id: str, key: str, value: Any) -> None:
    conn.execute("INSERT OR REPLACE INTO annotations (article_id, key, stage, stage_version, value) "
                 "VALUES (?, ?, 'test', 1, ?)", (article_id, key, json.dumps(value, ensure_ascii=False)))


def _annotate_water_article(conn: Any) -> str:
    row = conn.execute("SELECT id, text FROM articles WHERE text LIKE '%فؤاد حسين%' ORDER BY ingest_seq").fetchone()
    aid, text = row[0], row[1]
    name, place, day = _span(text, "فؤاد حسين"), _span(text, "بغداد"), _span(text, "اليوم الأحد")
    q_start = text.index("«المياه")
    quote = (q_start, text.index("»", q_start) + 1)
    _annotate(conn, aid, "entity_mentions", [
        {"start": name[0], "end": name[1], "text": "فؤاد حسين", "type": "PERS", "key": "pers:fuad-hussein",
         "role": "وزير الخارجية العراقي"},
        {"start": place[0], "end": place[1], "text": "بغداد", "type": "LOC", "key": "loc:baghdad", "role": None}])
    _annotate(conn, aid, "date_mentions", [{"start": day[0], "end": day[1], "text": "اليوم الأحد",
                                            "type": "relative", "value": "2023-03-12"}])
    _annotate(conn, aid, "quotes", [{"speaker_text": "وزير الخارجية العراقي", "speaker_key": "pers:fuad-hussein",
                                     "speaker_type": "PERS", "verb": "قال", "quote": text[quote[0]:quote[1]],
                                     "direct": True, "start": quote[0], "end": quote[1]}])
    return str(aid)


def _annotate_hostile(conn: Any, aid: str, text: str) -> None:
    start, end = _span(text, "المتحدث باسم الشركة")
    _annotate(conn, aid, "entity_mentions", [
        {"start": start, "end": end, "text": "المتحدث <i onclick=x>", "type": "PERS", "key": HOSTILE_KEY},
        {"start": 0, "end": 10**9, "text": "out of range", "type": "MISC", "key": "misc:huge"},
        {"start": "a", "end": None, "text": "bad", "type": "MISC", "key": "misc:bad"}])
    tag = _span(text, "<script>")
    _annotate(conn, aid, "date_mentions", [{"start": tag[0], "end": tag[1] + 5, "text": "<script>",
                                            "type": "<b>x</b>", "value": "\"><script>window.__pwned='d'</script>"}])


def build_store(db: Path) -> dict[str, str]:
    """Run the demo corpus and the extra articles into ``db``; returns ids of interest."""
    settings = _settings(db)
    store = connect(str(db))
    pipeline = Pipeline.from_names()
    pipeline.run([str(DEMO)], store, settings)
    extra = [
        RawInput(ref="test:xss", kind="record", record={"title": XSS_TITLE, "text": XSS_TEXT, "url": XSS_URL,
                                                         "source": XSS_SOURCE, "published": "2023-07-01T10:00:00+00:00"}),
        RawInput(ref="test:english", kind="record", record={
            "title": "Tigris releases improve after Baghdad talks", "text": ENGLISH_TEXT,
            "url": "https://ledger.example/tigris", "source": "Test Ledger", "published": "2023-03-13T09:00:00+00:00"}),
    ]
    pipeline.run_items(extra, store, settings)
    conn = store.conn
    ids = {r[0]: r[1] for r in conn.execute("SELECT ref, article_id FROM inputs WHERE ref LIKE 'test:%'")}
    water = _annotate_water_article(conn)
    xss_text = conn.execute("SELECT text FROM articles WHERE id = ?", (ids["test:xss"],)).fetchone()[0]
    _annotate_hostile(conn, ids["test:xss"], xss_text)
    store.close()
    return {"water": water, "xss": ids["test:xss"], "english": ids["test:english"]}


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    db = tmp_path_factory.mktemp("web") / "demo.db"
    return db, build_store(db)


@pytest.fixture(scope="session")
def client(demo_store: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    from rasd.web.app import create_app

    with TestClient(create_app(str(demo_store[0])), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def ids(demo_store: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return demo_store[1]


@pytest.fixture
def writable_copy(demo_store: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    db = tmp_path / "copy.db"
    shutil.copy(demo_store[0], db)
    return db


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: real-browser tests (Playwright + /usr/bin/chromium)")
