"""Regexes built from the reporting-verb lists in rasd/data/ner/ (spelling-tolerant, bounded)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rasd.data import read_lines

_ALEF = "[اأإآ]"
_MARKS = "[\u064b-\u0652]{0,2}"  # a short vowel, shadda or tanween after a letter ("صرّح", "أكَّد")
# Attribution that follows the statement it attributes ("..., حسبما ذكرت الوكالة").
AFTER_MARKERS = ("حسبما", "بحسب", "حسب", "وفقا ل", "وفقًا ل", "وفق ما", "نقلا عن")
CHAIN_VERBS = ("أضاف", "أضافت", "تابع", "تابعت", "أردف", "أردفت", "مضيفا", "مضيفة", "موضحا", "مشيرا",
               "مؤكدا", "لافتا", "مشيرة", "موضحة", "مؤكدة", "لافتة")


def _units(word: str) -> list[str]:
    """Regex units of one word: alef forms folded, spaces flexible, a letter may carry diacritics, final ا may
    carry tanween."""
    out = []
    for ch in word:
        if ch in "اأإآ":
            out.append(_ALEF + _MARKS)
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch) + _MARKS)
    return [*out, "[ًا]?"] if word.endswith("ا") else out


def _pattern(word: str) -> str:
    return "".join(_units(word))


def _trie_regex(words: list[str]) -> str:
    """One alternation with shared prefixes factored out (much faster to scan than a flat
    list of alternatives); longer words are preferred, as in a longest-first alternation."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for unit in _units(w):
            node = node.setdefault(unit, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, Any]) -> str:
    branches = [unit + _emit(child) for unit, child in node.items() if unit]
    branches.sort(key=len, reverse=True)
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@cache
def arabic_verbs() -> re.Pattern[str]:
    """Reporting verbs with an optional و/ف/ل prefix; group 'verb' is the verb without it."""
    alts = _trie_regex(read_lines("ner/reporting_verbs_ar.txt"))
    # a marker ending in a separate ل ("وفقا ل") is written joined to its source ("وفقا لمسؤول")
    # not after a diacritic either: "ويُزعم" (it is claimed) holds no verb "زعم"
    return re.compile(r"(?<![\w\u064b-\u065f])(?P<pre>[وف]?)(?P<verb>" + alts + r")(?:(?<=\sل)|(?![\w\u064b-\u065f]))")


@cache
def english_verbs() -> re.Pattern[str]:
    words = sorted(read_lines("ner/reporting_verbs_en.txt"), key=len, reverse=True)
    return re.compile(r"\b(?P<pre>)(?P<verb>" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


# not "(إن. تي.في)": a letter of an abbreviation
COMPLEMENTIZER = re.compile(r"(?<![\w.\-])(?:ب?[اأإ]ن(?:ه|ها|هم)?|[اأإ]لى\s+[اأ]ن(?:ه|ها)?|:)(?![\w.])|[:«\"“]")
OPEN_CLOSE = {"«": "»", "\"": "\"", "“": "”"}


@cache
def is_chain_verb(verb: str) -> bool:
    return any(re.fullmatch(_pattern(c), verb) for c in CHAIN_VERBS)


@cache
def is_after_marker(verb: str) -> bool:
    return any(re.fullmatch(_pattern(c), verb) for c in AFTER_MARKERS)
