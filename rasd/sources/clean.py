"""Plain-text cleaning: boilerplate lines, tail blocks, captions, credit lines, headline.

trafilatura handles HTML, but keeps boilerplate lines that are already inside the
text (share buttons, "تابع القراءة", keyword lists), and plain-text inputs have no
markup at all; this line-level filter, driven by rasd/data/boilerplate.json,
handles both. Credit lines ("المصدر | …") are removed and returned as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rasd.data import load_json
from rasd.dates.dateline import is_dateline
from rasd.text.arabic import normalise

_LONG_LINE = 200
_TRIM = " \t\u00a0.:،|-–—•·*>«»\"'()[]"
@dataclass(slots=True)
class Cleaned:
    text: str
    title: str | None = None
    credit: str | None = None
    removed: list[str] = field(default_factory=list)


@cache
def _rules() -> dict[str, Any]:
    data = dict(load_json("boilerplate.json"))
    data["lines_n"] = frozenset(_key(x) for x in data["lines"])
    data["prefixes_n"] = tuple(_key(x) for x in data["prefixes"])
    data["tail_n"] = frozenset(_key(x) for x in data["tail_markers"])
    data["headers_n"] = frozenset(_key(x) for x in data["credit_headers"])
    data["captions_re"] = [re.compile(p, re.IGNORECASE) for p in data["caption_patterns"]]
    data["credits_re"] = [re.compile(p, re.IGNORECASE) for p in data["credit_patterns"]]
    return data


def _key(line: str) -> str:
    return normalise(line).strip(_TRIM)


def clean_text(raw: str, find_title: bool = True) -> Cleaned:
    """Drop boilerplate lines and tail blocks; pick a headline; extract the credit line."""
    rules = _rules()
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines, tail = _cut_tail(lines, rules)
    out = Cleaned(text="", removed=[ln for ln in tail if ln])
    kept: list[str] = []
    pending_header = False
    for line in lines:
        if not line:
            continue
        if len(line) > _LONG_LINE:  # content: boilerplate, credits and captions are short
            pending_header = False
            if not kept or kept[-1] != line:
                kept.append(line)
            continue
        key = _key(line)
        if pending_header and len(line) <= 60:
            out.credit = _credit_name(line)
            out.removed.append(line)
            pending_header = False
            continue
        pending_header = False
        if _is_boilerplate(line, key, rules):
            out.removed.append(line)
            continue
        if key in rules["headers_n"]:
            pending_header = True
            out.removed.append(line)
            continue
        credit = _match_credit(line, rules)
        if credit:
            out.credit = credit
            out.removed.append(line)
            continue
        if kept and kept[-1] == line:  # repeated headline/paragraph
            continue
        kept.append(line)
    if find_title:
        out.title, kept = _take_headline(kept)
    out.text = "\n".join(kept)
    return out


def _is_boilerplate(line: str, key: str, rules: dict[str, Any]) -> bool:
    if key in rules["lines_n"] or not key:
        return True
    if len(line) <= rules["max_prefix_line_chars"] and key.startswith(rules["prefixes_n"]):
        return True
    return any(p.search(line) for p in rules["captions_re"])


def _match_credit(line: str, rules: dict[str, Any]) -> str | None:
    if len(line) > 80:
        return None
    for pattern in rules["credits_re"]:
        m = pattern.match(line)
        if m:
            return m.group("name").strip(_TRIM) or None
    return None


def _credit_name(line: str) -> str:
    name = re.split(r"\s+[-–]\s+", line)[0]
    return name.strip(_TRIM)


def _cut_tail(lines: list[str], rules: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Split off everything from a tail marker (keywords, related, comments) in the later part."""
    nonblank = [i for i, ln in enumerate(lines) if ln]
    if not nonblank:
        return lines, []
    start_at = nonblank[int(len(nonblank) * rules["tail_min_position"])] if len(nonblank) > 3 else 0
    for i in range(start_at, len(lines)):
        if lines[i] and len(lines[i]) <= 60 and _key(lines[i]) in rules["tail_n"]:
            return lines[:i], lines[i:]
    return lines, []


def _take_headline(kept: list[str]) -> tuple[str | None, list[str]]:
    """First short non-date line among the first three, when more text follows it."""
    for i, line in enumerate(kept[:3]):
        if is_dateline(line):
            continue
        looks_like_title = len(line) <= 150 and not line.endswith((".", "؟", "!", ":", "،"))
        if looks_like_title and sum(map(len, kept[i + 1 :])) > 2 * len(line):
            rest = kept[:i] + [ln for ln in kept[i + 1 :] if ln != line]
            return line, rest
        return None, kept
    return None, kept
