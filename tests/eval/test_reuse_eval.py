"""The reuse and pairs evaluations: data generation, file formats, result shape (no quality asserts)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from rasd.errors import EvalError
from rasd.eval import pairs, reuse
from rasd.eval.reuse_synth import base_articles, synthetic_corpus

TEXT = (
    "أعلنت الشركة الوطنية للطيران تشغيل رحلات يومية جديدة إلى ثلاث مدن ساحلية ابتداء من الشهر المقبل. "
    "وقال المدير التجاري للشركة إن أسعار التذاكر ستكون مخفضة خلال الأسابيع الأولى لتشجيع المسافرين. "
    "وأضاف أن الشركة تسلمت طائرتين جديدتين ستخصصان لهذه الخطوط بعد أعمال الصيانة الدورية."
)
UNRELATED = (
    "تستعد المدارس الحكومية لاستقبال الطلاب مع بداية العام الدراسي الجديد بعد انتهاء أعمال الترميم. "
    "وأكدت مديرية التربية أن الكتب المدرسية وصلت إلى جميع المدارس قبل الموعد المحدد بأسبوع."
)


def test_synthetic_corpus_is_deterministic_and_edited() -> None:
    first, second = synthetic_corpus(), synthetic_corpus()
    assert [(d.id, d.text) for d in first] == [(d.id, d.text) for d in second]
    bases = {b["id"]: b["text"] for b in base_articles()}
    assert len(bases) >= 30
    copies = [d for d in first if d.id != d.group]
    assert copies and all(d.text != bases[d.group] for d in copies)
    assert {d.group for d in first} == set(bases)


def test_base_articles_are_long_enough() -> None:
    for base in base_articles():
        assert len(base["text"].split()) >= 100, base["id"]


def test_reuse_eval_scores_a_jsonl_file(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": TEXT, "dup_group": "g1"},
        {"id": "b", "text": TEXT.replace("أ", "ا") + " وتابع مراسلنا.", "dup_group": "g1"},
        {"id": "c", "text": UNRELATED, "dup_group": None},
    ]
    path = tmp_path / "dups.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = reuse.run(path)
    assert result["task"] == "reuse" and result["data"] == str(path)
    assert set(result["metrics"]) == {"precision", "recall", "f1"}
    assert set(result["baselines"]) == {"datasketch_minhashlsh"}
    assert all(0.0 <= v <= 1.0 for v in result["metrics"].values())
    json.dumps(result)


def test_reuse_eval_rejects_malformed_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(EvalError):
        reuse.run(path)


def test_seeds_check_skips_without_shared_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_SHARED", str(tmp_path / "nowhere"))
    assert "skipped" in reuse.seeds_check()


def write_pairs(path: Path, rows: list[tuple[str, str, float]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["pair_id", "lang1", "lang2", "text_1", "text_2", "Overall"])
        for i, (a, b, overall) in enumerate(rows):
            out.writerow([f"p{i}", "ar", "ar", a, b, overall])


def test_pairs_eval_on_a_semeval_format_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    write_pairs(path, [(TEXT, TEXT + " وتابع مراسلنا.", 1.0), (TEXT, UNRELATED, 4.0), (UNRELATED, TEXT, 2.5)])
    result = pairs.run(path)
    assert result["task"] == "pairs"
    assert set(result["metrics"]) == {"auc", "best_f1"}
    assert result["details"]["pairs"] == 2  # the 2.5 pair is neither positive nor negative
    assert set(result["baselines"]) == {"datasketch_minhash_5gram"}


def test_pairs_eval_needs_both_classes_and_the_columns(tmp_path: Path) -> None:
    one_class = tmp_path / "one.csv"
    write_pairs(one_class, [(TEXT, TEXT, 1.0)])
    with pytest.raises(EvalError):
        pairs.run(one_class)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvalError):
        pairs.run(wrong)
