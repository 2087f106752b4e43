"""Document-level label consistency (second NER pass, round 6).

News names a person in full once and then by the surname alone ("شوماخر", "القرضاوي"); a
sentence-level CRF often misses the short repeats. After a first pass, each token gets flags
built from the labels the first pass gave the *same word form* elsewhere in its document
(Krishnan & Manning 2006, simplified): ``dPERS``/``dLOC``/``dORG``/``dMISC`` when some other
occurrence was inside a mention of that type, and ``dm=X`` when X, an entity type, is the
majority label (O included) of the other occurrences (ties go to the label whose name sorts
last: PERS > ORG > O > MISC > LOC, as the model was trained; a majority O gives no flag: with it the
folds were no better, docs/entities.md round 6). So only forms the first pass tagged as an
entity somewhere get flags. The word form is the normalised word without its
longest proclitic (``features.generic_stem``), so "القرضاوي", "للقرضاوي" and "والقرضاوي"
meet; stop words and forms under three letters get no flags. The flags are per-position
features, so the fast tagger adds their weights to the first pass's emission scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise

import numpy as np

from rasd.ner.features import doc_key, small_groups
from rasd.text import normalise

TYPES = ("PERS", "LOC", "ORG", "MISC")
KINDS = ("O", *TYPES)  # kind index: 0 = O, then TYPES
_RANK = np.array([sorted(KINDS).index(k) for k in KINDS])  # ties go to the kind name sorting last


def keys_of(words: Sequence[str]) -> list[str]:
    """The consistency key of each word ('' for words that take no flags)."""
    return [doc_key(w) for w in words]


def _kind(tag: str) -> str:
    return tag[2:] if len(tag) > 2 else "O"


def flags_for(key: str, kind: str, counts: Counter[tuple[str, str]]) -> list[str]:
    """Flags of one token (its own ``kind`` is left out of ``counts``: only *other* occurrences)."""
    found = [(counts[(key, t)] - (t == kind), t) for t in ("O", *TYPES)]
    found = [(n, t) for n, t in found if n > 0]
    if not found:
        return []
    out = ["d" + t for n, t in found if t != "O"]
    top = max(found)[1]
    if top != "O":
        out.append("dm=" + top)
    return out


def doc_flags(keys: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
              window: int | None = None) -> list[list[list[str]]]:
    """Per sentence, per token: the flags from the first-pass ``tags`` of the same key in the
    sentences at most ``window`` away (None: all sentences, i.e. one document)."""
    pairs = [[(k, _kind(t)) for k, t in zip(ks, ts, strict=True) if k] for ks, ts in zip(keys, tags, strict=True)]
    named = {k for p in pairs for k, t in p if t != "O"}
    if not named:
        return [[[] for _ in ks] for ks in keys]
    pairs = [[(k, t) for k, t in p if k in named] for p in pairs]
    n = len(pairs)
    counts: Counter[tuple[str, str]] = Counter()
    if window is None or window >= n:
        for p in pairs:
            counts.update(p)
        window = n
    else:
        for p in pairs[:window]:
            counts.update(p)
    out: list[list[list[str]]] = []
    for s in range(n):
        if window < n:
            if s + window < n:
                counts.update(pairs[s + window])
            if s - window - 1 >= 0:
                counts.subtract(pairs[s - window - 1])
        out.append([flags_for(k, _kind(t), counts) if k in named else [] for k, t in
                    zip(keys[s], tags[s], strict=True)])
    return out


def flag_positions(keys: Sequence[str], tags: Sequence[str], lens: Sequence[int], docs: Sequence[int],
                   window: int | None = None) -> dict[int, tuple[str, ...]]:
    """``doc_flags`` over chunks laid end to end (``lens`` tokens each; ``docs``: chunks per
    document, in order), as position -> flags for the positions that have any."""
    out: dict[int, tuple[str, ...]] = {}
    pos = chunk = 0
    for count in docs:
        sizes = lens[chunk:chunk + count]
        end = pos + sum(sizes)
        if any(t != "O" for t in tags[pos:end]):
            cuts = [pos]
            for size in sizes:
                cuts.append(cuts[-1] + size)
            per = doc_flags([keys[a:b] for a, b in pairwise(cuts)], [tags[a:b] for a, b in pairwise(cuts)], window)
            for a, sent in zip(cuts, per, strict=False):
                out.update((a + i, tuple(f)) for i, f in enumerate(sent) if f)
        pos, chunk = end, chunk + count
    return out


def kinds_of(labels: Sequence[str]) -> np.ndarray:
    """Kind index (KINDS) of each IOB label."""
    return np.array([KINDS.index(_kind(lab)) if _kind(lab) in KINDS else 0 for lab in labels], dtype=np.int64)


def batch_flag_codes(key_ids: np.ndarray, kinds: np.ndarray, doc_sizes: Sequence[int]) -> np.ndarray:
    """``doc_flags`` with window None over documents laid end to end (``doc_sizes`` tokens each),
    from integer key ids (0: no key) and kind indices, in numpy: per token the code of its flags
    (0: none; ``flags_of_code`` spells a code out, ``N_CODES`` bounds them)."""
    out = np.zeros(len(key_ids), dtype=np.int64)
    if not len(key_ids):
        return out
    doc = np.repeat(np.arange(len(doc_sizes)), doc_sizes)
    comb = doc * (int(key_ids.max()) + 1) + key_ids
    valid = key_ids > 0
    named = np.unique(comb[valid & (kinds > 0)])
    if not len(named):
        return out
    cand = np.flatnonzero(valid & np.isin(comb, named))
    groups, inv = np.unique(comb[cand], return_inverse=True)
    counts = np.zeros((len(groups), len(KINDS)), dtype=np.int64)
    np.add.at(counts, (inv, kinds[cand]), 1)
    mine = counts[inv]
    mine[np.arange(len(cand)), kinds[cand]] -= 1  # other occurrences only
    score = np.where(mine > 0, mine * 8 + _RANK, -1)
    top = score.argmax(1)
    top[score.max(1) < 0] = 0
    out[cand] = ((mine[:, 1:] > 0) * (1 << np.arange(len(TYPES)))).sum(1) * len(KINDS) + top
    return out


#: flag codes are below this: a bit per type for ``dT``, times the majority kind (``dm=``)
N_CODES = (1 << len(TYPES)) * len(KINDS)


@cache
def flags_of_code(code: int) -> tuple[str, ...]:
    mask, top = divmod(code, len(KINDS))
    out = ["d" + t for i, t in enumerate(TYPES) if mask >> i & 1]
    if top:
        out.append("dm=" + KINDS[top])
    return tuple(out)


def with_neighbours(flags: Sequence[Sequence[str]]) -> list[list[str]]:
    """One sentence's flags plus its neighbours' (``-1``/``+1`` prefixed), as the second model
    was trained: a repeat next to a flagged word is often the rest of the same name."""
    n = len(flags)
    return [[*flags[i], *("-1" + f for f in (flags[i - 1] if i else ())),
             *("+1" + f for f in (flags[i + 1] if i + 1 < n else ()))] for i in range(n)]


def positions_with_neighbours(flags: dict[int, tuple[str, ...]], lens: np.ndarray) -> dict[int, tuple[str, ...]]:
    """``with_neighbours`` over chunks laid end to end (``flags``: position -> own flags)."""
    if not flags:
        return {}
    chunk = np.repeat(np.arange(len(lens)), lens)
    out: dict[int, list[str]] = {p: list(f) for p, f in flags.items()}
    for p, f in sorted(flags.items()):
        if p and chunk[p - 1] == chunk[p]:
            out.setdefault(p - 1, []).extend("+1" + x for x in f)
        if p + 1 < len(chunk) and chunk[p + 1] == chunk[p]:
            out.setdefault(p + 1, []).extend("-1" + x for x in f)
    return {p: tuple(f) for p, f in out.items()}


# ---------------------------------------------------------------- surname repeats (round 12)

#: Ordinals end regnal names ("فرناندو الثالث"); alone they are not the person.
ORDINALS = frozenset(normalise(w) for w in [
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
    "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة"])


def _surname(norm: str) -> bool:
    """Whether the last word of a full name may stand for the person alone: not an ordinal and
    not a nisba adjective ("ابو حمزة المصري": المصري alone is the adjective)."""
    return norm not in ORDINALS and "nis" not in small_groups(norm)[1]


def _definite(norm: str) -> int:
    """1 when the word carries the article, behind a clitic or not (الثاني، والثاني، للصين), else 0:
    the document key drops it, but آل ثاني's ثاني is not الثاني ("the second")."""
    return int(norm.startswith(("ال", "لل")) or norm[1:3] == "ال")


def _given(norm: str) -> bool:
    flags = small_groups(norm)[1]
    return "fn" in flags or "fn2" in flags


def surname_repeats(best: np.ndarray, labels: Sequence[str], keys: np.ndarray, norm_at: Callable[[int], str],
                    lens: np.ndarray, docs: Sequence[int], window: int | None = None) -> np.ndarray:
    """Positions that the second pass left outside any name but that repeat, alone, the surname of
    a full name tagged in the same document ("نجيب محفوظ" ... "محفوظ"; at most ``window``
    chunks away when given). Chunks are laid end to end (``lens`` tokens each; ``docs``: chunks
    per document); ``keys`` are the tokens' ``doc_key`` ids (0: none), ``norm_at`` gives a
    position's normalised word. A full name is a PERS span of two or more words that starts with
    a given name and ends in neither an ordinal nor a nisba adjective; a repeat is a lone token
    (both neighbours in its chunk outside names) whose key is that of the span's last word and which
    carries the article exactly when that word does (``_definite``). The folds chose this (docs/entities.md, round 12): the
    document flags alone leave such repeats untagged when the surname is also an ordinary word."""
    none = np.zeros(0, dtype=np.int64)
    inner = [labels.index(lab) for lab in ("I-PERS", "E-PERS") if lab in labels]  # IOB2 or BIOES labels
    if "B-PERS" not in labels or not inner or not len(best):
        return none
    b_pers, out_col = labels.index("B-PERS"), labels.index("O")
    chunk = np.repeat(np.arange(len(lens)), lens)
    goes_on = np.isin(best, inner)
    starts = np.flatnonzero((best[:-1] == b_pers) & goes_on[1:] & (chunk[:-1] == chunk[1:]))
    if not len(starts):
        return none
    doc_of_chunk = np.repeat(np.arange(len(docs)), docs)
    sources: dict[tuple[int, int], list[int]] = {}  # (document, surname key) -> chunks naming the person in full
    for s in starts.tolist():
        e = s + 1
        while e + 1 < len(best) and goes_on[e + 1] and chunk[e + 1] == chunk[s]:
            e += 1
        key = int(keys[e])
        if key and _given(norm_at(s)) and _surname(norm_at(e)):
            sources.setdefault((int(doc_of_chunk[chunk[s]]), key * 2 + _definite(norm_at(e))), []).append(int(chunk[s]))
    if not sources:
        return none
    outside = best == out_col
    alone = outside.copy()
    alone[1:] &= outside[:-1] | (chunk[1:] != chunk[:-1])
    alone[:-1] &= outside[1:] | (chunk[1:] != chunk[:-1])
    wanted = np.fromiter({k // 2 for _, k in sources}, dtype=np.int64)
    found: list[int] = []
    for p in np.flatnonzero(alone & np.isin(keys, wanted)).tolist():
        near = sources.get((int(doc_of_chunk[chunk[p]]), int(keys[p]) * 2 + _definite(norm_at(p))))
        if near and (window is None or any(abs(c - int(chunk[p])) <= window for c in near)):
            found.append(p)
    return np.array(found, dtype=np.int64)
