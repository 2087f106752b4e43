"""``rasd dates``, ``entity``, ``quotes``: per-article and cross-document analysis views."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from rasd.cli import _dump, _store, cli, console


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> Text:
    """``text`` with each (start, end, style) span styled; overlapping spans keep the first."""
    out = Text(text)
    last = -1
    for start, end, style in sorted(spans):
        if start >= last and 0 <= start < end <= len(text):
            out.stylize(style, start, end)
            last = end
    return out


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def dates(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """An article's temporal expressions, highlighted, with their resolved values."""
    from rasd.store.queries import get_article

    art = get_article(_store(ctx, read_only=True).conn, article_id)
    notes = art["annotations"]
    data = {"id": art["id"], "published": notes.get("published_resolved"), "event_date": notes.get("event_date"),
            "mentions": notes.get("date_mentions") or []}
    if as_json:
        _dump(data)
        return
    pub = data["published"] or {}
    console.print(f"published: {pub.get('value') or 'unknown'} ({pub.get('provenance', '?')}, "
                  f"confidence {pub.get('confidence', '?')}) · event date: {data['event_date'] or 'unknown'}",
                  markup=False)
    console.print(highlighted(art["text"], [(m["start"], m["end"], "bold yellow") for m in data["mentions"]]))
    table = Table("text", "type", "value")
    for m in data["mentions"]:
        table.add_row(m["text"], m.get("type", ""), str(m.get("value")))
    console.print(table)


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def entity(ctx: click.Context, name: str, as_json: bool) -> None:
    """Entities matching NAME: canonical name, variants seen, roles, why variants were merged, articles."""
    from rasd.store.entities import entity_articles, find_entities

    conn = _store(ctx, read_only=True).conn
    found: list[dict[str, Any]] = find_entities(conn, name)
    for item in found:
        item["articles"] = entity_articles(conn, item["key"], limit=20)
    if as_json:
        _dump(found)
        return
    if not found:
        console.print(f"no entity matches {name!r}", markup=False)
    for item in found:
        console.rule(f"{item['canonical']} ({item['type']}) · {item['mentions']} mentions", characters="─")
        console.print("variants: " + "، ".join(f"{v} ×{n}" for v, n in item["variants"].items()), markup=False)
        if item["roles"]:
            console.print("roles: " + "، ".join(item["roles"]), markup=False)
        for why in item["explanations"][:10]:
            console.print(f"  merged: {why}", markup=False)
        console.print(f"articles: {', '.join(a['article_id'] for a in item['articles'][:10])}", markup=False)


@cli.command()
@click.option("--speaker", default=None, help="Only quotes whose speaker matches this name (normalised).")
@click.option("--limit", type=int, default=50)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def quotes(ctx: click.Context, speaker: str | None, limit: int, as_json: bool) -> None:
    """Who said what: direct and reported quotes with their speakers."""
    from rasd.store.queries import list_quotes

    rows = list_quotes(_store(ctx, read_only=True).conn, speaker, limit)
    if as_json:
        _dump(rows)
        return
    table = Table("speaker", "verb", "quote", "source", "article")
    for q in rows:
        kind = "«»" if q.get("direct") else "…"
        table.add_row(str(q.get("speaker_text") or "?"), f"{q.get('verb') or ''} {kind}",
                      str(q.get("quote") or "")[:100], q["source"] or "", q["article_id"])
    console.print(table)


@cli.command()
@click.option("--min-size", type=int, default=2, help="Only groups with at least this many articles.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def duplicates(ctx: click.Context, min_size: int, as_json: bool) -> None:
    """Near-duplicate groups: each canonical article (earliest published) with its copies."""
    from rasd.store.reuse_queries import duplicate_groups

    groups = duplicate_groups(_store(ctx, read_only=True).conn, min_size)
    if as_json:
        _dump(groups)
        return
    for group in groups:
        first = group["articles"][0]
        console.rule(f"{first.get('title') or group['canonical']} · {group['size']} articles", characters="─")
        table = Table("article", "source", "published", "jaccard", "duplicate_of")
        for m in group["articles"]:
            jac = m.get("jaccard")
            table.add_row(m["id"], m.get("source") or "", (m.get("published") or "")[:16],
                          f"{jac:.2f}" if isinstance(jac, float) else "", m.get("duplicate_of") or "(canonical)")
        console.print(table)
    if not groups:
        console.print("no near-duplicates")


@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def reuse(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """An article's reused passages, highlighted, with their other carriers and who carried them first."""
    from rasd.reuse.render import render_reuse
    from rasd.store.queries import get_article
    from rasd.store.reuse_queries import article_reuse

    conn = _store(ctx, read_only=True).conn
    data = article_reuse(conn, get_article(conn, article_id)["id"])
    if as_json:
        _dump(data)
        return
    console.print(render_reuse(data))
