"""Readers: turn paths and URLs into raw inputs (the only place besides fetch that touches files).

Each yields ``RawInput`` (bytes or a parsed record plus where it came from) or a
``Rejection`` when the input cannot even be split into documents. Parsing the
content into an ``Article`` is ``rasd.sources.parse``'s job (pure, Spark-safe).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.model import Rejection

TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
FEED_EXT = {".rss", ".atom", ".xml"}
WARC_EXT = {".warc"}
#: A .jsonl.gz that inflates more than this many times (once past GZIP_RATIO_AFTER bytes) is a bomb.
GZIP_MAX_RATIO = 100
GZIP_RATIO_AFTER = 1 << 16


@dataclass(slots=True)
class RawInput:
    ref: str
    kind: str  # text | html | jsonline | record
    data: bytes = b""
    record: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    digest: str = ""

    def __post_init__(self) -> None:
        if not self.digest:
            payload = self.data or json.dumps(self.record, sort_keys=True, ensure_ascii=False).encode()
            self.digest = hashlib.blake2b(payload, digest_size=12).hexdigest()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as constructor arguments (batches sent to the workers): half the cost of the default for slots."""
        return RawInput, (self.ref, self.kind, self.data, self.record, self.url, self.digest)


Item = RawInput | Rejection


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def iter_inputs(targets: list[str], settings: Mapping[str, Any]) -> Iterator[Item]:
    """Raw inputs of every file (directories recursively, sorted) and URL in ``targets``."""
    max_bytes = int(settings["max_input_bytes"])
    for target in targets:
        if is_url(target):
            from rasd.sources.fetch import fetch_inputs  # network code only when asked for

            yield from fetch_inputs(target, settings)
            continue
        path = Path(target)
        if path.is_dir():
            for sub in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in sub.relative_to(path).parts):
                    yield from read_file(sub, max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes)
        else:
            yield Rejection(str(path), "unsupported", "no such file or directory")


def _suffixes(path: Path) -> tuple[str, bool]:
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """Raw inputs of one file, by extension."""
    ref = str(path.resolve())
    ext, gz = _suffixes(path)
    if ext in JSONL_EXT:
        yield from read_jsonl(path, ref, gz, max_bytes)
        return
    if ext in WARC_EXT:
        from rasd.sources.warc import read_warc

        yield from read_warc(path, ref, max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield Rejection(ref, "too_large", f"{size} bytes > max_input_bytes {max_bytes}")
        return
    try:
        data = _read_bounded(path, gz, max_bytes)
    except (OSError, EOFError, zlib.error) as exc:  # a broken .gz (BadGzipFile is an OSError)
        yield Rejection(ref, "malformed", f"unreadable: {exc}"[:300])
        return
    if data is None:
        yield Rejection(ref, "too_large", f"decompresses beyond max_input_bytes {max_bytes}")
    elif ext in FEED_EXT:
        from rasd.sources.feeds import read_feed

        yield from read_feed(data, ref)
    elif ext in TEXT_EXT:
        yield RawInput(ref, "text", data)
    elif ext in HTML_EXT:
        yield RawInput(ref, "html", data)
    else:
        yield Rejection(ref, "unsupported", f"extension {ext or '(none)'} is not a supported format")


def _read_bounded(path: Path, gz: bool, max_bytes: int) -> bytes | None:
    if not gz:
        return path.read_bytes()
    with gzip.open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def read_jsonl(path: Path, ref: str, gz: bool, max_bytes: int) -> Iterator[Item]:
    """One record per line (or a JSON array/object for .json); broken lines become rejections.

    Lines are read with a bound (a giant line is skipped, not loaded), and a .gz file whose
    inflation ratio passes ``GZIP_MAX_RATIO`` (after its first 64 KB) is cut there with a too_large rejection.
    """
    lineno = 0
    try:
        with path.open("rb") as packed, _maybe_gunzip(packed, gz) as raw:
            fh = io.BufferedReader(raw) if gz else raw
            first = fh.peek(1)[:1] if hasattr(fh, "peek") else b""
            if first == b"[" or (path.suffix.lower() == ".json" and first == b"{"):
                yield from _read_json_document(fh.read(max_bytes + 1), ref, max_bytes)
                return
            for lineno, item in _bounded_lines(fh, ref, max_bytes, packed if gz else None):
                yield item
    except (EOFError, OSError, zlib.error) as exc:
        yield Rejection(f"{ref}#L{lineno + 1}", "malformed", f"unreadable after line {lineno}: {exc}"[:300])


class _SmallReads(io.RawIOBase):
    """Hands gzip at most 1 KB of compressed data per read, so ``tell()`` tracks what was inflated."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return bytes(self.fh.read(1024 if size < 0 else min(size, 1024)))

    def tell(self) -> int:
        return int(self.fh.tell())


def _maybe_gunzip(packed: Any, gz: bool) -> Any:
    return gzip.GzipFile(fileobj=_SmallReads(packed), mode="rb") if gz else contextlib.nullcontext(packed)


def _bounded_lines(fh: Any, ref: str, max_bytes: int, packed: Any) -> Iterator[tuple[int, Item]]:
    """(line number, item) for each non-blank line, never holding more than ``max_bytes`` of one line."""
    total = 0
    lineno = 0
    while line := fh.readline(max_bytes + 1):
        lineno += 1
        total += len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            total = _skip_line(fh, max_bytes, packed, total)
            yield lineno, Rejection(f"{ref}#L{lineno}", "too_large", f"line longer than max_input_bytes {max_bytes}")
        elif line.strip():
            yield lineno, _record_from_line(line, ref, lineno, max_bytes)
        if _is_bomb(total, packed):
            detail = f"decompression bomb: {total} bytes from {packed.tell()} compressed; rest of the file skipped"
            yield lineno + 1, Rejection(f"{ref}#L{lineno + 1}", "too_large", detail)
            return


def _is_bomb(total: int, packed: Any) -> bool:
    """Inflated more than GZIP_MAX_RATIO times the compressed bytes read so far (past the first 64 KB)."""
    return packed is not None and total > GZIP_RATIO_AFTER and total > GZIP_MAX_RATIO * max(packed.tell(), 1)


def _skip_line(fh: Any, chunk: int, packed: Any, total: int) -> int:
    """Read (and drop) the rest of the current line, stopping early on a bomb; returns the new total."""
    while part := fh.readline(chunk):
        total += len(part)
        if part.endswith(b"\n") or _is_bomb(total, packed):
            break
    return total


def _record_from_line(line: bytes, ref: str, lineno: int, max_bytes: int) -> Item:
    """A JSON line stays bytes here; ``rasd.sources.parse`` decodes it (in a worker, when there are several)."""
    where = f"{ref}#L{lineno}"
    if len(line) > max_bytes:
        return Rejection(where, "too_large", f"line of {len(line)} bytes > max_input_bytes {max_bytes}")
    return RawInput(where, "jsonline", line.strip())


def _read_json_document(data: bytes, ref: str, max_bytes: int) -> Iterator[Item]:
    if len(data) > max_bytes:
        yield Rejection(ref, "too_large", f"JSON document > max_input_bytes {max_bytes}")
        return
    try:
        doc = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        yield Rejection(ref, "malformed", f"invalid JSON: {type(exc).__name__}: {exc}"[:300])
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, record in enumerate(records, 1):
        if not isinstance(record, dict):
            yield Rejection(f"{ref}#{i}", "malformed", "each JSON item must be an object")
            continue
        rid = record.get("id")
        key = f"{ref}#{rid}" if isinstance(rid, str | int) and str(rid) else f"{ref}#{i}"
        yield RawInput(key, "record", record=record, url=_str(record.get("url")))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
