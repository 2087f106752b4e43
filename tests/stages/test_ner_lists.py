"""Consistency of the hand-written NER lists in rasd/data/ner (gazetteer, given names)."""

from __future__ import annotations

from rasd.data import read_lines
from rasd.ner.gazetteer import key_of, lexicon
from rasd.ner.variants import variant_cost
from rasd.text import normalise


def _stopwords() -> set[str]:
    return {normalise(w) for w in read_lines("stopwords/ar.txt")}


def test_gazetteer_lines_are_well_formed_and_typed() -> None:
    for line in read_lines("ner/gazetteer_ar.tsv"):
        kind, tab, surface = line.partition("\t")
        assert tab and kind in {"LOC", "ORG", "PERS"} and surface.strip() == surface and surface, line


def test_gazetteer_has_no_conflicting_duplicates() -> None:
    """One normalised name, one type: a later line with another type would be silently ignored."""
    seen: dict[tuple[str, ...], str] = {}
    clashes = []
    for line in read_lines("ner/gazetteer_ar.tsv"):
        kind, _, surface = line.partition("\t")
        key = key_of(surface)
        if seen.setdefault(key, kind) != kind:
            clashes.append(surface)
    assert not clashes


def test_no_single_word_entry_or_given_name_is_a_stop_word() -> None:
    stop = _stopwords()
    lex = lexicon()
    assert not [k for k in lex.gazetteer if len(k) == 1 and k[0] in stop]
    # علي (Ali / "on") must stay; آلان (Alan) folds to الان ("now"): both were in the list before
    # the expansion and are kept, but no new name may collide with a stop word.
    assert sorted(lex.given_names & stop) == ["الان", "علي"]


def test_given_names_are_single_tokens() -> None:
    """Only single tokens can match the word-level ``fn`` flag."""
    old = {normalise(n) for n in ("صلاح الدين", "عبد الله", "عبد الرحمن", "عبد العزيز", "عبد الفتاح")}
    assert not [n for n in lexicon().given_names if " " in n and n not in old]  # old multi-word lines


def test_expanded_lists_are_large() -> None:
    lex = lexicon()
    kinds = list(lex.gazetteer.values())
    assert kinds.count("LOC") > 1000 and kinds.count("ORG") > 1000 and kinds.count("PERS") > 500
    assert len(lex.given_names) > 800


def test_native_names_are_not_spelling_variants_of_each_other() -> None:
    """Native names never merge with each other (rasd.ner.variants), so listing two spellings of one
    name (داود/داوود) as native would split that person; the pairs below are distinct names."""
    distinct = {frozenset(map(normalise, p)) for p in (
        ("حسن", "حسين"), ("سعد", "سعيد"), ("آمنة", "أمينة"), ("حميد", "حمد"), ("زهير", "سهير"),
        ("سمر", "سامر"), ("سمر", "سمير"), ("عبد", "عبيد"), ("عياد", "إياد"), ("هدى", "هادي"),
        ("إيمان", "أيمن"), ("حامد", "حمد"), ("حسان", "حسن"), ("زايد", "زيد"), ("سعاد", "سعد"),
        ("سلمان", "سليمان"), ("عامر", "عمر"), ("عمار", "عمر"), ("ناصر", "نصر"), ("نصر", "نصير"))}
    natives = sorted(lexicon().native_names)
    close = {frozenset((a, b)) for i, a in enumerate(natives) for b in natives[i + 1:]
             if variant_cost(a, b, 0.0) is not None}
    new_pairs = close - distinct
    assert not new_pairs, sorted(tuple(sorted(p)) for p in new_pairs)


def test_longest_entry_finds_what_trying_every_length_finds() -> None:
    """The prefix-set longest match (used by the tagger and the training features) against trying
    every length, over text made of entries, their prefixes and their nested starts."""
    import random

    from rasd.ner.features import gazetteer_tags
    from rasd.ner.gazetteer import longest_entry

    lex = lexicon()
    multi = sorted(k for k in lex.gazetteer if len(k) > 1)
    rng = random.Random(5)
    words: list[str] = []
    for key in rng.sample(multi, 400):
        words += list(key[:rng.randint(1, len(key))]) + (["و"] if rng.random() < 0.3 else [])

    def brute(i: int) -> tuple[int, str]:
        for length in range(min(lex.max_len, len(words) - i), 1, -1):
            kind = lex.gazetteer.get(tuple(words[i:i + length]))
            if kind:
                return length, kind
        return 0, ""

    found = [longest_entry(words, i, min(len(words), i + lex.max_len)) for i in range(len(words))]
    assert found == [brute(i) for i in range(len(words))]
    assert sum(1 for length, _ in found if length) > 100  # the text does hold entries
    tags = gazetteer_tags(words)
    assert tags.count("") < len(words) and all(t == "" or t[:3] in ("gB=", "gI=") for t in tags)


def test_womens_names_are_single_arabic_tokens_and_no_stop_word() -> None:
    """``female_names_ar.txt`` (the quotes stage's gender agreement): single tokens in Arabic script, no stop word,
    no name twice once normalised."""
    names = [normalise(n) for n in read_lines("ner/female_names_ar.txt")]
    assert len(names) > 200 and len(set(names)) == len(names)
    assert all(n and " " not in n and all("\u0600" <= ch <= "\u06ff" for ch in n) for n in names)
    assert not set(names) & _stopwords()
