"""Small presentation helpers for the templates: text direction, safe links, query strings, times."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

_RTL_LANGS = {"ar", "fa", "ur", "he"}


def text_dir(lang: str | None) -> str:
    """``rtl`` for Arabic (and other right-to-left) content, ``ltr`` for English, else ``auto``."""
    if lang in _RTL_LANGS:
        return "rtl"
    return "ltr" if lang == "en" else "auto"


def lang_attr(lang: str | None) -> str:
    return lang if lang in ("ar", "en") else ""


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None (no ``javascript:``, ``data:`` or paths)."""
    if not url or any(c in url for c in "\x00\r\n\t"):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def qs(params: Mapping[str, Any], **changes: Any) -> str:
    """A query string from ``params`` with ``changes`` applied (None removes a key)."""
    merged = {**{k: v for k, v in params.items() if v not in (None, "")}, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def path_id(value: Any) -> str:
    """An id quoted for use as one path segment."""
    return quote(str(value), safe="")


def short_time(value: str | None) -> str:
    """``2023-03-12T14:05:00+03:00`` -> ``2023-03-12 14:05``."""
    if not value:
        return ""
    return value[:16].replace("T", " ")


def top_items(counts: Mapping[str, int] | None, n: int = 12) -> list[tuple[str, int]]:
    return sorted((counts or {}).items(), key=lambda kv: -kv[1])[:n]


JINJA_GLOBALS: dict[str, Callable[..., Any]] = {"text_dir": text_dir, "lang_attr": lang_attr, "safe_url": safe_url,
                                                "qs": qs, "top_items": top_items}
JINJA_FILTERS: dict[str, Callable[..., Any]] = {"short_time": short_time, "path_id": path_id}
