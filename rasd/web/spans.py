"""Safe highlighted HTML of an article's text from its annotation spans.

Every text segment is escaped; markup is only ever built here from fixed tag names, classes and escaped
attribute values. Spans that cross an enclosing span are clipped to it so the output stays well nested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

_MAX_SPANS = 5000
_HIT = re.compile(r"\[([^\[\]<>]{1,500})\]")


@dataclass
class Span:
    start: int
    end: int
    kind: str  # entity | date | quote | reused
    title: str
    href: str | None = None
    children: list[Span] = field(default_factory=list)


def _valid(m: Any, size: int) -> tuple[int, int] | None:
    if not isinstance(m, dict):
        return None
    start, end = m.get("start"), m.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return (start, end) if 0 <= start < end <= size else None  # out-of-range spans are dropped


def _entity_span(m: dict[str, Any], bounds: tuple[int, int]) -> Span:
    key = str(m.get("key") or "")
    title = " · ".join(str(x) for x in (m.get("type"), key, m.get("role")) if x)
    return Span(*bounds, "entity", title, f"/entities/{quote(key, safe='')}" if key else None)


def _date_span(m: dict[str, Any], bounds: tuple[int, int]) -> Span:
    return Span(*bounds, "date", " · ".join(str(x) for x in (m.get("type"), m.get("value")) if x))


def _quote_span(m: dict[str, Any], bounds: tuple[int, int]) -> Span:
    speaker = m.get("speaker_text") or m.get("speaker_key") or "?"
    return Span(*bounds, "quote", f"{speaker} · {m.get('verb') or ''}".strip(" ·"))


def collect(annotations: dict[str, Any], reuse: dict[str, Any] | None, size: int) -> list[Span]:
    """Spans of quotes, reused passages, entities and dates that lie inside the text."""
    builders = (("quotes", _quote_span), ("entity_mentions", _entity_span), ("date_mentions", _date_span))
    spans: list[Span] = []
    for key, build in builders:
        items = annotations.get(key)
        for m in items if isinstance(items, list) else []:
            bounds = _valid(m, size)
            if bounds:
                spans.append(build(m, bounds))
    for p in (reuse or {}).get("passages") or []:
        bounds = _valid(p, size)
        if bounds:
            first = "first carried here" if p.get("is_first") else f"first carried by {p.get('first')}"
            spans.append(Span(*bounds, "reused", f"reused passage · {first}"))
    return spans[:_MAX_SPANS]


_ORDER = {"quote": 0, "reused": 1, "entity": 2, "date": 3}


def nest(spans: list[Span]) -> list[Span]:
    """Arrange spans in a tree: wider spans enclose narrower ones; crossing spans are clipped."""
    roots: list[Span] = []
    stack: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, _ORDER.get(s.kind, 9))):
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack:
            span.end = min(span.end, stack[-1].end)
            if span.start >= span.end:
                continue
            stack[-1].children.append(span)
        else:
            roots.append(span)
        stack.append(span)
    return roots


def _render(text: str, spans: list[Span], start: int, end: int, out: list[str], in_link: bool = False) -> None:
    pos = start
    for span in spans:
        out.append(str(escape(text[pos : span.start])))
        link = bool(span.href) and not in_link  # no link inside a link
        tag = "a" if link else "mark"
        href = f' href="{escape(span.href)}"' if link else ""
        out.append(f'<{tag} class="hl hl-{span.kind}" title="{escape(span.title)}"{href}>')
        _render(text, span.children, span.start, span.end, out, in_link or link)
        out.append(f"</{tag}>")
        pos = span.end
    out.append(str(escape(text[pos:end])))


def highlight(text: str, annotations: dict[str, Any], reuse: dict[str, Any] | None = None) -> Markup:
    """The article text as HTML with entities, dates, quotes and reused passages marked."""
    out: list[str] = []
    _render(text, nest(collect(annotations, reuse, len(text))), 0, len(text), out)
    return Markup("".join(out))


def marked_snippet(snippet: str) -> Markup:
    """An FTS snippet with its [hit] markers as <mark>, the text escaped first."""
    return Markup(_HIT.sub(r"<mark>\1</mark>", str(escape(snippet))))
