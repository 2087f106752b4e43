"""Raw input -> Article or Rejection. Pure (no I/O), so it runs in-process and in Spark.

Decodes bytes, extracts HTML with trafilatura, cleans boilerplate, bounds the text,
picks the source name (metadata, credit line, then URL domain), detects the
language and assigns the content id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from rasd.model import Article, Rejection, content_id
from rasd.sources.clean import clean_text
from rasd.sources.decode import DecodeError, decode_bytes
from rasd.sources.html import declared_charset, extract_html
from rasd.sources.readers import RawInput
from rasd.store.search import index_form, search_form
from rasd.text.arabic import normalise
from rasd.text.langid import detect_language

# C0/C1 controls (but tab/newline) and bidi marks, embedding/override/isolate controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD_CHAR = re.compile(r"\w")
_TAG = re.compile(r"<[a-zA-Z/!][^>]{0,2000}>")
_EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
#: The common RFC 822 form of feeds and news APIs ("Fri, 01 Jun 2018 02:58:01 +0400" or "… GMT"), read
#: without email.utils (5x faster); anything else, "-0000" included, goes through parsedate_to_datetime.
_RFC822_COMMON = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})"
    r" (\d{2}):(\d{2}):(\d{2}) (GMT|UTC|UT|[+-]\d{4})"
)
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}


def parse(raw: RawInput, settings: Mapping[str, Any], fetched_at: str | None = None) -> Article | Rejection:
    """Turn one raw input into an Article, or a Rejection that says why not."""
    try:
        fields = _extract(raw)
    except DecodeError as exc:
        return exc.rejection(raw.ref)
    if isinstance(fields, Rejection):
        return fields
    return _build(raw, fields, settings, fetched_at)


def _extract(raw: RawInput) -> dict[str, Any] | Rejection:
    if len(raw.data) > 0 and raw.kind in ("text", "html") and not raw.data.strip():
        return Rejection(raw.ref, "empty", "only white space")
    if raw.kind == "text":
        cleaned = clean_text(decode_bytes(raw.data))
        return {"text": cleaned.text, "title": cleaned.title, "credit": cleaned.credit}
    if raw.kind == "html":
        return _from_html(raw.ref, decode_bytes(raw.data, declared_charset(raw.data)), raw.url, {})
    if raw.kind == "jsonline":
        return _from_record(raw.ref, _json_record(raw))
    return _from_record(raw.ref, raw.record)


def _json_record(raw: RawInput) -> dict[str, Any] | Rejection:
    try:
        record = json.loads(raw.data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        return Rejection(raw.ref, "malformed", f"invalid JSON: {type(exc).__name__}: {exc}"[:300])
    if not isinstance(record, dict):
        return Rejection(raw.ref, "malformed", "a JSON line must hold an object")
    return record


def _from_html(ref: str, html: str, url: str | None, base: dict[str, Any]) -> dict[str, Any] | Rejection:
    extracted = extract_html(html, url)
    if extracted is None:
        return Rejection(ref, "no_text", "the extractor found no article text")
    cleaned = clean_text(extracted.text, find_title=False)
    return {
        "text": cleaned.text,
        "title": base.get("title") or extracted.title,
        "credit": cleaned.credit,
        "published": base.get("published") or extracted.date,
        "source": base.get("source") or extracted.sitename,
        "url": base.get("url") or extracted.url,
    }


def _from_record(ref: str, rec: dict[str, Any] | Rejection) -> dict[str, Any] | Rejection:
    if isinstance(rec, Rejection):
        return rec
    base = {k: rec.get(k) for k in ("title", "published", "source", "url") if isinstance(rec.get(k), str)}
    text, html = rec.get("text"), rec.get("html")
    if isinstance(text, str) and text.strip():
        cleaned = clean_text(text, find_title=False)
        return {**base, "text": cleaned.text, "credit": cleaned.credit, "id_hint": rec.get("id")}
    if isinstance(html, str) and html.strip():
        if not _TAG.search(html):
            cleaned = clean_text(html, find_title=False)
            return {**base, "text": cleaned.text, "credit": cleaned.credit}
        return _from_html(ref, html, base.get("url"), base)
    return Rejection(ref, "malformed", "record has no 'text' or 'html' field")


def _build(
    raw: RawInput, fields: dict[str, Any], settings: Mapping[str, Any], fetched_at: str | None
) -> Article | Rejection:
    text = _CONTROL.sub("", fields.get("text") or "").strip()
    if not text:
        return Rejection(raw.ref, "no_text" if raw.kind != "text" else "empty", "no text after cleaning")
    if not _WORD_CHAR.search(text):
        return Rejection(raw.ref, "no_text", "no letters or digits after cleaning")
    if len(text) < settings["min_text_chars"]:
        return Rejection(raw.ref, "too_short", f"{len(text)} chars after cleaning < {settings['min_text_chars']}")
    meta: dict[str, Any] = {}
    if len(text) > settings["max_text_chars"]:
        meta["truncated_from"] = len(text)
        text = text[: settings["max_text_chars"]]
    url = fields.get("url") or raw.url
    title = _CONTROL.sub("", fields["title"]).strip()[:500] if fields.get("title") else None
    published = parse_published(fields.get("published"))
    if fields.get("published") and published is None:
        meta["published_raw"] = str(fields["published"])[:100]
    if fields.get("credit"):
        meta["credit"] = fields["credit"]
    if fields.get("id_hint") is not None:
        meta["input_id"] = str(fields["id_hint"])
    norm = normalise(text)
    return Article(
        id=content_id(f"{url or ''}\n{norm}"),
        text=text,
        title=title or None,
        url=url,
        source=pick_source(fields.get("source"), fields.get("credit"), url),
        published=published,
        lang=detect_language(f"{title or ''}\n{text}"),
        fetched_at=fetched_at,
        input_ref=raw.ref,
        meta=meta,
        norm=norm,
        search=(search_form(title or ""), index_form(norm)),
    )


def pick_source(source: str | None, credit: str | None, url: str | None) -> str | None:
    """Outlet name: metadata, else the credit line, else the URL's domain."""
    for name in (source, credit):
        if name and name.strip():
            return name.strip()[:100]
    if url and url.startswith(("http://", "https://")):
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None


def parse_published(value: Any) -> str | None:
    """ISO 8601 or RFC 822 date -> ISO 8601 string; None when absent or implausible."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    dt = _parse_rfc822_common(text) or _parse_iso(text) or _parse_rfc822(text)
    if dt is None:
        return None
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    if aware < _EARLIEST or aware > datetime.now(UTC) + timedelta(days=2):
        return None
    if len(text) <= 10 and dt.tzinfo is None and dt.hour == dt.minute == 0:
        return dt.date().isoformat()
    return dt.isoformat()


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc822_common(text: str) -> datetime | None:
    """What ``parsedate_to_datetime`` gives for the common RFC 822 form; None for any other text."""
    m = _RFC822_COMMON.fullmatch(text)
    if m is None or m[7] == "-0000":  # "-0000" means "offset unknown": parsedate_to_datetime gives a naive time
        return None
    day, month, year, hour, minute, second, zone = m.groups()
    offset = 0 if zone.isalpha() else (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60) * (-1 if zone[0] == "-" else 1)
    try:
        return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second),
                        tzinfo=timezone(timedelta(seconds=offset)))
    except ValueError:
        return None  # out of range: the general parser decides (and rejects it too)


def _parse_rfc822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
