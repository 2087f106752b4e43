"""Light English mention rules: capitalised sequences typed by gazetteer, titles and cue words.

A capitalised run (at most seven words, "of"/"the"/"al"/... inside, never across a line break) is a
mention when the gazetteer types it, when a title leads it ("Interior Minister Kamel Feki": the
name is what follows the last title word, the phrase before it is the role), when a cue word
types it (an organisation word inside it, a place word after it or a place preposition before
it), or when it is two or more words that do not open a sentence or open with a given name (taken
as a person). After a
person is named in full, the surname alone is that person too ("Feki told reporters").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from rasd.data import read_lines
from rasd.dates.lexicon import lexicon as date_lexicon
from rasd.ner.gazetteer import lexicon
from rasd.ner.mentions import Mention
from rasd.ner.translit import latin_ascii

# a word of a run: capitalised, or an initial before another capitalised word ("A. J. Smith", "Regina M. Benjamin")
_CAP = r"(?:(?:Capt|Lt|Sgt|Gen|Col|Maj|Dr|Mr|Mrs|Ms|Prof|Gov|Sen|Rep|St|Dist|Atty|Det|Const|Insp|Supt)\.(?=[ \t]+[A-Z])|[A-Z](?:\.(?=[ \t]+[A-Z])|[\w'\-]*))"
_CAP_SEQ = re.compile(rf"\b{_CAP}(?:[ \t]+(?:of|the|de|al|bin|van|von)?[ \t]*(?:(?:al|el|ad|ash|as|az)-)?{_CAP}){{0,6}}")
_CAP_WORD = re.compile(r"\b[A-Z][\w'\-]+")
_ORG_CUES = frozenset([
    "ministry", "agency", "party", "council", "bank", "university", "union", "organization", "organisation",
    "company", "corp", "inc", "committee", "court", "office", "army", "forces", "department", "house",
    "commission", "fund", "nations", "assembly", "parliament", "authority", "association", "institute",
    "federation", "bureau", "police", "league", "alliance", "movement", "foundation", "forum", "airways",
    "airlines", "corporation", "group", "network", "news", "times", "post", "press", "crescent", "cross",
    "patrol", "navy", "guard", "stadium", "arena", "hospital", "school", "college", "center", "centre", "museum",
    "academy", "church", "club", "studios", "pictures", "records", "motors", "systems",
    "telecom", "telecommunications", "communications", "networks", "technologies", "holdings", "industries",
    "insurance", "media", "broadcasting", "energy", "petroleum", "pharmaceuticals", "plc", "ltd", "llc", "sa", "ag",
])
#: the last word of a prize, a tournament or a festival: such a run is neither a person nor a body ("MVP Award",
#: "South African Open")
_EVENT_ENDS = frozenset(["award", "awards", "prize", "cup", "open", "championship", "championships", "trophy",
                         "olympics", "bowl", "festival", "classic", "series"])
#: plural last words of places ("Colorado Springs"), not of teams ("San Diego Chargers")
_PLACE_PLURALS = frozenset(["springs", "falls", "heights", "hills", "islands", "plains", "rapids", "lakes", "keys",
                            "woods", "mountains", "rocks", "gardens", "meadows", "pines", "palms", "sands", "shores",
                            "states", "emirates", "territories", "provinces", "indies", "isles"])
#: first words of named storms and operations: such a run is not a person ("Storm Yasmine")
_EVENT_HEADS = frozenset(["storm", "hurricane", "cyclone", "typhoon", "tropical", "operation"])
#: a lower-case word right after a capitalised run that makes it a place ("Jendouba governorate")
_PLACE_AFTER = frozenset(["governorate", "province", "region", "city", "county", "district", "river", "valley",
                          "village", "town", "port", "island", "islands", "mountains", "desert", "sea"])
#: the last word of a street or square's name
_STREET_WORDS = frozenset(["avenue", "ave", "street", "road", "rd", "boulevard", "blvd", "square", "highway", "plaza"])
#: a lower-case word right before a capitalised run that makes it a place when nothing else types it
#: ("to" and "from" are left out: "according to Ahmed Saleh", "a letter from Omar Hadi")
_PLACE_BEFORE = frozenset(["in", "near", "outside", "across", "around"])


@cache
def _titles() -> frozenset[str]:
    return frozenset(read_lines("ner/titles_en.txt"))


@cache
def _title_ends() -> frozenset[str]:
    """Words that end a title: one-word titles and the last word of longer ones ("prime minister")."""
    return frozenset(t.split()[-1] for t in _titles())


@cache
def _given_names() -> frozenset[str]:
    names = read_lines("ner/given_names_en.txt") + read_lines("ner/female_names_en.txt")
    return frozenset(latin_ascii(w) for w in names)  # Mevlüt = Mevlut


@cache
def _function_words() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("english_function_words.txt"))


def english_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    runs: list[tuple[int, int]] = []  # the runs that gave a mention: no lone surname is read inside them
    for m in _CAP_SEQ.finditer(text):
        parts = [(w.start() + m.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        lead: list[str] = []
        if parts[0][1].lower() in _EVENT_HEADS:
            continue
        cut = _title_cut([w for _, w in parts])
        if cut:  # "Iraqi Prime Minister Mohammed Shia al-Sudani": the role, then the name
            body = _body_before_title([w for _, w in parts[:cut]])
            if body:  # "West Coast Bank Chief Executive Robert Sznewajs": the bank, then its officer
                b_end = parts[body - 1][0] + len(parts[body - 1][1])
                out.append(Mention(parts[0][0], b_end, text[parts[0][0]:b_end], "ORG",
                                   tuple(w.lower() for _, w in parts[:body]), None))
            lead, parts = [w for _, w in parts[:cut]], parts[cut:]
        whole = tuple(w.lower() for _, w in parts) in lexicon().gazetteer  # "General Motors" stays whole
        while parts and not whole and (parts[0][1].lower() in _function_words() or _is_title(parts[0][1])):
            lead += [parts[0][1]] if _is_title(parts[0][1]) else []
            parts = parts[1:]
        if not parts:
            continue
        start, words = parts[0][0], [w for _, w in parts]
        kind, role = _classify(text, start, m.end(), words)
        if lead and kind in ("PERS", None):
            kind, role = "PERS", " ".join(lead).lower()
        if kind:
            out.append(Mention(start, m.end(), text[start:m.end()], kind, tuple(w.lower() for w in words), role))
            runs.append((m.start(), m.end()))
    return out + _surname_repeats(text, out, runs)


def _title_cut(words: list[str]) -> int:
    """How many leading words form a title phrase before a name: up to the last title word that
    still has a capitalised word after it (0: none, also when the run is a gazetteer entry or
    names an organisation after its title words: "State Department"). An organisation before the title
    is the title's ("Foreign Ministry Spokesman Qin Gang", "West Coast Bank Chief Executive Robert Sznewajs")."""
    low = [w.lower() for w in words]
    if tuple(low) in lexicon().gazetteer:
        return 0
    for j in range(len(words) - 2, -1, -1):
        if _ends_title(low, j):
            return 0 if any(w in _ORG_CUES for w in low[j + 1:]) else j + 1
    return 0


def _ends_title(low: list[str], j: int) -> bool:
    """Whether ``low[j]`` closes a title: a one-word title, or the last word of a longer one written in full
    before it ("Chief Executive"; "Executive" alone is no title)."""
    titles = _titles()
    return low[j] in titles or any(" ".join(low[j - k + 1:j + 1]) in titles for k in (2, 3) if j - k + 1 >= 0)


def _body_before_title(words: list[str]) -> int:
    """How many leading words of a title phrase name an organisation: up to its last organisation word, when
    title words follow it ("West Coast Bank | Chief Executive"); 0 when none does."""
    low = [w.lower() for w in words]
    cues = [k for k, w in enumerate(low) if w in _ORG_CUES]
    if not cues or not 0 < len(low) - cues[-1] - 1 <= 3 or not _ends_title(low, len(low) - 1):
        return 0
    return cues[-1] + 1


def _surname_repeats(text: str, found: list[Mention], runs: list[tuple[int, int]]) -> list[Mention]:
    """The last word of a person named in full, alone elsewhere in the text, as that person; with its particle
    when it has one ("Herman Van Rompuy" … "Van Rompuy", "Jack Del Rio" … "Del Rio"). Not inside a run that
    gave a mention of its own ("Genesee County Sheriff Robert Pickell")."""
    surnames: dict[str, Mention] = {}
    double: dict[tuple[str, str], Mention] = {}
    places = lexicon().gazetteer
    for m in found:
        if m.type == "PERS" and len(m.tokens) > 1 and places.get((m.tokens[-1],)) not in ("LOC", "ORG"):
            # ("Telecom Egypt" read as a person makes no "Egypt" a person elsewhere)
            last = latin_ascii(m.tokens[-1])  # "Erdoğan" ... "Erdogan"
            surnames[last] = m
            if last[:3] in ("al-", "el-"):  # "al-Sudani" ... "Sudani"
                surnames[last[3:]] = m
            if len(m.tokens) > 2 and m.tokens[-2] in _PARTICLES:
                double[(m.tokens[-2], last.lower())] = m
    if not surnames:
        return []
    out: list[Mention] = []
    for pair, full in double.items():
        for w in re.finditer(rf"\b{re.escape(pair[0])}[ \t]+{re.escape(pair[1])}\b", text, re.IGNORECASE):
            if w.group(0)[:1].isupper() and not any(a <= w.start() < b for a, b in runs):
                out.append(Mention(w.start(), w.end(), w.group(0), "PERS", full.tokens[-2:], full.role))
    taken = sorted([(m.start, m.end) for m in out] + runs)  # apart from each other; every mention is in its run
    starts = [a for a, _ in taken]
    for w in _CAP_WORD.finditer(text):
        key = latin_ascii(w.group(0))
        k = bisect_right(starts, w.start()) - 1  # the last mention starting at or before the word
        if key in surnames and not (k >= 0 and w.start() < taken[k][1]):
            full = surnames[key]  # the surname as the full name spells it ("al-sudani"), so the two link
            out.append(Mention(w.start(), w.end(), w.group(0), "PERS", (full.tokens[-1],), full.role))
    return out


#: title words that are also surnames ("Tishana King", "Alexander Pope"): a run ending in one may be a person
_SURNAME_TITLES = frozenset(["king", "queen", "prince", "bishop", "pope", "judge"])
#: name particles before a surname ("Van Rompuy", "Del Rio", "de Klerk")
_PARTICLES = frozenset(["van", "von", "de", "del", "della", "di", "da", "du", "le", "la", "dos", "der", "ter"])


def _is_title(word: str) -> bool:
    w = word.lower()
    return w in _titles() or (w.endswith(("ian", "ese", "ish")) and len(w) > 4)


def _classify(text: str, start: int, end: int, words: list[str]) -> tuple[str | None, str | None]:
    gaz = lexicon().gazetteer.get(tuple(w.lower() for w in words))
    before = text[max(0, start - 40):start].lower().split()
    role = None
    if before and before[-1] in _titles():
        role = " ".join(before[-2:]) if len(before) > 1 and _is_title(before[-2]) else before[-1]
    if gaz:
        return gaz, role if gaz == "PERS" else None
    low = [w.lower() for w in words]
    if low[-1] in _EVENT_ENDS:
        return None, None  # "MVP Award", "the South African Open": a prize or a tournament
    if any(w in _ORG_CUES for w in low):
        return "ORG", None
    if len(words) > 1 and _ends_title(low, len(low) - 1) and latin_ascii(words[0]) not in _given_names() \
            and not role and low[-1] not in _SURNAME_TITLES:
        return None, None  # "City Attorney", "Prime Minister": a title with no name after it
    if len(words) > 1 and low[-1] in _PLACE_AFTER:
        return "LOC", None  # "Genesee County", "Kansas City"
    if len(words) > 1 and words[-1][-1:] == "s" and words[-1][-2:] != "ss" \
            and lexicon().gazetteer.get(tuple(low[:-1])) == "LOC":  # "San Diego Chargers": a team or a body;
        return ("LOC" if low[-1] in _PLACE_PLURALS else "ORG"), None  # "Colorado Springs": a place
    if len(words) > 1 and words[-1].lower().rstrip(".") in _STREET_WORDS:
        return "LOC", None  # "Stadiou Avenue", "Tahrir Square": a place, not a person
    after = [w.strip(".,;:!?)") for w in text[end:end + 20].split()]
    place_of = len(before) > 1 and before[-1] == "of" and before[-2].rstrip("s") in _PLACE_AFTER  # "provinces of"
    if not role and ((after and after[0] in _PLACE_AFTER) or (before and before[-1] in _PLACE_BEFORE) or place_of) \
            and not _date_word(words[0]):  # "in May", "from Saturday"
        return "LOC", None
    if words[0].rstrip(".") in _WEEKDAYS:
        return None, None  # a date line ("Wed May 5, 2010"), no person
    if role or (len(words) >= 2 and (not _sentence_start(text, start) or latin_ascii(words[0]) in _given_names())):
        return "PERS", role  # at a sentence start only when it opens with a given name ("Kamel Feki met ...")
    return None, None


_WEEKDAYS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
                       "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"})


def _date_word(word: str) -> bool:
    dates = date_lexicon()
    return any(dates.lookup(table, word) is not None for table in ("months", "weekdays", "hijri_months"))


def _sentence_start(text: str, start: int) -> bool:
    head = text[:start].rstrip()
    return not head or head[-1] in ".!?\n\"“"
