import pytest

from rasd.sources.decode import DecodeError, decode_bytes

TEXT = "قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة، وسط آمال بالتوصل إلى اتفاق."


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # no BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1256"),
        TEXT.encode("iso8859_6", errors="ignore"),
    ],
)
def test_arabic_encodings_decode(encoded: bytes) -> None:
    out = decode_bytes(encoded)
    assert "وزير الخارجية" in out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"abc\x00def" * 10, "binary"),
    ],
)
def test_bad_bytes_are_named(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_declared_charset_is_used() -> None:
    assert decode_bytes(TEXT.encode("cp1256"), "windows-1256") == TEXT
