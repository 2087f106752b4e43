"""Shared fixtures: team-written Arabic articles, settings, temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.errors import DataMissing
from rasd.eval.datasets import shared_path
from rasd.settings import Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

ARTICLE_AR = (
    "أعلنت وزارة الزراعة، اليوم الأحد، عن خطة جديدة لدعم مزارعي القمح في المحافظات الجنوبية بعد موسم جفاف طويل.\n"
    "وقال وزير الزراعة إن الخطة تشمل قروضا ميسرة وبذورا محسنة، مضيفا أن التنفيذ سيبدأ الشهر المقبل.\n"
    "وأوضح مسؤول في الوزارة أن نحو ثلاثين ألف مزارع سيستفيدون من البرنامج في مرحلته الأولى؟ نعم، حسب التقديرات."
)
ARTICLE_EN = (
    "The city council approved a new budget for public libraries on Monday after a long debate.\n"
    "The mayor said that the plan would extend opening hours and add three new branches by next year."
)


@pytest.fixture
def settings() -> Settings:
    return load_settings(environ={}, config_file=Path("/nonexistent/rasd.toml"))


@pytest.fixture
def seeds() -> Path:
    try:
        return shared_path("seeds")
    except DataMissing as exc:
        pytest.skip(f"founding sample absent: {exc.message}")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A tiny mixed-format corpus written by the team."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "farm.txt").write_text("خطة لدعم مزارعي القمح\n\n" + ARTICLE_AR + "\n\nشارك القصة\nالمصدر | صحيفة الحقول\n",
                                   encoding="utf-8")
    (root / "library.txt").write_text(ARTICLE_EN, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not a supported format")
    return root
