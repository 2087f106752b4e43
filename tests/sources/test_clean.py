from rasd.dates.dateline import is_dateline
from rasd.sources.clean import clean_text

PAGE = """الأحد 14 May / May 2023

افتتاح معرض الكتاب في دورته الجديدة

افتتاح معرض الكتاب في دورته الجديدة

شارك القصة

جانب من أروقة المعرض (الصورة: أرشيف)
افتتح وزير الثقافة صباح اليوم معرض الكتاب الدولي بمشاركة أكثر من خمسمئة دار نشر من ثلاثين بلدا.

وقال مدير المعرض إن عدد الزوار المتوقع يتجاوز مليون زائر خلال عشرة أيام.

تابع القراءة
المصادر:
صحيفة الضفة - وكالات
Close"""

TAIL = """أعلنت البلدية تشغيل خط حافلات جديد يربط الأحياء الشرقية بوسط المدينة ابتداء من الشهر المقبل.
وأوضح رئيس البلدية أن الخط سيعمل على مدار الساعة.
وأشار إلى أن أسعار التذاكر لن تتغير.
المصدر | جريدة المدينة

  كلمات مفتاحية

النقل البلدية الحافلات

عنوان خبر آخر لا علاقة له بالموضوع

عنوان خبر ثالث عن الطقس"""


def test_boilerplate_lines_title_and_credit() -> None:
    out = clean_text(PAGE)
    assert out.title == "افتتاح معرض الكتاب في دورته الجديدة"
    assert out.credit == "صحيفة الضفة"
    for gone in ("شارك القصة", "تابع القراءة", "Close", "الصورة", "وكالات"):
        assert gone not in out.text
    assert "افتتح وزير الثقافة" in out.text and "مليون زائر" in out.text
    assert out.text.count("افتتاح معرض الكتاب") == 0  # the headline moved to the title
    assert out.text.startswith("الأحد 14 May")  # a date line stays for the dates stage


def test_keyword_tail_block_is_cut_and_credit_kept() -> None:
    out = clean_text(TAIL)
    assert out.credit == "جريدة المدينة"
    assert "كلمات مفتاحية" not in out.text and "الطقس" not in out.text
    assert out.text.endswith("أسعار التذاكر لن تتغير.")
    assert any("كلمات مفتاحية" in r for r in out.removed)


def test_text_without_boilerplate_is_untouched() -> None:
    body = "قال المتحدث إن الاجتماع انتهى دون اتفاق.\nوأضاف أن جولة جديدة ستعقد قريبا."
    out = clean_text(body, find_title=False)
    assert out.text == body and out.removed == [] and out.title is None


def test_date_lines() -> None:
    assert is_dateline("السبت 12 فبراير 2022 03:15 م")
    assert is_dateline("الجمعة 20 Sep / September 2024")
    assert is_dateline("الثلاثاء 13 رمضان 1444 هـ")
    assert not is_dateline("قال الوزير إن الاجتماع سيعقد في 12 فبراير 2022 بحضور الوفود")
