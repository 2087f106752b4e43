"""The text stage: sentence spans and word counts over the cleaned article text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rasd.model import Article
from rasd.stages.base import StageContext, StageOutput
from rasd.text.tokenize import count_words, sentences


class TextStage:
    name: ClassVar[str] = "text"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("sentences", "word_count")

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        return StageOutput([self.one(a) for a in batch])

    @staticmethod
    def one(article: Article) -> dict[str, object]:
        return {
            "sentences": [list(span) for span in sentences(article.text)],
            "word_count": count_words(article.text),
        }
