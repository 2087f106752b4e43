"""Reliability helpers: run rasd over one input in a child process, bounded in time, with its peak memory.

Peak memory is the child's VmHWM (reset at exec, unlike ru_maxrss, which Linux carries over from the parent).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
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


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"rasd_script_{name}", REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def hostile() -> ModuleType:
    return load_script("make_hostile_corpus")


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory, hostile: ModuleType) -> tuple[Path, dict[str, set[str]]]:
    """The generated hostile corpus (with the big files) and the outcomes each file may end in."""
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, hostile.make_corpus(root, big=True)


@pytest.fixture(scope="session")
def child_run() -> Runner:
    return run_child
