"""Stage "quotes": direct and reported speech with resolved speakers.

Reads ``entity_mentions`` when the entities stage ran (speakers then carry entity
keys); without it, speakers are resolved from gazetteers and role words only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rasd.model import Article
from rasd.quotes.extract import quotes_of
from rasd.settings import Setting
from rasd.stages.base import StageContext, StageOutput
from rasd.text import detect_language, sentences

SETTINGS: list[Setting] = [
    Setting("quotes_max_chars", 50_000, "Only the first this many characters of an article are searched for quotes."),
]


class QuotesStage:
    name: ClassVar[str] = "quotes"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text",)
    optional: ClassVar[tuple[str, ...]] = ("entity_mentions", "sentences")
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        limit = int(ctx.settings.get("quotes_max_chars", 50_000))
        return StageOutput([{"quotes": article_quotes(a, limit)} for a in batch])


def article_quotes(article: Article, limit: int = 50_000) -> list[dict[str, Any]]:
    text = (article.text or "")[:limit]
    if not text.strip():
        return []
    lang = article.lang or detect_language(text)
    if lang not in ("ar", "en"):
        return []
    sents = article.annotations.get("sentences") or sentences(text)
    sents = [(int(s), min(int(e), len(text))) for s, e in sents if int(s) < len(text)]
    mentions = article.annotations.get("entity_mentions") or []
    return quotes_of(text, sents, [m for m in mentions if m.get("end", 0) <= len(text)], lang)
