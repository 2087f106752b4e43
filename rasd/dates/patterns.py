"""One compiled regex for every temporal pattern, built from the lexicons.

The regex runs once over the folded text (see ``lexicon.fold``). Each top-level
alternative is a named group ``k_<kind>``; its sub-groups carry the pieces the
resolver needs. Every repetition is bounded by literal words, so there is no
catastrophic backtracking.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.dates.lexicon import Lexicon, alternation, fold, lexicon, variants

#: Start of a word, allowing one attached clitic (و، ف، ب، ل) that stays outside the match.
_LB = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
_RB = r"(?!\w)"


@cache
def _words() -> dict[str, str]:
    lex = lexicon()
    raw = lex.raw["relative"]
    wd_bare = lex.raw["weekdays"]["ar_bare"]
    english_months = [k for k in lex.months if k.isascii()]
    return {
        "MON": alternation(lex.months),
        "MONEN": alternation(english_months),
        "HMON": alternation(lex.hijri_months),
        "WD": alternation(lex.weekdays),
        "WDBARE": alternation(wd_bare),
        "ORD": alternation(lex.ordinals),
        "NUM": alternation(lex.cardinals),
        "REL": alternation([*lex.past, *lex.next, *lex.this]),
        "RELEN": "last|next|this|past|coming|previous",
        "MOD": alternation(raw["modifiers"]),
        "YKW": alternation(raw["year_words"]),
        "HIJ": alternation(raw["hijri_suffix"]) + r"|هـ",
        "GREG": alternation(raw["gregorian_suffix"]),
        "DEIC": alternation(lex.deictic),
        "TODAYNOT": alternation(raw["today_not_followed_by"]),
        "POD": alternation(lex.part_of_day),
        "PERIOD": alternation(lex.periods),
        "UNIT": alternation(lex.units),
        "DUAL": alternation(lex.dual_units),
        "PLURAL": alternation(lex.plural_units),
        "WHOLE": alternation(raw["whole_hour"]),
        "VCOUNT": alternation(lex.vague_counts),
        "VAGUE": alternation(lex.vague),
        "SETW": alternation(lex.sets),
        "EVERY": alternation(raw["every"]),
        "AMPM": alternation(lex.ampm),
        "HOURW": alternation(lex.hours),
        "ZONE": alternation(lex.zones),
        "DECADE": alternation(lex.decades),
        "LOCAL": alternation(load_local()),
        "YAWM": variants("يوم"),
        "MIN": alternation(["من", "of"]),
        "SHAHR": variants("شهر"),
        "RUB": variants("الربع"),
        "THIS": alternation(["هذا", "هذه", "this"]),
        "AGO": alternation(["منذ", "قبل", "بعد"]),
        "PREL": alternation([*lex.past, *lex.next, *lex.this, "الاخيره"]),
        "PASTF": alternation(["الماضيه", "الفائته"]),
        "SUNIT": alternation(["يوم", "اسبوع", "شهر", "عام", "سنه", "day", "week", "month", "year"]),
        "AL": variants("ال"),
        "TAWQIT": alternation(["بتوقيت", "بالتوقيت", "توقيت"]),
        "SAA": variants("الساعه"),
    }


def load_local() -> list[str]:
    from rasd.data import load_json

    return list(load_json("dates/zones.json")["local"])


def _month(p: str, w: dict[str, str]) -> str:
    """A month name, optionally doubled with another system's name: «فبراير/شباط», «كانون الثاني (يناير)»."""
    mon = f"(?:{w['MON']})"
    return f"(?P<{p}_mon>{mon}(?:\\s*[/\\\\(\\-–]\\s*{mon}(?:\\s*\\))?)?|(?:{w['HMON']}))"


def _year_core(p: str, w: dict[str, str]) -> str:
    return (
        f"\\s*[,،]?\\s*(?P<{p}_year>\\d{{4}})(?!\\d)(?:\\s*(?P<{p}_hij>{w['HIJ']})|\\s*(?:{w['GREG']}))?{_RB}"
    )


def _year_tail(p: str, w: dict[str, str]) -> str:
    return f"(?:{_year_core(p, w)})?"


def _alternatives(w: dict[str, str]) -> dict[str, str]:
    day = f"(?:\\d{{1,2}}(?:st|nd|rd|th)?|{w['ORD']})"
    alts = [
        (
            r"(?P<k_num>(?P<n1>\d{1,2})[/.\-](?P<n2>\d{1,2})[/.\-](?P<n3>\d{4})"
            r"|(?P<i1>\d{4})[/.\-](?P<i2>\d{1,2})[/.\-](?P<i3>\d{1,2}))(?![\d/.\-]\d)"
        ),
        (
            f"(?P<k_abs>(?:{w['YAWM']}\\s+)?(?:(?P<a_wd>{w['WD']})\\s*[,،]?\\s*)?(?P<a_day>{day})"
            f"(?:\\s+(?:{w['MIN']}))?\\s*[\\-/]?\\s*(?:{w['SHAHR']}\\s+)?{_month('a', w)}{_year_tail('a', w)}"
            f"(?:\\s+(?P<a_rel>{w['REL']}))?)"
        ),
        (
            f"(?P<k_mdy>(?:(?P<b_wd>{w['WD']})\\s*,?\\s*)?(?P<b_mon>{w['MONEN']})\\.?\\s+(?P<b_day>\\d{{1,2}})"
            f"(?:st|nd|rd|th)?(?!\\d)(?:\\s*,?\\s*(?P<b_year>\\d{{4}})(?!\\d))?)"
        ),
        (
            f"(?P<k_quarter>(?:the\\s+)?(?P<q_ord>{w['ORD']}|[1-4](?:st|nd|rd|th))\\s+quarter\\s+(?:of\\s+)?(?P<q_year>\\d{{4}})"
            f"|{w['RUB']}\\s+(?P<q_ord2>{w['ORD']})\\s+(?:{w['MIN']}\\s+)?(?:(?:{w['YKW']})\\s+)?(?P<q_year2>\\d{{4}}))"
        ),
        (
            f"(?P<k_my>(?:(?P<c_mod>{w['MOD']})\\s+)?(?:(?P<c_shahr>{w['SHAHR']})\\s+)?{_month('c', w)}"
            f"(?:{_year_core('c', w)}|\\s+(?P<c_rel>{w['REL']}))?)"
        ),
        (
            f"(?P<k_year>(?:(?P<y_mod>{w['MOD']})\\s+)?(?:(?P<y_kw>{w['YKW']})\\s+)?(?P<y_year>\\d{{4}})(?!\\d)"
            f"(?:\\s*(?P<y_hij>{w['HIJ']}){_RB})?)"
        ),
        f"(?P<k_decade>(?P<dec_ar>{w['DECADE']})|(?:the\\s+)?(?P<dec_en>(?:1[89]|20)?\\d0)'?s)",
        (
            f"(?P<k_set>(?P<s_word>{w['SETW']})|(?:{w['EVERY']})\\s+(?:(?P<s_unit>{w['SUNIT']})"
            f"(?:\\s+(?P<s_wd>{w['WDBARE']}|{w['WD']}))?|(?P<s_wd2>{w['WD']})))"
        ),
        (
            f"(?P<k_wd>(?:(?P<w_pod>{w['POD']})\\s+)?(?:{w['YAWM']}\\s+)?(?:(?P<w_deic>{w['DEIC']})\\s+)?(?:{w['YAWM']}\\s+)?"
            f"(?:(?P<w_rel0>{w['RELEN']})\\s+)?(?P<w_wd>{w['WD']})(?:\\s+(?P<w_rel>{w['REL']}))?"
            f"(?:\\s+(?P<w_pod2>morning|afternoon|evening|night))?)"
        ),
        "(?P<k_thispod>(?P<tp_rel>this|last)\\s+(?P<tp_pod>morning|afternoon|evening|night))",
        (
            f"(?P<k_deic>(?:(?P<d_pod>{w['POD']})\\s+)?(?:{w['YAWM']}\\s+)?(?P<d_deic>{w['DEIC']})"
            f"(?:\\s+(?P<d_rel>{w['PASTF']}))?(?!\\s+(?:{w['TODAYNOT']}){_RB}))"
        ),
        (
            f"(?P<k_period>(?:(?P<p_mod>{w['MOD']})\\s+)?(?:(?P<p_this>{w['THIS']})\\s+)?"
            f"(?:(?P<p_rel0>{w['RELEN']})\\s+)?(?P<p_unit>{w['PERIOD']})(?:\\s+(?P<p_rel>{w['REL']}))?)"
        ),
        (
            f"(?P<k_ago>(?P<g_op>{w['AGO']})\\s+(?:(?P<g_num>{w['NUM']}|{w['VCOUNT']}|\\d+)\\s+)?"
            f"(?P<g_unit>{w['DUAL']}|{w['UNIT']})(?!\\s*\\d)"
            f"|(?P<g_num2>{w['NUM']}|{w['VCOUNT']}|\\d+)\\s+(?P<g_unit2>{w['UNIT']})\\s+(?P<g_op2>ago|later|earlier))"
        ),
        (
            f"(?P<k_dur>(?P<u_num>{w['NUM']}|\\d+)\\s+(?P<u_unit>{w['UNIT']})|(?P<u_dual>{w['DUAL']})|(?P<u_whole>{w['WHOLE']})"
            f"|(?:the\\s+)?(?:(?P<u_prel0>past|last|next|coming)\\s+)?(?P<u_pl>{w['PLURAL']})\\s+(?:{w['AL']}ـ?\\s?)?"
            f"(?P<u_pnum>(?:{w['AL']})?(?:{w['NUM']})|\\d+)(?:\\s+(?P<u_prel>{w['PREL']}))?"
            f"|the\\s+(?:past|last|next|coming)\\s+(?P<u_enum>{w['NUM']}|\\d+)\\s+(?P<u_enunit>{w['UNIT']}))"
        ),
        f"(?P<k_vague>{w['VAGUE']})",
        (
            f"(?P<k_time>(?:(?P<t_kw>{w['SAA']})\\s+)?(?:(?P<t_hw>{w['HOURW']})|(?P<t_h>\\d{{1,2}})(?::(?P<t_m>\\d{{2}}))?)"
            f"(?!\\d)(?:\\s*(?P<t_ampm>{w['AMPM']}))?(?:\\s*(?:(?:{w['TAWQIT']})\\s+(?P<t_zone>{w['ZONE']}|{w['LOCAL']})"
            f"|(?P<t_zone2>gmt|utc|est|edt|pst|pdt|cet|cest|bst)|(?P<t_local>{w['LOCAL']})))?)"
        ),
    ]
    return {a[4 : a.index(">")]: a for a in alts}  # each starts with "(?P<k_kind>"


#: Which lexicon lists (keys of ``_words``'s source lists) can open each kind of expression.
_STARTERS: dict[str, tuple[str, ...]] = {
    "k_num": ("#",),
    "k_abs": ("YAWM", "WD", "#", "ORD"),
    "k_mdy": ("WD", "MONEN"),
    "k_quarter": ("the", "ORD", "#", "RUB"),
    "k_my": ("MOD", "SHAHR", "MON", "HMON"),
    "k_year": ("MOD", "YKW", "#"),
    "k_decade": ("DECADE", "the", "#"),
    "k_set": ("SETW", "EVERY"),
    "k_wd": ("POD", "YAWM", "DEIC", "RELEN", "WD"),
    "k_thispod": ("RELEN",),
    "k_deic": ("POD", "YAWM", "DEIC"),
    "k_period": ("MOD", "THIS", "RELEN", "PERIOD"),
    "k_ago": ("AGO", "NUM", "VCOUNT", "#"),
    "k_dur": ("NUM", "#", "DUAL", "WHOLE", "the", "RELEN", "PLURAL"),
    "k_vague": ("VAGUE",),
    "k_time": ("SAA", "HOURW", "#"),
}


def _starter_words(lex: Lexicon) -> dict[str, list[str]]:
    raw = lex.raw["relative"]
    return {
        "YAWM": ["يوم"],
        "WD": list(lex.weekdays),
        "ORD": list(lex.ordinals),
        "MONEN": [k for k in lex.months if k.isascii()],
        "the": ["the"],
        "RUB": ["الربع"],
        "MOD": list(raw["modifiers"]),
        "SHAHR": ["شهر"],
        "MON": list(lex.months),
        "HMON": list(lex.hijri_months),
        "YKW": list(raw["year_words"]),
        "DECADE": list(lex.decades),
        "SETW": list(lex.sets),
        "EVERY": list(raw["every"]),
        "POD": list(lex.part_of_day),
        "DEIC": list(lex.deictic),
        "RELEN": ["last", "next", "this", "past", "coming", "previous"],
        "THIS": ["هذا", "هذه", "this"],
        "PERIOD": list(lex.periods),
        "AGO": ["منذ", "قبل", "بعد"],
        "NUM": list(lex.cardinals),
        "VCOUNT": list(lex.vague_counts),
        "DUAL": list(lex.dual_units),
        "WHOLE": list(raw["whole_hour"]),
        "PLURAL": list(lex.plural_units),
        "VAGUE": list(lex.vague),
        "SAA": ["الساعه"],
        "HOURW": list(lex.hours),
    }


@cache
def starters() -> dict[str, frozenset[str]]:
    """Folded first word of an expression -> the kinds that may start with it ("#" = a number)."""
    words = _starter_words(lexicon())
    out: dict[str, set[str]] = {"#": set()}
    for kind, lists in _STARTERS.items():
        for name in lists:
            for w in ["#"] if name == "#" else words[name]:
                first = "#" if w == "#" else fold(str(w)).split()[0]
                out.setdefault(first, set()).add(kind)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def trigger_regex() -> re.Pattern[str]:
    """Finds word starts where an expression may begin; group ``w`` is the first word."""
    words = [w for w in starters() if w != "#"]
    return re.compile(f"(?<![^\\Wـ])[وفبلـ]?(?P<w>\\d+|(?:{alternation(words)})(?!\\w))")


@cache
def kind_regex(kinds: frozenset[str]) -> re.Pattern[str]:
    """The alternatives for ``kinds`` only (in their fixed priority order), anchored with ``match``."""
    alts = _alternatives(_words())
    body = "|".join(a for k, a in alts.items() if k in kinds)
    return re.compile(f"(?:{body}){_RB}")


@cache
def date_regex() -> re.Pattern[str]:
    """Every alternative in one pattern (used by tests and for whole-text scans)."""
    return kind_regex(frozenset(_STARTERS))


_SURFACE = {"ا": "اأإآ", "ي": "يى", "ه": "هة"}
_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب")


def _spellings(word: str) -> set[str]:
    """Written forms of a folded word: alef with or without hamza/madda, final ى/ة."""
    forms = {""}
    for i, ch in enumerate(word):
        choices = _SURFACE.get(ch, ch)
        if ch in "يه" and i != len(word) - 1:
            choices = ch
        forms = {f + c for f in forms for c in choices}
        if len(forms) > 256:
            return {word}
    return forms


@cache
def surface_triggers() -> dict[str, tuple[str, int]]:
    """Written token (with a clitic) -> (folded first word, clitic length), for a fast set lookup."""
    out: dict[str, tuple[str, int]] = {}
    for word in starters():
        if word == "#":
            continue
        for form in _spellings(word):
            if _too_common(word, form):
                continue
            for clitic in _CLITICS:
                out.setdefault(clitic + form, (word, len(clitic)))
    return out


def _too_common(word: str, form: str) -> bool:
    """Two-letter alef words (the month آب) only as written with madda: اب/أب is "father" and ب+اب is "door"."""
    return len(word) == 2 and word.startswith("ا") and not form.startswith("آ")
