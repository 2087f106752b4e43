"""Resolvers for relative, deictic, vague, duration, set and clock-time expressions."""

from __future__ import annotations

import datetime as dt

from rasd.dates import calendar as cal
from rasd.dates.lexicon import Lexicon, fold
from rasd.dates.resolve import Context, Groups, Resolved, _key, number, rel_sign, with_pod

_UNIT_DAYS = {"D": 1, "W": 7}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_DEMONSTRATIVES = frozenset(fold(w) for w in ("هذا", "ذلك", "ذات", "نفس", "that", "the", "same"))


def _shift(anchor: dt.date, unit: str, n: int) -> str | None:
    """The anchor moved by ``n`` units, at the unit's granularity (day, ISO week, month, year, decade)."""
    if unit in _UNIT_DAYS:
        day = anchor + dt.timedelta(days=n * _UNIT_DAYS[unit])
        return day.isoformat() if unit == "D" else cal.iso_week(day)
    if unit == "M":
        return cal.month_value(*cal.add_months(anchor.year, anchor.month, n))
    if unit == "Y":
        return f"{anchor.year + n:04d}"
    if unit == "DE":
        return f"{anchor.year + 10 * n:04d}"[:3]
    if unit == "H" and abs(n) >= 24:
        return (anchor + dt.timedelta(hours=n)).isoformat()
    return None


def resolve_wd(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    weekday = lex.weekdays.get(_key(g["w_wd"]))
    if weekday is None:
        return None
    pod = g["w_pod"] or g["w_pod2"]
    if ctx.anchor is None:
        return ("TIME" if pod else "DATE"), None, True
    if g["w_deic"]:
        day = ctx.anchor + dt.timedelta(days=lex.deictic.get(_key(g["w_deic"]), 0))
        return with_pod(day, pod, lex)
    rel = rel_sign(g["w_rel"] or g["w_rel0"], lex)
    if not rel:
        same = weekday == ctx.anchor.isoweekday()
        rel = 0 if same else (1 if ctx.tense() > 0 else -1)
    return with_pod(cal.weekday_near(ctx.anchor, weekday, rel), pod, lex)


def resolve_thispod(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    if ctx.anchor is None:
        return "TIME", None, True
    offset = -1 if g["tp_rel"] == "last" else 0
    return with_pod(ctx.anchor + dt.timedelta(days=offset), g["tp_pod"], lex)


def resolve_deic(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    key = _key(g["d_deic"])
    offset = lex.deictic.get(key)
    if offset is None or (not g["d_pod"] and ctx.previous_word() in _DEMONSTRATIVES):
        return None  # «في هذا اليوم», «ذلك اليوم»: a day named earlier, not today
    night = key in {fold(w) for w in lex.raw["relative"]["deictic_night"]}
    pod = "ليل" if night else g["d_pod"]
    if g["d_rel"]:
        offset -= 1
    if ctx.anchor is None:
        return ("TIME" if pod else "DATE"), None, True
    return with_pod(ctx.anchor + dt.timedelta(days=offset), pod, lex)


def resolve_period(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    unit = lex.periods.get(_key(g["p_unit"]))
    rel = rel_sign(g["p_rel"] or g["p_rel0"], lex)
    if unit is None or unit == "NI" or (rel is None and not g["p_this"] and not g["p_mod"]):
        return None
    if ctx.anchor is None:
        return "DATE", None, True
    rel = rel or 0
    if rel == 0 and unit == "Y" and _key(g["p_rel"]) == fold("الجديد") and ctx.anchor.month == 12:
        rel = 1
    return "DATE", _shift(ctx.anchor, unit, rel), True


def _plural_bare(unit_text: str, lex: Lexicon) -> bool:
    return ("ال" + _key(unit_text)) in lex.plural_units or _key(unit_text) in {
        "days",
        "weeks",
        "months",
        "years",
    }


def resolve_ago(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    op = _key(g["g_op"] or g["g_op2"])
    sign = 1 if op in {"بعد", "later"} else -1
    unit_text = g["g_unit"] or g["g_unit2"] or ""
    num_text = g["g_num"] or g["g_num2"]
    unit = lex.units.get(_key(unit_text)) or lex.dual_units.get(_key(unit_text))
    n = 2 if _key(unit_text) in lex.dual_units else number(num_text, lex)
    vague = _key(num_text) in lex.vague_counts or (num_text is None and _plural_bare(unit_text, lex))
    if vague and sign > 0:
        return None  # «بعد أيام»: later than some event, not than the publication date
    if vague:
        return "DATE", ("FUTURE_REF" if sign > 0 else "PAST_REF"), False
    if unit is None or (n is None and num_text):
        return None
    if ctx.anchor is None:
        return "DATE", None, True
    value = _shift(ctx.anchor, unit, sign * (n or 1))
    return ("DATE", value, True) if value else ("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", True)


def _duration(n: int | None, unit: str | None) -> Resolved | None:
    if not n or unit is None or n > 10000:
        return None
    if unit in _TIME_UNITS:
        return "DURATION", f"PT{n}{_TIME_UNITS[unit]}", False
    if unit == "DE":
        return "DURATION", f"P{n * 10}Y", False
    return "DURATION", f"P{n}{unit}", False


def resolve_dur(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    if g["u_whole"]:
        return "DURATION", "PT1H", False
    if g["u_dual"]:
        return _duration(2, lex.dual_units.get(_key(g["u_dual"])))
    if g["u_pl"]:
        return _duration(number(g["u_pnum"], lex), lex.plural_units.get(_key(g["u_pl"])))
    if g["u_enum"]:
        return _duration(number(g["u_enum"], lex), lex.units.get(_key(g["u_enunit"])))
    return _duration(number(g["u_num"], lex), lex.units.get(_key(g["u_unit"])))


def resolve_vague(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    value = lex.vague.get(_key(g["k_vague"]))
    return ("DATE", value, False) if value else None


def resolve_set(g: Groups, ctx: Context, lex: Lexicon) -> Resolved | None:
    if g["s_word"]:
        return "SET", lex.sets.get(_key(g["s_word"])), False
    wd_text = g["s_wd"] or g["s_wd2"]
    if wd_text:
        bare = lex.raw["weekdays"]["ar_bare"]
        wd = lex.weekdays.get(_key(wd_text)) or {fold(k): v for k, v in bare.items()}.get(_key(wd_text))
        return ("SET", f"XXXX-WXX-{wd}", False) if wd else None
    unit = {
        "يوم": "D",
        "اسبوع": "W",
        "شهر": "M",
        "عام": "Y",
        "سنه": "Y",
        "day": "D",
        "week": "W",
        "month": "M",
        "year": "Y",
    }.get(_key(g["s_unit"]))
    return ("SET", f"P1{unit}", False) if unit else None
