"""Speaker verdicts on real news: rasd's quotes in random ANT (Arabic) and ECB+ (English) articles, read and
judged by the team.

The team's gold quotes (rasd/eval/gold/quotes*.jsonl) are sentences the team wrote, so rasd's rules were written
against the same hands. This audit measures the quotes rasd finds in real articles instead. For each seed, a
fixed random sample of ANT articles (``sample_indices``: 30 articles drawn from the file's article 5,000 onwards,
so none of the first 4,000 that earlier sessions read) goes through the entities and quotes stages, and a person
reads every quote found and records a verdict:

* ``right``: the speaker names the source of the statement (a person, a body, an anonymous source, a document);
* ``untidy``: it names the source with words too many or too few ("إيجان في المدونة", "يدرير" for فيدرير), which
  counts as right;
* ``wrong``: another source, no speaker, or no statement at all ("وفقا لقرارات الشرعية", a caption).

Nothing of ANT is stored: a verdict line holds the seed, the article id, the quote's offsets and a hash of the
speaker text and the verb (rasd/eval/gold/quotes_ant_verdicts.tsv). When rasd changes and a quote or its speaker changes, the
line no longer matches and the quote is reported as unjudged, to be read again (``scripts/quote_audit.py``).
The audit measures precision only (quotes rasd did not find are not counted); the docs record the sentences with
a reporting verb and no quote that were read for recall.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from rasd.eval.datasets import shared_path
from rasd.model import Article
from rasd.stages.base import StageContext
from rasd.stages.entities import EntitiesStage
from rasd.stages.quotes import QuotesStage
from rasd.text import normalise, sentences

PER_SEED = 30
KINDS = ("right", "untidy", "wrong")


@dataclass(frozen=True, slots=True)
class Corpus:
    """A real news collection under ../shared/eval: where it is, its language, the first line samples may draw
    (earlier sessions read ANT's first 4,000 articles) and the team's verdict file."""

    name: str
    parts: tuple[str, ...]
    lang: str
    first: int
    verdicts: str


CORPORA = {"ant": Corpus("ant", ("ant", "ant-v2.1.jsonl.gz"), "ar", 5000, "gold/quotes_ant_verdicts.tsv"),
           "ecbplus": Corpus("ecbplus", ("ecbplus", "ecbplus-dev.jsonl"), "en", 0, "gold/quotes_ecbplus_verdicts.tsv")}
VERDICTS = CORPORA["ant"].verdicts
FIRST = CORPORA["ant"].first


@dataclass(frozen=True, slots=True)
class Item:
    """One quote rasd found in a sampled article."""

    seed: int
    article: str
    start: int
    end: int
    speaker: str
    verb: str

    @property
    def key(self) -> tuple[int, str, int, int, str]:
        return self.seed, self.article, self.start, self.end, speaker_hash(self.speaker, self.verb)


def speaker_hash(speaker: str, verb: str) -> str:
    """A short hash of the speaker and the reporting verb (two verbs may report one span: "قال …، مشيرا")."""
    return hashlib.sha1(f"{normalise(speaker)}|{normalise(verb)}".encode()).hexdigest()[:10]


def sample_indices(seed: int, total: int, n: int = PER_SEED, first: int = FIRST) -> list[int]:
    """The article lines of ``seed``'s sample, in file order."""
    return sorted(random.Random(seed).sample(range(first, total), n))


def corpus_lines(path: Path | None, corpus: Corpus = CORPORA["ant"]) -> list[str]:
    path = path or shared_path("eval", *corpus.parts)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return fh.readlines()


def ant_lines(path: Path | None) -> list[str]:
    return corpus_lines(path, CORPORA["ant"])


def sample(seed: int, lines: Sequence[str], n: int = PER_SEED, corpus: Corpus = CORPORA["ant"]) -> list[Article]:
    arts = []
    for k in sample_indices(seed, len(lines), n, corpus.first):
        d = json.loads(lines[k])
        text = d.get("text") or ""
        art = Article(id=str(d.get("id", k)), text=text, title=d.get("title"), lang=corpus.lang)
        art.annotations["sentences"] = [list(s) for s in sentences(text)]
        arts.append(art)
    return arts


def quotes_of(seed: int, arts: list[Article]) -> list[tuple[Article, dict[str, Any]]]:
    """The entities and quotes stages over one sample; (article, quote) in text order."""
    for art, fields in zip(arts, EntitiesStage()(arts, StageContext(settings={})).fields, strict=True):
        art.annotations.update(fields)
    out = []
    for art, fields in zip(arts, QuotesStage()(arts, StageContext(settings={})).fields, strict=True):
        out += [(art, q) for q in fields["quotes"]]
    return out


def items(seed: int, found: Iterable[tuple[Article, dict[str, Any]]]) -> list[Item]:
    return [Item(seed, art.id, q["start"], q["end"], q["speaker_text"], q["verb"]) for art, q in found]


def read_verdicts(path: Path | None = None, corpus: Corpus = CORPORA["ant"]) -> dict[tuple[int, str, int, int, str], str]:
    text = path.read_text("utf-8") if path else files("rasd.eval").joinpath(corpus.verdicts).read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        seed, article, start, end, digest, verdict = line.split("\t")
        if verdict not in KINDS:
            raise ValueError(f"unknown verdict {verdict!r} in {line!r}")
        out[(int(seed), article, int(start), int(end), digest)] = verdict
    return out


def verdict_lines(judged: Iterable[tuple[Item, str]]) -> list[str]:
    return ["\t".join((str(i.seed), i.article, str(i.start), str(i.end), speaker_hash(i.speaker, i.verb), v))
            for i, v in judged]


def score(found: Sequence[Item], verdicts: dict[tuple[int, str, int, int, str], str]) -> dict[str, Any]:
    """Speaker accuracy over the judged quotes (right + untidy over judged) and what is left to read."""
    counts = Counter(verdicts.get(i.key, "unjudged") for i in found)
    judged = sum(counts[k] for k in KINDS)
    return {"quotes": len(found), "judged": judged, "unjudged": counts["unjudged"],
            "right": counts["right"], "untidy": counts["untidy"], "wrong": counts["wrong"],
            "speaker_accuracy": (counts["right"] + counts["untidy"]) / judged if judged else 0.0,
            "tidy_accuracy": counts["right"] / judged if judged else 0.0}


def run(path: Path | None = None, verdicts: Path | None = None, n: int = PER_SEED,
        corpus: Corpus = CORPORA["ant"]) -> dict[str, Any]:
    """Scores every seed of the verdict file (``rasd eval quotes``, ``details.ant_audit`` and
    ``details.ecbplus_audit``); ``n`` articles a seed."""
    known = read_verdicts(verdicts, corpus)
    lines = corpus_lines(path, corpus)
    per_seed: dict[str, Any] = {}
    everything: list[Item] = []
    for seed in sorted({k[0] for k in known}):
        found = items(seed, quotes_of(seed, sample(seed, lines, n, corpus)))
        per_seed[str(seed)] = score(found, known)
        everything += found
    return {**score(everything, known), "seeds": per_seed, "articles_per_seed": n, "corpus": corpus.name}
