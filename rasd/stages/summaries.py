"""Summaries stage: marks which events a batch changed, so their summaries are refreshed.

Design: an event's title and summary depend on *all* its articles, most of which
are not in the current batch, and a pure stage cannot read the store. So this stage
assigns nothing per article; it returns the ids of the events the batch touched,
and ``rasd.store.events.SummariesAdapter.save`` drops their cached summaries. The
read path (``rasd.store.events.get_event``/``timeline``) computes a missing or stale
summary from the stored member articles with ``rasd.cluster.summarise`` and caches it
in the ``summaries`` table (keyed by the event's article count, so a stale row is
never served).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rasd.model import Article
from rasd.stages.base import StageContext, StageOutput


class SummariesStage:
    name: ClassVar[str] = "summaries"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("event_id",)
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        touched = sorted({str(a.annotations["event_id"]) for a in batch if a.annotations.get("event_id")})
        return StageOutput(fields=[{} for _ in batch], state_updates={"events": touched})
