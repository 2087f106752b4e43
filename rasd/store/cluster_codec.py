"""Compact encodings of online-clustering state for the store (see schema/040_cluster_state_packed.sql).

A cluster's term weights are packed as little-endian float64 values, so a reloaded cluster is bit-for-bit
the one saved (a resumed run equals an uninterrupted one) without formatting floats as text. Document
frequency deltas are one zlib-compressed JSON pair of lists per batch.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Mapping
from typing import Any

from rasd.errors import StoreError

STATE_VERSION = 2
_ZLIB_LEVEL = 1


def pack_floats(values: list[float]) -> bytes:
    arr = array("d", values)
    if sys.byteorder == "big":  # pragma: no cover - little-endian machines only in CI
        arr.byteswap()
    return arr.tobytes()


def unpack_floats(blob: bytes) -> list[float]:
    if len(blob) % 8:
        raise StoreError("Corrupt cluster weights: length is not a multiple of 8")
    arr = array("d")
    arr.frombytes(blob)
    if sys.byteorder == "big":  # pragma: no cover
        arr.byteswap()
    return arr.tolist()


def encode_cluster(c: Mapping[str, Any]) -> tuple[str, bytes]:
    """(state JSON, packed weights) of a cluster dict (``Cluster.to_dict``)."""
    centroid, title, emb = c["centroid"], c["title"], list(c.get("emb") or [])
    fields = {"v": STATE_VERSION, "centroid": list(centroid), "title": list(title), "entities": c["entities"]}
    if emb:
        fields["emb"] = len(emb)  # the summed lead embedding's values follow the term weights
    if c.get("langs"):
        fields["langs"] = c["langs"]
    if c.get("weekdays"):
        fields["weekdays"] = c["weekdays"]
    concepts = c.get("concepts") or {}
    if concepts:
        fields["concepts"] = list(concepts)  # their weights follow the embedding's
    state = json.dumps(fields, ensure_ascii=False)
    return state, pack_floats([*centroid.values(), *title.values(), *emb, *concepts.values()])


def decode_cluster(state: str, weights: bytes | None) -> dict[str, Any]:
    """The cluster dict fields stored in ``state`` (and ``weights`` for version-2 rows)."""
    try:
        data = json.loads(state)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"Corrupt cluster state: {exc}") from None
    if not isinstance(data, dict):
        raise StoreError("Corrupt cluster state: not an object")
    if data.get("v") != STATE_VERSION:
        return data  # JSON state written before schema 040
    if weights is None:
        raise StoreError("Corrupt cluster state: packed state without weights")
    values = unpack_floats(bytes(weights))
    terms, title = list(data.get("centroid") or []), list(data.get("title") or [])
    concepts = data.pop("concepts", None) or []
    dim = data.pop("emb", 0)
    if not isinstance(dim, int) or dim < 0 or not isinstance(concepts, list) \
            or len(values) != len(terms) + len(title) + dim + len(concepts):
        raise StoreError("Corrupt cluster state: term and weight counts differ")
    data["centroid"] = dict(zip(terms, values[: len(terms)], strict=True))
    data["title"] = dict(zip(title, values[len(terms) : len(terms) + len(title)], strict=True))
    end = len(terms) + len(title) + dim
    if dim:
        data["emb"] = values[len(terms) + len(title) : end]
    if concepts:
        data["concepts"] = dict(zip(map(str, concepts), values[end:], strict=True))
    return data


def encode_df(delta: Mapping[str, int]) -> bytes:
    """One batch's document-frequency changes."""
    return zlib.compress(json.dumps([list(delta), list(delta.values())], ensure_ascii=False).encode("utf-8"),
                         _ZLIB_LEVEL)


def decode_df(blob: bytes) -> tuple[list[str], list[int]]:
    try:
        terms, counts = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (TypeError, ValueError, zlib.error) as exc:
        raise StoreError(f"Corrupt document-frequency delta: {exc}") from None
    if not isinstance(terms, list) or not isinstance(counts, list) or len(terms) != len(counts):
        raise StoreError("Corrupt document-frequency delta: mismatched lists")
    return terms, counts
