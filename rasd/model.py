"""The records that flow through rasd: one ``Article`` type, plus ``Rejection``.

Every stage reads articles and returns, for each one, a mapping of the fields it
assigns. The pipeline merges those into ``Article.annotations``; nothing else
about an article changes after ingest.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: Fields set at ingest. Stages may ``require`` any of these without a producer.
BASE_FIELDS: frozenset[str] = frozenset(
    {"id", "text", "title", "url", "source", "published", "lang", "fetched_at", "input_ref", "meta"}
)


def content_id(normalised_text: str) -> str:
    """Stable article id: a hash of the article's normalised text."""
    return hashlib.blake2b(normalised_text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(slots=True)
class Article:
    """One news article after ingest, with the outputs of every stage that ran on it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601 from metadata, when present
    lang: str | None = None
    fetched_at: str | None = None
    input_ref: str | None = None  # where it came from: path, path#line, URL
    meta: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    #: rasd.text.normalise(text), computed once at ingest for ids, indexing and matching; not stored
    norm: str | None = field(default=None, repr=False, compare=False)
    #: the search index forms of title and text (rasd.store.search), computed at ingest (in the worker
    #: processes) so that the writer only binds them; not stored
    search: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    def normalised(self) -> str:
        """The matching form of the text (computed on first use when the article was built by hand)."""
        if self.norm is None:
            from rasd.text.arabic import normalise

            self.norm = normalise(self.text)
        return self.norm

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as constructor arguments (~3x cheaper than the default for slots: worker results).

        ``norm`` is left out when the search forms are there: those are what the writer needs, and ``norm`` is
        recomputed on first use, so a worker's result crosses to the main process with one copy of the text less.
        """
        norm = self.norm if self.search is None else None
        return Article, (self.id, self.text, self.title, self.url, self.source, self.published, self.lang,
                         self.fetched_at, self.input_ref, self.meta, self.annotations, norm, self.search)

    def get(self, key: str, default: Any = None) -> Any:
        """A base field or a stage annotation, by name."""
        if key in BASE_FIELDS:
            return getattr(self, key)
        return self.annotations.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("norm")
        out.pop("search")
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass(slots=True, frozen=True)
class Rejection:
    """An input that did not become an article, and why. Stored and counted, never dropped."""

    input_ref: str
    reason: str  # one of REJECTION_REASONS
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rejection:
        return cls(data["input_ref"], data["reason"], data.get("detail", ""))


REJECTION_REASONS: dict[str, str] = {
    "empty": "the input holds no bytes or only white space",
    "binary": "the input is binary data, not text",
    "undecodable": "no supported character set decodes the input",
    "too_large": "the input is larger than the max_input_bytes setting",
    "too_short": "too little text is left after cleaning (min_text_chars setting)",
    "unsupported": "the input's format is not one rasd reads",
    "malformed": "the input claims a format but does not parse as it",
    "fetch_failed": "the URL could not be fetched",
    "forbidden": "the URL points at a private, loopback or link-local address",
    "no_text": "the extractor found no article text in the page",
}
