"""``load.read_articles``: the Spark output read back in idx order without Spark."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.engines.load import read_articles

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _part(folder: Path, name: str, idxs: list[int], signed: bool = True) -> None:
    table = pa.table({
        "idx": pa.array(idxs, pa.int64()),
        "id": [f"a{i}" for i in idxs],
        "article": [f'{{"n": {i}}}' for i in idxs],
        "signature": pa.array([bytes([i % 256]) * 4 if signed and i % 3 else None for i in idxs], pa.binary()),
        "band_keys": pa.array([[i, i + 1] if signed and i % 3 else None for i in idxs], pa.list_(pa.int64())),
    })
    pq.write_table(table, folder / name)


def test_parts_are_ordered_by_their_first_idx_and_rebatched(tmp_path: Path) -> None:
    # file names deliberately disagree with the idx ranges; one part is empty
    _part(tmp_path, "part-00000.parquet", list(range(7, 12)))
    _part(tmp_path, "part-00001.parquet", list(range(7)))
    _part(tmp_path, "part-00002.parquet", [])
    _part(tmp_path, "part-00003.parquet", list(range(12, 13)))
    batches = list(read_articles(tmp_path, 4, sketches=True))
    assert [len(b) for b in batches] == [4, 4, 4, 1]
    rows = [r for b in batches for r in b]
    assert [r[0] for r in rows] == list(range(13))
    assert rows[4][1] == '{"n": 4}'
    assert rows[3][2] is None  # 3 % 3 == 0: no sketch
    assert rows[4][2] == (bytes([4]) * 4, [4, 5])


def test_without_sketches_the_columns_are_not_read(tmp_path: Path) -> None:
    _part(tmp_path, "p.parquet", [0, 1, 2])
    assert [r[2] for b in read_articles(tmp_path, 10, sketches=False) for r in b] == [None, None, None]


def test_overlapping_parts_are_an_error_not_a_silent_reorder(tmp_path: Path) -> None:
    _part(tmp_path, "a.parquet", [0, 5, 6])
    _part(tmp_path, "b.parquet", [3, 4])
    with pytest.raises(RuntimeError, match="out of idx order"):
        list(read_articles(tmp_path, 10, sketches=True))
