"""Stories stage: events linked into stories by shared key entities and topical similarity.

Stories cluster at a coarser grain than events, over a longer window (weeks): an
article whose event already belongs to a story joins that story (and strengthens
it); the first article of a new event is scored against the active stories and
joins the best one at or above ``stories_threshold``, else founds a story whose id
hashes the event id. ``ctx.state`` is a ``StoriesState`` (built by
``rasd.store.events.StoriesAdapter``). The article features are the events stage's
(``rasd.cluster.features.features_of`` keeps them until this stage used them), so
they are computed once, in the worker processes when the embedded runner has them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rasd.cluster.embedding import spec
from rasd.cluster.features import add_concepts, features_of
from rasd.cluster.model import ClusterConfig
from rasd.cluster.online import OnlineClusterer
from rasd.model import Article
from rasd.settings import Setting
from rasd.stages.base import StageContext, StageOutput
from rasd.stages.events import EMBEDDING_CANDIDATES, embedder_of, processing_order, uses_concepts

SETTINGS: list[Setting] = [
    Setting("stories_threshold", 0.22, "Score a new event's first article needs to join an existing story."),
    Setting("stories_window_days", 45, "Events are linked into stories active within this many days."),
    Setting("stories_w_entities", 0.4, "Weight of shared key entities in story linking."),
    Setting("stories_cross_language_entities", 0.0, "Without an embedder: shared-entity weight (as "
            "events_cross_language_entities) at which a dated article joins a dated story with no article in its "
            "language (0: off)."),
    Setting("stories_cross_language_terms", 0.0, "Without an embedder: as events_cross_language_terms, for a "
            "dated article and a dated story with no article in its language (0: off)."),
    Setting("stories_cross_language_cosine", 0.0, "With events_embedder: lead cosine at which an article joins a "
            "story with no article in its language (0: the model's default, use 0.50, e5 0.83)."),
]


def stories_config(settings: Mapping[str, Any]) -> ClusterConfig:
    """Story clustering knobs from settings (defaults where unset)."""
    d = {s.key: s.default for s in SETTINGS}
    d.update({k: v for k, v in settings.items() if k in d})
    window = int(d["stories_window_days"])
    return ClusterConfig(
        prefix="st",
        threshold=float(d["stories_threshold"]),
        merge_threshold=0.7,
        window_days=window,
        w_title=0.1,
        w_entities=float(d["stories_w_entities"]),
        date_penalty=0.1,
        date_scale=float(max(1, window)),
        centroid_cap=250,
        cross_language_entities=float(d["stories_cross_language_entities"]),
        cross_language_terms=float(d["stories_cross_language_terms"]),
        **story_embedding_knobs(settings, float(d["stories_cross_language_cosine"])),
    )


def story_embedding_knobs(settings: Mapping[str, Any], cut: float) -> dict[str, Any]:
    """Stories read the lead embeddings the events stage made (``events_embedder``), with their own cut."""
    name = embedder_of(settings)
    if not name:
        return {}
    return {"embedding_cut": cut or spec(name).story_cut, "embedding_candidates": EMBEDDING_CANDIDATES}


@dataclass(slots=True)
class StoriesState:
    """Story clusters over articles, and which story each known event belongs to."""

    clusterer: OnlineClusterer
    event_story: dict[str, str] = field(default_factory=dict)
    new_links: list[tuple[str, str]] = field(default_factory=list)


class StoriesStage:
    name: ClassVar[str] = "stories"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("id", "text", "event_id")
    assigns: ClassVar[tuple[str, ...]] = ("story_id",)

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        if not isinstance(ctx.state, StoriesState):
            ctx.state = StoriesState(OnlineClusterer(stories_config(ctx.settings)))
        state: StoriesState = ctx.state
        feats = [features_of(a, last_use=True) for a in batch]
        if uses_concepts(ctx.settings):
            add_concepts(batch, feats)
        state.clusterer.recall(f.day for f in feats)
        ids: list[str] = [""] * len(batch)
        for i in processing_order(feats):
            ids[i] = self._assign(state, batch[i], feats[i])
        clusterer = state.clusterer
        ids = [clusterer.resolve(sid) for sid in ids]
        clusterer.expire()
        updates = clusterer.take_changes()
        updates["event_links"], state.new_links = state.new_links, []
        return StageOutput(fields=[{"story_id": sid} for sid in ids], state_updates=updates)

    @staticmethod
    def _assign(state: StoriesState, article: Article, feats: Any) -> str:
        event = article.annotations.get("event_id")
        event = str(event) if event else f"ev:{article.id}"
        link = state.event_story.get(event)
        sid = state.clusterer.assign(article.id, feats, link=link)
        if link is None or state.clusterer.resolve(link) != sid:
            state.event_story[event] = sid
            state.new_links.append((event, sid))
        return sid
