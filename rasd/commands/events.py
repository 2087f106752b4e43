"""``rasd events``, ``event``, ``stories``, ``timeline`` and ``export``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from rasd.cli import _dump, _store, cli, console


@cli.command()
@click.option("--story", default=None, help="Only the events of this story.")
@click.option("--since", default=None, help="Only events whose last date is on or after this ISO date.")
@click.option("--limit", type=int, default=50)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def events(ctx: click.Context, story: str | None, since: str | None, limit: int, as_json: bool) -> None:
    """Events (articles about one happening), newest first."""
    from rasd.store.events import list_events

    rows = list_events(_store(ctx, read_only=True).conn, story, since)[:limit]
    if as_json:
        _dump(rows)
        return
    table = Table("event", "dates", "articles", "outlets", "story", "title")
    for r in rows:
        dates = f"{r['first_date'] or '?'} – {r['last_date'] or '?'}" if r["first_date"] != r["last_date"] else r[
            "first_date"] or "undated"
        table.add_row(r["id"], dates, str(r["n_articles"]), str(r["n_outlets"]), r["story_id"] or "",
                      (r["title"] or "")[:60])
    console.print(table)


@cli.command()
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def event(ctx: click.Context, event_id: str, as_json: bool) -> None:
    """One event: summary, articles by outlet, entities and quotes."""
    from rasd.store.events import get_event

    data = get_event(_store(ctx, read_only=True).conn, event_id)
    if as_json:
        _dump(data)
        return
    console.rule(data.get("title") or data["id"], characters="─")
    console.print(f"{data['id']} · {data['first_date'] or 'undated'} · {data['n_articles']} articles · "
                  f"{data['n_outlets']} outlets · story {data.get('story_id') or '-'}", markup=False)
    for sentence in data.get("sentences", []):
        console.print(f"• {sentence.get('text', '')}", markup=False)
    table = Table("published", "source", "title", "id")
    for a in data["articles"]:
        table.add_row((a["published"] or "")[:16], a["source"] or "", (a["title"] or "")[:60], a["id"])
    console.print(table)
    if data.get("quotes"):
        console.print("quotes:")
        for q in data["quotes"][:10]:
            console.print(f"  {q.get('speaker_text', '?')}: {str(q.get('quote', ''))[:120]}", markup=False)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stories(ctx: click.Context, as_json: bool) -> None:
    """Stories (chains of events), newest first."""
    from rasd.store.events import list_stories

    rows = list_stories(_store(ctx, read_only=True).conn)
    if as_json:
        _dump(rows)
        return
    table = Table("story", "dates", "events", "articles", "title")
    for r in rows:
        table.add_row(r["id"], f"{r['first_date'] or '?'} – {r['last_date'] or '?'}", str(r["n_events"]),
                      str(r["n_articles"]), (r["title"] or "")[:70])
    console.print(table)


@cli.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def timeline(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """A story's timeline: date, event title, one-line summary, articles and outlets."""
    from rasd.cluster.export import timeline_text
    from rasd.store.events import timeline as get_timeline

    data = get_timeline(_store(ctx, read_only=True).conn, story_id)
    if as_json:
        _dump(data)
        return
    console.print(timeline_text(data, width=console.width), markup=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="md")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write here (default: stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export every story with its timeline as JSON, Markdown or a self-contained HTML report."""
    import json

    from rasd.cluster.export import html_report, markdown_report
    from rasd.store.events import list_stories
    from rasd.store.events import timeline as get_timeline

    conn = _store(ctx, read_only=True).conn
    story_rows = list_stories(conn)
    timelines: dict[str, Any] = {s["id"]: get_timeline(conn, s["id"]) for s in story_rows}
    if fmt == "json":
        text = json.dumps({"stories": story_rows, "timelines": timelines}, ensure_ascii=False, indent=2)
    else:
        text = markdown_report(story_rows, timelines) if fmt == "md" else html_report(story_rows, timelines)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")
    else:
        click.echo(text)
