"""rasd.ner.selftrain: unlabelled sentences and the pseudo-labels kept for self-training (round 8)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rasd.ner.selftrain import confident, pool, read_articles, text_sentences, usable


def test_sentences_are_cut_like_anercorp() -> None:
    text = "قال الوزير (في بيان) إن الاجتماع انتهى. هل يعود؟ نعم\nسطر ثان بلا نقطة"
    assert text_sentences(text) == [
        ["قال", "الوزير", "(", "في", "بيان", ")", "إن", "الاجتماع", "انتهى", "."],
        ["هل", "يعود", "؟"],
        ["نعم"],
        ["سطر", "ثان", "بلا", "نقطة"],
    ]


@pytest.mark.parametrize(("words", "ok"), [
    (["قال", "الوزير", "إن", "الاجتماع", "انتهى", "."], True),
    (["قال", "الوزير", "إن", "2019", "انتهى", "."], True),
    (["قال", "الوزير", "."], False),  # too short
    (["قال", "الوزير", "إن", "Reuters", "انتهى", "."], False),  # Latin word
    (["قال", "#", "الوزير", "إن", "الاجتماع", "."], False),  # hashtag
    ([".", ",", "(", ")", "قال", "-"], False),  # mostly punctuation
])
def test_usable_sentences(words: list[str], ok: bool) -> None:
    assert usable(words) is ok


def test_every_kth_article_is_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    texts = [f"قال المتحدث باسم الوزارة رقم {i} إن العمل مستمر." for i in range(7)]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
        fh.write("not json\n")
    got = list(read_articles(path, every=3))
    assert [a[0][5] for a in got] == ["0", "3", "6"]
    assert len(list(read_articles(path, every=1, limit=2))) == 2
    assert len(pool(read_articles(path, every=1))) == 7


class _FakeTagger:
    """Tags a word in ``names`` as B-PERS; the probability is 1 / (1 + number of words)."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.words: list[str] = []

    def tag(self, xseq: list[list[str]]) -> list[str]:
        self.words = [x[0] for x in xseq]
        return ["B-PERS" if w in self.names else "O" for w in self.words]

    def probability(self, yseq: list[str]) -> float:
        assert len(yseq) == len(self.words)
        return 1 / (1 + len(self.words))


def test_confident_keeps_the_surest_sentences_with_an_entity() -> None:
    sents = [
        ["قال", "هوفمان", "إن", "العمل", "مستمر", "."],
        ["قال", "المتحدث", "إن", "العمل", "مستمر", "."],  # no entity: never kept
        ["أكد", "هوفمان", "أن", "الاجتماع", "انتهى", "أمس", "في", "المساء", "."],
        ["رأى", "بيتروف", "ذلك", "أمس", "."],
    ]
    got = confident(_FakeTagger({"هوفمان", "بيتروف"}), sents, 2, featurise=lambda ws: [[w] for w in ws])
    assert got == [(sents[3], ["O", "B-PERS", "O", "O", "O"]), (sents[0], ["O", "B-PERS", "O", "O", "O", "O"])]
    assert len(confident(_FakeTagger(set()), sents, 5, featurise=lambda ws: [[w] for w in ws])) == 0


def test_confident_can_ask_for_given_types() -> None:
    sents = [["قال", "هوفمان", "إن", "العمل", "مستمر", "."], ["زار", "الوفد", "باريس", "أمس", "."]]

    class Typed(_FakeTagger):
        def tag(self, xseq: list[list[str]]) -> list[str]:
            self.words = [x[0] for x in xseq]
            return ["B-PERS" if w == "هوفمان" else "B-LOC" if w == "باريس" else "O" for w in self.words]

    got = confident(Typed(set()), sents, 5, featurise=lambda ws: [[w] for w in ws], types=frozenset({"PERS", "ORG"}))
    assert [w for w, _ in got] == [sents[0]]
    assert len(confident(Typed(set()), sents, 5, featurise=lambda ws: [[w] for w in ws])) == 2
