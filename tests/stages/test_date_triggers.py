"""``rasd.dates.triggers.candidates``: where a temporal expression may start."""

from __future__ import annotations

from rasd.dates.triggers import candidates, words_only


def test_words_only_keeps_offsets() -> None:
    text = "قال، «اليومُ» (2018)"
    assert len(words_only(text)) == len(text)


def test_trigger_words_numbers_and_clitics() -> None:
    low = "وصل الخميس و12 مارس، وبعد 2018م"
    found = candidates(low)
    assert (low.index("الخميس"), "الخميس") in found
    assert (low.index("12"), "#") in found
    assert (low.index("بعد"), "بعد") in found  # after the clitic و
    assert (low.index("2018"), "#") in found
    assert found == sorted(found)


def test_diacritics_and_names() -> None:
    low = "جاء اليومُ ثم #ثورة_يناير"
    words = {w for _, w in candidates(low)}
    assert "اليوم" in words  # read without its diacritic
    assert "يناير" not in words  # part of a hashtag name


def test_no_match_inside_words() -> None:
    assert candidates("مشكلة الكلمات") == []


def test_regression_door_and_father_are_not_the_month_ab() -> None:
    """«باب» (door: ب + اب) and «أب» (father) were read as the month آب (about 100 false dates in 10k ANT)."""
    import datetime

    from rasd.dates.extract import extract

    anchor = datetime.date(2018, 5, 1)
    for text in ("أغلقت السلطات باب المندب", "توفي أب لثلاثة أطفال", "فتح باب الحوار"):
        assert [m.value for m in extract(text, anchor=anchor)] == [], text
    assert [m.value for m in extract("في آب الماضي", anchor=anchor)] == ["2017-08"]
    assert [m.value for m in extract("وصل في 3 اب 2018", anchor=anchor)] == ["2018-08-03"]


def test_a_diacritic_before_the_clitic_does_not_run_past_the_word() -> None:
    """Found by the fuzzer (fifteenth session): a diacritic written before a trigger's clitic ("َواليوم") made the
    step over the clitic's diacritics run past the end of the word (IndexError)."""
    import datetime

    from rasd.dates.extract import extract

    low = "جاء \u064eواليوم ثم"
    assert [w for _, w in candidates(low)] == ["اليوم"]
    extract(low, anchor=datetime.date(2018, 5, 1))  # no exception
