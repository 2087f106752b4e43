"""Fetching URLs politely and safely.

Every hop (the URL and each redirect) is resolved first and refused when any
address is private, loopback, link-local, multicast or reserved, unless
``allow_private`` is set; the connection then goes to the very address that was
checked (the host travels in the Host header and TLS SNI), so a DNS server that
answers differently the second time (DNS rebinding) cannot steer it elsewhere.
Bodies are streamed with a size cap and a timeout.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from rasd.errors import FetchRefused
from rasd.model import Rejection
from rasd.sources.readers import Item, RawInput

MAX_REDIRECTS = 5
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url_allowed(url: str, allow_private: bool = False) -> Address | None:
    """Raise FetchRefused when ``url`` is not http(s) or resolves to a non-public address.

    Returns the first checked address (None with ``allow_private``: nothing was resolved).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"Only http(s) URLs with a host can be fetched: {url!r}")
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"Cannot resolve {parts.hostname!r}: {exc}") from None
    addrs = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for addr in addrs:
        if not is_public(addr):
            raise FetchRefused(f"{parts.hostname} resolves to non-public address {addr} (use --allow-private)")
    if not addrs:
        raise FetchRefused(f"{parts.hostname!r} has no address")
    return addrs[0]


def pinned(url: str, allow_private: bool = False) -> tuple[str, dict[str, str], dict[str, Any]]:
    """Check ``url``; (URL to request, extra headers, request extensions) that connect to the checked address.

    With ``allow_private`` nothing is resolved and the URL is requested as it is.
    """
    addr = check_url_allowed(url, allow_private)
    if addr is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = f"[{addr}]" if addr.version == 6 else str(addr)
    target = urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))
    extensions: dict[str, Any] = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return target, {"Host": parts.netloc.rsplit("@", 1)[-1]}, extensions


def is_public(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global unicast address, and so is any IPv4 address it embeds (mapped, 6to4, NAT64)."""
    if not addr.is_global or addr.is_multicast:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = [addr.ipv4_mapped, addr.sixtofour]
        if addr in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
        return all(e is None or is_public(e) for e in embedded)
    return True


def fetch(url: str, settings: Mapping[str, Any], client: httpx.Client | None = None) -> tuple[str, bytes, str]:
    """(final URL, body, content type) following redirects, each hop checked; raises on failure."""
    own = client is None
    client = client or httpx.Client(
        timeout=float(settings["fetch_timeout"]), headers={"User-Agent": settings["user_agent"]}
    )
    deadline = time.monotonic() + float(settings["fetch_timeout"])
    try:
        for _ in range(MAX_REDIRECTS + 1):
            target, headers, extensions = pinned(url, bool(settings["allow_private"]))
            with client.stream("GET", target, headers=headers, extensions=extensions, follow_redirects=False) as resp:
                if resp.is_redirect and "location" in resp.headers:
                    url = urljoin(url, resp.headers["location"])
                    continue
                resp.raise_for_status()
                body = _read_capped(resp, int(settings["max_input_bytes"]), deadline)
                return url, body, resp.headers.get("content-type", "")
        raise FetchRefused(f"More than {MAX_REDIRECTS} redirects from {url}")
    finally:
        if own:
            client.close()


def _read_capped(resp: httpx.Response, cap: int, deadline: float) -> bytes:
    """The body, refused past ``cap`` bytes or past ``deadline`` (a trickling server cannot hold us)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchRefused(f"Response larger than max_input_bytes {cap}")
        if time.monotonic() > deadline:
            raise FetchRefused("Response took longer than fetch_timeout")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_inputs(url: str, settings: Mapping[str, Any]) -> Iterator[Item]:
    """Raw inputs from one URL: a feed's entries, or one page."""
    try:
        final, body, ctype = fetch(url, settings)
    except FetchRefused as exc:
        reason = "forbidden" if "non-public" in exc.message or "Only http" in exc.message else "fetch_failed"
        yield Rejection(url, reason, exc.message)
        return
    except httpx.HTTPError as exc:
        yield Rejection(url, "fetch_failed", f"{type(exc).__name__}: {exc}"[:300])
        return
    if _is_feed(ctype, body):
        from rasd.sources.feeds import read_feed

        yield from read_feed(body, url, feed_url=url)
    elif "html" in ctype or body.lstrip()[:1] == b"<":
        yield RawInput(url, "html", body, url=final)
    else:
        yield RawInput(url, "text", body, url=final)


def _is_feed(ctype: str, body: bytes) -> bool:
    if any(t in ctype for t in ("rss", "atom", "xml")) and "html" not in ctype:
        return True
    head = body[:500].lower()
    return b"<rss" in head or b"<feed" in head
