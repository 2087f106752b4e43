"""One settings object: defaults < rasd.toml < RASD_* environment < CLI flags.

Every key is declared once, as a ``Setting`` with its type and help text; the
declarations drive ``rasd settings``, the CLI's ``--set KEY=VALUE`` and docs/settings.md.
Stage modules declare their own keys in a module-level ``SETTINGS`` list and
``rasd.settings`` gathers them from the modules listed in ``SETTING_MODULES``.
"""

from __future__ import annotations

import importlib
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    help: str

    @property
    def type(self) -> type:
        return type(self.default)

    def parse(self, raw: Any, origin: str) -> Any:
        """Coerce ``raw`` (from TOML, the environment or a flag) to this setting's type."""
        kind = self.type
        if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
            return raw
        text = str(raw).strip()
        try:
            if kind is bool:
                if text.lower() in {"1", "true", "yes", "on"}:
                    return True
                if text.lower() in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(text)
            return kind(text)
        except ValueError:
            raise SettingsError(
                f"Setting '{self.key}' from {origin} must be {kind.__name__}, got {raw!r}"
            ) from None


CORE_SETTINGS: list[Setting] = [
    Setting("db", "rasd.db", "Path of the SQLite store (or a sqlite:/// URL)."),
    Setting("batch_size", 500, "Articles per transaction: a crash loses at most one batch of work."),
    Setting("max_input_bytes", 20_000_000, "Inputs larger than this are rejected as too_large."),
    Setting("min_text_chars", 80, "Articles with less text than this after cleaning are rejected as too_short."),
    Setting("max_text_chars", 200_000, "Article text beyond this many characters is cut (the cut is recorded)."),
    Setting("fetch_timeout", 20.0, "Seconds before a URL fetch gives up."),
    Setting("allow_private", False, "Allow fetching private, loopback and link-local addresses."),
    Setting("user_agent", "rasd/0.1 (+news monitoring; polite)", "User-Agent header for fetches."),
    Setting("workers", 0, "Worker processes for parsing and per-article stages (0 = one per CPU, at most 4; 1 = in-process)."),
]

#: Modules with a ``SETTINGS`` list of their own (stages add themselves here).
SETTING_MODULES: tuple[str, ...] = (
    "rasd.stages.reuse",
    "rasd.stages.entities",
    "rasd.stages.quotes",
    "rasd.stages.events",
    "rasd.stages.stories",
    "rasd.engines.options",
    "rasd.watch",
)


def declared() -> dict[str, Setting]:
    """Every declared setting, by key."""
    out = {s.key: s for s in CORE_SETTINGS}
    for name in SETTING_MODULES:
        for s in getattr(importlib.import_module(name), "SETTINGS", []):
            if s.key in out:
                raise SettingsError(f"Setting '{s.key}' is declared twice ({name})")
            out[s.key] = s
    return out


class Settings(Mapping[str, Any]):
    """Resolved settings with the origin of each value (default, file, env or flag)."""

    def __init__(self, values: dict[str, Any], origins: dict[str, str]) -> None:
        self._values = values
        self.origins = origins

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings in priority order: defaults < rasd.toml < RASD_* < ``overrides``."""
    decl = declared()
    values = {k: s.default for k, s in decl.items()}
    origins = dict.fromkeys(decl, "default")
    path = config_file or Path("rasd.toml")
    if path.is_file():
        _apply(decl, values, origins, _read_toml(path), f"file {path}")
    env = os.environ if environ is None else environ
    env_values = {k[5:].lower(): v for k, v in env.items() if k.startswith("RASD_")}
    _apply(decl, values, origins, {k: v for k, v in env_values.items() if k in decl}, "environment")
    _apply(decl, values, origins, dict(overrides or {}), "command line")
    return Settings(values, origins)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"Cannot read {path}: {exc}") from None
    return dict(data.get("rasd", data))


def _apply(
    decl: dict[str, Setting], values: dict[str, Any], origins: dict[str, str], new: dict[str, Any], origin: str
) -> None:
    for key, raw in new.items():
        if raw is None:
            continue
        if key not in decl:
            raise SettingsError(f"Unknown setting '{key}' from {origin}; see 'rasd settings'")
        values[key] = decl[key].parse(raw, origin)
        origins[key] = origin
