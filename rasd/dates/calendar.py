"""Calendar arithmetic: weekday shifts, choosing the year of a partial date, Hijri, formatting."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_near(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """The ``weekday`` (ISO, Monday=1) strictly before (-1) or after (+1) ``anchor``; 0 = this one or the last."""
    diff = weekday - anchor.isoweekday()
    if direction > 0:
        return anchor + dt.timedelta(days=diff % 7 or 7)
    if direction == 0 and diff == 0:
        return anchor
    return anchor - dt.timedelta(days=(-diff) % 7 or 7)


def pick_day(anchor: dt.date, month: int, day: int, tense: int) -> dt.date | None:
    """Year for a day and month written without one: the nearest occurrence, future ones counting double
    unless the sentence speaks of the future (``tense`` > 0; < 0 counts the past double)."""
    best: tuple[float, dt.date] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = safe_date(year, month, day)
        if cand is None:
            continue
        gap = (cand - anchor).days
        cost = abs(gap) * (2.0 if (gap > 0) != (tense > 0) and gap != 0 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, cand)
    return best[1] if best else None


def pick_month(anchor: dt.date, month: int, tense: int) -> tuple[int, int]:
    """Year for a month written without one (same rule as ``pick_day``)."""
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        gap = (year - anchor.year) * 12 + month - anchor.month
        cost = abs(gap) * (2.0 if (gap > 0) != (tense > 0) and gap != 0 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, year)
    assert best is not None
    return best[1], month


def relative_month(anchor: dt.date, month: int, rel: int) -> tuple[int, int]:
    """«مارس الماضي» (rel -1): the last March before this month; «المقبل» (+1): the next one; 0: this year."""
    if rel < 0:
        return (anchor.year if month < anchor.month else anchor.year - 1), month
    if rel > 0:
        return (anchor.year if month > anchor.month else anchor.year + 1), month
    return anchor.year, month


def relative_day(anchor: dt.date, month: int, day: int, rel: int) -> dt.date | None:
    """«30 ديسمبر الماضي»: the last such day before the anchor; «المقبل»: the next one after it."""
    for year in (anchor.year, anchor.year - 1) if rel < 0 else (anchor.year, anchor.year + 1):
        cand = safe_date(year, month, day)
        if cand and ((rel < 0 and cand < anchor) or (rel > 0 and cand > anchor) or rel == 0):
            return cand
    return None


# --- Hijri -----------------------------------------------------------------------------------


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Umm al-Qura conversion (``hijridate`` when installed), else the tabular Islamic calendar."""
    try:
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    except ImportError:
        return _tabular_to_gregorian(year, month, day)
    except (ValueError, OverflowError):
        return _tabular_to_gregorian(year, month, day)


def gregorian_to_hijri_year(day: dt.date) -> int:
    try:
        from hijridate import Gregorian

        return int(Gregorian(day.year, day.month, day.day).to_hijri().year)
    except (ImportError, ValueError, OverflowError):
        return int((day.toordinal() - 227015) / 354.367) + 1


def _tabular_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 2000):
        return None
    days = (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2 + day
    return dt.date.fromordinal(227014 + days)


def hijri_month_near(anchor: dt.date, month: int, rel: int) -> dt.date | None:
    """First day of the Hijri ``month`` nearest the anchor (the next one if ``rel`` > 0, the last if < 0)."""
    hy = gregorian_to_hijri_year(anchor)
    starts = [s for s in (hijri_to_gregorian(y, month, 1) for y in (hy - 1, hy, hy + 1)) if s]
    if rel > 0:
        return min((s for s in starts if s > anchor), default=None)
    if rel < 0:
        return max((s for s in starts if s <= anchor), default=None)
    return min(starts, key=lambda s: abs((s - anchor).days), default=None)


# --- Time zones ------------------------------------------------------------------------------


@cache
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_offset(zone: str, day: dt.date, hour: int, minute: int) -> str | None:
    """``+HH:MM`` for a fixed offset or an IANA zone at that local time (daylight saving applied)."""
    if zone[:1] in "+-":
        return zone
    tz = _zone(zone)
    if tz is None:
        return None
    off = dt.datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=tz).utcoffset()
    if off is None:
        return None
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
