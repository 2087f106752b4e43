"""Arabic normalisation for matching (never for display).

``normalise`` folds alef/hamza variants, alef maqsura, teh marbuta, tatweel,
diacritics, Arabic-Indic/Persian digits and invisible bidi marks, and lowercases
Latin letters. It is one ``str.translate`` call, so it is fast, and it maps
every character to at most one character except those it deletes.
"""

from __future__ import annotations

from functools import cache

from rasd.data import load_json


@cache
def _tables() -> tuple[dict[int, str | None], dict[int, str | None], dict[int, str | None]]:
    data = load_json("arabic_chars.json")
    digits: dict[int, str | None] = {ord(k): v for k, v in data["digits"].items()}
    diacritics: dict[int, str | None] = {ord(c): None for c in data["diacritics"]}
    full: dict[int, str | None] = {ord(k): (v or None) for k, v in data["fold"].items()}
    full.update(diacritics)
    full.update(digits)
    full.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    return full, diacritics, digits


def normalise(text: str) -> str:
    """Matching form of ``text``: folded letters, no diacritics/tatweel, ASCII digits, lowercase Latin."""
    return text.translate(_tables()[0])


def strip_diacritics(text: str) -> str:
    """Remove harakat, shadda, sukun and Quranic marks, keeping every letter as written."""
    return text.translate(_tables()[1])


def normalise_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII; nothing else changes (offsets are kept)."""
    return text.translate(_tables()[2])


def arabic_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script."""
    letters = arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc":
                arabic += 1
    return arabic / letters if letters else 0.0
