"""What clustering reads from an article: dated stems, title stems, entities, reuse link."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

from rasd.data import read_lines
from rasd.model import Article
from rasd.text import detect_language, normalise, sentences, tokens
from rasd.text.tokenize import stems

#: Only the first characters of an article feed its vectors (bounds work on huge inputs).
MAX_TEXT_CHARS = 12_000
MAX_TITLE_CHARS = 400
_MIN_TOKEN_LEN = 2
#: A capitalised Latin word preceded by a lower-case word or a comma (not sentence-initial).
_NAME = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][A-Za-z'-]{1,30}")
NAME_PREFIX = "n:"


@dataclass(slots=True)
class ArticleFeatures:
    """An article reduced to the signals clustering compares."""

    id: str
    day: int | None  # proleptic ordinal of the article's event/publication date
    terms: dict[str, int]  # stem counts of title + body, stopwords dropped
    title_terms: dict[str, int]  # stem counts of the title (or the lead sentence)
    entities: frozenset[str]  # canonical entity keys, when the entities stage ran
    duplicate_of: str | None
    source: str | None


@cache
def stopwords() -> frozenset[str]:
    """Arabic and English stopwords in matching form."""
    words = read_lines("stopwords/ar.txt") + read_lines("stopwords/en.txt")
    return frozenset(normalise(w) for w in words)


def stem_counts(text: str, lang: str) -> dict[str, int]:
    """Counts of stems of the non-stopword, non-numeric tokens of ``text``."""
    stop = stopwords()
    words = Counter(t for t in tokens(text) if len(t) >= _MIN_TOKEN_LEN and t not in stop)
    uniq = [w for w in words if not (w.isdigit() and len(w) < 4)]
    out: dict[str, int] = {}
    for word, stem in zip(uniq, stems(uniq, lang), strict=True):
        if len(stem) >= _MIN_TOKEN_LEN:
            out[stem] = out.get(stem, 0) + words[word]
    return out


def parse_day(value: Any) -> int | None:
    """Day ordinal of an ISO 8601 or RFC 822 date string; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date().toordinal()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().toordinal()
    except (TypeError, ValueError, IndexError):
        return None


def article_day(article: Article) -> int | None:
    """Event date, else resolved publication date, else metadata publication date."""
    ann = article.annotations
    resolved = ann.get("published_resolved")
    resolved_value = resolved.get("value") if isinstance(resolved, dict) else None
    for value in (ann.get("event_date"), resolved_value, article.published):
        day = parse_day(value)
        if day is not None:
            return day
    return None


def title_text(article: Article) -> str:
    """The article's title, else its first sentence (the lead)."""
    if article.title and article.title.strip():
        return article.title[:MAX_TITLE_CHARS]
    text = article.text[:MAX_TEXT_CHARS]
    spans = article.annotations.get("sentences")
    if isinstance(spans, list) and spans and isinstance(spans[0], (list, tuple)):
        start, end = int(spans[0][0]), int(spans[0][1])
        return text[start:end][:MAX_TITLE_CHARS]
    found = sentences(text[:2000])
    return text[found[0][0] : found[0][1]][:MAX_TITLE_CHARS] if found else ""


def entity_keys(article: Article) -> frozenset[str]:
    """Canonical keys of the article's entity mentions (empty when the entities stage did not run)."""
    mentions = article.annotations.get("entity_mentions")
    if not isinstance(mentions, list):
        return frozenset()
    keys = (m.get("key") for m in mentions if isinstance(m, dict))
    return frozenset(str(k) for k in keys if k)


def name_keys(text: str) -> frozenset[str]:
    """Proxy entity keys for Latin-script text when no entities stage ran: capitalised words mid-sentence."""
    stop = stopwords()
    found = (m.group(0).lower() for m in _NAME.finditer(text[:MAX_TEXT_CHARS]))
    return frozenset(NAME_PREFIX + w for w in found if w not in stop)


def duplicate_target(article: Article) -> str | None:
    """The canonical article this one duplicates, from the reuse stage."""
    dup = article.annotations.get("duplicate_of")
    if isinstance(dup, str) and dup and dup != article.id:
        return dup
    return None


def extract(article: Article) -> ArticleFeatures:
    """Features of one article; never raises on odd text (empty, binary-ish, mixed script)."""
    text = article.text[:MAX_TEXT_CHARS] if isinstance(article.text, str) else ""
    lang = article.lang if article.lang in ("ar", "en") else detect_language(text)
    title = title_text(article) if text or article.title else ""
    title_terms = stem_counts(title, lang)
    terms = Counter(stem_counts(text, lang))
    if article.title:
        terms.update(title_terms)
    return ArticleFeatures(
        id=article.id,
        day=article_day(article),
        terms=dict(terms),
        title_terms=title_terms,
        entities=entity_keys(article) or name_keys(text),
        duplicate_of=duplicate_target(article),
        source=article.source,
    )
