"""``candidates``: the word starts of a text where a temporal expression may begin.

A word is a maximal run of letters, digits, ``_`` (as in regexes' ``\\w``: «#ثورة_يناير» is a name)
and Arabic diacritics (harakat); it is looked up without its diacritics. An expression may begin at a word that is a trigger — a lexicon word as
written, with at most one attached clitic (``patterns.surface_triggers``) — or at a number
(after at most one clitic).

Everything runs in C-level string operations, with no Python code per character and almost
none per word: every other character becomes a space (same length, so offsets are kept), the
text is split at spaces and the trigger words present are picked by one set intersection; each
is then located with ``str.find`` of `` word `` (whole words only, so no time is lost on
look-alikes inside longer words). Numbers are found with a regex whose first item is a digit
class, which lets the regex engine skip the other characters in C. Words with diacritics (a few
per article) are handled one by one.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import compress

from rasd.dates.patterns import surface_triggers

#: Word separators replaced by ``str.replace`` (the frequent ones); any other character that is
#: not a letter, digit or diacritic is replaced by one regex pass, run only when the text has one.
_COMMON_SEPARATORS = '،,.()"«»:؛/-؟!\n\t\r\xa0#%*•“”'
_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
#: Stands for a diacritic while splitting: a letter (``isalnum``) that no trigger word contains.
_MARK = "\u01c2"
_OTHER = re.compile(r"[^ \w]")
_DIGITS = re.compile("[0-9٠-٩۰-۹][0-9٠-٩۰-۹]*")
_CLITICS = "وفبل"

Candidate = tuple[int, str]


@cache
def _trigger_words() -> frozenset[str]:
    return frozenset(surface_triggers())


def words_only(low: str) -> str:
    """``low`` with diacritics as ``_MARK`` and every other non-word character as a space (same offsets)."""
    for ch in _DIACRITICS:
        low = low.replace(ch, _MARK)
    for ch in _COMMON_SEPARATORS:
        low = low.replace(ch, " ")
    if not low.replace(" ", "").replace("_", "").isalnum():
        low = _OTHER.sub(" ", low)
    return low


def _number_starts(text: str, out: list[Candidate]) -> None:
    """Append (offset, "#") for every word that starts with a digit, or with a clitic and a digit."""
    for m in _DIGITS.finditer(text):
        i = m.start()
        before = text[i - 1] if i else " "
        if before == " " or (before in _CLITICS and (i == 1 or text[i - 2] == " ")):
            out.append((i, "#"))


def _marked_words(text: str, out: list[Candidate]) -> None:
    """Append the trigger words written with diacritics («اليومُ», «غداً»)."""
    table, done = surface_triggers(), -1
    i = text.find(_MARK)
    while i != -1:
        start = text.rfind(" ", 0, i) + 1
        end = text.find(" ", i)
        end = len(text) if end == -1 else end
        if start > done:
            word = text[start:end]
            hit = table.get(word.replace(_MARK, ""))
            if hit is not None:
                clitic = hit[1]
                while clitic < len(word) and (clitic and word[clitic - 1] == _MARK or _MARK in word[:clitic]):
                    clitic += 1  # a diacritic on the clitic: step over it (never past the word: a word of marks)
                out.append((start + clitic, hit[0]))
            done = start
        i = text.find(_MARK, end)


def candidates(low: str) -> list[Candidate]:
    """(offset, folded first word or "#" for a number) of every word where an expression may start.

    Offsets are those of the word after its clitic; the list is sorted by offset.
    """
    table = surface_triggers()
    text = words_only(low)
    padded = f" {text} "
    parts = text.split(" ")
    out: list[Candidate] = []
    pos = 0
    for token in compress(parts, map(table.__contains__, parts)):
        # the next whole-word occurrence is this one: the words in between are not triggers
        i = padded.find(f" {token} ", pos)
        word, clitic = table[token]
        out.append((i + clitic, word))  # padded offset i + 1 is text offset i
        pos = i + len(token) + 1
    if _MARK in text:
        _marked_words(text, out)
    _number_starts(text, out)
    out.sort()
    return out
