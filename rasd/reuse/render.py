"""Terminal rendering of ``rasd reuse ID`` (the data comes from ``rasd.store.reuse.article_reuse``)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

#: Characters of article text shown; the rest is cut with a marker.
MAX_TEXT_CHARS = 6000


def _header(data: dict[str, Any]) -> Text:
    art = data.get("article", {})
    head = Text()
    head.append(str(art.get("title") or art.get("id", "")), style="bold")
    head.append(f"\n{art.get('id', '')} · {art.get('source') or '?'} · {art.get('published') or 'undated'}")
    shared, reused = data.get("shared_share", 0.0), data.get("reused_share", 0.0)
    head.append(f"\nshared with other articles: {shared:.0%} · carried earlier elsewhere: {reused:.0%}")
    for label in ("duplicates", "revisions"):
        if data.get(label):
            head.append(f"\n{label}: {', '.join(data[label])}", style="yellow")
    return head


def _highlighted(data: dict[str, Any]) -> Text:
    text = str(data.get("text") or "")[:MAX_TEXT_CHARS]
    body = Text(text)
    for p in data.get("passages", []):
        start, end = int(p["start"]), min(int(p["end"]), len(text))
        if start < end:
            body.stylize("bold green" if p.get("is_first") else "bold red", start, end)
    if len(str(data.get("text") or "")) > MAX_TEXT_CHARS:
        body.append(" …", style="dim")
    return body


def _table(data: dict[str, Any]) -> Table:
    table = Table(
        title="Reused passages (red: carried earlier by another article; green: this one was first)"
    )
    for col in ("span", "passage", "first", "other carriers"):
        table.add_column(col, overflow="fold")
    for p in data.get("passages", []):
        carriers = "\n".join(
            f"{c['id']} ({c.get('source') or '?'}, {c.get('published') or 'undated'})" for c in p["carriers"]
        )
        snippet = (p.get("text") or "")[:120]
        table.add_row(f"{p['start']}-{p['end']}", Text(snippet), str(p["first"]), Text(carriers))
    return table


def render_reuse(data: dict[str, Any]) -> RenderableType:
    """Header, the text with reused spans highlighted, and one table row per passage."""
    parts: list[RenderableType] = [_header(data), Text("")]
    if data.get("text"):
        parts += [_highlighted(data), Text("")]
    parts.append(_table(data) if data.get("passages") else Text("No reused passages.", style="dim"))
    return Group(*parts)
