"""Are two spellings the same name? Transliteration-aware matching with reasons.

Token level: identical normal forms; for two Arabic tokens, a weighted spelling distance
within a budget that grows with the name's length (``rasd.ner.spelling``: vowel letters
inserted or dropped inside the word, letters of one transliteration class exchanged; the
first letter, the last letter and the consonants must agree); for Latin tokens, identical
consonant skeletons. Two *different* native Arabic given names (حسن/حسين) never match,
whatever their spellings. Name level: equal-length names match token by token; a shorter
name matches the tail (a surname: بوتين ~ فلاديمير بوتين) or the head of a longer one,
unless the head would cut a compound name (حسن نصر ~ حسن نصر الله).
"""

from __future__ import annotations

from functools import lru_cache

from rasd.ner.gazetteer import lexicon
from rasd.ner.spelling import variant_cost
from rasd.ner.translit import edit_distance, is_arabic, skeleton

MIN_SKELETON = 2
#: extra spelling budget for a token of at least SLACK_LEN letters when another token of the name (of
#: at least 3 letters) is spelt the same: ديمتري بيسكوف ~ دميتري بيسكوف; never for native given names
SLACK = 0.5
SLACK_LEN = 5
_GENERATION = frozenset({"جونيور", "الابن", "الاب", "الثاني", "الثالث", "jr", "sr"})  # shorter skeletons need a near-identical spelling too
#: second parts of compound names: a head match must not end just before one (حسن نصر | الله)
_COMPOUND_TAIL = frozenset({"الله", "الدين", "الرحمن", "الرحيم", "اوغلو"})


@lru_cache(maxsize=100_000)
def token_match(a: str, b: str, anchored: bool = False) -> str | None:
    """Reason why normalised tokens ``a`` and ``b`` are spellings of one name, or None.

    ``anchored``: another token of the same name is spelt the same (see SLACK)."""
    if a == b:
        return "same spelling"
    natives = lexicon().native_names
    if a in natives and b in natives:
        return None
    if is_arabic(a) and is_arabic(b):
        slack = anchored and min(len(a), len(b)) >= SLACK_LEN and a not in natives and b not in natives
        cost = variant_cost(a, b, SLACK if slack else 0.0)
        if cost is None:
            return None
        return f"same consonant skeleton, spelling distance {cost:g}" if cost else "same spelling up to doubled letters"
    ska, skb = skeleton(a), skeleton(b)
    if not ska or not skb or _has_vowel(a) != _has_vowel(b):
        return None  # a Latin token without vowels is an acronym, not a spelling of a name (LBC / Lebeki)
    dist = edit_distance(a, b, 3)
    if ska == skb and (len(ska.replace(" ", "")) > MIN_SKELETON or dist <= 1):
        return f"same consonant skeleton {ska}" if dist > 0 else "same spelling"
    return None


def name_match(a: tuple[str, ...], b: tuple[str, ...]) -> list[str] | None:
    """Reasons (one per aligned token) why names ``a`` and ``b`` co-refer, or None."""
    if not a or not b:
        return None
    if len(a) == len(b):
        return _aligned(a, b)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_[-1] in _GENERATION or short[-1] in _COMPOUND_TAIL and len(short) == 1:
        return None
    tail = _aligned(short, long_[-len(short):])
    if tail is not None:
        return [*tail, "shorter form of the name (surname)" if len(short) == 1 else "shorter form"]
    if len(short) >= 2 and long_[len(short)] not in _COMPOUND_TAIL:
        head = _aligned(short, long_[: len(short)])
        if head is not None:
            return [*head, "shorter form (leading names)"]
    return None


def _aligned(a: tuple[str, ...], b: tuple[str, ...]) -> list[str] | None:
    reasons: list[str] = []
    anchored = len(a) >= 2 and any(x == y and len(x) >= 3 for x, y in zip(a, b, strict=True))
    for x, y in zip(a, b, strict=True):
        why = token_match(x, y, anchored)
        if why is None:
            return None
        if why != "same spelling":
            reasons.append(f"{x}~{y}: {why}")
    return reasons


def _has_vowel(token: str) -> bool:
    """Whether a token holds a Latin vowel letter (Arabic tokens always count as having one)."""
    return is_arabic(token) or any(ch in "aeiouy" for ch in token)
