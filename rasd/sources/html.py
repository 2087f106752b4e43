"""HTML pages through trafilatura: body text, title, date and site name."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{2,30})""", re.IGNORECASE)


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None
    date: str | None
    sitename: str | None
    url: str | None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KB."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of a page, or None when no article text is found."""
    if not _PAGE.search(html[:5000]):
        html = f"<html><body>{html}</body></html>"  # a fragment (feed entry, JSON 'html' field)
    # imported here, not at the top: it takes ~0.35 s in every process (workers too); text inputs never need it
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, with_metadata=True, favor_precision=False, deduplicate=False
    )
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        return None
    return Extracted(
        text=text,
        title=getattr(doc, "title", None) or None,
        date=getattr(doc, "date", None) or None,
        sitename=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or url,
    )
