"""What a stage is.

A stage is a pure function from a batch of articles to one dict of assigned
fields per article. It never opens a file, a socket or the database: the same
object runs in-process, in a unit test on hand-built articles, and inside Spark
``mapPartitions``. Stages that need cross-article state (reuse, events) receive
it read-only through ``StageContext.state`` and return their updates in
``StageOutput.state_updates``; the runner persists those.

A stage that runs in the main process (a stateful one, or any stage after it) may
split its pure per-article work off as an optional ``prepare(batch, settings) ->
list`` method (see ``Preparing``): one value per article, computed from the article
and the settings only. The embedded runner calls it in its worker processes when
every field ``prepare`` reads is there already (``prepare_reads`` if the stage
declares it, else ``requires`` and ``optional``): base fields, or fields of the
stages that run in the workers. It hands the values to the stage in
``StageContext.prepared``, aligned with the batch. The stage must give the same
output with or without them (``prepared is None``: it calls ``prepare`` itself),
and they are never stored.
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
    #: the stage's own ``prepare`` values for this batch (one per article, in order), or None
    prepared: Sequence[Any] | None = None


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


@runtime_checkable
class Preparing(Stage, Protocol):
    """A stage with a pure per-article first step that may run elsewhere (worker processes)."""

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[Any]: ...


def qualified_name(stage: Stage) -> str:
    return f"rasd.{stage.name}.v{stage.version}"
