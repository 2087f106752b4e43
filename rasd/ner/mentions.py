"""Mention detection: CRF spans plus gazetteer spans, clitics stripped, roles from titles.

Works on one text at a time and returns ``Mention`` records with character offsets
in the original text. Arabic goes through the CRF; English through light rules
(capitalised sequences, the English gazetteer and title words).

Only one step depends on what the entity index knows (a proclitic is stripped when the
rest is a known name), so Arabic mention building is split: ``candidates`` does all the
per-text work (spans, normal forms, trimming, roles, gazetteer clitics) and can run in
a worker process; ``finish`` applies the known names and must run in input order.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from rasd.data import load_json, read_lines
from rasd.ner.features import stopwords
from rasd.ner.gazetteer import lexicon, strip_clitic, strip_conjunction
from rasd.ner.tagging import Tagged, Tokens, tag_batch, tokenise
from rasd.text import normalise

TITLE_WINDOW = 7
_FUNCTION_WORDS = frozenset({"على", "إلى", "الى", "عن", "في", "من", "مع", "حتى", "لدى", "متى"})  # raw spelling
_STOP_ROLE = frozenset(["،", ",", ".", ":", "؛", ";", "(", ")", "«", "»", '"', "“", "”", "-"])


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: str
    tokens: tuple[str, ...]  # normalised, clitics stripped
    role: str | None = None


class Candidate(NamedTuple):
    """A mention before its first word's proclitic is checked against the known names."""

    word_start: int  # character span of the first word
    word_end: int
    end: int  # end of the mention
    kind: str
    first: str  # normal form of the first word
    gazetteer: str  # ``first`` stripped against the gazetteer (== first when it was not)
    conjunction: str  # ``first`` without a leading و/ف for persons (== first otherwise)
    rest: tuple[str, ...]  # normal forms of the other words
    role: str | None
    #: the whole name is a gazetteer entry as written ("فرانس برس"): its first letter is no proclitic, even when
    #: the rest of the word is a name too (رانس, Reims)
    whole: bool = False


def arabic_mentions(text: str, sents: list[tuple[int, int]], known: AbstractSet[str]) -> list[Mention]:
    doc = tokenise(text, sents)
    return build_mentions(doc, tag_batch([doc])[0], known)


def build_mentions(doc: Tokens, tagged: Tagged, known: AbstractSet[str]) -> list[Mention]:
    """Mentions (clitics stripped, roles attached) from the spans ``tag_batch`` found in ``doc``."""
    return finish(doc.text, candidates(doc, tagged), known)


def candidates(doc: Tokens, tagged: Tagged) -> list[Candidate]:
    """Everything about the mentions of ``doc`` that does not depend on the known names."""
    text = doc.text
    out: list[Candidate] = []
    for chunk, ranges, norm in tagged:
        lo = max(0, ranges[0][0] - TITLE_WINDOW)  # words a title or a mention can reach
        spans = chunk.spans(text, lo, max(e for _, e, _ in ranges))
        for s, e, kind in ranges:
            while s < e and chunk.words[s] in _FUNCTION_WORDS:  # "على بوتين": على is not علي
                s += 1
            c = _candidate(text, spans, norm, s, e, kind)
            if c is not None:
                out.append(_quoted_name(text, c) or c)
    return out


#: Head nouns written before a name in quotation marks (صحيفة "نيويورك تايمز", وكالة "سبوتنيك"): alone, the
#: head would make one entity of every newspaper or agency
_QUOTED_HEADS = frozenset(normalise(w) for w in (
    "وكالة", "صحيفة", "جريدة", "مجلة", "قناة", "شبكة", "موقع", "إذاعة", "تلفزيون", "شركة", "مجموعة", "مؤسسة",
    "منظمة", "تنظيم", "حزب", "حركة", "جماعة", "بنك", "مصرف", "نادي", "فريق", "صندوق", "مركز", "معهد"))
_QUOTED = re.compile(r"[ \t]*[\"«“]([^\"«»“”\n]{2,60}?)[\"»”]")
_NOT_IN_NAME = re.compile(r"[.،,؛;:!?؟()]")


def _quoted_name(text: str, c: Candidate) -> Candidate | None:
    """The quoted name after a bare head noun ("وكالة" + "سبوتنيك"), as the mention, or None."""
    if c.rest or strip_clitic(c.first, _QUOTED_HEADS, article=True) not in _QUOTED_HEADS:
        return None
    m = _QUOTED.match(text, c.end)
    if m is None or not 1 <= len(m.group(1).split()) <= 5 or not m.group(1)[:1].isalnum() \
            or _NOT_IN_NAME.search(m.group(1)):
        return None  # a closing quotation mark, then the next sentence: no name
    words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.group(1))]
    base = m.start(1)
    norms = tuple(normalise(m.group(1)[a:b]) for a, b in words)
    if not all(norms):
        return None
    return Candidate(base + words[0][0], base + words[0][1], base + words[-1][1], c.kind, norms[0], norms[0],
                     norms[0], norms[1:], None, True)


def finish(text: str, found: list[Candidate], known: AbstractSet[str]) -> list[Mention]:
    """Mentions from candidates: a proclitic not stripped by the gazetteer is stripped when the
    rest is a known name (``known``), else a person's و/ف is dropped."""
    out: list[Mention] = []
    for c in found:
        first, stripped = c.first, c.gazetteer
        if stripped == first and not c.whole:
            stripped = strip_clitic(first, known)
            if stripped == first:
                stripped = c.conjunction
        if not stripped or stripped.isdigit():
            continue
        start = _skip_letters(text, c.word_start, c.word_end, len(first) - len(stripped))
        tokens = (stripped, *c.rest)
        if any("_" in t for t in tokens):  # a hashtag's words: "#محمد_بن_سلمان"
            tokens = tuple(part for t in tokens for part in t.split("_") if part) or tokens
        out.append(Mention(start, c.end, text[start:c.end], c.kind, tokens, c.role))
    return out


@cache
def _not_names() -> frozenset[str]:
    return frozenset(normalise(w) for w in read_lines("ner/not_names_ar.txt"))


def _trim(text: str, spans: list[tuple[int, int]], norm: list[str], i: int, j: int, kind: str = "") -> int:
    """End token of the mention: cut at punctuation between words and drop trailing non-names, and trailing
    demonyms except from an organisation ("وزارة الخارجية الروسية", "البنك المركزي المصري" are other bodies than
    the Egyptian or the Russian one) or a gazetteer entry ("المملكة العربية السعودية")."""
    for k in range(i + 1, j):
        if text[spans[k - 1][1]:spans[k][0]].strip().lstrip("#"):  # a hashtag mark is no break: "دونالد #ترمب"
            j = k
            break
    if kind == "PERS":
        j = next((k for k in range(i + 1, j) if _audience(norm, k, j)), j)
    bad, demonyms, given = _not_names(), lexicon().demonyms, lexicon().given_names
    while j > i and not (j - i > 1 and _entry_first(norm, i, j)) \
            and (norm[j - 1] in bad or (norm[j - 1] in demonyms and kind != "ORG"
                                         and not (kind == "PERS" and j - i > 1 and norm[j - 2] in given))):
        j -= 1  # after a given name a nisba is a family name: "هدى المصري", "أحمد علي التونسي"
    return j


#: currency names (normalised), singular, dual/accusative and plural forms, with and without the article
_CURRENCIES = frozenset(normalise(w) for base in (
    "دولار", "دولارا", "دولارات", "ريال", "ريالا", "ريالات", "جنيه", "جنيها", "جنيهات", "يورو", "درهم", "دراهم",
    "دينار", "دينارا", "دنانير", "فرنك", "فرنكات", "ليرة", "ليرات", "روبل", "روبية", "يوان", "الين", "شيكل", "شيكلا")
    for w in (base, base if base.startswith("ال") else "ال" + base))

#: "المتحدث باسم": "باسم" (on behalf of) before a name is no given name (Basem)
_SPOKESPERSON = frozenset(normalise(w) for w in (
    "المتحدث", "الناطق", "متحدث", "ناطق", "المتحدثة", "الناطقة", "متحدثة", "ناطقة", "متحدثا", "ناطقا"))
_ON_BEHALF = frozenset(normalise(w) for w in ("باسم", "وباسم"))


def _audience(norm: list[str], k: int, j: int) -> bool:
    """Token ``k`` opens an organisation joined to لـ ("إدوارد زابونا لبي بي سي": the person spoke to the BBC, whose
    name is no part of his): ل, then a gazetteer organisation of one or more of the tokens up to ``j``."""
    word = norm[k]
    if not word.startswith("ل") or len(word) < 3:
        return False
    gaz = lexicon().gazetteer
    forms = [f for f in _first_forms(word) if f != word]
    return any(gaz.get((form, *norm[k + 1:end])) == "ORG" for form in forms for end in range(k + 1, j + 1))


def _trim_start(norm: list[str], i: int, j: int) -> int:
    """First token of the mention: leading non-names ("ميليشيات الحوثي") are dropped unless the words are a
    gazetteer entry ("تنظيم داعش"), and "باسم" right after a spokesperson's title."""
    if i < j and norm[i] in _ON_BEHALF and i > 0 and norm[i - 1] in _SPOKESPERSON:
        i += 1
    bad = _not_names()
    while i < j - 1 and norm[i] in bad and not _entry_first(norm, i, j):
        i += 1
    return i


def _entry_first(norm: list[str], i: int, j: int) -> str:
    """The form of token ``i`` (itself, or without its proclitics: "بالمملكة", "للأمم", "وجامعة") under which
    tokens ``i``..``j`` are a multi-word gazetteer entry, or ''."""
    gaz = lexicon().gazetteer
    rest = tuple(norm[i + 1:j])
    return next((form for form in _first_forms(norm[i]) if (form, *rest) in gaz), "")


@lru_cache(maxsize=8192)
def _first_forms(word: str) -> tuple[str, ...]:
    """``word`` and the forms it takes without its proclitics (و، ف، ب، ل، ك and their combinations, the article
    kept; لل read as ل + the article), longest first."""
    prefixes = lexicon().prefixes
    forms = [word]
    forms += [word[k:] for k in range(min(4, len(word) - 2), 0, -1)
              if word[:k] in prefixes and not word[:k].endswith(("ال", "لل"))]
    at = word.find("لل", 0, 3)
    if at in (0, 1) and (at == 0 or word[0] in "وف"):
        forms.append("ال" + word[at + 2:])
    return tuple(dict.fromkeys(forms))


def _candidate(text: str, spans: list[tuple[int, int]], norm: list[str], i: int, j: int,
               kind: str) -> Candidate | None:
    j = _trim(text, spans, norm, i, j, kind)
    i = _trim_start(norm, i, j)
    if i < j and any(form in _CURRENCIES for form in _first_forms(norm[i])) and not _entry_first(norm, i, j):
        return None  # "دولار", "بالدولار", "جنيه استرليني": a currency ("ريال مدريد" is an entry: a club)
    if j <= i or (j - i == 1 and (names_nothing(norm[i]) or _month_in_date(norm, i))):
        return None
    first = norm[i]
    person = kind == "PERS"
    entry = _entry_first(norm, i, j) if j - i > 1 else ""
    whole = entry == first != ""  # "فرانس برس" is an entry: not ف + رانس
    # an entry after proclitics ("وجامعة الدول العربية", "بالمملكة العربية السعودية", "للأمم المتحدة") is named by it
    stripped = entry or strip_clitic(first, lexicon().gazetteer)
    return Candidate(spans[i][0], spans[i][1], spans[j - 1][1], kind, first,
                     stripped, strip_conjunction(first) if person else first,
                     tuple(norm[i + 1:j]), _role(text, spans, norm, 0, i) if person else None, whole)


@cache
def _month_names() -> frozenset[str]:
    """Normalised Arabic month names (Gregorian, Levantine and Maghreb; one word each)."""
    months = load_json("dates/months.json")
    return frozenset(normalise(m) for table in ("gregorian_ar", "levantine", "maghreb") for m in months[table]
                     if " " not in m)


def _month_in_date(norm: list[str], i: int) -> bool:
    """Token ``i`` is a month name written as part of a date, not a name: next to another month name
    ("أغسطس/آب", "أبريل (نيسان)", "مايو أيار"), after a day number ("18 آب") or before a year ("آب 2017"). The
    Levantine آب (August) normalises like the Yemeni city إب, and نيسان (April) is also a car maker."""
    months = _month_names()
    if norm[i] not in months:
        return False
    before, after = _word_near(norm, i, -1), _word_near(norm, i, 1)
    if before in months or after in months:
        return True
    return (before.isdigit() and len(before) <= 2) or (after.isdigit() and len(after) == 4)


def _word_near(norm: list[str], i: int, step: int) -> str:
    """The nearest token before (``step`` -1) or after token ``i`` that is not punctuation alone ("/", "(")."""
    k = i + step
    while 0 <= k < len(norm) and not any(ch.isalnum() for ch in norm[k]):
        k += step
    return norm[k] if 0 <= k < len(norm) and abs(k - i) <= 2 else ""


def names_nothing(word: str) -> bool:
    """A function word alone names nothing ("إن" cut out of "سي إن إن", أم "or"); علي is a given name although
    its normal form is على's."""
    return word in stopwords() and word not in lexicon().given_names


def _skip_letters(text: str, start: int, end: int, letters: int) -> int:
    """Offset after ``letters`` letters of the word at ``start`` (diacritics/tatweel skipped)."""
    pos = start
    while letters > 0 and pos < end:
        if not _ignored(text[pos]):
            letters -= 1
        pos += 1
    while pos < end and _ignored(text[pos]):
        pos += 1
    return pos


@lru_cache(maxsize=4096)
def _ignored(ch: str) -> bool:
    """Characters normalisation deletes (diacritics, tatweel)."""
    return not normalise(ch)


def _role(text: str, spans: list[tuple[int, int]], norm: list[str], sent_start: int, i: int) -> str | None:
    """The title phrase right before token ``i`` ("وزير الدفاع الروسي"), or None."""
    lex = lexicon()
    for k in range(i - 1, max(sent_start, i - TITLE_WINDOW) - 1, -1):
        gap = text[spans[k][1]:spans[k + 1][0]] if k + 1 < len(spans) else ""
        stops = ".؟?!:\n" if k == i - 1 else ".؟?!:\n«»\"“”،,"
        if any(ch in stops for ch in gap):
            return None
        word = norm[k]
        head = word if word in lex.title_heads else strip_clitic(word, lex.title_heads, article=True)
        if head in lex.title_heads:
            start = _skip_letters(text, spans[k][0], spans[k][1], len(word) - len(head))
            role = text[start:spans[i - 1][1]].strip(" ،,\"“”«»")
            return role or None
        if not _role_word(word, k == i - 1):
            return None
    return None


def _role_word(word: str, last: bool) -> bool:
    """Can ``word`` sit inside a title phrase (between the title head and the name)?"""
    if word in lexicon().demonyms or word in _CONNECTORS:
        return True
    return word.startswith(("ال", "لل", "لش", "با")) and word not in _not_names()


_CONNECTORS = frozenset({"باسم", "لشوون", "في", "دفاع", "خارجيه", "الامن", "العام", "شوون"})
