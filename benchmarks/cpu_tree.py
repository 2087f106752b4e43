"""CPU seconds of a command and of every process it starts (workers, forkserver), for a shared machine.

Usage: .venv/bin/python benchmarks/cpu_tree.py COMMAND...
e.g.   .venv/bin/python benchmarks/cpu_tree.py .venv/bin/rasd bench ../shared/eval/ant/ant-v2.1.jsonl.gz \\
           --stages text --no-rerun --json

``/usr/bin/time`` misses the pipeline's worker processes: they are children of the forkserver, which is
never waited for. This samples /proc every 20 ms instead and keeps, per process of the command's tree, the
last utime + stime seen (a process's last < 20 ms can be missed). CPU time, unlike wall time, stays
comparable when other jobs share the cores. Prints "main …s  others …s  total …s  procs N". Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            raw = fh.read()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _tree(root: int, table: dict[int, tuple[int, float]]) -> set[int]:
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _) in table.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return family


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(__doc__ or "")
        return 2
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    seen: dict[int, float] = {}
    while proc.poll() is None:
        table = {pid: st for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (st := _stat(pid))}
        for pid in _tree(proc.pid, table) & table.keys():
            seen[pid] = max(seen.get(pid, 0.0), table[pid][1])
        time.sleep(0.02)
    main_cpu = seen.get(proc.pid, 0.0)
    others = sum(v for pid, v in seen.items() if pid != proc.pid)
    print(f"main {main_cpu:.2f}s  others {others:.2f}s  total {main_cpu + others:.2f}s  procs {len(seen)}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
