"""Spooling the Spark engine's inputs to files (rasd.engines.spool), without Spark."""

from __future__ import annotations

from pathlib import Path

from rasd.engines.spool import read_spooled, spool_inputs
from rasd.model import Rejection
from rasd.sources.readers import RawInput


def test_spooled_inputs_come_back_in_order(tmp_path: Path) -> None:
    items = [(i, RawInput(ref=f"r{i}", data=f"نص رقم {i}".encode(), kind="text")) for i in range(7)]
    items.append((7, Rejection("r7", "too_large", "too big")))
    paths, count = spool_inputs(iter(items), tmp_path / "spool", per_file=3)
    assert count == 8 and len(paths) == 3
    back = list(read_spooled(paths))
    assert [i for i, _ in back] == list(range(8))
    assert back[2][1] == items[2][1] and back[7][1] == items[7][1]


def test_nothing_to_spool(tmp_path: Path) -> None:
    assert spool_inputs(iter([]), tmp_path / "empty", per_file=10) == ([], 0)
