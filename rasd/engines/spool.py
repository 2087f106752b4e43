"""Raw inputs spooled to files that the executors read, so the corpus never sits in the driver.

``SparkContext.parallelize`` over the inputs themselves would hold every raw article in the
driver's Python process and again in its JVM heap (a 300,000-article corpus ran a 2 GB driver
out of heap). Instead the driver streams the inputs into files of ``per_file`` inputs next to
the store (JSON lines: the input position and the ``RawInput`` fields, raw bytes in base64, or
the ``Rejection``; rasd never unpickles files), parallelizes the list of file paths, and each
task reads its own files. On a cluster the folder must be on storage every executor can read,
like the Parquet output.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
        path = folder / f"inputs-{len(paths):06d}.jsonl"
        with path.open("w", encoding="ascii") as fh:
            fh.writelines(json.dumps(_encode(i, item)) + "\n" for i, item in chunk)
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
        with open(path, encoding="ascii") as fh:
            yield from map(_decode, fh)


def _encode(idx: int, item: RawInput | Rejection) -> dict[str, Any]:
    if isinstance(item, Rejection):
        return {"i": idx, "rejection": item.to_dict()}
    return {"i": idx, "ref": item.ref, "kind": item.kind, "data": base64.b64encode(item.data).decode("ascii"),
            "record": item.record, "url": item.url, "digest": item.digest}


def _decode(line: str) -> Item:
    row = json.loads(line)
    if "rejection" in row:
        return row["i"], Rejection(**row["rejection"])
    return row["i"], RawInput(ref=row["ref"], kind=row["kind"], data=base64.b64decode(row["data"]),
                              record=row["record"], url=row["url"], digest=row["digest"])
