"""The rasd command line: thin commands that call library functions and render their data.

Exit codes: 0 success, 1 error, 2 bad usage or settings, 3 not found.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from rasd import __version__
from rasd.errors import DataMissing, RasdError, StoreError
from rasd.settings import Settings, declared, load_settings

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    root = ctx.find_root().params
    overrides: dict[str, Any] = {}
    for item in root.get("set_") or ():
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"--set expects KEY=VALUE, got {item!r}")
        overrides[key.strip()] = value
    if root.get("db"):
        overrides["db"] = root["db"]
    overrides.update({k: v for k, v in flags.items() if v is not None})
    config = Path(root["config"]) if root.get("config") else None
    return load_settings(overrides, config_file=config)


def _store(ctx: click.Context, read_only: bool = False) -> Any:
    from rasd.store import connect

    settings = _settings(ctx)
    db = str(settings["db"])
    if read_only and "://" not in db and not Path(db).exists():
        raise StoreError(f"No store at {db}; run 'rasd run PATH' first (or pass --db)")
    return connect(db, read_only=read_only)


class RasdGroup(click.Group):
    """Turns rasd's coded errors into a one-line message and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RasdError as exc:
            err_console.print(f"[red]error[/red] {exc}")
            sys.exit(exc.exit_code)


@click.group(cls=RasdGroup)
@click.version_option(__version__, prog_name="rasd")
@click.option("--db", default=None, help="Store path (default: rasd.db, or the 'db' setting).")
@click.option("--config", default=None, type=click.Path(dir_okay=False), help="Settings file (default: ./rasd.toml).")
@click.option("--set", "set_", multiple=True, metavar="KEY=VALUE", help="Override a setting (see 'rasd settings').")
def cli(db: str | None, config: str | None, set_: tuple[str, ...]) -> None:
    """rasd (رصد): turn a stream of Arabic and English news into events, stories and who-said-what."""


# -- run / ingest ------------------------------------------------------------------------------
def _run(ctx: click.Context, paths: tuple[str, ...], stages: list[str] | None, as_json: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from rasd.pipeline import Pipeline

    settings = _settings(ctx)
    pipeline = Pipeline.from_names(stages)
    store = _store(ctx)
    show = not as_json and console.is_terminal
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, disable=not show, transient=True) as bar:
        task = bar.add_task("processing", total=None)
        summary = pipeline.run(list(paths), store, settings, progress=lambda n: bar.advance(task, n))
    store.close()
    data = {"db": str(settings["db"]), **summary.to_dict()}
    if as_json:
        _dump(data)
    else:
        _print_summary(data)


def _print_summary(data: dict[str, Any]) -> None:
    table = Table(title=f"rasd run → {data['db']}", show_header=False)
    table.add_row("inputs", str(data["inputs"]))
    table.add_row("new articles", f"{data['new']} new")
    table.add_row("already stored (unchanged inputs)", str(data["unchanged"]))
    table.add_row("same content seen again", str(data["duplicates"]))
    table.add_row("revisions of a known URL", str(data["revisions"]))
    reasons = ", ".join(f"{k}: {v}" for k, v in sorted(data["rejections"].items()))
    table.add_row("rejected", f"{data['rejected']}" + (f" ({reasons})" if reasons else ""))
    table.add_row("time", f"{data['seconds']} s ({data['articles_per_s']} inputs/s)")
    table.add_row("stages", ", ".join(data["stages"]) or "(ingest only)")
    console.print(table)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--stages", default=None, help="Comma-separated stages to run (default: all available).")
@click.option("--engine", type=click.Choice(["embedded", "spark"]), default="embedded",
              help="embedded (in-process, default) or spark (needs pip install 'rasd[spark]' and Java).")
@click.option("--master", default="local[2]", help="Spark master URL, with --engine spark.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def run(ctx: click.Context, paths: tuple[str, ...], stages: str | None, engine: str, master: str,
        as_json: bool) -> None:
    """Ingest files, folders, feeds or URLs and run every stage; print a summary."""
    names = stages.split(",") if stages else None
    if engine == "embedded":
        _run(ctx, paths, names, as_json)
        return
    from rasd.engines import run_spark

    settings = _settings(ctx)
    data = {"db": str(settings["db"]), **run_spark(list(paths), str(settings["db"]), settings, master, names)}
    _dump(data) if as_json else _print_summary(data)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Ingest only (decode, extract, clean, store) with the text stage; no analysis stages."""
    _run(ctx, paths, ["text"], as_json)


# -- reading the store ---------------------------------------------------------------------------
@cli.command()
@click.option("--limit", type=int, default=None, help="At most this many articles.")
@click.option("--offset", type=int, default=0)
@click.option("--source", default=None, help="Only this outlet.")
@click.option("--lang", default=None, help="Only this language (ar, en, other).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def articles(ctx: click.Context, limit: int | None, offset: int, source: str | None, lang: str | None,
             as_json: bool) -> None:
    """List stored articles (id, source, title, url, published, lang, event, story, duplicate_of)."""
    from rasd.store.queries import list_articles

    rows = list_articles(_store(ctx, read_only=True).conn, limit, offset, source, lang)
    if as_json:
        _dump(rows)
        return
    table = Table("id", "source", "published", "lang", "title")
    for r in rows:
        table.add_row(r["id"], r["source"] or "", (r["published"] or "")[:16], r["lang"] or "",
                      (r["title"] or "")[:70])
    console.print(table)


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one article (an id or a unique id prefix) with its metadata and annotations."""
    from rasd.store.queries import get_article

    data = get_article(_store(ctx, read_only=True).conn, article_id)
    if as_json:
        _dump(data)
        return
    console.rule(data["title"] or data["id"])
    for key in ("id", "source", "url", "published", "published_provenance", "lang", "event_id", "story_id",
                "duplicate_of", "revision_of"):
        if data.get(key):
            console.print(f"[bold]{key}[/bold]: {data[key]}", markup=True)
    console.print()
    console.print(data["text"], markup=False)
    console.print()
    console.print(f"[dim]annotations: {', '.join(sorted(data['annotations']))}[/dim]")


@cli.command()
@click.option("--reason", default=None, help="Only this reason.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def rejections(ctx: click.Context, reason: str | None, as_json: bool) -> None:
    """List rejected inputs with their reasons."""
    from rasd.store.queries import list_rejections

    rows = list_rejections(_store(ctx, read_only=True).conn, reason)
    if as_json:
        _dump(rows)
        return
    table = Table("reason", "input", "detail")
    for r in rows:
        table.add_row(r["reason"], r["input_ref"], r["detail"][:80])
    console.print(table)


@cli.command()
@click.argument("query")
@click.option("--limit", type=int, default=20)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search (Arabic-normalised: hamza, diacritics, ta marbuta do not matter)."""
    from rasd.store.queries import search as do_search

    rows = do_search(_store(ctx, read_only=True).conn, query, limit)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        console.print(f"[bold]{r['id']}[/bold] {r['source'] or ''} {r['published'] or ''}", markup=True)
        console.print(f"  {r['title'] or ''}", markup=False)
        console.print(f"  {r['snippet']}", markup=False)
    if not rows:
        console.print("no results")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Counts of articles, sources, rejections and runs in the store."""
    from rasd.store.queries import list_sources, stats

    conn = _store(ctx, read_only=True).conn
    data = {**stats(conn), "by_source": list_sources(conn)}
    if as_json:
        _dump(data)
        return
    for key, value in data.items():
        if key != "by_source":
            console.print(f"{key}: {value}")
    table = Table("source", "articles", "first", "last")
    for r in data["by_source"]:
        table.add_row(str(r["name"]), str(r["articles"]), str(r["first"] or ""), str(r["last"] or ""))
    console.print(table)


# -- settings, eval, bench -----------------------------------------------------------------------
@cli.command("settings")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def settings_cmd(ctx: click.Context, as_json: bool) -> None:
    """Every setting with its value, where the value came from, and its help."""
    values = _settings(ctx)
    rows = [{"key": k, "value": values[k], "origin": values.origins[k], "help": s.help}
            for k, s in declared().items()]
    if as_json:
        _dump(rows)
        return
    table = Table("key", "value", "from", "help")
    for r in rows:
        table.add_row(r["key"], str(r["value"]), r["origin"], r["help"])
    console.print(table)


@cli.command("eval")
@click.argument("task", required=False)
@click.option("--data", type=click.Path(exists=True), default=None, help="Score this file/folder instead.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def eval_cmd(ctx: click.Context, task: str | None, data: str | None, as_json: bool) -> None:
    """Score rasd (and baselines) on evaluation data. Without TASK, list the tasks.

    Settings changed from their defaults (``rasd --set KEY=VALUE eval ...``, rasd.toml, environment) reach the
    tasks that take settings (events)."""
    from rasd.eval import available_tasks, run_task

    if task is None:
        tasks = available_tasks()
        if as_json:
            _dump(tasks)
            return
        for name, ok in tasks.items():
            console.print(f"{name}: {'ok' if ok else 'missing'}")
        return
    try:
        values = _settings(ctx)
        changed = {k: values[k] for k, origin in values.origins.items() if origin != "default"}
        result = run_task(task, Path(data) if data else None, changed)
    except DataMissing as exc:
        result = {"task": task, "data": data, "skipped": exc.message, "metrics": {}, "baselines": {}}
        err_console.print(f"[yellow]skipped[/yellow] {exc.message}")
    if as_json:
        _dump(result)
        return
    _print_eval(result)


def _print_eval(result: dict[str, Any]) -> None:
    table = Table("system", *sorted(result.get("metrics", {})), title=f"{result['task']} on {result.get('data')}")
    names = sorted(result.get("metrics", {}))
    fmt: Callable[[Any], str] = lambda v: f"{v:.4f}" if isinstance(v, float) else str(v)
    table.add_row("rasd", *[fmt(result["metrics"][n]) for n in names])
    for base, metrics in result.get("baselines", {}).items():
        table.add_row(base, *[fmt(metrics.get(n, "")) for n in names])
    console.print(table)
    details = result.get("details") or {}
    for name, label in (("demo", "demo corpus"), ("bilingual", "bilingual same-day set")):
        demo = details.get(name) or {}
        if "event_bcubed_f1" in demo:
            console.print(f"{label} ({demo['n_docs']} articles, whole pipeline): events B³ F1 {demo['event_bcubed_f1']}"
                          f" ({demo['events_pred']} events, gold {demo['events_gold']}), stories B³ F1"
                          f" {demo['story_bcubed_f1']}, Arabic–English same-event pairs joined"
                          f" {demo['cross_language_recall']} of {demo['cross_language_pairs']},"
                          f" different-event pairs joined {demo['cross_language_false_joins']}"
                          f" of {demo['cross_language_other_pairs']}")
    checks = (details.get("seeds") or {}).get("checks")
    if checks:
        console.print("seeds: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items()))


@cli.command("bench")
@click.argument("paths", nargs=-1, required=True)
@click.option("--limit", type=int, default=None, help="Only the first N inputs.")
@click.option("--stages", default=None, help="Comma-separated stages (default: all available).")
@click.option("--no-rerun", is_flag=True, help="Skip the timed no-op re-run.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def bench_cmd(ctx: click.Context, paths: tuple[str, ...], limit: int | None, stages: str | None, no_rerun: bool,
              as_json: bool) -> None:
    """Throughput (articles/s) and peak memory of a run over PATHS, whole and per stage."""
    from rasd.bench import bench

    result = bench(list(paths), _settings(ctx), stages.split(",") if stages else None, limit, not no_rerun)
    if as_json:
        _dump(result)
        return
    console.print(f"{result['articles']} articles in {result['seconds']} s = {result['articles_per_s']} articles/s;"
                  f" peak RSS {result['peak_rss_mb']} MB")
    table = Table("stage", "seconds", "articles/s")
    for name, s in result["stages"].items():
        table.add_row(name, str(s["seconds"]), str(s["articles_per_s"]))
    console.print(table)
    if "rerun" in result:
        console.print(f"re-run: {result['rerun']['new']} new, {result['rerun']['articles_per_s']} articles/s")


def main() -> None:
    cli(prog_name="rasd")


# Capability commands register themselves on ``cli`` when imported.
from rasd.commands import analysis as _analysis_commands  # noqa: F401
from rasd.commands import events as _events_commands  # noqa: F401
from rasd.commands import watch as _watch_commands  # noqa: F401
from rasd.commands import web as _web_commands  # noqa: F401
