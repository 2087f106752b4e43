"""Date lexicons loaded from ``rasd/data/dates/*.json``, folded for matching.

Matching runs on a *folded* copy of the text that has exactly the same length as
the original (so match offsets are offsets in the original): alef/hamza forms,
alef maqsura and teh marbuta are folded, Arabic-Indic digits become ASCII and
Latin letters are lowercased. Every lexicon key goes through the same ``fold``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd.data import load_json


@cache
def _fold_table() -> dict[int, str]:
    data = load_json("arabic_chars.json")
    table: dict[int, str] = {ord(k): v for k, v in data["fold"].items() if len(v) == 1}
    table.update({ord(k): v for k, v in data["digits"].items()})
    table.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    return table


def fold(text: str) -> str:
    """Offset-preserving matching form: same length as ``text``."""
    return text.translate(_fold_table())


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the folded ``words`` (longest first), as a character trie.

    A trie keeps the regex engine from trying hundreds of branches at each position;
    a blank inside a phrase matches any run of blanks.
    """
    trie: dict[str, Any] = {}
    for word in {" ".join(fold(w).split()) for w in words if w and w.strip()}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


#: Characters that stand for several written forms: matching needs no folded copy of the text.
_CLASSES = {"ا": "[اآأإٱ]", "ي": "[يىی]", "ه": "[هة]", "و": "[وؤ]"}


def char_regex(ch: str) -> str:
    """Regex for one folded character: its written variants, or blanks for a space."""
    if ch == " ":
        return r"\s+"
    if ch.isdigit():
        return r"\d"
    return _CLASSES.get(ch) or re.escape(ch)


def variants(word: str) -> str:
    """Regex for one folded word or phrase, tolerant of alef/yeh/teh-marbuta variants."""
    return "".join(char_regex(ch) for ch in fold(word))


def _trie_regex(node: dict[str, Any]) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        head = char_regex(ch)
        branches.append(head + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return f"(?:{body})?"
    return body


def _folded(mapping: dict[str, Any]) -> dict[str, Any]:
    return {fold(k): v for k, v in mapping.items() if not k.startswith("_")}


def _key(text: str) -> str:
    """Lookup key for a matched phrase: folded, blanks collapsed."""
    return " ".join(fold(text).split())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the date patterns and resolvers need, keyed by folded form."""

    months: dict[str, int]
    hijri_months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    cardinals: dict[str, int]
    ordinals: dict[str, int]
    hours: dict[str, int]
    units: dict[str, str]
    dual_units: dict[str, str]
    plural_units: dict[str, str]
    deictic: dict[str, int]
    past: frozenset[str]
    next: frozenset[str]
    this: frozenset[str]
    periods: dict[str, str]
    part_of_day: dict[str, str]
    vague: dict[str, str]
    vague_counts: frozenset[str]
    sets: dict[str, str]
    ampm: dict[str, str]
    decades: dict[str, int]
    zones: dict[str, str]
    raw: dict[str, Any]

    def lookup(self, table: str, text: str) -> object:
        return getattr(self, table).get(_key(text))


def _cardinals(num: dict[str, Any]) -> dict[str, int]:
    units = {fold(k): int(v) for k, v in num["units_ar"].items()}
    out: dict[str, int] = dict(units)
    out.update({fold(k): int(v) for k, v in num["ten_ar"].items()})
    tens = {fold(k): int(v) for k, v in num["tens_ar"].items()}
    out.update(tens)
    out.update({fold(k): int(v) for k, v in num["hundreds_ar"].items()})
    for u, n in units.items():
        for suffix in num["teen_suffix_ar"]:
            out[f"{u} {fold(str(suffix))}"] = 10 + n
        for t, m in tens.items():
            out[f"{u} و{t}"] = m + n
    out["احد عشر"] = out["احدي عشره"] = 11
    out["اثني عشر"] = out["اثنا عشر"] = out["اثنتي عشره"] = 12
    out.update({fold(k): int(v) for k, v in num["en"].items()})
    return out


@cache
def lexicon() -> Lexicon:
    """The folded lexicon, built once per process."""
    months = load_json("dates/months.json")
    rel = load_json("dates/relative.json")
    num = load_json("dates/numbers.json")
    wd = load_json("dates/weekdays.json")
    greg = {**months["gregorian_ar"], **months["levantine"], **months["maghreb"], **months["english"]}
    weekdays = {**wd["ar"], **wd["en"]}
    return Lexicon(
        months=_folded(greg),
        hijri_months=_folded(months["hijri"]),
        ambiguous_months=frozenset(fold(m) for m in months["ambiguous"]),
        weekdays=_folded(weekdays),
        cardinals=_cardinals(num),
        ordinals=_folded({**num["ordinals_ar"], **num["ordinals_en"]}),
        hours=_folded(num["hours_ar"]),
        units=_folded(rel["units"]),
        dual_units=_folded(rel["dual_units"]),
        plural_units=_folded(rel["plural_units"]),
        deictic=_folded(rel["deictic"]),
        past=frozenset(fold(w) for w in rel["past"]),
        next=frozenset(fold(w) for w in rel["next"]),
        this=frozenset(fold(w) for w in rel["this"]),
        periods=_folded(rel["periods"]),
        part_of_day=_folded(rel["part_of_day"]),
        vague=_folded(rel["vague"]),
        vague_counts=frozenset(fold(w) for w in rel["vague_counts"]),
        sets=_folded(rel["sets"]),
        ampm=_folded(rel["ampm"]),
        decades=_folded(rel["decades"]),
        zones=_folded(load_json("dates/zones.json")["zones"]),
        raw={"relative": rel, "weekdays": wd, "numbers": num},
    )
