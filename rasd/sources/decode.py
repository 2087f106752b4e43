"""Bytes to text: BOMs, strict UTF-8, then charset detection (Windows-1256, ISO-8859-6, UTF-16...)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from rasd.model import Rejection

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF", b"BZh")
_ARABIC_CODECS = ("cp1256", "iso8859_6", "utf_16", "utf_16_le", "utf_16_be", "cp720", "mac_arabic")


class DecodeError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail

    def rejection(self, ref: str) -> Rejection:
        return Rejection(ref, self.reason, self.detail)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to str or raise ``DecodeError`` with reason empty/binary/undecodable."""
    if not data.strip():
        raise DecodeError("empty", "no content")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec)
    if data.startswith(_BINARY_MAGIC):
        raise DecodeError("binary", f"binary signature {data[:4]!r}")
    utf16 = _looks_utf16(data)
    if utf16:
        return _strict(data, utf16)
    if b"\x00" in data[:4096]:
        raise DecodeError("binary", "NUL bytes in the first 4 KB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")  # truncated in the middle of the last character
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(data)


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError("undecodable", f"invalid {codec}: {exc.reason} at byte {exc.start}") from None


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the high byte of most code units is 0x00 (Latin) or 0x06 (Arabic)."""
    head = data[: 1024 - (min(len(data), 1024) % 2)]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]

    def high(part: bytes) -> float:
        return (part.count(0) + part.count(6)) / len(part)

    if high(odd) > 0.6 and high(even) < 0.2:
        return "utf-16-le"
    if high(even) > 0.6 and high(odd) < 0.2:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str:
    best = from_bytes(data[:200_000], cp_isolation=list(_ARABIC_CODECS) + ["latin_1", "cp1252"]).best()
    if best is None:
        raise DecodeError("undecodable", "no character set decodes the input")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise DecodeError("undecodable", f"detected {best.encoding} but decoding failed") from None


def _mixed_lines(data: bytes) -> str | None:
    """Mostly-UTF-8 text with some lines in another charset: decode line by line (None if not that case)."""
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    bad_bytes = sum(len(lines[i]) for i in bad)
    if not bad or bad_bytes * 2 > len(data):
        return None
    try:
        other = _detect(b"\n".join(lines[i] for i in bad))
    except DecodeError:
        return None
    decoded = other.split("\n")
    out = [line.decode("utf-8", "replace") for line in lines]
    for i, text in zip(bad, decoded, strict=False):
        out[i] = text
    return "\n".join(out)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
