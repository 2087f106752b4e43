"""Is a line only a date stamp ("Tuesday, May 24, 2005", "Posted 11 / 27 / 2005 7: 21 AM",
"السبت 12 فبراير 2022 - 10:30 بتوقيت غرينتش")? Pages put such stamps above the headline; a title taken
from the first line of a page without one must skip them, or every stamped article shares "title"
words with every other one of the same month.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.dates.lexicon import fold, lexicon

#: Words a date stamp holds besides month, weekday, am/pm and zone names (folded forms).
_FILLER = frozenset((
    "posted", "published", "updated", "last", "modified", "date", "on", "at", "by", "th", "st", "nd", "rd", "of",
    "a", "m", "p", "et", "ist", "cst", "cdt", "mst", "mdt", "hkt", "jst",
    "نشر", "تم", "النشر", "اخر", "تحديث", "في", "بتاريخ", "تاريخ", "الساعه", "بتوقيت", "الموافق", "ه", "هـ",
))
_WORD = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}|\d{1,2}\s*:\s*\d{2}")
MAX_DATELINE_CHARS = 120


@cache
def _stamp_words() -> tuple[frozenset[str], frozenset[str]]:
    """(date words: months of both calendars and weekdays; every word a stamp may hold)."""
    lex = lexicon()
    dates = frozenset(w for table in (lex.months, lex.hijri_months, lex.weekdays) for key in table for w in key.split())
    other = frozenset(w for table in (lex.ampm, lex.zones) for key in table for w in _WORD.findall(key))
    return dates, dates | other | _FILLER


def is_dateline(line: str) -> bool:
    """True when ``line`` holds a date or a clock time and nothing but date words, numbers and punctuation."""
    text = line.strip()
    if not text or len(text) > MAX_DATELINE_CHARS or not any(ch.isdigit() for ch in text):
        return False
    low = fold(text)
    words = _WORD.findall(low)
    dates, allowed = _stamp_words()
    if not all(w in allowed or w.removeprefix("ال") in allowed for w in words):
        return False
    return any(w in dates or w.removeprefix("ال") in dates for w in words) or bool(_NUMERIC_DATE.search(low))
