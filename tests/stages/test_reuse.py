"""The reuse stage on hand-built articles (texts written for these tests)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rasd.model import Article
from rasd.reuse.minhash import estimate_jaccard, lsh_params, signatures
from rasd.reuse.params import ReuseParams
from rasd.reuse.shingles import batch_features, doc_features
from rasd.reuse.similarity import jaccard, ngram_set
from rasd.reuse.state import ReuseState
from rasd.reuse.textcodes import layout, token_hashes
from rasd.stages.base import StageContext
from rasd.stages.reuse import ReuseStage
from rasd.text import normalise, tokens

MARKET = (
    "أعلنت بلدية المدينة أمس إعادة افتتاح سوق الخضار المركزي بعد أشهر من أعمال التوسعة والتجديد. "
    "وقال رئيس البلدية إن السوق أصبح يضم مئة وعشرين محلا جديدا ومواقف للسيارات ومظلات تحمي الباعة من الشمس. "
    "وأضاف أن الإيجارات ستبقى كما كانت في العام الماضي حتى لا يتضرر صغار التجار. "
    "وعبر عدد من الباعة عن ارتياحهم للتنظيم الجديد، فيما طالب آخرون بتخفيض رسوم النظافة الشهرية."
)
MARKET_COPY = (
    "اعلنت بلدية المدينة امس إعادة افتتاح سوق الخضار المركزي بعد اشهر من أعمال التوسعه والتجديد! "
    "وقال رئيس البلدية ان السوق اصبح يضم مئة وعشرين محلا جديدا ومواقف للسيارات ومظلات تحمي الباعة من الشمس. "
    "وتابع مراسلنا الافتتاح من عين المكان. "
    "واضاف ان الإيجارات ستبقى كما كانت في العام الماضي حتى لا يتضرر صغار التجار. "
    "وعبر عدد من الباعة عن ارتياحهم للتنظيم الجديد , فيما طالب آخرون بتخفيض رسوم النظافة الشهرية."
)
MARKET_OTHER = (
    "شهد سوق الخضار المركزي في المدينة صباح اليوم ازدحاما كبيرا مع بداية موسم الفواكه الصيفية. "
    "ويقول باعة إن أسعار البطيخ والعنب انخفضت بنحو الثلث مقارنة بالأسبوع الماضي بسبب وفرة الإنتاج. "
    "في المقابل اشتكى متسوقون من ارتفاع أسعار الطماطم والبصل، وطالبوا البلدية بمراقبة الأسعار. "
    "وتنوي البلدية تنظيم سوق شعبي أسبوعي للمزارعين في الساحة المجاورة ابتداء من الشهر المقبل."
)
AGENCY = "وأكد المتحدث باسم وزارة الصحة في بيان صحفي أن فرق التطعيم زارت أكثر من ثلاثة آلاف مدرسة خلال الأسبوع الأول"
FILLERS = [
    "ناقش المجلس البلدي في جلسته الأخيرة خطة تحسين الإنارة في الشوارع الفرعية للأحياء الشمالية.",
    "افتتحت مكتبة عامة جديدة في الحي الغربي تضم قاعة للمطالعة وركنا مخصصا لكتب الأطفال.",
    "نظمت جمعية أهلية حملة لتنظيف الشاطئ شارك فيها مئات المتطوعين من طلاب الجامعات.",
    "أعلن نادي المدينة عن تعاقده مع مدرب جديد لفريق الناشئين استعدادا للموسم المقبل.",
    "بدأت أعمال صيانة الجسر القديم على النهر وسط توقعات بإغلاقه أمام السيارات لمدة شهر.",
]


def art(aid: str, text: str, **kw: Any) -> Article:
    return Article(id=aid, text=text, **kw)


def run(batch: list[Article], ctx: StageContext | None = None, **settings: Any) -> list[dict[str, Any]]:
    ctx = ctx or StageContext(settings=settings)
    out = ReuseStage()(batch, ctx)
    assert len(out.fields) == len(batch)
    assert all(set(f) == set(ReuseStage.assigns) for f in out.fields)
    return out.fields


def test_edited_copy_is_a_duplicate_of_the_earlier_article() -> None:
    fields = run(
        [
            art("orig", MARKET, published="2025-05-01T09:00:00+03:00", source="a"),
            art("copy", MARKET_COPY, published="2025-05-01T12:00:00+03:00", source="b"),
        ]
    )
    assert fields[0]["duplicate_of"] is None
    assert fields[1]["duplicate_of"] == "orig"
    assert fields[1]["revision_of"] is None


def test_canonical_is_the_earliest_published_even_when_ingested_later() -> None:
    ctx = StageContext(settings={})
    run([art("late", MARKET_COPY, published="2025-05-02T10:00:00Z")], ctx)
    first = run([art("early", MARKET, published="2025-05-01T10:00:00Z")], ctx)
    third = run([art("third", MARKET + " وتابع مراسلنا الافتتاح.", published="2025-05-03T10:00:00Z")], ctx)
    assert first[0]["duplicate_of"] is None
    assert third[0]["duplicate_of"] == "early"


def test_same_topic_article_is_not_a_duplicate() -> None:
    fields = run([art("a", MARKET), art("b", MARKET_OTHER)])
    assert fields[1]["duplicate_of"] is None


def test_same_url_is_a_revision_not_a_duplicate() -> None:
    url = "https://example.org/news/1"
    fields = run([art("v1", MARKET, url=url), art("v2", MARKET_COPY, url=url)])
    assert fields[1]["revision_of"] == "v1"
    assert fields[1]["duplicate_of"] is None
    assert fields[1]["reuse"]["reused_share"] == 0.0  # text kept from the earlier revision is not reuse


def test_identical_short_texts_are_not_duplicates() -> None:
    short = "قال الوزير إن الاجتماع كان مثمرا."
    chant = " ".join(["نعم"] * 60)  # long, but only one distinct shingle
    fields = run(
        [art("s1", short), art("s2", short), art("s3", "نعم"), art("c1", chant), art("c2", chant + " نعم")]
    )
    assert [f["duplicate_of"] for f in fields] == [None] * 5


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "كلمة",
        "\x00\x01\x02 binary-ish \ufffd\ufffd",
        "😀 emoji only 🚀🚀",
        "Mixed English و عربي text with 123 ٤٥٦ and Ελληνικά",
    ],
)
def test_bad_input_does_not_crash(text: str) -> None:
    fields = run([art("x", text), art("y", text)])
    assert fields[1]["duplicate_of"] is None
    assert 0.0 <= fields[1]["reuse"]["original_share"] <= 1.0


def test_huge_text_is_capped_and_still_found_as_duplicate() -> None:
    huge = " ".join(f"{FILLERS[i % 5]} الفقرة رقم {i}." for i in range(6000))
    params = ReuseParams.from_settings({"reuse_max_shingles": 5000})
    assert len(doc_features(huge, None, 5, params.max_shingles).shingles) <= 5000
    fields = run([art("h1", huge), art("h2", huge + " خاتمة.")], reuse_max_shingles=5000)
    assert fields[1]["duplicate_of"] == "h1"


def test_shared_passage_is_reuse_from_the_first_carrier() -> None:
    fields = run(
        [
            art(
                "p1",
                FILLERS[0] + " " + AGENCY + ". " + FILLERS[1],
                source="agency",
                published="2025-01-01T08:00:00Z",
            ),
            art(
                "p2",
                FILLERS[2] + " " + AGENCY + "، حسب البيان. " + FILLERS[3],
                source="daily",
                published="2025-01-01T10:00:00Z",
            ),
        ]
    )
    assert fields[0]["reuse"]["reused_share"] == 0.0
    summary = fields[1]["reuse"]
    assert summary["reused_share"] > 0.2
    assert summary["from_articles"] == ["p1"]
    assert list(summary["from_sources"]) == ["agency"]
    assert fields[1]["duplicate_of"] is None


def test_formula_carried_by_too_many_articles_does_not_count() -> None:
    batch = [art(f"f{i}", f"{AGENCY}. {FILLERS[i]}") for i in range(5)]
    fields = run(batch, reuse_passage_max_df=3)
    assert fields[1]["reuse"]["reused_share"] > 0  # second carrier: still under the cut-off
    assert fields[4]["reuse"]["reused_share"] == 0.0  # fifth carrier: over it


def test_known_article_is_not_registered_twice() -> None:
    ctx = StageContext(settings={})
    run([art("orig", MARKET), art("copy", MARKET_COPY)], ctx)
    state = ctx.state
    assert isinstance(state, ReuseState)
    before = (len(state.docs), dict(state.passage_count))
    again = run([art("copy", MARKET_COPY)], ctx)
    assert again[0]["duplicate_of"] == "orig"
    assert (len(state.docs), dict(state.passage_count)) == before


def test_layout_tokens_match_the_text_layer() -> None:
    text = "قالَ الرئيسُ الأمريكيّ: «سنعمل معاً»، وأضافـــت الوزارة ٣ بنود. Hello World!"
    lay = layout(text)
    spans = zip(lay.starts.tolist(), lay.ends.tolist(), strict=True)
    assert [normalise(text[a:b]) for a, b in spans] == tokens(text)
    assert lay.sentence_ids.tolist()[-2:] == [1, 1]  # "Hello World" is after ". "
    # spelling variants and a leading conjunction «و» hash alike; different words do not
    assert token_hashes(["الأمريكي", "وأضافت"]).tolist() == token_hashes(["الامريكي", "اضافت"]).tolist()
    assert len(set(token_hashes(["سوق", "سوء", "ساق"]).tolist())) == 3


def test_fingerprints_do_not_cross_sentences() -> None:
    words = [
        "واحد",
        "اثنان",
        "ثلاثة",
        "اربعة",
        "خمسة",
        "ستة",
        "سبعة",
        "ثمانية",
        "تسعة",
        "عشرة",
        "احد",
        "عشر",
        "اثنا",
        "عشر",
        "ثلاثة",
        "عشر",
    ]
    words = words[:14]  # one sentence of 14 words holds 7 word 8-grams: enough for a winnowing window
    one = doc_features(" ".join(words), None, 5, 1000)
    split = doc_features(" ".join(words[:7]) + ". " + " ".join(words[7:]), None, 5, 1000)
    assert len(one.fp_hashes) >= 1
    assert len(split.fp_hashes) == 0
    cut = len(" ".join(words[:7]))
    given = doc_features(" ".join(words), [[0, cut], [cut + 1, len(" ".join(words))]], 5, 1000)
    assert len(given.fp_hashes) == 0  # the sentences annotation is used when present


def test_features_do_not_depend_on_the_batch() -> None:
    texts = [MARKET, "", "كلمة", MARKET_COPY, AGENCY, MARKET_OTHER]
    together = batch_features(texts, [None] * len(texts), 5, 20000, 8, 6)
    for text, feat in zip(texts, together, strict=True):
        alone = doc_features(text, None, 5, 20000)
        assert feat.shingles.tolist() == alone.shingles.tolist()
        assert feat.fp_hashes.tolist() == alone.fp_hashes.tolist()
        assert feat.fp_starts.tolist() == alone.fp_starts.tolist()
        assert feat.fp_ends.tolist() == alone.fp_ends.tolist()
        assert (feat.n_tokens, feat.text_chars) == (alone.n_tokens, alone.text_chars)
    assert len(together[0].fp_hashes) > 0


def test_signature_estimates_jaccard() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**63, size=400, dtype=np.uint64)
    other = np.concatenate([base[:300], rng.integers(0, 2**63, size=100, dtype=np.uint64)])
    sigs = signatures([np.unique(base), np.unique(other)], 256, 11)
    exact = jaccard(np.unique(base), np.unique(other))
    assert abs(float(estimate_jaccard(sigs[0], sigs[1:])[0]) - exact) < 0.1


def test_bands_follow_the_threshold() -> None:
    low_b, low_r = lsh_params(0.3, 128)
    high_b, high_r = lsh_params(0.8, 128)
    assert low_b * low_r <= 128 and high_b * high_r <= 128
    assert high_r > low_r


def test_ngram_similarity_is_symmetric_and_bounded() -> None:
    a, b = ngram_set(MARKET, 2), ngram_set(MARKET_OTHER, 2)
    assert jaccard(a, b) == jaccard(b, a)
    assert 0.0 < jaccard(a, b) < jaccard(a, ngram_set(MARKET_COPY, 2)) <= 1.0
