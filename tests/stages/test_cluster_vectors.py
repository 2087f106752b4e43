"""TF-IDF weighting (both code paths), top terms and the features cache shared by events and stories."""

from __future__ import annotations

import math

from rasd.cluster import features, vectors
from rasd.cluster.features import features_of
from rasd.cluster.vectors import DocFreq, dot, tfidf, top_terms
from rasd.model import Article


def reference_tfidf(counts: dict[str, int], dfreq: DocFreq, k: int) -> dict[str, float]:
    base = math.log(1 + dfreq.n_docs) + 1.0
    w = {t: (1 + math.log(c)) * (base - math.log(1 + dfreq.df.get(t, 0))) for t, c in counts.items()}
    keep = sorted(w, key=lambda t: (-w[t], t))[:k]
    norm = math.sqrt(sum(w[t] ** 2 for t in keep))
    return {t: w[t] / norm for t in keep}


def test_large_and_small_vectors_weigh_like_the_formula_and_cut_ties_by_term() -> None:
    dfreq = DocFreq()
    for i in range(30):
        dfreq.add([f"w{j}" for j in range(i % 7, 90, 3)])
    counts = {f"w{j}": 1 + j % 4 for j in range(90)}  # many equal weights at the cut
    assert len(counts) > vectors._NUMPY_FROM
    for k in (10, 37, 89, 200):
        got, want = tfidf(counts, dfreq, k), reference_tfidf(counts, dfreq, k)
        assert set(got) == set(want)
        assert all(math.isclose(got[t], want[t], rel_tol=1e-12) for t in want)
    small = {"a": 2, "b": 1, "c": 1}
    assert set(tfidf(small, dfreq, 2)) == {"a", "b"}


def test_top_terms_and_dot() -> None:
    vec = {"b": 1.0, "a": 1.0, "c": 3.0, "d": 0.5}
    assert top_terms(vec, 3) == ["c", "a", "b"]
    assert dot(vec, {"c": 2.0, "z": 9.0}) == 6.0
    assert dot(vec, {}) == 0.0


def test_top_terms_of_long_vectors_rank_by_weight_then_term() -> None:
    # long vectors take the short cut (rank only the terms at least as heavy as the k-th weight)
    vec = {f"t{(j * 37) % 500:03d}": float(j % 9) / 4 for j in range(500)}  # many ties at every weight
    for k in (1, 7, 12, 60, 249, 250, 499, 600):
        assert top_terms(vec, k) == sorted(vec, key=lambda t: (-vec[t], t))[:k], k
    assert top_terms(vec, 0) == []


def test_terms_with_no_positive_count_are_dropped_from_long_vectors() -> None:
    dfreq = DocFreq()
    counts = {f"w{j}": j % 5 - 1 for j in range(80)}  # zero and negative counts among them
    got = tfidf(counts, dfreq, 30)
    want = reference_tfidf({t: c for t, c in counts.items() if c > 0}, dfreq, 30)
    assert set(got) == set(want) and all(math.isclose(got[t], want[t], rel_tol=1e-12) for t in want)


def test_doc_freq_counts_each_document_once_per_term_from_any_iterable() -> None:
    d = DocFreq()
    d.add({"x": 3, "y": 1})
    d.add(iter(["x", "z"]))
    assert d.df == {"x": 2, "y": 1, "z": 1} and d.n_docs == 2
    assert d.take_delta() == ({"x": 2, "y": 1, "z": 1}, 2)
    assert d.take_delta() == ({}, 0)


def test_features_are_reused_only_while_the_article_is_unchanged() -> None:
    art = Article(id="k1", text="Talks in Geneva ended on Monday, officials said.", title="Talks end", lang="en")
    first = features_of(art)
    assert features_of(art) is first
    art.annotations["entity_mentions"] = [{"key": "geneva"}]
    second = features_of(art)
    assert second is not first and second.entities == first.entities | {"geneva"}  # joined with the name proxies
    assert features_of(art, last_use=True) is second
    assert "k1" not in features._FEATURES
