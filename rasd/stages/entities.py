"""Stage "entities": mentions of people, places and organisations, linked across articles.

Arabic mentions come from the shipped CRF (rasd/data/ner/ar_crf.bin, trained by
scripts/train_ner.py) merged with gazetteers; a title right before a person
("وزير الدفاع الروسي سيرغي شويغو") becomes that person's role. English uses light
rules. Each mention is linked to a cross-document entity in the ``EntityIndex``
(``ctx.state``, loaded by rasd.store.entities.EntityAdapter): exact normal form first,
then transliteration-aware variant matching with the reasons stored. Multi-word
mentions are linked before single words, so "بوتين" finds "فلاديمير بوتين" of the
same article. New and changed entities are returned as ``state_updates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rasd.model import Article
from rasd.ner.english import english_mentions
from rasd.ner.index import EntityIndex
from rasd.ner.mentions import Mention, build_mentions
from rasd.ner.tagging import tag_batch, tokenise
from rasd.settings import Setting
from rasd.stages.base import StageContext, StageOutput
from rasd.text import detect_language, sentences

SETTINGS: list[Setting] = [
    Setting("entities_max_chars", 50_000, "Only the first this many characters of an article are tagged."),
]


class EntitiesStage:
    name: ClassVar[str] = "entities"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text", "lang")
    assigns: ClassVar[tuple[str, ...]] = ("entity_mentions",)

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        index = ctx.state if isinstance(ctx.state, EntityIndex) else EntityIndex()
        limit = int(ctx.settings.get("entities_max_chars", 50_000))
        prepared = _prepared(batch, limit)
        docs = {i: tokenise(t, _sentences(a, t)) for i, (a, t, lang) in enumerate(prepared) if lang == "ar"}
        tagged = dict(zip(docs, tag_batch(list(docs.values())), strict=True))
        fields: list[dict[str, Any]] = []
        for i, (_, text, lang) in enumerate(prepared):
            if i in docs:
                found = build_mentions(docs[i], tagged[i], index.names)
            else:
                found = english_mentions(text) if lang == "en" else []
            fields.append({"entity_mentions": link_mentions(found, index)})
        mentions = [
            {"article_id": a.id, **{k: m[k] for k in ("key", "start", "end", "text", "role")}}
            for a, f in zip(batch, fields, strict=True) for m in f["entity_mentions"]
        ]
        return StageOutput(fields, {"entities": index.take_dirty(), "mentions": mentions})


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
    order = sorted(range(len(found)), key=lambda i: (-len(found[i].tokens), found[i].start))
    for i in order:
        m = found[i]
        keys[i] = index.link(m.tokens, m.type, m.text, m.role, local)
        local.add(keys[i])
    return [
        {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "key": keys[i], "role": m.role}
        for i, m in enumerate(found)
    ]
