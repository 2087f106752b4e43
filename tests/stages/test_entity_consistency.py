"""Document-level label consistency of NER tags (issue 5, recall)."""

from __future__ import annotations

from rasd.ner.consistency import bare, consistent, consistent_windows, spans_of
from rasd.text import normalise


def _doc(sents: list[str]) -> tuple[list[str], list[int]]:
    words = [normalise(w) for s in sents for w in s.split()]
    return words, [len(s.split()) for s in sents]


def test_bare_strips_clitics_and_article_repeatedly() -> None:
    assert bare(normalise("بالعراق")) == bare(normalise("العراق")) == normalise("عراق")
    assert bare(normalise("وأسامة")) == bare(normalise("أسامة"))
    assert bare("بوش") == "بوش"  # fewer than three letters would remain


def test_untagged_occurrences_get_the_tag_with_clitics() -> None:
    norm, lens = _doc(["وصل أسامة حسني أمس", "وقال وأسامة حسني إن", "سافر إلى العراق", "ثم عاد من بالعراق"])
    tags = ["O", "B-PERS", "I-PERS", "O", "O", "O", "O", "O", "O", "O", "B-LOC", "O", "O", "O", "O"]
    out = consistent(norm, tags, lens)
    assert out[5:7] == ["B-PERS", "I-PERS"]
    assert out[14] == "B-LOC"
    assert out[:4] == tags[:4]


def test_majority_type_surname_and_no_overwrite() -> None:
    norm, lens = _doc(["فلاديمير بوتين في موسكو", "موسكو ترد", "موسكو تقول", "قال بوتين"])
    tags = ["B-PERS", "I-PERS", "O", "B-LOC", "B-ORG", "O", "B-LOC", "O", "O", "O"]
    out = consistent(norm, tags, lens)
    assert out[9] == "B-PERS"  # the surname alone
    assert out[4] == "B-ORG"  # an existing tag is never changed
    assert spans_of(out, lens) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (6, 7, "LOC"), (9, 10, "PERS")]


def test_stop_words_and_chunk_boundaries() -> None:
    norm, lens = _doc(["في أسامة", "حسني في"])
    tags = ["B-ORG", "B-PERS", "I-PERS", "O"]  # a span crossing chunks is two spans
    out = consistent(norm, tags, lens)
    assert out[3] == "O"  # في is a stop word: never a key
    assert spans_of(tags, lens) == [(0, 1, "ORG"), (1, 2, "PERS"), (2, 3, "PERS")]


def test_windows_bound_the_propagation() -> None:
    sents = [["زار", "كمال", "المدينة"], ["ثم", "غادر", "كمال"]]
    tags = [["O", "B-PERS", "O"], ["O", "O", "O"]]
    assert consistent_windows(sents, tags, 2)[1][2] == "B-PERS"
    assert consistent_windows(sents, tags, 1)[1][2] == "O"
    assert consistent_windows([], [], 5) == []


def test_a_shorter_span_is_extended_to_a_longer_tagged_name() -> None:
    norm, lens = _doc(["وصل حمد بن خليفة آل ثاني", "وقال حمد بن خليفة آل ثاني"])
    tags = ["O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "I-PERS", "O", "B-PERS", "I-PERS", "I-PERS", "O", "O"]
    assert spans_of(consistent(norm, tags, lens), lens) == [(1, 6, "PERS"), (7, 12, "PERS")]


def test_generic_words_and_titles_are_not_spread_alone() -> None:
    norm, lens = _doc(["زار المدينة أمس", "وغادر المدينة", "الرئيس قال", "قال الرئيس"])
    tags = ["O", "B-LOC", "O", "O", "O", "B-PERS", "O", "O", "O"]
    out = consistent(norm, tags, lens)
    assert out[4] == "O" and out[8] == "O"
