import random
import re
import subprocess
import sys

from rasd.text import (
    detect_language,
    normalise,
    normalise_digits,
    sentences,
    strip_diacritics,
    tokens,
    word_spans,
)
from rasd.text.arabic import arabic_ratio, normalise_many
from rasd.text.tokenize import count_words, stems


def test_normalise_folds_alef_hamza_yeh_teh_marbuta() -> None:
    assert normalise("أإآٱا") == "ااااا"
    assert normalise("مستشفى") == normalise("مستشفي")
    assert normalise("مدرسة") == "مدرسه"
    assert normalise("مسؤول") == "مسوول"
    assert normalise("الأمريكي") == normalise("الامريكي")


def test_normalise_removes_diacritics_tatweel_and_bidi_marks() -> None:
    assert normalise("مُحْتَمَلَة") == "محتمله"
    assert normalise("كـــبير") == "كبير"
    assert normalise("\u202bنص\u202c") == "نص"


def test_normalise_many_equals_word_by_word() -> None:
    words = ["أَحْمَد", "إلى", "مدرسةٌ", "ΑΣ", "ΣΑΣ", "", "Hello", "٣٤", "كـتـاب", "\u200fموسى"]
    assert normalise_many(words) == [normalise(w) for w in words]
    assert normalise_many([]) == []
    odd = ["سطر\nثان", "آخر", "\n"]  # a newline inside a word: word by word, same result
    assert normalise_many(odd) == [normalise(w) for w in odd]


def test_digits_and_latin_case() -> None:
    assert normalise("٢٠٢٢ و۱۴۰۰ ABC") == "2022 و1400 abc"
    assert normalise_digits("١٢ فبراير") == "12 فبراير"


def test_strip_diacritics_keeps_letters() -> None:
    assert strip_diacritics("أَجْرَى") == "أجرى"


def test_tokens_and_spans_agree() -> None:
    text = "قالَ الوزيرُ، إنّ الخطة «جاهزة»."
    spans = word_spans(text)
    assert [text[a:b] for a, b in spans][:2] == ["قالَ", "الوزيرُ"]
    assert tokens(text) == ["قال", "الوزير", "ان", "الخطه", "جاهزه"]
    assert count_words(text) == 5


def test_sentences_do_not_split_at_arabic_comma() -> None:
    text = "قال الوزير، في مؤتمر صحفي، إن الخطة جاهزة. وأضاف: «سنبدأ غدا». هل ستنجح؟ ربما!"
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == ["قال الوزير، في مؤتمر صحفي، إن الخطة جاهزة.", "وأضاف: «سنبدأ غدا».", "هل ستنجح؟", "ربما!"]


def test_sentences_keep_decimals_and_split_lines() -> None:
    text = "ارتفع المؤشر 2.5 في المئة اليوم.\nوتراجع الدولار"
    assert [text[a:b] for a, b in sentences(text)] == ["ارتفع المؤشر 2.5 في المئة اليوم.", "وتراجع الدولار"]


def test_language_id() -> None:
    assert detect_language("قال الرئيس إن المحادثات كانت بناءة") == "ar"
    assert detect_language("The minister said that the talks were useful") == "en"
    assert detect_language("Le ministre a dit que les discussions étaient utiles") == "other"
    assert detect_language("") == "other"
    assert 0.4 < arabic_ratio("abc شسي") < 0.6


def test_stems_are_light() -> None:
    out = stems(tokens("المحادثات والمحادثة"))
    assert len(out) == 2 and all(out)


def _sentences_reference(text: str) -> list[tuple[int, int]]:
    """The sentence splitter as first written (a plain alternation), to check the faster pattern against."""
    spans, pos = [], 0
    ends = [m.end() for m in re.finditer(r"[.!?؟…]+[\"'»”’)\]]*(?=\s)|\n", text)] + [len(text)]
    for end in ends:
        seg = text[pos:end]
        if seg.strip():
            start = pos + len(seg) - len(seg.lstrip())
            spans.append((start, start + len(seg.strip())))
        pos = end
    return spans


def test_sentence_boundaries_are_those_of_the_plain_pattern() -> None:
    rng = random.Random(7)
    # Arabic letters only: a full stop before a Latin lower-case word or after an English abbreviation ends no
    # sentence (test_titles_initials_and_month_abbreviations_end_no_sentence), which the plain pattern ignores
    alphabet = "اب 1.!?؟…\"'»”’)]\n\t\u00a0\u2028،س"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    texts += ["قال: «انتهى.» ثم غادر! هل عاد؟ نعم…\n\nسطر  جديد. 2.5 ليس نهاية", ". أ", "..أ. ب", "أ.\n"]
    for text in texts:
        assert sentences(text) == _sentences_reference(text), repr(text)


def test_a_long_run_of_dots_does_not_hang_the_sentence_splitter() -> None:
    """Runs of marks used to be tried from every mark, with backtracking: quadratic (20,000 dots took 15 s)."""
    code = ("from rasd.text.tokenize import sentences; "
            "assert sentences('x' + '.' * 200_000 + 'y ' + '؟' * 100_000 + ' z') == [(0, 300_003), (300_004, 300_005)]")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_titles_initials_and_month_abbreviations_end_no_sentence() -> None:
    def cut(text: str) -> list[str]:
        return [text[a:b] for a, b in sentences(text)]

    assert cut("Mr. Smith met Dr. Jones in St. Louis on Jan. 6. They talked.") == \
        ["Mr. Smith met Dr. Jones in St. Louis on Jan. 6.", "They talked."]
    assert cut("General manager A. J. Smith said it. Regina M. Benjamin agreed.") == \
        ["General manager A. J. Smith said it.", "Regina M. Benjamin agreed."]
    assert cut("how the U. S. health system works. Next.") == ["how the U. S. health system works.", "Next."]
    assert cut("He works at Apple Inc. The company grew.") == ["He works at Apple Inc.", "The company grew."]
    assert cut("قال د. أحمد إن الوضع جيد. ثم غادر.") == ["قال د. أحمد إن الوضع جيد.", "ثم غادر."]  # "د." a title
    assert cut("وصل الوفد. ثم غادر.") == ["وصل الوفد.", "ثم غادر."]


def test_a_full_stop_before_a_lower_case_latin_word_ends_no_sentence() -> None:
    text = "Sen. Ada Brown (D-Calif.) said the rule was wrong. It rained. then it stopped. وقال. ثم"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Sen. Ada Brown (D-Calif.) said the rule was wrong.", "It rained. then it stopped.", "وقال.", "ثم"]
