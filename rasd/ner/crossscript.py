"""One name in two scripts: keys that an Arabic and a Latin spelling of a name share.

An English report writes "Jake Sullivan", an Arabic one "جيك سوليفان"; "Kamel Feki" is "كمال الفقي".
Both spellings reduce to one string of consonant classes, in an alphabet that belongs to
neither script (``token_key``): vowels and the letters Arabic writes as vowels (ا و ي ى ء ع ه ح ة)
drop out; letters that transliterate one sound share a class (b/p ب پ, t/th ت ط ث, g/j/k/q/c ج غ ق ك,
s/z س ص ز, sh/ch ش and تش, ts/tz and تس/تز as s, kh خ, d/dh د ض ذ ظ, f/v/ph ف ڤ, and l, r, m, n); repeats collapse; a
word-final ش counts as s (Guterres/غوتيريش). The Arabic article and a Latin "al-"/"el-" are
optional: a token that may carry one gets a key with and a key without it.

Names that are translated rather than transliterated (Egypt/مصر, the United Nations/الأمم المتحدة)
come from the team's bilingual list (``rasd/data/ner/bilingual.tsv``): every spelling of one line
gets that line's key.

These keys only find candidates across scripts; ``rasd.ner.index.EntityIndex`` links a mention
to an entity of the other script through them only when nothing of its own script matched, the
types agree and the key is long enough (``MIN_KEY`` classes). The precision of a bare key over
ANETAC's 69,378 English–Arabic pairs is low (many different names share a short key), which is
why a surname key alone is used only for persons and only once an entity has been seen in the
other script.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import product

from rasd.data import read_lines
from rasd.ner.translit import is_arabic, latin_ascii
from rasd.text import normalise

MIN_KEY = 3  # consonant classes a transliteration key needs before it may link (shorter keys collide)
MAX_KEYS = 4  # transliteration keys per name (the article options multiply)

_AR_CLASS = str.maketrans({
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "G", "غ": "G", "ق": "G", "ك": "G", "گ": "G",
    "خ": "X", "د": "D", "ض": "D", "ذ": "D", "ظ": "D", "ز": "S", "س": "S", "ص": "S", "ش": "C", "ف": "F",
    "ڤ": "F", "ل": "L", "ر": "R", "م": "M", "ن": "N",
})
_NOT_CLASS = re.compile(r"[^BTGXDSCFLRMN]")  # what is left of a letter after its class map: drop it
_LATIN_RULES = [(re.compile(p), r) for p, r in (
    (r"[^a-z]", ""), ("ph", "f"), ("sch", "C"), ("tch", "C"), ("ch", "C"), ("sh", "C"), ("ck", "k"), ("kh", "X"),
    ("gh", "g"), ("th", "t"), ("dh", "d"), ("t(?=[sz])", ""), ("x", "ks"), ("c(?=[eiy])", "s"),
)]
_LATIN_CLASS = str.maketrans({
    "b": "B", "p": "B", "t": "T", "d": "D", "g": "G", "j": "G", "k": "G", "q": "G", "c": "G", "z": "S", "s": "S",
    "f": "F", "v": "F", "l": "L", "r": "R", "m": "M", "n": "N",
})
_REPEAT = re.compile(r"(.)\1+")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|at|az|an)-")


def _finish(classes: str) -> str:
    out = _REPEAT.sub(r"\1", classes)
    return out[:-1] + "S" if out.endswith("C") else out


@lru_cache(maxsize=65536)
def token_keys(token: str) -> tuple[str, ...]:
    """Keys of one name token (a second one without the article when it may carry one)."""
    if is_arabic(token):
        word = re.sub("ت(?=[سز])", "", normalise(token).replace("تش", "ش"))
        forms = [word, word[2:]] if word.startswith("ال") and len(word) > 3 else [word]
        keys = [_finish(_NOT_CLASS.sub("", w.translate(_AR_CLASS))) for w in forms]
    else:
        word = latin_ascii(token)
        forms = [word, _LATIN_ARTICLE.sub("", word)] if _LATIN_ARTICLE.match(word) else [word]
        keys = []
        for w in forms:
            for pattern, repl in _LATIN_RULES:
                w = pattern.sub(repl, w)
            keys.append(_finish(_NOT_CLASS.sub("", w.translate(_LATIN_CLASS))))
    return tuple(dict.fromkeys(k for k in keys if k))


def name_keys(tokens: tuple[str, ...]) -> list[str]:
    """Transliteration keys of a whole name (its tokens' keys in order), at most MAX_KEYS, each of
    at least MIN_KEY classes; a token without consonants (an initial, "Ali" has one) gives none."""
    options = [token_keys(t) for t in tokens]
    if not all(options):
        return []
    out = []
    for combo in product(*options):
        key = " ".join(combo)
        if len(key.replace(" ", "")) >= MIN_KEY:
            out.append(key)
        if len(out) == MAX_KEYS:
            break
    return out


def surname_keys(tokens: tuple[str, ...]) -> list[str]:
    """Keys of the last token alone (persons are often named by surname in one language)."""
    return [k for k in token_keys(tokens[-1]) if len(k) >= MIN_KEY] if tokens else []


def _list_form(name: str) -> str:
    words = normalise(name).split() if is_arabic(name) else latin_ascii(name).replace("-", " ").split()
    return " ".join(w.strip(".,'’") for w in words)


@cache
def bilingual() -> dict[str, str]:
    """Normalised spelling -> ``TYPE:line`` id of its line in the bilingual list (first line wins)."""
    out: dict[str, str] = {}
    for n, line in enumerate(read_lines("ner/bilingual.tsv"), 1):
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        for name in (*parts[1].split("|"), *parts[2].split("|")):
            form = _list_form(name.strip())
            if form:
                out.setdefault(form, f"{parts[0].strip()}:{n}")
    return out


def listed(tokens: tuple[str, ...]) -> str | None:
    """The bilingual list's id of this name (its normalised tokens), or None."""
    return bilingual().get(_list_form(" ".join(tokens)))
