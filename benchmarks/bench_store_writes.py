"""Bytes written and time per article by the reuse stage's store writes as the store grows.

Usage: .venv/bin/python benchmarks/bench_store_writes.py [N_ARTICLES] [--shared P] [PRAGMA ...]
       e.g. ``bench_store_writes.py 60000 cache_size=-1048576``

Writes N_ARTICLES synthetic articles' reuse rows through ``ReuseAdapter.save`` in batches of 500, one
transaction each, into a fresh store in a temporary folder: per article a ``reuse_docs`` row (512-byte
signature) and 65 passage fingerprints with random 63-bit hashes (about what an ANT article has), every one
new, or with ``--shared P`` a share P of them taken from the previous batch's articles, so that the shared
passages' rows (``reuse_passages`` and the span rows, written only once a passage has two carriers) cost
their part. Every 20,000 articles it prints wall and CPU milliseconds per article and the kilobytes this process
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


def batch_updates(rng: random.Random, first_seq: int, shared: float,
                  before: list[tuple[str, list[int], list[int]]]) -> ReuseUpdates:
    """One batch's rows; ``before`` holds the previous batch's (article id, hashes, starts)."""
    up = ReuseUpdates()
    carriers: dict[int, int] = {}
    for i in range(BATCH):
        aid = f"{rng.getrandbits(64):016x}"
        hashes = [rng.getrandbits(63) for _ in range(PRINTS)]
        starts = list(range(0, PRINTS * 10, 10))
        if before and shared > 0:
            src_id, src_hashes, _ = rng.choice(before)
            for k in rng.sample(range(PRINTS), int(PRINTS * shared)):
                h = src_hashes[k]
                hashes[k] = h
                carriers[h] = carriers.get(h, 1) + 1
                if carriers[h] == 2:
                    up.newly_shared.append((h, src_id))
                up.shared_spans.append((h, aid, starts[k], starts[k] + 40))
                up.passages.append((h, src_id, carriers[h]))
        up.doc_prints.append((aid, hashes, starts, [s + 40 for s in starts]))
        up.docs.append((aid, first_seq + i, None, None, None, 100, rng.randbytes(512), rng.randbytes(128)))
    return up


def main() -> None:
    args = sys.argv[1:]
    shared = 0.0
    if "--shared" in args:
        at = args.index("--shared")
        shared = float(args[at + 1])
        del args[at:at + 2]
    n = int(args[0]) if args else 60_000
    with tempfile.TemporaryDirectory(prefix="rasd-bench-store-") as tmp:
        store = connect(os.path.join(tmp, "s.db"))
        for pragma in args[1:]:
            store.conn.execute(f"PRAGMA {pragma}")
        rng, adapter = random.Random(1), ReuseAdapter()
        before: list[tuple[str, list[int], list[int]]] = []
        t, c, w = time.perf_counter(), time.process_time(), written_bytes()
        for b in range(n // BATCH):
            updates = batch_updates(rng, b * BATCH, shared, before)
            before = [(aid, hs, sa) for aid, hs, sa, _ in updates.doc_prints]
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
