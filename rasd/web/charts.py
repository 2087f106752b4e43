"""Geometry of the server-side SVG charts (a day-volume bar chart and a story's time axis).

The templates draw the SVG from these numbers; no JavaScript is involved. Charts use a fixed viewBox and
scale with the page width.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

WIDTH, HEIGHT, PAD = 800, 160, 30
_MAX_DAYS = 400
_MAX_TICKS = 7


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _ticks(first: date, span: int, x_of: Callable[[date], float]) -> list[dict[str, Any]]:
    step = max(1, -(-span // (_MAX_TICKS - 1))) if span else 1
    days = [first + timedelta(days=i) for i in range(0, span + 1, step)]
    return [{"x": round(x_of(d), 1), "label": d.isoformat()} for d in days]


def volume_chart(counts: list[dict[str, Any]], key: str = "articles") -> dict[str, Any] | None:
    """Bars per day from [{date, <key>}] (missing days as zero), the last ``_MAX_DAYS`` days at most."""
    values = {d: int(c[key]) for c in counts if (d := _day(c.get("date")))}
    if not values:
        return None
    last = max(values)
    first = max(min(values), last - timedelta(days=_MAX_DAYS - 1))
    span = (last - first).days
    slot = (WIDTH - 2 * PAD) / (span + 1)
    top = max(values.values()) or 1
    inner = HEIGHT - 2 * PAD
    bars = []
    for i in range(span + 1):
        day = first + timedelta(days=i)
        n = values.get(day, 0)
        h = inner * n / top
        bars.append({"x": round(PAD + i * slot, 1), "y": round(HEIGHT - PAD - h, 1), "w": round(max(slot * 0.8, 1), 1),
                     "h": round(h, 1), "label": f"{day.isoformat()}: {n}", "value": n})

    def x_of(d: date) -> float:
        return PAD + ((d - first).days + 0.4) * slot

    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "bars": bars, "top": top,
            "base": HEIGHT - PAD, "ticks": _ticks(first, span, x_of)}


def time_axis(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Points for dated events on a horizontal axis; events on the same day stack upwards."""
    dated = [(d, i, e) for i, e in enumerate(events) if (d := _day(e.get("date")))]
    if not dated:
        return None
    first = min(d for d, _, _ in dated) - timedelta(days=1)
    span = (max(d for d, _, _ in dated) + timedelta(days=1) - first).days

    def x_of(d: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (d - first).days / span

    base = HEIGHT - PAD - 20
    seen: dict[date, int] = {}
    points = []
    for d, i, e in dated:
        level = seen.get(d, 0)
        seen[d] = level + 1
        points.append({"x": round(x_of(d), 1), "y": base - 18 - 22 * min(level, 4), "index": i + 1,
                       "r": 8 + min(int(e.get("n_articles") or 1), 3), "label": f"{d.isoformat()} · {e.get('title')}",
                       "anchor": f"ev-{i + 1}"})
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "base": base, "points": points,
            "ticks": _ticks(first, span, x_of)}
