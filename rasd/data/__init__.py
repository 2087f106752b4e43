"""Data shipped with rasd: character maps, lexicons, gazetteers and small models."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load_json(name: str) -> Any:
    """Load ``rasd/data/<name>`` (JSON) once per process."""
    return json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def read_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of ``rasd/data/<name>``."""
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
