"""Cross-document entity linking on the driver, in input order.

The entities stage is split at its one cross-document step: the executors tokenise
and CRF-tag (``perarticle.ner_payloads``); the driver walks the articles in input
order and runs the stage's own ``build_mentions`` + ``link_mentions`` against one
``EntityIndex``, exactly as ``EntitiesStage.__call__`` does batch after batch.
Mention spans depend on the index (clitic stripping consults the names known so far),
so this order is what makes them identical to the embedded engine's.
"""

from __future__ import annotations

from typing import Any

from rasd.ner.index import EntityIndex
from rasd.ner.mentions import build_mentions
from rasd.stages.entities import link_mentions


def link_one(payload: tuple[str, Any, Any] | None, index: EntityIndex) -> list[dict[str, Any]]:
    """Linked mentions of one article from its executor payload."""
    if payload is None:
        return []
    lang, first, second = payload
    if lang == "ar":
        found = build_mentions(first, second, index.names)
    else:
        found = list(first or [])
    return link_mentions(found, index)


def mention_rows(article_id: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``mentions`` part of the stage's state updates (``EntityAdapter.save``)."""
    return [{"article_id": article_id, **{k: m[k] for k in ("key", "start", "end", "text", "role")}}
            for m in mentions]
