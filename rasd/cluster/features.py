"""What clustering reads from an article: dated stems, title stems, entities, reuse link."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np

from rasd.cluster.concepts import LEAD_WORDS, concept_counts
from rasd.data import read_lines
from rasd.dates.dateline import is_dateline
from rasd.dates.lexicon import fold, lexicon
from rasd.model import Article
from rasd.text import detect_language, normalise, sentences
from rasd.text.tokenize import stems

#: Only the first characters of an article feed its vectors (bounds work on huge inputs).
MAX_TEXT_CHARS = 12_000
MAX_TITLE_CHARS = 400
#: The title and the first tokens carry the event; later tokens add little but cost time.
MAX_TOKENS = 250
_MIN_TOKEN_LEN = 2
#: A capitalised Latin word (or run of them) preceded by a lower-case word or a comma (not sentence-initial).
_NAME = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][A-Za-z'-]{1,30}")
#: A line that is only a web address (ECB+-style corpora open with one): not article content.
_URL_LINE = re.compile(r"^[ \t]*(?:https?:|www\.)[^\n]*$", re.MULTILINE | re.IGNORECASE)
NAME_PREFIX = "n:"
#: Feature weights: a name counts like this many plain words; a stem bigram like this many.
NAME_WEIGHT = 2
BIGRAM_WEIGHT = 1
LEAD_WEIGHT = 1
#: The lead whose concepts are compared across languages: the body's first characters (a sentence or two)
LEAD_CHARS = 400

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
    #: unit lead embedding (``rasd.cluster.embedding``), only when an embedder is set
    embedding: np.ndarray | None = None
    lang: str | None = None  # 'ar' / 'en' as the text features read it
    #: ISO weekdays (1 = Monday) an undated article's text names ("اليوم السبت", "غدا الأحد"); empty when dated
    weekdays: frozenset[int] = frozenset()
    #: concept keys of the title and lead (``rasd.cluster.concepts``), shared by Arabic and English
    concepts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class TextFeatures:
    """The part of ``ArticleFeatures`` computed from the text alone (see ``text_features``)."""

    terms: dict[str, int]
    title_terms: dict[str, int]
    #: Latin-script proper-noun proxies (``name_keys``) in order of first occurrence (a tuple, so the set built
    #: from it in any process iterates as the one ``extract`` builds)
    names: tuple[str, ...]
    #: unit lead embedding, when the events stage's ``prepare`` was given an embedder
    embedding: np.ndarray | None = None
    lang: str | None = None  # 'ar' / 'en' (the article's, else detected)
    concepts: dict[str, int] = field(default_factory=dict)  # see ``ArticleFeatures.concepts``


#: What ``text_features`` reads: base fields, and the text stage's sentence spans (for a missing title).
TEXT_READS: tuple[str, ...] = ("text", "title", "lang", "sentences")


@cache
def stopwords() -> frozenset[str]:
    """Arabic and English stopwords in matching form."""
    words = read_lines("stopwords/ar.txt") + read_lines("stopwords/en.txt")
    return frozenset(normalise(w) for w in words)


_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
#: The same maximal word runs, only those of at least ``_MIN_TOKEN_LEN`` characters.
_LONG_WORD = re.compile(_WORD.pattern[:-1] + f"{{{_MIN_TOKEN_LEN},}}")
_STEMS: dict[str, dict[str, str]] = {}
_STEM_CACHE_LIMIT = 400_000


def cached_stems(words: list[str], lang: str) -> list[str]:
    """Stems of ``words``, each distinct word stemmed once per process (bounded cache)."""
    cache = _STEMS.setdefault(lang, {})
    missing = set(words).difference(cache)
    if missing:
        if len(cache) + len(missing) > _STEM_CACHE_LIMIT:
            cache.clear()
            missing = set(words)
        todo = list(missing)
        cache.update(zip(todo, stems(todo, lang), strict=True))
    return list(map(cache.__getitem__, words))


def content_stems(norm_text: str, lang: str, limit: int = MAX_TOKENS) -> list[str]:
    """Stems of the first ``limit`` content words of already-normalised text, in order."""
    stop = stopwords()
    # ~16 characters per content word is ample
    words = [w for w in _LONG_WORD.findall(norm_text[: limit * 16]) if w not in stop][:limit]
    return [s for s in cached_stems(words, lang) if len(s) >= _MIN_TOKEN_LEN]


def stem_counts(text: str, lang: str) -> dict[str, int]:
    """Counts of stems of the non-stopword tokens of ``text``."""
    return dict(Counter(content_stems(normalise(text), lang, limit=MAX_TOKENS)))


def term_counts(seq: list[str]) -> Counter[str]:
    """Unigram counts plus weighted adjacent-stem bigrams of one stem sequence."""
    counts = Counter(seq)
    if BIGRAM_WEIGHT == 1:
        counts.update(map("_".join, pairwise(seq)))
    elif BIGRAM_WEIGHT:
        for first, second in pairwise(seq):
            counts[first + "_" + second] += BIGRAM_WEIGHT
    return counts


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


def named_weekdays(article: Article) -> frozenset[int]:
    """ISO weekdays (1 = Monday) the article's open-ended date expressions name ("اليوم السبت", "غدا الأحد", "يوم أمس
    الخميس", "on Tuesday"), from the dates stage's mentions: news names the weekdays of what it reports even when
    no date resolves. A mention with a full date of its own is left out: it is about another day, or is a page
    stamp the dates stage refused as the publication date ("الجمعة 20 Sep / September 2024")."""
    mentions = article.annotations.get("date_mentions")
    if not isinstance(mentions, list):
        return frozenset()
    names = lexicon().weekdays
    out = set()
    for m in mentions:
        if isinstance(m, dict) and not m.get("value"):
            for word in _WORD.findall(fold(str(m.get("text") or ""))):
                day = names.get(word) or names.get("ال" + word)
                if day:
                    out.add(int(day))
    return frozenset(out)


def title_text(article: Article) -> str:
    """The article's title, else its first sentence (the lead) that is not a date stamp."""
    if article.title and article.title.strip():
        return article.title[:MAX_TITLE_CHARS]
    text = article.text[:MAX_TEXT_CHARS]
    spans = article.annotations.get("sentences")
    if isinstance(spans, list) and spans and isinstance(spans[0], (list, tuple)):
        start, end = int(spans[0][0]), int(spans[0][1])
        if not _URL_LINE.match(text[start:end]) and not is_dateline(text[start:end]):
            return text[start:end][:MAX_TITLE_CHARS]
    text = _URL_LINE.sub("", text[:2000])
    lead = next((text[a:b] for a, b in sentences(text)[:3] if not is_dateline(text[a:b])), "")
    return lead[:MAX_TITLE_CHARS]


def entity_keys(article: Article) -> frozenset[str]:
    """Canonical keys of the article's entity mentions (empty when the entities stage did not run)."""
    mentions = article.annotations.get("entity_mentions")
    if not isinstance(mentions, list):
        return frozenset()
    keys = (m.get("key") for m in mentions if isinstance(m, dict))
    return frozenset(str(k) for k in keys if k)


def name_counts(text: str) -> Counter[str]:
    """Capitalised words mid-sentence (Latin script): a cheap proper-noun signal without an entities stage."""
    stop = stopwords()
    found = (m.group(0).lower() for m in _NAME.finditer(text[:MAX_TEXT_CHARS]))
    return Counter(NAME_PREFIX + w for w in found if w not in stop)


def name_keys(text: str) -> frozenset[str]:
    """Proxy entity keys for Latin-script text when no entities stage ran."""
    return frozenset(name_counts(text))


def duplicate_target(article: Article) -> str | None:
    """The canonical article this one duplicates, from the reuse stage."""
    dup = article.annotations.get("duplicate_of")
    if isinstance(dup, str) and dup and dup != article.id:
        return dup
    return None


def body_norm(article: Article) -> str:
    """The article's normalised text (computed once at ingest), bounded, without bare web-address lines."""
    norm = article.normalised() if isinstance(article.text, str) else ""
    return _URL_LINE.sub("", norm[:MAX_TEXT_CHARS])


#: Annotations ``extract`` reads (set by earlier stages); a cached result is reused only while they are the same.
_INPUT_ANNOTATIONS = ("event_date", "published_resolved", "sentences", "entity_mentions", "duplicate_of",
                      "date_mentions")
_FEATURES: dict[str, tuple[tuple[Any, ...], ArticleFeatures]] = {}
_FEATURES_LIMIT = 4096


def _inputs(article: Article) -> tuple[Any, ...]:
    ann = article.annotations
    return (article.text, article.title, article.published, article.source, article.lang,
            *(ann.get(k) for k in _INPUT_ANNOTATIONS))


def _same_inputs(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Strings compare by value, anything else (annotation dicts and lists) must be the very same object."""
    return all(a is b or (type(a) is str and a == b) for a, b in zip(old, new, strict=True))


def features_of(article: Article, last_use: bool = False, text: TextFeatures | None = None) -> ArticleFeatures:
    """``extract(article)``, computed once when the events and stories stages see the same article in turn.

    A cached entry is reused only when the article's text and annotation values are the very same
    objects (and its other fields equal), so a changed article is always extracted afresh. The last
    stage to need the features passes ``last_use`` and the entry is dropped (the cache stays small).
    ``text``, when given, is the article's ``text_features`` computed elsewhere (a worker process).
    """
    inputs = _inputs(article)
    hit = _FEATURES.pop(article.id, None) if last_use else _FEATURES.get(article.id)
    if hit is not None and _same_inputs(hit[0], inputs):
        return hit[1]
    feats = complete(article, text if text is not None else text_features(article))
    if last_use:
        return feats
    if len(_FEATURES) >= _FEATURES_LIMIT:
        for key in list(_FEATURES)[: _FEATURES_LIMIT // 2]:  # oldest half
            del _FEATURES[key]
    _FEATURES[article.id] = (inputs, feats)
    return feats


def extract(article: Article) -> ArticleFeatures:
    """Features of one article; never raises on odd text (empty, binary-ish, mixed script)."""
    return complete(article, text_features(article))


def text_features(article: Article) -> TextFeatures:
    """The pure text half of ``extract``: reads only ``TEXT_READS`` (worker processes can compute it)."""
    text = article.text[:MAX_TEXT_CHARS] if isinstance(article.text, str) else ""
    lang = article.lang if article.lang in ("ar", "en") else detect_language(text[:2000])
    title = title_text(article) if text or article.title else ""
    title_terms = stem_counts(title, lang)
    terms = term_counts(content_stems(body_norm(article), lang))
    for stem, count in title_terms.items():
        terms[stem] += count * LEAD_WEIGHT
    names = name_counts(text)
    for key, count in names.items():
        terms[key] += count * NAME_WEIGHT
    return TextFeatures(dict(terms), title_terms, tuple(names), lang=lang)


def lead_concepts(article: Article, lang: str | None) -> dict[str, int]:
    """Concept keys (``rasd.cluster.concepts``) of the title and the first sentences of the body; computed only
    when a cross-language setting asks for them (``add_concepts``)."""
    if lang not in ("ar", "en"):
        return {}
    title = title_text(article) if article.text or article.title else ""
    body = body_norm(article)[:LEAD_CHARS]
    return concept_counts(content_stems(normalise(title) + " " + body, lang, limit=LEAD_WORDS), lang)


def add_concepts(batch: Sequence[Article], feats: Sequence[ArticleFeatures | TextFeatures]) -> None:
    """Fill the concepts of the features that have none yet (in place)."""
    for article, f in zip(batch, feats, strict=True):
        if not f.concepts:
            f.concepts = lead_concepts(article, f.lang)


def complete(article: Article, text: TextFeatures) -> ArticleFeatures:
    """``extract`` from the text half: the date, entity keys and duplicate link the earlier stages set."""
    day = article_day(article)
    return ArticleFeatures(
        id=article.id,
        day=day,
        terms=text.terms,
        title_terms=text.title_terms,
        entities=entity_keys(article) | frozenset(text.names),
        duplicate_of=duplicate_target(article),
        source=article.source,
        embedding=text.embedding,
        lang=text.lang,
        weekdays=named_weekdays(article) if day is None else frozenset(),
        concepts=text.concepts,
    )
