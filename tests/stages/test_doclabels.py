"""Document-level label consistency: the second NER pass (rasd.ner.doclabels, docs/entities.md round 6)."""

from __future__ import annotations

import numpy as np

from rasd.ner.doclabels import doc_flags, flag_positions, keys_of, positions_with_neighbours, with_neighbours

# two short texts written for this test; the surname comes back alone after the full name
_DOC_A = [
    ["التقى", "المستشار", "الألماني", "أولاف", "شولتس", "نظيره", "الفرنسي", "في", "برلين", "."],
    ["وقال", "شولتس", "إن", "اللقاء", "كان", "مثمرا", "."],
    ["وأضاف", "لشولتس", "مستشاره", "أن", "برلين", "ترحب", "بالاتفاق", "."],
]
_DOC_B = [["وصل", "الوفد", "إلى", "القاهرة", "صباح", "أمس", "."], ["كلمة"]]


def test_flags_come_from_the_other_occurrences_only() -> None:
    keys = [["شولتس", "", "قال"], ["شولتس", "شولتس", "شولتس"]]
    tags = [["B-PERS", "O", "O"], ["O", "O", "O"]]
    flags = doc_flags(keys, tags)
    assert flags[0][0] == []  # the three other occurrences are O: no entity flag, no O majority flag
    assert flags[1] == [["dPERS"]] * 3  # one PERS and two O elsewhere: PERS is not the majority
    assert flags[0][1] == [] and flags[0][2] == []
    tags[1][2] = "B-PERS"
    assert doc_flags(keys, tags)[1][0] == ["dPERS", "dm=PERS"]  # two PERS and one O elsewhere
    assert doc_flags(keys, tags)[1][2] == ["dPERS"]  # one PERS and two O elsewhere


def test_a_tie_goes_to_the_label_sorting_last() -> None:
    keys = [["سمير", "سمير", "سمير"]]
    assert doc_flags(keys, [["B-PERS", "O", "O"]])[0][2] == ["dPERS", "dm=PERS"]
    assert doc_flags(keys, [["B-LOC", "O", "O"]])[0][2] == ["dLOC"]  # "O" sorts after "LOC"


def test_window_limits_the_sentences_seen() -> None:
    keys = [["ميركل"], ["x"], ["x"], ["ميركل"]]
    tags = [["B-PERS"], ["O"], ["O"], ["O"]]
    assert doc_flags(keys, tags, window=3)[3][0] == ["dPERS", "dm=PERS"]
    assert doc_flags(keys, tags, window=2)[3][0] == []
    assert doc_flags(keys, tags, window=None)[3][0] == ["dPERS", "dm=PERS"]


def test_keys_join_clitic_forms_and_skip_stop_words() -> None:
    keys = keys_of(["شولتس", "لشولتس", "وشولتس", "في", "من", "هو"])
    assert keys[0] == keys[1] == keys[2] != ""
    assert keys[3:] == ["", "", ""]


def test_flag_positions_follow_documents_laid_end_to_end() -> None:
    docs = [_DOC_A, _DOC_B]
    sents = [s for d in docs for s in d]
    tags = [["B-PERS" if w == "شولتس" and i == 0 else "O" for w in s] for i, s in enumerate(sents)]
    keys = [keys_of(s) for s in sents]
    flat_keys = [k for ks in keys for k in ks]
    flat_tags = [t for ts in tags for t in ts]
    got = flag_positions(flat_keys, flat_tags, [len(s) for s in sents], [len(d) for d in docs])
    expected = doc_flags(keys[:3], tags[:3])
    flat = [tuple(f) for fs in expected for f in fs]
    assert got == {i: f for i, f in enumerate(flat) if f}
    assert got  # the repeats of the surname are flagged


def test_fast_two_pass_tagging_gives_crfsuite_tags() -> None:
    """Both passes of the fast tagger (margin off) reproduce CRFsuite: first-pass tags, flags from
    them, then the second model's tags over the features plus the flags."""
    from rasd.ner.features import sentence_features
    from rasd.ner.model import doc_tagger, model, tag_two_pass, tagger
    from rasd.ner.window import sentence_bin_features

    sents = _DOC_A + _DOC_B
    table = model()[1]
    ids = table.lookup([w for s in sents for w in s])
    lens = np.array([len(s) for s in sents])
    best, _, crf = tag_two_pass(ids, lens, [len(sents)], None, margin=-1.0, surnames=False)
    nn = sentence_bin_features(sents)  # both passes also read the window network's output
    assert any(f for s in nn for f in s)
    feats = [[a + b for a, b in zip(f, x, strict=True)] for f, x in zip(map(sentence_features, sents), nn, strict=True)]
    first = [tagger().tag(f) for f in feats]
    flags = [with_neighbours(f) for f in doc_flags([keys_of(s) for s in sents], first)]
    assert any(f for fl in flags for f in fl)  # the surname's repeats are flagged
    expected = [t for f, fl in zip(feats, flags, strict=True)
                for t in doc_tagger().tag([a + b for a, b in zip(f, fl, strict=True)])]
    assert [crf.labels[i] for i in best.tolist()] == expected


def test_twin_table_rows_are_the_second_models_sums() -> None:
    from rasd.ner.fastcrf import OFFSETS, WordTable
    from rasd.ner.features import word_features
    from rasd.ner.model import doc_model_crf, model

    twin = WordTable(doc_model_crf())
    table = WordTable(model()[0], twin)
    words = [w for s in _DOC_A for w in s] + ["", "x" * 300]
    for word, row in zip(words, table.lookup(words).tolist(), strict=True):
        expected = doc_model_crf().sums([word_features(word)[k] for k in range(OFFSETS)])
        assert np.allclose(twin.rows[:, row], expected, atol=1e-9), word


def test_numpy_flags_equal_the_reference_over_documents() -> None:
    """batch_flag_codes (the runtime path) spells out flag_positions' flags for whole documents,
    including empty documents and every kind of tie."""
    import random

    from rasd.ner.doclabels import KINDS, batch_flag_codes, flags_of_code

    def batch_flag_positions(key_ids: np.ndarray, kinds: np.ndarray, sizes: list[int]) -> dict[int, tuple[str, ...]]:
        codes = batch_flag_codes(key_ids, kinds, sizes)
        return {p: flags_of_code(c) for p, c in enumerate(codes.tolist()) if c}

    rng = random.Random(5)
    labels = ["O", "B-PERS", "I-PERS", "B-LOC", "B-ORG", "I-ORG", "B-MISC"]
    for _ in range(200):
        docs = [rng.randint(0, 3) for _ in range(rng.randint(1, 4))]
        lens = [rng.randint(1, 6) for _ in range(sum(docs))]
        n = sum(lens)
        keys = [rng.choice(["", "a", "b", "c"]) for _ in range(n)]
        tags = [rng.choice(labels) for _ in range(n)]
        kinds = np.array([KINDS.index(t[2:] if t != "O" else "O") for t in tags])
        key_ids = np.array([" abc".index(k) if k else 0 for k in keys])
        sizes, c = [], 0
        for d in docs:
            sizes.append(sum(lens[c:c + d]))
            c += d
        assert batch_flag_positions(key_ids, kinds, sizes) == flag_positions(keys, tags, lens, docs)


def test_neighbour_flags_stay_inside_their_sentence() -> None:
    assert with_neighbours([["dPERS"], [], ["dLOC", "dm=LOC"]]) == [
        ["dPERS"], ["-1dPERS", "+1dLOC", "+1dm=LOC"], ["dLOC", "dm=LOC"]]
    got = positions_with_neighbours({0: ("dPERS",), 2: ("dLOC",)}, np.array([2, 2]))
    assert got == {0: ("dPERS",), 1: ("-1dPERS",), 2: ("dLOC",), 3: ("-1dLOC",)}


def test_flag_scores_equal_the_summed_weights_of_the_flag_strings() -> None:
    """The runtime's per-code score tables (flag_scores) add, at every token, what the flag strings
    of positions_with_neighbours weigh in the second model (chunk borders included)."""
    import random

    from rasd.ner.doclabels import N_CODES, flags_of_code
    from rasd.ner.model import doc_model_crf, flag_scores

    crf = doc_model_crf()
    rng = random.Random(11)
    for _ in range(50):
        lens = np.array([rng.randint(1, 5) for _ in range(rng.randint(1, 5))])
        codes = np.array([rng.choice([0, 0, rng.randrange(1, N_CODES)]) for _ in range(int(lens.sum()))])
        flags = {p: flags_of_code(c) for p, c in enumerate(codes.tolist()) if c}
        expected = np.zeros((len(codes), len(crf.labels)))
        for p, fl in positions_with_neighbours(flags, lens).items():
            expected[p] = crf.vector(fl)
        assert np.allclose(flag_scores(crf, codes, lens), expected, atol=1e-9)


_LABELS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC"]
_BIOES = ["O", "B-PERS", "I-PERS", "E-PERS", "S-PERS", "B-LOC", "I-LOC", "E-LOC", "S-LOC"]


def _repeats(sents: list[list[tuple[str, str]]], docs: list[int], window: int | None = None) -> list[tuple[int, str]]:
    """surname_repeats over (word, IOB2 tag) sentences: the (position, word) pairs it would name. The
    same sentences are also run with the tags in BIOES (the shipped models' labels), which must agree."""
    from rasd.ner.conll import to_bioes
    from rasd.ner.doclabels import surname_repeats
    from rasd.ner.features import doc_key
    from rasd.text import normalise

    words = [w for s in sents for w, _ in s]
    ids: dict[str, int] = {"": 0}
    keys = np.array([ids.setdefault(doc_key(w), len(ids)) if doc_key(w) else 0 for w in words])
    lens = np.array([len(s) for s in sents])
    out = []
    for labels, tags in ((_LABELS, [t for s in sents for _, t in s]),
                         (_BIOES, [t for s in sents for t in to_bioes([t for _, t in s])])):
        best = np.array([labels.index(t) for t in tags])
        found = surname_repeats(best, labels, keys, lambda p: normalise(words[p]), lens, docs, window)
        out.append([(p, words[p]) for p in found.tolist()])
    assert out[0] == out[1]
    return out[0]


def _s(text: str) -> list[tuple[str, str]]:
    return [tuple(x.rsplit("/", 1)) if "/" in x else (x, "O") for x in text.split()]  # type: ignore[misc]


def test_a_lone_surname_after_the_full_name_becomes_a_name() -> None:
    doc = [_s("قال نجيب/B-PERS محفوظ/I-PERS إن الرواية انتهت"),
           _s("وأضاف محفوظ أن الكتابة صعبة"),
           _s("ولمحفوظ روايات كثيرة"),
           _s("وهذا محفوظ/B-PERS الكاتب")]  # already a name: left alone
    assert _repeats(doc, [4]) == [(7, "محفوظ"), (11, "ولمحفوظ")]


def test_no_repeat_without_a_given_name_an_ordinal_or_a_nisba_or_across_documents() -> None:
    first = [_s("قال الكاتب/B-PERS محفوظ/I-PERS شيئا"), _s("وأضاف محفوظ كلاما")]  # no given name first
    assert _repeats(first, [2]) == []
    king = [_s("حكم فرناندو/B-PERS الثالث/I-PERS طويلا"), _s("في القرن الثالث تغير كل شيء")]
    assert _repeats(king, [2]) == []
    nisba = [_s("قال محمد/B-PERS المصري/I-PERS شيئا"), _s("الفريق المصري فاز")]
    assert _repeats(nisba, [2]) == []
    two_docs = [_s("قال نجيب/B-PERS محفوظ/I-PERS شيئا"), _s("وأضاف محفوظ كلاما")]
    assert _repeats(two_docs, [1, 1]) == []  # the repeat is in another document
    assert _repeats(two_docs, [2]) == [(5, "محفوظ")]


def test_a_repeat_next_to_a_name_or_beyond_the_window_is_left_alone() -> None:
    doc = [_s("قال نجيب/B-PERS محفوظ/I-PERS شيئا"), _s("زار محفوظ القاهرة/B-LOC"), _s("كتب"), _s("وقال محفوظ كلاما")]
    assert _repeats(doc, [4]) == [(9, "محفوظ")]  # position 5 is next to a place
    assert _repeats(doc, [4], window=1) == []  # the last sentence is 3 sentences away
    assert _repeats(doc, [4], window=3) == [(9, "محفوظ")]


def test_a_repeat_must_carry_the_article_as_the_surname_does() -> None:
    """The document key drops ال, but "آل ثاني" is not "الثاني" (the second)."""
    doc = [_s("قال نجيب/B-PERS آل/I-PERS ثاني/I-PERS شيئا"), _s("وأضاف ثاني أن"), _s("في اليوم الثاني")]
    assert _repeats(doc, [3]) == [(6, "ثاني")]
    doc = [_s("كتب توفيق/B-PERS الحكيم/I-PERS مسرحية"), _s("وقال الحكيم إن"), _s("رجل حكيم جدا")]
    assert _repeats(doc, [3]) == [(5, "الحكيم")]
