"""Clock times: «الساعة 11:04 صباحا بتوقيت واشنطن», «03:15 م», "7 a.m. EST"."""

from __future__ import annotations

import datetime as dt

from rasd.dates import calendar as cal
from rasd.dates.lexicon import Lexicon
from rasd.dates.resolve import Context, Groups, Resolved, _key


def to_24h(hour: int, ampm: str | None) -> int:
    """Hour on a 24-hour clock from a 12-hour one and its period word (ص/م, صباحا/مساء, a.m./p.m.)."""
    if ampm == "am":
        return 0 if hour == 12 else hour
    if ampm == "pm":
        return hour if hour >= 12 else hour + 12
    if ampm == "pm_noon":
        return hour + 12 if 1 <= hour <= 5 else hour
    if ampm == "pm_night":
        return hour + 12 if 6 <= hour < 12 else (0 if hour == 12 else hour)
    return hour


def _zone_code(g: Groups, lex: Lexicon) -> str | None:
    zone = g["t_zone"] or g["t_zone2"]
    return lex.zones.get(_key(zone)) if zone else None


def resolve_time(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    ampm = lex.ampm.get(_key(g["t_ampm"])) if g["t_ampm"] else None
    short_ampm = g["t_ampm"] is not None and len(g["t_ampm"].strip()) == 1
    if not (g["t_kw"] or g["t_m"] or (ampm and not short_ampm)):
        return None
    hour = lex.hours.get(_key(g["t_hw"])) if g["t_hw"] else int(g["t_h"] or 99)
    minute = int(g["t_m"] or 0)
    if hour is None or hour > 24 or minute > 59:
        return None
    hour = to_24h(hour, ampm)
    if ctx.anchor is None:
        return "TIME", None, True
    return "TIME", time_value(ctx.anchor, hour, minute, _zone_code(g, lex)), True


def time_value(day: dt.date, hour: int, minute: int, zone: str | None) -> str:
    offset = cal.zone_offset(zone, day, hour, minute) if zone else None
    return f"{day.isoformat()}T{hour % 24:02d}:{minute:02d}{offset or ''}"
