"""Property-based tests (hypothesis): the text layer, date extraction and ingest hold for arbitrary input."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.dates.extract import extract
from rasd.model import Article, Rejection
from rasd.settings import load_settings
from rasd.sources.parse import parse
from rasd.sources.readers import RawInput, read_file
from rasd.text import normalise, sentences

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = load_settings({"workers": 1}, config_file=Path("/nonexistent/rasd.toml"), environ={})

# Arabic letters, harakat, tatweel, Arabic-Indic digits, punctuation, Latin and white space.
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
PRESENTATION = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFC)
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
SPACE = st.sampled_from([" ", "\n", "\t", "\u00a0", "\r"])
MARKS = st.sampled_from(list(".!?؟…،؛«»\"'()[]"))
ARABIC_TEXT = st.text(st.one_of(ARABIC, ASCII, SPACE, MARKS), max_size=400)
ANY_TEXT = st.text(max_size=400)
MIXED_TEXT = st.one_of(ARABIC_TEXT, ANY_TEXT, st.text(st.one_of(ARABIC, PRESENTATION, SPACE), max_size=200))
DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}


# -- normalise -------------------------------------------------------------------------------------
@FAST
@given(MIXED_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@FAST
@given(MIXED_TEXT)
def test_normalise_leaves_no_diacritics_or_tatweel(text: str) -> None:
    assert not DIACRITICS & set(normalise(text))


@FAST
@given(ARABIC_TEXT)
def test_normalise_never_grows_arabic_and_ascii_text(text: str) -> None:
    assert len(normalise(text)) <= len(text)


@FAST
@given(ANY_TEXT)
def test_normalise_grows_only_through_case_folding(text: str) -> None:
    """Any growth comes from characters whose lower case is longer (e.g. 'İ'), never from Arabic folding."""
    grow = sum(len(c.lower()) - 1 for c in text)
    assert len(normalise(text)) <= len(text) + grow + _ligature_growth(text)


def _ligature_growth(text: str) -> int:
    """Presentation-form ligatures (lam-alef …) may fold to two letters."""
    return sum(1 for c in text if 0xFB50 <= ord(c) <= 0xFEFC or 0xFDF0 <= ord(c) <= 0xFDFF)


# -- sentences -------------------------------------------------------------------------------------
@FAST
@given(MIXED_TEXT)
def test_sentence_spans_are_ordered_disjoint_and_cover_the_text(text: str) -> None:
    spans = sentences(text)
    end = 0
    for start, stop in spans:
        assert end <= start < stop <= len(text)
        assert not text[start].isspace() and not text[stop - 1].isspace()
        end = stop
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


# -- dates -----------------------------------------------------------------------------------------
DATE_WORDS = st.sampled_from(["أمس", "غدا", "الماضي", "المقبل", "يناير", "كانون الثاني", "جانفي", "رمضان", "الساعة",
                              "10:30", "2024", "١٥", "مارس", "الأحد", "Monday", "March 3", "2023-05-01", "هـ", " "])
DATE_TEXT = st.lists(st.one_of(DATE_WORDS, ARABIC_TEXT.map(lambda t: t[:20])), max_size=30).map(" ".join)
ANCHOR = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))


@FAST
@given(st.one_of(DATE_TEXT, MIXED_TEXT), ANCHOR)
def test_date_extraction_never_raises_and_spans_are_valid(text: str, anchor: dt.date | None) -> None:
    for mention in extract(text, anchor):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.type in {"DATE", "TIME", "DURATION", "SET"}


# -- ingest ----------------------------------------------------------------------------------------
HTML_BITS = st.sampled_from(["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<script>", "<!--", "-->",
                             "<meta charset='cp1256'>", "<title>", "&amp;", "&#0;", "<![CDATA[", "<", ">"])
HTMLISH = st.lists(st.one_of(HTML_BITS, ARABIC_TEXT.map(lambda t: t[:60])), max_size=40).map("".join)
BYTES = st.one_of(st.binary(max_size=2000), HTMLISH.map(lambda t: t.encode("utf-8", "surrogatepass")),
                  ARABIC_TEXT.map(lambda t: t.encode("cp1256", "ignore")), ARABIC_TEXT.map(lambda t: t.encode("utf-16")))


@FAST
@given(st.sampled_from(["text", "html", "jsonline"]), BYTES)
def test_parse_never_raises_on_arbitrary_bytes(kind: str, data: bytes) -> None:
    assert isinstance(parse(RawInput("x", kind, data), SETTINGS), Article | Rejection)


@FAST
@given(st.dictionaries(st.sampled_from(["text", "html", "title", "url", "published", "source", "id"]),
                       st.one_of(st.none(), st.integers(), MIXED_TEXT, HTMLISH, st.lists(st.integers(), max_size=3))))
def test_parse_never_raises_on_arbitrary_records(record: dict[str, object]) -> None:
    assert isinstance(parse(RawInput("x", "record", record=record), SETTINGS), Article | Rejection)


EXTENSIONS = [".txt", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".jsonl.gz", ".txt.gz", ".bin"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXTENSIONS), st.one_of(BYTES, st.binary(max_size=200).map(lambda b: b"\x1f\x8b\x08" + b)))
def test_readers_never_raise_on_arbitrary_bytes(ext: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{ext}"
        path.write_bytes(data)
        for item in read_file(path, 1_000_000):
            assert isinstance(item, RawInput | Rejection)
            if isinstance(item, RawInput):
                assert isinstance(parse(item, SETTINGS), Article | Rejection)


# -- entities and quotes (the tagger's tokens: words and the marks between them) ------------------------------------

@FAST
@given(MIXED_TEXT)
def test_tokenise_keeps_every_word_and_only_single_marks_besides(text: str) -> None:
    from rasd.ner.tagging import MAX_SENT_TOKENS, _is_mark, tokenise

    doc = tokenise(text, sentences(text))
    for chunk in doc.chunks:
        assert 0 < len(chunk.words) <= MAX_SENT_TOKENS
        tokens = chunk.tokens or chunk.words
        assert [t for t in tokens if not _is_mark(t)] == chunk.words
        assert all(normalise(t) for t in tokens if _is_mark(t))  # no mark that normalises to nothing
        assert chunk.spans(text) == [(s, s + len(w)) for s, w in zip((a for a, _ in chunk.spans(text)), chunk.words,
                                                                    strict=True)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ARABIC_TEXT, st.lists(st.sampled_from(
    ["قال ", "وقالت ", "بوتين ", "، ", "«", "»", ": ", "إن ", "بأن ", "\u200f", "#", "صرّح ", "نقلاً عن ", "هكذا ",
     "علّق ", "يرى ", "بعد أن ", "كان ", "قد ", "جريدة ", "الرياض ", "الإسباني ", ". "]), max_size=80).map("".join)),
    min_size=1, max_size=5))
def test_entities_and_quotes_never_raise_and_spans_match_the_text(texts: list[str]) -> None:
    from rasd.ner.index import EntityIndex
    from rasd.stages.base import StageContext
    from rasd.stages.entities import EntitiesStage
    from rasd.stages.quotes import QuotesStage

    arts = [Article(id=str(i), text=t, lang="ar") for i, t in enumerate(texts)]
    out = EntitiesStage()(arts, StageContext(state=EntityIndex()))
    for art, fields in zip(arts, out.fields, strict=True):
        art.annotations.update(fields)
        for m in fields["entity_mentions"]:
            assert art.text[m["start"]:m["end"]] == m["text"]
    for art, fields in zip(arts, QuotesStage()(arts, StageContext()).fields, strict=True):
        for q in fields["quotes"]:
            assert 0 <= q["start"] < q["end"] <= len(art.text) and art.text[q["start"]:q["end"]] == q["quote"]
