"""``extract``: find and normalise every temporal expression of a text in one pass.

``triggers.candidates`` finds the word starts where an expression may begin (numbers
and lexicon words); at each, only the alternatives that can start with that word are
tried (``patterns.kind_regex``), anchored with ``match``. Matches never overlap: the
scan resumes after the end of the last accepted match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rasd.data import load_json
from rasd.dates import clock, relative, resolve
from rasd.dates.lexicon import Lexicon, alternation, fold, lexicon
from rasd.dates.mention import DateMention
from rasd.dates.patterns import kind_regex, starters
from rasd.dates.triggers import candidates

#: Texts are cut here before matching (the text stage already bounds articles).
MAX_CHARS = 1_000_000

_Resolver = Callable[[re.Match[str], resolve.Context, Lexicon], resolve.Resolved | None]
RESOLVERS: dict[str, _Resolver] = {
    "k_num": resolve.resolve_num,
    "k_abs": resolve.resolve_abs,
    "k_mdy": resolve.resolve_mdy,
    "k_quarter": resolve.resolve_quarter,
    "k_my": resolve.resolve_my,
    "k_year": resolve.resolve_year,
    "k_decade": resolve.resolve_decade,
    "k_set": relative.resolve_set,
    "k_wd": relative.resolve_wd,
    "k_thispod": relative.resolve_thispod,
    "k_deic": relative.resolve_deic,
    "k_period": relative.resolve_period,
    "k_ago": relative.resolve_ago,
    "k_dur": relative.resolve_dur,
    "k_vague": relative.resolve_vague,
    "k_time": clock.resolve_time,
}

_SENTENCE_END = re.compile(r"[.!?؟\n]")
_MERGE_GAP = re.compile(r"[\s,،]*(?:(?:في|عند|at|،)\s+)?")
_FUTURE_VERB = re.compile(r"(?<!\w)[وف]?(س[يتنأ]\w{2,})")
_PLACEHOLDER = dt.date(2000, 1, 1)
_LAST_WORD = re.compile(r"(\w+)\W{0,3}$")


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    type: str
    value: str | None
    anchored: bool
    clock: str | None = None  # "Thh:mm±zz" of a time, kept to merge with a preceding date


@cache
def _future_cues() -> tuple[re.Pattern[str], tuple[str, ...], frozenset[str]]:
    rel = load_json("dates/relative.json")
    cues = re.compile(f"(?<!\\w)(?:{alternation(rel['future_cues'])})(?!\\w)")
    stops = tuple(fold(w) for w in rel["future_prefix_stop"])
    preps = frozenset(fold(w) for w in rel["prepositions"])
    return cues, stops, preps


def sentence_tense(low: str, start: int, end: int) -> int:
    """+1 when the sentence around ``low[start:end]`` speaks of the future (سوف، سـ + verb, will …), else -1."""
    left = max(start - 160, 0)
    cut = [m.end() for m in _SENTENCE_END.finditer(low, left, start)]
    left = cut[-1] if cut else left
    nxt = _SENTENCE_END.search(low, end, min(end + 80, len(low)))
    window = low[left : nxt.start() if nxt else min(end + 80, len(low))]
    cues, stops, _ = _future_cues()
    if cues.search(window):
        return 1
    for m in _FUTURE_VERB.finditer(window):
        if not fold(m.group(1)).startswith(stops):
            return 1
    return -1


def previous_word(low: str, start: int) -> str:
    """The folded word just before ``start`` (at most a few characters of punctuation between)."""
    m = _LAST_WORD.search(low[max(start - 14, 0) : start])
    return fold(m.group(1)) if m else ""


def after_preposition(low: str, start: int) -> bool:
    """Whether the word before ``start`` is a preposition (في، منذ، in, since …) or a clitic ب/ل."""
    if start >= 1 and low[start - 1] in "بل" and (start < 2 or not low[start - 2].isalnum()):
        return True
    return previous_word(low, start) in _future_cues()[2]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return text.translate({c: c + 32 for c in range(65, 91)})


def _anchor_date(anchor: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    return anchor


def _resolve(m: re.Match[str], low: str, anchor: dt.date | None) -> _Hit | None:
    kind = m.lastgroup or ""
    start, end = m.span()
    tense_cache: list[int] = []

    def tense() -> int:
        if not tense_cache:
            tense_cache.append(sentence_tense(low, start, end))
        return tense_cache[0]

    is_time = kind == "k_time"
    ctx = resolve.Context(
        anchor or (_PLACEHOLDER if is_time else None),
        tense,
        lambda: after_preposition(low, start),
        lambda: previous_word(low, start),
    )
    res = RESOLVERS[kind](m, ctx, lexicon())
    if res is None:
        return None
    typ, value, anchored = res
    if kind == "k_my" and m.group("c_shahr"):
        start = m.start("c_mon")  # «شهر رمضان»: the month name only
    if is_time and value:  # keep the clock part to merge it with a date just before
        return _Hit(start, end, typ, value if anchor else None, anchored, value[10:])
    return _Hit(start, end, typ, value, anchored)


_Matcher = Callable[[str, int], "re.Match[str] | None"]
_MATCHERS: dict[str, _Matcher] = {}


def _matcher(word: str) -> _Matcher:
    """The bound ``match`` of the regex for the kinds ``word`` may start (built on first use)."""
    found = _MATCHERS.get(word)
    if found is None:
        found = _MATCHERS[word] = kind_regex(starters()[word]).match
    return found


def _scan(low: str, anchor: dt.date | None) -> list[_Hit]:
    hits: list[_Hit] = []
    matchers, last = _MATCHERS, 0
    for start, word in candidates(low):
        if start < last or (word == "#" and start > 0 and low[start - 1].isdigit()):
            continue
        match = matchers.get(word) or _matcher(word)
        m = match(low, start)
        hit = _resolve(m, low, anchor) if m else None
        if hit is not None:
            hits.append(hit)
            last = hit.end
    return hits


def _merge_times(hits: list[_Hit], low: str) -> list[_Hit]:
    """«السبت 12 فبراير 2022 03:15 م»: a day followed by a clock time becomes one TIME."""
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and hit.clock
            and prev.type == "DATE"
            and prev.clock is None
            and (prev.value is None or len(prev.value) == 10)
            and _MERGE_GAP.fullmatch(low, prev.end, hit.start)
        ):
            value = prev.value + hit.clock if prev.value else None
            out[-1] = _Hit(prev.start, hit.end, "TIME", value, prev.anchored, hit.clock)
            continue
        out.append(hit)
    return out


def extract(text: str, anchor: dt.date | dt.datetime | None = None, lang: str = "ar") -> list[DateMention]:
    """Every temporal expression in ``text`` with its TIMEX3 value, relative ones anchored on ``anchor``.

    ``lang`` is accepted for symmetry with other stages: the patterns of both languages always run.
    """
    if not text:
        return []
    text = text[:MAX_CHARS]
    low = _lower(text)
    hits = _merge_times(_scan(low, _anchor_date(anchor)), low)
    return [DateMention(h.start, h.end, text[h.start : h.end], h.type, h.value, h.anchored) for h in hits]
