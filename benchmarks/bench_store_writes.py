"""Bytes written and time per article by the reuse stage's store writes as the store grows.

Usage: .venv/bin/python benchmarks/bench_store_writes.py [N_ARTICLES] [PRAGMA ...]
       e.g. ``bench_store_writes.py 60000 cache_size=-1048576``

Writes N_ARTICLES synthetic articles' reuse rows through ``ReuseAdapter.save`` in batches of 500, one
transaction each, into a fresh store in a temporary folder: per article a ``reuse_docs`` row (512-byte
signature) and 65 passage fingerprints with random 63-bit hashes (about what an ANT article has), every one
new. Every 20,000 articles it prints wall and CPU milliseconds per article and the kilobytes this process
wrote to disk per article (``write_bytes`` of /proc/self/io: the WAL and the checkpoints into the database),
the figure that grows with the store when inserts land on random B-tree pages.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time

from rasd.reuse.state import ReuseUpdates
from rasd.store import connect
from rasd.store.reuse import ReuseAdapter

BATCH, PRINTS, REPORT = 500, 65, 20_000


def written_bytes() -> int:
    with open("/proc/self/io", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("write_bytes"):
                return int(line.split()[1])
    return 0


def batch_updates(rng: random.Random, first_seq: int) -> ReuseUpdates:
    up = ReuseUpdates()
    for i in range(BATCH):
        aid = f"{rng.getrandbits(64):016x}"
        hashes = [rng.getrandbits(63) for _ in range(PRINTS)]
        starts = list(range(0, PRINTS * 10, 10))
        up.doc_prints.append((aid, hashes, starts, [s + 40 for s in starts]))
        up.docs.append((aid, first_seq + i, None, None, None, 100, rng.randbytes(512), rng.randbytes(128)))
    return up


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    with tempfile.TemporaryDirectory(prefix="rasd-bench-store-") as tmp:
        store = connect(os.path.join(tmp, "s.db"))
        for pragma in sys.argv[2:]:
            store.conn.execute(f"PRAGMA {pragma}")
        rng, adapter = random.Random(1), ReuseAdapter()
        t, c, w = time.perf_counter(), time.process_time(), written_bytes()
        for b in range(n // BATCH):
            updates = batch_updates(rng, b * BATCH)
            store.begin()
            adapter.save(store.conn, updates)
            store.commit()
            if ((b + 1) * BATCH) % REPORT == 0:
                t2, c2, w2 = time.perf_counter(), time.process_time(), written_bytes()
                print(f"{(b + 1) * BATCH} articles: {1000 * (t2 - t) / REPORT:.2f} ms/article wall, "
                      f"{1000 * (c2 - c) / REPORT:.2f} ms CPU, {(w2 - w) / REPORT / 1024:.0f} KB written/article",
                      flush=True)
                t, c, w = t2, c2, w2
        store.close()


if __name__ == "__main__":
    main()
