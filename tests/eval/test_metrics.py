"""Metrics checked on hand-made cases whose values are worked out by hand."""

import pytest

from rasd.eval.metrics import (
    bcubed,
    best_threshold_f1,
    conll_f1,
    iob_spans,
    pairs_of,
    pairwise,
    prf,
    roc_auc,
    span_f1,
    value_accuracy,
)


def test_prf_counts() -> None:
    assert prf(2, 2, 0) == (0.5, 1.0, pytest.approx(2 / 3))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_bcubed_perfect_and_all_in_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(dict.fromkeys(gold, 0), gold)
    assert p == pytest.approx(0.5) and r == 1.0


def test_bcubed_worked_example() -> None:
    # gold {a,b,c} {d}; pred {a,b} {c,d}
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pred = {"a": 1, "b": 1, "c": 2, "d": 2}
    p, r, _ = bcubed(pred, gold)
    assert p == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_pairwise_worked_example() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pred = {"a": 1, "b": 1, "c": 2, "d": 2}
    # pred pairs: ab, cd; gold pairs: ab, ac, bc -> tp 1, fp 1, fn 2
    assert pairwise(pred, gold) == pytest.approx((0.5, 1 / 3, 0.4))


def test_pairs_of_groups() -> None:
    assert pairs_of([["a", "b", "c"], ["d"]]) == {frozenset("ab"), frozenset("ac"), frozenset("bc")}


def test_iob_spans_and_stray_inside() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "B-ORG"]
    assert iob_spans(tags) == {(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG")}


def test_conll_f1_per_type() -> None:
    gold = ["B-PERS", "I-PERS", "O", "B-LOC"]
    pred = ["B-PERS", "O", "O", "B-LOC"]
    out = conll_f1(pred, gold)
    assert out["f1_LOC"] == 1.0 and out["f1_PERS"] == 0.0
    assert out["micro_f1"] == pytest.approx(0.5)


def test_span_f1_and_value_accuracy() -> None:
    assert span_f1({(0, 3)}, {(0, 3), (5, 9)}) == pytest.approx((1.0, 0.5, 2 / 3))
    assert value_accuracy({"a": "2022", "b": "x"}, {"a": "2022", "b": "y", "c": "z"}) == pytest.approx(1 / 3)


def test_roc_auc_with_ties() -> None:
    assert roc_auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5


def test_best_threshold_f1() -> None:
    # t=0.7 gives P=1, R=2/3 (F1 0.8); t=0.2 gives P=3/4, R=1 (F1 6/7), the best
    f1, t = best_threshold_f1([0.9, 0.7, 0.4, 0.2], [True, True, False, True])
    assert t == 0.2 and f1 == pytest.approx(6 / 7)
    f1, t = best_threshold_f1([0.9, 0.7, 0.4, 0.2], [True, True, False, False])
    assert t == 0.7 and f1 == 1.0
