"""``rasd watch`` against local HTTP servers on 127.0.0.1 serving feeds that change, repeat, fail and stall."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from rasd.errors import SettingsError
from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.store import connect
from rasd.store.sqlite import SQLiteStore
from rasd.watch import HostClock, Watcher, load_states, parse_interval, read_feed_list
from tests.reliability.conftest import FeedServer, rss_feed

REPO = Path(__file__).parents[2]
# Team-written items.
ITEMS = {
    "port": ("افتتاح رصيف جديد في الميناء",
             ("افتتحت هيئة الموانئ صباح الأربعاء رصيفا جديدا لسفن الحاويات بعد أشهر من أعمال التوسعة. وقال مدير "
              "الهيئة إن الرصيف سيرفع طاقة الميناء بنحو الثلث ويقلص مدة انتظار السفن في عرض البحر.")),
    "rain": ("أمطار غزيرة تغلق طرقا جبلية",
             ("أغلقت السلطات المحلية ثلاث طرق جبلية مساء الخميس بعد أمطار غزيرة تسببت في انجرافات للتربة. وأوضح "
              "الدفاع المدني أن فرقه أجلت عائلات من قريتين وأن الطرق ستفتح حين تتحسن الأحوال الجوية.")),
    "fair": ("معرض الكتاب يستقبل زواره",
             ("استقبل معرض الكتاب في دورته الجديدة آلاف الزوار في يومه الأول وسط إقبال لافت على كتب الأطفال. وقالت "
              "إدارة المعرض إن عدد دور النشر المشاركة تجاوز المئتين من عشرين بلدا عربيا وأجنبيا.")),
}


def rss(keys: list[str], edits: dict[str, str] | None = None) -> bytes:
    items = [(f"urn:{key}", ITEMS[key][0], f"https://news.example/{key}", (edits or {}).get(key, ITEMS[key][1]))
             for key in keys]
    return rss_feed(items)


def _settings(**extra: Any) -> dict[str, Any]:
    base = load_settings({"workers": 1, "allow_private": True, "fetch_timeout": 1.0, "batch_size": 10},
                         config_file=Path("/nonexistent/rasd.toml"), environ={})
    return {**dict(base), "watch_host_delay": 0.0, "watch_retries": 1, "watch_backoff": 0.05, **extra}


def _watcher(store: SQLiteStore, urls: list[str], stages: list[str] | None = None, **extra: Any) -> Watcher:
    return Watcher(urls, store, _settings(**extra), every=60, pipeline=Pipeline.from_names(stages or ["text"]))


def _count(store: SQLiteStore, sql: str) -> int:
    return int(store.conn.execute(sql).fetchone()[0])


def test_parse_interval() -> None:
    assert [parse_interval(x) for x in ("30s", "10m", "1h", "2d", "45", "1.5m")] == [30, 600, 3600, 172800, 45, 90]
    for bad in ("", "10x", "-1m", "0s", "m"):
        with pytest.raises(SettingsError):
            parse_interval(bad)


def test_read_feed_list(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\nhttp://a.example/rss\n\n  http://b.example/atom  \nhttp://a.example/rss\n")
    assert read_feed_list(path) == ["http://a.example/rss", "http://b.example/atom"]


def test_new_items_then_conditional_get_returns_not_modified(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/a.rss"] = rss(["port", "rain"])
    store = connect(str(tmp_path / "w.db"))
    watcher = _watcher(store, [server.base + "/a.rss"])
    first = watcher.run_round(force=True)
    assert (first.changed, first.items, first.summary["new"]) == (1, 2, 2)
    second = watcher.run_round(force=True)
    assert (second.not_modified, second.items, second.summary) == (1, 0, {})
    assert server.requests("/a.rss")[-1][2].get("If-None-Match")
    assert _count(store, "SELECT count(*) FROM articles") == 2


def test_updated_new_and_duplicate_items(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/a.rss"] = rss(["port", "rain"])
    store = connect(str(tmp_path / "w.db"))
    watcher = _watcher(store, [server.base + "/a.rss", server.base + "/b.rss"])
    server.feeds["/b.rss"] = rss(["rain"])  # the same item carried by a second feed
    first = watcher.run_round(force=True)
    assert (first.summary["new"], first.summary["duplicates"]) == (2, 1)
    updated = ITEMS["port"][1] + " وأضاف المدير أن الرصيف سيعمل على مدار الساعة."
    server.feeds["/a.rss"] = rss(["port", "rain", "fair"], edits={"port": updated})
    second = watcher.run_round(force=True)
    assert (second.summary["new"], second.summary["revisions"], second.summary["unchanged"]) == (2, 1, 1)
    assert _count(store, "SELECT count(*) FROM articles WHERE revision_of IS NOT NULL") == 1
    assert _count(store, "SELECT count(*) FROM articles") == 4


def test_failing_feed_backs_off_and_the_others_go_on(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/ok.rss"] = rss(["port"])
    server.feeds["/bad.rss"] = rss(["rain"])
    store = connect(str(tmp_path / "w.db"))
    urls = [server.base + "/ok.rss", server.base + "/bad.rss"]
    _watcher(store, urls).run_round(force=True)
    server.fail.add("/bad.rss")
    server.feeds["/ok.rss"] = rss(["port", "fair"])
    report = _watcher(store, urls).run_round(force=True)
    assert (report.failed, report.summary["new"]) == (1, 1)
    assert len(server.requests("/bad.rss")) == 1 + 2  # first round, then one try and one retry
    state = load_states(store.conn, urls)[urls[1]]
    assert state.failures == 1 and state.last_error and state.next_due > time.time() + 30
    assert state.etag  # the validators of the last good answer are kept
    again = _watcher(store, urls).run_round()  # not due yet: neither feed is polled
    assert again.polled == 0
    server.fail.clear()
    healed = _watcher(store, urls).run_round(force=True)
    assert healed.failed == 0 and load_states(store.conn, urls)[urls[1]].failures == 0
    assert _count(store, "SELECT count(*) FROM articles") == 3


def test_slow_server_is_bounded(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/slow.rss"] = rss(["port"])
    server.slow["/slow.rss"] = 5.0
    server.feeds["/fast.rss"] = rss(["rain"])
    store = connect(str(tmp_path / "w.db"))
    start = time.monotonic()
    report = _watcher(store, [server.base + "/slow.rss", server.base + "/fast.rss"],
                      fetch_timeout=0.4, watch_retries=0).run_round(force=True)
    assert time.monotonic() - start < 4
    assert (report.failed, report.summary["new"]) == (1, 1)


def test_per_host_politeness_delay(server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to one host leave at least ``watch_host_delay`` apart. The times are taken on the client side,
    when the clock lets a request go: the server's own arrival times also carry its thread's scheduling delay,
    which on a loaded machine made the gaps look shorter than the client waited."""
    for name in ("a", "b", "c"):
        server.feeds[f"/{name}.rss"] = rss(["port"])
    released: list[float] = []
    wait_turn = HostClock.wait_turn

    def recorded(self: HostClock, url: str) -> bool:
        go = wait_turn(self, url)
        released.append(time.monotonic())
        return go

    monkeypatch.setattr(HostClock, "wait_turn", recorded)
    store = connect(str(tmp_path / "w.db"))
    _watcher(store, [f"{server.base}/{n}.rss" for n in "abc"], watch_host_delay=0.3).run_round(force=True)
    assert len(server.log) == 3 and len(released) == 3
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(released))


def test_restart_after_a_crash_loses_and_doubles_nothing(server: FeedServer, tmp_path: Path) -> None:
    """Feed state is saved after the items: losing it (a crash in between) only means one more poll."""
    server.feeds["/a.rss"] = rss(["port", "rain"])
    db = tmp_path / "w.db"
    store = connect(str(db))
    _watcher(store, [server.base + "/a.rss"]).run_round(force=True)
    store.conn.execute("DELETE FROM watch_feeds")  # as if killed before the state was written
    store.close()
    store = connect(str(db))
    report = _watcher(store, [server.base + "/a.rss"]).run_round()
    assert report.changed == 1 and report.summary["unchanged"] == 2 and report.summary["new"] == 0
    assert _count(store, "SELECT count(*) FROM articles") == 2


def test_watch_runs_the_whole_pipeline_and_events_update_in_place(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/a.rss"] = rss(["port"])
    store = connect(str(tmp_path / "w.db"))
    watcher = Watcher([server.base + "/a.rss"], store, _settings(), every=60)
    watcher.run_round(force=True)
    first = {r[0]: r[1] for r in store.conn.execute("SELECT article_id, value FROM annotations WHERE key='event_id'")}
    server.feeds["/a.rss"] = rss(["port", "rain"])
    watcher.run_round(force=True)
    after = {r[0]: r[1] for r in store.conn.execute("SELECT article_id, value FROM annotations WHERE key='event_id'")}
    assert len(first) == 1 and len(after) == 2
    assert all(after[k] == v for k, v in first.items())  # earlier event ids stay put


def test_run_stops_cleanly_when_asked(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/a.rss"] = rss(["port"])
    store = connect(str(tmp_path / "w.db"))
    watcher = _watcher(store, [server.base + "/a.rss"])
    thread = threading.Thread(target=watcher.run)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    watcher.stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert _count(store, "SELECT count(*) FROM watch_feeds") == 1


def test_cli_watch_once_and_sigterm(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/a.rss"] = rss(["port", "rain"])
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local test feed\n{server.base}/a.rss\n")
    db = tmp_path / "cli.db"
    code = "import sys; import rasd.commands.watch; from rasd.cli import main; sys.argv[0] = 'rasd'; main()"
    base = [sys.executable, "-c", code, "--db", str(db), "watch", str(feeds), "--allow-private", "--stages", "text"]
    env = {**os.environ, "RASD_WORKERS": "1"}
    once = subprocess.run([*base, "--once"], check=False, capture_output=True, text=True, timeout=120, cwd=REPO, env=env)
    assert once.returncode == 0, once.stderr[-2000:]
    assert json.loads(once.stdout.strip().splitlines()[-1])["run"]["new"] == 2
    server.feeds["/b.rss"] = rss(["fair"])
    feeds.write_text(f"{server.base}/a.rss\n{server.base}/b.rss\n")  # a restart with one more feed
    proc = subprocess.Popen([*base, "--every", "1h"], stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
    deadline = time.monotonic() + 60
    while not server.requests("/b.rss") and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
    assert "stopped after 1 round" in err and "/b.rss: " in err
    assert len(server.requests("/a.rss")) == 1  # not due yet after the restart: the schedule is in the store
