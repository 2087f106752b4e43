"""Spooling the Spark engine's inputs to files (rasd.engines.spool), without Spark."""

from __future__ import annotations

from pathlib import Path

from rasd.engines.spool import read_spooled, spool_inputs
from rasd.model import Rejection
from rasd.sources.readers import RawInput


def test_spooled_inputs_come_back_in_order(tmp_path: Path) -> None:
    items = [(i, RawInput(ref=f"r{i}", data=f"نص رقم {i}".encode(), kind="text")) for i in range(7)]
    items.append((7, Rejection("r7", "too_large", "too big")))
    items.append((8, RawInput(ref="r8", kind="record", record={"title": "عنوان", "text": "نص \u202e مقلوب"}, url="https://x.test/8")))
    items.append((9, RawInput(ref="r9", kind="html", data=b"\xff\xfe<p>bytes that are not UTF-8</p>")))
    paths, count = spool_inputs(iter(items), tmp_path / "spool", per_file=3)
    assert count == 10 and len(paths) == 4
    back = list(read_spooled(paths))
    assert back == items


def test_nothing_to_spool(tmp_path: Path) -> None:
    assert spool_inputs(iter([]), tmp_path / "empty", per_file=10) == ([], 0)
