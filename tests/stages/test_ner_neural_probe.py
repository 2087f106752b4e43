"""scripts/ner_neural_probe.py and scripts/ner_neural_speed.py (issue 5 round 9, experiment only).

The torch parts are skipped where torch is not installed (rasd does not depend on it); run them
with the probe's venv: ``/work/venv-nn/bin/python -m pytest tests/stages/test_ner_neural_probe.py``.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name: str) -> ModuleType:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    return _load("ner_neural_probe")


SENT = (["قال", "الرئيس", "فلاديمير", "بوتين", "في", "موسكو", "xyzzyq"],
        ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC", "O"])


def _vocab() -> tuple[dict[str, int], np.ndarray]:
    from rasd.text import normalise

    words = [normalise(w) for w in ("قال", "الرئيس", "بوتين", "في", "موسكو", "رئيس")]
    rng = np.random.default_rng(0)
    vec = rng.normal(size=(len(words), 8)).astype(np.float32)
    return {w: i for i, w in enumerate(words)}, vec / np.linalg.norm(vec, axis=1, keepdims=True)


def test_folds_and_score_are_ner_folds(probe: ModuleType) -> None:
    folds = _load("ner_folds")
    assert probe.fold_bounds(3448, 5) == folds.fold_bounds(3448, 5)
    gold = [SENT[1], ["B-ORG", "I-ORG", "O"]]
    pred = [["O", "O", "B-PERS", "O", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "O"]]
    dev = [([[]] * len(t), t) for t in gold]
    assert probe.score(pred, gold) == pytest.approx(folds.score(pred, dev))
    assert probe.score(pred, gold) == pytest.approx(2 * (2 / 3) * (2 / 3) / (4 / 3))


def test_capped_vectors_keep_the_frequent_words_and_int8_is_close(probe: ModuleType) -> None:
    vocab, vec = _vocab()
    v2, q = probe.capped(vocab, vec, {"cap": 4, "q8": True})
    assert set(v2.values()) == {0, 1, 2, 3} and q.shape == (4, 8)
    assert np.abs(q - vec[:4]).max() <= np.abs(vec[:4]).max() / 127 / 2 + 1e-6
    _, d = probe.capped(vocab, vec, {"dims": 3})
    assert d.shape == (6, 3) and np.allclose(np.linalg.norm(d, axis=1), 1, atol=1e-5)


def test_encoder_marks_unknown_words_and_gazetteer_spans(probe: ModuleType) -> None:
    vocab, _ = _vocab()
    enc = probe.Encoder(vocab)
    enc.fit([SENT])
    x = enc.encode(SENT[0])
    unk = len(vocab)
    assert x["w"][0] != unk and x["w"][-1] == unk
    assert x["f"][-1, enc.flags["w-oov"]] == 1 and x["f"][0, enc.flags["w-oov"]] == 0
    assert x["f"].shape == (7, len(enc.flags)) and x["c"].shape[0] == 7
    # موسكو is a single-word gazetteer location: its own flag, not a span tag
    assert x["f"][5, enc.flags["g=LOC"]] == 1


def test_crf_viterbi_and_marginals_are_exact(probe: ModuleType) -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    _, vec = _vocab()
    model = probe.build_model(vec, 10, 3, dict(probe.HP))
    K = len(probe.LABELS)
    with torch.no_grad():
        for p in (model.crf.trans, model.crf.start, model.crf.end):
            p.normal_()
        em = torch.randn(4, K)
        paths = list(itertools.product(range(K), repeat=4))
        crf = model.crf

        def s(path: tuple[int, ...]) -> float:
            return float(crf.start[path[0]] + sum(em[t, path[t]] for t in range(4))
                         + sum(crf.trans[path[t - 1], path[t]] for t in range(1, 4)) + crf.end[path[-1]])

        scores = np.array([s(p) for p in paths])
        assert tuple(crf.viterbi(em)) == paths[int(scores.argmax())]
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        want = np.zeros((4, K))
        for p, pr in zip(paths, probs, strict=True):
            for t in range(4):
                want[t, p[t]] += pr
        assert np.allclose(crf.marginals(em).numpy(), want, atol=1e-5)
        tags = torch.tensor([paths[7]])
        nll = crf.nll(em.unsqueeze(0), tags, torch.ones(1, 4, dtype=torch.bool))
        assert float(nll) == pytest.approx(-np.log(probs[7]), rel=1e-4)


def test_numpy_forward_gives_the_torch_tags(probe: ModuleType) -> None:
    torch = pytest.importorskip("torch")
    speed = _load("ner_neural_speed")
    torch.manual_seed(1)
    vocab, vec = _vocab()
    enc = probe.Encoder(vocab)
    enc.fit([SENT])
    hp = dict(probe.HP, hidden=6, cfilt=5, cdim=4)
    model = probe.build_model(vec, len(enc.chars), len(enc.flags), hp)
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.normal_(0, 0.8)
    sents = [SENT[0], SENT[0][:3], ["الرئيس", "بوتين"]]
    ref, _ = probe.predict(model, [enc.encode(w) for w in sents], len(vocab))
    nt = speed.NumpyTagger(model.state_dict(), vec, enc, probe.LABELS)
    # one sentence: its new words pad to the same char length as in torch, so the scores agree
    # (across sentences they need not: the char-CNN max-pools over padding, docs/entities.md round 9)
    model.eval()
    with torch.no_grad():
        w, s, c, f, _, _, lens = probe.batchify([enc.encode(SENT[0])], len(vocab))
        want = model.emissions(w, s, c, f, lens)[0].numpy()
    got, _, _ = nt.emissions([SENT[0]])
    assert np.allclose(got, want, atol=1e-4)
    nt.reset()
    assert nt.tag(sents) == ref
    assert len({t for r in ref for t in r}) > 1  # the random model does not tag everything alike
