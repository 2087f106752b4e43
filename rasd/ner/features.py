"""CRF features for Arabic NER, cached per word form so tagging stays fast.

A token's features are its own (normalised form, affixes, clitic-stripped form,
gazetteer/given-name/title/demonym membership, script and shape) plus a few of its
neighbours' (same families, prefixed with the offset) and the span gazetteer tag
(B/I of a multi-word gazetteer entry). Own and neighbour lists are built once per
distinct word and reused, so extracting features costs a few list concatenations.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rasd.data import read_lines
from rasd.ner.gazetteer import Key, lexicon, prefix_set, strip_clitic, strip_conjunction
from rasd.text import normalise

Bundle = tuple[list[str], list[str], list[str], list[str], list[str]]


@lru_cache(maxsize=200_000)
def word_bundle(word: str) -> Bundle:
    """(own, as-left-1, as-right-1, as-left-2, as-right-2) feature lists of one word."""
    n = normalise(word)
    small = _small_features(n)
    stem = small[0][3:]
    own = ["b", "w=" + n, "p1=" + n[:1], "p2=" + n[:2], "p3=" + n[:3], "p4=" + n[:4], "s1=" + n[-1:],
           "s2=" + n[-2:], "s3=" + n[-3:], "s4=" + n[-4:], "sp2=" + stem[:2], "sp3=" + stem[:3],
           "ss2=" + stem[-2:], "ss3=" + stem[-3:], _vowels(stem), *small]
    flags = [f for f in small[1:] if f in _FLAGS]
    return (
        own,
        ["-1w=" + n, "-1s2=" + n[-2:], *("-1" + f for f in small)],
        ["+1w=" + n, "+1p2=" + n[:2], *("+1" + f for f in small)],
        ["-2w=" + n, "-2" + small[0], *("-2" + f for f in flags)],
        ["+2w=" + n, "+2" + small[0], *("+2" + f for f in flags)],
    )


_FLAGS = frozenset({"ti", "fn", "sw", "g=PERS", "g=LOC", "g=ORG"})


def _vowels(stem: str) -> str:
    """Share of long-vowel letters (foreign names carry many: شوماخر، هيرمان)."""
    if len(stem) < 3:
        return "vr=s"
    share = (stem.count("ا") + stem.count("و") + stem.count("ي")) / len(stem)
    return "vr=" + str(min(int(share * 5), 3))


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(normalise(w) for w in read_lines("stopwords/ar.txt"))


def generic_stem(n: str) -> str:
    """``n`` without its longest proclitic (و، ف، ب، ل، ك، ال and their combinations),
    whatever the remainder; at least ``min_stem`` letters are kept."""
    prefixes = prefix_set()
    for k in range(min(4, len(n) - lexicon().min_stem), 0, -1):
        if n[:k] in prefixes:
            return n[k:]
    return n


def _small_features(n: str) -> list[str]:
    lex = lexicon()
    stem = strip_clitic(n, lex.gazetteer)
    if stem == n:
        stem = strip_clitic(n, lex.given_names)
    bare = generic_stem(n)
    out = ["st=" + (stem if stem != n else strip_conjunction(n))]
    kind = lex.gazetteer.get((stem,)) or lex.gazetteer.get((bare,))
    if kind:
        out.append("g=" + kind)
    if stem in lex.given_names or strip_conjunction(n) in lex.given_names:
        out.append("fn")
    elif bare in lex.given_names:
        out.append("fn2")
    if (n,) in lex.titles or n in lex.title_heads or bare in lex.title_heads:
        out.append("ti")
    if n in lex.demonyms or bare in lex.demonyms:
        out.append("dm")
    if n in _stopwords():
        out.append("sw")
    if n.startswith("ال") and n.endswith("ي") and len(n) > 4:
        out.append("nis")
    out.append(_shape(n))
    out += _cluster_features(n, bare)
    return out


def _cluster_features(n: str, bare: str) -> list[str]:
    """Distributional clusters (scripts/build_word_clusters.py) of the word, else of its stem."""
    found = _clusters().get(n)
    if found is None:
        found = _clusters().get(bare)
        return [] if found is None else ["k1=" + found[0], "k2=" + found[1]]
    return ["c1=" + found[0], "c2=" + found[1]]


@cache
def _clusters() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in read_lines("ner/clusters_ar.tsv"):
        word, _, rest = line.partition("\t")
        coarse, _, fine = rest.partition("\t")
        out[word] = (coarse, fine)
    return out


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
    lex = lexicon()
    return lex.gazetteer.get((strip_clitic(norm, lex.gazetteer),))


def gazetteer_tags(norm: list[str]) -> list[str]:
    """B-/I-<TYPE> for tokens inside a multi-word gazetteer entry (longest match), else ''."""
    lex = lexicon()
    firsts = first_tokens()
    tags = [""] * len(norm)
    i = 0
    while i < len(norm):
        length = _longest_entry(norm, i, lex.gazetteer, lex.max_len) if norm[i] in firsts else 0
        if length > 1:
            kind = lex.gazetteer[tuple(norm[i:i + length])]
            tags[i] = "gB=" + kind
            for j in range(i + 1, i + length):
                tags[j] = "gI=" + kind
            i += length
        else:
            i += 1
    return tags


def _longest_entry(norm: list[str], i: int, gaz: dict[Key, str], max_len: int) -> int:
    for length in range(min(max_len, len(norm) - i), 1, -1):
        if tuple(norm[i:i + length]) in gaz:
            return length
    return 0


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
