"""Tests for coordtrack.vietnamese, the module that owns the Vietnamese language rules."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime

import pytest

from coordtrack import vietnamese as vi
from coordtrack.vietnamese import (
    FILTERS,
    GLOSSARY,
    PARTS_OF_DAY,
    DateError,
    Period,
    canonical,
    clean,
    day_phrase,
    expand,
    expand_first_use,
    fold,
    formal_date,
    join_and,
    join_list,
    lower_first,
    month_phrase,
    name_sort_key,
    news_date,
    nfc,
    number,
    parse_date,
    parse_month,
    parse_part_of_day,
    parse_period,
    period_phrase,
    person_phrase,
    roman,
    sentence_case,
    sort_key,
    sorted_vi,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# ------------------------------------------------------------------------------ text


def test_nfc_normalises_and_strips():
    assert nfc(nfd("  Huyện ủy \n")) == "Huyện ủy"
    assert is_nfc(nfc(nfd("Đồng chí Nguyễn Văn Ưng")))


def test_clean():
    assert clean(None) == ""
    assert clean("") == ""
    assert clean("   ") == ""
    raw = "\n\n  Hội   nghị\t\tsơ kết \n\n  Văn\u00a0phòng   Huyện ủy  \n\n"
    assert clean(raw) == "Hội nghị sơ kết\n\nVăn phòng Huyện ủy"
    assert is_nfc(clean(nfd("Quý  III   năm 2021")))
    assert clean(nfd("Quý  III   năm 2021")) == "Quý III năm 2021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b", "a b"), ("a  b", "a b"), (" a", "a"), ("a ", "a"), ("a\u00a0b", "a b"),
        ("a\tb", "a b"), ("a\u3000b", "a b"), ("a\nb", "a\nb"), ("a\n", "a"), ("a \nb", "a\nb"),
    ],
)
def test_clean_whitespace_boundaries(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng", "dang"),
        ("đảng", "dang"),
        ("TIẾP CÔNG DÂN", "tiep cong dan"),
        ("Huyện uỷ", "huyen uy"),
        ("Huyện ủy", "huyen uy"),
        ("Ưng Ơn Ăn Ân Ê Ô", "ung on an an e o"),
        ("Nguyễn Thị Hồng Trang", "nguyen thi hong trang"),
        ("ĐBQH&HĐND", "dbqh&hdnd"),
        ("\u00d0\u00e0 N\u1eb5ng", "da nang"),  # eth typed in place of Đ
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected
    assert fold(nfd(text)) == expected
    assert fold(text.upper()) == expected


def test_fold_equivalences():
    assert fold("Đ") == fold("đ") == fold("D") == fold("d")
    assert fold("uỷ") == fold("ủy") == fold(nfd("ủy")) == fold("UỶ")


# ------------------------------------------------------------------------- collation


def in_order(*words: str) -> bool:
    keys = [sort_key(w) for w in words]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


@pytest.mark.parametrize(
    "sequence",
    [
        ("a", "ă", "â", "b"),
        ("c", "d", "đ", "e"),
        ("e", "ê", "f", "g"),
        ("n", "o", "ô", "ơ", "p"),
        ("t", "u", "ư", "v"),
        ("i", "j", "k"),
        ("v", "w", "x", "y", "z"),
        ("an", "ăn", "ân", "bn"),
        ("On", "Ôn", "Ơn"),
        ("Uyên", "Ưng"),
        ("Dương", "Đào", "Em"),
        ("Dung", "Dũng", "Dương", "Đà", "Đào"),
    ],
)
def test_sort_key_letter_order(sequence):
    assert in_order(*sequence)


def test_sort_key_full_alphabet():
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = alphabet[:]
    random.Random(3).shuffle(shuffled)
    assert sorted_vi(shuffled) == alphabet
    assert sorted_vi([w.upper() for w in shuffled]) == [w.upper() for w in alphabet]


def test_tones_are_secondary():
    assert in_order("ma", "mà", "mả", "mã", "má", "mạ")
    # letters decide before tones: "mạ" is "ma" at the first level
    assert in_order("mạ", "mac")
    assert in_order("mạ", "mà a")
    assert in_order("Hoa", "Hòa", "Hóa", "Hoan")
    assert in_order("ca", "cà", "cả", "cã", "cá", "cạ", "cam")
    # tones on a letter with its own primary weight
    assert in_order("ơ", "ờ", "ở", "ỡ", "ớ", "ợ", "p")


def test_case_is_tertiary():
    assert in_order("an", "An", "AN")
    assert in_order("đà", "Đà")
    assert in_order("ă", "Ă", "â")
    # tone decides before case
    assert in_order("Ma", "mà")
    assert in_order("mà", "Mà", "mả")


def test_space_and_digits():
    assert in_order("An Bình", "Anh")
    assert in_order("An", "An Bình", "Anh")
    assert in_order("1", "9", "a")
    assert in_order("Khóa XV", "Khóa XVI")
    assert sort_key("An  Bình")[:3] == sort_key(" An Bình ")[:3]


def test_sort_key_nfd_equals_nfc():
    words = ["Nguyễn", "Đặng", "Ưng", "Hằng", "ộ", "ặ", "ờ", "Trịnh", "Huyện ủy"]
    for word in words:
        assert sort_key(nfd(word)) == sort_key(word)
    assert sorted_vi([nfd(w) for w in words]) == [nfd(w) for w in sorted_vi(words)]


def test_tone_placement_variants_equal_at_primary_level():
    assert sort_key("Huyện uỷ")[0] == sort_key("Huyện ủy")[0]
    assert sort_key("hoà")[0] == sort_key("hòa")[0]


def test_sorted_vi_with_key():
    rows = [{"ten": "Ưng"}, {"ten": "Uyên"}, {"ten": "Đào"}, {"ten": "Dương"}]
    assert [r["ten"] for r in sorted_vi(rows, key=lambda r: r["ten"])] == [
        "Dương",
        "Đào",
        "Uyên",
        "Ưng",
    ]
    assert sorted_vi([]) == []


# Hand-verified: by given name (An < Anh < Ánh < Ân < Ấn ... Uyên < Ưng), ties by family
# and middle name read left to right (Lê Thị < Nguyễn Văn < Trần; Dương < Đinh < Nguyễn).
NAMES_SORTED = [
    "Lê Thị An",
    "Nguyễn Văn An",
    "Trần An",
    "Hoàng Tuấn Anh",
    "Trần Thị Ánh",
    "Phạm Ngọc Ân",
    "Hoàng Văn Ấn",
    "Lê Gia Bảo",
    "Nguyễn Bi",
    "Đặng Thị Bích",
    "Trương Công Bình",
    "Lương Thị Chi",
    "Mai Thị Cúc",
    "Nguyễn Xuân Cường",
    "Phan Thị Dung",
    "Đỗ Đức Dũng",
    "Vương Thùy Dương",
    "Hà Thị Đào",
    "Trịnh Tiến Đạt",
    "Kiều Hương Giang",
    "Nguyễn Thu Hà",
    "Lê Thanh Hải",
    "Tôn Nữ Mỹ Hạnh",
    "Đoàn Thị Thu Hằng",
    "Văn Thị Hiền",
    "Lò Thị Hoa",
    "Hồ Văn Hòa",
    "Phạm Văn Hùng",
    "Phan Văn Hùng",
    "Đinh Quang Hưng",
    "Lâm Thị Hương",
    "Cao Minh Khánh",
    "Tạ Thị Lan",
    "Âu Thùy Linh",
    "Ông Văn Long",
    "Võ Thị Mai",
    "Vũ Thị Mai",
    "Châu Văn Minh",
    "Lưu Hoài Nam",
    "Thái Bảo Ngọc",
    "Võ Văn Nhàn",
    "La Thị Oanh",
    "Bùi Thị Ơn",
    "Lý Xuân Phong",
    "Lê Công Phu",
    "Hầu Văn Phúc",
    "Mạc Thị Phương",
    "Doãn Minh Quân",
    "Giáp Văn Sơn",
    "Khổng Minh Tâm",
    "Dương Thị Thanh",
    "Đinh Văn Thanh",
    "Nguyễn Công Thanh",
    "Hứa Phương Thảo",
    "Nguyễn Thị Trang",
    "Nguyễn Thị Hồng Trang",
    "Từ Thiên Tú",
    "Tăng Anh Tuấn",
    "Ninh Thị Uyên",
    "Ngô Văn Ưng",
    "Chu Thị Vân",
    "Hà Quốc Việt",
    "Ma Thị Xuân",
    "Nông Thị Yến",
]


def test_name_sort_key_orders_real_names():
    assert len(NAMES_SORTED) >= 50
    shuffled = NAMES_SORTED[:]
    random.Random(2024).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == NAMES_SORTED
    # NFD input and stray spaces sort the same way
    messy = [" " + nfd(n).replace(" ", "  ") for n in shuffled]
    assert [clean(n) for n in sorted(messy, key=name_sort_key)] == NAMES_SORTED


def test_name_sort_key_edge_cases():
    assert name_sort_key("") == name_sort_key("   ")
    assert name_sort_key("Bi") < name_sort_key("Nguyễn Bi")
    assert name_sort_key("Nguyễn Bi") < name_sort_key("Trần Bích")


WORDS = [
    "ma", "mà", "mả", "mã", "má", "mạ", "mac", "mách", "Mai", "man", "măng", "mâm",
    "Dương", "Đào", "Em", "đà", "Đà", "dạ", "On", "Ôn", "Ơn", "Uyên", "Ưng", "ưa",
    "An Bình", "Anh", "An", "ăn", "ân", "Huyện ủy", "Huyện uỷ viên", "Hội đồng",
    "Hồ", "hổ", "Hộ", "hơ", "Ủy ban", "ủy ban", "uy tín", "Yến", "xã", "Xuân", "ỹ",
    "quý I", "quý II", "quý III", "quý IV", "2021", "10", "9", "nhiệm kỳ 2021-2026",
]  # fmt: skip


def test_sort_key_matches_icu():
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    given = sorted({n.split()[-1] for n in NAMES_SORTED})
    for words in (given, WORDS, [n.upper() for n in WORDS]):
        assert sorted_vi(words) == sorted(words, key=collator.getSortKey)


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23/5/2024", date(2024, 5, 23)),
        ("23/05/2024", date(2024, 5, 23)),
        ("2024-05-23", date(2024, 5, 23)),
        ("2024-5-23", date(2024, 5, 23)),
        ("23-5-2024", date(2024, 5, 23)),
        ("23.5.2024", date(2024, 5, 23)),
        ("  23/5/2024 \n", date(2024, 5, 23)),
        ("1/2/2024", date(2024, 2, 1)),  # day first: 1 February
        ("29/2/2024", date(2024, 2, 29)),
        ("31/12/2023", date(2023, 12, 31)),
        (nfd("ngày 23/5/2024"), date(2024, 5, 23)),
        ("ngày 05 tháng 3 năm 2024", date(2024, 3, 5)),
        ("2024-05-23 14:30:00", date(2024, 5, 23)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2024",
        "0/1/2024",
        "1/13/2024",
        "5/23/2024",  # month first is never accepted
        "29/2/2023",
        "32/1/2024",
        "2024-13-01",
        "2024/05/23",
        "23/5/24",
        "23/5-2024",
        "",
        "hôm qua",
    ],
)
def test_parse_date_refuses(text):
    with pytest.raises(DateError) as excinfo:
        parse_date(text)
    message = str(excinfo.value)
    assert message.startswith("Ngày không hợp lệ: ")
    assert "ví dụ đúng: 23/5/2024 hoặc 2024-05-23" in message
    assert is_nfc(message)


def test_date_error_is_value_error_with_exact_message():
    assert issubclass(DateError, ValueError)
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_date("31/2/2024")
    try:
        parse_date("31/2/2024")
    except DateError as exc:
        assert str(exc) == (
            "Ngày không hợp lệ: '31/2/2024' (ví dụ đúng: 23/5/2024 hoặc 2024-05-23)."
        )


def test_parse_date_passes_dates_through():
    assert parse_date(date(2024, 5, 23)) == date(2024, 5, 23)
    assert parse_date(datetime(2024, 5, 23, 9, 0)) == date(2024, 5, 23)


def test_news_date():
    assert news_date(date(2024, 5, 23)) == "23/5/2024"
    assert news_date(date(2024, 3, 8), with_year=False) == "8/3"
    assert news_date("2024-05-03") == "3/5/2024"
    assert news_date(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 5), "ngày 05 tháng 3 năm 2024"),
        (date(2024, 5, 23), "ngày 23 tháng 5 năm 2024"),
        (date(2023, 2, 15), "ngày 15 tháng 02 năm 2023"),
        (date(2024, 1, 1), "ngày 01 tháng 01 năm 2024"),
        (date(2024, 12, 10), "ngày 10 tháng 12 năm 2024"),
        (date(2024, 10, 9), "ngày 09 tháng 10 năm 2024"),
        ("2024-03-05", "ngày 05 tháng 3 năm 2024"),
    ],
)
def test_formal_date(value, expected):
    assert formal_date(value) == expected
    assert is_nfc(formal_date(value))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sáng", "sáng"),
        ("sang", "sáng"),
        ("morning", "sáng"),
        ("Sáng", "sáng"),
        ("trưa", "trưa"),
        ("trua", "trưa"),
        ("chiều", "chiều"),
        ("chieu", "chiều"),
        ("afternoon", "chiều"),
        (nfd("Buổi chiều"), "chiều"),
        ("tối", "tối"),
        ("toi", "tối"),
        ("evening", "tối"),
        (" TỐI ", "tối"),
    ],
)
def test_parse_part_of_day(text, expected):
    assert parse_part_of_day(text) == expected
    assert expected in PARTS_OF_DAY


@pytest.mark.parametrize("text", ["", "đêm", "midnight", "sáng sớm"])
def test_parse_part_of_day_refuses(text):
    with pytest.raises(ValueError, match="Buổi trong ngày không hợp lệ") as excinfo:
        parse_part_of_day(text)
    assert "sáng, trưa, chiều, tối" in str(excinfo.value)


def test_day_phrase():
    assert day_phrase(date(2024, 5, 23), "chiều") == "Chiều ngày 23/5/2024"
    assert day_phrase(date(2024, 5, 23), "afternoon") == "Chiều ngày 23/5/2024"
    assert day_phrase(date(2024, 3, 8), "sang") == "Sáng ngày 8/3/2024"
    assert day_phrase(date(2024, 5, 23), None) == "Ngày 23/5/2024"
    assert day_phrase(date(2024, 5, 23)) == "Ngày 23/5/2024"
    assert day_phrase("2024-05-23", "tối") == "Tối ngày 23/5/2024"


# --------------------------------------------------------------------------- periods


PERIOD_CASES = [
    # text, code, start, end, phrase
    ("2023", "2023", date(2023, 1, 1), date(2023, 12, 31), "năm 2023"),
    ("năm 2023", "2023", date(2023, 1, 1), date(2023, 12, 31), "năm 2023"),
    ("2021-Q3", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quý III năm 2021"),
    ("quý III năm 2021", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quý III năm 2021"),
    ("Quý 3/2021", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quý III năm 2021"),
    ("quý III/2021", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quý III năm 2021"),
    ("2022-q1", "2022-Q1", date(2022, 1, 1), date(2022, 3, 31), "quý I năm 2022"),
    ("quý IV năm 2022", "2022-Q4", date(2022, 10, 1), date(2022, 12, 31), "quý IV năm 2022"),
    ("2021-H1", "2021-H1", date(2021, 1, 1), date(2021, 6, 30), "6 tháng đầu năm 2021"),
    (
        "6 tháng đầu năm 2021",
        "2021-H1",
        date(2021, 1, 1),
        date(2021, 6, 30),
        "6 tháng đầu năm 2021",
    ),
    ("2021-H2", "2021-H2", date(2021, 7, 1), date(2021, 12, 31), "6 tháng cuối năm 2021"),
    (
        "6 tháng cuối năm 2021",
        "2021-H2",
        date(2021, 7, 1),
        date(2021, 12, 31),
        "6 tháng cuối năm 2021",
    ),
    ("2024-9M", "2024-9M", date(2024, 1, 1), date(2024, 9, 30), "9 tháng năm 2024"),
    ("9 tháng năm 2024", "2024-9M", date(2024, 1, 1), date(2024, 9, 30), "9 tháng năm 2024"),
    (
        "9 tháng đầu năm 2024",
        "2024-9M",
        date(2024, 1, 1),
        date(2024, 9, 30),
        "9 tháng năm 2024",
    ),
    ("2024-05", "2024-05", date(2024, 5, 1), date(2024, 5, 31), "tháng 5 năm 2024"),
    ("tháng 5 năm 2024", "2024-05", date(2024, 5, 1), date(2024, 5, 31), "tháng 5 năm 2024"),
    ("5/2024", "2024-05", date(2024, 5, 1), date(2024, 5, 31), "tháng 5 năm 2024"),
    ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29), "tháng 2 năm 2024"),
    ("12/2023", "2023-12", date(2023, 12, 1), date(2023, 12, 31), "tháng 12 năm 2023"),
    ("2021-2026", "2021-2026", date(2021, 1, 1), date(2026, 12, 31), "nhiệm kỳ 2021-2026"),
    (
        "nhiệm kỳ 2021-2026",
        "2021-2026",
        date(2021, 1, 1),
        date(2026, 12, 31),
        "nhiệm kỳ 2021-2026",
    ),
    (
        "Nhiệm kỳ 2025 – 2030",
        "2025-2030",
        date(2025, 1, 1),
        date(2030, 12, 31),
        "nhiệm kỳ 2025-2030",
    ),
    # A stage is not a term of office: it keeps its own word (issue 9).
    (
        "giai đoạn 2019 - 2021",
        "GĐ 2019-2021",
        date(2019, 1, 1),
        date(2021, 12, 31),
        "giai đoạn 2019-2021",
    ),
]


@pytest.mark.parametrize(("text", "code", "start", "end", "phrase"), PERIOD_CASES)
def test_parse_period(text, code, start, end, phrase):
    for variant in (text, nfd(text), f"  {text.upper()} "):
        period = parse_period(variant)
        assert period == Period(code, start, end)
        assert period.phrase() == phrase
    assert period_phrase(code) == phrase
    assert is_nfc(phrase)


@pytest.mark.parametrize("code", sorted({case[1] for case in PERIOD_CASES}))
def test_period_round_trip(code):
    period = parse_period(code)
    assert period.code == code
    assert parse_period(period.phrase()).code == code
    assert parse_period(period.phrase()) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2021-Q5",
        "quý V năm 2021",
        "13/2024",
        "2024-13",
        "2024-00",
        "2026-2021",
        "giai đoạn 2021-2020",
        "7 tháng năm 2024",
        "21",
        "hello",
    ],
)
def test_parse_period_refuses(text):
    with pytest.raises(ValueError, match="Kỳ báo cáo không hợp lệ") as excinfo:
        parse_period(text)
    message = str(excinfo.value)
    assert "Các dạng được chấp nhận" in message
    assert "quý III năm 2021" in message and "nhiệm kỳ 2021-2026" in message
    assert is_nfc(message)


def test_period_is_frozen():
    period = parse_period("2023")
    with pytest.raises(AttributeError):
        period.code = "2024"  # type: ignore[misc]
    assert period_phrase(period) == "năm 2023"


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2024-05", date(2024, 8, 1), (2024, 5)),
        ("05/2024", date(2024, 8, 1), (2024, 5)),
        ("5/2024", date(2024, 8, 1), (2024, 5)),
        ("tháng 5 năm 2024", date(2024, 8, 1), (2024, 5)),
        ("last", date(2024, 6, 10), (2024, 5)),
        ("trước", date(2024, 6, 10), (2024, 5)),
        ("tháng trước", date(2024, 6, 10), (2024, 5)),
        ("last", date(2024, 1, 15), (2023, 12)),
        (nfd("trước"), date(2024, 1, 1), (2023, 12)),
        ("this", date(2024, 1, 15), (2024, 1)),
        ("này", date(2024, 12, 31), (2024, 12)),
        ("Tháng này", date(2024, 12, 31), (2024, 12)),
    ],
)
def test_parse_month(text, today, expected):
    assert parse_month(text, today) == expected


@pytest.mark.parametrize("text", ["2024-13", "0/2024", "13/2024", "hôm qua", "", "2024"])
def test_parse_month_refuses(text):
    with pytest.raises(ValueError, match="Tháng không hợp lệ"):
        parse_month(text, date(2024, 6, 1))


def test_month_phrase():
    assert month_phrase(2024, 5) == "tháng 5 năm 2024"
    assert month_phrase(2024, 12) == "tháng 12 năm 2024"
    assert month_phrase((2024, 1)) == "tháng 1 năm 2024"
    assert month_phrase("2024-05") == "tháng 5 năm 2024"


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (3, "III"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (22, "XXII"),
        (40, "XL"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2024, "MMXXIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000, 2.5, True, "3"])
def test_roman_refuses(n):
    with pytest.raises(ValueError, match="Số La Mã"):
        roman(n)


def test_roman_all_distinct():
    numerals = {roman(n) for n in range(1, 4000)}
    assert len(numerals) == 3999


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, None, "1.234.567"),
        (1234.5, None, "1.234,5"),
        (8, None, "8"),
        (8.0, None, "8"),
        (None, None, ""),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (-1234, None, "-1.234"),
        (0.5, None, "0,5"),
        (0.1 + 0.2, None, "0,3"),
        (1234.567, 2, "1.234,57"),
        (8, 1, "8,0"),
        (1234567.891, 0, "1.234.568"),
        (-0.001, 2, "0,00"),
        ("1234", None, "1.234"),
        ("12.5", None, "12,5"),
    ],
)
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


# ----------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    ("items", "kwargs", "expected"),
    [
        (["a", "b", "c"], {}, "a; b; c."),
        (["a;", "b.", "c,"], {}, "a; b; c."),
        (["a", "", None, "  ", "b"], {}, "a; b."),
        (["a.", "b;"], {}, "a; b."),
        (["a", "b..."], {}, "a; b..."),
        (["a", "b…"], {}, "a; b…"),
        (["a", "b?"], {}, "a; b?"),
        (["a", "b!"], {}, "a; b!"),
        (["a."], {}, "a."),
        (["trang trọng...", "b"], {}, "trang trọng...; b."),
        (["x, y, v.v.", "z"], {}, "x, y, v.v.; z."),
        ([], {}, ""),
        ([";", " . "], {}, ""),
        (["x", "y"], {"sep": ", ", "end": ""}, "x, y"),
        (["x.", "y"], {"sep": "\n", "end": ";"}, "x\ny;"),
    ],
)
def test_join_list(items, kwargs, expected):
    assert join_list(items, **kwargs) == expected


def test_join_list_never_doubles_punctuation():
    result = join_list(["Công tác phối hợp chưa kịp thời;", "Việc gửi văn bản còn chậm."])
    assert result == "Công tác phối hợp chưa kịp thời; Việc gửi văn bản còn chậm."
    for doubled in (";;", "; ;", "..", ";.", ".;", ",;"):
        assert doubled not in result
    assert is_nfc(join_list([nfd("chất lượng tham mưu"), nfd("hiệu quả")]))


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A và B"),
        (["A", "B", "C"], "A, B và C"),
        (["A", "", None, "  ", "B"], "A và B"),
        (
            ["Văn phòng Tỉnh ủy", "Văn phòng Đoàn ĐBQH", "Văn phòng UBND tỉnh"],
            "Văn phòng Tỉnh ủy, Văn phòng Đoàn ĐBQH và Văn phòng UBND tỉnh",
        ),
    ],
)
def test_join_and(items, expected):
    assert join_and(items) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hội nghị sơ kết", "Hội nghị sơ kết"),
        ("đồng chí Lê Công Phu", "Đồng chí Lê Công Phu"),
        ("ủy ban HĐND", "Ủy ban HĐND"),
        (nfd("ủy ban"), "Ủy ban"),
        ("Đã có", "Đã có"),
        ('"trích dẫn"', '"Trích dẫn"'),
        ("", ""),
        ("123", "123"),
    ],
)
def test_sentence_case(text, expected):
    result = sentence_case(text)
    assert result == expected
    assert is_nfc(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hội nghị sơ kết", "hội nghị sơ kết"),
        ("Ủy ban nhân dân", "Ủy ban nhân dân"),
        ("HĐND huyện", "HĐND huyện"),
        ("UBND", "UBND"),
        ("KT-XH", "KT-XH"),
        ("Ở đây", "ở đây"),
        (nfd("Đồng chí"), "đồng chí"),
        ("", ""),
    ],
)
def test_lower_first(text, expected):
    result = lower_first(text)
    assert result == expected
    assert is_nfc(result)


def test_person_phrase():
    titles = "HUV, Chánh Văn phòng Huyện ủy"
    assert (
        person_phrase("Lê Công Phu", titles)
        == "đồng chí Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy"
    )
    assert person_phrase("Lê Công Phu", None) == "đồng chí Lê Công Phu"
    assert person_phrase("Lê Công Phu", "  ") == "đồng chí Lê Công Phu"
    assert person_phrase("Lê Công Phu", titles, honorific="") == (
        "Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy"
    )
    assert person_phrase(" Nguyễn  Bi ", "– HUV") == "đồng chí Nguyễn Bi - HUV"
    assert person_phrase("Nguyễn Bi", "HUV", honorific="ông") == "ông Nguyễn Bi - HUV"
    assert is_nfc(person_phrase(nfd("Võ Văn Nhàn"), nfd("Phó Bí thư Thường trực Huyện ủy")))


# -------------------------------------------------------------------------- glossary


REQUIRED_GLOSSARY = {
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "ĐBQH": "đại biểu Quốc hội",
    "HUV": "Huyện ủy viên",
    "UVBTVHU": "Ủy viên Ban Thường vụ Huyện ủy",
    "UVBTV": "Ủy viên Ban Thường vụ",
    "TUV": "Tỉnh ủy viên",
    "UVBTVTU": "Ủy viên Ban Thường vụ Tỉnh ủy",
    "KT-XH": "kinh tế - xã hội",
    "QP-AN": "quốc phòng - an ninh",
    "HU": "Huyện ủy",
    "TU": "Tỉnh ủy",
    "VPHU": "Văn phòng Huyện ủy",
    "VPTU": "Văn phòng Tỉnh ủy",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "CCHC": "cải cách hành chính",
    "CNTT": "công nghệ thông tin",
    "NTM": "nông thôn mới",
    "CB, CC, VC": "cán bộ, công chức, viên chức",
}


def test_glossary_contents():
    for abbr, full in REQUIRED_GLOSSARY.items():
        assert GLOSSARY[abbr] == full
    for abbr, full in GLOSSARY.items():
        assert is_nfc(abbr) and is_nfc(full)


def test_expand():
    assert expand("HĐND") == "Hội đồng nhân dân"
    assert expand(nfd("HĐND")) == "Hội đồng nhân dân"
    assert expand("KT-XH") == "kinh tế - xã hội"
    assert expand("XYZ") == "XYZ"


def test_expand_first_use():
    text = "Thường trực HĐND và UBND huyện; lãnh đạo HĐND, UBND tỉnh."
    assert expand_first_use(text) == (
        "Thường trực Hội đồng nhân dân (HĐND) và Ủy ban nhân dân (UBND) huyện; "
        "lãnh đạo HĐND, UBND tỉnh."
    )


@pytest.mark.parametrize("abbr", sorted(GLOSSARY))
def test_expand_first_use_finds_every_abbreviation(abbr):
    # A quick pre-check skips texts with no abbreviation: none of the glossary may slip by it.
    assert expand_first_use(f"báo cáo của {abbr} năm nay") == (
        f"báo cáo của {GLOSSARY[abbr]} ({abbr}) năm nay")


def test_expand_first_use_text_without_abbreviation_is_only_normalised():
    assert expand_first_use("Đảng ủy và Ủy ban") == "Đảng ủy và Ủy ban"
    assert expand_first_use(nfd("Hội nghị tỉnh")) == "Hội nghị tỉnh"


def test_expand_first_use_whole_words_only():
    text = "đồng chí Lê Công Phu - HUV; Ủy ban MTTQ; Văn phòng UBMTTQVN; HU"
    assert expand_first_use(text) == (
        "đồng chí Lê Công Phu - Huyện ủy viên (HUV); Ủy ban Mặt trận Tổ quốc (MTTQ); "
        "Văn phòng Ủy ban Mặt trận Tổ quốc Việt Nam (UBMTTQVN); Huyện ủy (HU)"
    )
    assert expand_first_use("HĐNDX và XHĐND") == "HĐNDX và XHĐND"


def test_expand_first_use_hyphenated_and_sentence_start():
    text = "trên các lĩnh vực KT-XH, QP-AN. CCHC được đẩy mạnh; CCHC tiếp tục."
    assert expand_first_use(text) == (
        "trên các lĩnh vực kinh tế - xã hội (KT-XH), quốc phòng - an ninh (QP-AN). "
        "Cải cách hành chính (CCHC) được đẩy mạnh; CCHC tiếp tục."
    )
    assert expand_first_use("NTM") == "Nông thôn mới (NTM)"


def test_expand_first_use_shares_seen_across_calls():
    seen: set[str] = set()
    first = expand_first_use("Báo cáo của UBND huyện.", seen)
    second = expand_first_use("UBND và HĐND huyện.", seen)
    assert first == "Báo cáo của Ủy ban nhân dân (UBND) huyện."
    assert second == "UBND và Hội đồng nhân dân (HĐND) huyện."
    assert seen == {"UBND", "HĐND"}


def test_expand_first_use_respects_existing_expansion_and_nfd():
    text = "Hội đồng nhân dân (HĐND) huyện; HĐND tỉnh"
    assert expand_first_use(text) == text
    # A compound name glued with "&" is one proper name: expanding inside it garbles it.
    result = expand_first_use(nfd("Đoàn ĐBQH&HĐND tỉnh và HĐND huyện"))
    assert result == "Đoàn ĐBQH&HĐND tỉnh và Hội đồng nhân dân (HĐND) huyện"
    assert is_nfc(result)
    assert expand_first_use("đội ngũ CB, CC, VC") == (
        "đội ngũ cán bộ, công chức, viên chức (CB, CC, VC)"
    )


# --------------------------------------------------------------------------- filters


def test_filters_registry():
    expected = {
        "news_date",
        "formal_date",
        "day_phrase",
        "period",
        "roman",
        "number",
        "join_list",
        "join_and",
        "sentence_case",
        "lower_first",
        "person",
        "expand",
        "month_phrase",
    }
    assert expected <= set(FILTERS)
    assert all(callable(f) for f in FILTERS.values())


def test_filters_accept_values_from_sqlite():
    assert FILTERS["news_date"]("2024-05-23") == "23/5/2024"
    assert FILTERS["news_date"]("2024-05-23", False) == "23/5"
    assert FILTERS["formal_date"]("2024-03-05") == "ngày 05 tháng 3 năm 2024"
    assert FILTERS["day_phrase"]("2024-05-23", "chiều") == "Chiều ngày 23/5/2024"
    assert FILTERS["day_phrase"]("2024-05-23") == "Ngày 23/5/2024"
    assert FILTERS["period"]("2021-Q3") == "quý III năm 2021"
    assert FILTERS["roman"](3) == "III"
    assert FILTERS["number"](1234567) == "1.234.567"
    assert FILTERS["person"]("Lê Công Phu", "HUV") == "đồng chí Lê Công Phu - HUV"
    assert FILTERS["expand"]("UBND") == "Ủy ban nhân dân"
    assert FILTERS["month_phrase"]((2024, 5)) == "tháng 5 năm 2024"


def test_sort_filters():
    people = [{"name": "Ngô Văn Ưng"}, {"name": "Ninh Thị Uyên"}, {"name": "Nguyễn Bi"}]
    assert [p["name"] for p in FILTERS["sort_names"](people, "name")] == [
        "Nguyễn Bi",
        "Ninh Thị Uyên",
        "Ngô Văn Ưng",
    ]
    assert FILTERS["sort_vi"](["Ưng", "Uyên", "Đào", "Dương"]) == ["Dương", "Đào", "Uyên", "Ưng"]


def test_filters_work_in_jinja_sandbox():
    sandbox = pytest.importorskip("jinja2.sandbox")
    env = sandbox.SandboxedEnvironment()
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ d|day_phrase(part) }}, {{ chairs|join_list }} {{ p|period }} {{ 12345|number }}"
    )
    result = template.render(
        d="2024-05-23", part="chiều", chairs=["đồng chí A;", "đồng chí B"], p="2021-H1"
    )
    assert result == ("Chiều ngày 23/5/2024, đồng chí A; đồng chí B. 6 tháng đầu năm 2021 12.345")


def test_all_outputs_are_nfc():
    source = nfd("Hội nghị sơ kết Quy chế phối hợp")
    outputs = [
        clean(source),
        fold(source),
        sentence_case(source),
        lower_first(source),
        join_list([source, source]),
        join_and([source, source]),
        person_phrase(source, source),
        expand_first_use(nfd("HĐND và UBND")),
        day_phrase(date(2024, 5, 23), nfd("chiều")),
        period_phrase(nfd("quý III năm 2021")),
        month_phrase(2024, 5),
        formal_date(date(2024, 1, 1)),
        expand(nfd("ĐBQH")),
    ]
    for output in outputs:
        assert is_nfc(output), output


def test_module_source_is_nfc():
    with open(vi.__file__, encoding="utf-8") as handle:
        assert is_nfc(handle.read())


def test_news_datetime():
    from datetime import datetime

    from coordtrack.vietnamese import news_datetime

    assert news_datetime("2026-11-22T08:05:00+07:00") == "8 giờ 05 ngày 22/11/2026"
    assert news_datetime(datetime(2024, 5, 23, 14, 30)) == "14 giờ 30 ngày 23/5/2024"
    assert news_datetime(None) == ""


@pytest.mark.parametrize(("a", "b"), [
    ("Hoà", "Hòa"), ("Huyện uỷ", "Huyện ủy"), ("HOÀ BÌNH", "HÒA BÌNH"), ("khoẻ", "khỏe"),
    ("Thuỷ", "Thủy"), ("\u00d0oàn", "Đoàn"), ("\u00f0ồng", "đồng"), (nfd("Hoà"), "Hòa"),
    ("  Hòa   Bình ", "Hòa Bình"),
])
def test_canonical_joins_spellings_of_one_name(a, b):
    assert canonical(a) == canonical(b) == unicodedata.normalize("NFC", b.strip()).replace(
        "   ", " ")


@pytest.mark.parametrize(("a", "b"), [
    ("Hòa", "Hóa"), ("hoàn", "hòan"), ("quý", "qúy"), ("Hòa", "hòa"), ("Đoàn", "Doàn"),
])
def test_canonical_keeps_different_names_apart(a, b):
    assert canonical(a) != canonical(b)


def test_canonical_leaves_tone_inside_a_syllable_alone():
    assert canonical("hoài") == "hoài" and canonical("khuyến") == "khuyến"
    assert canonical("quà") == "quà" and canonical("hoàn") == "hoàn"


@pytest.mark.parametrize("word", ["hoặc", "Hoặc", "HOẶC", "xoắn", "thuở", "khuỷu", "hoạch"])
def test_canonical_leaves_a_vowel_with_two_marks_alone(word):
    # "hoặc" in NFD is o, a, dot below, breve: the dot belongs to ă, not to the o before it.
    assert canonical(word) == word


@pytest.mark.parametrize(("name", "sector"), [
    ("Văn phòng Huyện ủy", "đảng"),
    ("Huyện uỷ Đại Lộc", "đảng"),
    ("Đảng ủy xã Đại Hiệp", "đảng"),
    ("Ban Tuyên giáo Tỉnh ủy", "đảng"),
    ("Ủy ban MTTQ Việt Nam huyện", "mặt trận"),
    ("Hội Liên hiệp Phụ nữ huyện", "đoàn thể"),
    ("Văn phòng HĐND và UBND huyện", "nhà nước"),
    ("Thành phố Hội An", "nhà nước"),  # "thành" is not "thành ủy"
])
def test_guess_sector_from_a_body_name(name, sector):
    assert vi.guess_sector(name) == sector


@pytest.mark.parametrize(("stored", "year", "month"), [
    ("2024-05-23", "2024", "2024-05"),
    ("2024-05", "2024", "2024-05"),  # month only
    ("--05-23", None, None),  # day and month, no year: no yearly or monthly page
    (None, None, None),
])
def test_year_and_month_of_a_stored_partial_date(stored, year, month):
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        said = conn.execute(f"SELECT {vi.year_sql('?1')}, {vi.month_sql('?1')}",
                            (stored,)).fetchone()
    finally:
        conn.close()
    assert said == (year, month)
