"""Lexicons shipped in rasd/data/ner/: gazetteers, given names, titles, demonyms, clitics.

Every entry is stored in normalised spelling (rasd.text.normalise), as a tuple of
tokens, so lookups are one dict access per candidate span.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from rasd.data import load_json, read_lines
from rasd.text import normalise

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    gazetteer: dict[Key, str]  # normalised token tuple -> PERS/LOC/ORG
    max_len: int
    given_names: frozenset[str]
    native_names: frozenset[str]
    titles: frozenset[Key]
    title_heads: frozenset[str]
    demonyms: dict[str, str]  # normalised demonym (any gender/number) -> country
    prefixes: tuple[str, ...]
    min_stem: int


def key_of(text: str) -> Key:
    return tuple(normalise(text).split())


def _gazetteer(name: str) -> dict[Key, str]:
    out: dict[Key, str] = {}
    for line in read_lines(name):
        kind, _, surface = line.partition("\t")
        if surface:
            out.setdefault(key_of(surface), kind)
    return out


def _names() -> tuple[frozenset[str], frozenset[str]]:
    native: set[str] = set()
    every: set[str] = set()
    block = "native"
    for line in _raw_lines("ner/given_names_ar.txt"):
        if line.startswith("# ---"):
            block = "native" if "native" in line else "foreign"
        elif line and not line.startswith("#"):
            every.add(normalise(line))
            if block == "native":
                native.add(normalise(line))
    return frozenset(every), frozenset(native)


def _raw_lines(name: str) -> list[str]:
    from importlib.resources import files

    return [ln.strip() for ln in files("rasd.data").joinpath(name).read_text("utf-8").splitlines()]


def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in read_lines("ner/demonyms_ar.tsv"):
        dem, _, country = line.partition("\t")
        base = normalise(dem)
        for form in (base, base + "ه", base + "ون", base + "ين", base[2:], base[2:] + "ه"):
            out[form] = country
    return out


@cache
def lexicon() -> Lexicon:
    gaz = _gazetteer("ner/gazetteer_ar.tsv")
    gaz.update(_gazetteer("ner/gazetteer_en.tsv"))
    every, native = _names()
    titles = frozenset(key_of(t) for t in read_lines("ner/titles_ar.txt"))
    clitics = load_json("ner/clitics.json")
    return Lexicon(
        gazetteer=gaz,
        max_len=max(len(k) for k in gaz),
        given_names=every,
        native_names=native,
        titles=titles,
        title_heads=frozenset(t[0] for t in titles),
        demonyms=_demonyms(),
        prefixes=tuple(normalise(p) for p in clitics["prefixes"]),
        min_stem=int(clitics["min_stem"]),
    )


def strip_clitic(word: str, known: AbstractSet[str] | dict[Key, str], article: bool = False) -> str:
    """``word`` (normalised) without its proclitic, only when the remainder is in ``known``. The article is not a
    proclitic here: a name that takes it is known with it (القاهرة), so "المالية" is not the name "مالية" (Malé),
    and ل + the article, written لل, is read as such ("للسيسي": السيسي). ``article=True`` strips the article too, as
    the NER features do (``features._strip``; the models were trained on it)."""
    if _is_known(word, known):
        return word
    lex = lexicon()
    prefixes = prefix_set()
    for k in range(min(4, len(word) - lex.min_stem), 0, -1):  # longest prefix first
        if word[:k] in prefixes and (article or not word[:k].endswith(("ال", "لل"))) and _is_known(word[k:], known):
            return word[k:]
    if article:
        return word
    at = word.find("لل", 0, 3)
    if at in (0, 1) and (at == 0 or word[0] in "وف") and _is_known("ال" + word[at + 2:], known):
        return "ال" + word[at + 2:]  # ل + the article is written لل: "للسيسي" is ل + "السيسي"
    return word


@cache
def entry_prefixes() -> frozenset[Key]:
    """Every prefix of two or more tokens of a multi-word gazetteer entry (entries included): a
    longest match grows a key only while it stays in this set, instead of trying every length."""
    return frozenset(k[:n] for k in lexicon().gazetteer for n in range(2, len(k) + 1))


def longest_entry(words: Sequence[str], start: int, stop: int) -> tuple[int, str]:
    """(length, type) of the longest multi-word gazetteer entry ``words[start:start + length]``
    with ``start + length <= stop``; (0, '') when none starts at ``start``."""
    gaz, grow = lexicon().gazetteer, entry_prefixes()
    best, kind = 0, ""
    key: Key = (words[start],)
    for q in range(start + 1, stop):
        key = (*key, words[q])
        if key not in grow:
            break
        found = gaz.get(key)
        if found:
            best, kind = len(key), found
    return best, kind


@cache
def prefix_set() -> frozenset[str]:
    return frozenset(lexicon().prefixes)


def strip_conjunction(word: str) -> str:
    """Drop a leading و/ف (the model tagged the token, so the rest is a name), unless the
    whole word is itself a given name (وليد, فهد)."""
    lex = lexicon()
    if word[:1] in ("و", "ف") and len(word) > lex.min_stem and word not in lex.given_names:
        return word[1:]
    return word


def _is_known(rest: str, known: AbstractSet[str] | dict[Key, str]) -> bool:
    if isinstance(known, dict):
        return (rest,) in known
    return rest in known
