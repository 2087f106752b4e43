"""Round 9 probe: can a small neural tagger beat the Arabic NER CRF? (experiment only, not shipped)

Build-time experiment; needs torch (a separate venv, never a rasd runtime dependency):

    python3 -m venv /work/venv-nn && /work/venv-nn/bin/pip install torch==2.13.0 \
        && /work/venv-nn/bin/pip install -e .
    export OMP_NUM_THREADS=1
    PY=/work/venv-nn/bin/python
    $PY scripts/ner_neural_probe.py embed  --cache /work/nn-cache          # word vectors from ANT
    $PY scripts/ner_neural_probe.py folds  --cache /work/nn-cache --only-folds 5   # one fold
    $PY scripts/ner_neural_probe.py folds  --cache /work/nn-cache          # all 5 folds
    $PY scripts/ner_neural_probe.py stack  --cache /work/nn-cache          # CRF + neural probs
    $PY scripts/ner_neural_probe.py speed  --cache /work/nn-cache          # numpy inference cost

Runs of round 9 (docs/entities.md, "Round 9: neural tagger probe"; C = /work/nn-cache):

    $PY scripts/ner_neural_probe.py folds --cache C --tag e25                        # full vectors
    $PY scripts/ner_neural_probe.py folds --cache C --hp cap=30000 --hp dims=64 --hp q8=1 --tag ship
    $PY scripts/ner_neural_probe.py folds --cache C --hp cap=30000 --hp dims=64 --hp q8=1 --hp hidden=50 --tag ship50
    $PY scripts/ner_neural_probe.py stack --cache C --tag e25 [--doc-window 30 [--no-probs]]
    $PY scripts/ner_neural_probe.py stack --cache C --tag ship --doc-window 30
    $PY scripts/ner_neural_probe.py speed --cache C --tag ship   (and --tag ship50)
    $PY scripts/ner_neural_probe.py folds --cache C --only-folds 4 --hp seed=2   (seeds 2, 3; also with the ship options)
    $PY scripts/ner_neural_probe.py folds --cache C --only-folds 4,5 --hp cap=30000 --hp q8=1
    $PY scripts/ner_neural_probe.py folds --cache C --only-folds 4,5 --hp dims=32 --hp q8=1

``embed``: unlabelled ANT news (../shared/eval/ant, read at build time only) tokenised like the
run-time tagger (rasd.ner.tagging._WORD, rasd.text.normalise); the VOCAB most frequent forms get
vectors from a truncated SVD of the PPMI matrix of their left-1 / right-1 / left-2 / right-2
neighbours among the CONTEXT most frequent forms (the word-cluster recipe of
scripts/build_word_clusters.py with wider context and the vectors kept instead of clusters).

``folds``: the 5 contiguous folds of scripts/ner_folds.py inside the training 80% of
anercorp-dev (rasd.ner.conll.split; the held-back 20% is never read into a fold). Model: BiLSTM
over [pretrained vector of the normalised word; of its clitic-stripped form (the CRF's ``st=``);
char-CNN over the word; the CRF's cheap flags (gazetteer/given-name/title/demonym/stop word,
shape, name-likeness bin, multi-word gazetteer B/I)] with a linear-chain CRF output (Viterbi),
trained on the other four blocks for a fixed number of epochs (no early stopping on the scored
block). Scored like ner_folds.py (micro F1 over exact PERS/LOC/ORG spans). Out-of-fold per-token
label marginals are saved to the cache for ``stack``.

``stack``: the CRF first pass (current rasd.ner.features) plus per-token bins of the neural
model's out-of-fold marginals (``nn=B-PERS:3`` ..., at 0 and ±1) as features; scored on the same
folds. As in ner_folds.py --doc-window, the scored block's extra features come from the neural
model that did not see it, the training blocks' from models that did see the scored block.

``speed``: a numpy re-implementation of the trained model's forward pass (per-word input part
cached as the CRF's WordTable does) timed on ANT articles, ms per 1,000 tokens on one core, and
the size the weights and vectors would ship at.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import conll_f1
from rasd.ner.conll import Sentence, read_conll, split
from rasd.ner.doclabels import with_neighbours
from rasd.ner.features import gazetteer_tags, small_groups
from rasd.text import normalise

VOCAB, CONTEXT, DIMS = 100_000, 5_000, 128  # as scripts/build_word_vectors.py builds them before cutting
LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
TYPES = ("PERS", "LOC", "ORG")


# ---------------------------------------------------------------- embeddings

def embed(args: argparse.Namespace) -> int:
    """Round 9's vectors: ``scripts/build_word_vectors.py``'s recipe, all VOCAB words and DIMS
    dimensions kept (the shipped file keeps fewer)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_word_vectors import corpus_ids, ppmi_vectors

    t0, c0 = time.perf_counter(), time.process_time()
    docs, words = corpus_ids(args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"))
    keep, vec = ppmi_vectors(docs, len(words), args.vocab, args.context, args.dims)
    args.cache.mkdir(parents=True, exist_ok=True)
    np.save(args.cache / "vectors.npy", vec)
    (args.cache / "vocab.txt").write_text("\n".join(words[w] for w in keep.tolist()) + "\n", "utf-8")
    n_tok = int(sum(len(d) for d in docs))
    sys.stdout.write(f"{len(keep)} words x {args.dims} dims from {len(docs)} articles ({n_tok} tokens), "
                     f"context {args.context} x 4 offsets; {time.perf_counter() - t0:.0f}s wall, "
                     f"{time.process_time() - c0:.0f}s CPU\n")
    return 0


def load_vectors(cache: Path) -> tuple[dict[str, int], np.ndarray]:
    words = (cache / "vocab.txt").read_text("utf-8").split("\n")[:-1]
    return {w: i for i, w in enumerate(words)}, np.load(cache / "vectors.npy")


def capped(vocab: dict[str, int], vec: np.ndarray, hp: dict) -> tuple[dict[str, int], np.ndarray]:
    """The vectors as they would ship: the ``cap`` most frequent words (0: all), the first ``dims``
    SVD components (0: all, rows renormalised), int8 with a per-row scale when ``q8``."""
    cap, dims = hp.get("cap", 0), hp.get("dims", 0)
    if cap:
        vocab = {w: i for w, i in vocab.items() if i < cap}
        vec = vec[:cap]
    if dims:
        vec = vec[:, :dims] / (np.linalg.norm(vec[:, :dims], axis=1, keepdims=True) + 1e-9)
    if hp.get("q8", False):
        scale = np.abs(vec).max(1, keepdims=True) / 127 + 1e-12
        vec = (np.round(vec / scale).astype(np.int8) * scale).astype(np.float32)
    return vocab, np.ascontiguousarray(vec, dtype=np.float32)


# ---------------------------------------------------------------- data

FLAG_NAMES: list[str] = []  # filled by encode(): the small-feature strings seen in training


def word_info(word: str) -> tuple[str, str, tuple[str, ...]]:
    """(normalised form, clitic-stripped form as the CRF sees it, small flags)."""
    n = normalise(word)
    st, flags, _, _ = small_groups(n)
    return n, st[3:], flags


class Encoder:
    """Maps sentences to index arrays: word/stem vector rows, chars, flag ids."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.chars: dict[str, int] = {"<pad>": 0, "<unk>": 1}
        self.flags: dict[str, int] = {}
        self._info: dict[str, tuple[str, str, tuple[str, ...]]] = {}

    def info(self, w: str) -> tuple[str, str, tuple[str, ...]]:
        got = self._info.get(w)
        if got is None:
            got = self._info[w] = word_info(w)
        return got

    def fit(self, sents: list[Sentence]) -> None:
        for words, _ in sents:
            for w in words:
                n, _, flags = self.info(w)
                for ch in n:
                    self.chars.setdefault(ch, len(self.chars))
                for f in flags:
                    self.flags.setdefault(f, len(self.flags))
        for g in ("gB=PERS", "gI=PERS", "gB=LOC", "gI=LOC", "gB=ORG", "gI=ORG", "gB=MISC", "gI=MISC"):
            self.flags.setdefault(g, len(self.flags))
        self.flags.setdefault("w-oov", len(self.flags))
        self.flags.setdefault("st-oov", len(self.flags))

    def encode(self, words: list[str]) -> dict[str, np.ndarray]:
        unk = len(self.vocab)  # row of the zero vector
        infos = [self.info(w) for w in words]
        wid = np.array([self.vocab.get(n, unk) for n, _, _ in infos], dtype=np.int64)
        sid = np.array([self.vocab.get(s, unk) for _, s, _ in infos], dtype=np.int64)
        flags = np.zeros((len(words), len(self.flags)), dtype=np.float32)
        gt = gazetteer_tags([n for n, _, _ in infos])
        for i, (n, s, fl) in enumerate(infos):
            for f in fl:
                j = self.flags.get(f)
                if j is not None:
                    flags[i, j] = 1
            if gt[i] and gt[i] in self.flags:
                flags[i, self.flags[gt[i]]] = 1
            if wid[i] == unk:
                flags[i, self.flags["w-oov"]] = 1
            if sid[i] == unk:
                flags[i, self.flags["st-oov"]] = 1
        maxc = max(len(n) for n, _, _ in infos)
        maxc = min(max(maxc, 3), 20)
        chars = np.zeros((len(words), maxc), dtype=np.int64)
        for i, (n, _, _) in enumerate(infos):
            for j, ch in enumerate(n[:maxc]):
                chars[i, j] = self.chars.get(ch, 1)
        return {"w": wid, "s": sid, "f": flags, "c": chars}


def training_sentences(data: Path | None) -> list[Sentence]:
    return split(read_conll(data or shared_path("eval", "anercorp", "anercorp-dev.txt")))[0]


def fold_bounds(n: int, folds: int) -> list[tuple[int, int]]:
    """As scripts/ner_folds.py: contiguous [start, end) blocks."""
    return [(n * k // folds, n * (k + 1) // folds) for k in range(folds)]


def score(pred: list[list[str]], gold: list[list[str]]) -> float:
    """Micro F1 over exact PERS/LOC/ORG spans, as ner_folds.score."""
    g: list[str] = []
    p: list[str] = []
    for a, b in zip(pred, gold, strict=True):
        g += [t if t[2:] in TYPES else "O" for t in b] + ["O"]
        p += [t if t[2:] in TYPES else "O" for t in a] + ["O"]
    return conll_f1(p, g)["micro_f1"]


# ---------------------------------------------------------------- model (torch)

def build_model(n_vec: np.ndarray, n_chars: int, n_flags: int, hp: dict):
    import torch
    from torch import nn

    class CRF(nn.Module):
        def __init__(self, k: int) -> None:
            super().__init__()
            self.trans = nn.Parameter(torch.zeros(k, k))  # from -> to
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))

        def nll(self, em, tags, mask):  # em B,T,K ; tags B,T ; mask B,T bool
            T = em.shape[1]
            # gold path score
            s = self.start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
            for t in range(1, T):
                m = mask[:, t]
                s = s + m * (self.trans[tags[:, t - 1], tags[:, t]] + em[:, t].gather(1, tags[:, t:t + 1]).squeeze(1))
            last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
            s = s + self.end[last]
            alpha = self.start + em[:, 0]
            for t in range(1, T):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans + em[:, t].unsqueeze(1), dim=1)
                alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
            z = torch.logsumexp(alpha + self.end, dim=1)
            return (z - s).sum()

        def marginals(self, em):  # one sentence T,K -> T,K
            T = em.shape[0]
            a = [self.start + em[0]]
            for t in range(1, T):
                a.append(torch.logsumexp(a[-1].unsqueeze(1) + self.trans, dim=0) + em[t])
            b = [self.end]
            for t in range(T - 1, 0, -1):
                b.append(torch.logsumexp(self.trans + (em[t] + b[-1]).unsqueeze(0), dim=1))
            b = b[::-1]
            al, be = torch.stack(a), torch.stack(b)
            z = torch.logsumexp(al[-1] + self.end, dim=0)
            return torch.exp(al + be - z)

        def viterbi(self, em):  # T,K -> list
            T = em.shape[0]
            score = self.start + em[0]
            back = []
            for t in range(1, T):
                tot = score.unsqueeze(1) + self.trans
                best, arg = tot.max(0)
                back.append(arg)
                score = best + em[t]
            score = score + self.end
            path = [int(score.argmax())]
            for arg in reversed(back):
                path.append(int(arg[path[-1]]))
            return path[::-1]

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            vec = np.vstack([n_vec, np.zeros((1, n_vec.shape[1]), dtype=np.float32)])
            self.vec = nn.Embedding.from_pretrained(torch.from_numpy(vec), freeze=not hp["tune"])
            self.cemb = nn.Embedding(n_chars, hp["cdim"], padding_idx=0)
            self.conv = nn.Conv1d(hp["cdim"], hp["cfilt"], 3, padding=1)
            d_in = 2 * vec.shape[1] + hp["cfilt"] + n_flags
            self.drop = nn.Dropout(hp["drop"])
            self.lstm = nn.LSTM(d_in, hp["hidden"], batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hp["hidden"], len(LABELS))
            self.crf = CRF(len(LABELS))

        def features(self, w, s, c, f):  # w,s: B,T ; c: B,T,L ; f: B,T,F
            B, T, L = c.shape
            ce = self.cemb(c.view(B * T, L)).transpose(1, 2)
            ch = torch.relu(self.conv(ce)).max(2).values.view(B, T, -1)
            return torch.cat([self.vec(w), self.vec(s), ch, f], dim=2)

        def emissions(self, w, s, c, f, lens):
            x = self.drop(self.features(w, s, c, f))
            packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

    return Tagger()


def batchify(items: list[dict[str, np.ndarray]], unk: int):
    import torch

    T = max(len(x["w"]) for x in items)
    L = max(x["c"].shape[1] for x in items)
    B = len(items)
    nf = items[0]["f"].shape[1]
    w = np.full((B, T), unk, dtype=np.int64)
    s = np.full((B, T), unk, dtype=np.int64)
    c = np.zeros((B, T, L), dtype=np.int64)
    f = np.zeros((B, T, nf), dtype=np.float32)
    y = np.zeros((B, T), dtype=np.int64)
    mask = np.zeros((B, T), dtype=bool)
    lens = []
    for i, x in enumerate(items):
        n = len(x["w"])
        w[i, :n], s[i, :n], f[i, :n] = x["w"], x["s"], x["f"]
        c[i, :n, :x["c"].shape[1]] = x["c"]
        if "y" in x:
            y[i, :n] = x["y"]
        mask[i, :n] = True
        lens.append(n)
    return (torch.from_numpy(w), torch.from_numpy(s), torch.from_numpy(c), torch.from_numpy(f),
            torch.from_numpy(y), torch.from_numpy(mask), torch.tensor(lens))


def train_tagger(train: list[dict[str, np.ndarray]], vec: np.ndarray, enc: Encoder, hp: dict, log=None):
    import torch

    torch.manual_seed(hp["seed"])
    rng = np.random.default_rng(hp["seed"])
    model = build_model(vec, len(enc.chars), len(enc.flags), hp)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=hp["lr"])
    unk = len(enc.vocab)
    order = np.argsort([len(x["w"]) for x in train], kind="stable")
    batches = [order[i:i + hp["batch"]] for i in range(0, len(order), hp["batch"])]
    for ep in range(hp["epochs"]):
        model.train()
        t0 = time.process_time()
        total = 0.0
        for bi in rng.permutation(len(batches)):
            w, s, c, f, y, mask, lens = batchify([train[i] for i in batches[bi]], unk)
            em = model.emissions(w, s, c, f, lens)
            loss = model.crf.nll(em, y, mask) / len(lens)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(lens)
        if log:
            log(f"  epoch {ep + 1}: loss {total / len(train):.3f} ({time.process_time() - t0:.0f}s CPU)")
    return model


def predict(model, items: list[dict[str, np.ndarray]], unk: int) -> tuple[list[list[str]], list[np.ndarray]]:
    import torch

    model.eval()
    tags, margs = [], []
    with torch.no_grad():
        for x in items:
            w, s, c, f, _, _, lens = batchify([x], unk)
            em = model.emissions(w, s, c, f, lens)[0]
            tags.append([LABELS[i] for i in model.crf.viterbi(em)])
            margs.append(model.crf.marginals(em).numpy().astype(np.float32))
    return tags, margs


HP = {"tune": False, "cdim": 24, "cfilt": 48, "drop": 0.5, "hidden": 100, "lr": 2e-3, "batch": 16,
      "epochs": 25, "seed": 1, "cap": 0, "dims": 0, "q8": False}


def folds(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(1)
    hp = dict(HP)
    for kv in args.hp:
        k, v = kv.split("=")
        hp[k] = type(HP[k])(v) if not isinstance(HP[k], bool) else v in ("1", "true", "True")
    vocab, vec = capped(*load_vectors(args.cache), hp)
    sents = training_sentences(args.data)
    enc = Encoder(vocab)
    bounds = fold_bounds(len(sents), args.folds)
    c0 = time.process_time()
    scores = {}
    for k, (lo, hi) in enumerate(bounds, 1):
        if args.only_folds and k not in args.only_folds:
            continue
        enc = Encoder(vocab)
        enc.fit(sents[:lo] + sents[hi:])  # chars/flags seen in the training blocks only
        enc_all = [dict(enc.encode(w), y=np.array([LABELS.index(t) for t in ts])) for w, ts in sents]
        say = lambda m: (sys.stdout.write(m + "\n"), sys.stdout.flush())
        say(f"fold {k}: {len(enc.flags)} flags, {len(enc.chars)} chars, hp {hp}")
        model = train_tagger(enc_all[:lo] + enc_all[hi:], vec, enc, hp, log=say)
        pred, margs = predict(model, enc_all[lo:hi], len(vocab))
        scores[k] = score(pred, [t for _, t in sents[lo:hi]])
        say(f"fold {k} (sentences {lo}-{hi - 1}): micro F1 {scores[k]:.4f}  "
            f"[{time.process_time() - c0:.0f}s CPU so far]")
        if args.tag:
            np.savez_compressed(args.cache / f"oof_{args.tag}_fold{k}.npz", *margs)
            torch.save(model.state_dict(), args.cache / f"model_{args.tag}_fold{k}.pt")
            (args.cache / f"enc_{args.tag}_fold{k}.json").write_text(
                json.dumps({"chars": enc.chars, "flags": enc.flags, "hp": hp}), "utf-8")
    vals = list(scores.values())
    mean = statistics.fmean(vals)
    sd = statistics.stdev(vals) if len(vals) > 1 else 0.0
    sys.stdout.write(f"hp {hp}: folds {' / '.join(f'{k}:{v:.4f}' for k, v in scores.items())}; "
                     f"mean {mean:.4f} ± {sd:.4f}; {time.process_time() - c0:.0f}s CPU\n")
    return 0


# ---------------------------------------------------------------- stacking

def stack(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ner_folds

    sents = training_sentences(args.data)
    bounds = fold_bounds(len(sents), args.folds)
    margs: list[np.ndarray] = []
    for k in range(1, args.folds + 1):
        z = np.load(args.cache / f"oof_{args.tag}_fold{k}.npz")
        margs += [z[f"arr_{i}"] for i in range(len(z.files))]
    assert len(margs) == len(sents)
    cuts = [float(x) for x in args.cuts.split(",")]

    def extra(m: np.ndarray) -> list[list[str]]:
        own = []
        for row in m:
            fs = []
            for j, lab in enumerate(LABELS[1:], 1):
                b = sum(row[j] >= c for c in cuts)
                if b:
                    fs.append(f"nn={lab}:{b}")
            own.append(fs)
        return with_neighbours(own)

    base = ner_folds.featurise(sents, ())
    stacked = [([f + x for f, x in zip(feats, extra(m), strict=True)], tags)
               for (feats, tags), m in zip(base, margs, strict=True)]
    if args.no_probs:
        stacked = base
    if args.doc_window > 0:  # round-6 document flags from the neural model's out-of-fold tags
        first = oof_tags(args, sents, bounds)
        nn_scores = [score(first[lo:hi], [t for _, t in sents[lo:hi]]) for lo, hi in bounds]
        sys.stdout.write("neural first pass (Viterbi, out of fold): "
                         + " / ".join(f"{v:.4f}" for v in nn_scores) + "\n")
        stacked = ner_folds.with_doc_flags([w for w, _ in sents], stacked, first, args.doc_window)
    params = {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1,
              "feature.possible_transitions": True}
    c0 = time.process_time()
    res = []
    for k, (lo, hi) in enumerate(bounds, 1):
        if args.only_folds and k not in args.only_folds:
            continue
        res.append(ner_folds.run_fold(stacked[:lo] + stacked[hi:], stacked[lo:hi], params))
        nn_only = score([[LABELS[i] for i in m.argmax(1)] for m in margs[lo:hi]], [t for _, t in sents[lo:hi]])
        sys.stdout.write(f"fold {k}: CRF + nn probs {res[-1]:.4f} (nn marginal argmax alone {nn_only:.4f})\n")
        sys.stdout.flush()
    sys.stdout.write(f"stack mean {statistics.fmean(res):.4f} ± {statistics.stdev(res) if len(res) > 1 else 0:.4f}; "
                     f"{time.process_time() - c0:.0f}s CPU\n")
    return 0


def oof_tags(args: argparse.Namespace, sents: list[Sentence], bounds: list[tuple[int, int]]) -> list[list[str]]:
    """Viterbi tags of every training sentence by the saved fold model that did not see it
    (cached as oof_tags_TAG.json; computing them needs torch)."""
    path = args.cache / f"oof_tags_{args.tag}.json"
    if path.exists():
        return json.loads(path.read_text("utf-8"))
    import torch

    torch.set_num_threads(1)
    out: list[list[str]] = []
    for k, (lo, hi) in enumerate(bounds, 1):
        meta = json.loads((args.cache / f"enc_{args.tag}_fold{k}.json").read_text("utf-8"))
        vocab, vec = capped(*load_vectors(args.cache), meta["hp"])
        enc = Encoder(vocab)
        enc.chars, enc.flags = meta["chars"], meta["flags"]
        model = build_model(vec, len(enc.chars), len(enc.flags), meta["hp"])
        model.load_state_dict(torch.load(args.cache / f"model_{args.tag}_fold{k}.pt"))
        out += predict(model, [enc.encode(w) for w, _ in sents[lo:hi]], len(vocab))[0]
    path.write_text(json.dumps(out), "utf-8")
    return out


# ---------------------------------------------------------------- main

def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("embed", "folds", "stack", "speed"))
    ap.add_argument("--cache", type=Path, required=True, help="directory for vectors, OOF marginals, models")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--ant", type=Path, default=None)
    ap.add_argument("--vocab", type=int, default=VOCAB)
    ap.add_argument("--context", type=int, default=CONTEXT)
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only-folds", type=_ints, default=None)
    ap.add_argument("--hp", action="append", default=[], metavar="KEY=VALUE", help=f"override {HP}")
    ap.add_argument("--tag", default="", help="save OOF marginals/models under this name (folds), read them (stack)")
    ap.add_argument("--speed-fold", type=int, default=5, help="speed: the fold model to time")
    ap.add_argument("--speed-articles", type=int, default=1000, help="speed: ANT articles to tag")
    ap.add_argument("--doc-window", type=int, default=0, help="stack: add round-6 document flags (±N sentences) "
                    "from the neural model's out-of-fold tags")
    ap.add_argument("--no-probs", action="store_true", help="stack: without the marginal features")
    ap.add_argument("--cuts", default="0.1,0.3,0.5,0.7,0.9", help="stack: marginal bins")
    args = ap.parse_args(argv)
    if args.cmd == "embed":
        return embed(args)
    if args.cmd == "folds":
        return folds(args)
    if args.cmd == "stack":
        return stack(args)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ner_neural_speed import speed

    return speed(args)


if __name__ == "__main__":
    raise SystemExit(main())
