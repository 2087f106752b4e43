"""``rasd watch FEEDS.txt --every 10m``: poll feeds and process new items until SIGINT/SIGTERM."""

from __future__ import annotations

import json
import logging
import signal
import threading
from pathlib import Path
from types import FrameType

import click

from rasd.cli import _settings, _store, cli


@cli.command()
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--every", default="10m", show_default=True, help="Polling interval: 30s, 10m, 1h …")
@click.option("--once", is_flag=True, help="Poll every feed once, process the new items and exit.")
@click.option("--stages", default=None, help="Comma-separated stages (default: all).")
@click.option("--allow-private", is_flag=True, default=None, help="Allow private and loopback feed addresses.")
@click.option("--quiet", is_flag=True, help="Log warnings only.")
@click.pass_context
def watch(ctx: click.Context, feeds_file: Path, every: str, once: bool, stages: str | None,
          allow_private: bool | None, quiet: bool) -> None:
    """Poll RSS/Atom feeds (one URL per line) politely and process new items; Ctrl-C stops cleanly."""
    from rasd.pipeline import Pipeline
    from rasd.watch import Watcher, parse_interval, read_feed_list

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    interval = parse_interval(every)
    settings = _settings(ctx, allow_private=allow_private)
    stop = threading.Event()
    watcher = Watcher(read_feed_list(feeds_file), _store(ctx), settings, interval,
                      Pipeline.from_names(stages.split(",") if stages else None), stop)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        logging.getLogger("rasd.watch").info("signal %d: stopping after the current step", signum)
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if once:
            click.echo(json.dumps(watcher.run_round(force=True).to_dict(), ensure_ascii=False))
        else:
            watcher.run()
    finally:
        watcher.close()
        watcher.store.close()
