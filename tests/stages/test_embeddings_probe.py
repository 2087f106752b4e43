"""The embeddings probe's own arithmetic (scripts/embeddings_probe.py), without the optional models."""

from __future__ import annotations

from types import ModuleType

import numpy as np


def test_lead_drops_address_and_date_lines_and_is_bounded(embeddings_probe: ModuleType) -> None:
    text = "http://example.org/a-story\nMarch 3, 2009\nThe mayor opened the new bridge.\n\nTraffic was heavy."
    assert embeddings_probe.lead(text) == "The mayor opened the new bridge. Traffic was heavy."
    assert embeddings_probe.lead("word " * 500, chars=40) == ("word " * 8)[:40]


def test_oracle_linkage_and_nearest_neighbours_on_two_clear_groups(embeddings_probe: ModuleType) -> None:
    labels = ["a"] * 4 + ["b"] * 3
    same = np.equal.outer(labels, labels)
    sim = np.where(same, 0.9, 0.1)
    np.fill_diagonal(sim, 1.0)
    best, distance, around = embeddings_probe.oracle_average_linkage(sim, dict(enumerate(labels)))
    assert best == 1.0 and 0.1 <= distance < 0.9 and 0.5 < around <= best  # the first best threshold is an edge
    assert embeddings_probe.nn_accuracy(sim, labels) == 1.0
    sim[0, 5] = sim[5, 0] = 0.95  # documents 0 and 5 are now each other's nearest neighbours, across groups
    assert embeddings_probe.nn_accuracy(sim, labels) == round(5 / 7, 4)
