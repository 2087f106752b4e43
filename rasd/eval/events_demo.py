"""Events and stories on the team's demo corpus (``examples/demo``, gold in ``examples/demo-gold.jsonl``).

The demo corpus is the one bilingual event-labelled set rasd has: 40 inputs written by the team in Arabic and
English (plain text, HTML, RSS/Atom, JSONL), six events in three stories, five of the events reported in both
languages. The whole pipeline runs over it into a temporary SQLite store, as ``rasd run`` does, so the events
stage sees the dates, entities and reuse links of the earlier stages. Scored: B-cubed F1 of events and stories,
and the share of gold same-event pairs across languages that share a predicted event (``cross_language_recall``:
what ``events_embedder`` is for). Skipped, with the path looked for, outside a source checkout.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from rasd.eval.events_data import follow
from rasd.eval.metrics import bcubed

DEMO = Path(__file__).resolve().parents[2] / "examples"
BILINGUAL = DEMO / "bilingual-events.jsonl"


def _gold(folder: Path) -> dict[str, dict[str, Any]]:
    """Gold records keyed by the store's ``input_ref`` relative to the demo folder (JSONL lines are ``#L<n>``)."""
    line_of = {}
    for n, line in enumerate((folder / "demo" / "articles.jsonl").read_text("utf-8").splitlines(), 1):
        if line.strip():
            line_of[str(json.loads(line).get("id"))] = n
    out = {}
    for line in (folder / "demo-gold.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        ref = str(rec["ref"])
        if ref.startswith("articles.jsonl#"):
            ref = f"articles.jsonl#L{line_of[ref.split('#', 1)[1]]}"
        out[ref] = rec
    return out


def demo_check(settings: Mapping[str, Any] | None = None, folder: Path = DEMO) -> dict[str, Any]:
    """Run the pipeline over the demo corpus and score its events and stories against the team's gold."""
    if not (folder / "demo-gold.jsonl").is_file() or not (folder / "demo").is_dir():
        return {"skipped": f"no demo corpus at {folder} (it ships in the source checkout, not in the wheel)"}
    gold = _gold(folder)
    root = (folder / "demo").resolve()

    def key_of(ref: str) -> str:
        rel = Path(ref.split("#", 1)[0]).resolve().relative_to(root).as_posix()
        return rel + ("#" + ref.split("#", 1)[1] if "#" in ref else "")

    return _pipeline_scores(root, gold, key_of, settings)


def bilingual_check(settings: Mapping[str, Any] | None = None, path: Path = BILINGUAL) -> dict[str, Any]:
    """The team's bilingual same-day set (``examples/bilingual-events.jsonl``): 8 pairs of different happenings on
    one day with the same actors, each reported in Arabic and English, gold ``event``/``story`` on every line.
    Scored like the demo, with the different-event pairs across languages that share a predicted event."""
    if not path.is_file():
        return {"skipped": f"no bilingual set at {path} (it ships in the source checkout, not in the wheel)"}
    gold: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            gold[f"L{n}"] = {"event": rec["event"], "story": rec["story"], "lang": rec["lang"]}
    return _pipeline_scores(path.resolve(), gold, lambda ref: ref.rsplit("#", 1)[-1], settings)


def _pipeline_scores(target: Path, gold: Mapping[str, Mapping[str, Any]], key_of: Callable[[str], str],
                     settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """Run the whole default pipeline over ``target`` into a temporary store; score events and stories of the
    articles whose ``key_of(input_ref)`` is in ``gold``."""
    from rasd.pipeline import Pipeline
    from rasd.settings import load_settings
    from rasd.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(str(Path(tmp) / "check.db"))
        try:
            Pipeline.from_names().run([str(target)], store, load_settings(dict(settings or {}), environ={}))
            rows = store.conn.execute(
                "SELECT a.input_ref, a.lang, e.value, s.value FROM articles a "
                "LEFT JOIN annotations e ON e.article_id = a.id AND e.key = 'event_id' "
                "LEFT JOIN annotations s ON s.article_id = a.id AND s.key = 'story_id'").fetchall()
            redirects = dict(store.conn.execute("SELECT old_id, new_id FROM event_redirects").fetchall())
        finally:
            store.close()
    found: dict[str, tuple[str, str, str]] = {}
    for ref, lang, event, story in rows:
        key = key_of(str(ref))
        if key in gold and event:
            found[key] = (lang, follow(redirects, json.loads(event)), json.loads(story) if story else "")
    keys = sorted(found)
    events = {k: found[k][1] for k in keys}
    stories = {k: found[k][2] for k in keys}
    across = [(a, b) for a, b in combinations(keys, 2) if gold[a]["lang"] != gold[b]["lang"]]
    cross = [(a, b) for a, b in across if gold[a]["event"] == gold[b]["event"]]
    apart = [(a, b) for a, b in across if gold[a]["event"] != gold[b]["event"]]
    return {
        "n_docs": len(keys), "n_gold": len(gold),
        "events_pred": len(set(events.values())), "events_gold": len({gold[k]["event"] for k in keys}),
        "event_bcubed_f1": round(bcubed(events, {k: gold[k]["event"] for k in keys})[2], 4),
        "story_bcubed_f1": round(bcubed(stories, {k: gold[k]["story"] for k in keys})[2], 4),
        "cross_language_pairs": len(cross),
        "cross_language_recall": round(sum(events[a] == events[b] for a, b in cross) / len(cross), 4) if cross else None,
        "cross_language_false_joins": sum(events[a] == events[b] for a, b in apart),
        "cross_language_other_pairs": len(apart),
    }
