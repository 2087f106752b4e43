"""Transliteration-aware name keys: orthographic normal form and consonant skeletons.

Foreign names reach Arabic through several spellings (سوليفان / ساليفان, شويغو / شويجو,
بلينكن / بلينكين). Two spellings of one name usually agree once vowel letters are
dropped and letters that transliterate the same sound (ج/غ/ق/ك for g, ت/ط, س/ص, ز/ذ/ظ)
are folded into one class: that folded string is the name's *skeleton*.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rasd.data import load_json
from rasd.text import normalise

_AR_LETTER = re.compile(r"[\u0621-\u064a]")


@cache
def _ar_table() -> tuple[dict[int, str], frozenset[str]]:
    data = load_json("ner/translit.json")
    table = {ord(k): v for k, v in data["ar_class"].items()}
    return table, frozenset(data["ar_vowels"])


@cache
def _latin_rules() -> tuple[list[tuple[re.Pattern[str], str]], frozenset[str]]:
    data = load_json("ner/translit.json")
    rules = [(re.compile(p), r) for p, r in data["latin_rules"]]
    return rules, frozenset(data["latin_vowels"])


def is_arabic(word: str) -> bool:
    return bool(_AR_LETTER.search(word))


def norm_name(word: str) -> str:
    """Matching form of a name token: Arabic folding, no diacritics, lowercase Latin."""
    return normalise(word).strip()


def _collapse(chars: list[str]) -> str:
    out: list[str] = []
    for ch in chars:
        if ch and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Consonant skeleton of one name token (Arabic or Latin script)."""
    if is_arabic(word):
        return _arabic_skeleton(norm_name(word))
    return _latin_skeleton(word.lower())


def _arabic_skeleton(word: str) -> str:
    table, vowels = _ar_table()
    last = len(word) - 1
    chars = [ch for i, ch in enumerate(word) if i == 0 or ch not in vowels or (i == last and i > 2)]
    if chars and chars[0] in vowels:
        chars[0] = "V"
    if len(chars) > 1 and chars[-1] in vowels:
        chars[-1] = "V"
    return "".join(ch.translate(table) for ch in _collapse(chars))


def _latin_skeleton(word: str) -> str:
    rules, vowels = _latin_rules()
    for pattern, repl in rules:
        word = pattern.sub(repl, word)
    if not word:
        return ""
    head = "V" if word[0] in vowels else word[0]
    return _collapse([head, *[ch for ch in word[1:] if ch not in vowels]])


def name_skeleton(tokens: list[str]) -> str:
    """Skeleton of a multi-token name, tokens joined by a space."""
    return " ".join(skeleton(t) for t in tokens)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, cut at ``limit + 1`` (bounded work for long strings)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return min(prev[-1], limit + 1)


@lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """Stricter Latin grouping key: consonant rules applied, doubled letters collapsed and
    every inner vowel run folded to 'a' (keeps the vowel *slots*, unlike ``skeleton``)."""
    rules, _ = _latin_rules()
    w = word.lower()
    for pattern, repl in rules:
        w = pattern.sub(repl, w)
    w = _DOUBLE.sub(r"\1", w)
    return w[:1] + _VOWELS.sub("a", w[1:])


_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]+")
