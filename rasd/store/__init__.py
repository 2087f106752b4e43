"""The store: a narrow interface with an embedded SQLite default.

``connect("sqlite:///rasd.db")`` (or a plain path) returns a ``SQLiteStore``.
"""

from __future__ import annotations

from rasd.errors import UnknownStoreURL
from rasd.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "connect"]


def connect(url: str, read_only: bool = False) -> SQLiteStore:
    """Open the store at ``url`` (``sqlite:///path``, ``sqlite://:memory:`` or a file path)."""
    if "://" in url:
        scheme, _, rest = url.partition("://")
        if scheme != "sqlite":
            raise UnknownStoreURL(f"Unknown store URL scheme {scheme!r}; expected 'sqlite:///PATH'")
        path = rest.removeprefix("/")  # sqlite:///rel.db, sqlite:////abs.db
        path = path or ":memory:"
    else:
        path = url
    return SQLiteStore(path, read_only=read_only)
