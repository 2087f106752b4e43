"""Offline language identification: Arabic, English or other.

Script share decides Arabic; among Latin-script texts, the share of common English
function words decides English. No model download, no network, ~1 µs per 100 chars.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.data import read_lines
from rasd.text.arabic import arabic_ratio

_LATIN_WORD = re.compile(r"[A-Za-z]+")


@cache
def _english_words() -> frozenset[str]:
    return frozenset(read_lines("english_function_words.txt"))


def detect_language(text: str, sample: int = 2000) -> str:
    """'ar', 'en' or 'other' for ``text`` (looks at the first ``sample`` characters)."""
    head = text[:sample]
    if arabic_ratio(head) >= 0.5:
        return "ar"
    words = [w.lower() for w in _LATIN_WORD.findall(head)]
    if len(words) >= 3:
        hits = sum(w in _english_words() for w in words)
        if hits / len(words) >= 0.15:
            return "en"
    return "other"
