"""Eval runners for entities, variants and quotes (issue 5): shapes and scoring of given files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.errors import DataMissing
from rasd.eval import entities, quotes, variants
from rasd.ner.conll import read_conll, split, to_bioes, to_iob2


def _shape(result: dict, task: str, names: set[str]) -> None:
    assert result["task"] == task
    assert set(result["metrics"]) == names
    assert all(0.0 <= v <= 1.0 for v in result["metrics"].values())
    json.dumps(result)


def test_entities_scores_a_given_conll_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.txt"
    path.write_text("قال O\nالرئيس O\nفلاديمير B-PERS\nبوتين I-PERS\nفي O\nموسكو B-LOC\n. O\n", "utf-8")
    result = entities.run(path)
    _shape(result, "entities", {"micro_f1", "f1_PERS", "f1_LOC", "f1_ORG"})
    assert result["metrics"]["f1_LOC"] == 1.0


def test_conll_split_is_deterministic_and_disjoint(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("".join(f"w{i} O\n. O\n" for i in range(10)), "utf-8")
    train, held = split(read_conll(path))
    assert len(train) == 8 and len(held) == 2
    assert held[0][0][0] == "w8"


def test_bioes_marks_ends_and_single_words_and_reads_back() -> None:
    iob2 = ["O", "B-PERS", "I-PERS", "I-PERS", "B-PERS", "O", "B-LOC", "I-ORG", "I-ORG", "B-ORG"]
    bioes = to_bioes(iob2)
    assert bioes == ["O", "B-PERS", "I-PERS", "E-PERS", "S-PERS", "O", "S-LOC", "B-ORG", "E-ORG", "S-ORG"]
    assert to_iob2(bioes) == ["O", "B-PERS", "I-PERS", "I-PERS", "B-PERS", "O", "B-LOC", "B-ORG", "I-ORG", "B-ORG"]
    assert to_bioes(bioes) == bioes  # already BIOES: kept
    assert to_iob2(iob2[:6]) == iob2[:6]


def test_variants_scores_a_given_class_file(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("PERSON Shoigu شويغو\nPERSON Shoygu شويغو\nPERSON Lavrov لافروف\n", "utf-8")
    result = variants.run(path)
    _shape(result, "variants", {"pairwise_p", "pairwise_r", "pairwise_f1"})
    assert result["metrics"]["pairwise_f1"] == 1.0


def test_variants_own_list_has_enough_pairs() -> None:
    from importlib.resources import files

    rows = [ln.split("\t")[0] for ln in files("rasd.eval").joinpath("gold/variants_ar.tsv").read_text("utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert rows.count("same") >= 100 and rows.count("diff") >= 100
    assert variants.own_list_score()["pairwise_f1"] > 0.5


def test_quotes_scores_a_given_jsonl(tmp_path: Path) -> None:
    doc = {"id": "t", "text": "قال المتحدث باسم الشرطة إن الطريق أعيد فتحه.",
           "quotes": [{"speaker": "المتحدث باسم الشرطة", "quote": "الطريق أعيد فتحه"}]}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(doc, ensure_ascii=False) + "\n", "utf-8")
    result = quotes.run(path)
    _shape(result, "quotes", {"speaker_accuracy", "quote_f1"})
    assert result["metrics"] == {"speaker_accuracy": 1.0, "quote_f1": 1.0}


def test_quotes_reads_the_language_of_each_document(tmp_path: Path) -> None:
    """An English line is read as English (marked "lang"); read as Arabic its quote is lost."""
    doc = {"id": "e", "lang": "en", "text": "\"The road is open again,\" said police spokesman Adam Reyes.",
           "quotes": [{"speaker": "Adam Reyes", "quote": "The road is open again"}]}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(doc) + "\n", "utf-8")
    assert quotes.run(path)["metrics"] == {"speaker_accuracy": 1.0, "quote_f1": 1.0}
    path.write_text(json.dumps({**doc, "lang": None}) + "\n", "utf-8")
    assert quotes.run(path)["metrics"]["quote_f1"] == 0.0


def test_quotes_default_run_scores_the_english_lines() -> None:
    english = quotes.run()["details"]["english"]
    assert english["gold_quotes"] >= 30
    assert 0.0 <= english["speaker_accuracy"] <= 1.0 and english["quote_f1"] > 0.5


def test_default_entities_eval_skips_cleanly_without_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RASD_SHARED", str(tmp_path))
    with pytest.raises(DataMissing):
        entities.run()


def test_latin_variant_key_folds_transliteration_only() -> None:
    from rasd.ner.translit import latin_variant_key as key

    assert key("Monica") == key("Monika")
    assert key("Follman") == key("Volman")
    assert key("Kisharo") == key("Kisharu")
    assert key("Mørland") == key("Morland")
    assert key("Lavrov") != key("Lavrin")
    assert key("Sami") != key("Sam")
