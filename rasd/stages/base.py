"""What a stage is.

A stage is a pure function from a batch of articles to one dict of assigned
fields per article. It never opens a file, a socket or the database: the same
object runs in-process, in a unit test on hand-built articles, and inside Spark
``mapPartitions``. Stages that need cross-article state (reuse, events) receive
it read-only through ``StageContext.state`` and return their updates in
``StageOutput.state_updates``; the runner persists those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from rasd.model import Article


@dataclass(slots=True)
class StageContext:
    """Read-only inputs a stage may use besides the batch (settings values, prior state)."""

    settings: Mapping[str, Any] = field(default_factory=dict)
    state: Any = None


@dataclass(slots=True)
class StageOutput:
    """Per-article assigned fields (same order as the batch) and optional state updates."""

    fields: list[dict[str, Any]]
    state_updates: Any = None


@runtime_checkable
class Stage(Protocol):
    """Registered as ``rasd.<name>.v<version>``; ``requires``/``assigns`` are field names."""

    name: ClassVar[str]
    version: ClassVar[int]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput: ...


def qualified_name(stage: Stage) -> str:
    return f"rasd.{stage.name}.v{stage.version}"
