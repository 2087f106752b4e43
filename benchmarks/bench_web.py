"""Bounded load test of the web API on loopback.

Builds (or reuses) a store from examples/demo, starts uvicorn in a subprocess on 127.0.0.1, then runs
CLIENTS concurrent httpx.AsyncClient workers for SECONDS against the story, event and search endpoints
(JSON and HTML). Prints requests/s, p50/p95/p99 latency and the error count as JSON; exits 1 on any error.

    .venv/bin/python benchmarks/bench_web.py --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).parent.parent
SERVER = ("import sys, uvicorn; from rasd.web.app import create_app; "
          "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")


def build_store(db: Path) -> None:
    if not db.exists():
        subprocess.run([sys.executable, "-m", "rasd", "--db", str(db), "run", str(REPO / "examples" / "demo")],
                       check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start at {url}")


def targets(base: str) -> list[str]:
    stories = httpx.get(f"{base}/api/stories?limit=200").json()["items"]
    events = httpx.get(f"{base}/api/events?limit=200").json()["items"]
    paths = []
    for s in stories[:5]:
        paths += [f"/api/stories/{s['id']}", f"/stories/{s['id']}"]
    for e in events[:5]:
        paths += [f"/api/events/{e['id']}", f"/events/{e['id']}"]
    for q in ("المياه", "الفائدة", "تونس", "العاصفة"):
        paths += [f"/api/search?q={q}", f"/search?q={q}"]
    return paths


async def worker(client: httpx.AsyncClient, paths: Any, stop: float, latencies: list[float], errors: list[str]) -> None:
    while time.monotonic() < stop:
        path = next(paths)
        start = time.perf_counter()
        try:
            response = await client.get(path)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}")
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__} {path}")
        latencies.append(time.perf_counter() - start)


async def load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    paths = itertools.cycle(targets(base))
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        start = time.monotonic()
        await asyncio.gather(*(worker(client, paths, start + seconds, latencies, errors) for _ in range(clients)))
        elapsed = time.monotonic() - start
    latencies.sort()
    pick = lambda q: round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1), "p50_ms": pick(0.50), "p95_ms": pick(0.95),
            "p99_ms": pick(0.99), "errors": len(errors), "error_samples": errors[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", default=None, help="Store to serve (default: a fresh demo store in a temp dir)")
    args = parser.parse_args()
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="rasd-bench-web-")) / "demo.db"
    build_store(db)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], env=dict(os.environ))
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/api/sources")
        result = asyncio.run(load(base, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps({"db": str(db), **result}, ensure_ascii=False, indent=2))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
