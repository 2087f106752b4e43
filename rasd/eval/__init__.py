"""Evaluation tasks: ``rasd eval TASK [--data PATH]``.

Each task module has ``run(data: Path | None) -> dict`` (some also take ``settings``) returning
``{"task", "data", "metrics": {...}, "baselines": {NAME: {...}}}`` (see docs/evaluation.md).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rasd.errors import UnknownTask

#: task name -> module with a ``run`` function
TASKS: dict[str, str] = {
    "reuse": "rasd.eval.reuse",
    "pairs": "rasd.eval.pairs",
    "dates": "rasd.eval.dates",
    "entities": "rasd.eval.entities",
    "variants": "rasd.eval.variants",
    "quotes": "rasd.eval.quotes",
    "events": "rasd.eval.events",
}


def available_tasks() -> dict[str, bool]:
    """Every known task and whether its module is present in this build."""
    return {name: importlib.util.find_spec(mod) is not None for name, mod in TASKS.items()}


def run_task(task: str, data: Path | None = None, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run one task; ``settings`` (changed from the defaults) reach the tasks whose ``run`` takes them."""
    if task not in TASKS:
        raise UnknownTask(f"Unknown evaluation task {task!r}; known: {', '.join(sorted(TASKS)) or 'none'}")
    module = importlib.import_module(TASKS[task])
    if settings and "settings" in inspect.signature(module.run).parameters:
        result: dict[str, Any] = module.run(data, settings=settings)
    else:
        result = module.run(data)
    return result
