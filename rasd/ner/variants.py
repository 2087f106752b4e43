"""Are two spellings the same name? Transliteration-aware matching with reasons.

Token level: identical normal forms; or identical consonant skeletons (vowel letters
dropped, ج/غ/ق/ك, ت/ط, س/ص/ث, ز/ذ/ظ folded); or skeletons one edit apart for long
names. Two *different* native Arabic given names (حسن/حسين) never match, whatever
their skeletons. Name level: equal-length names match token by token; a shorter name
matches the tail (a surname: بوتين ~ فلاديمير بوتين) or the head of a longer one.
"""

from __future__ import annotations

from functools import lru_cache

from rasd.ner.gazetteer import lexicon
from rasd.ner.translit import edit_distance, skeleton

MIN_SKELETON = 2
_GENERATION = frozenset({"جونيور", "الابن", "الاب", "الثاني", "الثالث", "jr", "sr"})  # shorter skeletons need a near-identical spelling too


@lru_cache(maxsize=100_000)
def token_match(a: str, b: str) -> str | None:
    """Reason why normalised tokens ``a`` and ``b`` are spellings of one name, or None."""
    if a == b:
        return "same spelling"
    natives = lexicon().native_names
    if a in natives and b in natives:
        return None
    ska, skb = skeleton(a), skeleton(b)
    if not ska or not skb:
        return None
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
    if long_[-1] in _GENERATION:
        return None
    tail = _aligned(short, long_[-len(short):])
    if tail is not None:
        return [*tail, "shorter form of the name (surname)" if len(short) == 1 else "shorter form"]
    if len(short) >= 2:
        head = _aligned(short, long_[: len(short)])
        if head is not None:
            return [*head, "shorter form (leading names)"]
    return None


def _aligned(a: tuple[str, ...], b: tuple[str, ...]) -> list[str] | None:
    reasons: list[str] = []
    for x, y in zip(a, b, strict=True):
        why = token_match(x, y)
        if why is None:
            return None
        if why != "same spelling":
            reasons.append(f"{x}~{y}: {why}")
    return reasons
