"""Publication date and main event date of an article.

Publication date, in order (the first candidate not contradicted by the text wins):
1. metadata (``Article.published``), when it parses and the year is plausible;
2. page dates handed over by the extractor (``page_dates``);
3. a date line (a line that is only a full date, often with a time: «السبت 12 فبراير 2022 03:15 م»)
   among the first lines, or a full date in the first sentence («قالت الوكالة، السبت 12 فبراير 2022، …»);
4. inferred: the text names today's weekday («اليوم السبت», «أمس الجمعة») and either an article
   sharing passages with this one (``related_dates``, e.g. from the reuse stage) was published on
   that weekday, or the text carries a full date on that weekday (the latest such date).
A candidate is *contradicted* when the text names today's weekday and the candidate falls on
another one, or when every full date in the text is more than a year older than it (a crawl or
display date on an old report). With no candidate left, the value is None ("unknown").

Event date: every day-level DATE/TIME mention that is not after the publication date votes for
its day; the first one gets a bonus of 2 (leads name the main happening first). The day with the
most votes wins, ties going to the earliest mention.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from rasd.dates.extract import extract
from rasd.dates.lexicon import alternation, fold, lexicon
from rasd.dates.mention import DateMention

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEAD_LINES = 6
_STALE_DAYS = 400
_SENTENCE_END = re.compile(r"[.!?؟](?:\s|$)")
_YEAR_BOUND: list[float] = [0.0, 0.0]  # [recompute after (epoch seconds), latest plausible year]


def latest_plausible_year() -> int:
    """Next year (dates beyond it are not plausible); ``date.today()`` is re-read once a minute."""
    now = time.time()
    if now >= _YEAR_BOUND[0]:
        _YEAR_BOUND[:] = [now + 60.0, float(dt.date.today().year + 1)]
    return int(_YEAR_BOUND[1])


def parse_iso(value: str | None) -> dt.datetime | None:
    """A datetime from an ISO 8601 string (date or date-time, 'Z' allowed); None when it does not parse."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None


def _plausible(when: dt.datetime | None) -> bool:
    return when is not None and 1990 <= when.year <= latest_plausible_year()


@cache
def _today_regex() -> re.Pattern[str]:
    lex = lexicon()
    deic = alternation([w for w, off in lex.deictic.items() if abs(off) <= 2 and w not in {"الليله"}])
    return re.compile(
        f"(?:يوم\\s+)?(?P<d>{deic})\\s*[,،]?\\s*(?:يوم\\s+)?(?P<w>{alternation(lex.weekdays)})(?!\\w)"
    )


def implied_weekdays(mentions: Sequence[DateMention]) -> list[int]:
    """ISO weekday of the publication day implied by «اليوم السبت», «أمس الجمعة», "today, Saturday" …"""
    lex = lexicon()
    out = []
    for mention in mentions:
        m = _today_regex().fullmatch(mention.text.lower())
        if m is None:
            continue
        offset = lex.deictic.get(fold(" ".join(m.group("d").split())), 0)
        weekday = lex.weekdays.get(fold(m.group("w")))
        if weekday:
            out.append((weekday - offset - 1) % 7 + 1)
    return out


def _full_dates(mentions: Sequence[DateMention]) -> list[dt.date]:
    return [
        dt.date.fromisoformat(m.value[:10])
        for m in mentions
        if not m.anchored and m.value and _FULL_DATE.match(m.value)
    ]


def contradiction(candidate: dt.date, weekdays: list[int], full_dates: list[dt.date]) -> str | None:
    """Why the text rules ``candidate`` out as the publication day, or None."""
    if weekdays and candidate.isoweekday() not in weekdays:
        return f"weekday mismatch: the text says today is weekday {weekdays[0]}, not {candidate.isoweekday()}"
    if len(full_dates) >= 2 and all((candidate - d).days > _STALE_DAYS for d in full_dates):
        return "every full date in the text is more than a year older"
    return None


def _head_candidates(text: str, mentions: Sequence[DateMention]) -> list[tuple[str, float, str]]:
    """(value, confidence, how) for date lines and a dated first sentence."""
    out: list[tuple[str, float, str]] = []
    head_end = _head_end(text)
    first_sentence_end = _first_sentence_end(text)
    for m in mentions:
        if m.start > head_end or m.anchored or not m.value or not _FULL_DATE.match(m.value):
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end != -1 else len(text)].strip()
        if len(line) <= len(m.text) + 12:
            out.append((m.value, 0.85, "date line"))
        elif m.start < first_sentence_end:
            out.append((m.value, 0.8, "dated first sentence"))
    return out


def _head_end(text: str) -> int:
    pos = 0
    for _ in range(_HEAD_LINES):
        nxt = text.find("\n", pos)
        if nxt == -1:
            return len(text)
        pos = nxt + 1
        while pos < len(text) and text[pos] == "\n":
            pos += 1
    return min(pos, 600)


def _first_sentence_end(text: str) -> int:
    body = text.lstrip()
    offset = len(text) - len(body)
    m = _SENTENCE_END.search(body)
    return offset + (m.start() if m else min(len(body), 400))


def _related(related: Iterable[str], weekdays: list[int], full_dates: list[dt.date]) -> str | None:
    """A related article's date, when it falls on the weekday the text names and nothing contradicts it."""
    for value in related:
        when = parse_iso(value)
        if (
            weekdays
            and when is not None
            and _plausible(when)
            and not contradiction(when.date(), weekdays, full_dates)
        ):
            return when.date().isoformat()
    return None


def _inferred(weekdays: list[int], full_dates: list[dt.date]) -> str | None:
    if not weekdays:
        return None
    matching = [d for d in full_dates if d.isoweekday() == weekdays[0]]
    return max(matching).isoformat() if matching else None


def resolve_published(
    article_text: str,
    title: str | None,
    metadata_published: str | None,
    page_dates: Iterable[str] = (),
    mentions: Sequence[DateMention] | None = None,
    related_dates: Iterable[str] = (),
) -> dict[str, Any]:
    """The article's publication date: {"value", "provenance", "confidence", "rejected"} (see module doc).

    ``mentions`` may pass the result of ``extract(article_text, …)`` to save a second pass
    (only anchor-free values are used here, so any anchor will do).
    """
    text = article_text or ""
    if mentions is None:
        mentions = extract(text, None)
    weekdays = implied_weekdays(mentions)
    full_dates = _full_dates(mentions)
    rejected: list[dict[str, str]] = []
    candidates: list[tuple[str, float, str]] = []
    if metadata_published:
        candidates.append((metadata_published, 0.95, "metadata"))
    candidates += [(p, 0.7, "page") for p in page_dates if p]
    candidates += _head_candidates(text, mentions)
    for value, confidence, how in candidates:
        when = parse_iso(value)
        if not _plausible(when):
            rejected.append({"value": str(value), "reason": f"{how}: not a plausible date"})
            continue
        assert when is not None
        why = contradiction(when.date(), weekdays, full_dates)
        if why:
            rejected.append({"value": str(value), "reason": f"{how}: {why}"})
            continue
        provenance = "metadata" if how == "metadata" else "text"
        return {"value": value, "provenance": provenance, "confidence": confidence, "rejected": rejected}
    guess = _related(related_dates, weekdays, full_dates) or _inferred(weekdays, full_dates)
    if guess:
        return {"value": guess, "provenance": "inferred", "confidence": 0.5, "rejected": rejected}
    return {"value": None, "provenance": "unknown", "confidence": 0.0, "rejected": rejected}


def _as_pair(m: DateMention | dict[str, Any]) -> tuple[str, str | None, int]:
    if isinstance(m, DateMention):
        return m.type, m.value, m.start
    return str(m.get("type")), m.get("value"), int(m.get("start", 0))


def event_date(mentions: Sequence[DateMention | dict[str, Any]], published: str | None) -> str | None:
    """Day (YYYY-MM-DD) of the article's main happening, by the vote described in the module doc."""
    limit = parse_iso(published)
    votes: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for typ, value, start in sorted((_as_pair(m) for m in mentions), key=lambda p: p[2]):
        if typ not in {"DATE", "TIME"} or not value or not _FULL_DATE.match(value):
            continue
        day = value[:10]
        if limit is not None and day > limit.date().isoformat():
            continue
        votes[day] = votes.get(day, 0.0) + (3.0 if not votes else 1.0)
        first_seen.setdefault(day, start)
    if not votes:
        return None
    return max(votes, key=lambda d: (votes[d], -first_seen[d]))
