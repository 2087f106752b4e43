"""Date stamps above a headline are not titles (rasd.dates.dateline)."""

import pytest

from rasd.cluster.features import title_text
from rasd.dates.dateline import is_dateline
from rasd.eval.events_data import first_line_title
from rasd.model import Article

STAMPS = [
    "Tuesday, May 24, 2005",
    "Posted 11 / 27 / 2005 7: 21 AM",
    "Updated: November 11, 2011 20: 09 IST",
    "9: 53 AM, MON 22 JUL 2013",
    "PUBLISHED FRIDAY, MARCH 8, 2013 AT 12: 46 PM / UPDATED AT 12: 48 PM",
    "8: 24am:",
    "12/02/2022",
    "الخميس، 30 ديسمبر 2021",
    "نشر في: السبت 12 فبراير 2022 - 10:30 بتوقيت غرينتش",
]
HEADLINES = [
    "Harbour reopens after storm: 4 November 2011",
    "May Day march draws 10,000 to the square",
    "2013 in review",
    "بايدن وبوتين يتحدثان هاتفيا السبت",
    "اجتماع الوزراء في 12 فبراير لبحث الأزمة",
    "Flood warning lifted",  # no digit at all
]


@pytest.mark.parametrize("line", STAMPS)
def test_date_stamps_are_datelines(line: str) -> None:
    assert is_dateline(line)


@pytest.mark.parametrize("line", HEADLINES)
def test_headlines_are_not_datelines(line: str) -> None:
    assert not is_dateline(line)


def test_a_very_long_line_is_never_a_dateline() -> None:
    assert not is_dateline("Monday " * 40 + "2020")


def test_the_title_fallbacks_skip_a_stamp_above_the_headline() -> None:
    text = "https://example.org/a/b\nThursday, March 3, 2011\nHarbour reopens after the storm\nThe port opened on Thursday."
    assert first_line_title(text) == "Harbour reopens after the storm"
    art = Article(id="a", text="Thursday, March 3, 2011\nHarbour reopens after the storm.\nThe port opened on Thursday.")
    assert title_text(art).startswith("Harbour reopens")
