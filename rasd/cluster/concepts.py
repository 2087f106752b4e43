"""News vocabulary shared by Arabic and English: each content word stem -> a concept key ("x:<n>").

An Arabic and an English report of one happening share almost no terms, but they share what the happening is
about: "central bank" / "البنك المركزي", "storm" / "العاصفة", "pledge" / "تعهد". The team's list
(``rasd/data/concepts_ar_en.tsv``: one concept per line, English forms, a tab, Arabic forms) maps the words of
both languages, through the same stemmers the clustering uses, to one key per concept. The events and stories
stages compare the concepts of an article's title and lead with those of an event in the other language
(``events_cross_language_terms``, 0.35 by default; docs/events.md). Concepts are weighted by a fixed table of
how many news articles name them (``rasd/data/concepts_df.tsv``, built by ``scripts/build_concept_df.py`` from the
ANT corpus), not by the stream's own counts: a small stream's counts say little about how common a concept is,
and two engines that count documents in different windows would weigh one concept differently.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from rasd.cluster.vectors import DocFreq
from rasd.data import read_lines

PREFIX = "x:"
#: how many content words of the title and lead are mapped (the lead states the happening)
LEAD_WORDS = 60


@cache
def concept_stems() -> dict[str, dict[str, str]]:
    """Per language ('ar', 'en'), stem -> concept key. A stem listed under two concepts keeps the first."""
    from rasd.cluster.features import cached_stems  # the stemmers the clustering uses
    from rasd.text import normalise

    out: dict[str, dict[str, str]] = {"en": {}, "ar": {}}
    for n, line in enumerate(read_lines("concepts_ar_en.tsv")):
        english, _, arabic = line.partition("\t")
        key = f"{PREFIX}{n}"
        for lang, forms in (("en", english), ("ar", arabic)):
            words = [normalise(w.strip()) for w in forms.replace("،", ",").split(",") if w.strip()]
            words = [w for w in words if w and " " not in w]
            for stem in cached_stems(words, lang):
                if len(stem) >= 2:
                    out[lang].setdefault(stem, key)
    return out


def concept_counts(stems: list[str], lang: str | None) -> dict[str, int]:
    """Concept keys of a stem sequence (an article's title and lead) with their counts; {} for other languages."""
    table = concept_stems().get(lang or "")
    if not table:
        return {}
    return dict(Counter(key for key in map(table.get, stems) if key))


@cache
def concept_frequencies() -> DocFreq:
    """How many articles of a large news corpus name each concept in their title and lead (the weights of
    ``tfidf`` over concept counts); a concept missing from the table counts as never seen."""
    df: dict[str, int] = {}
    n_docs = 0
    for line in read_lines("concepts_df.tsv"):
        key, _, count = line.partition("\t")
        if not count.strip().isdigit():
            continue
        if key == "articles":
            n_docs = int(count)
        else:
            df[key] = int(count)
    return DocFreq(df, n_docs)
