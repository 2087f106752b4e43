"""CRF features for Arabic NER, cached per word form so tagging stays fast.

A token's features are its own (normalised form, affixes, clitic-stripped form,
gazetteer/given-name/title/demonym membership, script and shape) plus a few of its
neighbours' (same families, prefixed with the offset) and the span gazetteer tag
(B/I of a multi-word gazetteer entry). Own and neighbour lists are built once per
distinct word and reused, so extracting features costs a few list concatenations.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.data import read_lines
from rasd.ner.gazetteer import lexicon, longest_entry, prefix_set
from rasd.ner.namelike import bin_of
from rasd.text import normalise

Bundle = tuple[list[str], list[str], list[str], list[str], list[str]]
FamilyKey = str | tuple[str, ...]  # the key of a feature family (``all_family_keys``)
Parts = tuple[Bundle, tuple[str, ...]]


@lru_cache(maxsize=200_000)
def word_bundle(word: str) -> Bundle:
    """(own, as-left-1, as-right-1, as-left-2, as-right-2) feature lists of one word (cached)."""
    return word_features(word)


def word_features(word: str) -> Bundle:
    """(own, as-left-1, as-right-1, as-left-2, as-right-2) feature lists of one word."""
    (own, left1, right1, left2, right2), rest = word_parts(word)
    tails = _tails(rest)
    return own + list(rest), left1 + list(tails[0]), right1 + list(tails[1]), left2 + list(tails[2]), \
        right2 + list(tails[3])


def word_parts(word: str) -> Parts:
    """``word_features`` in two parts: the five lists of the features that depend on the word form
    itself (large vocabulary: the bias ``b``, then each family of ``family_features``), and the
    small-vocabulary features after the stem (flags, shape, name-likeness bin, clusters), which
    ``word_features`` appends at every offset (``neighbour_forms``)."""
    return norm_parts(normalise(word))


def norm_parts(n: str) -> Parts:
    """``word_parts`` of an already normalised word."""
    small = _small_features(n)
    own: list[str] = ["b"]
    out: Bundle = (own, [], [], [], [])
    for family, key in enumerate(family_keys(n, small[0])):
        for mine, theirs in zip(out, family_features(family, key), strict=True):
            mine += theirs
    return out, tuple(small[1:])


def family_keys(n: str, st: str) -> tuple[str, ...]:
    """The key of each feature family of a normalised word whose clitic-stripped feature is ``st``:
    every large-vocabulary feature of the word is a function of one of these (p1..p4 of the first
    four letters, s1..s4 of the last four, ...), so a scorer can cache each family by its key."""
    stem = st[3:]
    return (n, st, n[:4], n[-4:], stem[:3], stem[-3:], _vowels(stem))


def all_family_keys(n: str) -> tuple[FamilyKey, ...]:
    """``family_keys`` and then the three groups of small features after ``st`` (``small_groups``),
    each a tuple of feature strings: together, every feature of the word (``norm_parts``)."""
    st, *groups = small_groups(n)
    return (*family_keys(n, st), *groups)


def family_features(family: int, key: FamilyKey) -> Bundle:
    """The features of one family (``all_family_keys``) at each offset: own, as left-1, as right-1,
    as left-2, as right-2 neighbour."""
    if isinstance(key, tuple):
        return group_features(key)
    k = key
    if family == 0:  # the word form
        return ["w=" + k], ["-1w=" + k], ["+1w=" + k], ["-2w=" + k], ["+2w=" + k]
    if family == 1:  # the clitic-stripped form, already "st=..."
        return [k], ["-1" + k], ["+1" + k], ["-2" + k], ["+2" + k]
    if family == 2:  # the first four letters
        return ["p1=" + k[:1], "p2=" + k[:2], "p3=" + k[:3], "p4=" + k], [], ["+1p2=" + k[:2]], [], []
    if family == 3:  # the last four letters
        return ["s1=" + k[-1:], "s2=" + k[-2:], "s3=" + k[-3:], "s4=" + k], ["-1s2=" + k[-2:]], [], [], []
    if family == 4:  # the stem's first three letters
        return ["sp2=" + k[:2], "sp3=" + k], [], [], [], []
    if family == 5:  # the stem's last three letters
        return ["ss2=" + k[-2:], "ss3=" + k], [], [], [], []
    return [k], [], [], [], []  # the stem's long-vowel share


def group_features(group: tuple[str, ...]) -> Bundle:
    """A group of small features (``small_groups``) at each offset: all of them as own and ±1
    neighbour features, the flags also at ±2 (``neighbour_forms``)."""
    forms = [neighbour_forms(f) for f in group]
    own, left1, right1, left2, right2 = ([f[k] for f in forms if f[k]] for k in range(5))
    return own, left1, right1, left2, right2


FAMILIES = 7  # len(family_keys(...))
ALL_FAMILIES = FAMILIES + 3  # len(all_family_keys(...))


def neighbour_forms(feature: str) -> tuple[str, str, str, str, str]:
    """How one small-vocabulary feature of ``word_parts`` appears at each offset (own, as left-1,
    as right-1, as left-2, as right-2 neighbour); '' where it is not emitted."""
    far = feature in _FLAGS
    return (feature, "-1" + feature, "+1" + feature, "-2" + feature if far else "", "+2" + feature if far else "")


_TAILS: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}


def _tails(rest: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The small features after the stem as a neighbour's: all of them at -1/+1, the flags at -2/+2
    (a small vocabulary, so cached)."""
    got = _TAILS.get(rest)
    if got is None:
        flags = [f for f in rest if f in _FLAGS]
        got = (tuple("-1" + f for f in rest), tuple("+1" + f for f in rest),
               tuple("-2" + f for f in flags), tuple("+2" + f for f in flags))
        if len(_TAILS) < 50_000:
            _TAILS[rest] = got
    return got


_FLAGS = frozenset({"ti", "fn", "sw", "g=PERS", "g=LOC", "g=ORG"})


def _vowels(stem: str) -> str:
    """Share of long-vowel letters (foreign names carry many: شوماخر، هيرمان)."""
    if len(stem) < 3:
        return "vr=s"
    share = (stem.count("ا") + stem.count("و") + stem.count("ي")) / len(stem)
    return "vr=" + str(min(int(share * 5), 3))


@cache
def stopwords() -> frozenset[str]:
    """Arabic function words, in normal form (rasd/data/stopwords/ar.txt)."""
    return frozenset(normalise(w) for w in read_lines("stopwords/ar.txt"))


def generic_stem(n: str) -> str:
    """``n`` without its longest proclitic (و، ف، ب، ل، ك، ال and their combinations),
    whatever the remainder; at least ``min_stem`` letters are kept."""
    t = _lookups()
    return _generic_stem(n, t.prefixes, t.min_stem)


def _generic_stem(n: str, prefixes: frozenset[str], min_stem: int) -> str:
    for k in range(min(4, len(n) - min_stem), 0, -1):
        if n[:k] in prefixes:
            return n[k:]
    return n


def _strip(n: str, known: AbstractSet[str] | dict[str, str], prefixes: frozenset[str], min_stem: int) -> str:
    """strip_clitic over single words (``known`` as a set or dict of single tokens)."""
    if n in known:
        return n
    for k in range(min(4, len(n) - min_stem), 0, -1):
        if n[:k] in prefixes and n[k:] in known:
            return n[k:]
    return n


@dataclass(frozen=True, slots=True)
class _Lookups:
    """The lexicon reduced to single-word sets and dicts, so a word's small features are plain
    set/dict look-ups (same results as the tuple-keyed lexicon)."""

    gaz1: dict[str, str]
    given: frozenset[str]
    titles1: frozenset[str]
    title_heads: frozenset[str]
    demonyms: dict[str, str]
    stopwords: frozenset[str]
    clusters: dict[str, tuple[str, str]]
    prefixes: frozenset[str]
    min_stem: int


@cache
def _lookups() -> _Lookups:
    lex = lexicon()
    return _Lookups({k[0]: v for k, v in lex.gazetteer.items() if len(k) == 1}, lex.given_names,
                    frozenset(k[0] for k in lex.titles if len(k) == 1), lex.title_heads, lex.demonyms,
                    stopwords(), _clusters(), prefix_set(), lex.min_stem)


def _small_features(n: str) -> list[str]:
    st, flags, stripped, own = small_groups(n)
    return [st, *flags, *stripped, *own]


def small_groups(n: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The small-vocabulary features of a normalised word in groups: its clitic-stripped feature
    ``st=...``; flags, shape and name-likeness bin (a few hundred combinations); the clusters of
    the stripped form (``q1``/``q2``); the clusters of the word or of its form without the longest
    proclitic (``c1``/``c2`` or ``k1``/``k2``). ``_small_features`` is their concatenation."""
    t = _lookups()
    min_stem, gaz1, given = t.min_stem, t.gaz1, t.given
    rests = [n[k:] for k in range(min(4, len(n) - min_stem), 0, -1) if n[:k] in t.prefixes]  # longest first
    stem = n if n in gaz1 else next((r for r in rests if r in gaz1), n)  # strip_clitic(n, gazetteer)
    if stem == n and n not in given:
        stem = next((r for r in rests if r in given), n)
    bare = rests[0] if rests else n  # generic_stem
    conj = n[1:] if n[:1] in ("و", "ف") and len(n) > min_stem and n not in given else n  # strip_conjunction
    key = stem if stem != n else conj
    out: list[str] = []
    kind = gaz1.get(stem) or gaz1.get(bare)
    if kind:
        out.append("g=" + kind)
    if stem in given or conj in given:
        out.append("fn")
    elif bare in given:
        out.append("fn2")
    if n in t.titles1 or n in t.title_heads or bare in t.title_heads:
        out.append("ti")
    if n in t.demonyms or bare in t.demonyms:
        out.append("dm")
    if n in t.stopwords:
        out.append("sw")
    if n.startswith("ال") and n.endswith("ي") and len(n) > 4:
        out.append("nis")
    out.append(_shape(n))
    name_bin = bin_of(key)  # scoring the word with its و/ف too did not help (docs/entities.md)
    if name_bin:  # most words are ordinary (bin 0): no feature, the bias "b" covers them
        out.append("nl=" + str(name_bin))
    stripped: tuple[str, ...] = ()
    if key != n:  # the clusters of the clitic-stripped form too (round 6: +0.6 on the folds)
        other = t.clusters.get(key)
        if other is not None:
            stripped = ("q1=" + other[0], "q2=" + other[1])
    found = t.clusters.get(n)
    if found is not None:
        own: tuple[str, ...] = ("c1=" + found[0], "c2=" + found[1])
    else:
        found = t.clusters.get(bare)
        own = ("k1=" + found[0], "k2=" + found[1]) if found is not None else ()
    return "st=" + key, tuple(out), stripped, own


@cache
def _clusters() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in read_lines("ner/clusters_ar.tsv"):
        word, coarse, fine, *_ = line.split("\t")  # further columns (other granularities) unused
        out[word] = (coarse, fine)
    return out


def word_clusters() -> Mapping[str, tuple[str, str]]:
    """The ANT word clusters by normalised word: the vocabulary of the news the clusters were built from."""
    return _clusters()


def _shape(n: str) -> str:
    if not n:
        return "sh=e"
    if n[0].isdigit():
        return "sh=d"
    if "a" <= n[0] <= "z":
        return "sh=l"
    if n.startswith("ال"):
        return "sh=al"
    return "sh=a" + str(min(len(n), 8))

@cache
def first_tokens() -> frozenset[str]:
    """First tokens of multi-word gazetteer entries."""
    return frozenset(k[0] for k in lexicon().gazetteer if len(k) > 1)


def single_entry(norm: str) -> str | None:
    """Gazetteer type of a normalised word alone (after a proclitic), or None."""
    t = _lookups()
    return t.gaz1.get(_strip(norm, t.gaz1, t.prefixes, t.min_stem))


def sure_single_entry(norm: str) -> str | None:
    """``single_entry`` when the gazetteer alone may make the word a name, where the tagger found none: not a
    homograph of an ordinary word (``rasd/data/ner/homographs_ar.txt``: كيف "how" is not Kyiv, مالية "financial"
    not Malé), and not matched by dropping an article or a "ك" ("الحماس" is not Hamas, "للحج" not Lahij,
    "كسبها" not Sabha): names that take the article are listed with it."""
    t = _lookups()
    if norm in _homographs():
        return None
    stem = _strip(norm, t.gaz1, t.prefixes, t.min_stem)
    kind = t.gaz1.get(stem)
    if kind is None or stem == norm:
        return kind
    prefix = norm[: len(norm) - len(stem)]
    if prefix.endswith("ال") or norm.startswith("لل") or "ك" in prefix:
        return None
    return kind


@cache
def _homographs() -> frozenset[str]:
    return frozenset(normalise(w) for w in read_lines("ner/homographs_ar.txt"))


def gazetteer_tags(norm: list[str]) -> list[str]:
    """B-/I-<TYPE> for tokens inside a multi-word gazetteer entry (longest match), else ''.
    (Matching after a conjunction too was no better on the folds: round 11.)"""
    max_len = lexicon().max_len
    firsts = first_tokens()
    tags = [""] * len(norm)
    i = 0
    while i < len(norm):
        length, kind = longest_entry(norm, i, min(len(norm), i + max_len)) if norm[i] in firsts else (0, "")
        if length:
            tags[i] = "gB=" + kind
            for j in range(i + 1, i + length):
                tags[j] = "gI=" + kind
            i += length
        else:
            i += 1
    return tags


def sentence_features(words: list[str], gtags: list[str] | None = None) -> list[list[str]]:
    """Feature lists for one sentence of raw words (``gtags``: precomputed gazetteer_tags)."""
    bundles = [word_bundle(w) for w in words]
    if gtags is None:
        gtags = gazetteer_tags([b[0][1][2:] for b in bundles])
    n = len(words)
    out: list[list[str]] = []
    for i, own in enumerate(bundles):
        feats = own[0] + (bundles[i - 1][1] if i else ["BOS"]) + (bundles[i + 1][2] if i + 1 < n else ["EOS"])
        if i > 1:
            feats = feats + bundles[i - 2][3]
        if i + 2 < n:
            feats = feats + bundles[i + 2][4]
        if gtags[i]:
            feats = feats + [gtags[i]]
        out.append(feats)
    return out


@lru_cache(maxsize=200_000)
def doc_key(word: str) -> str:
    """The form under which repeats of a word meet in a document (rasd.ner.doclabels): the
    normalised word without its longest proclitic; '' for stop words and forms under 3 letters."""
    return norm_doc_key(normalise(word))


def norm_doc_key(n: str) -> str:
    """``doc_key`` of an already normalised word."""
    if n in stopwords():
        return ""
    key = generic_stem(n)
    return key if len(key) >= 3 else ""
