"""Generate a corpus of hostile inputs for rasd's reliability suite.

Usage: ``python scripts/make_hostile_corpus.py OUT_DIR [--small]``

Every file is generated (nothing big or binary is committed). ``EXPECTED`` tells,
for each file name, which outcomes are acceptable: ``"article"`` and/or rejection
reasons. ``--small`` (``big=False``) leaves out the 50 MB file and the gzip bomb.
All Arabic sentences are written by the rasd team for this corpus.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

# Team-written article (three sentences, ~300 characters).
ARTICLE = (
    "افتتحت بلدية المدينة الساحلية صباح الثلاثاء جسرا جديدا للمشاة فوق الوادي بعد عامين من الأعمال المتواصلة.\n"
    "وقال رئيس البلدية للصحفيين إن الجسر سيختصر طريق التلاميذ إلى المدارس ويخفف الزحام عن الشارع الرئيسي.\n"
    "وأضاف أن المرحلة الثانية من المشروع تشمل إنارة الضفتين وزراعة أشجار الزيتون على طول الممر."
)
ARTICLE_EN = (
    "The harbour authority reopened the old fish market on Tuesday after a year of repairs to its roof.\n"
    "Traders said that the new cold rooms would let them keep the morning catch fresh until the evening."
)
MB = 1024 * 1024

Expected = set[str]
EXPECTED: dict[str, Expected] = {}
_MAKERS: list[tuple[str, Callable[[], bytes], bool]] = []


def case(name: str, expected: set[str], big: bool = False) -> Callable[[Callable[[], bytes]], Callable[[], bytes]]:
    """Register a generator of one hostile file and the outcomes it may end in."""

    def wrap(fn: Callable[[], bytes]) -> Callable[[], bytes]:
        EXPECTED[name] = expected
        _MAKERS.append((name, fn, big))
        return fn

    return wrap


# -- encodings -------------------------------------------------------------------------------------
@case("empty.txt", {"empty"})
def _empty() -> bytes:
    return b""


@case("binary.txt", {"binary", "undecodable"})
def _binary() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(20_000))


@case("random_high_bytes.txt", {"binary", "undecodable", "too_short", "article", "empty"})
def _random_high() -> bytes:
    rng = random.Random(11)
    return bytes(rng.randrange(0x80, 256) for _ in range(4_000))


@case("truncated_utf8.txt", {"article"})
def _truncated() -> bytes:
    return ARTICLE.encode("utf-8")[:-2]  # drop the full stop and cut the last letter in half


@case("cp1256.txt", {"article"})
def _cp1256() -> bytes:
    return ARTICLE.encode("cp1256")


@case("utf16_bom.txt", {"article"})
def _utf16() -> bytes:
    return ARTICLE.encode("utf-16")


@case("utf16le_nobom.txt", {"article"})
def _utf16le() -> bytes:
    return ARTICLE.encode("utf-16-le")


@case("utf16_odd_length.txt", {"article", "undecodable"})
def _utf16_odd() -> bytes:
    return ARTICLE.encode("utf-16")[:-1]


@case("mixed_encodings.txt", {"article"})
def _mixed() -> bytes:
    lines = ARTICLE.split("\n")
    return lines[0].encode("utf-8") + b"\n" + lines[1].encode("cp1256") + b"\n" + lines[2].encode("utf-8")


@case("cp1256_declared_utf8.html", {"article", "no_text"})
def _lying_html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.split("\n"))
    page = f'<html><head><meta charset="utf-8"><title>جسر</title></head><body><article>{body}</article></body></html>'
    return page.encode("cp1256")


# -- size ------------------------------------------------------------------------------------------
@case("huge_50mb.txt", {"too_large"}, big=True)
def _huge() -> bytes:
    return (ARTICLE + "\n").encode() * (50 * MB // len(ARTICLE.encode()) + 1)


@case("long_line.txt", {"article"})
def _long_line() -> bytes:
    return (ARTICLE.replace("\n", " ") + " ").encode() * 2_000  # ~1 MB on one line


@case("long_word.txt", {"article", "too_short"})
def _long_word() -> bytes:
    return (ARTICLE + "\n" + "ب" * 500_000 + "\n" + "x" * 500_000).encode()


@case("many_short_lines.txt", {"article"})
def _many_lines() -> bytes:
    return ("\n".join(["نعم"] * 200_000) + "\n" + ARTICLE).encode()


# -- control characters ----------------------------------------------------------------------------
@case("controls_bidi.txt", {"article"})
def _controls() -> bytes:
    noisy = ARTICLE.replace(" ", " \u202e\u2066\x07\x1b[31m", 40).replace("،", "\u200f\u202d،\x00", 3)
    return ("\u202e" + noisy + "\u2069\x7f\x85").encode("utf-8")


@case("only_controls.txt", {"empty", "binary", "too_short", "no_text"})
def _only_controls() -> bytes:
    return ("\u202e\u2066\u200f\x01\x02\x03" * 1000).encode("utf-8")


@case("boilerplate_only.txt", {"too_short", "empty", "no_text"})
def _boilerplate() -> bytes:
    lines = ["شارك", "تابعونا على فيسبوك", "اقرأ أيضا", "التعليقات", "Share", "Read more", "Follow us", "إغلاق"]
    return "\n".join(lines * 20).encode()


# -- HTML ------------------------------------------------------------------------------------------
@case("nested_100k.html", {"article", "no_text", "malformed"})
def _nested() -> bytes:
    n = 100_000
    return ("<html><body>" + "<div>" * n + "<p>" + ARTICLE + "</p>" + "</div>" * n + "</body></html>").encode()


@case("nested_unclosed.html", {"article", "no_text", "malformed"})
def _nested_unclosed() -> bytes:
    return ("<html><body>" + "<span><b><i>" * 30_000 + ARTICLE).encode()


@case("malformed.html", {"article", "no_text"})
def _malformed() -> bytes:
    junk = '<<p>><div class="x><script>alert(1)</script><p <b>' + ARTICLE + "</i></table></html><!-- never closed"
    return ("<html><head><title>عنوان<title><body>" + junk).encode()


@case("script_only.html", {"no_text", "too_short"})
def _script_only() -> bytes:
    return b"<html><body><script>" + b"var a=1;" * 10_000 + b"</script></body></html>"


@case("binary.html", {"binary", "undecodable", "no_text", "too_short"})
def _binary_html() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100


# -- feeds -----------------------------------------------------------------------------------------
@case("billion_laughs.rss", {"malformed", "no_text", "article", "too_short"})
def _xml_bomb() -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(ents) + "]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>t</title>'
        "<description>&lol9;</description><link>https://n.example/a</link></item></channel></rss>"
    ).encode()


@case("external_entity.rss", {"malformed", "no_text", "article", "too_short"})
def _xxe() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<rss version="2.0"><channel><title>x</title><item><title>t</title>'
        b"<description>&x;</description><link>https://n.example/b</link></item></channel></rss>"
    )


@case("broken.atom", {"article", "malformed", "no_text"})
def _broken_feed() -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>'
        f"<entry><id>urn:1</id><title>جسر</title><content type=\"html\">&lt;p&gt;{ARTICLE}&lt;/p&gt;</content>"
        "</entry><entry><id>urn:2</id><title>"
    ).encode()


@case("not_a_feed.xml", {"malformed", "no_text"})
def _not_feed() -> bytes:
    return b"\x00\x01<<<>>>" + b"garbage " * 100


# -- JSONL -----------------------------------------------------------------------------------------
@case("broken_lines.jsonl", {"article", "malformed", "too_short", "too_large", "no_text"})
def _broken_jsonl() -> bytes:
    good = json.dumps({"id": "g1", "text": ARTICLE}, ensure_ascii=False).encode()
    lines = [good, b'{"id": "t", "text": "cut', b"[1, 2, 3]", b"\xff\xfe\x00garbage", b'"just a string"',
             b'{"text": 12}', b'{"html": "<p>' + b"<b>" * 5000 + b'"}', b"{" * 100_000, b"\x00" * 100,
             json.dumps({"id": "g2", "text": ARTICLE_EN}).encode()]
    return b"\n".join(lines) + b"\n"


@case("giant_line.jsonl", {"too_large", "article"}, big=True)
def _giant_line() -> bytes:
    big = json.dumps({"id": "big", "text": "ك" * (12 * MB)}, ensure_ascii=False).encode()  # ~24 MB, one line
    after = json.dumps({"id": "after", "text": ARTICLE}, ensure_ascii=False).encode()
    return big + b"\n" + after + b"\n"


@case("bomb.jsonl.gz", {"too_large", "article"}, big=True)
def _gzip_bomb() -> bytes:
    """~1 MB of gzip that inflates to ~1.2 GB: one JSON line that never ends."""
    member = gzip.compress(b" " * (16 * MB), compresslevel=9)
    head = gzip.compress(b'{"id": "bomb", "text": "')
    return head + member * 75


@case("many_lines_bomb.jsonl.gz", {"too_large", "too_short"}, big=True)
def _lines_bomb() -> bytes:
    """Inflates to ~1.5 GB of short records (tens of millions of lines)."""
    member = gzip.compress(b'{"id": 1, "text": "short"}\n' * MB, compresslevel=9)
    return member * 56


@case("truncated.jsonl.gz", {"article", "malformed"})
def _truncated_gz() -> bytes:
    lines = b"".join(json.dumps({"id": f"t{i}", "text": ARTICLE + f" {i}"}, ensure_ascii=False).encode() + b"\n"
                     for i in range(50))
    data = gzip.compress(lines)
    return data[: len(data) // 2]


@case("array.json", {"article", "malformed", "too_short"})
def _json_array() -> bytes:
    return json.dumps([{"id": "a", "text": ARTICLE}, 5, None, {"html": 3}], ensure_ascii=False).encode()


@case("deep.json", {"malformed", "too_large"})
def _deep_json() -> bytes:
    return b"[" * 200_000 + b"]" * 200_000


# -- WARC ------------------------------------------------------------------------------------------
def _warc_record(uri: str, body: bytes, length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    n = len(http) if length is None else length
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**12:012d}>\r\nWARC-Date: 2024-03-01T10:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {n}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


@case("broken.warc", {"article", "malformed", "no_text"})
def _broken_warc() -> bytes:
    page = f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode()
    good = _warc_record("https://n.example/w1", page)
    lying = _warc_record("https://n.example/w2", page, length=10**9)  # claims 1 GB
    return good + b"WARC/1.0\r\nthis is not a header\r\n\r\n" + lying


@case("garbage.warc", {"malformed"})
def _garbage_warc() -> bytes:
    return b"NOT A WARC FILE\r\n" * 100


@case("gz_truncated.warc.gz", {"article", "malformed", "no_text"})
def _warc_gz() -> bytes:
    page = f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode()
    data = b"".join(gzip.compress(_warc_record(f"https://n.example/g{i}", page + str(i).encode())) for i in range(3))
    return data[: len(data) - 40]


# -- other -----------------------------------------------------------------------------------------
@case("unsupported.bin", {"unsupported"})
def _unsupported() -> bytes:
    return zlib.compress(b"x" * 1000)


@case("fake_text.txt.gz", {"too_large"}, big=True)
def _text_gz_bomb() -> bytes:
    return gzip.compress(b"a" * (64 * MB), compresslevel=9)


def make_corpus(root: Path, big: bool = True) -> dict[str, Expected]:
    """Write every hostile file into ``root``; returns {file name: acceptable outcomes}."""
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, Expected] = {}
    for name, make, is_big in _MAKERS:
        if is_big and not big:
            continue
        (root / name).write_bytes(make())
        written[name] = EXPECTED[name]
    return written


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    written = make_corpus(Path(argv[0]), big="--small" not in argv)
    out = io.StringIO()
    for name, exp in sorted(written.items()):
        out.write(f"{name}\t{','.join(sorted(exp))}\n")
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
