"""A bounded in-process cache of event summaries for the read-only web process.

``rasd.store.events.event_summary`` recomputes a summary whenever the ``summaries`` table has no
up-to-date row and cannot store it on a read-only connection, so every page view would re-summarise
every event it shows. ``install()`` wraps it with an LRU keyed on (store file, event id, article count),
the same staleness rule the store uses. The proper fix is for the summaries stage to persist summaries.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasd.store import events as store_events

Summary = Callable[[sqlite3.Connection, str], dict[str, Any]]
_MAX_ENTRIES = 4096


class SummaryCache:
    def __init__(self, compute: Summary, size: int = _MAX_ENTRIES) -> None:
        self.compute, self.size = compute, size
        self._items: OrderedDict[tuple[str, str, int], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, conn: sqlite3.Connection, eid: str) -> dict[str, Any]:
        (n,) = conn.execute("SELECT n_articles FROM events WHERE id = ?", (eid,)).fetchone() or (0,)
        key = (str(conn.execute("PRAGMA database_list").fetchone()[2]), eid, int(n))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = self.compute(conn, eid)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def install() -> None:
    """Wrap ``rasd.store.events.event_summary`` once per process."""
    if not isinstance(store_events.event_summary, SummaryCache):
        store_events.event_summary = SummaryCache(store_events.event_summary)
