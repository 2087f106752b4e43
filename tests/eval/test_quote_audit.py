"""The real-news quote audit (rasd/eval/quote_audit.py): sampling, verdict matching, unjudged quotes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rasd.eval import quote_audit as qa


def _ant(tmp_path: Path, texts: list[str]) -> Path:
    """A stand-in for the ANT file: team-written articles, as many lines as the sample skips and more."""
    path = tmp_path / "ant.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for k in range(qa.FIRST + len(texts)):
            text = texts[k - qa.FIRST] if k >= qa.FIRST else "نص"
            fh.write(json.dumps({"id": f"a{k}", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_samples_are_fixed_by_the_seed_and_skip_the_first_articles() -> None:
    first = qa.sample_indices(7, qa.FIRST + 100, 5)
    assert first == qa.sample_indices(7, qa.FIRST + 100, 5) != qa.sample_indices(8, qa.FIRST + 100, 5)
    assert first == sorted(first) and min(first) >= qa.FIRST and len(set(first)) == 5


def test_verdicts_match_a_quote_and_its_speaker_and_changes_are_unjudged(tmp_path: Path) -> None:
    texts = ["وقال وزير المالية سامر الحلبي إن الميزانية ستقر قريبا.", "وقالت الشرطة إن الطريق أعيد فتحه أمام السيارات."]
    lines = qa.ant_lines(_ant(tmp_path, texts))
    arts = qa.sample(3, lines, 2)
    found = qa.items(3, qa.quotes_of(3, arts))
    assert {i.speaker for i in found} >= {"الشرطة"} and len(found) == 2
    verdicts = tmp_path / "verdicts.tsv"
    verdicts.write_text("# header\n" + "\n".join(qa.verdict_lines([(found[0], "right"), (found[1], "wrong")])) + "\n")
    known = qa.read_verdicts(verdicts)
    result = qa.score(found, known)
    assert (result["judged"], result["right"], result["wrong"], result["unjudged"]) == (2, 1, 1, 0)
    assert result["speaker_accuracy"] == 0.5
    moved = [qa.Item(i.seed, i.article, i.start, i.end, i.speaker + " آخر", i.verb) for i in found]
    assert qa.score(moved, known)["unjudged"] == 2  # another speaker: to be read again
    full = qa.run(_ant(tmp_path, texts), verdicts, n=2)
    assert full["seeds"]["3"]["judged"] == 2


def test_a_verdict_file_with_an_unknown_verdict_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "v.tsv"
    bad.write_text("1\ta1\t0\t5\tabc\tmaybe\n")
    with pytest.raises(ValueError, match="unknown verdict"):
        qa.read_verdicts(bad)


def test_the_shipped_verdicts_are_well_formed() -> None:
    known = qa.read_verdicts()
    assert len(known) > 400 and set(known.values()) <= set(qa.KINDS)
