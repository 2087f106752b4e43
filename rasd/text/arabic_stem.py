"""A light Arabic stemmer for matching news text: the same word gets the same stem with or without its
clitics ("تثبيت"، "التثبيت"، "بتثبيت"؛ "لجنة"، "اللجنة"، "واللجنة"، "للجنة").

Snowball's Arabic stemmer (PyStemmer) treats a word with the article and the same word without it by
different rules (التثبيت → تثبيت but تثبيت → تثبي; اللجنة → لجنه but لجنة → لجن; واللجنة → واللج) and strips
a leading ب/و/ل that belongs to the word (بيانات → يانا، وضوح → ضوح، بعيد → عيد), so two reports of one
event share fewer stems than they share words. This one follows Light10 (Larkey, Ballesteros & Connell
2007) with one change: a one-letter proclitic (و ف ب ل ك and their pairs) comes off only when what is
left is a more frequent word of news text than the whole form (ranks of the 60,000 commonest word forms
of the ANT corpus, the list the NER clusters ship in ``rasd/data/ner/clusters_ar.tsv``), so وزير، وكالة،
بيانات، لبنان keep their first letter while وبوتين، للحكومة، بالحوار lose theirs. The article and the
prepositions fused with it (ال، وال، بال، كال، فال، لل، وبال، ...) always come off; the Light10 suffixes
(ها ان ات ون ين يه ه ي, with ة already written ه by ``rasd.text.normalise``) come off in that order while
three letters remain. Input words are already normalised.
"""

from __future__ import annotations

from functools import cache

from rasd.data import read_lines

MIN_STEM = 3
#: proclitic sequences that end in the article, longest first (normalised spelling)
ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
#: one-letter proclitics and their pairs, longest first
LETTER_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_UNKNOWN = 1 << 30


@cache
def word_ranks() -> dict[str, int]:
    """Frequency rank (0 = commonest) of the word forms of news text the package ships."""
    ranks: dict[str, int] = {}
    for line in read_lines("ner/clusters_ar.tsv"):
        word = line.split("\t", 1)[0]
        if word and not word.startswith("#"):
            ranks.setdefault(word, len(ranks))
    return ranks


def light_stem(word: str, ranks: dict[str, int] | None = None) -> str:
    """The light stem of one normalised Arabic word."""
    known = word_ranks() if ranks is None else ranks
    return _suffixes(_proclitics(word, known))


def light_stems(words: list[str]) -> list[str]:
    known = word_ranks()
    return [light_stem(w, known) for w in words]


def _proclitics(word: str, known: dict[str, int]) -> str:
    for p in ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p):]
            if p.endswith("لل"):  # ل + ال before a word that starts with ل drops one lam: للجنة = ل + اللجنة
                longer = "ل" + rest
                if known.get(longer, _UNKNOWN) < known.get(rest, _UNKNOWN):
                    return longer
            return rest
    best, best_rank = word, known.get(word, _UNKNOWN)
    for p in LETTER_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= MIN_STEM:
            rank = known.get(word[len(p):], _UNKNOWN)
            if rank < best_rank:
                best, best_rank = word[len(p):], rank
    return best


def _suffixes(word: str) -> str:
    for s in SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= MIN_STEM:
            word = word[: -len(s)]
    return word
