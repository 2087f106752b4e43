"""``rasd serve`` reading while ``rasd watch`` writes the same store (WAL), under a bounded loopback load.

A local feed on 127.0.0.1 gains new items at every poll; ``rasd watch --every 1s`` (every stage) writes them
while ``rasd serve`` answers several client threads hammering the JSON API and the HTML pages (article list,
article pages, events, stories, search). Every answer must be 200 (no 5xx, no "database is locked"), every
served item must end up stored, the store must pass its integrity checks, and both processes must stop
cleanly on SIGTERM. Set RASD_CONCURRENCY_REPORT to a path to get the figures as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from rasd.store import connect, integrity
from rasd.store import events as store_events
from rasd.store.sqlite import SQLiteStore
from rasd.watch import FeedState, save_states
from rasd.web.pool import StorePool
from tests.reliability.conftest import FeedServer, rss_feed

REPO = Path(__file__).parents[2]
LOAD_SECONDS = float(os.environ.get("RASD_CONCURRENCY_SECONDS", "15"))
CLIENTS = 6
ITEMS_PER_POLL = 3
WINDOW = 12  # items a feed document carries (the newest), like a real feed
FEED = "/live.rss"
QUERIES = ["الميناء", "مجلس المدينة", "الأمطار", "معرض"]

# Team-written pieces; every item combines them differently, so no two items are near-duplicates.
PLACES = ["طنجة", "صفاقس", "إربد", "الموصل", "صلالة", "نواكشوط", "عنابة", "حمص", "أسوان", "جدة", "بنغازي", "الزرقاء"]
TOPICS = [
    ("مجلس المدينة يقر ميزانية الحدائق", ("أقر مجلس المدينة في {place} ميزانية جديدة لصيانة الحدائق العامة قدرها {n} ألف "
      "دينار، وقال رئيس المجلس إن الأشغال تبدأ بعد أسبوعين وتشمل {m} حديقة في الأحياء الشرقية.")),
    ("الميناء يستقبل سفينة حبوب", ("رست في ميناء {place} سفينة محملة بنحو {n} ألف طن من القمح، وأوضحت إدارة الميناء أن "
      "تفريغ الشحنة سيستغرق {m} أيام وأن الصوامع جاهزة لاستقبالها.")),
    ("الأمطار تقطع طريقا ريفيا", ("قطعت الأمطار الغزيرة طريقا ريفيا قرب {place} لمسافة {n} كيلومترات، وأعلنت فرق الصيانة "
      "أنها فتحت مسارا بديلا مؤقتا وأن {m} آليات تعمل على إزالة الأوحال.")),
    ("معرض للحرف اليدوية يفتح أبوابه", ("افتتح في {place} معرض للحرف اليدوية يشارك فيه {n} حرفيا من مختلف المحافظات، "
      "وقالت الجهة المنظمة إن المعرض يستمر {m} أيام ويضم ورشا لتعليم النسيج والفخار.")),
    ("مستشفى يفتتح قسما للأطفال", ("افتتح مستشفى {place} الحكومي قسما جديدا لطب الأطفال يضم {n} سريرا، وذكر مدير "
      "المستشفى أن القسم يستقبل المرضى على مدار الساعة وأن {m} أطباء التحقوا به.")),
]


def item(i: int) -> tuple[str, str, str, str]:
    """The i-th feed item: (guid, title, link, description)."""
    head, body = TOPICS[i % len(TOPICS)]
    place = PLACES[(i * 7 + i // len(TOPICS)) % len(PLACES)]
    text = body.format(place=place, n=40 + 13 * i, m=3 + i % 9)
    return f"urn:live:{i}", f"{head} في {place} ({i})", f"https://news.example/live/{i}", text


class GrowingFeed:
    """Each request adds ITEMS_PER_POLL new items (until frozen) and answers the newest WINDOW."""

    def __init__(self) -> None:
        self.count, self.frozen = 0, False
        self.lock = threading.Lock()

    def __call__(self) -> bytes:
        with self.lock:
            if not self.frozen:
                self.count += ITEMS_PER_POLL
            first = max(0, self.count - WINDOW)
            return rss_feed([item(i) for i in range(first, self.count)], title="نشرة المدن")


@dataclass
class Load:
    """What the client threads saw."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, path: str, status: int, body: str) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if status != 200 or "database is locked" in body:
                self.failures.append(f"{status} {path}: {body[:200]}")

    def error(self, path: str, exc: Exception) -> None:
        with self.lock:
            self.requests += 1
            self.failures.append(f"{type(exc).__name__} {path}: {exc}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rasd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "rasd", "--db", str(db), *args]


def _wait(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, sqlite3.Error):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    return integrity.count(db, "SELECT count(*) FROM articles")


def _paths(client: httpx.Client, turn: int) -> Iterator[str]:
    """One round of pages: lists and their JSON twins, the newest article and event, a search."""
    articles = client.get("/api/articles?limit=5").json()["items"]
    q = QUERIES[turn % len(QUERIES)]
    yield from ("/api/articles", "/articles", "/api/events", "/events", "/api/stories", "/stories",
                f"/api/search?q={q}", f"/search?q={q}", "/api", "/")
    for a in articles[:2]:
        yield from (f"/api/articles/{a['id']}", f"/articles/{a['id']}")
    events = client.get("/api/events?limit=1").json()["items"]
    for e in events:
        yield from (f"/api/events/{e['id']}", f"/events/{e['id']}")


def _client_loop(base: str, until: float, load: Load, seed: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        turn = seed
        while time.monotonic() < until:
            turn += 1
            try:
                paths = list(_paths(client, turn))
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                load.error("/api/articles", exc)
                continue
            for path in paths:
                try:
                    resp = client.get(path)
                    load.note(path, resp.status_code, resp.text)
                except httpx.HTTPError as exc:
                    load.error(path, exc)


def _stop(proc: subprocess.Popen[str], name: str) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"{name} did not stop within 60 s of SIGTERM") from None
    return proc.returncode, err or ""


@pytest.mark.slow
def test_serve_reads_while_watch_writes_without_errors(server: FeedServer, tmp_path: Path) -> None:
    feed = GrowingFeed()
    server.feeds[FEED] = feed
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.base}{FEED}\n", encoding="utf-8")
    db = tmp_path / "live.db"
    env = {**os.environ, "RASD_WORKERS": "1", "RASD_WATCH_HOST_DELAY": "0", "RASD_FETCH_TIMEOUT": "10"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    procs: list[subprocess.Popen[str]] = []
    try:
        watch = subprocess.Popen(_rasd(db, "watch", str(feeds), "--every", "1s", "--allow-private", "--quiet"),
                                 cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        procs.append(watch)
        _wait(lambda: _stored(db) > 0, 90, "the first watched items")
        serve = subprocess.Popen(_rasd(db, "serve", "--port", str(port)), cwd=REPO, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        procs.append(serve)
        _wait(lambda: httpx.get(base + "/api", timeout=2).status_code == 200, 60, "rasd serve")

        load, started = Load(), time.monotonic()
        stored_before = _stored(db)
        threads = [threading.Thread(target=_client_loop, args=(base, started + LOAD_SECONDS, load, i))
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=LOAD_SECONDS + 60)
        duration = time.monotonic() - started
        assert not any(t.is_alive() for t in threads), "a client thread hung"
        written_during_load = _stored(db) - stored_before
        with feed.lock:
            feed.frozen = True
        served = feed.count
        _wait(lambda: _stored(db) >= served, 60, f"all {served} served items to be stored")

        api_total = httpx.get(base + "/api/articles?limit=1", timeout=30).json()["total"]
        serve_code, serve_err = _stop(serve, "rasd serve")
        watch_code, watch_err = _stop(watch, "rasd watch")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)

    assert load.failures == [], f"{len(load.failures)} failed requests, first: {load.failures[:5]}"
    assert load.requests >= CLIENTS * 10, f"only {load.requests} requests in {duration:.1f} s"
    assert written_during_load > 0, "the watcher wrote nothing while the server was under load"
    refs = {r[0] for r in integrity.query(db, "SELECT ref FROM inputs WHERE outcome = 'article'")}
    assert refs == {f"{server.base}{FEED}#urn:live:{i}" for i in range(served)}
    assert api_total == served == _stored(db)
    assert integrity.problems(db) == []
    # rasd watch exits 0; uvicorn (>= 0.29) shuts down gracefully, then re-raises the SIGTERM it caught
    assert watch_code == 0, watch_err[-2000:]
    assert serve_code in (0, -signal.SIGTERM), serve_err[-2000:]
    assert "Traceback" not in serve_err + watch_err and "database is locked" not in serve_err + watch_err
    _report({"clients": CLIENTS, "seconds": round(duration, 1), "requests": load.requests,
             "errors": len(load.failures), "statuses": dict(load.statuses), "items_served": served,
             "items_stored": served, "articles_written_during_load": written_during_load,
             "requests_per_s": round(load.requests / duration, 1)})


def _report(figures: dict[str, object]) -> None:
    target = os.environ.get("RASD_CONCURRENCY_REPORT")
    if target:
        Path(target).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


# -- regressions found by the load test ----------------------------------------------------------------
def _feed_rows(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM watch_feeds").fetchone()[0])


def _write_feed_state(writer: SQLiteStore, url: str) -> None:
    save_states(writer.conn, [FeedState(url)])


def test_regression_read_only_store_is_not_pinned_to_a_stale_snapshot(tmp_path: Path) -> None:
    """The web app's event summary cache tries an INSERT on its read-only connection; Python's implicit BEGIN
    before it stayed open after the write failed, so that pooled connection answered from the same snapshot
    for ever (the article list stopped growing while ``rasd watch`` wrote)."""
    writer = connect(str(tmp_path / "s.db"))
    reader = connect(str(tmp_path / "s.db"), read_only=True)
    _write_feed_state(writer, "http://a.example/rss")
    assert _feed_rows(reader.conn) == 1
    store_events._cache_summary(reader.conn, "ev-x", 1, {"title": "", "sentences": []})  # refused: read-only
    assert not reader.conn.in_transaction
    _write_feed_state(writer, "http://b.example/rss")
    assert _feed_rows(reader.conn) == 2
    reader.close()
    writer.close()


def test_regression_pool_never_lends_a_connection_inside_a_transaction(tmp_path: Path) -> None:
    writer = connect(str(tmp_path / "s.db"))
    pool = StorePool(str(tmp_path / "s.db"), size=1)
    with pool.connection() as conn:
        conn.execute("BEGIN")
        assert _feed_rows(conn) == 0  # the snapshot is taken here
    _write_feed_state(writer, "http://a.example/rss")
    with pool.connection() as conn:
        assert not conn.in_transaction and _feed_rows(conn) == 1
    pool.close()
    writer.close()
