"""atheris fuzz target: arbitrary bytes through rasd's readers, parser, text layer and date extraction.

Run: ``python tests/fuzz/fuzz_ingest.py -max_total_time=20 [CORPUS_DIR]``. Any exception is a finding
(rasd must turn every input into an Article or a Rejection). The first byte picks the input kind.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["rasd"]):
    from rasd.dates.extract import extract
    from rasd.model import Article, Rejection
    from rasd.settings import load_settings
    from rasd.sources.parse import parse
    from rasd.sources.readers import RawInput, read_file
    from rasd.text import normalise, sentences

SETTINGS = load_settings({"workers": 1}, config_file=Path("/nonexistent/rasd.toml"), environ={})
KINDS = ("text", "html", "jsonline")
FILES = (".txt", ".html", ".jsonl", ".json", ".rss", ".warc", ".jsonl.gz", ".txt.gz")
TMP = Path(tempfile.mkdtemp(prefix="rasd-fuzz-"))


def check_text(text: str) -> None:
    norm = normalise(text)
    assert normalise(norm) == norm
    for start, end in sentences(text):
        assert 0 <= start < end <= len(text)
    for mention in extract(text[:5000]):
        assert text[mention.start : mention.end] == mention.text


def check_parse(raw: RawInput) -> None:
    result = parse(raw, SETTINGS)
    assert isinstance(result, Article | Rejection)
    if isinstance(result, Article):
        check_text(result.text)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    selector, payload = data[0], data[1:]
    if selector < 128:
        check_parse(RawInput("fuzz", KINDS[selector % len(KINDS)], payload))
        return
    path = TMP / f"in{FILES[selector % len(FILES)]}"
    path.write_bytes(payload)
    for item in read_file(path, 200_000):
        assert isinstance(item, RawInput | Rejection)
        if isinstance(item, RawInput):
            check_parse(item)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
