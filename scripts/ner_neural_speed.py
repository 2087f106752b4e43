"""Round 9 probe, part 2: run-time cost of the neural tagger if it shipped as numpy inference.

Usage (after ``ner_neural_probe.py folds --tag T``, which saves the fold models):

    OMP_NUM_THREADS=1 /work/venv-nn/bin/python scripts/ner_neural_probe.py speed --cache /work/nn-cache \
        --tag T [--speed-fold 5] [--speed-articles 1000]

Loads fold ``--speed-fold``'s trained model, re-implements its forward pass in numpy (float32)
and checks it gives the torch model's Viterbi tags on that fold's scored block (count of
differing tokens printed). Then tags ``--speed-articles`` ANT articles (every 10th, cut into
sentences by rasd.text.tokenize.sentences and rasd.ner.tagging.tokenise, as at run time) in
batches of 64 articles, timing on one core:

* word part: per distinct word form, the LSTM input projections of [vector; stem vector;
  char-CNN; flags] for both directions (cached per word, as rasd.ner.fastcrf.WordTable does for
  the CRF); timed cold (empty cache) and warm (second pass over the same articles);
* sequence part: the two LSTM recurrences batched over all chunks of the batch, the output
  layer and a batched Viterbi.

Reports ms per 1,000 tokens and ms per article, and the shipped size of the weights and of the
word vectors (float16 and int8 with a per-row scale) for the vocabulary the model used.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


def _sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class NumpyTagger:
    """The BiLSTM-CRF of ner_neural_probe in numpy, with a per-word cache of input projections."""

    def __init__(self, state: dict, vec: np.ndarray, enc, labels: tuple[str, ...]) -> None:
        g = {k: v.detach().numpy().astype(np.float32) for k, v in state.items()}
        self.vec = np.vstack([vec, np.zeros((1, vec.shape[1]), np.float32)]).astype(np.float32)
        self.cemb, self.cw, self.cb = g["cemb.weight"], g["conv.weight"], g["conv.bias"]  # cw: F, C, 3
        self.wf, self.uf = g["lstm.weight_ih_l0"], g["lstm.weight_hh_l0"]
        self.bf = g["lstm.bias_ih_l0"] + g["lstm.bias_hh_l0"]
        self.wb, self.ub = g["lstm.weight_ih_l0_reverse"], g["lstm.weight_hh_l0_reverse"]
        self.bb = g["lstm.bias_ih_l0_reverse"] + g["lstm.bias_hh_l0_reverse"]
        self.ow, self.ob = g["out.weight"], g["out.bias"]
        self.trans, self.start, self.end = g["crf.trans"], g["crf.start"], g["crf.end"]
        self.enc = enc
        self.labels = labels
        self.h = self.uf.shape[1]
        self.nflags = len(enc.flags)
        self.reset()

    def reset(self) -> None:
        self.rows: dict[str, int] = {}
        self.proj = np.zeros((0, 8 * self.h), np.float32)  # forward gates | backward gates

    def _word_inputs(self, words: list[str]) -> np.ndarray:
        """Input vectors of new words without the positional gazetteer-span flags."""
        enc = self.enc
        x = enc.encode(words)  # gazetteer_tags over this list are zeroed below
        f = x["f"].copy()
        for g in ("gB=PERS", "gI=PERS", "gB=LOC", "gI=LOC", "gB=ORG", "gI=ORG", "gB=MISC", "gI=MISC"):
            f[:, enc.flags[g]] = 0
        c = self.cemb[x["c"]]  # N, L, C
        n, L, C = c.shape
        pad = np.zeros((n, L + 2, C), np.float32)
        pad[:, 1:-1] = c
        conv = self.cb + sum(pad[:, k:k + L] @ self.cw[:, :, k].T for k in range(3))  # N, L, F
        ch = np.maximum(conv, 0).max(1)
        return np.hstack([self.vec[x["w"]], self.vec[x["s"]], ch, f])

    def lookup(self, words: list[str]) -> np.ndarray:
        new = list(dict.fromkeys(w for w in words if w not in self.rows))
        if new:
            xs = self._word_inputs(new)
            p = np.hstack([xs @ self.wf.T + self.bf, xs @ self.wb.T + self.bb]).astype(np.float32)
            base = len(self.proj)
            self.proj = np.vstack([self.proj, p])
            for i, w in enumerate(new):
                self.rows[w] = base + i
        return np.fromiter((self.rows[w] for w in words), np.int64, len(words))

    def tag(self, chunks: list[list[str]]) -> list[list[str]]:
        em, lens, starts = self.emissions(chunks)
        return self._viterbi(em, lens, starts)

    def emissions(self, chunks: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(tokens x labels emission scores of the chunks laid end to end, lengths, starts)."""
        from rasd.ner.features import gazetteer_tags
        from rasd.text import normalise

        flat = [w for c in chunks for w in c]
        ids = self.lookup(flat)
        inp = self.proj[ids]
        off = 2 * self.vec.shape[1] + self.cw.shape[0]  # the flags follow [vector; stem vector; char-CNN]
        gcols = {g: off + self.enc.flags[g] for g in ("gB=PERS", "gI=PERS", "gB=LOC", "gI=LOC", "gB=ORG",
                                                "gI=ORG", "gB=MISC", "gI=MISC")}
        pos = 0
        for c in chunks:  # positional gazetteer-span flags
            for i, gt in enumerate(gazetteer_tags([normalise(w) for w in c])):
                if gt:
                    col = gcols[gt]
                    inp[pos + i, :4 * self.h] += self.wf[:, col]
                    inp[pos + i, 4 * self.h:] += self.wb[:, col]
            pos += len(c)
        lens = np.array([len(c) for c in chunks])
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        T, B, h = int(lens.max()), len(chunks), self.h
        out = np.zeros((len(flat), 2 * h), np.float32)
        for d, (u, sl) in enumerate(((self.uf, slice(0, 4 * h)), (self.ub, slice(4 * h, 8 * h)))):
            hs = np.zeros((B, h), np.float32)
            cs = np.zeros((B, h), np.float32)
            for t in range(T):
                alive = np.flatnonzero(lens > t)
                idx = starts[alive] + (t if d == 0 else lens[alive] - 1 - t)
                z = inp[idx, sl] + hs[alive] @ u.T
                i_, f_, g_, o_ = z[:, :h], z[:, h:2 * h], z[:, 2 * h:3 * h], z[:, 3 * h:]
                c_new = _sig(f_) * cs[alive] + _sig(i_) * np.tanh(g_)
                h_new = _sig(o_) * np.tanh(c_new)
                cs[alive], hs[alive] = c_new, h_new
                out[idx, d * h:(d + 1) * h] = h_new
        return out @ self.ow.T + self.ob, lens, starts

    def _viterbi(self, em: np.ndarray, lens: np.ndarray, starts: np.ndarray) -> list[list[str]]:
        T, B, K = int(lens.max()), len(lens), em.shape[1]
        score = self.start + em[starts]
        back = np.zeros((T, B, K), np.int64)
        for t in range(1, T):
            alive = lens > t
            tot = score[:, :, None] + self.trans[None]
            arg = tot.argmax(1)
            best = np.take_along_axis(tot, arg[:, None, :], 1)[:, 0]
            nxt = best + em[np.minimum(starts + t, len(em) - 1)]
            score = np.where(alive[:, None], nxt, score)
            back[t] = arg
        score = score + self.end
        out = []
        for b in range(B):
            path = [int(score[b].argmax())]
            for t in range(lens[b] - 1, 0, -1):
                path.append(int(back[t, b, path[-1]]))
            out.append([self.labels[i] for i in path[::-1]])
        return out


def speed(args) -> int:
    import gzip

    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import ner_neural_probe as probe

    from rasd.eval.datasets import shared_path
    from rasd.ner.tagging import tokenise
    from rasd.text.tokenize import sentences

    torch.set_num_threads(1)
    k, tag = args.speed_fold, args.tag
    meta = json.loads((args.cache / f"enc_{tag}_fold{k}.json").read_text("utf-8"))
    vocab, vec = probe.load_vectors(args.cache)
    vocab, vec = probe.capped(vocab, vec, meta["hp"])
    enc = probe.Encoder(vocab)
    enc.chars, enc.flags = meta["chars"], meta["flags"]
    state = torch.load(args.cache / f"model_{tag}_fold{k}.pt")
    nt = NumpyTagger(state, vec, enc, probe.LABELS)
    # 1. equivalence with torch on the fold's scored block
    sents = probe.training_sentences(args.data)
    lo, hi = probe.fold_bounds(len(sents), args.folds)[k - 1]
    model = probe.build_model(vec, len(enc.chars), len(enc.flags), meta["hp"])
    model.load_state_dict(state)
    items = [enc.encode(w) for w, _ in sents[lo:hi]]
    ref, _ = probe.predict(model, items, len(vocab))
    got = nt.tag([w for w, _ in sents[lo:hi]])
    diff = sum(a != b for r, g in zip(ref, got, strict=True) for a, b in zip(r, g, strict=True))
    f1 = probe.score(got, [t for _, t in sents[lo:hi]])
    sys.stdout.write(f"numpy vs torch on fold {k}: {diff} of {sum(map(len, ref))} tags differ; numpy F1 {f1:.4f}\n")
    # 2. timing on ANT
    arts: list[list[list[str]]] = []
    with gzip.open(args.ant or shared_path("eval", "ant", "ant-v2.1.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 10:
                continue
            text = json.loads(line).get("text") or ""
            arts.append([c.words for c in tokenise(text, sentences(text)).chunks if c.words])
            if len(arts) >= args.speed_articles:
                break
    n_tok = sum(len(c) for a in arts for c in a)
    for label in ("cold", "warm"):
        if label == "cold":
            nt.reset()
        t_word = t_seq = 0.0
        for b in range(0, len(arts), 64):
            chunks = [c for a in arts[b:b + 64] for c in a]
            c0 = time.process_time()
            nt.lookup([w for c in chunks for w in c])
            c1 = time.process_time()
            nt.tag(chunks)
            c2 = time.process_time()
            t_word += c1 - c0
            t_seq += c2 - c1
        total = t_word + t_seq
        sys.stdout.write(f"{label}: {len(arts)} articles, {n_tok} tokens ({n_tok / len(arts):.0f}/article): "
                         f"word part {1000 * t_word / n_tok * 1000:.1f} ms/1k tokens, sequence part "
                         f"{1000 * t_seq / n_tok * 1000:.1f} ms/1k tokens; total {1000 * total / len(arts):.2f} "
                         f"ms/article CPU ({len(nt.rows)} distinct words cached)\n")
    weights = sum(v.numel() for name, v in state.items() if not name.startswith("vec."))
    nv, d = vec.shape
    sys.stdout.write(f"size: {weights} weights ({weights * 4 / 1e6:.2f} MB float32, {weights * 2 / 1e6:.2f} MB "
                     f"float16); vectors {nv} x {d}: {nv * d * 2 / 1e6:.1f} MB float16, "
                     f"{(nv * d + nv * 2) / 1e6:.1f} MB int8 + row scales; plus the word list\n")
    return 0
