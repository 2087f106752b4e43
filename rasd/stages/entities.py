"""Stage "entities": mentions of people, places and organisations, linked across articles.

Arabic mentions come from the shipped CRF (rasd/data/ner/ar_crf.bin, trained by
scripts/train_ner.py) merged with gazetteers; a title right before a person
("وزير الدفاع الروسي سيرغي شويغو") becomes that person's role. English uses light
rules. Each mention is linked to a cross-document entity in the ``EntityIndex``
(``ctx.state``, loaded by rasd.store.entities.EntityAdapter): exact normal form first,
then transliteration-aware variant matching with the reasons stored. Multi-word
mentions are linked before single words, so "بوتين" finds "فلاديمير بوتين" of the
same article. New and changed entities are returned as ``state_updates``.

The stage is split at its one cross-document step. ``prepare`` (``ner_payloads``:
tokens, CRF tags and mention candidates, or English mentions) is pure and per
article, so the embedded runner calls it in its worker processes and the Spark
engine on its executors; the rest (``mentions_of``: the clitic check against the
names the index knows, and linking) runs in input order against the one index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rasd.errors import PipelineError
from rasd.model import Article
from rasd.ner.english import english_mentions
from rasd.ner.index import EntityIndex
from rasd.ner.mentions import Mention, candidates, finish
from rasd.ner.tagging import tag_batch, tokenise
from rasd.settings import Setting
from rasd.stages.base import StageContext, StageOutput
from rasd.text import detect_language, sentences

SETTINGS: list[Setting] = [
    Setting("entities_max_chars", 50_000, "Only the first this many characters of an article are tagged."),
    Setting("entities_document_pass", True,
            "Tag Arabic twice: the second pass sees how the first tagged the same word elsewhere in the article "
            "(+1.6 F1 on the held-back ANERcorp set; about 25% more tagging time). Off: one pass, faster."),
]

#: One article's pure half: ("ar", text, mention candidates) | ("en", mentions, None) | ("", [], None)
NerPayload = tuple[str, Any, Any]


class EntitiesStage:
    name: ClassVar[str] = "entities"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text", "lang")
    optional: ClassVar[tuple[str, ...]] = ("sentences",)
    assigns: ClassVar[tuple[str, ...]] = ("entity_mentions",)

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[NerPayload]:
        """The pure per-article half (see ``rasd.stages.base``): tokens and CRF tags."""
        return ner_payloads(batch, settings)

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        index = ctx.state if isinstance(ctx.state, EntityIndex) else EntityIndex()
        payloads = ctx.prepared if ctx.prepared is not None else ner_payloads(batch, ctx.settings)
        if len(payloads) != len(batch):
            raise PipelineError(f"entities: {len(payloads)} prepared payloads for a batch of {len(batch)}")
        fields = [{"entity_mentions": mentions_of(p, index)} for p in payloads]
        mentions = [
            {"article_id": a.id, **{k: m[k] for k in ("key", "start", "end", "text", "role")}}
            for a, f in zip(batch, fields, strict=True) for m in f["entity_mentions"]
        ]
        return StageOutput(fields, {"entities": index.take_dirty(), "mentions": mentions})


def ner_payloads(articles: Sequence[Article], settings: Mapping[str, Any]) -> list[NerPayload]:
    """The stage up to what depends on the entity index: Arabic mention candidates (tokens, CRF tags,
    spans, normal forms, roles; ``rasd.ner.mentions.candidates``) or English mentions."""
    limit = int(settings.get("entities_max_chars", 50_000))
    prepared = _prepared(articles, limit)
    docs = {i: tokenise(t, _sentences(a, t)) for i, (a, t, lang) in enumerate(prepared) if lang == "ar"}
    second = bool(settings.get("entities_document_pass", True))
    tagged = dict(zip(docs, tag_batch(list(docs.values()), document_pass=second), strict=True))
    out: list[NerPayload] = []
    for i, (_, text, lang) in enumerate(prepared):
        if i in docs:
            out.append(("ar", text, candidates(docs[i], tagged[i])))
        else:
            out.append(("en", english_mentions(text), None) if lang == "en" else ("", [], None))
    return out


def mentions_of(payload: NerPayload | None, index: EntityIndex) -> list[dict[str, Any]]:
    """Linked mentions of one article from its payload (the index is updated in place)."""
    if payload is None:
        return []
    lang, first, second = payload
    found = finish(first, second, index.names) if lang == "ar" else list(first or [])
    return link_mentions(found, index)


def _prepared(batch: Sequence[Article], limit: int) -> list[tuple[Article, str, str]]:
    """(article, text cut to ``limit``, language or '' for empty text)."""
    out: list[tuple[Article, str, str]] = []
    for a in batch:
        text = (a.text or "")[:limit]
        lang = (a.lang or detect_language(text)) if text.strip() else ""
        out.append((a, text, lang))
    return out


def _sentences(article: Article, text: str) -> list[tuple[int, int]]:
    given = article.annotations.get("sentences")
    if given:
        return [(int(s), min(int(e), len(text))) for s, e in given if int(s) < len(text)]
    return sentences(text)


def link_mentions(found: list[Mention], index: EntityIndex) -> list[dict[str, Any]]:
    """Link mentions (longest names first) and return them in text order as dicts."""
    local: set[str] = set()
    keys: dict[int, str] = {}
    named = Counter(" ".join(m.tokens) for m in found if m.type == "LOC")
    places = tuple(sorted(named, key=lambda place: -named[place]))  # the country named most first (then first named)
    order = sorted(range(len(found)), key=lambda i: (-len(found[i].tokens), found[i].start))
    for i in order:
        m = found[i]
        keys[i] = index.link(m.tokens, m.type, m.text, m.role, local, places)
        local.add(keys[i])
    return [
        {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "key": keys[i], "role": m.role}
        for i, m in enumerate(found)
    ]
