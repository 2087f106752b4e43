"""The text layer: normalisation, tokens, sentences, stems and language id."""

from rasd.text.arabic import normalise, normalise_digits, strip_diacritics
from rasd.text.langid import detect_language
from rasd.text.tokenize import sentences, tokens, word_spans

__all__ = [
    "detect_language",
    "normalise",
    "normalise_digits",
    "sentences",
    "strip_diacritics",
    "tokens",
    "word_spans",
]
