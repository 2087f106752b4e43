"""Gold data for ``rasd eval dates``: the team's JSONL set or a folder of TimeML files.

JSONL: one {"text", "published" (YYYY-MM-DD or ISO date-time, may be null), "lang" (optional),
"timexes": [{"start", "end", "value"}]} per line. TimeML: every ``*.tml`` file of a folder;
TIMEX3 elements inside TEXT give the spans and values, the TIMEX3 with
functionInDocument="CREATION_TIME" the publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from rasd.errors import DataMissing, EvalError
from rasd.text import detect_language

Timex = tuple[int, int, str]  # start, end, value


@dataclass(slots=True)
class GoldDoc:
    text: str
    published: dt.date | None
    lang: str
    timexes: list[Timex] = field(default_factory=list)


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _lang(text: str, given: object) -> str:
    if given in {"ar", "en"}:
        return str(given)
    return "en" if detect_language(text) == "en" else "ar"


def read_jsonl(text: str) -> list[GoldDoc]:
    docs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            timexes = [(int(t["start"]), int(t["end"]), str(t["value"])) for t in row.get("timexes", [])]
            docs.append(
                GoldDoc(
                    row["text"], _date(row.get("published")), _lang(row["text"], row.get("lang")), timexes
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"Bad gold line {n}: {exc}") from None
    return docs


def _walk(el: ET.Element, parts: list[str], out: list[Timex]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        start = sum(map(len, parts))
        _walk(child, parts, out)
        if child.tag == "TIMEX3" and child.get("value"):
            out.append((start, sum(map(len, parts)), str(child.get("value"))))
        if child.tail:
            parts.append(child.tail)


def read_timeml(path: Path) -> GoldDoc | None:
    """One TimeML document, or None when it has no TEXT element."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EvalError(f"Bad TimeML file {path}: {exc}") from None
    body = root.find(".//TEXT")
    if body is None:
        return None
    dct = next(
        (t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None
    )
    parts: list[str] = []
    timexes: list[Timex] = []
    _walk(body, parts, timexes)
    text = "".join(parts)
    return GoldDoc(text, _date(dct), _lang(text, None), timexes)


def load_gold(data: Path | None) -> list[GoldDoc]:
    """The docs to score: the team set by default, else a JSONL file or a TimeML folder."""
    if data is None:
        return read_jsonl(files("rasd.eval").joinpath("gold/dates.jsonl").read_text("utf-8"))
    if not data.exists():
        raise DataMissing(f"Dates gold data not found at {data}")
    if data.is_dir():
        docs = [read_timeml(p) for p in sorted(data.glob("*.tml"))]
        return [d for d in docs if d is not None]
    return read_jsonl(data.read_text("utf-8"))
