"""Conditional GET for ``rasd watch``: every hop checked like ``rasd.sources.fetch``, validators sent,
size and time bounded, transient failures retried with exponential back-off.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx

from rasd.errors import FetchRefused
from rasd.sources.fetch import MAX_REDIRECTS, pinned
from rasd.sources.fetch import _read_capped as read_capped  # the same size and deadline bounds as fetch

Sleep = Callable[[float], bool]  # sleeps up to n seconds; returns True when asked to stop meanwhile
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


@dataclass(slots=True)
class FeedResponse:
    status: int  # 200 or 304
    url: str
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


class TransientError(Exception):
    """A failure worth retrying (network error, timeout, 429/5xx)."""


def conditional_get(
    url: str, settings: Mapping[str, Any], client: httpx.Client, etag: str | None, last_modified: str | None
) -> FeedResponse:
    """GET ``url`` with If-None-Match/If-Modified-Since; raises FetchRefused, TransientError or httpx errors."""
    headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
    deadline = time.monotonic() + float(settings["fetch_timeout"])
    for _ in range(MAX_REDIRECTS + 1):
        target, host, extensions = pinned(url, bool(settings["allow_private"]))
        with client.stream(
            "GET", target, headers={**headers, **host}, extensions=extensions, follow_redirects=False
        ) as resp:
            if resp.is_redirect and "location" in resp.headers:
                url = urljoin(url, resp.headers["location"])
                continue
            if resp.status_code == 304:
                return FeedResponse(304, url, etag=etag, last_modified=last_modified)
            if resp.status_code in RETRY_STATUS:
                raise TransientError(f"HTTP {resp.status_code}")
            resp.raise_for_status()
            body = read_capped(resp, int(settings["max_input_bytes"]), deadline)
            return FeedResponse(200, url, body, resp.headers.get("etag"), resp.headers.get("last-modified"))
    raise FetchRefused(f"More than {MAX_REDIRECTS} redirects from {url}")


def get_with_retries(
    url: str, settings: Mapping[str, Any], client: httpx.Client, validators: tuple[str | None, str | None],
    sleep: Sleep,
) -> FeedResponse:
    """``conditional_get`` retried on transient failures: waits backoff, 2x backoff, … (``watch_retries`` times)."""
    retries = int(settings.get("watch_retries", 2))
    backoff = float(settings.get("watch_backoff", 2.0))
    for attempt in range(retries + 1):
        try:
            return conditional_get(url, settings, client, *validators)
        except (TransientError, httpx.TransportError) as exc:
            if attempt == retries or sleep(backoff * 2**attempt):
                raise TransientError(f"{type(exc).__name__}: {exc}"[:300]) from None
    raise AssertionError("unreachable")  # pragma: no cover
