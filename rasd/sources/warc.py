"""WARC archives through warcio: one raw input per HTML response record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from rasd.model import Rejection
from rasd.sources.readers import Item, RawInput


def read_warc(path: Path, ref: str, max_bytes: int) -> Iterator[Item]:
    n = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                n += 1
                item = _record_input(record, f"{ref}#{n}", max_bytes)
                if item is not None:
                    yield item
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        yield Rejection(f"{ref}#{n + 1}", "malformed", f"broken WARC record: {exc}"[:300])


def _record_input(record: object, ref: str, max_bytes: int) -> Item | None:
    if not getattr(record, "rec_type", None):
        return Rejection(ref, "malformed", "WARC record without a WARC-Type header")
    if record.rec_type != "response":  # type: ignore[attr-defined]
        return None
    headers = getattr(record, "http_headers", None)
    ctype = headers.get_header("Content-Type", "") if headers else ""
    if "html" not in ctype.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        return Rejection(url or ref, "too_large", f"record body > max_input_bytes {max_bytes}")
    return RawInput(url or ref, "html", body, url=url)
