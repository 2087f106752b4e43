"""``rasd eval variants``: spelling-variant decisions, pairwise precision/recall/F1.

What is scored (ANETAC, ../shared/eval/anetac):

* **Latin side** (headline ``metrics``): items are the distinct Latin names of
  en-ar-named-entities-dev.txt. Two Latin names are *gold variants* when the file gives
  them the same Arabic form (Monica/Monika -> مونيكا). Candidate pairs are all pairs
  inside one block (``latin_block``: the variant key without inner vowels; blocks of more
  than MAX_BLOCK names are skipped); the system calls a pair variants when the
  transliteration-aware keys agree (``rasd.ner.translit.latin_variant_key``). A pair whose
  Arabic forms differ but share a consonant skeleton (فرنانديس/فرنانديز for
  Fernandes/Fernandez) is *ambiguous* — ANETAC lists many true variants under slightly
  different Arabic spellings — and is left out; every other pair with different Arabic
  forms is a gold non-variant.
* **Arabic side** (``details.arabic``): items are the distinct normalised Arabic spellings
  of translit-{train,dev} plus the dev file. Gold variants: their Latin forms are equal
  after lowercasing and collapsing doubled letters (Abdallah/Abdalah). Candidates: pairs
  inside one ``arabic_block`` (consonant skeletons without vowel slots). The system's
  decision is the one the entities stage uses, ``rasd.ner.variants.name_match`` on
  same-length names (for Arabic tokens the weighted spelling distance of
  ``rasd.ner.spelling`` within its length budget). Pairs whose Latin forms differ but share
  a Latin variant key are ambiguous and left out.

Also reported: ``blocking_recall`` (share of all gold pairs that fall inside one block;
pairs outside blocks are never proposed, so ``end_to_end_recall`` = recall x that share),
the strict figures counting ambiguous pairs as negatives, and the baseline that merges
every pair of a block. In details too: the team's list
rasd/eval/gold/variants_ar.tsv (``same``/``diff`` Arabic pairs, hard negatives being
different people with similar names), scored with ``name_match``. With ``data``: a file
of ``CLASS Latin Arabic`` lines, scored on both sides the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib.resources import files
from itertools import combinations, product
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_path
from rasd.eval.metrics import prf
from rasd.ner.crossscript import MIN_KEY, token_keys
from rasd.ner.translit import arabic_block, latin_block, latin_variant_key, skeleton
from rasd.ner.variants import name_match
from rasd.text import normalise

MAX_BLOCK = 200
Pairs = list[tuple[str, str]]  # (latin, arabic)
Decide = Callable[[str, str], bool]


def _latin_form(name: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", name.lower()))


def _arabic_skeleton(name: str) -> str:
    return " ".join(skeleton(w) for w in normalise(name).split())


def _arabic_variants(a: str, b: str) -> bool:
    ta, tb = tuple(a.split()), tuple(b.split())
    return len(ta) == len(tb) and name_match(ta, tb) is not None


def score_side(gold: dict[str, set[str]], block: Callable[[str], str], decide: Decide,
               ambiguous: Callable[[str, str], bool]) -> dict[str, float]:
    """Pairwise P/R/F1 of ``decide`` over candidate pairs within blocks.

    ``gold`` maps each item to its gold group labels (items sharing a label are variants)."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for item in sorted(gold):
        blocks[block(item)].append(item)
    counts = {"tp": 0, "fp": 0, "fn": 0, "strict_fp": 0, "ambiguous": 0, "candidates": 0, "merge_all_fp": 0}
    for names in blocks.values():
        if len(names) <= MAX_BLOCK:
            _count_block(names, gold, decide, ambiguous, counts)
    return _summary(counts, _gold_pairs(gold), _pairs_in_blocks(gold, block))


def _count_block(names: list[str], gold: dict[str, set[str]], decide: Decide,
                 ambiguous: Callable[[str, str], bool], counts: dict[str, int]) -> None:
    for a, b in combinations(names, 2):
        same = bool(gold[a] & gold[b])
        merged = decide(a, b)
        counts["candidates"] += 1
        if not same and ambiguous(a, b):
            counts["ambiguous"] += 1
            counts["strict_fp"] += merged
            continue
        counts["tp"] += same and merged
        counts["fp"] += merged and not same
        counts["strict_fp"] += merged and not same
        counts["fn"] += same and not merged
        counts["merge_all_fp"] += not same


def _gold_pairs(gold: dict[str, set[str]]) -> set[tuple[str, str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for item, labels in gold.items():
        for label in labels:
            members[label].add(item)
    return {pair for group in members.values() for pair in combinations(sorted(group), 2)}


def _pairs_in_blocks(gold: dict[str, set[str]], block: Callable[[str], str]) -> int:
    return sum(block(a) == block(b) for a, b in _gold_pairs(gold))


def _summary(c: dict[str, int], gold_pairs: set[tuple[str, str]], in_blocks: int) -> dict[str, float]:
    p, r, f = prf(c["tp"], c["fp"], c["fn"])
    sp, _, sf = prf(c["tp"], c["strict_fp"], c["fn"])
    bp, _, bf = prf(c["tp"] + c["fn"], c["merge_all_fp"], 0)
    block_recall = in_blocks / len(gold_pairs) if gold_pairs else 0.0
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f, "strict_p": sp, "strict_f1": sf,
            "blocking_recall": block_recall, "end_to_end_recall": r * block_recall,
            "merge_block_p": bp, "merge_block_f1": bf, "candidate_pairs": float(c["candidates"]),
            "ambiguous_pairs": float(c["ambiguous"]), "gold_pairs": float(len(gold_pairs))}


def latin_side(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    gold: dict[str, set[str]] = defaultdict(set)
    for latin, arabic in pairs:
        gold[latin].add(normalise(arabic))
    skel = {a: _arabic_skeleton(a) for labels in gold.values() for a in labels}

    def ambiguous(a: str, b: str) -> bool:
        return bool({skel[x] for x in gold[a]} & {skel[x] for x in gold[b]})

    return score_side(gold, latin_block, lambda a, b: latin_variant_key(a) == latin_variant_key(b), ambiguous)


def arabic_side(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    gold: dict[str, set[str]] = defaultdict(set)
    for latin, arabic in pairs:
        gold[normalise(arabic)].add(_latin_form(latin))

    def ambiguous(a: str, b: str) -> bool:
        return bool({latin_variant_key(x) for x in gold[a]} & {latin_variant_key(x) for x in gold[b]})

    return score_side(gold, arabic_block, _arabic_variants, ambiguous)


def cross_script(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Latin and Arabic spellings of one name sharing a cross-script key (``rasd.ner.crossscript``).

    Items are the distinct Latin names and the distinct normalised Arabic spellings; a (Latin, Arabic)
    pair is gold when the file pairs them. Every pair of a Latin and an Arabic item sharing a key is a
    candidate the key proposes; precision is the share of them that are gold, recall the share of gold
    pairs proposed. ``by_length`` splits them by the key's length in consonant classes (a key of at
    least ``MIN_KEY`` may link; persons' surname keys too)."""
    gold = {(_latin_form(la), normalise(ar)) for la, ar in pairs}
    latin_by: dict[str, set[str]] = defaultdict(set)
    arabic_by: dict[str, set[str]] = defaultdict(set)
    for la, ar in gold:
        for key in token_keys(la):
            latin_by[key].add(la)
        for key in token_keys(ar):
            arabic_by[key].add(ar)
    proposed: dict[tuple[str, str], int] = {}
    for key in latin_by.keys() & arabic_by.keys():
        for pair in product(latin_by[key], arabic_by[key]):
            proposed[pair] = max(proposed.get(pair, 0), len(key))
    out: dict[str, Any] = {"gold_pairs": float(len(gold)), "candidate_pairs": float(len(proposed))}
    for name, lo, hi in (("all", MIN_KEY, 99), ("3-4", 3, 4), ("5+", 5, 99)):
        got = {pair for pair, n in proposed.items() if lo <= n <= hi}
        tp = len(got & gold)
        p, r, f = prf(tp, len(got) - tp, sum(1 for la, ar in gold if lo <= _longest(la, ar) <= hi) - tp)
        out[name] = {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f}
    return out


def _longest(latin: str, arabic: str) -> int:
    """Length of the longest key the two spellings share (0: none): the bucket a gold pair belongs to."""
    shared = set(token_keys(latin)) & set(token_keys(arabic))
    return max(map(len, shared), default=max(map(len, token_keys(arabic)), default=0))


def _read_class_file(path: Path) -> Pairs:
    out: Pairs = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            out.append((parts[1], " ".join(parts[2:])))
    return out


def _read_translit() -> Pairs:
    out: Pairs = []
    for part in ("train", "dev"):
        en = shared_path("eval", "anetac", f"translit-{part}.en").read_text("utf-8").splitlines()
        ar = shared_path("eval", "anetac", f"translit-{part}.ar").read_text("utf-8").splitlines()
        out += [(e.strip(), a.strip()) for e, a in zip(en, ar, strict=False) if e.strip() and a.strip()]
    return out


def own_list_score(path: Path | None = None) -> dict[str, Any]:
    """Pair decisions on the team's list: ``same``/``diff`` <TAB> name <TAB> name."""
    text = path.read_text("utf-8") if path else files("rasd.eval").joinpath("gold/variants_ar.tsv").read_text("utf-8")
    tp = fp = fn = 0
    errors: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, a, b = line.split("\t")[:3]
        merged = name_match(tuple(normalise(a).split()), tuple(normalise(b).split())) is not None
        gold = label == "same"
        tp += merged and gold
        fp += merged and not gold
        fn += gold and not merged
        if merged != gold and len(errors) < 20:
            errors.append(f"{label}: {a} / {b}")
    p, r, f = prf(tp, fp, fn)
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": f, "errors": errors}


def run(data: Path | None = None) -> dict[str, Any]:
    if data is None:
        latin = _read_class_file(shared_path("eval", "anetac", "en-ar-named-entities-dev.txt"))
        arabic = _read_translit() + latin
        desc = ("ANETAC en-ar-named-entities-dev.txt (Latin spellings of one Arabic form; headline) and "
                "translit-{train,dev} + that file (Arabic spellings of one Latin form; details.arabic)")
    else:
        latin = arabic = _read_class_file(data)
        desc = str(data)
    la, ar = latin_side(latin), arabic_side(arabic)
    keys = ("pairwise_p", "pairwise_r", "pairwise_f1")
    return {
        "task": "variants",
        "data": desc,
        "metrics": {k: la[k] for k in keys},
        "baselines": {"merge_whole_block": {"pairwise_p": la["merge_block_p"], "pairwise_r": 1.0,
                                            "pairwise_f1": la["merge_block_f1"]}},
        "details": {"latin": la, "arabic": ar, "cross_script": cross_script(latin),
                    "own_list": own_list_score() if data is None else None},
    }
