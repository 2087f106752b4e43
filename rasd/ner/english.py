"""Light English mention rules: capitalised sequences typed by gazetteer, titles and cue words."""

from __future__ import annotations

import re
from functools import cache

from rasd.data import read_lines
from rasd.ner.gazetteer import lexicon
from rasd.ner.mentions import Mention

_CAP_SEQ = re.compile(r"\b[A-Z][\w'\-]*(?:\s+(?:of|the|de|al|bin|van|von)?\s*[A-Z][\w'\-]*){0,4}")
_ORG_CUES = frozenset([
    "ministry", "agency", "party", "council", "bank", "university", "union", "organization", "organisation",
    "company", "corp", "inc", "committee", "court", "office", "army", "forces", "department", "house",
])


@cache
def _titles() -> frozenset[str]:
    return frozenset(read_lines("ner/titles_en.txt"))


@cache
def _function_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("english_function_words.txt"))


def english_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _CAP_SEQ.finditer(text):
        parts = [(w.start() + m.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        lead: list[str] = []
        while parts and (parts[0][1].lower() in _function_words() or _is_title(parts[0][1])):
            lead += [parts[0][1]] if _is_title(parts[0][1]) else []
            parts = parts[1:]
        if not parts:
            continue
        start, words = parts[0][0], [w for _, w in parts]
        kind, role = _classify(text, start, words)
        if lead and kind in ("PERS", None):
            kind, role = "PERS", " ".join(lead)
        if kind:
            out.append(Mention(start, m.end(), text[start:m.end()], kind, tuple(w.lower() for w in words), role))
    return out


def _is_title(word: str) -> bool:
    w = word.lower()
    return w in _titles() or (w.endswith(("ian", "ese", "ish")) and len(w) > 4)


def _classify(text: str, start: int, words: list[str]) -> tuple[str | None, str | None]:
    gaz = lexicon().gazetteer.get(tuple(w.lower() for w in words))
    before = text[max(0, start - 40):start].lower().split()
    role = None
    if before and before[-1] in _titles():
        role = " ".join(before[-2:]) if len(before) > 1 and _is_title(before[-2]) else before[-1]
    if gaz:
        return gaz, role if gaz == "PERS" else None
    if role or (len(words) >= 2 and words[-1].lower() not in _ORG_CUES and not _sentence_start(text, start)):
        return "PERS", role
    if any(w.lower() in _ORG_CUES for w in words):
        return "ORG", None
    return None, None


def _sentence_start(text: str, start: int) -> bool:
    head = text[:start].rstrip()
    return not head or head[-1] in ".!?\n\"“"
