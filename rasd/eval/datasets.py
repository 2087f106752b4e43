"""Where the evaluation data lives, and loaders for it.

The real evaluation sets are never copied into the repo: they are read from
``../shared/eval`` (or ``$RASD_SHARED``). A missing file raises ``DataMissing``,
which the CLI reports as a skip with the path it looked for.
"""

from __future__ import annotations

import os
from pathlib import Path

from rasd.errors import DataMissing


def shared_dir() -> Path:
    """The shared folder: $RASD_SHARED, else the first ``../shared`` above the cwd or this package."""
    env = os.environ.get("RASD_SHARED")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve()):
        for parent in [base, *base.parents]:
            cand = parent.parent / "shared"
            if (cand / "eval").is_dir() or (cand / "seeds").is_dir():
                return cand
    return Path.cwd().parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under the shared folder; raises ``DataMissing`` when it does not exist."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        raise DataMissing(f"Evaluation data not found at {path} (set RASD_SHARED or pass --data)")
    return path


def seeds_dir() -> Path:
    return shared_path("seeds")
