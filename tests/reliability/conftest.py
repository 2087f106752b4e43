"""Reliability helpers: run rasd over one input in a child process, bounded in time, with its peak memory;
a local feed server on 127.0.0.1 for the watch and concurrency tests.

Peak memory is the child's VmHWM (reset at exec, unlike ru_maxrss, which Linux carries over from the parent).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

_CHILD = r"""
import json, sys
from pathlib import Path
from rasd.pipeline import Pipeline
from rasd.settings import load_settings
from rasd.store import connect

target, db, stages = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
settings = load_settings({"workers": 1, "batch_size": 50, "max_input_bytes": int(sys.argv[4])}, config_file=Path("/nonexistent/rasd.toml"), environ={})
store = connect(db)
summary = Pipeline.from_names(stages).run([target], store, settings).to_dict()
con = store.conn
out = {
    "summary": summary,
    "articles": [r[0] for r in con.execute("SELECT input_ref FROM articles")],
    "rejections": [[r[0], r[1], r[2]] for r in con.execute("SELECT input_ref, reason, detail FROM rejections")],
    "inputs": [[r[0], r[1]] for r in con.execute("SELECT ref, outcome FROM inputs")],
    "maxrss_mb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024,
}
print(json.dumps(out, ensure_ascii=False))
"""


@dataclass
class Outcome:
    summary: dict[str, Any]
    articles: list[str]
    rejections: list[list[str]]
    inputs: list[list[str]]
    maxrss_mb: float

    @property
    def reasons(self) -> set[str]:
        return {r[1] for r in self.rejections}

    @property
    def outcomes(self) -> set[str]:
        return self.reasons | ({"article"} if self.articles else set())


def run_child(target: Path, db: Path, stages: str = "text", timeout: float = 60.0,
              max_input_bytes: int = 20_000_000) -> Outcome:
    """Run the pipeline over ``target`` in a fresh interpreter; raises on crash or timeout."""
    proc = subprocess.run(check=False, args=[sys.executable, "-c", _CHILD, str(target), str(db), stages,
                           str(max_input_bytes)], capture_output=True,
                          timeout=timeout, text=True, cwd=Path(__file__).parents[2])
    if proc.returncode != 0:
        raise AssertionError(f"rasd crashed on {target.name} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return Outcome(**json.loads(proc.stdout.strip().splitlines()[-1]))


REPO = Path(__file__).parents[2]
Runner = Callable[..., Outcome]


def load_script(name: str, folder: str = "scripts") -> ModuleType:
    """Import <folder>/<name>.py (scripts/ and benchmarks/ are not packages)."""
    spec = importlib.util.spec_from_file_location(f"rasd_{folder}_{name}", REPO / folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hostile() -> ModuleType:
    return load_script("make_hostile_corpus")


@pytest.fixture(scope="session")
def crash_trials() -> ModuleType:
    return load_script("crash_trials", folder="benchmarks")


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory, hostile: ModuleType) -> tuple[Path, dict[str, set[str]]]:
    """The generated hostile corpus (with the big files) and the outcomes each file may end in."""
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, hostile.make_corpus(root, big=True)


@pytest.fixture(scope="session")
def child_run() -> Runner:
    return run_child


# -- local feeds ------------------------------------------------------------------------------------
#: a feed body, or a function giving the body of each request (a feed that changes between polls)
Body = bytes | Callable[[], bytes]


def rss_feed(items: list[tuple[str, str, str, str]], title: str = "نشرة الساحل") -> bytes:
    """An RSS 2.0 document of (guid, title, link, description) items."""
    parts = [f"<item><guid>{escape(guid)}</guid><title>{escape(head)}</title><link>{escape(link)}</link>"
             f"<description>{escape(body)}</description><pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate></item>"
             for guid, head, link, body in items]
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            + "".join(parts) + "</channel></rss>").encode()


class FeedServer:
    """Serves ``feeds[path]`` with ETag and Last-Modified; ``fail``/``slow`` paths misbehave."""

    def __init__(self) -> None:
        self.feeds: dict[str, Body] = {}
        self.fail: set[str] = set()
        self.slow: dict[str, float] = {}
        self.log: list[tuple[float, str, dict[str, str]]] = []
        server = self

        class _H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.log.append((time.monotonic(), self.path, dict(self.headers)))
                server.answer(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        if h.path in self.slow:
            time.sleep(self.slow[h.path])
        if h.path in self.fail or h.path not in self.feeds:
            self._send(h, 500 if h.path in self.fail else 404, b"oops", {})
            return
        feed = self.feeds[h.path]
        body = feed() if callable(feed) else feed
        etag = f'"{abs(hash(body))}"'
        if h.headers.get("If-None-Match") == etag:
            self._send(h, 304, b"", {"ETag": etag})
            return
        self._send(h, 200, body, {"ETag": etag, "Last-Modified": formatdate(usegmt=True),
                                  "Content-Type": "application/rss+xml"})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except OSError:
            pass

    def requests(self, path: str) -> list[tuple[float, str, dict[str, str]]]:
        return [r for r in self.log if r[1] == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()
