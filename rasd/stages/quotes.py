"""Stage "quotes": direct and reported speech with resolved speakers.

Reads ``entity_mentions`` when the entities stage ran (speakers then carry entity
keys); without it, speakers are resolved from gazetteers and role words only.
The scan for quotes reads only the text (``prepare``, see ``rasd.stages.base``), so the
embedded runner runs it in its worker processes; speakers are resolved here, after the
entities stage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rasd.errors import PipelineError
from rasd.model import Article
from rasd.quotes.extract import Frame, as_dicts, frames_of, resolve_frames
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
    prepare_reads: ClassVar[tuple[str, ...]] = ("text", "lang", "sentences")  # not the mentions
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[list[Frame]]:
        """The scan for quotes, before speakers are resolved."""
        limit = int(settings.get("quotes_max_chars", 50_000))
        return [article_frames(a, limit) for a in batch]

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        limit = int(ctx.settings.get("quotes_max_chars", 50_000))
        frames = ctx.prepared if ctx.prepared is not None else self.prepare(batch, ctx.settings)
        if len(frames) != len(batch):
            raise PipelineError(f"quotes: {len(frames)} prepared scans for a batch of {len(batch)}")
        return StageOutput([{"quotes": _resolved(a, f, limit)} for a, f in zip(batch, frames, strict=True)])


def article_quotes(article: Article, limit: int = 50_000) -> list[dict[str, Any]]:
    return _resolved(article, article_frames(article, limit), limit)


def article_frames(article: Article, limit: int = 50_000) -> list[Frame]:
    """Quotes found in the first ``limit`` characters of an Arabic or English article, speakers unresolved."""
    text = (article.text or "")[:limit]
    if not text.strip():
        return []
    lang = article.lang or detect_language(text)
    if lang not in ("ar", "en"):
        return []
    sents = article.annotations.get("sentences") or sentences(text)
    sents = [(int(s), min(int(e), len(text))) for s, e in sents if int(s) < len(text)]
    return frames_of(text, sents, lang)


def _resolved(article: Article, frames: list[Frame], limit: int) -> list[dict[str, Any]]:
    """The quotes of ``frames`` with speakers resolved among the article's entity mentions."""
    if not frames:
        return []
    text = (article.text or "")[:limit]
    mentions = article.annotations.get("entity_mentions") or []
    return as_dicts(resolve_frames(text, frames, [m for m in mentions if m.get("end", 0) <= len(text)]))
