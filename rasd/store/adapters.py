"""State adapters of stateful stages, by stage name (see docs/architecture.md)."""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Mapping
from typing import Any, Protocol


class StateAdapter(Protocol):
    stage: str

    def load(self, conn: sqlite3.Connection, settings: Mapping[str, Any]) -> Any: ...

    def save(self, conn: sqlite3.Connection, updates: Any) -> None: ...


#: stage name -> "module:Class" of its adapter
ADAPTERS: dict[str, str] = {
    "reuse": "rasd.store.reuse:ReuseAdapter",
    "entities": "rasd.store.entities:EntityAdapter",
    "events": "rasd.store.events:EventsAdapter",
    "stories": "rasd.store.events:StoriesAdapter",
    "summaries": "rasd.store.events:SummariesAdapter",
}


def adapter_for(stage: str) -> StateAdapter | None:
    path = ADAPTERS.get(stage)
    if path is None:
        return None
    module, _, cls = path.partition(":")
    adapter: StateAdapter = getattr(importlib.import_module(module), cls)()
    return adapter
