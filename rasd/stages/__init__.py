"""Stage registry: name -> implementation, and the default order of a run."""

from __future__ import annotations

import importlib

from rasd.errors import UnknownStageError
from rasd.stages.base import Stage

#: stage name -> "module:Class"
REGISTRY: dict[str, str] = {
    "text": "rasd.stages.text:TextStage",
    "dates": "rasd.stages.dates:DatesStage",
    "reuse": "rasd.stages.reuse:ReuseStage",
    "entities": "rasd.stages.entities:EntitiesStage",
    "quotes": "rasd.stages.quotes:QuotesStage",
    "events": "rasd.stages.events:EventsStage",
    "stories": "rasd.stages.stories:StoriesStage",
    "summaries": "rasd.stages.summaries:SummariesStage",
}

#: the order ``rasd run`` uses; each stage's ``requires`` must be met by the ones before it
DEFAULT_STAGES: tuple[str, ...] = (
    "text", "dates", "reuse", "entities", "quotes", "events", "stories", "summaries",
)


def load_stage(name: str) -> Stage:
    if name not in REGISTRY:
        raise UnknownStageError(f"Unknown stage {name!r}; known: {', '.join(REGISTRY)}")
    module, _, cls = REGISTRY[name].partition(":")
    stage: Stage = getattr(importlib.import_module(module), cls)()
    return stage
