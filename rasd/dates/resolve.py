"""Turn one regex match (see ``patterns``) into a TIMEX3 type and value.

Each ``k_<kind>`` alternative has one resolver. A resolver returns None to reject a
match that is only a look-alike (a bare «مارس» that is the verb, a four-digit number
that is not a year …). Relative expressions need the anchor; without it their value is None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rasd.dates import calendar as cal
from rasd.dates.lexicon import Lexicon, fold

Resolved = tuple[str, str | None, bool]  # type, value, anchored
Groups = re.Match[str]  # the match itself: g["name"] is a group (None when it did not take part)


@dataclass(slots=True)
class Context:
    """What a resolver knows beyond the match: the anchor, the tense of the sentence, the word before."""

    anchor: dt.date | None
    tense: Callable[[], int]  # +1 future, -1 past, 0 unknown
    after_preposition: Callable[[], bool]
    previous_word: Callable[[], str]  # folded word just before the match ("" at the start)


_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(st|nd|rd|th)$")
_MONTH_SEPARATOR = re.compile(r"[/\\(\-–]")


@lru_cache(maxsize=4096)
def _key(text: str | None) -> str:
    return " ".join(fold(text or "").split())


def number(text: str | None, lex: Lexicon) -> int | None:
    if not text:
        return None
    t = _key(text)
    if t.startswith("ال") and t[2:] in lex.cardinals:
        t = t[2:]
    if t.isdigit():
        return int(t)
    return lex.cardinals.get(t)


def day_number(text: str, lex: Lexicon) -> int | None:
    t = _ORDINAL_SUFFIX.sub("", _key(text))
    return int(t) if t.isdigit() else lex.ordinals.get(t)


def month_number(text: str, lex: Lexicon) -> tuple[int, bool] | None:
    """(month, is_hijri) of the first name in «فبراير/شباط»-like text."""
    first = _key(_MONTH_SEPARATOR.split(text)[0])
    if first in lex.hijri_months:
        return lex.hijri_months[first], True
    month = lex.months.get(first)
    return (month, False) if month else None


def rel_sign(text: str | None, lex: Lexicon) -> int | None:
    """-1 for الماضي/last, +1 for المقبل/next, 0 for الجاري/this, None when absent."""
    if not text:
        return None
    t = _key(text)
    if t in lex.past:
        return -1
    if t in lex.next:
        return 1
    return 0


def with_pod(day: dt.date, pod: str | None, lex: Lexicon) -> Resolved:
    code = lex.part_of_day.get(_key(pod)) if pod else None
    if code:
        return "TIME", f"{day.isoformat()}T{code}", True
    return "DATE", day.isoformat(), True


# --- absolute dates ----------------------------------------------------------------------------


def resolve_num(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    if g["i1"]:
        day = cal.safe_date(int(g["i1"]), int(g["i2"] or 0), int(g["i3"] or 0))
    else:
        a, b, year = int(g["n1"] or 0), int(g["n2"] or 0), int(g["n3"] or 0)
        day_, month = (b, a) if (b > 12 >= a) else (a, b)
        day = cal.safe_date(year, month, day_)
    return ("DATE", day.isoformat(), False) if day else None


def _hijri_day(hday: int, month: int, year: int | None, rel: int | None, ctx: Context) -> Resolved | None:
    if year:
        day = cal.hijri_to_gregorian(year, month, hday)
        return ("DATE", day.isoformat(), False) if day else None
    if ctx.anchor is None:
        return "DATE", None, True
    start = cal.hijri_month_near(ctx.anchor, month, rel or 0)
    return ("DATE", (start + dt.timedelta(days=hday - 1)).isoformat(), True) if start else None


def _day_month(day_n: int, month: int, year: str | None, rel: int | None, ctx: Context) -> Resolved | None:
    if year:
        day = cal.safe_date(int(year), month, day_n)
        return ("DATE", day.isoformat(), False) if day else None
    if ctx.anchor is None:
        return "DATE", None, True
    if rel is not None:
        day = cal.relative_day(ctx.anchor, month, day_n, rel)
    else:
        day = cal.pick_day(ctx.anchor, month, day_n, ctx.tense())
    return ("DATE", day.isoformat(), True) if day else None


def resolve_abs(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    return _abs(g["a_day"], g["a_mon"], g["a_year"], g["a_hij"], g["a_rel"], ctx, lex)


def resolve_mdy(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    return _abs(g["b_day"], g["b_mon"], g["b_year"], None, None, ctx, lex)


def _abs(
    day_t: str | None,
    mon_t: str | None,
    year: str | None,
    hij: str | None,
    rel_t: str | None,
    ctx: Context,
    lex: Lexicon,
) -> Resolved | None:
    day_n = day_number(day_t or "", lex)
    mon = month_number(mon_t or "", lex)
    if not day_n or not mon or not 1 <= day_n <= 31:
        return None
    month, hijri = mon
    hijri = hijri or bool(hij) or (year is not None and 1300 <= int(year) <= 1600)
    if hijri:
        return _hijri_day(day_n, month, int(year) if year else None, rel_sign(rel_t, lex), ctx)
    return _day_month(day_n, month, year, rel_sign(rel_t, lex), ctx)


def resolve_quarter(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    ordinal = g["q_ord"] or g["q_ord2"] or ""
    n = day_number(ordinal, lex) or (int(ordinal[0]) if ordinal[:1].isdigit() else None)
    year = g["q_year"] or g["q_year2"]
    if not n or not 1 <= n <= 4 or not year:
        return None
    return "DATE", f"{int(year):04d}-Q{n}", False


_WEAK_BARE_MONTHS = frozenset(fold(w) for w in ("صفر", "رجب", "شعبان", "رمضان"))


def resolve_my(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    mon = month_number(g["c_mon"] or "", lex)
    if not mon:
        return None
    month, hijri = mon
    year, rel = g["c_year"], rel_sign(g["c_rel"], lex)
    bare = not (year or g["c_rel"] or g["c_mod"] or g["c_shahr"])
    if bare and (not ctx.after_preposition() or _key(g["c_mon"]) in _WEAK_BARE_MONTHS):
        return None
    hijri = hijri or bool(g["c_hij"]) or (year is not None and 1300 <= int(year) <= 1600)
    if hijri:
        return _hijri_month(month, int(year) if year else None, rel, ctx)
    if year:
        return "DATE", cal.month_value(int(year), month), False
    if ctx.anchor is None:
        return "DATE", None, True
    if rel is not None:
        return "DATE", cal.month_value(*cal.relative_month(ctx.anchor, month, rel)), True
    return "DATE", cal.month_value(*cal.pick_month(ctx.anchor, month, ctx.tense())), True


def _hijri_month(month: int, year: int | None, rel: int | None, ctx: Context) -> Resolved | None:
    if year:
        start = cal.hijri_to_gregorian(year, month, 1)
        return ("DATE", cal.month_value(start.year, start.month), False) if start else None
    if ctx.anchor is None:
        return "DATE", None, True
    start = cal.hijri_month_near(ctx.anchor, month, rel or 0)
    return ("DATE", cal.month_value(start.year, start.month), True) if start else None


def resolve_year(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    year = int(g["y_year"] or 0)
    if not (g["y_kw"] or g["y_mod"] or ctx.after_preposition()):
        return None
    if g["y_hij"] and 1300 <= year <= 1600:
        start = cal.hijri_to_gregorian(year, 1, 1)
        return ("DATE", f"{start.year:04d}", False) if start else None
    if not 1800 <= year <= 2100:
        return None
    return "DATE", f"{year:04d}", False


def resolve_decade(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    if g["dec_ar"]:
        return "DATE", f"19{lex.decades[_key(g['dec_ar'])]}", False
    digits = g["dec_en"] or ""
    return "DATE", (digits if len(digits) == 4 else f"19{digits}")[:3], False
