"""Regenerate docs/cli.md (from the commands' --help) and docs/settings.md (from the declared settings).

Run: .venv/bin/python scripts/gen_docs.py      (tests/test_docs.py fails when the files are stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rasd.cli import cli
from rasd.settings import declared

DOCS = Path(__file__).resolve().parent.parent / "docs"


def cli_reference() -> str:
    out = ["# CLI reference", "", "Generated from `rasd --help` by `scripts/gen_docs.py`; do not edit by hand.", ""]
    ctx = click.Context(cli, info_name="rasd", terminal_width=100, max_content_width=100)
    out += ["```", cli.get_help(ctx), "```", ""]
    for name in sorted(cli.commands):
        command = cli.commands[name]
        sub = click.Context(command, info_name=f"rasd {name}", parent=ctx, terminal_width=100, max_content_width=100)
        out += [f"## rasd {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(out)


def settings_reference() -> str:
    out = ["# Settings", "",
           "Generated from the declarations by `scripts/gen_docs.py`; do not edit by hand.", "",
           ("Priority: defaults < `rasd.toml` (keys at top level or under `[rasd]`) < `RASD_<KEY>` environment "
           "variables < `--set KEY=VALUE` / `--db`. `rasd settings` shows each value and where it came from."), "",
           "| key | default | help |", "|---|---|---|"]
    for key, s in declared().items():
        out.append(f"| `{key}` | `{s.default!r}` | {s.help} |")
    return "\n".join(out) + "\n"


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    (DOCS / "cli.md").write_text(cli_reference(), encoding="utf-8")
    (DOCS / "settings.md").write_text(settings_reference(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
