"""The light Arabic stemmer gives one stem per word whatever its clitics (rasd.text.arabic_stem)."""

import pytest

from rasd.text import normalise
from rasd.text.arabic_stem import light_stem
from rasd.text.tokenize import stems

FAMILIES = [
    ("تثبيت", "التثبيت", "بتثبيت", "وتثبيت"),
    ("لجنة", "اللجنة", "واللجنة", "للجنة"),
    ("حكومة", "الحكومة", "للحكومة", "والحكومة"),
    ("شركة", "الشركة", "والشركات"),
    ("بوتين", "وبوتين", "لبوتين"),
    ("فائدة", "الفائدة", "والفائدة"),
    ("المصري", "مصري", "المصريين"),
]


@pytest.mark.parametrize("family", FAMILIES)
def test_one_stem_per_word_whatever_its_clitics(family: tuple[str, ...]) -> None:
    assert len({light_stem(normalise(w)) for w in family}) == 1, [light_stem(normalise(w)) for w in family]


@pytest.mark.parametrize("word", ["وزير", "وكالة", "بيانات", "لبنان", "بريطانيا"])
def test_a_first_letter_that_belongs_to_the_word_stays(word: str) -> None:
    assert light_stem(normalise(word)).startswith(normalise(word)[0])


def test_the_events_stems_use_it_for_arabic_and_snowball_for_english() -> None:
    assert stems(["التثبيت", "تثبيت"], "ar") == ["تثبيت", "تثبيت"]  # Snowball: تثبيت / تثبي
    assert stems(["talks", "talking"], "en") == ["talk", "talk"]


def test_short_words_are_left_whole() -> None:
    assert light_stem("بان") == "بان" and light_stem("ال") == "ال"
