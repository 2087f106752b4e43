"""Loading clustering corpora for ``rasd eval events`` (JSONL with gold ``event``/``story``)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from rasd.dates.dateline import is_dateline
from rasd.errors import EvalError
from rasd.model import Article

_MAX_TITLE = 300


@dataclass(slots=True)
class GoldDoc:
    """One scored document: the article to cluster and its gold labels."""

    article: Article
    event: str | None
    story: str | None


def iso_date(value: Any) -> str | None:
    """ISO 8601 form of an ISO or RFC 822 date string; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def follow(redirects: Mapping[str, str], cid: str) -> str:
    """The live id a cluster id leads to through the stored merge redirects."""
    for _ in range(64):
        if cid not in redirects:
            break
        cid = redirects[cid]
    return cid


def first_line_title(text: str) -> str | None:
    """The first non-empty line that is neither a bare URL nor a date stamp (ECB+ style corpora have no titles)."""
    for line in text.splitlines()[:6]:
        line = line.strip()
        if line and not line.lower().startswith(("http", "www")) and not is_dateline(line):
            return line[:_MAX_TITLE]
    return None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file (``.gz`` allowed); a bad line raises ``EvalError`` with its number."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{n} is not JSON: {exc.msg}") from None
            if isinstance(rec, dict):
                yield rec


def to_article(rec: dict[str, Any], n: int) -> Article:
    """An Article from a corpus record (title falls back to the first line)."""
    text = str(rec.get("text") or "")
    title = rec.get("title") or first_line_title(text)
    return Article(
        id=str(rec.get("id") or f"doc-{n}"),
        text=text,
        title=str(title) if title else None,
        source=str(rec["source"]) if rec.get("source") else None,
        published=iso_date(rec.get("published")),
    )


def load_gold(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """Documents of a clustering corpus with their gold labels, in file order."""
    docs: list[GoldDoc] = []
    for n, rec in enumerate(read_jsonl(path)):
        if limit is not None and n >= limit:
            break
        event = rec.get("event")
        story = rec.get("story")
        docs.append(GoldDoc(to_article(rec, n), str(event) if event is not None else None,
                            str(story) if story is not None else None))
    return docs
