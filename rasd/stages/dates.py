"""The ``dates`` stage: publication date, every temporal expression, and the event date.

For each article: extract the temporal expressions anchored on the metadata date (when it
is plausible), choose the publication date (``rasd.dates.published``), re-anchor the
mentions when the chosen date differs, then vote the event date. Mentions that carry a
rejected page/crawl date do not vote. Works without the ``sentences`` annotation.

Optional hints in ``Article.meta``: ``page_dates`` (dates the HTML extractor saw on the page) and
``related_published`` (publication dates of articles sharing passages with this one, e.g. from
the reuse stage): used only when the text itself names today's weekday and agrees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from rasd.dates import DateMention, event_date, extract, parse_iso, resolve_published
from rasd.dates.published import latest_plausible_year
from rasd.model import Article
from rasd.stages.base import StageContext, StageOutput

__all__ = ["DateMention", "DatesStage", "event_date", "extract", "resolve_published"]


def _anchor(value: str | None) -> dt.datetime | None:
    when = parse_iso(value)
    return when if when is not None and 1990 <= when.year <= latest_plausible_year() else None


def _same_day(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.date() == b.date())


def dates_of(article: Article) -> dict[str, Any]:
    """The three fields the stage assigns, for one article."""
    text = article.text or ""
    meta = article.meta or {}
    page_dates = [str(p) for p in meta.get("page_dates", []) if p]
    first_anchor = _anchor(article.published)
    mentions = extract(text, first_anchor, article.lang or "ar")
    related = [str(p) for p in meta.get("related_published", []) if p]
    published = resolve_published(
        text, article.title, article.published, page_dates, mentions=mentions, related_dates=related
    )
    anchor = _anchor(published["value"])
    if not _same_day(anchor, first_anchor):
        mentions = extract(text, anchor, article.lang or "ar")
    rejected = {r["value"][:10] for r in published["rejected"]}
    voters = [m for m in mentions if not (m.value and m.value[:10] in rejected)]
    return {
        "date_mentions": [m.to_dict() for m in mentions],
        "published_resolved": published,
        "event_date": event_date(voters, published["value"]),
    }


class DatesStage:
    """``rasd.dates.v2``: see the module docstring. v2 (issue 4) reads the month "آب" (August) only as written
    with its madda (in v1 "باب" 'door' and "أب" 'father' gave false August dates); the backfill re-dates the
    articles of a store made by v1."""

    name: ClassVar[str] = "dates"
    version: ClassVar[int] = 2
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ("date_mentions", "published_resolved", "event_date")

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        return StageOutput(fields=[dates_of(article) for article in batch])
