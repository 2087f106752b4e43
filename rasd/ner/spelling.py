"""Weighted spelling distance between two Arabic spellings of one name.

Arabic writes a foreign name in several ways: long-vowel letters are added or left out
(بلينكن / بلينكين), one sound is written with letters of one class (غ / ج for g, ت / ط,
س / ص / ث, س / ز, ز / ذ / ظ, word-final ش / س), a vowel letter stands for another vowel
(سوليفان / ساليفان) and consonants are doubled or not (ميلي / ميللي). Different names that
share a consonant skeleton differ in other ways: in a consonant, in the first or the last
letter (زيلينسكي / زيلينسكا, بوتين / بوتينا), or in several vowel slots at once.

``spelling_cost`` aligns two normalised tokens (doubled letters collapsed) with an edit
distance whose weights come from ``rasd/data/ner/translit.json`` (``ar_align``): cheap
edits inside the transliteration classes, half a step to insert or drop a vowel letter
between consonants (a whole step next to another vowel letter), three quarters for one
vowel letter replacing another, and a prohibitive
cost for everything else (a consonant added, dropped or replaced across classes; a change
of the last letter outside a class; a different first letter). ``variant_cost`` accepts
the pair when that cost fits a budget that grows with the length of the name: short names
need an exact or near-exact match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rasd.data import load_json

_DOUBLE = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Weights:
    sub: dict[tuple[str, str], float]  # inside the word: class groups and vowel letters for each other
    sub_final: dict[tuple[str, str], float]
    indel: dict[str, float]
    indel_by_vowel: float
    vowels: frozenset[str]
    final_cost: float
    hard: float
    budget: tuple[tuple[int, float], ...]
    max_len: int


def _pairs(groups: list[list[Any]]) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for letters, cost in groups:
        for x in letters:
            for y in letters:
                if x != y:
                    out[x, y] = min(float(cost), out.get((x, y), float(cost)))
    return out


@cache
def weights() -> Weights:
    d = load_json("ner/translit.json")["ar_align"]
    sub = _pairs([*d["sub"], [d["vowels"], d["vowel_sub"]]])
    final = _pairs([*d["sub"], *d["sub_final"]])
    return Weights(sub, final, {k: float(v) for k, v in d["indel"].items()}, float(d["indel_by_vowel"]),
                   frozenset(d["vowels"]), float(d["final_cost"]), float(d["hard_cost"]),
                   tuple((int(n), float(c)) for n, c in d["budget"]), int(d["max_len"]))


@lru_cache(maxsize=65536)
def collapse(word: str) -> str:
    """``word`` with runs of one letter written once (ميللي -> ميلي)."""
    return _DOUBLE.sub(r"\1", word)


def budget(length: int) -> float:
    """Total edit cost allowed between two spellings whose longer collapsed form has ``length`` letters."""
    steps = weights().budget
    return next((c for n, c in steps if length <= n), steps[-1][1])


def _sub_final(x: str, y: str, w: Weights) -> float:
    """Cost of ``x`` replacing ``y`` where one of them is the last letter of its word."""
    if x == y:
        return 0.0
    cost = w.sub_final.get((x, y), w.hard)
    return cost if cost < w.hard else (w.final_cost if x in w.indel or y in w.indel else w.hard)


def _indel(word: str, i: int, w: Weights) -> float:
    """Cost of inserting or deleting letter ``i`` of ``word``."""
    ch = word[i]
    if ch not in w.indel or i == 0:
        return w.hard
    if i == len(word) - 1:
        return w.final_cost
    left, right = word[i - 1], word[i + 1]
    left_vowel = left in w.vowels and (i > 1 or left == "ا")  # a leading waw/yeh is a consonant (w, y)
    if ch in w.vowels and (left_vowel or (right in w.vowels and ch != "ا")):
        return w.indel_by_vowel
    return w.indel[ch]


def spelling_cost(a: str, b: str, limit: float | None = None) -> float:
    """Weighted edit distance of normalised tokens ``a`` and ``b`` (doubled letters collapsed).

    The work stops as soon as every alignment costs more than ``limit``; the result is then
    some value above ``limit``. Tokens longer than ``max_len`` only match themselves."""
    w = weights()
    return _cost(collapse(a), collapse(b), w.hard if limit is None else limit, w)


def _cost(a: str, b: str, limit: float, w: Weights) -> float:
    if a == b:
        return 0.0
    if not a or not b or max(len(a), len(b)) > w.max_len:
        return w.hard
    if a[0] != b[0] and (a[0], b[0]) not in w.sub_final:
        return w.hard
    return _align(a, b, limit, w)


def _align(a: str, b: str, limit: float, w: Weights) -> float:
    n, m = len(a), len(b)
    ins = [_indel(b, j, w) for j in range(m)]
    prev = [0.0]
    for c in ins:
        prev.append(prev[-1] + c)
    sub, hard = w.sub, w.hard
    for i in range(1, n + 1):
        x, dele, last_row = a[i - 1], _indel(a, i - 1, w), i == n
        row = [prev[0] + dele]
        best = row[0]
        for j in range(1, m + 1):
            y = b[j - 1]
            if x == y:
                v = prev[j - 1]
            elif last_row or j == m:
                v = prev[j - 1] + _sub_final(x, y, w)
            else:
                v = prev[j - 1] + sub.get((x, y), hard)
            v = min(v, prev[j] + dele, row[j - 1] + ins[j - 1])
            row.append(v)
            best = min(best, v)
        if best > limit:
            return best
        prev = row
    return prev[m]


@cache
def _limits() -> tuple[tuple[float, ...], float]:
    """``budget`` for every length up to the last step, and the cheapest insertion or deletion."""
    w = weights()
    return tuple(budget(n) for n in range(w.budget[-1][0] + 1)), min(w.indel.values())


@lru_cache(maxsize=200_000)
def _cost_in_budget(a: str, b: str, extra: float) -> float | None:
    w = weights()
    ca, cb = collapse(a), collapse(b)
    budgets, cheapest = _limits()
    longest = max(len(ca), len(cb))
    allowed = (budgets[longest] if longest < len(budgets) else budget(longest)) + extra
    if abs(len(ca) - len(cb)) * cheapest > allowed:
        return None
    cost = _cost(ca, cb, allowed, w)
    return cost if cost <= allowed else None


def variant_cost(a: str, b: str, extra: float = 0.0) -> float | None:
    """The spelling cost of ``a``/``b`` when it fits the budget for their length (plus ``extra``), else None.

    ``a`` and ``b`` are normalised tokens (``rasd.text.normalise``); results are cached per pair."""
    return _cost_in_budget(a, b, extra) if a <= b else _cost_in_budget(b, a, extra)
