"""Transliteration-aware name keys: orthographic normal form and consonant skeletons.

Foreign names reach Arabic through several spellings (سوليفان / ساليفان, شويغو / شويجو,
بلينكن / بلينكين). Two spellings of one name usually agree once vowel letters are
dropped and letters that transliterate the same sound (ج/غ/ق/ك for g, ت/ط, س/ص/ث/ز/ذ/ظ,
word-final ش/س) are folded into one class: that folded string is the name's *skeleton*, a
coarse key for finding candidate pairs (``rasd.ner.spelling`` decides whether a candidate
pair is one name).
"""

from __future__ import annotations

import re
import unicodedata
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
    if len(chars) > 1 and chars[-1] == "ش":
        chars[-1] = "س"
    return _collapse([ch.translate(table) for ch in chars])


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


_FOLD = str.maketrans({"ø": "o", "æ": "e", "ß": "s", "đ": "d", "ł": "l", "ı": "i"})
_VARIANT_RULES = [(re.compile(p), r) for p, r in (
    (r"[^a-z]", ""), ("ph", "f"), ("sch", "sh"), ("tch", "ch"), ("ck", "k"), ("kh", "k"), ("gh", "g"),
    ("th", "t"), ("dh", "d"), ("q", "k"), ("c(?=[eiy])", "s"), ("c", "k"), ("x", "ks"), ("w", "v"),
    ("v", "f"), ("p", "b"), ("z", "s"), ("dg", "g"), ("j", "g"), ("y", "i"), (r"(.)\1+", r"\1"),
    (r"(?<=[^sc])h(?![aeiou])", ""), ("ee", "i"), ("ie", "i"), ("ou", "u"), ("oo", "u"), ("oe", "u"),
    ("ei", "i"), ("ai", "e"), ("ae", "e"), ("au", "u"), ("o", "u"), ("e", "i"), (r"(.)\1+", r"\1"),
)]


def latin_ascii(word: str) -> str:
    """Lowercase ASCII letters of a Latin name (accents and ligatures folded)."""
    return unicodedata.normalize("NFKD", word.lower().translate(_FOLD)).encode("ascii", "ignore").decode()


@lru_cache(maxsize=131072)
def latin_variant_key(word: str) -> str:
    """Transliteration-aware key of a Latin spelling: two spellings with one key are taken as
    variants. Letters Arabic writes alike are folded (p/b, v/f, c/k/q, z/s, j/g, th/t, kh/k),
    doubled letters collapsed, silent h dropped, and vowels folded by what Arabic can write
    (ee/ie/ei/e/i/y -> i, oo/ou/o/u -> u, ai/ae -> e), so the vowel *slots* stay."""
    w = latin_ascii(word)
    for pattern, repl in _VARIANT_RULES:
        w = pattern.sub(repl, w)
    return w


def latin_block(word: str) -> str:
    """Coarse block of a Latin spelling: its variant key without inner vowels."""
    key = latin_variant_key(word)
    return key[:1] + re.sub("[aeiuh]", "", key[1:])


def arabic_block(name: str) -> str:
    """Coarse block of an Arabic spelling: consonant skeletons of its tokens, vowel slots dropped."""
    return " ".join(skeleton(w).replace("V", "") for w in normalise(name).split())
