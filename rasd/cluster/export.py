"""Rendering timelines and reports: terminal text, Markdown and a self-contained HTML page.

Every piece of article-derived text is escaped with ``html.escape`` in HTML output.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "[dir=auto]{unicode-bidi:plaintext}.ev{border-left:3px solid #888;padding-left:1rem;margin:1rem 0}"
        ".meta{color:#555;font-size:.9em}")


def timeline_text(tl: Mapping[str, Any], width: int = 100) -> str:
    """A readable terminal timeline: one block per event, in date order."""
    lines = [f"Story {tl.get('story_id', '')}"]
    for e in tl.get("events", []):
        lines.append(f"{e.get('date') or 'undated':<10}  {_clip(str(e.get('title') or ''), width - 12)}")
        lines.append(f"{'':<10}  {e.get('n_articles', 0)} articles, {e.get('n_outlets', 0)} outlets · {e['event_id']}")
        if e.get("summary"):
            lines.append(f"{'':<10}  {_clip(str(e['summary']), width - 12)}")
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _md(text: Any) -> str:
    """Markdown-safe one-liner (no raw HTML, no table or heading breaks)."""
    return html.escape(" ".join(str(text or "").split())).replace("|", "\\|")


def markdown_report(stories: Sequence[Mapping[str, Any]], timelines: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown report: each story with its timeline."""
    out = ["# rasd report", ""]
    for s in stories:
        out += [f"## {_md(s.get('title'))}", "", (f"Story `{s['id']}` · {s.get('n_events', 0)} events · "
                f"{s.get('n_articles', 0)} articles · {s.get('first_date') or '?'} – {s.get('last_date') or '?'}"), ""]
        for e in timelines.get(s["id"], {}).get("events", []):
            out.append(f"- **{e.get('date') or 'undated'}** {_md(e.get('title'))} "
                       f"({e.get('n_articles', 0)} articles, {e.get('n_outlets', 0)} outlets) — {_md(e.get('summary'))}")
        out.append("")
    return "\n".join(out)


def html_report(stories: Sequence[Mapping[str, Any]], timelines: Mapping[str, Mapping[str, Any]]) -> str:
    """A self-contained HTML report (inline CSS, no scripts, no external links)."""
    esc = html.escape
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rasd report</title>",
             f"<style>{_CSS}</style></head><body><h1>rasd report</h1>"]
    for s in stories:
        parts.append(f"<section><h2 dir=\"auto\">{esc(str(s.get('title') or ''))}</h2>"
                     f"<p class=\"meta\">{esc(str(s['id']))} · {int(s.get('n_events') or 0)} events · "
                     f"{int(s.get('n_articles') or 0)} articles</p>")
        for e in timelines.get(s["id"], {}).get("events", []):
            parts.append(f"<div class=\"ev\"><div class=\"meta\">{esc(str(e.get('date') or 'undated'))} · "
                         f"{int(e.get('n_articles') or 0)} articles · {int(e.get('n_outlets') or 0)} outlets</div>"
                         f"<h3 dir=\"auto\">{esc(str(e.get('title') or ''))}</h3>"
                         f"<p dir=\"auto\">{esc(str(e.get('summary') or ''))}</p></div>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)
