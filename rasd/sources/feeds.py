"""RSS/Atom feeds through feedparser: one raw input per entry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from rasd.model import Rejection
from rasd.sources.readers import Item, RawInput


def read_feed(data: bytes, ref: str, feed_url: str | None = None) -> Iterator[Item]:
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        reason = "malformed" if parsed.get("bozo") else "no_text"
        detail = str(parsed.get("bozo_exception") or "feed has no entries")[:300]
        yield Rejection(ref, reason, detail)
        return
    channel = parsed.feed.get("title") or None
    for i, entry in enumerate(parsed.entries, 1):
        yield RawInput(_entry_ref(ref, entry, i), "record", record=_entry_record(entry, channel, feed_url))


def _entry_ref(ref: str, entry: Any, i: int) -> str:
    key = entry.get("id") or entry.get("link") or str(i)
    return f"{ref}#{key}"


def _entry_record(entry: Any, channel: str | None, feed_url: str | None) -> dict[str, Any]:
    content = ""
    if entry.get("content"):
        content = max((c.get("value", "") for c in entry.content), key=len)
    summary = entry.get("summary", "") or ""
    body = content if len(content) >= len(summary) else summary
    published = entry.get("published") or entry.get("updated")
    return {
        "url": entry.get("link") or None,
        "title": entry.get("title") or None,
        "published": published,
        "source": channel,
        "html": body,
        "feed": feed_url,
    }
