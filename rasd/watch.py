"""Live monitoring: poll RSS/Atom feeds and push new items through the whole pipeline.

``Watcher.run_round`` polls every due feed once (conditional GET, per-host politeness delay,
retries with back-off), then runs the new items through ``Pipeline.run_items`` in one run,
so events and stories update in place. Per-feed state (validators, failures, next due time)
lives in the store (table ``watch_feeds``), and is saved only after the round's items are
committed: a crash or a restart re-polls and finds the items already known, so nothing is
lost and nothing is doubled. A feed that keeps failing is polled less often (back-off up to
``watch_max_backoff``). ``Watcher.run`` repeats rounds until its stop event is set.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from rasd.errors import FetchRefused, SettingsError
from rasd.model import Rejection
from rasd.pipeline import Pipeline, RunSummary
from rasd.settings import Setting
from rasd.sources.feeds import read_feed
from rasd.sources.readers import RawInput
from rasd.store.sqlite import SQLiteStore
from rasd.watch_http import FeedResponse, TransientError, get_with_retries

log = logging.getLogger("rasd.watch")

SETTINGS: list[Setting] = [
    Setting("watch_host_delay", 2.0, "rasd watch: seconds between two requests to the same host."),
    Setting("watch_retries", 2, "rasd watch: retries of a poll after a network error, timeout, 429 or 5xx."),
    Setting("watch_backoff", 2.0, "rasd watch: seconds before the first retry (doubles each retry)."),
    Setting("watch_max_backoff", 21600.0, "rasd watch: longest wait before re-polling a failing feed (seconds)."),
]
_DEFAULTS = {s.key: s.default for s in SETTINGS}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'30s', '10m', '1h', '1d' or plain seconds -> seconds (at least 1)."""
    m = _INTERVAL.match(text)
    if not m:
        raise SettingsError(f"Interval {text!r} must look like 30s, 10m, 1h or 1d")
    seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds < 1:
        raise SettingsError(f"Interval {text!r} is shorter than one second")
    return seconds


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs, one per line (blank lines and # comments skipped, duplicates dropped, order kept)."""
    urls: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        url = line.strip()
        if url and not url.startswith("#") and url not in urls:
            urls.append(url)
    return urls


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- per-feed state -------------------------------------------------------------------------------
@dataclass(slots=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_checked: str | None = None
    last_success: str | None = None
    failures: int = 0
    next_due: float = 0.0
    items_seen: int = 0


_COLUMNS = ("url", "etag", "last_modified", "last_status", "last_error", "last_checked", "last_success",
            "failures", "next_due", "items_seen")
_SELECT = ("SELECT url, etag, last_modified, last_status, last_error, last_checked, last_success, failures,"
           " next_due, items_seen FROM watch_feeds")
_UPSERT = ("INSERT OR REPLACE INTO watch_feeds (url, etag, last_modified, last_status, last_error, last_checked,"
           " last_success, failures, next_due, items_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def load_states(conn: sqlite3.Connection, urls: Iterable[str]) -> dict[str, FeedState]:
    """Stored state of each URL (a fresh state for URLs never polled)."""
    out = {url: FeedState(url) for url in urls}
    for row in conn.execute(_SELECT):
        if row[0] in out:
            out[row[0]] = FeedState(*row)
    return out


def save_states(conn: sqlite3.Connection, states: Iterable[FeedState]) -> None:
    rows = [tuple(getattr(s, c) for c in _COLUMNS) for s in states]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(_UPSERT, rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# -- politeness -------------------------------------------------------------------------------------
class HostClock:
    """Per-host politeness: waits until ``delay`` seconds have passed since the last request to a host."""

    def __init__(self, delay: float, stop: threading.Event) -> None:
        self.delay, self.stop = delay, stop
        self.last: dict[str, float] = {}

    def wait_turn(self, url: str) -> bool:
        """Sleep until this host may be asked again; False when stopped meanwhile."""
        host = (urlsplit(url).hostname or "").lower()
        due = self.last.get(host, -1e18) + self.delay
        pause = due - time.monotonic()
        if pause > 0 and self.stop.wait(pause):
            return False
        self.last[host] = time.monotonic()
        return True


# -- rounds --------------------------------------------------------------------------------------------
@dataclass
class RoundReport:
    polled: int = 0
    changed: int = 0
    not_modified: int = 0
    failed: int = 0
    items: int = 0
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"polled": self.polled, "changed": self.changed, "not_modified": self.not_modified,
                "failed": self.failed, "items": self.items, "run": self.summary}


class Watcher:
    """Polls ``feeds`` into ``store`` every ``every`` seconds until ``stop`` is set."""

    def __init__(
        self, feeds: list[str], store: SQLiteStore, settings: Mapping[str, Any], every: float,
        pipeline: Pipeline | None = None, stop: threading.Event | None = None,
    ) -> None:
        self.feeds, self.store, self.every = feeds, store, every
        self.settings = {**_DEFAULTS, **dict(settings)}
        self.pipeline = pipeline or Pipeline.from_names()
        self.stop = stop or threading.Event()
        self.clock = HostClock(float(self.settings["watch_host_delay"]), self.stop)
        self.client = httpx.Client(timeout=float(self.settings["fetch_timeout"]),
                                   headers={"User-Agent": str(self.settings["user_agent"])})

    def close(self) -> None:
        self.client.close()

    def run(self) -> int:
        """Rounds until stopped; returns the number of rounds."""
        rounds = 0
        while not self.stop.is_set():
            self.run_round()
            rounds += 1
            pause = self._next_due() - time.time()
            if pause > 0 and self.stop.wait(pause):
                break
        log.info("stopped after %d round(s)", rounds)
        return rounds

    def _next_due(self) -> float:
        states = load_states(self.store.conn, self.feeds)
        return min((s.next_due for s in states.values()), default=time.time() + self.every)

    def run_round(self, force: bool = False) -> RoundReport:
        """Poll every due feed (every feed when ``force``), process new items, then save feed states."""
        states = load_states(self.store.conn, self.feeds)
        report = RoundReport()
        items: list[RawInput | Rejection] = []
        now = time.time()
        for state in states.values():
            if self.stop.is_set():
                break
            if force or state.next_due <= now:
                items += self._poll(state, report)
        if items:
            summary = self.pipeline.run_items(items, self.store, self.settings)
            report.summary = summary.to_dict()
            _log_run(summary)
        save_states(self.store.conn, states.values())
        return report

    def _poll(self, state: FeedState, report: RoundReport) -> list[RawInput | Rejection]:
        if not self.clock.wait_turn(state.url):
            return []
        report.polled += 1
        state.last_checked = now_iso()
        try:
            resp = get_with_retries(state.url, self.settings, self.client, (state.etag, state.last_modified),
                                    self.stop.wait)
        except (TransientError, FetchRefused, httpx.HTTPError) as exc:
            self._failed(state, exc, report)
            return []
        return self._succeeded(state, resp, report)

    def _succeeded(self, state: FeedState, resp: FeedResponse, report: RoundReport) -> list[RawInput | Rejection]:
        state.last_status, state.last_error, state.failures = resp.status, None, 0
        state.last_success = state.last_checked
        state.next_due = time.time() + self.every
        if resp.status == 304:
            report.not_modified += 1
            log.info("%s: not modified", state.url)
            return []
        state.etag, state.last_modified = resp.etag, resp.last_modified
        items = list(read_feed(resp.body, state.url, feed_url=state.url))
        n = sum(isinstance(i, RawInput) for i in items)
        state.items_seen += n
        report.changed += 1
        report.items += len(items)
        log.info("%s: %d bytes, %d item(s)", state.url, len(resp.body), n)
        return items

    def _failed(self, state: FeedState, exc: Exception, report: RoundReport) -> None:
        state.failures += 1
        state.last_status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
        state.last_error = f"{type(exc).__name__}: {exc}"[:300]
        wait = min(self.every * 2 ** (state.failures - 1), float(self.settings["watch_max_backoff"]))
        state.next_due = time.time() + wait
        report.failed += 1
        log.warning("%s: failed (%d in a row), next poll in %.0f s: %s", state.url, state.failures, wait,
                    state.last_error)


def _log_run(summary: RunSummary) -> None:
    log.info("processed %d input(s): %d new, %d unchanged, %d duplicate(s), %d revision(s), %d rejected",
             summary.inputs, summary.new, summary.unchanged, summary.duplicates, summary.revisions,
             sum(summary.rejected.values()))
