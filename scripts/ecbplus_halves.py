"""Two-fold check of the events knobs on ECB+ dev: choose on one half of the topics, score on the other.

Usage: .venv/bin/python scripts/ecbplus_halves.py [DATA.jsonl] [--json]

The merge and split knobs (``events_merge_share``, ``events_split_purity``) were tuned on all of ECB+ dev,
which has no separate test part here. This script clusters the odd-numbered and the even-numbered topics
separately over a small grid, picks the best point on one half and reports it on the other (both ways), so
the figure is not scored on the documents it was chosen on. docs/events.md records what it printed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rasd.eval.datasets import shared_path
from rasd.eval.events import cluster, score
from rasd.eval.events_data import load_gold, read_jsonl

GRID = [(share, purity) for share in (0.3, 0.5, 0.7) for purity in (0.9, 0.95, 1.0)]
DEFAULT = (0.5, 0.95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    path = args.data or shared_path("eval", "ecbplus", "ecbplus-dev.jsonl")
    topic = {str(r.get("id")): int(r.get("topic") or 0) for r in read_jsonl(path)}
    f1: dict[tuple[int, float, float], float] = {}
    for half in (0, 1):
        for share, purity in GRID:
            docs = [d for d in load_gold(path) if topic.get(d.article.id, 0) % 2 == half]
            settings = {"events_merge_share": share, "events_split_purity": purity}
            events, stories = cluster([d.article for d in docs], settings)
            f1[(half, share, purity)] = round(score(docs, events, stories)["bcubed_f1"], 4)
    report: dict[str, object] = {"grid": {f"half{h} share={s} purity={p}": v for (h, s, p), v in f1.items()}}
    for chosen_on, scored_on in ((0, 1), (1, 0)):
        best = max(GRID, key=lambda g: (f1[(chosen_on, *g)], g == DEFAULT))
        report[f"chosen_on_half{chosen_on}"] = {"share": best[0], "purity": best[1],
                                                f"f1_on_half{scored_on}": f1[(scored_on, *best)],
                                                f"default_f1_on_half{scored_on}": f1[(scored_on, *DEFAULT)]}
    print(json.dumps(report, indent=None if args.json else 1))


if __name__ == "__main__":
    main()
