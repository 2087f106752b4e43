"""Cross-document entity linking on the driver, in input order.

The entities stage is split at its one cross-document step: the executors tokenise
and CRF-tag (``EntitiesStage.prepare``, i.e. ``ner_payloads``); the driver walks the articles
in input order and runs the stage's own ``mentions_of`` (``mentions.finish`` + ``link_mentions``)
against one ``EntityIndex``, exactly as ``EntitiesStage.__call__`` does batch after batch.
Mention spans depend on the index (clitic stripping consults the names known so far),
so this order is what makes them identical to the embedded engine's.
"""

from __future__ import annotations

from typing import Any

from rasd.stages.entities import mentions_of

#: Linked mentions of one article from its executor payload (the stage's own function).
link_one = mentions_of


def mention_rows(article_id: str, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``mentions`` part of the stage's state updates (``EntityAdapter.save``)."""
    return [{"article_id": article_id, **{k: m[k] for k in ("key", "start", "end", "text", "role")}}
            for m in mentions]
