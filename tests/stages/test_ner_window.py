"""The NER window network (rasd.ner.window, docs/entities.md round 11): the per-word cached first
layer gives the network's own output, the CRF weights of its binned output are summed like the
feature strings, and the shipped files load and tag."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.ner.fastcrf import LinearCRF, WordTable
from rasd.ner.features import gazetteer_tags
from rasd.ner.model import model
from rasd.ner.window import (
    CUTS,
    GAZ_TAGS,
    MARKS,
    WIDTH,
    Inputs,
    WindowNet,
    WindowRows,
    bin_features,
    bin_scores,
    bins,
    window_matrix,
    window_net,
)
from rasd.text import normalise

LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")

# sentences written for these tests; the second holds a multi-word gazetteer entry
_SENTS = [
    ["قال", "وزير", "الخارجية", "الفرنسي", "إن", "باريس", "تدعم", "الاتفاق", "."],
    ["وصل", "وفد", "الأمم", "المتحدة", "إلى", "بغداد", "أمس", "."],
    ["كلمة"],
    ["أعلنت", "شركة", "كوستافيلو", "الجديدة", "عن", "نتائجها"],
]


def _random_net(seed: int = 0, hidden: int = 7) -> WindowNet:
    rng = np.random.default_rng(seed)
    vocab = {"وزير": 0, "باريس": 1, "المتحدة": 2, "بغداد": 3, "وفد": 4, "الامم": 5}
    vectors = np.vstack([rng.normal(size=(len(vocab), 4)).astype(np.float32), np.zeros((1, 4), np.float32)])
    flags = {"sw": 0, "g=LOC": 1, "ti": 2, "sh=al": 3, "fn": 4}
    inputs = Inputs(vectors, vocab, flags)
    slots = 2 * WIDTH + 1
    return WindowNet(inputs, LABELS, rng.normal(size=(slots, inputs.width, hidden)).astype(np.float32),
                     rng.normal(size=hidden).astype(np.float32), rng.normal(size=(hidden, len(LABELS))).astype(np.float32),
                     rng.normal(size=len(LABELS)).astype(np.float32))


def test_cached_word_parts_give_the_networks_own_output() -> None:
    net = _random_net()
    crf, _ = model()
    table = WordTable(crf, None, WindowRows(net))
    norms = [[normalise(w) for w in s] for s in _SENTS]
    gt = [gazetteer_tags(s) for s in norms]
    assert any(t for s in gt for t in s), "the test needs a multi-word gazetteer entry"
    ids = table.lookup([w for s in _SENTS for w in s])
    lens = np.array([len(s) for s in _SENTS])
    flat = [t for s in gt for t in s]
    gtags = {i: t for i, t in enumerate(flat) if t}
    assert isinstance(table.window, WindowRows)
    fast = table.window.probabilities(ids, lens, gtags)
    slow = net.probabilities_of(window_matrix(net.inputs, norms, gt))
    np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(fast.sum(1), 1.0, rtol=1e-5)
    # a word's window really reaches two words either side, and not across sentences
    moved = _SENTS[0][:4] + ["لندن"] + _SENTS[0][5:]
    other = net.probabilities_of(window_matrix(net.inputs, [[normalise(w) for w in moved]],
                                               [gazetteer_tags([normalise(w) for w in moved])]))
    changed = np.flatnonzero(np.abs(other - slow[:len(moved)]).max(1) > 1e-6).tolist()
    assert changed == [2, 3, 4, 5, 6]


def test_the_pad_row_and_marks_are_where_the_network_reads_them() -> None:
    inputs = _random_net().inputs
    assert inputs.width == 2 * inputs.dims + len(inputs.flags) + len(MARKS)
    row = inputs.rows(["كوستافيلو", "وزير"])
    assert row[0, inputs.mark("w-oov")] == 1 and row[1, inputs.mark("w-oov")] == 0
    assert np.flatnonzero(inputs.pad_row()).tolist() == [inputs.mark("pad")]
    assert set(GAZ_TAGS) <= set(MARKS)


def _fake_crf(rng: np.random.Generator) -> LinearCRF:
    crf = LinearCRF.__new__(LinearCRF)
    crf.labels = list(LABELS)
    names = [f"{p}nn={lab}:{k}" for p in ("", "-1", "+1") for lab in LABELS[1:] for k in range(1, len(CUTS) + 1)]
    names += ["w=x", "b"]
    crf.attrs = {n: i for i, n in enumerate(names)}
    crf.null = len(names)
    crf.matrix = np.vstack([rng.normal(size=(len(names), len(LABELS))), np.zeros((1, len(LABELS)))])
    crf.trans = np.zeros((len(LABELS), len(LABELS)))
    crf.outside = 0
    return crf


def test_bin_scores_equal_the_summed_feature_strings() -> None:
    rng = np.random.default_rng(3)
    crf = _fake_crf(rng)
    lens = np.array([4, 1, 6])
    probs = rng.dirichlet(np.full(len(LABELS), 0.3), size=int(lens.sum()))
    fast = bin_scores(crf, probs, lens, LABELS)
    feats: list[list[str]] = []
    start = 0
    for n in lens.tolist():
        feats += bin_features(probs[start:start + n], LABELS)
        start += n
    np.testing.assert_allclose(fast, crf.sums(feats))
    assert any("-1nn=" in f for fs in feats for f in fs) and any("+1nn=" in f for fs in feats for f in fs)


def test_bins_follow_the_cuts() -> None:
    probs = np.array([[0.5, 0.05, 0.1, 0.3, 0.05, 0, 0, 0, 0], [0, 0.95, 0, 0, 0, 0, 0, 0.05, 0]])
    assert bins(probs).tolist() == [[0, 1, 2, 0, 0, 0, 0, 0], [5, 0, 0, 0, 0, 0, 0, 0]]
    assert bin_features(probs, LABELS)[0] == ["nn=I-PERS:1", "nn=B-LOC:2", "+1nn=B-PERS:5"]


def test_the_shipped_network_loads_and_finds_a_name() -> None:
    net = window_net()  # a missing file raises ModelMissing, naming it
    assert net.labels[0] == "O" and net.w1.shape[:2] == (2 * WIDTH + 1, net.inputs.width)
    words = ["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس", "."]
    x = window_matrix(net.inputs, [[normalise(w) for w in words]], [[""] * len(words)])
    best = [net.labels[i] for i in net.probabilities_of(x).argmax(1)]
    assert best[4].endswith("PERS") and best[6].endswith("LOC")


def test_training_saves_a_network_that_loads_and_gives_jackknifed_features(tmp_path, train_ner) -> None:
    """scripts/train_ner.py's window part on sentences written for this test (every label present):
    the saved network loads over the shipped vectors, its flags are those seen in training, and
    each sentence gets one feature list per token (out-of-fold outputs)."""
    from rasd.ner.window import VECTORS_PATH

    names = [("B-PERS", "I-PERS", ["جورج", "بوش"]), ("B-LOC", "I-LOC", ["أبو", "ظبي"]),
             ("B-ORG", "I-ORG", ["الأمم", "المتحدة"]), ("B-MISC", "I-MISC", ["كأس", "العالم"])]
    words, tags = [], []
    for k in range(10):
        b, i, (first, second) = names[k % 4]
        words.append(["قال", first, second, "إن", "الوضع", "هادئ", "."])
        tags.append(["O", b, i, "O", "O", "O", "O"])
    out = tmp_path / "window.npz"
    feats = train_ner.train_window(words, tags, out)
    assert [len(f) for f in feats] == [len(w) for w in words]
    assert any(f for sent in feats for f in sent)  # some bins reach 0.1 for an entity label
    net = WindowNet.load(out, VECTORS_PATH)
    assert net.labels == tuple(LABELS) and "sh=al" in net.inputs.flags
    x = window_matrix(net.inputs, [[normalise(w) for w in words[0]]], [[""] * 7])
    assert net.probabilities_of(x).shape == (7, len(LABELS))


def test_training_refuses_data_without_every_label(tmp_path, train_ner) -> None:
    words = [["قال", "جورج", "بوش", "."]] * 6
    tags = [["O", "B-PERS", "I-PERS", "O"]] * 6
    with pytest.raises(SystemExit, match="lacks a label"):
        train_ner.train_window(words, tags, tmp_path / "window.npz")
