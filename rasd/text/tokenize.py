"""Tokens, word spans, sentence splitting and light stemming.

Word spans are taken on the *original* text so that stages can report character
offsets; the token strings are normalised for matching. Sentence splitting treats
«،» and «؛» as clause marks, not sentence ends (pysbd splits at every «،»), and keeps
closing quotes and brackets with the sentence they close.
"""

from __future__ import annotations

import re
from functools import cache

import Stemmer

from rasd.text.arabic import normalise
from rasd.text.arabic_stem import light_stems

# Letters, digits and the combining marks/tatweel that sit inside Arabic words.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
# A sentence ends at . ! ? ؟ … (one or more) plus any closing quotes/brackets, before white space
# (so "2.5" never splits), or at a line break. Equivalent to ``[.!?؟…]+[…]*(?=\s)|\n``, but written
# (1) to start with one character class (the line break is told apart by the look-behind), so that the
# regex engine skips ahead to candidates: ~4x faster; (2) to try a run of marks only from its first mark
# and without backtracking, which keeps a long run of dots linear (20,000 dots took 15 s; now 1 ms).
_BOUNDARY = re.compile(r"[.!?؟…\n](?:(?<=\n)|(?<![.!?؟…].)[.!?؟…]*+[\"'»”’)\]]*+(?=\s))")


# A full stop before a lower-case Latin word ends no sentence; nor "د." (doctor) before an Arabic word, nor English
# abbreviations after which a full stop ends no sentence when a capital or a digit follows ("Dr. Benjamin",
# "Gen. Smith", "Jan. 6"); single capital initials are handled alike ("A. J. Smith", "Regina M. Benjamin"). Words
# that often end a sentence too ("Inc.", "Co.", "etc.") are left out.
_ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Ft", "Gen", "Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj",
    "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Jr", "Sr", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "No", "Nos", "vs", "Vol", "Fig", "Ave", "Blvd", "Rd", "Dept", "Univ", "approx",
    "Const", "Det", "Insp", "Supt", "Cpl", "Pvt", "Atty", "Dist"})


def _abbreviation(text: str, mark: re.Match[str]) -> bool:
    """Whether the boundary ``mark`` is the full stop of an English abbreviation or initial, before a capital or
    a digit: no sentence ends there."""
    if mark.group()[:1] != ".":
        return False
    after = mark.end()
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and "a" <= text[after] <= "z" and mark.start() > 0 and text[mark.start() - 1].isalpha():
        return True  # "Sen. Barbara Boxer (D-Calif.) said": no English sentence opens in lower case
    if mark.group() != ".":
        return False
    end = start = mark.start()
    if text[end - 1:end] == "د" and (end < 2 or text[end - 2].isspace()) and after < len(text) \
            and "\u0621" <= text[after] <= "\u064a":
        return True  # "قال د. أحمد": the doctor's title
    if end >= 4 and text[end - 3:end - 1] == ". " and "A" <= text[end - 1] <= "Z" and "A" <= text[end - 4] <= "Z" \
            and (end < 5 or not text[end - 5].isalpha()) and after < len(text) and text[after].isalpha():
        return True  # "the U. S. health system" (initials spaced out by a tokeniser), before any word
    if after >= len(text) or not (text[after].isdigit() or "A" <= text[after] <= "Z"):
        return False
    while start > 0 and end - start < 6 and ("a" <= text[start - 1] <= "z" or "A" <= text[start - 1] <= "Z"):
        start -= 1
    if start > 0 and not (text[start - 1].isspace() or text[start - 1] in "(\"'“‘-"):
        return False
    word = text[start:end]
    return len(word) == 1 and "A" <= word <= "Z" or word in _ABBREVIATIONS


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text``."""
    return [m.span() for m in _WORD.finditer(text)]


def tokens(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (for matching and indexing)."""
    return _WORD.findall(normalise(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (white space trimmed, never empty)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if _abbreviation(text, m):
            continue
        end = m.end()
        _append_trimmed(text, pos, end, spans)
        pos = end
    _append_trimmed(text, pos, len(text), spans)
    return spans


def _append_trimmed(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer({"ar": "arabic", "en": "english"}.get(lang, "arabic"))


def stems(words: list[str], lang: str = "ar") -> list[str]:
    """Stems of already-normalised words: Arabic by ``rasd.text.arabic_stem`` (clitic-consistent light stems; see
    there why not Snowball's Arabic), other languages by Snowball (PyStemmer's C core)."""
    if lang == "en":
        return list(_stemmer(lang).stemWords(words))
    return light_stems(words)


def count_words(text: str) -> int:
    """Number of white-space separated tokens (a fast approximation of the word count)."""
    return len(text.split())
