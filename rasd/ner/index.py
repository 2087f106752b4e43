"""The cross-document entity index: known entities, their variants and roles.

The entities stage receives an ``EntityIndex`` as ``ctx.state`` (built by
rasd.store.entities.EntityAdapter from the store) and links every mention to an
entity in it, creating entities for new names. Lookups go through two dicts: the
exact normalised name, and the skeleton of the last token (the surname), so linking
cost does not grow with the number of known entities.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasd.ner.crossscript import listed, name_keys, surname_keys
from rasd.ner.translit import is_arabic, skeleton
from rasd.ner.variants import name_match

COMPATIBLE = {"PERS": {"PERS"}, "LOC": {"LOC", "ORG"}, "ORG": {"ORG", "LOC"}, "MISC": {"MISC"}}


@dataclass(slots=True)
class Entity:
    key: str
    canonical: str
    type: str
    variants: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    explanations: list[str] = field(default_factory=list)
    tokens: tuple[str, ...] = ()
    #: every token tuple this entity was registered under -> the index's registration step (see EntityIndex)
    aliases: dict[tuple[str, ...], int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "canonical": self.canonical, "type": self.type,
                "variants": dict(self.variants), "roles": dict(self.roles),
                "explanations": self.explanations[:50], "tokens": list(self.tokens),
                "aliases": [[list(t), n] for t, n in self.aliases.items()]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        aliases = {tuple(t): int(n) for t, n in d.get("aliases", ())}
        return cls(d["key"], d["canonical"], d["type"], Counter(d.get("variants", {})),
                   Counter(d.get("roles", {})), list(d.get("explanations", [])), tuple(d.get("tokens", ())),
                   aliases)


@dataclass(slots=True)
class EntityIndex:
    """Known entities and their lookups.

    Every token tuple an entity is registered under is kept in ``Entity.aliases`` with a global step
    number, so an index rebuilt from stored entities (``restore``) holds the same lookups, with the same
    first-registered winner in ``exact``, as the index that was saved: a run resumed after a crash links
    mentions exactly as an uninterrupted run would.
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    exact: dict[tuple[str, ...], str] = field(default_factory=dict)
    by_surname: dict[str, list[str]] = field(default_factory=dict)  # each list sorted, no repeats
    #: keys shared by a name's Arabic and Latin spellings (rasd.ner.crossscript) -> entities, sorted
    by_cross: dict[str, list[str]] = field(default_factory=dict)
    #: every registered name written without its spaces -> entity: "بيونغيانغ" / "بيونغ يانغ", "عبدالعزيز" / "عبد العزيز"
    joined: dict[str, str] = field(default_factory=dict)
    #: registered names that end in a demonym, without it ("البنك المركزي" of "البنك المركزي المصري"): the only names
    #: ``_qualified`` can complete, so other mentions skip its look-ups
    qualifiable: set[tuple[str, ...]] = field(default_factory=set)
    dirty: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # single tokens and surnames, for clitic stripping
    step: int = 0  # registrations so far

    def add(self, ent: Entity) -> None:
        self.entities[ent.key] = ent
        for tokens in ent.aliases:  # every alias of an indexed entity has its lookups (see _register)
            self._lookups(ent.key, tokens)
        self._register(ent, ent.tokens)

    def restore(self, entities: list[Entity]) -> None:
        """Rebuild the lookups from stored entities, replaying their registrations in their original order."""
        replay: list[tuple[int, str, tuple[str, ...]]] = []
        for ent in entities:
            self.entities[ent.key] = ent
            if not ent.aliases and ent.tokens:  # stored before aliases were kept
                ent.aliases[ent.tokens] = -1
            replay += [(n, ent.key, tokens) for tokens, n in ent.aliases.items()]
        for n, key, tokens in sorted(replay):
            self._lookups(key, tokens)
        self.step = max((n + 1 for n, _, _ in replay), default=0)

    def _register(self, ent: Entity, tokens: tuple[str, ...]) -> None:
        if not tokens or tokens in ent.aliases:  # a known alias: its lookups are in place (they only grow)
            return
        ent.aliases[tokens] = self.step
        self.step += 1
        self._lookups(ent.key, tokens)

    def _lookups(self, key: str, tokens: tuple[str, ...]) -> None:
        if not tokens:
            return
        self.exact.setdefault(tokens, key)
        self.joined.setdefault("".join(tokens), key)
        if len(tokens) > 1 and tokens[-1] in _demonym_set():
            self.qualifiable.add(tokens[:-1])
        self.names.add(tokens[-1])
        _insert(self.by_surname.setdefault(skeleton(tokens[-1]), []), key)
        for cross in _cross_keys(tokens, key.split(":", 1)[0], False):
            _insert(self.by_cross.setdefault(cross, []), key)

    def link(self, tokens: tuple[str, ...], kind: str, surface: str, role: str | None,
             local: set[str], places: Sequence[str] = ()) -> str:
        """The key of the entity this mention refers to (created if new); ``local``: the keys linked so far in the
        article, ``places``: the places the article names (normalised names), the most named first."""
        if kind != "PERS" and places and tokens in self.qualifiable:
            qualified = self._qualified(tokens, kind, places)
            if qualified is not None:
                # the generic name is not made an alias: in an article on another country it is that country's bank
                self._note(qualified[0], tokens, surface, role, [qualified[1]], register=False)
                return qualified[0].key
        key = self.exact.get(tokens)
        if key is not None and self.entities[key].type in COMPATIBLE.get(kind, {kind}):
            self._note(self.entities[key], tokens, surface, role, None)
            return key
        # a person named by one word may be anyone of that surname: only a place or a body is found by its word alone
        key = self.joined.get("".join(tokens)) if len(tokens) > 1 or (kind != "PERS" and len(tokens[0]) >= 6) else None
        if key is not None and self.entities[key].type in COMPATIBLE.get(kind, {kind}):
            self._note(self.entities[key], tokens, surface, role, ["the same name written with other spaces"])
            return key
        found = self._best(tokens, kind, role, local) or self._across(tokens, kind, role, local, surface.isupper())
        if found is None:
            ent = self._create(tokens, kind, surface)
            self._note(ent, tokens, surface, role, None)
            return ent.key
        ent, reasons = found
        self._note(ent, tokens, surface, role, reasons)
        return ent.key

    def _qualified(self, tokens: tuple[str, ...], kind: str, places: Sequence[str]) -> tuple[Entity, str] | None:
        """An organisation or place named without its nationality in an article that names the country: "البنك
        المركزي" where the article names مصر is "البنك المركزي المصري" when that entity is known."""
        types = COMPATIBLE.get(kind) or {kind}
        for country in places:
            for demonym in _demonyms_of(country):
                key = self.exact.get((*tokens, demonym))
                if key is not None and self.entities[key].type in types:
                    return self.entities[key], f"named without its nationality ({demonym}) in an article on {country}"
        return None

    def _best(self, tokens: tuple[str, ...], kind: str, role: str | None,
              local: set[str]) -> tuple[Entity, list[str]] | None:
        best: tuple[tuple[int, int, int], Entity, list[str]] | None = None
        types = COMPATIBLE.get(kind) or {kind}
        entities = self.entities
        arabic = is_arabic(tokens[-1])
        # in key order: ties go to the smallest key, whatever order the entities came in
        for key in self.by_surname.get(skeleton(tokens[-1]), ()):
            ent = entities[key]
            if ent.type not in types:
                continue
            name = _in_script(ent, arabic)
            if ent.type != kind and name != tokens:
                continue  # a place is not the organisation named after it (دبي / موانئ دبي), nor one spelt alike (القدس / القديس)
            if kind != "PERS" and len(name) != len(tokens) and not _head_noun_apart(name, tokens):
                continue  # only a person is named by the last words of the name: العربية is not مجمع اللغة العربية
            reasons = name_match(tokens, name)
            if reasons is None and kind == "PERS":
                reasons = _middle_name_dropped(tokens, name)
            if reasons is None or _roles_conflict(role, ent):
                continue
            if kind == "PERS" and arabic and reasons and reasons[-1] == "shorter form" \
                    and not _family_name(min(tokens, name, key=len)):
                continue  # the last names of an Arabic name are the father's: عادل إمام is not محمد عادل إمام
            score = (key in local, len(ent.tokens) == len(tokens), sum(ent.variants.values()))
            if best is None or score > best[0]:
                best = (score, ent, reasons)
        return None if best is None else (best[1], best[2])

    def _across(self, tokens: tuple[str, ...], kind: str, role: str | None, local: set[str],
                acronym: bool = False) -> tuple[Entity, list[str]] | None:
        """An entity already named in the other script that this name's cross-script keys reach: the
        bilingual list's line, then for persons the whole name's transliteration key, then (a person
        named by one token, or known by one) the surname's key. Only entities with a spelling in the
        other script are candidates: within one script, ``_best``'s finer test has already decided."""
        arabic = is_arabic(tokens[-1])
        types = COMPATIBLE.get(kind) or {kind}
        for cross in _cross_keys(tokens, kind, acronym):
            if cross.startswith("s:") and len(tokens) > 1:
                continue
            # a surname alone links only to a full name spelt in the other script ("بايدن" to "Joe Biden");
            # a full name never joins a one-word entity by its last word (Brian Acton is not جاتينيو)
            least = 2 if cross.startswith("s:") else 1
            best: tuple[tuple[bool, int], Entity] | None = None
            for key in self.by_cross.get(cross, ()):
                ent = self.entities[key]
                if ent.type not in types or _roles_conflict(role, ent):
                    continue
                if not any(len(alias) >= least and is_arabic(alias[-1]) != arabic for alias in ent.aliases):
                    continue
                if cross[0] != "b" and arabic and _capitals_only(ent):
                    continue  # a transliteration key does not reach a name only ever written in capitals (LBC / لبكي)
                score = (key in local, sum(ent.variants.values()))
                if best is None or score > best[0]:
                    best = (score, ent)
            if best is not None:
                return best[1], [_CROSS_REASON[cross[0]].format(cross[2:])]
        return None

    def _create(self, tokens: tuple[str, ...], kind: str, surface: str) -> Entity:
        base = f"{kind}:{' '.join(tokens)}"
        key, n = base, 1
        while key in self.entities:
            n += 1
            key = f"{base}#{n}"
        ent = Entity(key, surface, kind, tokens=tokens)
        self.add(ent)
        return ent

    def _note(self, ent: Entity, tokens: tuple[str, ...], surface: str, role: str | None,
              reasons: list[str] | None, register: bool = True) -> None:
        if surface not in ent.variants and reasons is not None:
            why = "; ".join(reasons) or "same normal form"
            ent.explanations.append(f"{surface} -> {ent.canonical}: {why}")
        ent.variants[surface] += 1
        if role:
            ent.roles[role] += 1
        if len(tokens) > len(ent.tokens):
            ent.tokens, ent.canonical = tokens, surface
        if register:
            self._register(ent, tokens)
        self.dirty.add(ent.key)

    def take_dirty(self) -> list[dict[str, Any]]:
        out = [self.entities[k].to_dict() for k in sorted(self.dirty)]
        self.dirty.clear()
        return out


_CROSS_REASON = {"b": "across scripts: one line of the bilingual list ({})",
                 "t": "across scripts: same transliteration key {}",
                 "s": "across scripts: same surname transliteration key {}"}


def _in_script(ent: Entity, arabic: bool) -> tuple[str, ...]:
    """The entity's name to compare a mention with: its tokens, or for an entity named in both
    scripts, its longest spelling in the mention's script (the first registered of equal length)."""
    if not ent.tokens or is_arabic(ent.tokens[-1]) == arabic:
        return ent.tokens
    own = [alias for alias in ent.aliases if is_arabic(alias[-1]) == arabic]
    return max(own, key=len) if own else ent.tokens


@lru_cache(maxsize=65536)  # a new name's keys are looked up in ``_across``, then registered in ``_lookups``
def _cross_keys(tokens: tuple[str, ...], kind: str, acronym: bool = False) -> tuple[str, ...]:
    """Cross-script lookup keys of a name, strongest first (see ``EntityIndex._across``). Transliteration keys
    are for persons only, and not for a name written in capitals (LBC is not لبكي); on an Arabic news corpus
    they had joined برن to Bahrain and برايتون to Britain."""
    out = []
    line = listed(tokens)
    if line is not None:
        out.append(f"b:{line}")
    if kind == "PERS" and not acronym:  # places and organisations are translated: only the list links them
        out += [f"t:{k}" for k in name_keys(tokens)]
        out += [f"s:{k}" for k in surname_keys(tokens)]  # looked up for one-word names only (``_across``)
    return tuple(out)


def _capitals_only(ent: Entity) -> bool:
    """Whether every Latin spelling the entity was seen with is written in capitals (an acronym, a wire slug)."""
    latin = [surface for surface in ent.variants if not is_arabic(surface)]
    return bool(latin) and all(surface.isupper() for surface in latin)


def _insert(keys: list[str], key: str) -> None:
    """Add ``key`` to the sorted list ``keys`` unless it is there."""
    at = bisect_left(keys, key)
    if at == len(keys) or keys[at] != key:
        keys.insert(at, key)


#: generic head nouns a name may be written with or without: an organisation's (وزارة الخارجية / الخارجية,
#: صحيفة نيويورك تايمز / نيويورك تايمز) or a place's (دولة الكويت / الكويت, مضيق باب المندب / باب المندب). Any
#: other leading words make another name: مجمع اللغة العربية is not العربية, شرق السودان not السودان, بحيرة
#: تشاد not تشاد.
_HEAD_NOUNS = ("وزارة", "صحيفة", "جريدة", "مجلة", "قناة", "شبكة", "إذاعة", "تلفزيون", "وكالة", "شركة", "منظمة",
               "تنظيم", "حزب", "حركة", "جماعة", "نادي", "مجموعة", "هيئة", "أنباء",
               "دولة", "مملكة", "سلطنة", "إمارة", "جمهورية", "قطاع", "مضيق", "مرتفعات", "هضبة", "شبه", "جزيرة", "نهر",
               "مدينة", "محافظة", "ولاية", "إقليم", "بلدة", "قرية", "مخيم")


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    from rasd.text import normalise

    return frozenset(normalise(w) for w in _HEAD_NOUNS)


def _head_noun_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether the longer of two names differs from the shorter only by generic head nouns before it."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    heads = _head_nouns()
    return all(word in heads for word in long_[: len(long_) - len(short)])


#: first words of a family name of several words (بن لادن، أبو الغيط، آل ثاني، لو مير، دي نيرو)
_FAMILY_PARTICLES = frozenset({"بن", "ابن", "ابو", "ابا", "ال", "لو", "دي", "دا", "دو", "فان", "فون", "ديلا", "دل"})
#: second words of a name written in two words (فضل الله، نصر الله، شمس الدين), as عبد is a first one (عبد الناصر)
_COMPOUND_TAILS = frozenset({"الله", "الدين"})


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, tuple[str, ...]]:
    from rasd.ner.gazetteer import lexicon
    from rasd.text import normalise

    out: dict[str, list[str]] = {}
    for demonym, country in lexicon().demonyms.items():
        out.setdefault(normalise(country), []).append(demonym)
    return {country: tuple(sorted(forms)) for country, forms in out.items()}


@lru_cache(maxsize=1)
def _demonym_set() -> frozenset[str]:
    from rasd.ner.gazetteer import lexicon

    return frozenset(lexicon().demonyms)


def _demonyms_of(country: str) -> tuple[str, ...]:
    """The demonyms (normalised, with the article: المصري، المصريه …) of a country's normalised name."""
    return tuple(d for d in _demonym_table().get(country, ()) if d.startswith("ال"))


def _middle_name_dropped(a: tuple[str, ...], b: tuple[str, ...]) -> list[str] | None:
    """Reasons why a person's two-word name is their three-word name without its middle word ("رجب أردوغان" /
    "رجب طيب أردوغان", "سعد الحريري" / "سعد الدين الحريري"), or None: the first and last words must match and the
    last must be a family name, not a given name (محمد علي is not محمد حسن علي), and the middle no بن/أبو."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) != 2 or len(long_) != 3 or long_[1] in _FAMILY_PARTICLES or long_[1] == "بنت":
        return None
    from rasd.ner.gazetteer import lexicon
    from rasd.ner.variants import token_match

    if short[1] in lexicon().given_names or long_[2] in lexicon().given_names:
        return None
    first, last = token_match(short[0], long_[0]), token_match(short[1], long_[2])
    if first is None or last is None:
        return None
    return [*(f"{x}~{y}: {why}" for x, y, why in ((short[0], long_[0], first), (short[1], long_[2], last))
              if why != "same spelling"), f"the same name without its middle word ({long_[1]})"]


def _family_name(name: tuple[str, ...]) -> bool:
    """Whether an Arabic-script name may end a longer name of the same person: one name (a word, or a name written
    in two: عبد الناصر، فضل الله) or a family name (بن لادن، أبو الغيط، آل ثاني، لو مير). Two names are a father's and a
    grandfather's or family's: محمد عادل إمام is عادل إمام's son, محمد بن سلمان بن عبد العزيز his father's son."""
    if len(name) < 2 or name[0] in _FAMILY_PARTICLES:
        return True
    return len(name) == 2 and (name[0] == "عبد" or name[1] in _COMPOUND_TAILS)


def _roles_conflict(role: str | None, ent: Entity) -> bool:
    """A nationality in the mention's role that none of the entity's roles shares."""
    if not role or not ent.roles:
        return False
    from rasd.ner.gazetteer import lexicon
    from rasd.text import normalise

    dem = lexicon().demonyms
    mine = {dem[w] for w in normalise(role).split() if w in dem}
    theirs = {dem[w] for r in ent.roles for w in normalise(r).split() if w in dem}
    return bool(mine and theirs and not mine & theirs)
