"""Fixtures for the stage tests: the training scripts as modules (scripts/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def ner_folds() -> ModuleType:
    return _load("ner_folds")


@pytest.fixture
def train_ner() -> ModuleType:
    return _load("train_ner")


@pytest.fixture
def embeddings_probe() -> ModuleType:
    return _load("embeddings_probe")
