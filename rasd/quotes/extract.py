"""Find quotations in one article and resolve their speakers.

Arabic: a reporting verb (قال، أضاف، أوضح، أشار، نقلت عن …) followed by its subject and
then a complementizer (إن/أن/إلى أن), a colon or an opening quote mark gives a quote
that runs to the closing mark (direct) or to the end of the sentence (reported);
attribution markers that follow the statement (حسبما ذكرت، وفقا لـ، بحسب) attribute the
text before them. The speaker is the first person mention in the subject, else an
organisation or place, else a role ("مسؤول في البيت الأبيض"; sources "مصدر مطلع" stay
anonymous), else — for chains such as "وأضاف:" — the previous speaker.

Two steps: the scan (``frames_of``) reads only the text and its sentences, so it can run
in a worker process before the entities are linked; ``resolve_frames`` then finds the
speakers among the article's entity mentions, in text order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import pairwise, repeat
from typing import Any, NamedTuple

from rasd.data import read_lines
from rasd.ner.features import first_tokens, stopwords, word_clusters
from rasd.ner.gazetteer import lexicon
from rasd.quotes.lexicon import (
    COMPLEMENTIZER,
    OPEN_CLOSE,
    arabic_verbs,
    english_verbs,
    is_after_marker,
    is_chain_verb,
)
from rasd.text import normalise

MAX_SUBJECT = 160  # chars between verb and complementizer
MAX_QUOTE = 3000
MAX_SENTENCE_BACK = 600  # chars looked back for the start of a verb's sentence
_SENTENCE_ENDS = (".", "!", "?", "؟", "\n")
#: passive forms that attribute nothing when no subject follows ("يُذكر أن")
_IMPERSONAL = frozenset(("يذكر", "يُذكر"))
_QUOTE_MARKS = re.compile(r"[\"«»“”]")
_ASIDE = re.compile(r"\s*[(\[–—]|(?<![A-Za-z])\s+-\s+|\s+-\s+(?![A-Za-z])")  # not "law - enforcement officials"
_WORDS = re.compile(r"[\w\u064b-\u065f\u0640]+")
#: words that end an organisation subject after its head ("الحكومة العراقية في بيان", "… مساء الأحد")
_SUBJECT_STOP = frozenset(normalise(w) for w in (
    "في", "على", "من", "إلى", "عن", "مع", "أمس", "اليوم", "مساء", "صباح", "ظهر", "ليل", "الذي", "التي", "قد"))
_RELATIVE_END = re.compile(r"[\s،,]\s*و?(?:الذي|التي|الذين)\s+$")
#: prepositions whose object is no speaker ("ردا على سؤال عن بوتين، قال إن"); not من, which names a source ("تحذير من")
_GOVERNING_WRITTEN = frozenset(("عن", "حول", "مع", "ضد", "الى", "على", "بين", "لدى", "بشان", "تجاه"))
#: English: how far a reporting verb's clause reaches either way within its sentence (a run-on "sentence" of
#: 50,000 characters with a verb every few words must not cost each verb the whole sentence)
REACH = 1000
_ANON_HEADS = ("مصدر", "مصادر")
_ORG_HEADS = frozenset(normalise(w) for w in (
    "وزارة", "الوزارة", "إدارة", "الإدارة", "الجيش", "البنك", "منظمة", "المنظمة", "وكالة", "صحيفة", "الصحيفة",
    "شركة", "الشركة", "هيئة", "مجلس", "الحكومة", "حكومة", "الرئاسة", "رئاسة", "الشرطة", "المحكمة", "قناة",
    "موقع", "الموقع", "البيت", "الكرملين", "الخارجية", "السفارة", "مركز", "المركز", "مكتب", "المكتب", "حركة",
    "الحركة", "حزب", "الحزب", "جماعة", "الجماعة", "اتحاد", "الاتحاد", "جمعية", "الجمعية", "لجنة", "اللجنة", "مرصد",
    "المرصد", "مؤسسة", "المؤسسة", "سلطة", "السلطة", "مديرية", "المديرية", "قيادة", "القيادة", "قوات", "القوات",
    "بورصة", "البورصة"))
_ROLE_HEADS = ("مسوول", "مسوولون", "مسوولين", "دبلوماسي", "دبلوماسيون", "متحدث", "ناطق", "خبير", "خبراء",
               "محللون", "مراقبون", "شهود", "شاهد", "سكان", "مسعفون", "الموقع", "الصحيفه", "الوكاله",
               "الوزاره", "البيان", "المسوول", "الوزير", "المتحدث", "مساعد", "نايب", "وزير", "رييس")

#: A past-tense verb inside an English subject span, known by what follows it: "that", an article or a number
#: ("Police arrested two men and said", "Officials estimated that ..."); an -ed adjective is followed by a noun
#: ("an unnamed official", "armed men") and stays
_EN_VERB_IN_SUBJECT = re.compile(r"(?<=\s)[a-z]{2,}ed\s+(?=(?:that|the|a|an|\d+|two|three|four|five|several|dozens|hundreds)\b)")
#: Adverbs between an English pronoun and its reporting verb ("He also said")
#: English adverbs closing a subject before its verb ("Angels GM Tony Reagins later confirmed")
_EN_ADVERB_END = re.compile(r"(?:\s+(?:also|later|then|further|again|repeatedly|previously|earlier|first|finally|"
                            r"initially|reportedly|however|once|has|have|had|\s?['’]\s?(?:ve|s|d)))+\s*$")
_EN_CONJ_START = re.compile(r"(?:But|And|Yet|So)\s+(?=[A-Z])")
#: a relative clause inside an English speaker phrase
_EN_RELATIVE_IN = re.compile(r",?\s+(?:who|which|whose)\s")
#: one to three lower-case words between two English names: a role ("Jaguars safety Reggie Nelson"), not a joint
_EN_DESCRIPTOR = re.compile(r"(?:\s+(?!(?:and|or|with|of|for|to|by|from|at|in|on|the|a|an|said|says|told)\b)"
                            r"[a-z][a-z-]*){1,3}\s+")
#: a conjunction or sentence adverb alone before a source marker: no statement of its own ("But according to X, …")
_EN_LEAD_WORD = re.compile(r"(?:But|And|Yet|So|However|Meanwhile|Still|Also|Now|Instead|Moreover|Furthermore|"
                           r"Separately|Earlier|Later|Then)\s*,?", re.IGNORECASE)
#: an English speaker named by age ("said the 29-year-old"): the person last named, as "he"/"she"
_EN_AGED = re.compile(r"(?:the\s+)?\d{1,3}[- ]year[- ]old")
_EN_AUX_ONLY = re.compile(r"(?:has|have|had|also|then|later)(?:\s+(?:also|then|later|since))*")
_EN_ADVERBS = frozenset(["also", "later", "then", "further", "again", "repeatedly", "previously", "earlier"])
#: Where an Arabic source's phrase (anonymous or a role) gives way to a clause about it: مسؤول كبير في الإدارة الأميركية |
#: أطلع المراسلين بشرط عدم الكشف عن هويته; مصدر أمني | طلب عدم الكشف عن اسمه
_SOURCE_CLAUSE = re.compile(r"\s(?:[اأ]طلع|تحدث|طلب|طالبا|فضل|فضلوا|مفضلا|رفض|رفضوا|بشرط|شرط|اشترط|مشترطا)(?=\s)|،")
#: English words that make a speaker phrase an anonymous source when no name is in it
_EN_ANON = frozenset(["official", "officials", "source", "sources", "diplomat", "diplomats", "anonymity",
                      "familiar", "insider", "insiders", "knowledge"])
_PREPOSITION = re.compile(r"(?:عن|لـ?|ل|من|على لسان)\s+")
#: English nouns for people who speak for or about someone else ("experts acting for the family")
_EN_PEOPLE = frozenset(["experts", "expert", "analysts", "analyst", "witnesses", "witness", "investigators",
                        "residents", "lawyers", "lawyer", "attorney", "attorneys", "doctors", "scientists", "researchers",
                        "spokesman", "spokeswoman", "spokesperson", "aide", "aides", "friend", "friends", "relatives",
                        "neighbours", "neighbors", "officials", "official", "sources", "source", "employee",
                        "employees", "worker", "workers", "resident", "member", "members", "owner", "manager",
                        "detectives", "prosecutors", "agents", "informers", "deputies", "troopers", "firefighters",
                        "lawmakers", "leaders", "students", "protesters", "fans", "voters", "villagers"])
_EN_OF = frozenset(["for", "of", "at", "with", "from", "in", "to"])
#: people of an English body named right before them ("Navy spokesperson", "Bloomington officers")
_EN_PEOPLE_AFTER = re.compile(r"\s+(?:(?:" + "|".join(sorted(_EN_PEOPLE)) + r")|officers?|employees?|workers?|"
                              r"representatives?|members?|executives?|staff|personnel)\b")
#: after نقل, the source: "عن مصدر", or the statement relayed ("ونقلت الوكالة بيان وزارة الدفاع الذي جاء فيه")
_VIA = re.compile(r"(?:^|\s)(?:عن|(?:نص\s+)?بيان)\s+")
#: "المتحدث باسم الدفاع المدني": the spokesman speaks, not the body he speaks for (a person named after it still does)
#: officials or diplomats: a body named after them is theirs, not the speaker ("مسؤولين في الاتحاد الأوروبي")
_OFFICIALS = ("مسوول", "مسوولين", "مسوولون", "مسوولو", "مسوولي", "دبلوماسي", "دبلوماسيين", "دبلوماسيون", "مصدرا")
#: members of a body: "مساعد في مجلس الشيوخ", "عضو في البرلمان", "باحثان من جامعة فارفيك"
_MEMBERS = frozenset(normalise(w) for w in ("مساعد", "مساعدة", "موظف", "موظفة", "عضو", "عضوة", "نائب", "نائبة",
                                             "باحث", "باحثة", "باحثان", "باحثون", "خبير", "خبيرة", "أستاذ", "أستاذة", "مساعدان", "مسؤولان"))
#: an aside about the speaker after a comma ("، وهو الهداف التاريخي")
_AR_ASIDE = re.compile(r"[،,]\s*و(?:هو|هي|هم)\s")
#: players and coaches of a team named after them ("المهاجم السابق لفريق سانتوس")
_PLAYERS = frozenset(normalise(w) for w in ("المهاجم", "مهاجم", "اللاعب", "لاعب", "المدرب", "مدرب", "الحارس", "حارس",
                                            "المدافع", "مدافع", "النجم", "نجم", "لاعبو", "لاعبي", "الجناح", "جناح"))
#: an aide to someone ("معاون للرئيس الإيراني حسن روحاني", "مستشارة لوزير الخارجية"): the aide speaks
_AIDES = frozenset(normalise(w) for w in ("معاون", "معاونة", "مساعد", "مساعدة", "مستشار", "مستشارة"))
#: an audience that is a reporter or a medium, before the name of the audience
_TO_A_REPORTER = re.compile(r"(?:^|\s)(?:لمراسل|لمراسلة|للمراسل|لمراسلي|لصحيفة|لوكالة|لقناة|لموقع|لتلفزيون|لإذاعة)\s")
#: where a document went, not who issued it ("مذكرة وزعت على دول …", "رسالة إلى …")
_SENT_TO = re.compile(r"(?:^|\s)(?:على|في|إلى|الى|داخل)\s")
#: documents that speak ("وقالت مذكرة …", "وأضافت الدراسة")
_DOCUMENT_HEADS = frozenset(normalise(w) for w in ("مذكرة", "المذكرة", "رسالة", "الرسالة", "وثيقة", "الوثيقة",
                                                    "دراسة", "الدراسة", "تقرير", "التقرير", "بيان", "البيان", "مسودة"))
#: a document whose words are quoted, before the body that issued it: "بيان لـ", "رسالة من", "تقرير صادر عن"
_DOCUMENT_OF = re.compile(r"\s*(?:ال)?(?:(?:بيان|تقرير)(?:\s+(?:رسمي|صحفي|مشترك|ختامي|جديد))?\s+(?:ل(?=\S)|صادر\s+عن\s+|من\s+|(?:أصدر|اصدر|نشر)(?:ه|ته|تها)\s+)|"
                          r"(?:تصريح|رسالة|وثيقة|تغريدة|منشور)\s+(?:صادر[ةه]?\s+عن\s+|من\s+))")
#: a spokesperson on behalf of someone: "المتحدث باسم", "الناطقة باسم"
_ON_BEHALF_OF = re.compile(r"\s*و?(?:ال)?(?:متحدث|ناطق)[ةه]?\s+(?:الرسمي\s+|الرسمية\s+)?باسم\s+")
#: statements of someone, relayed: "تصريحات لمارادونا", "تصريحات الأمير …", "مقابلة مع الوزير"
_STATEMENTS_OF = re.compile(r"(?:^|\s)(?:تصريحات|تصريح|حديث|مقابلة|كلمة|مداخلة|خطاب)\s+(?:(?:ل|لـ\s?)|مع\s+)?")
#: a verb that relays a document, before the outlet that relayed it ("بيان للتحالف نشرته وكالة الأنباء السعودية")
_RELAYED_BY = re.compile(r"\s(?:نشرته|نشرتها|نقلته|نقلتها|أوردته|أوردتها|بثته|بثتها|أذاعته|أذاعتها)\s")
_ALSO_END = re.compile(r"\s+(?:أيضا|أيضاً|ايضا|كذلك)\s*$")
#: the preposition a verb governs after its subject, which ends the subject ("أشار X إلى", "شدد X على", "حذر X من")
_GOVERNS = {normalise(v): p for verbs, p in (
    (("أشار", "أشارت", "يشير", "تشير", "لفت", "لفتت"), " إلى "), (("شدد", "شددت", "يشدد", "تشدد"), " على "),
    (("حذر", "حذرت", "يحذر", "تحذر"), " من ")) for v in verbs}
_PUNCT_BETWEEN = re.compile(r"[،,.:;()«»\"“”]")
#: a preposition right before a name ("بخصوص كوريا الشمالية", "في الرياض", "من موسكو")
_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:في|من|إلى|الى|عن|على|مع|بخصوص|حول|بشأن|إزاء|نحو|عبر|ضد|تجاه)\s+$")
#: indefinite heads before a body's own name ("جامعة ماكماستر", "شركة أبل"): the name is the body's, not a person's
_NAME_OF_BODY = frozenset(normalise(w) for w in ("جامعة", "شركة", "وكالة", "صحيفة", "مؤسسة", "منظمة", "مجموعة", "بنك",
                                                 "مصرف", "مستشفى", "معهد", "مركز", "نادي", "قناة", "موقع", "مجلة"))
#: a phrase of time or side before a sentence's verb ("وفي غضون ذلك", "ومن جهته", "وفي المقابل")
_LEAD_PREPOSITIONS = frozenset(normalise(w) for w in ("وفي", "في", "ومن", "من", "وعلى", "على"))
_LEAD_WORDS = frozenset(normalise(w) for w in ("غضون", "ذلك", "جهته", "جهتها", "جانبه", "جانبها", "المقابل", "الأثناء",
                                               "هذه", "السياق", "الوقت", "نفسه", "ذاته", "هذا", "الأثناء"))
#: a verb that relays statements ("ونقلت الصحيفة تصريحات …", "ونشرت الوكالة حديثا …")
_RELAYS = re.compile(r"(?:^|\s)[وف]?(?:نقل|نقلت|نشر|نشرت|أورد|أوردت|بث|بثت|أذاع|أذاعت|تنقل|ينقل|تنشر|ينشر)\s")
#: words after which a name is the parent body or the leader of the speaking body, or where the speaker works ("هيئة
#: تتبع للأمم المتحدة", "محقق يعمل مع قيادة التحقيق الجنائي في الجيش الأمريكي")
_UNDER = frozenset(normalise(w) for w in ("تتبع", "يتبع", "التابعة", "التابع", "تابعة", "تابع", "بقيادة", "برئاسة",
                                           "يعمل", "تعمل", "يعملون", "العامل", "العاملة", "العاملين"))
#: heads of a phrase that names someone other than the person in it: a lawyer, a relative, companions
_RELATIONAL = frozenset(normalise(w) for w in (
    "محامي", "محامية", "محامو", "محامون", "والد", "والدة", "شقيق", "شقيقة", "أشقاء", "زوج", "زوجة", "أرملة",
    "ابن", "ابنة", "نجل", "نجلة", "أقارب", "عائلة", "أسرة", "ذوو", "ذوي", "صديق", "صديقة", "أصدقاء", "مقربون",
    "مقربين", "أنصار", "مؤيدو", "معارضو", "صحفيون", "صحفيين", "مراسلون", "مرافقون", "منتقدو", "منتقدي",
    "مؤيدي", "معارضي", "أحد", "إحدى", "قاضي", "قاضية", "مستخدمي", "مستخدمو", "باحثو", "باحثي", "باحثون", "باحثان", "باحثين",
    "موظفو", "موظفي", "مؤيدون", "المؤيدون", "المؤيدين", "مؤيدين", "المعارضون", "المنتقدون"))
_SPOKESMAN = re.compile(r"و?(?:ال)?(?:متحدث|ناطق|متحدثه|ناطقه)\b")
_VIA_TO = re.compile(r"(?:^|\s)[إا]لى\s+")  # "ونسبت الوكالة إلى مصدر مسؤول قوله إن"
#: "وكان الوزير قد" right before the verb: its subject
#: the subject of "أما X فـ…": 'أما صحيفة "ديلي كونترا نيوز" فقد زعمت أن', "أما توني بلير فقال إن"
_AMMA = re.compile(r"(?:^|[\s.،,])و?[أا]ما\s+(?!(?:عن|في|من|على|بشأن|حول|بالنسبة)\s)([^،,.:!?؟\n]{2,60}?)\s+(?:فقد\s+)?$")
_KANA_QAD = re.compile(r"(?:^|\s)و?(?:كان|كانت)\s+([^،,.:«»\"\n]{2,60}?)\s+قد\s*$")
_WHEN_WORDS = frozenset(normalise(w) for w in ("عندما", "حين", "حينما", "لما", "إذ", "بعدما", "قبلما", "حيث"))
#: "وكان المبعوث الأممي قد قال لدى …", "وكان مصدر مطلع قال، في تصريحات …، إن": the subject before the verb, also
#: without قد, whatever follows the verb (not a preposition's object: "وكان من المقرر")
_KANA_SUBJECT = re.compile(r"(?:(?:^|[،,.\n])\s*و?|\sو)(?:كان|كانت)\s+((?!(?:من|في|على|عن|إلى|الى|لدى|قد|قبل|بعد|هناك|ذلك|هذا)\s)"
                           r"[^،,.:«»\"\n\s]{2,}(?:\s+[^،,.:«»\"\n\s]+){0,4}?)(?:[،,]\s*قد|\s+(?:قد\s+)?)\s*$")
# ("وكان لافروف، قد قال"; not "وكان له ما أراد، ذكر", "كانت ناجحة، مشيرا")
#: "وذكرت صحيفة «الشرق الأوسط» نقلاً عن مصادر دبلوماسية أن": the sources a medium cites are the speaker, as after
#: "نقلت عن"; a person citing reports still speaks ("وقال وزير الدفاع، أوليكسي ريزنيكوف، نقلا عن تقارير استخباراتية، إن")
_CITING = re.compile(r"\sنقلا?[ًاً]*\s+عن\s+")
_MEDIA = frozenset(normalise(w) for w in ("صحيفة", "وكالة", "موقع", "قناة", "تلفزيون", "التلفزيون", "إذاعة", "الإذاعة",
                                          "شبكة", "مجلة", "جريدة", "الصحيفة", "الوكالة", "الموقع", "القناة", "وسائل"))

#: heads before a short name in quotation marks that is the name of a body, not a statement ('تقرير بنك "إتش إس بي سي"');
#: without the article: after "وقالت الشركة" the quotation is the company's statement
_NAMED_BODIES = _MEDIA | frozenset(normalise(w) for w in ("بنك", "مصرف", "شركة", "مجموعة", "منظمة", "مؤسسة", "جمعية",
                                                          "حزب", "حركة", "نادي", "صندوق"))


def _medium_first(seg: str) -> bool:
    words = normalise(seg).split()
    return bool(words) and words[0] in _MEDIA
#: what ends a subject: "قوله", "في بيان", the audience ("مصادر مطلعة لـ«الشرق»" at the end of the subject; not
#: "المديرة العامة لـ"أوكس" باسكال", of OX; "مسؤول أمني لوكالة فرانس برس") and the medium ("على حسابه في منصة إكس")
_SUBJECT_TAIL = re.compile(r"\s(?:قوله|قولها|في\s+(?:بيان|تصريحات?|حديث|كلمة|خطاب|مؤتمر|مقابلة|لقاء|رسالة|تقرير|مذكرة|حوار(?:ه|ها|هم)?(?=\s))|لـ\s|"
                           r"(?:التي|الذي|الذين)\s|على\s+(?:ضرورة|أهمية|القول)|للصحفيين|لوكالة|"
                           r"لصحيفة|لقناة|نقلا|وفق|بحسب|حسب|ل(?:بي\s+بي\s+سي|سي\s+[إا]ن\s+[إا]ن|رويترز|فرانس\s+برس|سكاي\s+نيوز)(?=[\s،,.]|$)|(?:بعد|قبل|منذ|حتى|رغم|بمجرد)\s+[اأ]ن\s|"
                           r"لـ?\s*[«\"“][^«»\"“”]{1,40}[»\"”]\s*(?:$|و(?:هو|هي|هم)\s)|في\s+(?:تغريدة|تغريدات|سلسلة\s+تغريدات|تدوينة|منشور)|على\s+(?:حساب|صفح|منص|موقع|تويتر|فيسبوك|إكس)|"
                           r"عبر\s+(?:حساب|صفح|منص|موقع|تويتر|فيسبوك|إكس|بيان|رسالة|تغريدة|قناة|التلفزيون))")
#: a time phrase after the subject ("رئيس الأركان البريطاني خلال الأسبوع المنصرم"; not one before it)
_TIME_TAIL = re.compile(r"\s(?:خلال|أمس|امس|اليوم|مساء|في\s+وقت\s+(?:سابق|لاحق)|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|"
                        r"الاربعاء|الخميس|الجمعة|السبت)(?=[\s،,]|$)")
#: the preposition a verb governs, left between its subject and أن: أشار … إلى أن، حذر … من أن، شدد … على أن
_ILA_END = re.compile(r"\s+(?:[اإأ]لى|من|على|عن)\s*$")
_COMMA = re.compile(r"[،,]")
_SOURCE_VERB = re.compile(r"\s*(?:[يتأا]?\w{2,5}(?:ت|ه)?)\s+(?=\S)")


@dataclass(slots=True)
class Quote:
    speaker_text: str
    speaker_key: str | None
    speaker_type: str  # PERS / ORG / ROLE / ANON
    verb: str
    quote: str
    direct: bool
    start: int
    end: int
    speaker_start: int
    speaker_end: int


class Frame(NamedTuple):
    """A quote found by the scan, before its speaker is resolved."""

    verb: str
    start: int  # the quoted text
    end: int
    direct: bool
    subject_start: int  # where the speaker is looked for
    subject_end: int
    chain: bool  # may fall back to the previous speaker
    verb_start: int | None  # subject-first order: a mention right before the verb
    keep: bool = True  # False: its speaker is resolved (the next chain may refer to it) but it is no quote
    soft: bool = False  # a verb whose complementizer is a later verb's: its subject counts only when clear


def frames_of(text: str, sents: list[tuple[int, int]], lang: str) -> list[Frame]:
    return english_frames(text, sents) if lang == "en" else arabic_frames(text, sents)


def resolve_frames(text: str, frames: list[Frame], mentions: list[dict[str, Any]]) -> list[Quote]:
    """The quotes of ``frames`` with their speakers, resolved in text order."""
    res = Resolver(text, mentions)
    out: list[Quote] = []
    for f in frames:
        if f.soft:  # a verb with no statement of its own: only a clear subject counts
            res.note(f.subject_start, f.subject_end, f.verb_start)
            continue
        sp = res.resolve(f.subject_start, f.subject_end, f.chain, f.verb_start, f.verb, f.start)
        res.previous_end = f.end if f.keep else -1
        if f.keep and sp[0].strip():  # a statement whose speaker was not found is no quote ("who said it" is the point)
            out.append(Quote(sp[0], sp[1], sp[2], f.verb, text[f.start:f.end], f.direct, f.start, f.end,
                             sp[3], sp[4]))
    return out


def _sentence_end(text: str, sents: list[tuple[int, int]], pos: int) -> int:
    i = bisect_right([s for s, _ in sents], pos) - 1
    return sents[i][1] if 0 <= i < len(sents) and sents[i][1] > pos else len(text)


def _sentence_start(sents: list[tuple[int, int]], pos: int) -> int:
    i = bisect_right([s for s, _ in sents], pos) - 1
    return sents[i][0] if i >= 0 else 0


def _closing(text: str, start: int, mark: str) -> int:
    end = text.find(OPEN_CLOSE[mark], start, start + MAX_QUOTE)
    nl = text.find("\n", start, end if end >= 0 else start + MAX_QUOTE)
    return -1 if nl >= 0 else end


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    junk = " \t\n،,.:;؛\"«»“”-–()"
    while a < b and text[a] in junk:
        a += 1
    while b > a and text[b - 1] in junk:
        b -= 1
    return a, b


def _content(text: str, sents: list[tuple[int, int]], pos: int) -> tuple[int, int, bool] | None:
    """Span of the quote that starts at ``pos`` (after the complementizer)."""
    k = pos
    while k < len(text) and text[k] in " \t":
        k += 1
    if k < len(text) and text[k] in OPEN_CLOSE:
        end = _closing(text, k + 1, text[k])
        if end > k + 1 and len(text[k + 1:end].split()) > 3:
            a, b = _trim(text, k + 1, end)
            return (a, b, True) if b > a else None
    end = _sentence_end(text, sents, pos)
    goes_on = _GOES_ON.search(text, pos, end)  # "...، مشيرا إلى أن ...": the speaker's next statement
    a, b = _trim(text, pos, goes_on.start() if goes_on else end)
    direct = b - a > 2 and text[a - 1:a] in OPEN_CLOSE
    return (a, b, direct) if b - a > 3 else None


#: a participle that carries the speaker on to a second statement ("، مشيرا إلى أن", "، مضيفة أن"), a second
#: reporting verb joined by و ("، وأضافت أن", "، وقال الوزير إن"), or the reporter's "، فيما …" / "، بينما …" (while
#: others did something; not "فيما يتعلق ب", regarding): the first statement ends there
_GOES_ON = re.compile(r"[،,]\s*(?:(?:مشير|مضيف|مؤكد|موضح|لافت|مطالب|محذر|داعي)(?:ا|ًا|اً|ة)|و(?:أضاف|تابع|أكد|أوضح|أشار|قال|أردف)ت?|"
                      r"فيما(?!\s+(?:يتعلق|يخص))|بينما|قال|قالت)\s")


class Resolver:
    """Resolves speaker phrases to entities, organisations, roles or the previous speaker."""

    def __init__(self, text: str, mentions: list[dict[str, Any]]) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.starts = [m["start"] for m in self.mentions]
        self.previous: tuple[str, str | None, str, int, int] | None = None
        self.previous_at = -1  # where the previous speaker's verb or subject stood
        self.previous_end = -1  # where the previous quote ended
        self.previous_verb = ""  # the verb that gave the previous speaker ("" when none did)

    def resolve(self, a: int, b: int, chain: bool, subject_first: int | None = None,
                reporting: str = "", quote_start: int | None = None) -> tuple[str, str | None, str, int, int]:
        a, b = _trim(self.text, a, b)
        adverb = _LEADING_ADVERB.match(self.text, a, b)
        if adverb is not None:  # "بحسب ما أعلنت الاثنين وزيرة الجيوش": the minister
            a = min(adverb.end(), b)
        adverb = _EN_ADVERB_END.search(self.text, a, b)
        if adverb is not None and adverb.start() >= a:  # "The coach later said": the coach; "They 've argued": they
            b = adverb.start()
        if _EN_AUX_ONLY.fullmatch(self.text, a, b):
            b = a  # "…, but has said": no subject of its own
        a = self._skip_preposition(a, b)
        if self.text[a - 1:a] != "ل" and _audience_first(self.text, a, b) and not self._named_at(a):
            a = b  # "وقال لأعضاء البرلمان خلال نقاش …": an audience, no subject ("لوكاس مورا" is a name)
        conj = _EN_CONJ_START.match(self.text, a, b)
        a = conj.end() if conj else a  # "But Felt told him …, insisting": Felt
        lead = _EN_LEAD_IN.match(self.text, a, b)
        while lead is not None and lead.end() < b:  # "In a filing with the Interior Department, however, the NRDC"
            nxt = _EN_LEAD_IN.match(self.text, lead.end(), b)
            if nxt is None:
                break
            lead = nxt
        if lead is not None and "," not in self.text[lead.end():b]:  # "In a statement, the army said": the army
            a = _trim(self.text, lead.end(), b)[0]
        elif lead is None and _EN_CLAUSE_LEAD.match(self.text, a, b) and "," in self.text[a:b]:
            a = _trim(self.text, self.text.rfind(",", a, b) + 1, b)[0]  # "Prior to this check-in to Betty Ford,
            # which was first reported by TMZ.com, California prosecutors had said": the prosecutors
        verb = _EN_VERB_IN_SUBJECT.search(self.text, a, b)
        if verb is not None and verb.start() > a:  # "Police arrested two men and said ...": the subject ends at its verb
            b = _trim(self.text, a, verb.start())[1]
        if _IN_IT.fullmatch(self.text, a, b):  # "أصدرت قبائل صعدة بياناً أكدت فيه أن": the sentence's subject
            a = b
            found = self.statement_owner(subject_first, in_it=True) if subject_first is not None else None
            found = found or (self.sentence_person(subject_first) if subject_first is not None else None)
            found = found or (self.sentence_issuer(subject_first) if subject_first is not None else None)
        else:
            found = self._first_named(a, b) if normalise(reporting).lstrip("وف") in _WARNING else None
        if found is None and subject_first is not None and not reporting.startswith(("و", "ف")) \
                and not self._named_at(a) and not self._titled_at(a) \
                and not normalise(reporting).startswith(("نقل", "نسب")):  # "رويترز نقلت عن مسؤول": the official
            found = self.clause_subject(subject_first)  # "أن إندونيسيا أكدت عدم تمويل …": the subject came first
        if found is None:
            found = self._document_of(a, b)  # "بيان لوزير النفط … أمام مجلس النواب": the minister, not the house
        appos = _EN_NAME_APPOSITION.match(self.text, a, b)
        if found is None and appos is not None:  # "Kenneth J. Montgomery, an attorney for the Gray family,": the name
            found = self._mention(a, appos.end(1))  # one word: not a lead-in ("Yesterday, the minister")
            if found is None and appos.group(1).lower() not in _EN_NOT_NAMES:
                found = appos.group(1), None, "PERS", appos.start(1), appos.end(1)
        if found is None:
            found = self._mention(a, b) if b > a else None
        if found is None:
            found = self._role(a, b)
        if found is None and subject_first is not None:
            found = self.before_verb(subject_first)
            if found is None and b <= a:
                found = self.statement_owner(subject_first)  # "ونقلت الوكالة تصريحات للوزير، إذ قال:"
            if found is None and b <= a:
                female = feminine(reporting)
                closed = _CLOSED_QUOTE.search(self.text, max(0, subject_first - 5), subject_first)
                if self.previous is not None and closed is not None and 0 <= closed.start() - self.previous_end <= 1:
                    found = self.previous  # '"… عزلة قطر مرشحة للاستمرار،" لافتا على أن': the quoted speaker goes on
                else:
                    found = self.clause_front(subject_first) if not reporting.startswith(("و", "ف")) else None
                if found is None and normalise(reporting) in _PARTICIPLES | _SUBJECT_BEFORE:
                    found = self.sentence_opener(subject_first, female)
                found = found or self.sentence_person(subject_first, female) or self.sentence_subject(subject_first, female)
                found = found or (self.sentence_lead(subject_first) if female else None)
                if found is None and not reporting.startswith(("و", "ف")):  # "المصادر أشارت إلى أن"
                    found = self.sentence_front(subject_first) or self.sentence_issuer(subject_first)
        if found is None and not chain and subject_first is not None and normalise(reporting) in _SUBJECT_BEFORE:
            found = self.sentence_title(subject_first)  # "وعلّق النائب العام على الحادث قائلاً"
        if found is None and b <= a and subject_first is not None and feminine(reporting) and self._previous_man():
            found = self.feminine_subject(subject_first)  # "وقال جونسون … إلا أن ماي ردت بغضب …. وأكدت على أنه"
        if found is None and b <= a and subject_first is not None and reporting.startswith(("و", "ف")):
            found = self.last_sentence_actor(subject_first, feminine(reporting))  # "واتهم الوزير X …. وقال"
        if found is None or (found[2] in ("ROLE", "ORG", "ANON") and self._anaphoric(a, b)):
            found = self.previous or ("", None, "ANON", a, a)
        subject = [w for w in normalise(self.text[a:b]).split() if w not in _EN_ADVERBS]
        if subject[-1:] in (["i"], ["we"]):  # "During the campaign I promised that …": a speech or a letter quoted at
            found = ("", None, "ANON", a, a)  # length, or the writer; who "I" is the text does not say here
        pronoun = subject in (["he"], ["she"]) or bool(_EN_AGED.fullmatch(self.text, a, b))
        before_quote = min(a, quote_start) if quote_start is not None else a  # '"MV Gibe was escorted," he added'
        if pronoun or found[0].lower() in ("he", "she") and found[3] == a:
            sex = "f" if subject == ["she"] or found[0].lower() == "she" else "m" if subject == ["he"] \
                or found[0].lower() == "he" else ""
            named = self._last_person(before_quote, leading_only=found[3] != a, sex=sex)  # a subject since the previous one
            wrong_sex = bool(sex) and found[2] == "PERS" and english_gender(self._full_name(found[0], found[1])) \
                not in ("", sex)
            if wrong_sex and named is None:
                named = self._last_person(before_quote, sex=sex)  # "her agent Mark Roesler said. … she said": Page
            if wrong_sex and named is None:
                named = subject[0], None, "ROLE", a, b  # no woman named: "she", not the man who spoke last
            if named is not None and (found[3] == a or named[3] > self.previous_at or wrong_sex):
                found = named
        if subject == ["they"] and found[2] == "PERS":  # "They tried to reach him, but they say …": not one person
            found = self._last_body(before_quote) or found  # "Laurence Mark and Bill Condon …. They said": theirs
        self.previous = found
        self.previous_verb = reporting
        self.previous_at = a if subject_first is None else min(a, subject_first)
        return found

    def statement_owner(self, verb_start: int, in_it: bool = False) -> tuple[str, str | None, str, int, int] | None:
        """The person whose statements a sentence relays, for a verb with no subject after them: "ونقلت الصحيفة
        تصريحات لمارادونا في برنامج … قال فيها", "ونقلت الوكالة تصريحات الأمير محمد بن سلمان، إذ قال" (not the
        paper or the agency that relays them), "في أعقاب تصريح لرئيس السلطة القضائية قال فيه". Without "فيه" a verb
        that relays must open the relayed statements ("واتفق الخراشي مع تصريحات ضويوي، وقال": الخراشي speaks)."""
        lo = max(map(self.text.rfind, _SENTENCE_ENDS, repeat(max(0, verb_start - MAX_SENTENCE_BACK)),
                     repeat(verb_start))) + 1
        owner = None
        for owner in _STATEMENTS_OF.finditer(self.text, max(lo, self.previous_at + 1), verb_start):
            pass
        if owner is None or not in_it and not _RELAYS.search(self.text, max(0, lo - 1), owner.start() + 1):
            return None
        i = bisect_right(self.starts, owner.end() - 2)
        if i >= len(self.mentions) or self.mentions[i]["type"] != "PERS" or self.mentions[i]["end"] > verb_start:
            word = _WORDS.match(self.text, owner.end())
            head = normalise(word.group()) if word else ""
            head = head[1:] if head.startswith("ل") and head[1:] in lexicon().title_heads else head
            if in_it and head in lexicon().title_heads:  # "تصريح لرئيس السلطة القضائية قال فيه": the titled role
                ra, rb = _head_phrase(self.text, owner.end(), verb_start)
                phrase = self._phrase(ra, rb)
                return _display(phrase.removeprefix("ل")), None, "ROLE", ra, rb
            return None
        m = self.mentions[i]
        between = normalise(self.text[owner.end():m["start"]]).split()
        if len(between) > 2 or any(w not in lexicon().title_heads for w in between):
            return None  # only a title between: "تصريحات الأمير محمد بن سلمان"
        return m["text"], m.get("key"), "PERS", m["start"], m["end"]

    def _previous_woman(self) -> bool:
        """The previous speaker is a woman or a body: a person or role named by a woman's given name, or any speaker
        given a feminine verb ("تقول الباحثة فاطمة صمادي … وأردفت": she goes on, not "إدارة ترامب" named in between)."""
        if self.previous is None:
            return False
        return self.previous[2] in ("PERS", "ROLE") and gender(self.previous[0]) == "f" \
            or bool(self.previous_verb) and feminine(self.previous_verb)

    def _previous_man(self) -> bool:
        """The previous speaker is a man: a person named by a man's given name or given a masculine verb."""
        if self.previous is None or self.previous[2] != "PERS":
            return False
        kind = gender(self.previous[0])
        return kind == "m" or not kind and bool(self.previous_verb) and not feminine(self.previous_verb)

    def feminine_subject(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """For a feminine verb with no subject after a man spoke: the last name since then that a feminine verb
        governs, right before or after it ("إلا أن ماي ردت بغضب", "وأبدت تركيا قلقها"); no man's name."""
        lo = max(self.previous_at + 1, verb_start - 400)
        for i in range(bisect_right(self.starts, verb_start - 1) - 1, -1, -1):
            m = self.mentions[i]
            if m["start"] < lo:
                break
            if m["end"] > verb_start or gender(m["text"]) == "m" or m["type"] not in ("PERS", "ORG", "LOC"):
                continue
            before = _WORDS.findall(self.text, max(0, m["start"] - 16), m["start"])[-1:]
            after = _WORDS.match(self.text, m["end"] + 1) if self.text[m["end"]:m["end"] + 1] == " " else None
            verbs = [normalise(w) for w in before + ([after.group()] if after else [])]
            if any(_feminine_perfect(w) for w in verbs):
                return m["text"], m.get("key"), "PERS" if m["type"] == "PERS" else "ORG", m["start"], m["end"]
        return None

    def _named_at(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos - 1)
        return i < len(self.mentions) and self.mentions[i]["start"] == pos

    def note(self, a: int, b: int, verb_start: int | None = None) -> None:
        """The subject of a verb that reports nothing itself ("كشفت الفنانة … عن جديد أغنياتها"; "نفت الناقلة … ما
        يتم تداوله، وأكدت أن"), kept as the previous speaker when it is a name, a body or a titled role."""
        a, b = _trim(self.text, a, b)
        near = list(_WORDS.finditer(self.text, a, b))[:3]
        found = self._mention(a, b) if near and any(self._named_at(w.start()) for w in near) else None
        if found is not None and (found[2] != "PERS" and not self._named_at(a) or self._governed(a, found[3])
                                  or str(found[1]).startswith("LOC:")):
            found = None  # "اعتبر القدس عاصمة …": a place or a body after the verb is its object
        head = normalise(near[0].group()) if near else ""
        if found is None and (head in _ORG_HEADS or head in lexicon().title_heads or head.startswith(_ANON_HEADS)
                              or head in _OFFICIALS):
            found = self._role(*_head_phrase(self.text, a, b))
        if found is None and verb_start is not None:
            found = self.clause_subject(verb_start)  # "أن إندونيسيا أكدت عدم تمويل …، لكنها حذرت من أن"
            found = found or self.sentence_front(verb_start)  # "لكن زوجة اللاعب نفت هذه المزاعم، وقالت إن"
        if found is not None:
            self.previous, self.previous_at, self.previous_verb = found, a, ""

    def _last_person(self, pos: int, leading_only: bool = False, sex: str = "") -> tuple[str, str | None, str, int, int] | None:
        """The person a "he"/"she" with no speaker before it refers to: the last one named at the start of a sentence
        ("Ford, meanwhile, made …. After it did, he was …"), else the last one named, within a dozen mentions; with
        ``sex`` ("m" for "he", "f" for "she"), not one whose given name is the other's ("Page died …, her agent Mark
        Roesler said. … she said": not Roesler)."""
        people = [m for m in self.mentions[max(0, bisect_right(self.starts, pos - 1) - 12):
                                           bisect_right(self.starts, pos - 1)] if m["type"] == "PERS" and m["end"] <= pos]
        if sex:
            people = [m for m in people if english_gender(self._full_name(m["text"], m.get("key"))) in ("", sex)]
        leading = [m for m in people if self._opens_sentence(m["start"])]
        chosen = leading or ([] if leading_only else people)
        if not chosen:
            return None
        m = chosen[-1]
        return m["text"], m.get("key"), "PERS", m["start"], m["end"]

    def _full_name(self, text: str, key: str | None) -> str:
        """The full name behind a mention: its entity key's name ("PERS:tishana king" for "King") when this article
        writes it (an entity linked across articles may be another person of the same surname), else its text."""
        name = str(key or "").split(":", 1)[1] if str(key or "").startswith("PERS:") else ""
        return name if name and name in self.text.lower() else text

    def _last_body(self, pos: int) -> tuple[str, str | None, str, int, int] | None:
        """The organisation a "they" with a person before it refers to: the last one named in the 600 characters
        before ``pos`` ("Bloomington Police say … They tried …, but they say")."""
        i = bisect_right(self.starts, pos - 1) - 1
        near = [m for m in self.mentions[max(0, i - 8):i + 1]
                if m["type"] == "PERS" and pos - 200 <= m["start"] and m["end"] <= pos]
        if any(self.text[x["end"]:y["start"]] == " and " for x, y in pairwise(near)):
            return None  # "Mark and Condon have axed the monologue. They said": the two people named just before
        while i >= 0 and self.mentions[i]["start"] >= pos - 600:
            m = self.mentions[i]
            if m["type"] == "ORG" and m["end"] <= pos:
                return m["text"], m.get("key"), "ORG", m["start"], m["end"]
            i -= 1
        return None

    def _opens_sentence(self, pos: int) -> bool:
        """Whether ``pos`` is within the first four words of its sentence ("Prime Minister George Papandreou vowed")."""
        start = max(map(self.text.rfind, (".", "\n", "?", "!"), repeat(max(0, pos - 80)), repeat(pos))) + 1
        return (start > 0 or pos < 80) and len(self.text[start:pos].split()) <= 3

    def _titled_at(self, pos: int) -> bool:
        word = _WORDS.match(self.text, pos)
        return word is not None and normalise(word.group()) in lexicon().title_heads

    def _skip_preposition(self, a: int, b: int) -> int:
        m = _PREPOSITION.match(self.text[a:b])
        return a + m.end() if m else a

    def _mention(self, a: int, b: int) -> tuple[str, str | None, str, int, int] | None:
        i = bisect_right(self.starts, a - 1)
        inside = []
        while i < len(self.mentions) and self.mentions[i]["start"] < b:
            if self.mentions[i]["end"] <= b:
                inside.append(self.mentions[i])
            i += 1
        if self._for_a_person(a, inside):
            return None  # "المتحدثة باسم المستشارة، أنجيلا ميركل": the spokeswoman speaks, a role
        first = _WORDS.search(self.text, a, b)
        if first is not None and normalise(first.group()) in _DOCUMENT_HEADS:  # "وقالت مذكرة وزعت على دول الاتحاد
            inside = [m for m in inside if not _SENT_TO.search(self.text, first.end(), m["start"])]  # الأوروبي": the memo
        title_end = first.end() if first is not None and normalise(first.group()) in lexicon().title_heads else -1
        inside = [m for m in inside if not self._not_the_subject(a, m)]
        for kinds, label in ((("PERS",), "PERS"), (("ORG", "LOC"), "ORG")):
            for m in inside:
                if label == "ORG" and 0 <= title_end <= m["start"]:
                    continue  # "مدير معهد نوبل", "الأمين العام للأمم المتحدة": the titled person speaks, a role
                if m["type"] == "LOC" and m["start"] > a:  # "Bankers in Cairo": the place is no speaker
                    continue
                if self._in_brackets(a, m["start"]):  # "حاكم إقليم سوندا (ويست نوسا تينغارا)": an aside
                    continue
                if _TO_A_REPORTER.search(self.text, a, m["start"]):  # "قال البرعي لمراسل بي بي سي محمد حميده إن"
                    continue
                if _EN_POSSESSED.match(self.text, m["end"], b) or m["text"].endswith(("'", "’", "'s", "’s")) \
                        and _EN_NOUN_NEXT.match(self.text, m["end"], b):  # "Dr. Collins' colleagues": theirs speak
                    continue
                if m["type"] != "PERS" and _EN_PEOPLE_AFTER.match(self.text, m["end"], b):
                    continue  # "A Navy spokesperson", "Bloomington officers": they speak, a role
                if m["type"] == "PERS" and self._described_after(m, inside):
                    continue  # "Jaguars safety Reggie Nelson", "Colts coach Tony Dungy": the name after the role
                if m["type"] in kinds and not self._role_before(a, m["start"], m["type"]) \
                        and not (label == "ORG" and _SPOKESMAN.match(normalise(self.text[a:m["start"]]))):
                    return m["text"], m.get("key"), label, m["start"], m["end"]
        return None

    def _described_after(self, m: dict[str, Any], inside: list[dict[str, Any]]) -> bool:
        """An English name (a team, a body, even when tagged a person) followed by a lower-case role and the person
        who holds it: "Jaguars safety Reggie Nelson", "Obama aide David Axelrod" (not "Smith and Jones")."""
        after = next((n for n in inside if n["start"] >= m["end"]), None)
        return after is not None and after["type"] == "PERS" \
            and _EN_DESCRIPTOR.fullmatch(self.text, m["end"], after["start"]) is not None

    def _not_the_subject(self, a: int, m: dict[str, Any]) -> bool:
        """A mention in a subject span that is not its head: one governed by a preposition ("رئيس الوزراء، خلال مؤتمر
        مشترك مع البشير"), after an occasion or a comma in a document's phrase ("لدى عودتهم من بيونغيانغ", "مذكرة
        تفتيش، حصلت بي بي سي على نسخة منها"), after a verb that relays ("بيان للتحالف نشرته وكالة الأنباء"), or
        the fragment of an abbreviation ("سي.إن.إن")."""
        start = m["start"]
        if self.text[m["end"]:m["end"] + 1] == "." and self.text[m["end"] + 1:m["end"] + 2].strip():
            return True
        if start <= a:
            return False
        if m["type"] == "PERS" and normalise(m["text"]).startswith(("لل", "لفريق", "لنادي", "لمنتخب")):
            return True  # "وقال المدرب الإسباني للصحافيين", "المهاجم السابق لفريق سانتوس": no person, whatever the
            # tagger says
        first = _WORDS.search(self.text, a, start)
        document = first is not None and normalise(first.group()) in _DOCUMENT_HEADS | {"بيان", "البيان", "تقرير"}
        before = _WORDS.findall(self.text, max(a, start - 8), start)[-1:]
        relayed_from = bool(before) and normalise(before[0]) == "عن"  # "نقلت صحيفة … عن وليد القديمي": the source
        last = _WORDS.findall(self.text, max(a, start - 14), start)[-1:]
        if m["type"] == "PERS" and last and normalise(last[0]) in _NAME_OF_BODY:
            return True  # "من جامعة ماكماستر": a person's name read inside an organisation's
        definite_head = first is not None and normalise(first.group()).startswith("ال") and m["type"] != "PERS" \
            and not self._named_at(first.start())  # "ويقول الخبراء، من جامعة ماكماستر في كندا، إن": the experts
        return (self._governed(a, start) and self.text[start - 1:start] not in "لب" and not relayed_from
                or _OCCASION.search(self.text, a, start) is not None or _RELAYED_BY.search(self.text, a, start) is not None
                or (document or definite_head) and _COMMA.search(self.text, a, start) is not None)

    def _role_before(self, a: int, start: int, kind: str = "") -> bool:
        """An ORG/PERS inside a role phrase ("مسؤول في البيت الأبيض") is not the speaker, nor the person whose
        lawyer, relative or companions speak ("محامي القس أندرو برانسون", "صحفيون مرافقون لوزير الخارجية"); a name
        in apposition after a comma is theirs ("محامي الدفاع، إسماعيل هالافورت،")."""
        head = normalise(self.text[a:start]).split()
        if len(head) > 1 and head[0] in ("احد", "احدى"):  # "أحد أقارب أراس أميري"
            head = head[1:]
        if len(head) > 1 and head[0] in _MEMBERS and (head[1] in ("في", "من", "لدى", "ب", "بال") or head[1].startswith("بال")) \
                and kind != "PERS":
            return True  # "مساعد في مجلس الشيوخ", "باحثان من جامعة فارفيك": the member speaks
        if not head:
            return False
        if len(head) > 1 and head[0] in _AIDES and head[1].startswith("لل"):
            return True  # "معاون للرئيس الإيراني حسن روحاني": not Rouhani
        people = next((k for k, w in enumerate(head[:4]) if w in _EN_PEOPLE), -1)
        if "a" <= head[0][:1] <= "z" and people >= 0 and _EN_OF.intersection(head[people + 1:]):
            return True  # "forensic experts acting for the Grigoropoulos family"; not "Corrections spokeswoman X"
        if len(head) > 1 and head[0] in ("مدير", "مديره") and head[1] == "مكتب":
            return True  # "مديرة مكتب آل غور السابقة": not Al Gore
        if head[0] in _PLAYERS and kind != "PERS" and (self.text[start:start + 1] == "ل"
                                    or any(w.startswith(("لفريق", "لنادي", "لمنتخب", "لل")) for w in head[1:])):
            return True  # "المهاجم السابق لفريق سانتوس": the striker speaks, not the club
        if len(head) > 1 and _UNDER.intersection(head[1:]):
            return True  # "هيئة شبه رسمية تتبع للأمم المتحدة", "الفريق بقيادة القاضية …": the body or team speaks
        return bool(head) and (head[0].lstrip("و") in _ANON_HEADS + _OFFICIALS
                               or head[0] in _RELATIONAL and not _COMMA.search(self.text, a, start))

    def _for_a_person(self, a: int, inside: list[dict[str, Any]]) -> bool:
        """A spokesperson "باسم" a person or a titled office ("المتحدث باسم الرئيس", "الناطقة باسم المستشارة"):
        the names after it are the principal's, not the speaker's."""
        on_behalf = _ON_BEHALF_OF.match(self.text, a)
        if on_behalf is None:
            return False
        at = on_behalf.end()
        word = _WORDS.match(self.text, at)
        return any(m["start"] == at and m["type"] == "PERS" for m in inside) \
            or word is not None and normalise(word.group()) in lexicon().title_heads

    def _in_brackets(self, a: int, pos: int) -> bool:
        """An opening bracket between ``a`` and ``pos`` not closed before ``pos``."""
        seg = self.text[a:pos]
        return seg.rfind("(") > seg.rfind(")")

    def _phrase(self, a: int, b: int) -> str:
        """The text of a speaker phrase. After a marker ending in a joined ل ("وفقا للمرصد", "بيان للمركز"), that ل
        took the article's: "لمرصد …" reads "المرصد …"."""
        phrase = self.text[a:b]
        if phrase[:1] == "ل" and a >= 2 and self.text[a - 1] == "ل" and self.text[a - 2].isspace():
            return "ا" + phrase
        return phrase

    def _role(self, a: int, b: int) -> tuple[str, str | None, str, int, int] | None:
        aside = _AR_ASIDE.search(self.text, a, b)
        opener = _WORDS.match(self.text, a)
        if aside is not None and aside.start() > a and opener is not None and normalise(opener.group()) in _PLAYERS:
            b = aside.start()  # "المهاجم السابق لفريق سانتوس، وهو الهداف التاريخي،": the striker
        words = normalise(self._phrase(a, b)).split()
        if not words:
            return None
        first = words[0]
        if first in _DOCUMENT_HEADS and len(words) > 6:  # "مذكرة وزعت على …": the document, not where it went
            head = _head_phrase(self.text, a, b)
            second = list(_WORDS.finditer(self.text, head[0], head[1]))[1:2]
            end = second[0].start() if second and normalise(second[0].group()).endswith("ت") \
                and not normalise(second[0].group()).startswith("ال") else head[1]  # "مذكرة وزعت": a verb follows
            return _display(self.text[head[0]:end].strip()), None, "ROLE", head[0], end
        late = _TIME_TAIL.search(self.text, a, b) or _OCCASION.search(self.text, a, b)
        if late is not None and self.text[a:late.start()].strip():
            b = late.start()  # "رئيس الأركان البريطاني خلال الأسبوع المنصرم", "محافظ الهيئة لدى مشاركته في …": the
            # role ends before its time or occasion
            words = normalise(self._phrase(a, b)).split()
        if first.startswith(_ANON_HEADS) or first in ("a", "an") or _EN_ANON.intersection(words[:6]) \
                or (first in _QUANTIFIERS or first[:1].isdigit()) and (first not in ("عدد", "بعض") or words[1:2] == ["من"]):
            # "واحد من 4 أشخاص في الولايات المتحدة", "70% من المشاركين", "عدد من السكان" (not "عدد المحطات")
            # "an economist at a regional bank", "two officials in the delegation, who spoke on ..."
            end = self.text.find(",", a, b)
            clause = _SOURCE_CLAUSE.search(self.text, a, b if end < 0 else end)  # "... أطلع المراسلين بشرط عدم ..."
            end = clause.start() if clause else end
            return _display(self._phrase(a, b if end < 0 else end)), None, "ANON", a, b if end < 0 else end
        gaz = lexicon().gazetteer.get(tuple(words))
        if gaz in ("ORG", "LOC"):
            return self._phrase(a, b), f"ORG:{' '.join(words)}", "ORG", a, b
        if first in _ORG_HEADS:  # up to a comma: وكالة "سبوتنيك" الروسية، السبت 12 فبراير ...
            comma = _COMMA.search(self.text, a, b)
            b = _trim(self.text, a, comma.start())[1] if comma and comma.start() > a else b
            shown = _display(self._phrase(a, b))
            return shown, f"ORG:{normalise(shown)}", "ORG", a, b
        latin = "a" <= first[:1] <= "z"  # an English phrase: a longer one is still a description
        relative = _EN_RELATIVE_IN.search(self.text, a, b) if latin else None
        if relative is not None:  # "Former New York City detectives who were assigned to …": the detectives
            b = relative.start()
            words = normalise(self._phrase(a, b)).split()
        if first.lstrip("و") in _ROLE_HEADS or first in _RELATIONAL or first in lexicon().title_heads \
                or len(words) <= (10 if latin else 6):
            clause = None if latin else _SOURCE_CLAUSE.search(self.text, a, b)
            b = _trim(self.text, a, clause.start())[1] if clause and clause.start() > a else b
            return _display(self._phrase(a, b)), None, "ROLE", a, b
        if not latin and _UNDER.intersection(words[1:5]):  # "الإعلام الحربي التابع لجماعة حزب الله اللبنانية أيضا"
            also = _ALSO_END.search(self.text, a, b)
            b = also.start() if also else b
            return _display(self._phrase(a, b)), None, "ROLE", a, b
        ha, hb = _head_phrase(self.text, a, b)
        if not latin and hb > ha and (first not in stopwords() or first in _QUANTIFIERS) \
                and (_PHRASE_THEN_CIRCUMSTANCE.match(self.text, hb, b) or first in _NAMED_BODIES):
            # "مجموعة مسلحة منبثقة عن متمردي الطوارق السابقين ومسؤولون قبليون": a body described at length
            return _display(self._phrase(ha, hb)), None, "ROLE", ha, hb  # "وسائل الإعلام السعودية في أعقاب الحادثة"
        return None

    def clause_subject(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """A subject put before its verb at the start of a clause: "أن إندونيسيا أكدت", "لكن الشركة نفت"; not the
        object of a preposition ("في جورجيا قال")."""
        found = self.before_verb(verb_start)
        if found is None:
            return None
        before = normalise(self.text[max(0, found[3] - 12):found[3]]).split()
        opener = before[-1] if before and not self.text[found[3] - 1:found[3]].strip() else ""
        at_start = not self.text[max(0, found[3] - 2):found[3]].strip(" \t") or \
            self.text[found[3] - 2:found[3]].strip() in ("،", ",", ".", "\n")
        return found if at_start or opener in _CLAUSE_OPENERS else None

    def before_verb(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """Subject-first order ("الكرملين كشف أن"): a mention ending right before the verb."""
        i = bisect_right(self.starts, verb_start) - 1
        if i >= 0 and 0 <= verb_start - self.mentions[i]["end"] <= 2 \
                and not self.text[self.mentions[i]["end"]:verb_start].strip() \
                and not self._governed(max(0, self.mentions[i]["start"] - 30), self.mentions[i]["start"]) \
                and not _PREPOSITION_BEFORE.search(self.text, max(0, self.mentions[i]["start"] - 12),
                                                   self.mentions[i]["start"]):
            m = self.mentions[i]  # not "ويتفق فوزي ضويوي مع خراشي قائلا", "بخصوص كوريا الشمالية قائلا": not a subject
            return m["text"], m.get("key"), "PERS" if m["type"] == "PERS" else "ORG", m["start"], m["end"]
        return None

    def sentence_person(self, verb_start: int, female: bool = False) -> tuple[str, str | None, str, int, int] | None:
        """A verb without a subject in the middle of a sentence ("تحذير من المستشار جايك ساليفان، …، وقال إن"):
        the sentence's first person named before the verb, unless the previous speaker spoke in this sentence
        ("ذكرت الوكالة أن بوتين …، وأضافت أن": the agency goes on) or the person is the object of a preposition
        ("ردا على سؤال عن بوتين، قال إن"). A ``female`` verb ("وأكدت") takes no man named by his given name
        ("رحبت الحكومة بالاتفاق الذي وقعه الوزير فؤاد حسين، وأكدت أن": not the minister), a masculine one no
        woman (``gender``)."""
        start = self._sentence_start(verb_start)
        if start is None:
            return None
        rel = _RELATIVE_END.search(self.text, max(start, verb_start - 40), verb_start)
        if rel is not None:  # "… هاينكس الذي قال إن": the noun before the pronoun, if it is a name
            i = bisect_right(self.starts, rel.start()) - 1
            m = self.mentions[i] if i >= 0 else None
            if m is not None and m["type"] in ("PERS", "ORG") and m["start"] >= start \
                    and not self.text[m["end"]:rel.start()].strip(" ،,\"»”"):  # "مع "فيسبوك"، والتي قالت إن"
                person = self.mentions[i - 1] if m["type"] == "ORG" and i > 0 else None
                if person is not None and person["type"] == "PERS" and person["start"] >= start \
                        and len(self.text[person["end"]:m["start"]].split()) == 1:
                    m = person  # "زين الدين زيدان مدرب ريال مدريد الذي أكد": the coach, not the club
                return m["text"], m.get("key"), m["type"], m["start"], m["end"]
            return None
        for i in range(bisect_right(self.starts, start - 1), len(self.mentions)):
            m = self.mentions[i]
            if m["start"] >= verb_start:
                break
            if m["type"] == "PERS" and m["end"] <= verb_start and not self._governed(start, m["start"]) \
                    and not self._role_before(start, m["start"]) and gender(m["text"]) != ("m" if female else "f") \
                    and not (female and not gender(m["text"]) and self._previous_woman()):
                return m["text"], m.get("key"), "PERS", m["start"], m["end"]
        return None

    def sentence_opener(self, verb_start: int, female: bool) -> tuple[str, str | None, str, int, int] | None:
        """The named body or place right after the verb that opens the sentence, for a participle later in it: "وسعى
        البيت الأبيض إلى التخفيف من لهجة تعليقات ترامب، قائلا إن" (the White House, not Trump). The opening verb is a
        perfect one of the participle's gender (ending in ت for "مضيفة"); a person is left to ``sentence_person``."""
        start = self._sentence_start(verb_start)
        words = [] if start is None else list(_WORDS.finditer(self.text, start, verb_start))[:2]
        if len(words) < 2 or not self._named_at(words[1].start()) or self._named_at(words[0].start()) \
                or self.text[words[0].end():words[1].start()].strip():
            return None  # "دبي، الإمارات العربية المتحدة (CNN)— علّق …": a dateline, no verb and subject
        first = normalise(words[0].group())
        first = first[1:] if first[:1] in ("و", "ف") and len(first) > 3 else first
        if first in stopwords() or first.startswith(("ال", "ي", "ت")) or first.endswith("ت") != female:
            return None
        m = self.mentions[bisect_right(self.starts, words[1].start() - 1)]
        if m["type"] == "PERS" or m["end"] > verb_start:
            return None
        return m["text"], m.get("key"), "ORG", m["start"], m["end"]

    def last_sentence_actor(self, verb_start: int, female: bool) -> tuple[str, str | None, str, int, int] | None:
        """A verb with no subject that opens its sentence ("وقال: …") after a sentence whose verb reported nothing but
        whose subject, a named person, came after that verb ("وانتقد وزير الدفاع نفتالي بينيت الجماعة …. وقال في بيان",
        "وأعلن وزير الدفاع فلاديمير بادرينو لوبيز … عن تأييده …. وقال"): that person, when the previous speaker spoke
        before that sentence. The opening verb is a perfect one of the same gender (ending in ت for a feminine one)."""
        opens = max(map(self.text.rfind, _SENTENCE_ENDS, repeat(max(0, verb_start - 40)), repeat(verb_start))) + 1
        if opens <= 0 or self.text[opens:verb_start].strip():
            return None  # the verb does not open its sentence
        end = opens - 1
        while end > 0 and self.text[end - 1] in ".!?؟\n \t":
            end -= 1  # back over the end of the sentence before
        start = max(map(self.text.rfind, _SENTENCE_ENDS, repeat(max(0, end - MAX_SENTENCE_BACK)), repeat(end))) + 1
        if start <= self.previous_at:
            return None  # the previous speaker spoke in that sentence: they go on
        words = list(_WORDS.finditer(self.text, start, opens))[:9]
        k = 0
        if words and normalise(words[0].group()) in _LEAD_PREPOSITIONS:  # "وفي غضون ذلك أعلن وزير الدفاع …"
            k = 1
            while k < min(4, len(words)) and normalise(words[k].group()) in _LEAD_WORDS:
                k += 1
        words = words[k:k + 6]
        if len(words) < 3:
            return None
        first = normalise(words[0].group())
        verb = first[1:] if first.startswith("و") and k == 0 else first
        if (k == 0 and not first.startswith("و")) or verb in stopwords() or verb.startswith("ال") or len(verb) < 3 \
                or verb.endswith("ت") != female:
            return None  # a sentence opened by a perfect verb ("وانتقد", "وأعلن"; "وفي غضون ذلك أعلن")
        for w in words[1:4]:
            i = bisect_right(self.starts, w.start() - 1)
            if i < len(self.mentions) and self.mentions[i]["start"] == w.start() and self.mentions[i]["type"] == "PERS":
                m = self.mentions[i]
                return m["text"], m.get("key"), "PERS", m["start"], m["end"]
            if normalise(w.group()) not in lexicon().title_heads and not normalise(w.group()).startswith("ال"):
                return None  # only a title before the name: "وأعلن وزير الدفاع فلاديمير …"
        return None

    def sentence_lead(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """A body that opens the sentence, a feminine verb right after it, for a later feminine verb with no subject:
        "صحيفة لوموند تناولت الأزمة السياسية في ألمانيا وكتبت إن"."""
        start = self._sentence_start(verb_start)
        if start is None:
            return None
        i = bisect_right(self.starts, start - 1)
        if i >= len(self.mentions) or self.mentions[i]["end"] > verb_start \
                or self.text[start:self.mentions[i]["start"]].strip(" \tو") or self.mentions[i]["type"] == "PERS":
            return None
        m = self.mentions[i]
        after = _WORDS.match(self.text, m["end"] + 1) if self.text[m["end"]:m["end"] + 1] == " " else None
        if after is None or not _feminine_perfect(normalise(after.group())):
            return None
        return m["text"], m.get("key"), "ORG", m["start"], m["end"]

    def sentence_subject(self, verb_start: int, female: bool) -> tuple[str, str | None, str, int, int] | None:
        """The organisation that is the subject of the sentence's first verb, when a second verb of the same
        gender has no subject of its own: "رحبت الحكومة العراقية بالاتفاق …، وأكدت أن", "وكانت الشرطة الأوكرانية
        قد أوضحت أن". The opener is a feminine verb (ending in ت) for a feminine verb, كان for a masculine one (a
        masculine verb is not known by its form). The subject is an organisation head (``_ORG_HEADS``), the word
        after it when the head is indefinite ("وزارة التجارة", "وكالة "موديز""), then definite words
        ("الصينية"), three words at most, up to a comma, a quotation's end or a preposition."""
        start = self._sentence_start(verb_start)
        words = [] if start is None else list(_WORDS.finditer(self.text, start, verb_start))
        if len(words) < 3:
            return None
        opener = normalise(words[0].group())
        opener = opener[1:] if opener[:1] in ("و", "ف") and len(opener) > 3 else opener
        head = normalise(words[1].group())
        if not (opener.endswith("ت") and len(opener) > 2 if female else opener == "كان") or head not in _ORG_HEADS:
            return None
        end = self._body_end(words[1:], head, verb_start)
        phrase = _display(self.text[words[1].start():end])
        return phrase, f"ORG:{normalise(phrase)}", "ORG", words[1].start(), end

    def _body_end(self, words: list[re.Match[str]], head: str, limit: int) -> int:
        """Where an organisation's name that starts at ``words[0]`` (normalised: ``head``) ends: the word after an
        indefinite head ("وزارة التجارة", "وكالة "موديز""), then definite words ("الصينية"), four words at most, up to a
        comma, a quotation's end or a preposition."""
        end = words[0].end()
        for k, w in enumerate(words[1:4]):
            gap, n = self.text[end:w.start()], normalise(w.group())
            if "،" in gap or "," in gap or n in _SUBJECT_STOP or n.startswith(("بال", "لل")) \
                    or not (n.startswith("ال") or (k == 0 and not head.startswith("ال")) or "a" <= n[:1].lower() <= "z"):
                break
            if k > 0 and n.startswith("ال") and not normalise(words[k].group()).startswith("ال") \
                    and not n.endswith(("ي", "يه", "ية")):
                break  # "وكالة بلومبرج الإخبارية", but "وسلطت وكالة بلومبرج الضوء على": after a name, only an adjective
            opening = next((q for q in OPEN_CLOSE if q in gap), None)
            if opening is not None:  # a quoted name ("وكالة "موديز"", "صحيفة "نيويورك تايمز"") ends the phrase
                close = self.text.find(OPEN_CLOSE[opening], w.start(), min(limit, w.start() + 40))
                end = _trim(self.text, w.start(), close)[1] if close > 0 else w.end()
                break
            end = w.end()
            if any(q in self.text[end:end + 2] for q in "\"»”"):
                break  # the phrase itself was quoted
        return end

    def _document_of(self, a: int, b: int) -> tuple[str, str | None, str, int, int] | None:
        """"بيان للمركز الإعلامي الأمني صدر …", "رسالة من وزارة الخارجية": the body whose statement it is."""
        doc = _DOCUMENT_OF.match(self.text, a, b)
        words = list(_WORDS.finditer(self.text, doc.end(), b)) if doc else []
        if not words:
            return None
        head = normalise(self._phrase(words[0].start(), words[0].end()))
        titled = head in lexicon().title_heads
        if not titled and head not in _ORG_HEADS and "ال" + head[2:] not in _ORG_HEADS:
            return None
        start, end = words[0].start(), self._body_end(words, head, b)
        named = self._mention(start, b)
        if named is not None and named[3] <= end + 1:  # the body's or the titled person's own name
            return named
        phrase = _display(self._phrase(start, end))
        return (phrase, None, "ROLE", start, end) if titled else (phrase, f"ORG:{normalise(phrase)}", "ORG", start, end)

    def _first_named(self, a: int, b: int) -> tuple[str, str | None, str, int, int] | None:
        """The mention that opens the subject: "حذرت الولايات المتحدة الرئيس السوري من …" (the one warned follows)."""
        i = bisect_right(self.starts, a - 1)
        if i < len(self.mentions) and self.mentions[i]["start"] == a and self.mentions[i]["end"] <= b:
            m = self.mentions[i]
            return m["text"], m.get("key"), "PERS" if m["type"] == "PERS" else "ORG", m["start"], m["end"]
        return None

    def sentence_front(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """A subject put before its verb that is no name: "ولكن المصدر المطلع على الملف أكد لوكالة … أن"."""
        start = self._sentence_start(verb_start)
        if start is None:
            return None
        lead = _FRONT_LEAD.match(self.text, start, verb_start)
        return self._front_phrase(lead.end() if lead else start, verb_start, lead is not None)

    def clause_front(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """A subject put first after a contrast in mid-sentence: "…، لكن القناة الثانية بالتلفزيون الإسرائيلي
        قالت إن" (not the sources named at the start of the sentence)."""
        opener = None
        for opener in _CONTRAST.finditer(self.text, max(0, verb_start - 80), verb_start):
            pass
        if opener is None or _COMMA.search(self.text, opener.end(), verb_start):
            return None  # "…، بينما الرخصة تصدر خلال أسبوع، موضحاً أن": a clause of its own, then the speaker's participle
        return self._front_phrase(opener.end(), verb_start, True)

    def _front_phrase(self, a: int, b: int, lead: bool) -> tuple[str, str | None, str, int, int] | None:
        a, b = _trim(self.text, a, b)
        words = normalise(self.text[a:b]).split()
        construct = len(words) > 1 and words[1].startswith("ال") and not words[0].startswith(("ب", "ل", "و", "ف"))
        if not 0 < len(words) <= (6 if words and words[0].startswith("ال") else 3) or _COMMA.search(self.text, a, b) \
                or words[0] in stopwords() or not (words[0].startswith("ال") or construct or lead):
            return None  # "ولكن المصدر المطلع …", "كاتب المقال يرى", "لكن جماعات إغاثة تقول"
        kind = "ANON" if words[0][2:].startswith(_ANON_HEADS) else "ROLE"
        return _display(self.text[a:b]), None, kind, a, b

    def sentence_issuer(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """The subject after the sentence's first verb, when a statement is "فيه" (in the document it issued):
        "ونشر الاتحاد التونسي بياناً قال فيه", "أصدرت قبائل صعدة بياناً أكدت فيه", or when a verb in mid-sentence
        has no subject of its own ("أعلن مصدر أمني مقتل 18 شخصاً بأيدي مسلحين قال إنهم")."""
        start = self._sentence_start(verb_start)
        words = [] if start is None else list(_WORDS.finditer(self.text, start, verb_start))
        if len(words) < 3:
            return None
        first = normalise(words[0].group())
        if first in stopwords() or first[1:] in stopwords() and first[:1] in ("و", "ف"):
            return None  # "ثم شكّل بعدها", "وعن تصريحه الذي قال فيه", "من جانبها"
        k = 0 if first.startswith("ال") else 1  # "الشركة رفضت … وأكدت فيه" / "ونشر الاتحاد بياناً قال فيه"
        head = normalise(words[k].group())
        anonymous = head.startswith(_ANON_HEADS) or head in _OFFICIALS
        if head not in _ORG_HEADS and not anonymous and not any(self._named_at(w.start()) for w in words[k:k + 2]):
            return None  # a body ("الاتحاد التونسي", "الشركة") or a name ("قبائل صعدة"), not "وجاء الكشف"
        if self._named_at(words[k].start()):  # "وطالبت واشنطن موسكو …": the name itself
            m = self.mentions[bisect_right(self.starts, words[k].start() - 1)]
            return m["text"], m.get("key"), "PERS" if m["type"] == "PERS" else "ORG", m["start"], m["end"]
        end = self._body_end(words[k:], head, verb_start)
        late = _TIME_TAIL.search(self.text, words[k].start(), end)  # "أعلن مصدر أمني الأحد مقتل …"
        end = late.start() if late else end
        phrase = _display(self.text[words[k].start():end])
        if anonymous:
            return phrase, None, "ANON", words[k].start(), end
        return phrase, f"ORG:{normalise(phrase)}", "ORG", words[k].start(), end

    def sentence_title(self, verb_start: int) -> tuple[str, str | None, str, int, int] | None:
        """A titled subject right after the sentence's first verb ("وعلّق النائب العام على الحادث قائلاً"), or a
        definite one after a verb that governs what follows ("علق النجم البرازيلي على تصريحات راموس قائلا")."""
        start = self._sentence_start(verb_start)
        words = [] if start is None else list(_WORDS.finditer(self.text, start, verb_start))
        if len(words) < 2:
            return None
        first, head = normalise(words[0].group()), normalise(words[1].group())
        definite = head.startswith("ال") and len(head) > 3 and head not in stopwords() and not first.startswith("ال") \
            and first not in stopwords() and _GOVERNED_AFTER.search(self.text, words[1].end() - 1, verb_start)
        if head not in lexicon().title_heads and not definite:
            return None
        end = self._body_end(words[1:], normalise(words[1].group()), verb_start)
        return _display(self.text[words[1].start():end]), None, "ROLE", words[1].start(), end

    def _sentence_start(self, verb_start: int) -> int | None:
        """Where the verb's sentence starts; None when no sentence end is in reach (too long to tell) or when the
        previous speaker spoke in this sentence (it goes on: ``previous_at``)."""
        start = max(map(self.text.rfind, _SENTENCE_ENDS, repeat(max(0, verb_start - MAX_SENTENCE_BACK)),
                        repeat(verb_start))) + 1
        if start <= 0 and verb_start > MAX_SENTENCE_BACK:
            return None
        if self.previous is not None and self.previous_at >= start:
            return None
        return start

    def _governed(self, start: int, pos: int) -> bool:
        """The mention at ``pos`` follows a preposition (a word of its own, or ل/ب joined to the name)."""
        if pos > start and self.text[pos - 1] in "لب":
            return True
        found = list(_WORDS.finditer(self.text, max(start, pos - 30), pos))  # 'على "خاشقجي'
        while len(found) > 1 and normalise(found[-1].group()) in lexicon().title_heads:
            found.pop()  # "مع الرئيس عمر البشير": the preposition governs the title and the name
        before = [w.group() for w in found]
        # compared as written: normalised, "على" (on) and "علي" (Ali, "علي القرة داغي") are one word
        written = [w.replace("أ", "ا").replace("إ", "ا") for w in before[-2:]]
        if len(written) == 2 and written[0] in _GOVERNING_WRITTEN - {"لدى"} and written[1] != "لسان" and len(written[1]) > 2 \
                and not written[1].startswith("ال") and normalise(before[-1]) not in lexicon().title_heads \
                and normalise(before[-1]) not in stopwords() and not _PUNCT_BETWEEN.search(self.text, found[-2].end(), pos):
            return True  # "مع تصريحات خالد سعيد", "خلال زيارة ماكرون": the name is the noun's, after a preposition
            # (not "السفيرة لدى قبرص كايتلين دوهيرتي")
        return bool(written) and written[-1] in _GOVERNING_WRITTEN

    def _anaphoric(self, a: int, b: int) -> bool:
        """"المصدر" / "الوزارة" right after a speaker whose phrase holds that noun."""
        words = normalise(self._phrase(a, b)).split()
        if words and words[-1] in _EN_ADVERBS:  # "He also said", "She later told"
            words = words[:-1]
        if self.previous and words in (["he"], ["she"]):  # English pronouns: the previous speaker, a person or a
            return self.previous[2] in ("PERS", "ROLE")  # role ("the officer said … He said that …")
        if self.previous and words in (["it"], ["they"]):  # "The army said … It added that …"
            return self.previous[2] in ("ORG", "ROLE", "ANON") or words == ["they"]
        if not (self.previous and len(words) == 1 and words[0].startswith("ال")):
            return False
        said = normalise(self.previous[0]).split()
        head = said[1:2] if said[:1] in (["احد"], ["احدي"], ["احدى"]) else said[:1]
        if self.previous[2] == "PERS":  # "وقال عبد الرحمن الحميدي … قال الحميدي": his family name
            head += said[-1:]
        return any(h in (words[0], words[0][2:]) for h in head)  # the previous speaker's head noun, not another
        # word of it ("وقالت إحدى صفحات مشجعي النادي … وزعم النادي أن": the club)


def arabic_quotes(text: str, sents: list[tuple[int, int]], mentions: list[dict[str, Any]]) -> list[Quote]:
    return resolve_frames(text, arabic_frames(text, sents), mentions)


def arabic_frames(text: str, sents: list[tuple[int, int]]) -> list[Frame]:
    out: list[Frame] = []
    covered = -1
    spans = set()
    for v in arabic_verbs().finditer(text):
        if v.start() < covered or _masdar(text, v) or v.group(0) == "فحسب":  # "فحسب": "only", no source
            continue
        if v.group("verb")[1:2] == "\u064f" and v.group("verb")[:1] != "ن":
            continue  # "جرائم زُعم أنها ارتكبت": a passive (a damma on the first letter); "نُقل عن X" names X
        marker = is_after_marker(v.group("verb"))
        if marker and out and _names_source_of(text, sents, v, out[-1]):
            covered = _sentence_end(text, sents, v.end())  # the source is no new speaker
            continue
        f = _after_marker(text, sents, v) if marker else _verb_first(text, sents, v)
        if f is not None and (f.start == f.end or (f.start, f.end) not in spans):
            out.append(f)
            spans.add((f.start, f.end))
            covered = max(covered, f.end)
    return out


#: verbs that are also nouns ("نقل الملكية", "ذكر الموعد", "كشف الحقائق"); after a preposition they are nouns
_MASDARS = frozenset(normalise(w) for w in ("نقل", "ذكر", "كشف", "نفي", "تأكيد", "إعلان", "توقع"))
_BEFORE_MASDAR = frozenset(normalise(w) for w in ("من", "عن", "في", "على", "إلى", "خلال", "عبر", "بعد", "قبل",
                                                   "دون", "بدون", "أي", "عدم", "مجرد", "مع"))


def _masdar(text: str, v: re.Match[str]) -> bool:
    """"من خلال نقل ملكيتها", "ابتعدت الشركة عن ذكر موعد", "أي ذكر لعبارتي": a noun, not a reporting verb."""
    if v.group("pre") or normalise(v.group("verb")) not in _MASDARS:
        return False
    before = _WORDS.findall(text, max(0, v.start() - 12), v.start())
    return bool(before) and normalise(before[-1]) in _BEFORE_MASDAR


#: "إن" opening the statement after a colon, before a definite noun ("لـ«العربية»: إن الاجتماع انتهى"); not the
#: conditional "إن نجح …" nor the "إنها" of direct speech
_THAT_AFTER_COLON = re.compile(r"[ \t]*ب?[اأإ]ن[ \t]+(?=ال)")
#: verbs that report a statement only through "أن"/"بأن" a few words after them ("ويرى محللون أن", "تعهد الوزير
#: بأن", "نسبت الوكالة إلى مصدر قوله إن", "أصرت على أن", "اعترف بأن", "أوردت الصحيفة أن"); with an object they mean
#: something else ("يرى الآخر", "تعهد باستثمارات", "نسب النمو", ratios, "اعترفت بالقدس", "أوردت أسماء")
_NEAR_THAT_ONLY = frozenset(normalise(w) for w in ("يرى", "ترى", "تعهد", "تعهدت", "نسب", "نسبت", "توقع", "توقعت",
                                                    "يستبعد", "تستبعد", "استبعد", "استبعدت", "أصر", "أصرت", "يصر",
                                                    "تصر", "اعترف", "اعترفت", "يعترف", "تعترف", "زعم", "زعمت", "ادعى",
                                                    "ادعت", "أورد", "أوردت", "رجح", "رجحت"))
#: "كشف عن" + a noun reveals a thing, not a statement ("كشفت الشركة عن هاتف جديد"); "كشف عن أن" reports one
_REVEALING = frozenset(normalise(w) for w in ("كشف", "كشفت", "يكشف", "تكشف"))
_REVEALED_THING = re.compile(r"(?:^|\s)عن\s+(?!ب?[اأإ]ن)\S")
#: "تساءل": a question after a colon or in quotation marks ("وتساءل النائب: «من يتحمل …؟»")
_ASKING = frozenset(normalise(w) for w in ("تساءل", "تساءلت"))


def _near_that(text: str, start: int, comp: re.Match[str]) -> bool:
    """"أن" at most eight words after the verb, with no participle or second verb between ("وتوقعت وكالة موديز المزيد
    من الدعم، مؤكدة أن": the أن is مؤكدة's)."""
    return normalise(comp.group()).lstrip("ب") in ("ان", "انه", "انها", "انهم") \
        and len(text[start:comp.start()].split()) <= 8 and _GOES_ON.search(text, start, comp.start() + 1) is None


#: participles that carry a speaker on ("، مشيرا إلى أن"); "لافتة", "مؤكدة" are also adjectives
_PARTICIPLES = frozenset(normalise(w) for w in ("مضيفا", "مضيفة", "موضحا", "موضحة", "مشيرا", "مشيرة", "مؤكدا",
                                                 "مؤكدة", "لافتا", "لافتة"))
#: a masdar or participle of saying whose speaker is the sentence's subject, named before it
_SUBJECT_BEFORE = frozenset(normalise(w) for w in ("بقوله", "بقولها", "قائلا", "قائلة"))
#: words after which a clause starts with its subject ("أن إندونيسيا أكدت", "لكن الشركة نفت")
_CLAUSE_OPENERS = frozenset(normalise(w) for w in ("أن", "إن", "بأن", "لكن", "ولكن", "فيما", "بينما", "كما", "حيث",
                                                    "أما", "وأما"))
#: a group counted rather than named: its share speaks, anonymously
_QUANTIFIERS = frozenset(normalise(w) for w in ("واحد", "واحدة", "نحو", "حوالي", "معظم", "أغلب", "غالبية", "نصف", "ثلث",
                                                 "ثلثا", "ثلثي", "ربع", "بعض", "كثير", "عدد", "آلاف", "مئات", "عشرات",
                                                 "اثنان", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية",
                                                 "تسعة", "عشرة"))
#: a quotation closing right before a verb
_CLOSED_QUOTE = re.compile(r"[»\"”][\s،,]*$")
#: a contrast after a comma, then a subject put first ("…، لكن القناة الثانية قالت إن")
_CONTRAST = re.compile(r"[،,]\s*(?:و?لكن|بينما|في\s+حين|إلا\s+أن|غير\s+أن)\s+")
#: conjunctions before a subject put first ("ولكن المصدر …")
_FRONT_LEAD = re.compile(r"\s*(?:(?:ولكن|لكن|غير\s+أن|إلا\s+أن|بينما|فيما|كما)\s+|و(?=ال))")
#: verbs whose object, a person, may follow the subject: "حذرت الولايات المتحدة الرئيس السوري من"
_WARNING = frozenset(normalise(w) for w in ("حذر", "حذرت", "يحذر", "تحذر"))
_FROM_HIM = re.compile(r"(?:^|\s)عن(?:ه|ها|هم)\s*$")
_PREPOSITION_FIRST = re.compile(r"\s*(?:[اإأ]لى|على|عن|من|في|ب|ل)(?:\s|$)")
_SAYING_AR = re.compile(r"\s(?:قائلا|قائلاً|قائلة|بقوله|بقولها)(?=[\s:،,]|$)")
_ON_THE_TONGUE = re.compile(r"(?:على\s+لسان|عن)\s+([^،,.:«»\"\n]{2,60}?)\s*$")
#: words that cannot open a subject: a verb of being, a particle ("وأضاف كانت "…"", "وتابع لم يكن …") or a
#: preposition ("وأكد على حق الولايات المتحدة في أن", "وكتب تحت الصورة:", "وقال أمام البرلمان إن")
_NO_SUBJECT = re.compile(r"\s*(?:كان|كانت|كانوا|يكون|تكون|ليس|ليست|لم|لن|قد|سوف|هناك|بالقول|في|عبر|خلال|أيضا|أيضاً|كذلك|"
                         r"على|تحت|حول|بشأن|أمام|لدى|إزاء|تجاه|معلق(?:ا|اً|ًا|ة)|له|لها|لهم|لنا)(?=\s|$)")
#: a manner or a time right after the verb, before its subject if it has one: "وقال حينها جوناثان كونريكوس", "حذرت
#: مجدداً إسرائيل", "وشدد الاثنين على أن" (none), "وأضاف مازحا:" (none)
_LEADING_ADVERB = re.compile(r"(?:\s*(?:(?:مازح|ضاحك|مبتسم|ساخر|متسائل|مستدرك|مرار|تكرار|مجدد)(?:ا|اً|ًا)|صراحة|علنا|"
                             r"علناً|آنذاك|حينها|حينذاك|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|"
                             r"السبت|مرة\s+أخرى)(?=[\s،,:]|$)[\s،,]*)+")
#: a topic right after the verb: 'وقال عن "الصفقة": "…"' (not "نقل عن", whose object is the source)
_ABOUT = re.compile(r"\s*عن\s")
#: a pronoun subject joined to the word before the verb: "لكنه أكد مواصلة …" (what follows is the object)
_PRONOUN_BEFORE = re.compile(r"(?:^|\s)(?:و?لكن|إلا\s+أن|غير\s+أن)(?:ه|ها|هم)\s+$")
#: a demonstrative object after a verb that takes one ("نفت هذه المزاعم، وقالت"): no subject
_THIS_OBJECT = re.compile(r"\s*(?:هذه|هذا|تلك|ذلك|هؤلاء)(?=\s|$)")
_TAKES_OBJECT = frozenset(normalise(w) for w in ("نفى", "نفت", "ينفي", "تنفي", "أكد", "أكدت", "يؤكد", "تؤكد"))
#: a pronoun for the document or the speaker before the subject: "أعلنت فيه أن", "أوضح فيه بيان رسمي أن", "ونقلت عنها
#: وسائل إعلام أن"
_IN_IT = re.compile(r"\s*(?:فيه|فيها|به|بها|عنه|عنها|عنهم)(?=\s|$)")
#: verbs that report only a quotation put before them ("«…»، هكذا علّق الوزير"): "علق" is also "suspended"
_QUOTE_FIRST_ONLY = frozenset(normalise(w) for w in ("علق", "علقت", "قالها", "قالتها"))


#: nouns that open a subject with their own ل ("لجنة الانتخابات"), whose rest is also a word
_LAM_NOUNS = frozenset(normalise(w) for w in ("لجنة", "لجان", "لجنتا", "لواء", "لوبي"))


#: the occasion of a statement after its speaker's role ("محافظ الهيئة لدى مشاركته باجتماع …", "عقب اللقاء")
_OCCASION_FIRST = re.compile(r"\s*(?:أثناء|اثناء|عقب|إثر|في\s+أعقاب|لدى\s+\w+(?:ه|ها|هم))\s")
_OCCASION = re.compile(r"\s(?:لدى\s+\w+(?:ه|ها|هم)(?=\s|$)|(?:أثناء|اثناء|عقب|إثر|في\s+أعقاب)\s)")  # not "سفير روسيا لدى الاتحاد"
#: a long subject's noun phrase followed by when or where it spoke ("وسائل الإعلام السعودية في أعقاب تلك الحادثة")
_PHRASE_THEN_CIRCUMSTANCE = re.compile(r"\s+(?:في|خلال|عقب|بعد|أمام|لدى|عبر)\s")


def _head_phrase(text: str, a: int, b: int) -> tuple[int, int]:
    """The noun phrase opening ``text[a:b]``: its first word, one more after an indefinite head ("عائلة شريف"),
    then definite words, four at most, up to a comma or a stop word."""
    words = list(_WORDS.finditer(text, a, b))[:4]
    if not words:
        return a, a
    head, end = normalise(words[0].group()), words[0].end()
    for k, w in enumerate(words[1:]):
        n = normalise(w.group())
        if _COMMA.search(text, end, w.start()) or n in _SUBJECT_STOP \
                or not (n.startswith("ال") or (k == 0 and not head.startswith("ال"))):
            break
        end = w.end()
    return words[0].start(), end


def _later_verb(text: str, start: int, end: int) -> int | None:
    """Where a finite reporting verb stands between a verb and its complementizer (not "قوله", a participle or a
    marker), or None."""
    after_marker = -1
    for m in arabic_verbs().finditer(text, start, end):
        verb = m.group("verb")
        if is_after_marker(verb):
            after_marker = m.end()
            continue
        if after_marker >= 0 and not text[after_marker:m.start()].strip(" ما"):
            continue  # "حسبما نقلت وكالة الأنباء": the marker's verb
        before = text[start:m.start()]
        if before.rfind("(") > before.rfind(")") or _NOT_A_CLAUSE.search(before) or _masdar(text, m):
            continue  # "(طلب عدم ذكر اسمه)": an aside, a masdar
        if not (is_after_marker(verb) or normalise(verb) in _NOT_FINITE or is_chain_verb(verb)
                and normalise(verb) in _PARTICIPLES):
            return m.start()
    return None


_NOT_A_CLAUSE = re.compile(r"(?:^|\s)(?:عدم|دون|بدون|بعد|قبل|طلب|رفض|الذي|التي|الذين)\s*$")
_NOT_FINITE = frozenset(normalise(w) for w in ("قوله", "قولها", "قولهم", "بقوله", "بقولها", "قائلا", "قائلة",
                                               "نقلت عن", "نقل عن", "نقلا عن", "جاء في"))


def _audience_first(text: str, a: int, b: int) -> bool:
    """The subject opens with لـ + a word that is no name ("لأعضاء البرلمان", "للصحفيين"; not "لبنان", "لندن")."""
    word = _WORDS.search(text, a, b)
    w = normalise(word.group()) if word and not text[a:word.start()].strip() else ""
    if len(w) < 4 or not w.startswith("ل") or w in stopwords():
        return False
    lex = lexicon()
    if (w,) in lex.gazetteer or w in lex.given_names or w in first_tokens() or w in _LAM_NOUNS:
        return False
    rest = "ال" + w[2:] if w.startswith("لل") else w[1:]
    return rest in word_clusters()  # ل is a clitic only when the rest is a word ("لاعب": اعب is none)


def _verb_first(text: str, sents: list[tuple[int, int]], v: re.Match[str]) -> Frame | None:
    bare = normalise(v.group("verb"))
    if bare in _QUOTE_FIRST_ONLY:
        return _quote_first(text, sents, v)
    if bare in _SUBJECT_BEFORE:  # "وعلّق المدرب على المباراة بقوله: «…»": the sentence's subject speaks
        comp = _complementizer(text, v.end(), min(_sentence_end(text, sents, v.start()), v.end() + MAX_SUBJECT))
        content = None if comp is None else _content(text, sents, comp.start() if text[comp.start()] in OPEN_CLOSE
                                                     else comp.end())
        if content is None:
            return None
        keep = not (content[2] and _names_someone(text[content[0]:content[1]]))  # ليجيبه قائلا "عادل إمام"
        alone = len(text[_sentence_start(sents, v.start()):v.start()].split()) <= 2  # "وختم قائلا": he goes on
        return Frame(v.group(0), *content, v.end(), v.end(), alone, v.start(), keep)
    sent_end = _sentence_end(text, sents, v.start())
    limit = min(sent_end, v.end() + MAX_SUBJECT)
    comp = _complementizer(text, v.end(), limit)
    if comp is None:  # "«…»، قال قائد الشرطة": not after يرى/مشيرا, which need their own أن
        return None if bare in _NEAR_THAT_ONLY or bare in _PARTICIPLES else _quote_first(text, sents, v)
    if bare in _NEAR_THAT_ONLY and not _near_that(text, v.end(), comp):
        return None  # "يرى الآخر …": sees; "تعهد اجتماع للمانحين باستثمارات … يريدون أن": a pledge of money
    if bare in _REVEALING and _REVEALED_THING.search(text, v.end(), comp.start()):
        # "كشف اللاعب عن موهبة مميزة …، تنم عن أنه": a thing revealed, no statement; the subject is still
        # resolved, since the next "وقالت إن" may be its speaker's
        revealed = _REVEALED_THING.search(text, v.end(), comp.start())
        a, b = _trim(text, v.end(), revealed.start() if revealed else v.end())
        return Frame(v.group(0), v.end(), v.end(), False, a, b, b <= a, v.start(), False)
    later = _later_verb(text, v.end(), comp.start())
    if later is not None:  # "أضافت "S" على الاسم، حيث تقول تقارير إن": the nearer verb owns the أن (the scan goes
        # on to it); this verb's subject is still resolved ("نفت الناقلة … ما يتم تداوله، وأكدت أن": the carrier)
        comma = _COMMA.search(text, v.end(), later)
        a, b = _trim(text, v.end(), comma.start() if comma else later)
        return Frame(v.group(0), v.end(), v.end(), False, a, b, b <= a, v.start(), False, True)
    if bare in _ASKING and comp.group() not in (":", *OPEN_CLOSE):
        return None  # "تساءل عن الجهة التي من الممكن أن …": a question is quoted, not "أن"
    chain = is_chain_verb(v.group("verb"))
    if chain and bare in _PARTICIPLES and not text[:v.start()].rstrip().endswith(("،", ",")) \
            and len(text[v.end():comp.start()].split()) > 1:
        return None  # "موهبة لافتة في التسديد، تنم عن أنه": an adjective; the participle speaks after a comma
    subject_end = comp.start()
    quoted = text[comp.start()] in OPEN_CLOSE
    start = comp.end()
    if comp.group() == ":":
        that = _THAT_AFTER_COLON.match(text, start)  # "لـ«العربية»: إن الاجتماع انتهى"
        start = that.end() if that else start
    content = _content(text, sents, comp.start() if quoted else start)
    if content is None:
        return None
    if bare in ("قوله", "قولها", "قولهم") and not text[v.end():subject_end].strip(" :،,"):
        tongue = _ON_THE_TONGUE.search(text, max(0, v.start() - 80), v.start())  # "على لسان الأميرة قولها:"
        if tongue:
            return Frame(v.group(0), content[0], content[1], content[2], *tongue.span(1), False, v.start())
    a, b = _subject_span(text, v.end(), subject_end, _VIA if bare.startswith("نقل") else
                         _VIA_TO if bare.startswith("نسب") else None)
    if bare.startswith("نقل") and _FROM_HIM.search(text, a, b):
        a = b  # "ونقلت وكالة الأناضول عنه قوله": the previous speaker
    governs = _GOVERNS.get(bare)
    cut = text.find(governs, a, b) if governs else -1
    if cut > a and text[a:cut].strip():
        b = _trim(text, a, cut)[1]  # "وأشارت الصحيفة إلى حدوث 3 عمليات … و"…"": the subject ends at إلى
    in_it = _IN_IT.match(text, a, b)
    if in_it and _trim(text, in_it.end(), b)[1] > _trim(text, in_it.end(), b)[0]:
        a = _trim(text, in_it.end(), b)[0]  # "أوضح فيه بيان رسمي أن": the subject follows the pronoun
    saying = _SAYING_AR.search(text, a, b)
    if saying is not None:  # "وشدد الرئيس على ضرورة الحوار قائلا:": the subject, without what the verb governs
        if _PREPOSITION_FIRST.match(text, a):
            return None  # "لافتة إلى كونها …، وعلقت قائلة": the quotation is قائلة's (the scan goes on to it)
        governed = _GOVERNED_AFTER.search(text, a, saying.start())
        a, b = _trim(text, a, (governed or saying).start())
    if chain and bare in _PARTICIPLES:
        a = b  # 'مؤكدا "بلا اعتذار" أن', 'مضيفة في تصريح لـ"العربية" أن': a participle has no subject after it
    adverb = _LEADING_ADVERB.match(text, a, b)
    if adverb is not None:
        a = min(adverb.end(), b)  # "وقال حينها المتحدث …": the subject after; "وأضاف مازحا:": none
    if _OCCASION_FIRST.match(text, a, b):
        a = b  # "قال الخميس عقب لقائه نظيره الألماني، هايكو ماس، إنه": an occasion, no subject after the verb
    kana = _KANA_SUBJECT.search(text, max(0, v.start() - 80), v.start())
    if kana is not None and not v.group(0).startswith(("و", "ف")) and not _IN_IT.match(text, *_trim(text, v.end(), b)) \
            and not normalise(v.group("verb")).startswith(("نقل", "نسب")) \
            and not _WHEN_WORDS.intersection(normalise(kana.group(1)).split()):  # "وكان آخر تصعيد عندما قال X"
        a, b = kana.start(1), kana.end(1)  # the subject came first, between كان and the verb
    elif _NO_SUBJECT.match(text, a, b) or bare in _TAKES_OBJECT and _THIS_OBJECT.match(text, a, b) \
            or _ABOUT.match(text, a, b) and not bare.startswith(("نقل", "نسب", "كشف")) \
            or _PRONOUN_BEFORE.search(text, max(0, v.start() - 16), v.start()):
        a = b  # "وأضاف كانت "على قيد الحياة"": no subject, the previous speaker goes on
    if not text[a:b].strip(" \t،,"):  # "وكان الوزير قد صرح في وقت سابق بأن": the subject stands between كان and قد
        before = _KANA_QAD.search(text, max(0, v.start() - 80), v.start())
        if before is None and (v.group("pre") == "ف" or text[max(0, v.start() - 5):v.start()].strip() == "فقد"):
            before = _AMMA.search(text, max(0, v.start() - 80), v.start())  # 'أما صحيفة "…" فقد زعمت أن'
        a, b = (before.start(1), before.end(1)) if before else (a, b)
    if v.group("verb") in _IMPERSONAL and not text[a:b].strip(" ،,"):
        return None  # "يذكر أن ..." (it is worth recalling that ...): background, nobody's statement
    # a name in quotation marks ending the sentence is no statement ("حسبما أكد المتحدث "دميتري بيسكوف"."), but
    # its speaker is resolved, since the next "وقال المصدر" may refer to it
    inner = text[content[0]:content[1]].strip("\"«»“” ")
    named = _WORDS.findall(text, a, b)[-1:]
    medium = normalise(named[0]) if named else ""
    medium = medium[1:] if medium.startswith("ل") and medium[1:] in _MEDIA else medium  # 'أكد لشبكة "سي إن بي سي"'
    size = len(inner.split())  # 'قناة "إن.بي.سي نيوز NBC News"', 'بنك "إتش إس بي سي"'; not 'وقالت الشركة "المحطات مغلقة …"'
    named_body = size <= 3 and medium in _MEDIA or size <= 4 and medium in _NAMED_BODIES and not medium.startswith("ال")
    keep = not (quoted and (_names_someone(inner) or named_body))

    return Frame(v.group(0), content[0], content[1], content[2], a, b, chain or b <= a, v.start(), keep)


def _quote_first(text: str, sents: list[tuple[int, int]], v: re.Match[str]) -> Frame | None:
    """A quotation right before the verb, its speaker after it: «لن نسمح بتكرار ما حدث»، قال قائد الشرطة ..."""
    quoted = _AR_QUOTE_BEFORE.search(text, max(0, v.start() - MAX_QUOTE), v.start())
    if quoted is None or len(quoted.group(1).split()) < 3:
        return None
    a, b = _trim(text, quoted.start(1), quoted.end(1))
    end = min(_sentence_end(text, sents, v.end()), v.end() + MAX_SUBJECT)
    comma = _COMMA.search(text, v.end(), end)
    sa, sb = _subject_span(text, v.end(), comma.start() if comma else end, None)
    governed = _GOVERNED_AFTER.search(text, sa, sb)  # "هكذا علّق رئيس الوفد على المقترح": what he spoke of
    sa, sb = _trim(text, sa, governed.start() if governed else sb)
    return Frame(v.group(0), a, b, True, sa, sb, sb <= sa, v.start()) if b > a else None


#: a preposition the verb governs after the speaker of a quotation put first (what the statement was about)
_GOVERNED_AFTER = re.compile(r"\s(?:على|عن|حول|بشأن|تجاه)\s")


#: a quotation of three words or more closing right before an Arabic verb (a comma between)
_AR_QUOTE_BEFORE = re.compile(r"[«\"“]([^«»\"“”\n]{3,})[»\"”][ \t]*[،,]?[ \t]*(?:[وف]?هكذا[ \t]+)?[وف]?$")


#: a word before a quoted title or name: 'تحت عنوان "…"', 'المسماة "…"', 'بعنوان «…»'
_TITLE_BEFORE = re.compile(r"(?:عنوان|بعنوان|المسماة|المسمى|اسم|شعار|هاشتاغ|وسم)\s*[«\"“]?\s*$")
#: a word that makes the أن after it a conjunction of time, concession or cause (بعد أن, رغم أن, خاصة أن), not "that"
#: a preposition right before a quotation mark: what follows is a term ('ضد "الإرهابيين"', 'عن "تدمير الديمقراطية"')
_TERM_AFTER = re.compile(r"(?:^|\s)(?:ضد|عن|على|في|من|إلى|الى|مع|حول|بشأن|نحو|عبر|بين)\s*$")
_SUBORDINATE = re.compile(r"(?:^|\s)(?:بعد|قبل|منذ|حتى|رغم|برغم|بمجرد|لمجرد|دون|بدون|ريثما|خاصة|خصوصا|سيما|أم)\s+$")


def _complementizer(text: str, start: int, limit: int) -> re.Match[str] | None:
    """The first complementizer, skipping short quoted names inside the subject ("سبوتنيك")."""
    pos = start
    for _ in range(4):
        comp = COMPLEMENTIZER.search(text, pos, limit)
        if comp is not None and _SUBORDINATE.search(text, max(start, comp.start() - 12), comp.start()):
            pos = comp.end()  # "وقال الوزير بعد أن التقى نظيره إن ...": "بعد أن" is "after", not "that"
            continue
        if comp is None or text[comp.start()] not in OPEN_CLOSE:
            return comp
        if _TERM_AFTER.search(text, max(start, comp.start() - 8), comp.start()):
            close = text.find(OPEN_CLOSE[text[comp.start()]], comp.end(), comp.end() + 60)
            if close > 0 and len(text[comp.end():close].split()) <= 4:
                pos = close + 1  # 'عملية شاملة ضد "الإرهابيين"': a term after a preposition, not a statement
                continue
        titled = _TITLE_BEFORE.search(text, max(start, comp.start() - 16), comp.start()) is not None
        close = text.find(OPEN_CLOSE[text[comp.start()]], comp.end(), comp.end() + (100 if titled else 60))
        audience = text[max(0, comp.start() - 2):comp.start()].rstrip().endswith(("لـ", "ل"))  # لـ«بي بي سي عربي»
        if close < 0 or len(text[comp.end():close].split()) > (10 if titled else 6 if audience else 3):
            return comp
        if titled:
            pos = close + 1  # 'تحت عنوان "الحب هو الرسالة"': a title, not a statement
            continue
        nxt = text[close + 1:close + 3].strip()
        if nxt[:1] == ":":
            pos = close + 1  # 'لـ«سكاي نيوز عربية»: «…»': a name (the audience's), then the statement
            continue
        if not nxt or nxt[0] == ".":
            return comp
        pos = close + 1
    return None


def _display(phrase: str) -> str:
    """A speaker phrase without quotation marks ('مسؤول كبير في إدارة "بايدن"') and without an aside after it
    ("مصدر مطلع (لم تسمه)", "مسؤول في البيت الأبيض – لم تذكر اسمه")."""
    head = _ASIDE.split(phrase, maxsplit=1)[0].split()
    keep = head and head[-1] not in ("في", "لدى", "من", "عن", "at", "of", "in", "from")  # the aside names it
    return " ".join(_QUOTE_MARKS.sub(" ", " ".join(head) if keep else phrase).split())


@cache
def _women() -> frozenset[str]:
    return frozenset(normalise(w) for w in read_lines("ner/female_names_ar.txt"))


@cache
def _reporting_verbs() -> frozenset[str]:
    return frozenset(normalise(w) for w in read_lines("ner/reporting_verbs_ar.txt"))


def gender(name: str) -> str:
    """"f" when the name starts with a woman's given name (``female_names_ar.txt``), "m" with another given name
    in rasd's list, "" otherwise (a surname alone: "زاخاروفا", "عجرم")."""
    words = normalise(name.lstrip("#")).replace("_", " ").split()
    if not words:
        return ""
    if words[0] in _women():
        return "f"
    return "m" if words[0] in lexicon().given_names else ""


@cache
def _english_women() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lines("ner/female_names_en.txt"))


def english_gender(name: str) -> str:
    """"f" when an English name starts with a woman's given name (``female_names_en.txt``), "m" with a man's
    (``given_names_en.txt``, ``male_names_en.txt``), "" otherwise (a surname alone, a name given to both)."""
    words = name.split()
    if not words:
        return ""
    first = words[0].lower()
    if first in _english_women():
        return "f"
    return "m" if first in _english_men() else ""


@cache
def _english_men() -> frozenset[str]:
    women = _english_women()
    listed = {w.lower() for w in read_lines("ner/given_names_en.txt") + read_lines("ner/male_names_en.txt")}
    return frozenset(w for w in listed if w not in women)


@cache
def feminine(verb: str) -> bool:
    """A feminine reporting verb or participle: "قالت", "وأكدت", "مضيفة" (not "لفت", whose ت is its own)."""
    v = normalise(verb)
    if v[:1] in ("و", "ف") and len(v) > 3:
        v = v[1:]
    if v.startswith("بقول"):
        return v == "بقولها"  # "بقوله": his saying
    v = v.rstrip("اً")
    if v.endswith("ه") and len(v) > 4:
        return True  # مضيفه, موكده, مشيره: the participle's ة
    verbs = _reporting_verbs()
    if v.startswith("ت") and "ي" + v[1:] in verbs:
        return True  # تقول، تؤكد
    return v.endswith("ت") and (v[:-1] in verbs or v[:-1] + "ي" in verbs or "و" + v[:-1] in verbs)  # قالت، أضافت،
    # لفتت؛ نفت، رأت؛ كتبت (listed as "وكتب")


def _feminine_perfect(word: str) -> bool:
    """A normalised word that looks like a feminine perfect verb: "ردت", "وأبدت", "كررت" (three root letters or
    more before the ت, no article, no و/ف counted)."""
    w = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    return w.endswith("ت") and not w.endswith("ات") and 3 <= len(w) <= 6 and not w.startswith(("ال", "ل", "ب")) \
        and w not in stopwords()  # not a plural ("لوحدات")


def _names_someone(quoted: str) -> bool:
    """A short quoted phrase that is a name ("أكد المتحدث "دميتري بيسكوف"."): a gazetteer entry, or words that
    start with a given name."""
    words = normalise(quoted).split()
    if not 0 < len(words) <= 3:
        return False
    lex = lexicon()
    return tuple(words) in lex.gazetteer or (len(words) > 1 and words[0] in lex.given_names
                                             and words[0] not in stopwords())


def _subject_span(text: str, a: int, b: int, via_source: re.Pattern[str] | None) -> tuple[int, int]:
    """The subject between verb and complementizer, without "قوله" / "في بيان" tails; after ``via_source`` ("عن"
    after نقل, "إلى" after نسب) when it is there."""
    seg = text[a:b]
    via = via_source.search(seg) if via_source else _CITING.search(seg) if _medium_first(seg) else None
    if via:
        a, seg = a + via.end(), seg[via.end():]
    cut = _SUBJECT_TAIL.search(seg)
    if cut:
        b = a + cut.start()
    m = _ILA_END.search(text[a:b])
    a, b = (a, a + m.start()) if m else (a, b)
    if _ONLY_TIME.fullmatch(text[a:b]):  # "الكرملين كشف، أمس الجمعة، أن": the subject came before the verb
        return b, b
    return a, b


#: a span of time words and punctuation only (أمس الجمعة، اليوم، مساء السبت، يوم الخميس الماضي)
_ONLY_TIME = re.compile(r"[\s،,]*(?:(?:في\s+وقت\s+(?:سابق|لاحق|متأخر)|سابقا|لاحقا|مؤخرا|لاحقاً|سابقاً|مؤخراً|"
                        r"قبل\s+\S+\s+(?:أعوام|سنوات|أيام|أشهر|شهور|أسابيع|ساعات|عام|سنة|يوم|شهر|أسبوع)|"
                        r"أمس|امس|اليوم|غدا|غداً|يوم|صباح|مساء|ليل|فجر|الماضي|الماضية|المقبل|المقبلة|"
                        r"الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت)[\s،,]*)+")


def _after_marker(text: str, sents: list[tuple[int, int]], v: re.Match[str]) -> Frame | None:
    if _in_accordance(text, v):
        return None  # "وفقا للقانون": in accordance with a rule, not attributed to a source
    start = _sentence_start(sents, v.start())
    a, b = _trim(text, start, v.start())
    end = _sentence_end(text, sents, v.end())
    if b - a < 10:  # the source first: "وفقا لمسؤول في وزارة المالية، فإن العجز سيتراجع ..."
        lead = _FRONT_LEAD.fullmatch(text[a:b] + " ") if b > a else None  # "ولكن وفقا لبالفي، …"
        return _source_first(text, v, end) if b <= a or lead else None
    named = _QUOTED_NAME_END.search(text, a, min(len(text), b + 2))
    if named is not None and arabic_verbs().match(text, a) is not None:
        return None  # 'أعلنت وكالة الأنباء "سانا" نقلا عن مصدر رسمي، التوصل إلى اتفاق': a marker inside a frame
    size = len(text[a:b].split())
    if size < 3 or size < 5 and not text[b:v.start()].strip(" \t"):
        return None  # 'وقارن زوكربرغ بحسب ما نقلت "رويترز" بين …': the source inside a clause, not after a statement
    sa, sb = v.end(), min(end, v.end() + MAX_SUBJECT)
    comma = _COMMA.search(text[sa:sb])
    if comma:
        sb = sa + comma.start()
    sa, sb = _strip_verb(text, sa, sb)
    what = _WHAT_VERB.match(text, sa, sb)
    if what and normalise(what.group(1)) in _FIRST_PERSON or _FIRST_PERSON.intersection(normalise(text[sa:sb]).split()):
        return None  # "حسب ما رأيت من خلال متابعتي", "حسب علمي": what the writer saw or knows, no source named
    cut = _SUBJECT_TAIL.search(text, sa, sb)  # "بحسب ما صرح به مسؤول أمني لوكالة فرانس برس": not the agency
    if cut and cut.start() > sa:
        sb = cut.start()
    if _OWN_WORDS.fullmatch(text, *_trim(text, sa, sb)) or _NO_SUBJECT.match(text, sa, sb):
        sa = sb  # "، وفقا لتعبيرها", "حسبما قال في حوار مع …": the sentence's speaker, in their own words
    return Frame(v.group(0), a, b, text[a - 1:a] in OPEN_CLOSE, sa, sb, False, None)


def _names_source_of(text: str, sents: list[tuple[int, int]], v: re.Match[str], last: Frame) -> bool:
    """Whether the source marker ``v`` only names where the quote just given (``last``) came from: right after it
    ('"…"، حسب البيان') or after the end of a quotation that opened before the marker's sentence ('"… وكنت أقول
    ذلك"، وفق ما نقل موقع "ماركا"')."""
    if not last.keep:
        return False
    if not text[last.end:v.start()].strip(" \t\"»”،,"):
        return True
    begin = _sentence_start(sents, v.start())
    return last.end > begin and _opened_before(text[begin:v.start()])


def _opened_before(seg: str) -> bool:
    """Whether ``seg`` (a sentence up to a source marker) closes a quotation that opened before it."""
    if seg.count('"') % 2:
        return True
    return any(0 <= seg.find(close) and (seg.find(opening) < 0 or seg.find(close) < seg.find(opening))
               for opening, close in (("«", "»"), ("“", "”")))


#: "وفقا لـ" before these means "in accordance with" (a rule, a plan, a level), not "according to" a source
_NORMATIVE = frozenset(normalise(w) for w in (
    "قانون", "القانون", "مادة", "المادة", "أحكام", "الأحكام", "حكم", "قواعد", "القواعد", "قواعدها", "معايير",
    "المعايير", "أعراف", "الأعراف", "خطة", "الخطة", "إجراءات", "الإجراءات", "ظروف", "الظروف", "مستويات",
    "أسعار", "الأسعار", "شروط", "الشروط", "نظام", "النظام", "لوائح", "اللوائح", "لائحة", "اللائحة", "اتفاق",
    "الاتفاق", "اتفاقية", "الاتفاقية", "دستور", "الدستور", "قرار", "القرار", "برنامج", "البرنامج", "برامج",
    "مبادرة", "المبادرة", "رؤية", "الرؤية", "سياسة", "السياسة", "آلية", "الآلية", "جدول", "الجدول", "توجيهات",
    "التوجيهات", "تعليمات", "التعليمات", "ضوابط", "الضوابط", "مبدأ", "مبادئ", "آليات", "الآليات", "مرجعيات",
    "المرجعيات", "مرجعية", "المرجعية", "قرارات", "القرارات", "معاهدة", "المعاهدة", "بنود", "البنود", "أسس", "الأسس",
    "صيغة", "الصيغة", "مقررات", "المقررات", "أنظمة", "الأنظمة", "قوانين", "القوانين", "العمر", "الترتيب",
    "الأقدمية", "التسلسل", "التقويم", "تقويم", "التوقيت", "توقيت"))


def _in_accordance(text: str, v: re.Match[str]) -> bool:
    """Whether the وفق/وفقا/حسب/بحسب marker ``v`` is followed by a rule, plan or calendar (``_NORMATIVE``: "وفقا
    للقانون", "بحسب التقويم العبري")."""
    verb = normalise(v.group("verb"))
    if "وفق" not in verb and verb not in ("حسب", "بحسب"):
        return False
    words = text[v.end():v.end() + 40].split()
    if not words:
        return False
    head = normalise(words[0].strip("،,.:"))
    if head.removeprefix("ل") in ("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين") and len(words) > 1:  # "وفقا لهذه القوانين"
        head = normalise(words[1].strip("،,.:"))
        return head in _NORMATIVE
    # "وفقا لـ" + "القانون" is written "للقانون": after the marker's ل comes "لقانون", ل standing for ال
    return head in _NORMATIVE or (head.startswith("ل") and "ال" + head[1:] in _NORMATIVE)


def _source_first(text: str, v: re.Match[str], end: int) -> Frame | None:
    """Source, comma, statement: وفقا لمسؤول في وزارة المالية، فإن العجز سيتراجع ...; the comma may be missing
    before "فإن" ('وبحسب مجلة "دير شبيغل" فإن'), and a name may stand in apposition before it ("وبحسب الخبير
    الاقتصادي، مهرداد العمادي، فإن")."""
    comma = _SOURCE_END.search(text, v.end(), min(end, v.end() + MAX_SUBJECT))
    if comma is None:
        return None
    sa, sb = _strip_verb(text, *_trim(text, v.end(), comma.start()))
    relative = _RELATIVE.search(text, sa, sb)  # "وبحسب بيانات الناقلات التي حصلت عليها رويترز فإن": the data
    sb = _trim(text, sa, relative.start())[1] if relative else sb
    if len(text[sa:sb].split()) > 12 or _NOT_IN_SOURCE.search(_QUOTED_NAME.sub("", text[v.end():comma.start()])):
        return None  # a source is a short phrase: a sentence end or a quotation before the comma is something else
    after = comma.end()
    named = _APPOSITION_THEN_THAT.match(text, after, end)
    if named is not None and len(named.group(1).split()) <= 4:
        sb, after = _trim(text, sa, named.end(1))[1], named.end()
    lead = _THEN_THAT.match(text, after, end)
    start = lead.end() if lead else after
    own = arabic_verbs().match(text, _trim(text, start, end)[0])
    if lead is None and own is not None and not is_after_marker(own.group("verb")):
        return None  # 'وحسب وكالة الأنباء السعودية، أوضح المالكي أن': the statement has its own verb and speaker
    goes_on = _GOES_ON.search(text, start, end)  # "…، بينما قال 22% آخرون إنه": another statement
    a, b = _trim(text, start, goes_on.start() if goes_on else end)
    if b - a < 10 or sb <= sa:
        return None
    return Frame(v.group(0), a, b, False, sa, sb, False, None)


#: a short quoted name closing a span ('وكالة الأنباء السورية "سانا"')
_QUOTED_NAME_END = re.compile(r"[«\"“][^«»\"“”\n]{1,30}[»\"”]\s*$")
_NOT_IN_SOURCE = re.compile(r"[.!?؟\"«»“”\n]")
_RELATIVE = re.compile(r"\s(?:التي|الذي|الذين)\s")
#: "وفقا لتعبيره", "على حد قولها": the speaker's own words, no new source
_OWN_WORDS = re.compile(r"(?:ل|على\s+حد\s+)?(?:تعبير|قول|وصف)(?:ه|ها|هم)")
#: where a source named first ends: a comma, or the space before "فإن"
_SOURCE_END = re.compile(r"[،,]|\s(?=ف[إا]ن(?:ه|ها)?\s|فقد\s)")
#: a short name in quotation marks inside a source ('موقع "مشابل"')
_QUOTED_NAME = re.compile(r"[«\"“][^«»\"“”\n.!?؟]{1,40}[»\"”]")
#: a name in apposition, then "فإن": "، مهرداد العمادي، فإن"
_APPOSITION_THEN_THAT = re.compile(r"\s*([^،,.!?؟\"«»“”\n]{2,40}?)[،,]\s*(?=ف[إا]ن)")
#: "فإن" / "فان" opening the statement after a source named first
_THEN_THAT = re.compile(r"\s*(?:ف[إا]ن(?:ه|ها)?|فقد(?=\s))\s+")


def _strip_verb(text: str, a: int, b: int) -> tuple[int, int]:
    """After حسبما/وفق ما comes a verb (ذكرت، أفادت): skip it to reach the source; after بحسب, "ما" and the verb
    with its "به" ("بحسب ما صرح به مسؤول أمني")."""
    m = _WHAT_VERB.match(text, a, b)
    if m and normalise(m.group(1)) in _SOURCE_VERBS:
        return m.end(), b
    m = _SOURCE_VERB.match(text[a:b])
    verb = normalise(text[a:a + m.end()]).strip() if m else ""
    if m and (verb in _SOURCE_VERBS or verb.endswith("ه") and verb[:-1] in _SOURCE_VERBS):
        by = _BY_IT.match(text, a + m.end(), b)  # "ووفق ما صرح به مسؤول": its "به" too
        return (by.end() if by else a + m.end()), b  # "وفق ما ذكرته مصادر متطابقة": the verb with its pronoun
    return a, b


#: the writer's own sight or knowledge after a source marker ("حسب ما رأيت", "حسب علمي", "من خلال متابعتي")
_FIRST_PERSON = frozenset(normalise(w) for w in ("رأيت", "رأينا", "علمت", "علمنا", "لاحظنا", "سمعنا", "شاهدنا", "قرأنا",
                                                 "علمي", "رأيي", "تقديري", "متابعتي", "معرفتي", "اطلاعي", "اعتقادي",
                                                 "ظني", "تجربتي", "نظري", "فهمي"))
_BY_IT = re.compile(r"\s*(?:به|بها)\s+(?=\S)")
#: "ما صرح به", "ما ذكرته", "ما أعلنه": ما, a source verb, an optional به/ـه/ـها
_WHAT_VERB = re.compile(r"\s*ل?ما\s+(\w{2,6}?)(?:ه|ها|\s+به|\s+بها|\s+في|\s+عنه|\s+عنها)?\s+(?=\S)")


_SOURCE_VERBS = frozenset(normalise(w) for w in ("ذكرت", "ذكر", "أفادت", "أفاد", "أعلنت", "أعلن", "قالت", "قال",
                                                  "أكد", "أكدت", "نقلت", "أوردت", "أورد", "صرح", "صرحت", "نقل",
                                                  "يقول", "تقول", "نشرت", "نشر", "ورد", "وردت", "جاء", "تظهر",
                                                  "تظهره", "أظهرت", "يظهر", "أوضح", "أوضحت", "يذكر", "تذكر",
                                                  "كشف", "كشفت", "أشار", "أشارت", "بين", "بينت"))


#: a quotation of three words or more closing right before a verb, or before a short subject (no sentence end;
#: commas only around an apposition: '"…," the protest leader, Amina Diallo, told') and the verb; a one-word
#: scare quote ('the "reform" plan') is not a quotation
_QUOTE_BEFORE = re.compile(r"[\"“]([^\"“”\n]{3,})[\"”][ \t]*,?[ \t]*((?:[^\"“”\n.!?,]|(?<=\b[A-Z])\.){0,60}?"
                           r"(?:,[^\"“”\n.!?,]{1,40},)?)[ \t]*$")  # "A. J. Smith said": initials in the subject


def english_quotes(text: str, sents: list[tuple[int, int]], mentions: list[dict[str, Any]]) -> list[Quote]:
    return resolve_frames(text, english_frames(text, sents), mentions)


def english_frames(text: str, sents: list[tuple[int, int]]) -> list[Frame]:
    out: list[Frame] = []
    last_end: int | None = None  # end of the last kept quote: a later one may not overlap it
    for v in english_verbs().finditer(text):
        # the sentence, but at most REACH characters either side of the verb: the work per verb stays bounded
        first = max(_sentence_start(sents, v.start()), v.start() - REACH)
        last = min(_sentence_end(text, sents, v.end()), v.end() + REACH)
        last = _colon_quotation(text, last)  # 'Mr Gates told the security conference:\n"The need …"'
        if _inside_quotes(text, first, v.start()) or _EN_CLOSE_AFTER.match(text, v.end()):
            continue  # a verb inside a quotation reports nothing: '"We tried and said nothing," she said', 'That's
            # all I can say," Arians said' (opened on the line before)
        start, end = _clause(text, first, v.start(), v.end(), last)
        before = _trim(text, start, v.start())
        after = _trim(text, v.end(), end)
        f = _english_one(text, v, before, after, coordinated=start > first, sentence_start=first)
        if f is None:
            continue
        if f.keep and last_end is not None and f.start < last_end:
            f = f._replace(keep=False)
        out.append(f)
        if f.keep:
            last_end = f.end
    return out


#: a comma, a closing quotation mark and its speaker's verb right after a verb: the verb is inside a quotation
#: opened before its sentence ('That's all I can say," Arians said')
_EN_CLOSE_AFTER = re.compile(r",[ \t]*[\"”][ \t]+(?:[A-Z][\w.'-]*[ \t]+){1,3}(?:said|says|added|told)\b")
#: a day after the verb, a comma and a clause of reason or time: the speech came before ("said Friday, because …")
_EN_DAY_THEN_REASON = re.compile(r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
                                 r"\s*,\s*(?=(?:because|as|while|after|when|since)\b)")
#: a reporting verb already in the clause before "according to"
_EN_SAID_IN = re.compile(r"\b(?:he|she|they|[A-Z][\w'-]+)\s+(?:\w+ly\s+)?(?:said|says|told|added|wrote)\b(?!\s+to\s)")
#: a relative clause to the end of a phrase
_EN_RELATIVE_TAIL = re.compile(r",?\s+(?:who|which|whose)\b.*", re.DOTALL)
#: the second part of a coordinated clause ("confirmed the revelation, and the secret was out")
_EN_SECOND_PART = re.compile(r",\s+(?:and|but)\s")
#: "that" as a determiner of one noun before a comma or a stop ("wrote that story, but …")
_EN_THAT_NOUN = re.compile(r"that\s+[a-z]+\s*[,.;]")
#: an amount of time after "added"
_EN_ADDED_TIME = re.compile(r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:more\s+)?"
                            r"(?:years|months|weeks|days|hours|minutes|seconds)\b")
#: an audience and nothing else after "told"
_EN_AUDIENCE_ONLY = re.compile(r"(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,3}(?:reporters|journalists|(?:news\s+|press\s+)?"
                               r"conference|briefing|magazine|newspaper|paper|television|radio|station|agency|crowd|"
                               r"audience)")
#: a name and nothing else ("told The San Diego Union - Tribune."): an audience
_EN_NAME_ONLY = re.compile(r"(?:the\s+|The\s+)?[A-Z][\w.'&]*(?:(?:\s+-\s+|\s+|-)[A-Z][\w.'&]*)*\.?")
#: a perception verb and its object right before a bare "say": the object speaks ("overheard someone say")
_EN_HEARD = re.compile(r"\b(?:heard|overheard|hear|hears)\s+((?:\w+\s+)?\w+)\s*$")
#: a subordinate clause right before the verb: its subject is the verb's ("… after witnesses claimed that")
_EN_SUBORDINATE = re.compile(r"\b(?:after|when|because|since|although|though|while|until|unless|where)\s+"
                             r"((?:[\w'.-]+\s+){0,2}[\w'.-]+)\s*$")


def _en_short_subject(phrase: str) -> bool:
    """Whether ``phrase`` (after a subordinating word) reads as a noun phrase: no verb form in it, not a
    determiner alone, not a pronoun with a verb ("she overheard someone")."""
    words = phrase.split()
    low = [w.lower() for w in words]
    return not any(w.endswith(("ed", "ing")) for w in low) and low[-1] not in ("the", "a", "an", "his", "her") \
        and not (low[0] in ("he", "she", "they", "it", "we", "i") and len(words) > 1)
#: ", but" or "and" right before the verb: its subject may open the sentence ("She didn't know …, but said", "he
#: chatted with his son, shook hands … and said")
_EN_TRAILING_CONJ = re.compile(r"(?:,\s+but|\s+and)\s*$")
#: a quotation closed right before the verb ('…address it, ” said'), with no opening mark on its line
_EN_CLOSED_BEFORE = re.compile(r"[,.!?]\s*[\"”]\s*$")
#: a personal pronoun opening a sentence (after a lead-in) as its subject
_EN_OPENING_SUBJECT = re.compile(r"(?:he|she|He|She)(?=\s+(?:also\s+|later\s+)?[a-z])")


def _en_sentence_subject(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The span of "he"/"she" opening the sentence at ``start`` (before ``limit``), after a lead-in phrase."""
    a = _trim(text, start, limit)[0]
    lead = _EN_LEAD_IN.match(text, a, limit)
    a = lead.end() if lead else a
    m = _EN_OPENING_SUBJECT.match(text, a, limit)
    return (m.start(), m.end()) if m else None


#: a speaker after "said" and a colon, a quotation after it: 'said Yeager:\n"She felt …"'
_SAID_NAME_COLON = re.compile(r"\s*((?:the\s+)?[A-Z][^:\n\"“”,]{0,60}?)\s*:\s*(?=[\"“])")


def _colon_quotation(text: str, end: int) -> int:
    """Where a sentence that ends in a colon really ends: after the quotation that opens the next line, if one
    does (closed on that line); else ``end``."""
    if text[max(0, end - 3):end].rstrip()[-1:] != ":":
        return end
    k = end
    while k < len(text) and text[k] in " \t\n" and k < end + 4:
        k += 1
    if k >= len(text) or text[k] not in "\"“":
        return end
    close = _closing(text, k + 1, text[k])
    return close + 1 if close > k + 1 else end


def _english_one(text: str, v: re.Match[str], before: tuple[int, int], after: tuple[int, int],
                 coordinated: bool = False, sentence_start: int | None = None) -> Frame | None:
    verb = v.group("verb").lower()
    if verb == "told" and text[after[0]:after[0] + 3] == "to " or verb == "accused" and text[after[0]:after[0] + 3] == "in " \
            or verb == "insisted" and text[after[0]:after[0] + 3] == "on " or _EN_THAT_NOUN.match(text, after[0], after[1]) \
            or verb == "added" and _EN_ADDED_TIME.match(text, after[0], after[1]):
        return None  # "staff were told to stay indoors": an order; "X, accused in the deaths of …": a participle;
        # "the regimen added 10 years to his life": an amount
    trailing = _EN_TRAILING_CONJ.search(text, before[0], before[1])
    own = _en_sentence_subject(text, sentence_start, v.start()) \
        if sentence_start is not None and (trailing is not None or coordinated and before[1] <= before[0]) else None
    if own is not None:  # "She didn't know the focus of the attention, but said …", "At that hearing, he chatted with
        before = own  # his son … and said": the pronoun that opens the sentence, not the last speaker
    elif trailing is not None and text[before[0]:trailing.start()].strip() in ("’", "'", "\"", "”") \
            or text[before[0]:before[1]].lower() in ("and", "but"):  # a sentence cut after the quotation
        before, coordinated = (v.start(), v.start()), True  # "…: ‘Please don’t let me die!’ and said": who went on
    closed = _EN_CLOSED_BEFORE.search(text, max(0, v.start() - 4), v.start()) \
        if verb in ("said", "says", "added", "explained") else None
    if closed is not None and _QUOTE_BEFORE.search(text, max(0, v.start() - MAX_QUOTE), v.start()) is None:
        line = text.rfind("\n", max(0, closed.start() - MAX_QUOTE), closed.start()) + 1  # the last line of a quotation
        speaker = _SAID_AFTER.match(text, after[0], after[1])  # opened lines before: '…address it, ” said Brooklyn
        qa, qb = _trim(text, line, closed.start())  # Councilman Jumaane Williams in a press release'
        if speaker is not None and qb - qa >= 10 and not _inside_quotes(text, line, closed.start()):
            occasion = _EN_OCCASION.search(text, speaker.start(1), speaker.end(1))
            return Frame(v.group(0), qa, qb, True, speaker.start(1), occasion.start() if occasion else speaker.end(1),
                         False, None)
    quoted = _QUOTE_BEFORE.search(text, max(0, v.start() - MAX_QUOTE), v.start()) if verb != "according to" else None
    if quoted and (len(quoted.group(1).split()) >= 3 or len(quoted.group(1).split()) == 2
                   and text[max(0, quoted.start() - 1):quoted.start()] in ("", "\n")):
        # the quote ends right before the verb, or before a short subject and the verb; '"Absolutely not," O'Connor
        # said' opening its line
        a, b = _trim(text, quoted.start(1), quoted.end(1))
        # '"...," Feki told reporters': the speaker stands between the quote and the verb;
        # '"...," said Feki': after the verb
        sa, sb = _trim(text, quoted.start(2), quoted.end(2))
        if sb > sa:
            return Frame(v.group(0), a, b, True, sa, sb, False, None)
        sb = after[1]
        if _EN_AGED.match(text, after[0], sb):  # '"…," said the 29-year-old on the eve of the Open': not the Open
            occasion = _EN_OCCASION.search(text, after[0], sb)
            sb = occasion.start() if occasion else sb
        return Frame(v.group(0), a, b, True, after[0], sb, False, None)
    named = _SAID_NAME_COLON.match(text, after[0], after[1]) \
        if verb in ("said", "says", "added") and text[:v.start()].rstrip().endswith(",") else None
    if named is not None:  # 'One big difference …, said Yeager:\n"She felt …"': the speaker, then the quotation
        qa, qb = _trim(text, named.end(), after[1])
        if qb - qa >= 10:
            return Frame(v.group(0), qa, qb, True, named.start(1), named.end(1), False, None)
    if _EN_TOLD_NOTHING.match(text, after[0], after[1]):  # "told her to leave", "told him off the record": no speech,
        return Frame(v.group(0), after[0], after[1], False, before[0], before[1], False, None, False)  # but a subject
    if verb != "according to" and _en_no_speech(text, v, before, after):
        return None  # "will be announced", "That's not to say", "what the stats say", "added 16 points"
    inverted = _said_after(text, v, before, after) if verb != "according to" else None
    if inverted is not None:  # "…, said James Steele, chief of the fire department": speech first, then the verb
        return Frame(v.group(0), inverted[0], inverted[1], False, inverted[2], inverted[3], False, None)
    if verb in ("said", "says") and text[max(0, v.start() - 3):v.start()].rstrip().endswith(",") \
            and _SPEAKER_ONLY.fullmatch(text, after[0], after[1]) and not _EN_FINITE.search(text, after[0], after[1]):
        return None  # '"…" and that top science will guide it, said Interior Secretary Ken Salazar.': a name, no speech
    if verb in ("announced", "reported") and _EN_PARTICIPLE_AFTER.match(text, after[0], after[1]):
        return None  # "the changes announced by the secretary", "the measures announced last weekend so that …"
    if verb == "according to":
        if _EN_SAID_IN.search(text, before[0], before[1]):
            return None  # '"…?" she said years later, according to her website': the source of a statement given
        comma = text.find(",", after[0], min(after[1], after[0] + 80))
        lead = _EN_LEAD_IN.match(text, before[0], before[1] + 2) if before[1] > before[0] else None
        lead_in = lead is not None and lead.end() >= before[1]  # "After midnight, according to F.B.I. reports, he …"
        if (before[1] <= before[0] or lead_in or _EN_LEAD_WORD.fullmatch(text, before[0], before[1])) and comma > after[0]:
            # "According to the port authority, cargo traffic rose ...", "But according to Sznewajs, two threats came"
            qa, qb = _trim(text, comma + 1, after[1])
            return Frame(v.group(0), qa, qb, False, after[0], comma, False, None, qb - qa >= 10)
        if 0 < len(text[before[0]:before[1]].split()) <= 4 and text[before[1]:before[1] + 1] == "," and comma > after[0] \
                and after[1] - comma > 20:  # "The Orioles, according to reports, have offered him a deal": the
            return Frame(v.group(0), before[0], after[1], False, after[0], comma, False, None)  # whole sentence
        return Frame(v.group(0), before[0], before[1], False, after[0], min(after[1], after[0] + 80), False, None,
                     before[1] > before[0])
    if verb.endswith("ing"):  # "..., adding that ...": the previous speaker goes on; "adding to the pressure" reports nothing
        body = re.match(r"\s*that\s+", text[after[0]:after[1]])
        if body is None or after[1] - after[0] - body.end() < 10:
            return None
        return Frame(v.group(0), after[0] + body.end(), after[1], False, v.start(), v.start(), True, None)
    quoted_after = "\"" in text[v.end():after[0]] or "“" in text[v.end():after[0]]  # 'she said, "He is …"'
    clause = _clause_first(text, before, after) if verb not in _THAT_ONLY and own is None and not quoted_after else None
    if clause is not None:  # "The strike will go on, union chief Huda Sabri told a rally."
        return Frame(v.group(0), clause[0], clause[1], False, clause[2], before[1], False, None)
    if verb == "told" and (_EN_AUDIENCE_ONLY.fullmatch(text, after[0], after[1])
                           or _EN_NAME_ONLY.fullmatch(text, after[0], after[1])):
        # "Tim Fanning told a news conference.": no speech (speech put first was taken above), but its subject
        return Frame(v.group(0), after[0], after[1], False, before[0], before[1], False, None, False)  # may go on
    if verb == "quoted":  # "The agency quoted Omar Khalil as saying the crossing would stay closed"
        m = _QUOTED_AS.match(text, after[0], after[1])
        if m is None or after[1] - m.end() < 10:
            return None
        return Frame(v.group(0), m.end(), after[1], False, m.start(1), m.end(1), False, None)
    body = (_BODY_TOLD.match(text, after[0], after[1]) or _AUDIENCE.match(text, after[0], after[1])) if verb == "told" \
        else _BODY.match(text, after[0], after[1])
    a = body.end() if body else after[0]
    if a == after[0]:  # "said Thursday the actress checked in", "said on Monday the talks": the time is the verb's
        when = _EN_WHEN.match(text, a, after[1])
        a = when.end() if when else a
    saying = _SAYING.search(text, a, after[1]) if not text[a - 5:a].lower().strip().endswith("that") else None
    if saying is not None and " to " in text[a:saying.start()]:
        a = saying.end()  # "warned residents to stay indoors, saying the storm would strengthen": an order, then speech
    if after[1] - a < 10 or _EN_OCCASION_ONLY.fullmatch(text, a, after[1]) and not _EN_FINITE.search(text, a, after[1]):
        return None  # "Bensel said in a statement released by the team.": where, not what
    if verb in _THAT_ONLY and a == after[0]:
        return None  # "denied the charges", "wrote a book": speech only after "that" or a colon
    if verb in ("confirmed", "noted", "announced") and a == after[0] and not text[a:a + 3].lstrip(" ,:").startswith(("\"", "“")) \
            and not _EN_FINITE.search(" ".join(_EN_SECOND_PART.split(text[a:after[1]], maxsplit=1)[0].split()[:16])):
        # "confirmed the report to the Times", "confirmed the problems on their Twitter account": a thing confirmed,
        # no quote, but its subject may go on speaking (", adding that …"); "confirmed Gupta has been approached"
        # reports a statement
        return Frame(v.group(0), a, after[1], False, before[0], before[1], False, None, False)
    if before[1] <= before[0]:  # "The company said ..., and warned that ...": the subject is the previous speaker's
        return Frame(v.group(0), a, after[1], False, v.start(), v.start(), True, None) if coordinated else None
    joined = _EN_AND.search(text, before[0], before[1])  # "…in damage, and investigators say": the second clause's
    if joined is not None and len(text[joined.end():before[1]].split()) <= 6:
        before = (joined.end(), before[1])
    second = _EN_SECOND_CLAUSE.search(text, before[0], before[1]) if joined is None else None
    if second is not None and (second.group(1).lower() == "but" or _EN_FINITE.search(text, before[0], second.start())):
        before = (second.end(), before[1])  # "Helicopters ferried the injured but the authorities say", "The town
        # still has power and officials say": the second clause's subject
    heard = _EN_HEARD.search(text, before[0], before[1])
    if heard is not None:  # "after she overheard someone say": someone
        before = (heard.start(1), before[1])
    late = _EN_SUBORDINATE.search(text, before[0], before[1]) if heard is None else None
    if late is not None and _en_short_subject(late.group(1)):  # "… sparked five days of riots after witnesses
        before = (late.start(1), before[1])  # claimed that": the witnesses
    qa, qb = _trim(text, a, after[1])  # 'told Al Jazeera: "..."': the quotation without its marks
    aside = _EN_ASIDE.search(text, before[0], before[1])  # "Health officials, speaking on condition of anonymity,"
    who = _EN_WHO.search(text, before[0], before[1])
    if who is not None:  # "Eyewitness News spoke to one man who says": the man
        g = 1 if who.group(1) else 2
        return Frame(v.group(0), qa, qb, text[a:a + 1] in "\"“", who.start(g), who.end(g), False, None)
    sa = before[0]
    if text[v.end():v.end() + 1] == "," and text.rfind(",", before[0], before[1]) > before[0]:
        sa = _trim(text, text.rfind(",", before[0], before[1]) + 1, before[1])[0]  # "The talks, the envoy said, had …"
    return Frame(v.group(0), qa, qb, text[a:a + 1] in "\"“", sa, aside.start() if aside else before[1], False, None)


#: an English name, then a comma (an apposition follows): "John C. Cerar, the former commander …"
#: a possessive after an English name, then a noun: someone of theirs ("Dr. Collins' colleagues", "Lohan ’ s lawyer")
_EN_POSSESSED = re.compile(r"(?:['’]\s?s|(?<=s)['’]|\s['’]\s?s)\s+[a-z]")
#: a day or time right after a reporting verb, before its speech
_EN_WHEN = re.compile(r"\s*(?:(?:on|late|early|last)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                      r"yesterday|today|tonight)(?:\s+(?:morning|afternoon|evening|night))?,?\s+"
                      r"(?:that\s+|(?=(?:the|a|an|it|he|she|they|we|i|his|her|their|its|there|[A-Z]\w*)\s))")
_EN_NOUN_NEXT = re.compile(r"\s+[a-z]")
_EN_NAME_APPOSITION = re.compile(r"\s*((?:[A-Z][a-z][\w'-]*|[A-Z]\.)(?:\s+(?:[A-Z][a-z][\w'-]*|[A-Z]\.)){0,3})"
                                 r"(?:,\s+(?:MD|M\.D\.|PhD|Ph\.D\.|Jr\.?|Sr\.?|\d{1,3}))?,\s+(?:the|a|an|who|[a-z])")
# ("Bob Currie, 66, a resident of …": the name, then the age)
_EN_NOT_NAMES = frozenset({"yesterday", "today", "tonight", "tomorrow", "meanwhile", "however", "earlier", "later",
                           "still", "instead", "separately", "now", "then", "also", "again", "monday", "tuesday",
                           "wednesday", "thursday", "friday", "saturday", "sunday", "so", "but", "and", "thus",
                           "moreover", "furthermore", "here", "there", "officials", "police", "witnesses"})
#: ", and" / ", but" before the subject of a second clause
_EN_AND = re.compile(r",\s+(?:and|but)\s+(?=\S)(?!.*,\s+(?:and|but)\s)", re.IGNORECASE | re.DOTALL)
#: "but" or "and" without a comma before a short subject right before the verb
_EN_SECOND_CLAUSE = re.compile(r"\s(but|and)\s+(?=(?:the\s+|a\s+|an\s+)?\w+(?:\s+\w+)?\s*$)")
#: before the verb: a passive ("will be announced", "was not announced"), an infinitive ("not to say"), "having"
_EN_NOT_SPEECH_BEFORE = re.compile(r"(?:\b(?:(?:be|been|being|is|was|are|were)(?:\s+(?:not|now|also|still|never|often|"
                                   r"already|first|\w+ly))?|to|having|not|never|"
                                   r"if|once|when|unless|"  # "If confirmed, Dr. Benjamin would be …": a participle
                                   r"(?:a|an|the)\s+(?:\w+ly|newly|recently)|"  # "a previously announced release date"
                                   r"the|ever|"  # "Andrew Lopez, 20, is the accused gunman", "Neither … ever claimed"
                                   r"what\s+(?:\S+\s+){0,3}?)"
                                   r"|n[’']\s?t)\s*$",
                                   re.IGNORECASE)
#: after the verb: an infinitive ("claimed to have witnessed") or points scored ("added 16 points")
_EN_NOT_SPEECH_AFTER = re.compile(r"\s*(?:to\s+(?:have|be)\b|(?:of|upon)\b|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
                                  r"\s+(?:more|points|goals|runs|yards|rebounds|assists|touchdowns)\b)",
                                  re.IGNORECASE)
#: an order or an aside after "told" and its audience: "told her to leave", "told him off the record", "told them about"
_EN_TOLD_NOTHING = re.compile(r"\s*(?:him|her|them|me|us|you)\s+(?:(?:not\s+)?to\s+\w|off\s+the\s+record|about\b)",
                              re.IGNORECASE)
#: a relative clause around the verb: "regulations that they say are …", "police, whom residents say make …"
_EN_RELATIVE_SUBJECT = re.compile(r"\b(?:that|which|whom|who)\s+(?:(?!\w+ly\s)\S+\s+){1,2}$", re.IGNORECASE)
# ("men who agents said were his confederates"; not "a man who reportedly said")


def _en_no_speech(text: str, v: re.Match[str], before: tuple[int, int], after: tuple[int, int]) -> bool:
    lead = text[max(before[0], v.start() - 40):v.start()]
    return bool(_EN_NOT_SPEECH_BEFORE.search(lead) or _EN_NOT_SPEECH_AFTER.match(text, after[0], after[1])
                or _EN_RELATIVE_SUBJECT.search(lead) and not _QUOTE_BEFORE.search(text, max(0, v.start() - 400), v.start()))


#: after ", said": only a speaker phrase to the end of the sentence (no finite verb, a capitalised or titled head)
_SPEAKER_ONLY = re.compile(r"\s*(?:the\s+|a\s+|an\s+)?[A-Z][^,;:\"“”]{0,80}?(?:,\s*(?:a|an|the|who)\b[^\"“”]{0,80})?\s*[.]?\s*")
#: a past participle, not a reporting verb: "announced by", "announced last weekend so that"
_EN_PARTICIPLE_AFTER = re.compile(r"\s*(?:by\b|(?:last|this|on)\s+\w+\s+(?:so\s+that|to|in|and)\b)")
#: a phrase of where or how a statement was made, and nothing else
_EN_OCCASION_ONLY = re.compile(r"(?:in|on|at|during|through|via)\s+(?:(?:a|an|the|his|her|their|its)\s+[^;:\"“]*|"
                               r"(?:Twitter|Facebook|Instagram|YouTube|television|TV|radio|air)\b[^;:\"“]*)",
                               re.IGNORECASE)
#: the verb right after a comma, then its speaker ("…, said James Steele, chief of the fire department.")
_SAID_AFTER = re.compile(r"\s*((?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?"
                         r"(?:(?:(?:family|prison|terminal|head|team|general|former|longtime|fellow)\s+)?(?:friend|"
                         r"spokesman|spokeswoman|manager|coach|witness|neighbou?r|teammate|agent|publicist|colleague)\s+"
                         r"(?=[A-Z]))?(?:"
                         r"(?:Capt|Lt|Sgt|Gen|Col|Maj|Dr|Mr|Mrs|Ms|Prof|Gov|Sen|Rep|Const|Det|Insp|Dist|Atty)\.|[A-Z]|"
                         r"\d{1,3}[- ]year[- ]old\b|"  # "…, said the 29-year-old on the eve of the Open"
                         r"(?:spokes(?:man|woman|person)|officials?|police|reports?|operator|owner|chairman|director|"
                         r"sources?|witnesses|authorities|residents|analysts|experts|investigators|prosecutors|"
                         r"wife|husband|girlfriend|boyfriend|mother|father|sister|brother|son|daughter|lawyer|attorney)\b)"
                         r"(?:\b(?:[A-Z]|Capt|Lt|Sgt|Gen|Col|Maj|Dr|Mr|Mrs|Ms|Prof|Gov|Sen|Rep|St|Jr|Dist|Atty)\.|"
                         r"[^,.;:\"“]){0,60}?)"
                         r"\s*(?:,|$)")  # "…, said a spokesman for the facility.", "…, said Sheriff's Capt. Ray Peavy, a …"


def _said_after(text: str, v: re.Match[str], before: tuple[int, int], after: tuple[int, int]
                ) -> tuple[int, int, int, int] | None:
    """(quote start, quote end, speaker start, speaker end) of reported speech put before "said X" with no
    quotation marks: a clause of five words or more, a comma, the verb, and a short speaker phrase that ends the
    sentence or is followed by an apposition."""
    if v.group("verb").lower() not in ("said", "says", "explained", "added", "reported", "noted"):
        return None
    comma = text.rfind(",", max(0, v.start() - 3), v.start())
    if comma < 0 or text[comma + 1:v.start()].strip():
        return None
    qa, qb = _trim(text, before[0], comma)
    speaker = _SAID_AFTER.match(text, after[0], after[1])
    if speaker is None or len(text[qa:qb].split()) < 5 or _inside_quotes(text, before[0], comma) \
            or re.search(r",\s+(?:which|who|whose)\b[^,]*$", text[qa:qb]) \
            or _EN_FINITE.search(speaker.group(1)) or " that " in speaker.group(1):
        return None
    sb = speaker.end(1)
    occasion = _EN_OCCASION.search(text, speaker.start(1), sb)  # "the 29-year-old on the eve of the South African Open"
    return qa, qb, speaker.start(1), occasion.start() if occasion else sb


#: a phrase of time or place after a speaker put after "said": not part of the speaker
_EN_OCCASION = re.compile(r"\s+(?:on|in|at|during|after|before|while|when)\s")


#: the noun phrase before "who" right before the verb ("spoke to one man who says", "a witness who said"); not a
#: preposition or a verb before it
_EN_WHO = re.compile(r"(?:^|\s)(?!(?:to|with|for|of|at|by|from|spoke|talked)\b)(?:((?:[\w'-]+\s+)?[\w'-]+)\s+|"
                     r"((?:[A-Z][\w'-]*\s+)?[A-Z][\w'-]*),\s+)who(?:\s+\w+ly)?\s*$")  # "…, John R. Amoss, who said"
#: ", saying (that)": what a verb's object clause ("warned residents to stay indoors") leaves to the participle
_SAYING = re.compile(r",\s+saying\s+(?:that\s+)?", re.IGNORECASE)
#: an aside after an English speaker phrase, up to the verb: "Health officials, speaking on condition of anonymity,"
_EN_ASIDE = re.compile(r",\s+(?:speaking|who|asking|requesting|citing)\b[^,]*,?\s*$")


#: A finite verb form: after a reporting verb it starts the speech ("said the crossing would reopen")
_EN_FINITE = re.compile(r"\b(?:would|will|had|has|have|was|were|is|are|could|should|might|may|must|did|does|can)\b",
                        re.IGNORECASE)
#: What may follow a reporting verb without being its speech ("…, Del Giudice said when the courtroom was reopened")
_EN_AFTER_VERB = re.compile(r"\s*(?:when|after|before|as|while|because|since|once|during|in|on|at|outside|inside|"
                            r"following)\b",
                            re.IGNORECASE)
#: A lead-in phrase that opens a sentence before its subject ("In a statement, …", "Speaking to reporters, …")
_EN_LEAD_IN = re.compile(r"(?:In|On|At|During|After|Before|Speaking|Asked|Responding|Writing|Earlier|Later|Last|Under|"
                         r"Meanwhile|However|Rather|Instead|Separately|Still|Additionally|Also|Moreover|Furthermore|"
                         r"Further|however|meanwhile|though|too)\b[^,\"“.;:]{0,80},\s*")

#: a sentence opening with a subordinate or prepositional clause that may hold commas of its own
_EN_CLAUSE_LEAD = re.compile(r"(?:Prior\s+to|Following|Despite|Amid|Since|Unlike|Although|Though|While|When|Because|"
                             r"Without|Once)\b")

#: Where reported speech begins after the verb: "that" or a colon, also after a phrase of place or time
#: ("said in a statement on its website that", "said on Monday that"); after "told", after its object
#: ("told a news conference that", "told AFP that").
_BODY = re.compile(r"\s*(?:(?:(?:on|in|at|during|after|before|late|early|earlier|last|this|from|through|via|to)\b"
                   r"[^,\"“.;:]{0,60}?\s)?that\s+|(?:(?:explaining|adding|noting|saying|insisting|warning)\s*)?:\s*)?",
                   re.IGNORECASE)  # 'she said, explaining: "…"'
_BODY_TOLD = re.compile(r"\s*(?:(?:[^,\"“.;:\s]+\s+){0,5}?that\s+|(?:[^,\"“.;:\s]+\s+){0,3}?[^,\"“.;:\s]*:\s*)",
                        re.IGNORECASE)  # "told AFP that ...", "told Al Jazeera: \"...\""
#: verbs that report speech only before "that" or a colon (or after a quotation): "denied the charges" does not
_THAT_ONLY = frozenset({"denied", "wrote", "stressed", "admitted", "acknowledged", "emphasized", "emphasised",
                        "pledged", "promised", "conceded", "maintained"})
#: "told reporters the vote was fair", "told Reuters on Monday ...", "told a news conference ...": the audience
#: (a known noun or capitalised name) and a time or place phrase, then the speech, without "that"
_AUDIENCE = re.compile(
    r"\s*(?:(?:the|a|an)\s+)?(?:[A-Z][\w.&'-]*\s+){0,3}?"
    r"(?:(?:reporters|journalists|lawmakers|legislators|parliament|MPs|supporters|students|workers|residents|"
    r"prosecutors|police|investigators|detectives|officers|jurors|"
    r"(?:news |press )?conference|briefing|rally|crowd|audience|meeting|forum|summit|council|committee|"
    r"newspaper|agency|channel|television|radio|broadcaster)\b|[A-Z][\w.&'-]*)"
    r"(?:\s+(?:on|in|at|late|early|this|last|after|before|during)\b[^,;:\"“]{0,40}?(?=\s+(?:that\s|the\s|a\s|an\s|[a-z]+\s)))?"
    r"\s+(?:that\s+)?")
_QUOTED_AS = re.compile(r"\s*([^,\"“.;:]{2,80}?)\s+as\s+saying\s+(?:that\s+)?", re.IGNORECASE)


#: Where one speaker's clause ends and another's begins inside a sentence ("..., while union head Mona Aziz
#: insisted ..."; "...; the opposition said ...").
_CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas)\s+|;\s+|,\s+(?=(?:adding|insisting)\s+that\s)"
                           r"|(?P<and>,?\s+and\s+(?=(?:said|added|warned|noted|stated|explained|insisted|argued|claimed|told)\s))",
                           re.IGNORECASE)


def _clause(text: str, start: int, verb_start: int, verb_end: int, end: int) -> tuple[int, int]:
    """The part of the sentence ``start``..``end`` that belongs to the reporting verb at ``verb_start``: from
    the last clause break before it to the first one after it (quoted text is never cut)."""
    window = text[start:end]
    if "," not in window and ";" not in window and "and" not in window.lower():
        return start, end  # no break can match: the regex is not run over the window (most sentences)
    for m in _CLAUSE_BREAK.finditer(text, start, end):  # not cut at the verb: a break may look ahead at it
        if m.end() > verb_start:
            break
        if _breaks(text, start, m):
            start = m.end()
    for m in _CLAUSE_BREAK.finditer(text, verb_end, end):
        if _breaks(text, start, m):
            return start, m.start()
    return start, end


def _breaks(text: str, start: int, m: re.Match[str]) -> bool:
    """Whether the clause break ``m`` ends a clause begun at ``start``: never inside a quotation, and "and said"
    only after a reporting verb of its own ("The company said ..., and warned that ..."; "Police arrested two
    men and said ..." is one clause)."""
    if _inside_quotes(text, start, m.start()):
        return False
    return not m.group("and") or english_verbs().search(text, max(start, m.start() - MAX_QUOTE), m.start()) is not None


def _inside_quotes(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside an open quotation that began after ``start``."""
    span = text[max(start, pos - MAX_QUOTE):pos]  # a longer quotation is no quote anyway (bounds the work per verb)
    return span.count("\"") % 2 == 1 or span.count("“") > span.count("”")


def _clause_first(text: str, before: tuple[int, int], after: tuple[int, int]) -> tuple[int, int, int] | None:
    """(quote start, quote end, subject start) of reported speech put before its speaker without
    quotation marks: a clause of four words or more, a comma, a subject of at most eight words and
    the verb, with at most six words after it ("... wages are paid, union chief Huda Sabri told a
    rally in the capital")."""
    tail = text[after[0]:after[1]]
    timed = _EN_DAY_THEN_REASON.match(tail)  # "…, authorities said Friday, because she is dying …"
    tail = tail[timed.end():] if timed else tail
    occasion = _EN_OCCASION_ONLY.fullmatch(tail) is not None and not _EN_FINITE.search(tail)
    core = _EN_RELATIVE_TAIL.sub("", tail)  # "following a vigil for Gray, who was shot dead": the finite verb is the
    circumstance = _EN_AFTER_VERB.match(tail) is not None and not _EN_FINITE.search(core) \
        and not tail.lstrip().lower().startswith("at least") or timed is not None  # relative clause's
    if len(tail.split()) > 6 and not occasion and not circumstance \
            or (_EN_FINITE.search(tail) and not _EN_AFTER_VERB.match(tail)) \
            or tail[:1] in ("\"", "“"):  # "…, the minister said the crossing would reopen", 'Of the gunman, she said,
        return None  # "He is a menace."': the speech follows the verb; "…, he said in an interview with the Sun" does not
    comma = text.rfind(",", before[0], before[1])
    if comma < 0:
        return None
    qa, qb = _trim(text, before[0], comma)
    sa, _ = _trim(text, comma + 1, before[1])
    subject = text[sa:before[1]].split()
    previous = text.rfind(",", before[0], comma)
    if len(subject) == 1 and lexicon().gazetteer.get((subject[0].lower().rstrip("."),)) == "LOC" and previous > before[0] \
            and 0 < len(text[previous + 1:comma].split()) <= 5 and text[previous + 1:comma].split()[0].islower() \
            and text[previous + 1:comma].split()[-1][:1].isupper():
        # "…, police in Palermo, Sicily, said": a place after a comma belongs to the subject before it
        qa, qb = _trim(text, before[0], previous)
        sa = _trim(text, previous + 1, comma)[0]
        subject = text[sa:before[1]].split()
    if len(text[qa:qb].split()) < 4 or not 0 < len(subject) <= 8 \
            or subject[0].lower() in ("and", "but", "or", "then", "who", "which", "where", "when"):  # "…, John Amoss,
        # who said he …", "…, where police say he refused"
        return None  # ", and said ...": a second verb of the sentence's subject, not speech put first
    return qa, qb, sa


def quotes_of(text: str, sents: list[tuple[int, int]], mentions: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return as_dicts(resolve_frames(text, frames_of(text, sents, lang), mentions))


def as_dicts(found: list[Quote]) -> list[dict[str, Any]]:
    return [{f: getattr(q, f) for f in _FIELDS} for q in found]


_FIELDS = tuple(Quote.__slots__)
