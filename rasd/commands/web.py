"""``rasd serve``: the web UI and JSON API over the store (read-only unless writes are allowed)."""

from __future__ import annotations

import os

import click

from rasd.cli import _settings, cli, err_console
from rasd.errors import SettingsError, StoreError


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind (the default is loopback only; 0.0.0.0 exposes the store to the network).")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--allow-writes", is_flag=True,
              help="Enable POST /api/articles (ingest); needs a token in the RASD_API_TOKEN environment variable.")
@click.option("--max-body", type=int, default=2_000_000, show_default=True, help="Request body limit in bytes.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_writes: bool, max_body: int) -> None:
    """Serve the web UI (HTML pages) and its JSON twin under /api (OpenAPI at /api/openapi.json)."""
    import uvicorn

    from rasd.web.app import create_app

    db = str(_settings(ctx)["db"])
    if "://" in db:
        db = db.partition("://")[2].removeprefix("/")
    if not os.path.exists(db):
        raise StoreError(f"No store at {db}; run 'rasd run PATH' first (or pass --db)")
    token = os.environ.get("RASD_API_TOKEN") or None
    if allow_writes and (not token or len(token) < 16):
        raise SettingsError("--allow-writes needs RASD_API_TOKEN set to a secret of at least 16 characters")
    app = create_app(db, allow_writes=allow_writes, token=token, max_body=max_body)
    err_console.print(f"rasd serving {db} on http://{host}:{port}/ (read-only{'' if not allow_writes else ' + ingest'})")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
