"""A small pool of read-only store connections shared by the request threads."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rasd.store import connect
from rasd.store.sqlite import SQLiteStore


class StorePool:
    """Read-only connections that requests borrow and give back; at most ``size`` are kept idle.

    Borrowing never blocks: when none is idle a new one is opened (a blocking wait would tie up the
    threadpool that also runs the code giving connections back, and deadlock under load).
    """

    def __init__(self, path: str, size: int = 8) -> None:
        self.path = path
        self.size = size
        self._idle: queue.LifoQueue[SQLiteStore] = queue.LifoQueue()
        self._lock = threading.Lock()
        connect(path, read_only=True).close()  # fail fast (StoreError) when the store is missing

    def _take(self) -> SQLiteStore:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return connect(self.path, read_only=True)

    def _give_back(self, store: SQLiteStore) -> None:
        if store.conn.in_transaction:  # never pool a connection still inside a transaction (a stale snapshot)
            store.conn.rollback()
        with self._lock:
            keep = self._idle.qsize() < self.size
            if keep:
                self._idle.put(store)
        if not keep:
            store.close()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        store = self._take()
        try:
            yield store.conn
        finally:
            self._give_back(store)

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
