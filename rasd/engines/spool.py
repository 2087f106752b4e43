"""Raw inputs spooled to files that the executors read, so the corpus never sits in the driver.

``SparkContext.parallelize`` over the inputs themselves would hold every raw article in the
driver's Python process and again in its JVM heap (a 300,000-article corpus ran a 2 GB driver
out of heap). Instead the driver streams the inputs into files of ``per_file`` inputs next to
the store (pickled ``(input position, RawInput | Rejection)`` pairs, written and read only by
rasd), parallelizes the list of file paths, and each task reads its own files. On a cluster the
folder must be on storage every executor can read, like the Parquet output.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.model import Rejection
from rasd.sources.readers import RawInput

Item = tuple[int, RawInput | Rejection]


def spool_inputs(items: Iterable[Item], folder: Path, per_file: int) -> tuple[list[str], int]:
    """Write ``items`` into files of at most ``per_file``; returns the file paths and the item count."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    chunk: list[Item] = []
    count = 0

    def flush() -> None:
        path = folder / f"inputs-{len(paths):06d}.pickle"
        with path.open("wb") as fh:
            pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)
        paths.append(str(path))

    for item in items:
        chunk.append(item)
        count += 1
        if len(chunk) >= max(1, per_file):
            flush()
            chunk = []
    if chunk:
        flush()
    return paths, count


def read_spooled(paths: Iterable[str]) -> Iterator[Item]:
    """The items of the spooled files, in file order (a ``mapPartitions`` source)."""
    for path in paths:
        with open(path, "rb") as fh:
            yield from pickle.load(fh)  # files written by spool_inputs in this run
