import json
import pickle
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from rasd.model import Article, Rejection
from rasd.settings import Settings
from rasd.sources.parse import parse, parse_published, pick_source
from rasd.sources.readers import RawInput, iter_inputs
from rasd.store.search import index_form, search_form
from tests.conftest import ARTICLE_AR, ARTICLE_EN


def _parse(raw: RawInput, settings: Settings) -> Article | Rejection:
    return parse(raw, settings)


def test_text_article(settings: Settings) -> None:
    raw = RawInput("a.txt", "text", ("عنوان قصير للخبر\n" + ARTICLE_AR + "\nالمصدر | صحيفة الحقول").encode())
    art = _parse(raw, settings)
    assert isinstance(art, Article)
    assert art.title == "عنوان قصير للخبر" and art.source == "صحيفة الحقول" and art.lang == "ar"
    assert art.text.startswith("أعلنت وزارة الزراعة") and "المصدر" not in art.text


def test_same_text_same_id_and_url_changes_id(settings: Settings) -> None:
    a = _parse(RawInput("x", "record", record={"text": ARTICLE_AR}), settings)
    b = _parse(RawInput("y", "record", record={"text": ARTICLE_AR.replace("أعلنت", "اعلنت")}), settings)
    c = _parse(RawInput("z", "record", record={"text": ARTICLE_AR, "url": "https://example.org/a"}), settings)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert a.id == b.id  # hamza spelling does not make a new article
    assert a.id != c.id


def test_record_fields_and_rfc822(settings: Settings) -> None:
    rec = {"id": "n1", "url": "https://www.example.net/x", "title": "t", "published": "Sun, 18 Feb 2018 21:35:43 +0400",
           "text": ARTICLE_EN}
    art = _parse(RawInput("f#n1", "record", record=rec), settings)
    assert isinstance(art, Article)
    assert art.published == "2018-02-18T21:35:43+04:00" and art.lang == "en" and art.source == "example.net"
    assert art.meta["input_id"] == "n1"


def test_html_page(settings: Settings) -> None:
    html = f"""<html lang="ar" dir="rtl"><head><title>خطة القمح</title>
    <meta property="og:site_name" content="جريدة السهول"><meta property="article:published_time" content="2023-03-05">
    </head><body><nav>الرئيسية | سياسة | اقتصاد</nav><article><h1>خطة القمح</h1>
    {''.join(f'<p>{line}</p>' for line in ARTICLE_AR.splitlines())}</article><footer>جميع الحقوق محفوظة</footer></body></html>"""
    art = _parse(RawInput("p.html", "html", html.encode("utf-8")), settings)
    assert isinstance(art, Article)
    assert "خطة جديدة لدعم مزارعي القمح" in art.text and "الرئيسية" not in art.text
    assert art.source == "جريدة السهول" and art.published == "2023-03-05"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (RawInput("e.txt", "text", b""), "empty"),
        (RawInput("w.txt", "text", b"  \n "), "empty"),
        (RawInput("b.txt", "text", b"\x89PNG\r\n\x1a\n\x00\x01"), "binary"),
        (RawInput("s.txt", "text", "قصير جدا".encode()), "too_short"),
        (RawInput("r", "record", record={"title": "no text"}), "malformed"),
        (RawInput("h.html", "html", b"<html><body><script>x()</script></body></html>"), "no_text"),
        (RawInput("bp.txt", "text", "شارك القصة\nتابع القراءة\nClose\n".encode()), "empty"),
    ],
)
def test_rejection_reasons(raw: RawInput, reason: str, settings: Settings) -> None:
    out = _parse(raw, settings)
    assert isinstance(out, Rejection) and out.reason == reason and out.input_ref == raw.ref


def test_reader_rejections(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": 1, "text": ARTICLE_AR}, ensure_ascii=False) + "\n{broken\n[1]\n")
    small = {**settings, "max_input_bytes": 1000}
    items = list(iter_inputs([str(tmp_path), str(tmp_path / "missing.txt")], small))
    reasons = sorted(i.reason for i in items if isinstance(i, Rejection))
    assert reasons == ["too_large", "unsupported", "unsupported"]
    parsed = [parse(i, small) for i in items if isinstance(i, RawInput)]
    assert sorted(p.reason for p in parsed if isinstance(p, Rejection)) == ["malformed", "malformed"]
    assert sum(isinstance(p, Article) for p in parsed) == 1


def test_text_is_bounded_and_controls_removed(settings: Settings) -> None:
    text = ("\u202e" + ARTICLE_AR + "\x07") * 50
    art = _parse(RawInput("x", "record", record={"text": text}), {**settings, "max_text_chars": 1000})
    assert isinstance(art, Article)
    assert len(art.text) == 1000 and "\u202e" not in art.text and "\x07" not in art.text
    assert art.meta["truncated_from"] > 1000


def test_published_parsing() -> None:
    assert parse_published("2022-02-12") == "2022-02-12"
    assert parse_published("2022-02-12T15:15:00Z") == "2022-02-12T15:15:00+00:00"
    assert parse_published("Sat, 12 Feb 2022 15:15:00 GMT") == "2022-02-12T15:15:00+00:00"
    assert parse_published("2999-01-01") is None and parse_published("1901-01-01") is None
    assert parse_published("yesterday") is None and parse_published(None) is None


def test_source_fallbacks() -> None:
    assert pick_source(None, "العربي", "https://x.org") == "العربي"
    assert pick_source("  ", None, "https://www.news.example.com/a") == "news.example.com"
    assert pick_source(None, None, "/tmp/file.txt") is None


@pytest.mark.parametrize("value", [
    "Sun, 18 Feb 2018 21:35:43 +0400", "18 Feb 2018 21:35:43 -0530", "Mon, 05 Mar 2018 07:00:00 GMT",
    "Mon, 05 Mar 2018 07:00:00 UT", "Mon, 05 Mar 2018 07:00:00 UTC", "Mon, 05 Mar 2018 07:00:00 +0000",
    "Mon, 05 Mar 2018 07:00:00 -0000", "Mon, 05 Mar 2018 07:00:00 +0460", "Wed, 31 Feb 2018 07:00:00 GMT",
    "Mon, 05 Mar 2018 24:00:00 GMT", "Mon, 05 Mar 2018 07:00:00 +2500", "Mon, 05 mar 2018 07:00:00 EST",
])
def test_common_rfc822_dates_read_as_email_utils_reads_them(value: str) -> None:
    try:
        dt = parsedate_to_datetime(value)
        expected = dt.isoformat() if dt.year >= 1980 else None
    except ValueError:
        expected = None
    assert parse_published(value) == expected


def test_parsed_article_carries_its_search_forms_and_pickles_without_norm(settings: Settings) -> None:
    rec = {"title": "عنوانُ «الخبر»", "text": ARTICLE_AR, "url": "https://example.org/n"}
    art = _parse(RawInput("f#1", "record", record=rec), settings)
    assert isinstance(art, Article) and art.norm is not None
    assert art.search == (search_form(art.title or ""), index_form(art.normalised()))
    back = pickle.loads(pickle.dumps(art))
    assert back == art and back.search == art.search
    assert back.norm is None and back.normalised() == art.norm  # recomputed on first use
    by_hand = Article(id="h", text="نصٌّ كُتب باليد")
    by_hand.normalised()
    assert pickle.loads(pickle.dumps(by_hand)).norm == by_hand.norm == "نص كتب باليد"  # no search forms: norm travels


def test_the_html_extractor_is_imported_only_for_html() -> None:
    """trafilatura takes ~0.35 s to import, in the main process and every worker; JSON text inputs never need it."""
    code = "import sys, rasd.pipeline; assert 'trafilatura' not in sys.modules, 'imported eagerly'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_raw_inputs_cross_to_the_workers_whole() -> None:
    for raw in (RawInput("f.jsonl#L3", "jsonline", b'{"text": "x"}', url="https://example.org/3"),
                RawInput("f.json#7", "record", record={"text": "نص", "n": [1, 2]})):
        back = pickle.loads(pickle.dumps(raw))
        assert back == raw and back.digest == raw.digest and len(back.digest) == 24
