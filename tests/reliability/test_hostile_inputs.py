"""Hostile inputs: each ends as an article or a stored rejection with a reason; no crash, no hang, bounded memory.

The corpus is generated at test time by scripts/make_hostile_corpus.py. Every file runs through the
pipeline in its own child process (a crash or a hang fails the test, the timeout bounds it), and one
CLI run goes over the whole corpus with every default stage.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rasd.model import Article, Rejection
from rasd.settings import Settings
from rasd.sources.decode import decode_bytes
from rasd.sources.parse import parse
from rasd.sources.readers import RawInput, read_file

Corpus = tuple[Path, dict[str, set[str]]]
REPO = Path(__file__).parents[2]
#: Files that must not be read into memory whole (the bombs and the 50 MB file), with the allowed growth in MB.
BIG = {"huge_50mb.txt": 25, "giant_line.jsonl": 100, "bomb.jsonl.gz": 100, "many_lines_bomb.jsonl.gz": 100,
       "fake_text.txt.gz": 100}


def _names() -> list[str]:
    spec = importlib.util.spec_from_file_location("_hostile_names", REPO / "scripts" / "make_hostile_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sorted(module.EXPECTED)


@pytest.fixture(scope="module")
def baseline_mb(
    hostile_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory, child_run: Callable[..., Any]
) -> float:
    """Peak memory of a child run over an empty file: what importing rasd costs."""
    root, _ = hostile_corpus
    return float(child_run(root / "empty.txt", tmp_path_factory.mktemp("base") / "b.db").maxrss_mb)


def _accounted(summary: dict[str, Any], n_articles: int, n_rejections: int) -> None:
    """Every input is an article, a duplicate or a stored rejection; the summary counts them."""
    assert summary["inputs"] == summary["new"] + summary["duplicates"] + summary["rejected"] + summary["unchanged"]
    assert n_articles == summary["new"]
    assert n_rejections == summary["rejected"]


@pytest.mark.parametrize("name", _names())
def test_hostile_input_ends_as_article_or_rejection(
    name: str, hostile_corpus: Corpus, child_run: Callable[..., Any], tmp_path: Path, baseline_mb: float
) -> None:
    root, expected = hostile_corpus
    out = child_run(root / name, tmp_path / "h.db", timeout=90)
    assert out.outcomes, f"{name}: no article and no rejection"
    assert out.outcomes <= expected[name], f"{name}: {out.outcomes} not in {expected[name]}: {out.rejections[:3]}"
    assert all(reason and detail for _, reason, detail in out.rejections)
    _accounted(out.summary, len(out.articles), len(out.rejections))
    if name in BIG:
        grown = out.maxrss_mb - baseline_mb
        assert grown < BIG[name], f"{name}: peak memory grew by {grown:.0f} MB"


def test_cli_run_over_the_whole_hostile_corpus(hostile_corpus: Corpus, tmp_path: Path) -> None:
    """One ``rasd run`` with every default stage over every hostile file: exits 0 and counts everything."""
    root, expected = hostile_corpus
    cmd = [sys.executable, "-m", "rasd", "--db", str(tmp_path / "all.db"), "--set", "workers=1", "run", str(root),
           "--json"]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    import sqlite3

    con = sqlite3.connect(tmp_path / "all.db")
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_rejections = con.execute("SELECT count(*) FROM rejections").fetchone()[0]
    _accounted(summary, n_articles, n_rejections)
    assert summary["inputs"] >= len(expected)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    refs = {r[0].split("#", 1)[0] for r in con.execute("SELECT ref FROM inputs UNION SELECT input_ref FROM rejections")}
    warc = {n for n in expected if ".warc" in n}  # WARC records are keyed by their target URL
    assert {Path(r).name for r in refs} >= set(expected) - warc


# -- regressions: each failure the suite found, fixed at its source ------------------------------------
def test_regression_deep_json_recursion(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (item,) = list(read_file(path, 20_000_000))
    assert isinstance(item, Rejection) and item.reason == "malformed" and "RecursionError" in item.detail
    line = RawInput("x#L1", "jsonline", b'{"a": ' + b"[" * 100_000)
    result = parse(line, settings)
    assert isinstance(result, Rejection) and result.reason == "malformed"


def test_regression_gzip_bomb_single_line(tmp_path: Path) -> None:
    """A .jsonl.gz whose one line inflates to ~1 GB: rejected after a bounded read, not loaded whole."""
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "') + gzip.compress(b" " * (8 << 20), 9) * 128)
    items = list(read_file(path, 1_000_000))
    assert [i.reason for i in items if isinstance(i, Rejection)] == ["too_large", "too_large"]
    assert "decompression bomb" in items[-1].detail  # type: ignore[union-attr]


def test_regression_gzip_bomb_many_lines(tmp_path: Path) -> None:
    """Millions of tiny lines behind a small .gz: cut early instead of yielding every line."""
    path = tmp_path / "lines.jsonl.gz"
    path.write_bytes(gzip.compress(b"{}\n" * (32 << 20), 9))
    items = list(read_file(path, 20_000_000))
    assert len(items) < 400_000  # of 33 million lines; the cut comes within the first MB inflated
    assert isinstance(items[-1], Rejection) and "decompression bomb" in items[-1].detail


def test_regression_legit_gzip_is_not_a_bomb(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "text": f"سطر رقم {i} عن موضوع مختلف {i * 7919 % 1000}"}) for i in range(5000)]
    path = tmp_path / "ok.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    items = list(read_file(path, 20_000_000))
    assert len(items) == 5000 and all(isinstance(i, RawInput) for i in items)


def test_regression_giant_jsonl_line_is_skipped_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "giant.jsonl"
    path.write_bytes(b'{"text": "' + b"a" * 5_000_000 + b'"}\n{"text": "after"}\n')
    items = list(read_file(path, 100_000))
    assert isinstance(items[0], Rejection) and items[0].reason == "too_large"
    assert isinstance(items[1], RawInput) and items[1].ref.endswith("#L2") and items[1].data == b'{"text": "after"}'


def test_regression_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(b'{"text": "x"}\n' * 1000)
    path.write_bytes(data[: len(data) // 2])
    items = list(read_file(path, 20_000_000))
    assert isinstance(items[-1], Rejection) and items[-1].reason == "malformed"


def test_regression_truncated_utf8_last_char() -> None:
    text = "سقط المطر على الحقول"
    assert decode_bytes(text.encode()[:-1]) == text[:-1]


def test_regression_mixed_encoding_lines() -> None:
    first, second = "هذا سطر مكتوب بترميز يونيكود", "وهذا سطر آخر بترميز ويندوز العربي"
    data = first.encode() + b"\n" + second.encode("cp1256") + b"\n" + first.encode()
    assert decode_bytes(data).split("\n") == [first, second, first]


def test_regression_invisible_bidi_only_text(settings: Settings) -> None:
    raw = RawInput("bidi.txt", "text", ("\u200f\u202e\u2066\u061c" * 200).encode())
    result = parse(raw, settings)
    assert isinstance(result, Rejection) and result.reason in {"empty", "no_text"}
    punct = RawInput("punct.txt", "text", ("!?.،؛" * 100).encode())
    result = parse(punct, settings)
    assert isinstance(result, Rejection) and result.reason == "no_text"


def test_regression_warc_record_without_type(tmp_path: Path, hostile: Any) -> None:
    path = tmp_path / "b.warc"
    path.write_bytes(hostile._broken_warc())
    items = list(read_file(path, 20_000_000))
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert any(isinstance(i, RawInput) for i in items) and "malformed" in reasons


def test_regression_feed_fragment_without_body(settings: Settings, hostile: Any) -> None:
    """A feed entry's HTML is a fragment (<p>…</p>): trafilatura needs a page around it."""
    record = {"html": f"<p>{hostile.ARTICLE}</p>", "url": "https://n.example/f"}
    result = parse(RawInput("feed#1", "record", record=record), settings)
    assert isinstance(result, Article) and "الجسر" in result.text


def test_bidi_overrides_are_removed_from_article_text(settings: Settings, hostile: Any) -> None:
    result = parse(RawInput("c.txt", "text", hostile._controls()), settings)
    assert isinstance(result, Article)
    assert not any(c in result.text for c in "\u202e\u2066\u200f\x00\x07\x1b\x7f\x85")


def test_xml_bomb_and_external_entities_are_not_expanded(hostile: Any, tmp_path: Path) -> None:
    for name, make in (("bomb.rss", hostile._xml_bomb), ("xxe.rss", hostile._xxe)):
        path = tmp_path / name
        path.write_bytes(make())
        for item in read_file(path, 20_000_000):
            blob = json.dumps(item.record if isinstance(item, RawInput) else item.detail)
            assert "lollol" not in blob and "root:" not in blob


def test_regression_broken_gzip_text_file(tmp_path: Path) -> None:
    """Found by hypothesis: a .txt.gz that is not gzip raised BadGzipFile out of the reader."""
    for name, data in (("a.txt.gz", b"\x00"), ("b.html.gz", b"\x1f\x8b\x08garbage"), ("c.rss.gz", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        items = list(read_file(path, 1_000_000))
        assert len(items) == 1 and isinstance(items[0], Rejection) and items[0].reason in {"malformed", "empty", "no_text"}
