"""scripts/ner_folds.py: k-fold model selection inside the NER training part (issue 5)."""

from __future__ import annotations

from types import ModuleType
from typing import Any, NamedTuple

import pytest


@pytest.mark.parametrize(("n", "k"), [(10, 5), (11, 5), (3448, 5), (7, 3), (2, 2)])
def test_folds_cover_every_sentence_once_in_near_equal_blocks(n: int, k: int, ner_folds: ModuleType) -> None:
    bounds = ner_folds.fold_bounds(n, k)
    assert len(bounds) == k
    assert [i for lo, hi in bounds for i in range(lo, hi)] == list(range(n))
    sizes = [hi - lo for lo, hi in bounds]
    assert max(sizes) - min(sizes) <= 1


def test_drop_removes_a_feature_family_only(ner_folds: ModuleType) -> None:
    mod = ner_folds
    sent = (["قال", "الرئيس", "كوفالتشوك", "أمس"], ["O", "O", "B-PERS", "O"])
    (full, tags), = mod.featurise([sent], ())
    (cut, _), = mod.featurise([sent], ("nl=", "-1nl=", "+1nl="))
    assert tags == sent[1]
    assert any(f.startswith("nl=") for f in full[2])
    for a, b in zip(full, cut, strict=True):
        assert b == [f for f in a if not f.startswith(("nl=", "-1nl=", "+1nl="))]


def test_a_fold_scores_what_the_model_learnt(ner_folds: ModuleType) -> None:
    """Sentences written for this test: a name after "قال" is a person. A model trained on them
    finds the person in the same pattern; scoring against wrong gold gives 0."""
    mod = ner_folds
    names = ["زيدان", "كريمو", "فالنتي", "سامور", "بيتروف", "لوكاشي", "مارينو", "هوفمان"]
    sents = [(["قال", name, "إن", "الاجتماع", "انتهى", "."], ["O", "B-PERS", "O", "O", "O", "O"]) for name in names]
    data = mod.featurise(sents, ())
    params = {"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True}
    assert mod.run_fold(data[:6], data[6:], params) == pytest.approx(1.0)
    wrong = [(feats, ["B-LOC", "O", "O", "O", "O", "O"]) for feats, _ in data[6:]]
    assert mod.run_fold(data[:6], wrong, params) == pytest.approx(0.0)


def test_fewer_than_two_folds_is_refused(ner_folds: ModuleType) -> None:
    with pytest.raises(SystemExit):
        ner_folds.main(["--folds", "1"])


def test_doc_window_appends_the_consistency_flags(ner_folds: ModuleType) -> None:
    """--doc-window: a form tagged PERS by the first pass in one sentence flags its repeat in the
    next one (and the repeat's neighbours), nothing else changes."""
    mod = ner_folds
    sents = [(["قال", "هوفمان", "أمس"], ["O", "B-PERS", "O"]), (["وأكد", "هوفمان", "ذلك"], ["O", "O", "O"])]
    data = mod.featurise(sents, ())
    first = [["O", "B-PERS", "O"], ["O", "O", "O"]]
    got = mod.with_doc_flags([w for w, _ in sents], data, first, 5)
    extra = [[f[len(a):] for f, a in zip(feats, base, strict=True)] for (feats, _), (base, _) in zip(got, data, strict=True)]
    assert extra[1] == [["+1dPERS", "+1dm=PERS"], ["dPERS", "dm=PERS"], ["-1dPERS", "-1dm=PERS"]]
    assert extra[0][1] == []  # the other occurrence was O: no flag
    assert [t for _, t in got] == [t for _, t in sents]


class _Fit(NamedTuple):
    crf: Any
    em: Any
    lens: Any
    crfsuite_tags: list[list[str]]


def _fit_on_names(mod: ModuleType, words: list[str], tags: list[str]) -> _Fit:
    """A CRF trained on ``words`` with each of six names in the empty slot; the fast tagger's emission
    scores of the same sentence with two other names, and CRFsuite's own tags of it."""
    names = ["زيدان", "كريمو", "فالنتي", "سامور", "بيتروف", "لوكاشي", "مارينو", "هوفمان"]
    data = mod.featurise([([w or name for w in words], tags) for name in names], ())
    params = {"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True}
    crf = mod.train_model(data[:6], params)
    em, lens = mod.emission_scores(crf, data[6:])
    return _Fit(crf, em, lens, mod.train_tag(data[:6], data[6:], params))


def test_fast_tags_without_bias_or_margin_are_crfsuites_and_a_bias_adds_entities(ner_folds: ModuleType) -> None:
    """The --bias grid tags with rasd.ner.fastcrf: with no bias and the margin off it must give
    CRFsuite's own tags; a large enough bias turns tokens the model calls O into entities."""
    mod = ner_folds
    fit = _fit_on_names(mod, ["قال", "", "إن", "الاجتماع", "انتهى", "."], ["O", "B-PERS", "O", "O", "O", "O"])
    crf, em, lens = fit.crf, fit.em, fit.lens
    assert mod.fast_tags(crf, em, lens, -1.0, 0.0) == fit.crfsuite_tags
    plain = sum(t != "O" for s in mod.fast_tags(crf, em, lens, -1.0, 0.0) for t in s)
    biased = sum(t != "O" for s in mod.fast_tags(crf, em, lens, -1.0, 100.0) for t in s)
    assert plain == 2 and biased == len(em)


def test_a_typed_bias_only_adds_entities_of_that_type(ner_folds: ModuleType) -> None:
    """--bias-types ORG: the bias goes to B-ORG/I-ORG only, so a large one makes every token ORG
    (a bias on all types would also admit PERS), and the emission scores passed in are not changed."""
    mod = ner_folds
    fit = _fit_on_names(mod, ["قال", "", "عن", "وزارة", "الصحة", "."], ["O", "B-PERS", "O", "B-ORG", "I-ORG", "O"])
    crf, em, lens = fit.crf, fit.em, fit.lens
    before = em.copy()
    plain = mod.fast_tags(crf, em, lens, -1.0, 0.0, ("ORG",))
    assert plain == fit.crfsuite_tags
    biased = mod.fast_tags(crf, em, lens, -1.0, 100.0, ("ORG",))
    assert (em == before).all()
    assert all(t[2:] == "ORG" for s in biased for t in s)
    assert sum(t == "B-PERS" for s in plain for t in s) == 2


def test_self_train_tags_add_the_first_models_surest_sentences(ner_folds: ModuleType) -> None:
    """--self-train: key 0 is the plain fold model's tagging; key n that of a model trained with n
    pseudo-labelled sentences, which here are all the "قال NAME إن ..." pattern, so the retrained
    model still finds the held-out names."""
    mod = ner_folds
    names = ["زيدان", "كريمو", "فالنتي", "سامور", "بيتروف", "لوكاشي", "مارينو", "هوفمان"]
    sents = [(["قال", name, "إن", "الاجتماع", "انتهى", "."], ["O", "B-PERS", "O", "O", "O", "O"]) for name in names]
    data = mod.featurise(sents, ())
    unlabelled = [["قال", name, "إن", "الاجتماع", "انتهى", "."] for name in ["دوبوا", "كارلسن", "فيري"]]
    params = {"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True}
    got = mod.self_train_tags(data[:6], data[6:], unlabelled, [2], params, ())
    assert set(got) == {0, 2}
    assert got[0] == mod.train_tag(data[:6], data[6:], params)
    assert got[2] == [tags for _, tags in sents[6:]]
