"""The team's synthetic near-duplicate test set, generated deterministically.

Base articles (``gold/reuse_base.jsonl``) were written by the rasd team, in pairs on
the same topic (hard negatives: same vocabulary, different articles). Each base
gets lightly edited copies, as outlets republish agency or partner text: inserted
sentences, changed punctuation, alef/hamza/teh-marbuta spellings, boilerplate lines
removed or added, a few words swapped, sometimes the last sentence dropped. Edit
material is in ``gold/reuse_edits.json``. A fixed seed makes the set reproducible.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

SEED = 20250301
COPIES_PER_BASE = 4

_SENT_END = re.compile(r"(?<=[.!؟])\s+")
_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


@dataclass(frozen=True, slots=True)
class SynthDoc:
    id: str
    text: str
    group: str  # the base article it was made from
    topic: str
    source: str
    published: str


def _gold(name: str) -> str:
    return files("rasd.eval").joinpath("gold", name).read_text(encoding="utf-8")


@cache
def base_articles() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in _gold("reuse_base.jsonl").splitlines() if line.strip())


@cache
def edit_material() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_gold("reuse_edits.json"))
    return data


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT_END.split(text.strip()) if s]


def _insert_sentences(sents: list[str], rng: random.Random, pool: list[str]) -> list[str]:
    out = list(sents)
    for extra in rng.sample(pool, rng.randint(1, 2)):
        out.insert(rng.randint(1, len(out)), extra)
    return out


def _punctuation(text: str, rng: random.Random) -> str:
    text = text.replace("،", rng.choice([",", " ،", ""]))
    if rng.random() < 0.5:
        text = text.replace(". ", ".\n")
    return text.replace(" ,", ",") + rng.choice(["", ".", " ..."])


def _spelling(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, w in enumerate(words):
        r = rng.random()
        if r < 0.5:
            words[i] = w.translate(_HAMZA)
        elif r < 0.6 and w.endswith("ة"):
            words[i] = w[:-1] + "ه"
        elif r < 0.7 and w.endswith("ى"):
            words[i] = w[:-1] + "ي"
    return " ".join(words)


def _swap_words(text: str, rng: random.Random, swaps: dict[str, str]) -> str:
    for old in rng.sample(sorted(swaps), 2):
        text = text.replace(f" {old} ", f" {swaps[old]} ", 1)
    return text


def _page(text: str, lines: list[str]) -> str:
    return text + "\n" + "\n".join(lines) if lines else text


def make_copy(base: dict[str, Any], rng: random.Random, base_lines: list[str]) -> str:
    """One lightly edited copy of ``base`` (whose page carried ``base_lines`` of boilerplate)."""
    mat = edit_material()
    sents = _sentences(base["text"])
    if len(sents) > 4 and rng.random() < 0.3:
        sents = sents[:-1]
    sents = _insert_sentences(sents, rng, mat["inserted_sentences"])
    text = _swap_words(" ".join(sents), rng, mat["word_swaps"])
    text = _spelling(_punctuation(text, rng), rng)
    own = [] if base_lines else rng.sample(mat["boilerplate_lines"], rng.randint(1, 2))
    return _page(text, own)


def synthetic_corpus(seed: int = SEED, copies: int = COPIES_PER_BASE) -> list[SynthDoc]:
    """Bases (with boilerplate on about half the pages) and their edited copies, shuffled."""
    rng = random.Random(seed)
    lines_pool = edit_material()["boilerplate_lines"]
    docs: list[SynthDoc] = []
    for n, base in enumerate(base_articles()):
        base_lines = rng.sample(lines_pool, 2) if rng.random() < 0.5 else []
        docs.append(_doc(base, base["id"], _page(base["text"], base_lines), base["source"], 0))
        for k in range(1, copies + 1):
            src = f"copy{(n + k) % 7}"
            docs.append(_doc(base, f"{base['id']}-c{k}", make_copy(base, rng, base_lines), src, k))
    rng.shuffle(docs)
    return docs


def _doc(base: dict[str, Any], doc_id: str, text: str, source: str, hours: int) -> SynthDoc:
    published = base["published"].replace(":00:00", f":{hours:02d}:00")
    return SynthDoc(doc_id, text, base["id"], base["topic"], source, published)
