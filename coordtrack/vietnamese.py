"""Vietnamese language rules: normalisation, search folding, collation, dates, periods,
numbers, list punctuation and the abbreviation glossary.

This is the only module that knows Vietnamese conventions; everything else (CLI, storage,
templates) goes through it so that the rules stay consistent across reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

__all__ = [
    "DateError",
    "FILTERS",
    "GLOSSARY",
    "PARTS_OF_DAY",
    "Period",
    "clean",
    "day_phrase",
    "expand",
    "expand_first_use",
    "canonical",
    "fold",
    "formal_date",
    "join_and",
    "join_list",
    "lower_first",
    "month_phrase",
    "month_sql",
    "name_sort_key",
    "news_date",
    "news_datetime",
    "nfc",
    "number",
    "parse_date",
    "parse_month",
    "parse_number",
    "parse_part_of_day",
    "parse_partial_date",
    "parse_period",
    "period_phrase",
    "person_phrase",
    "after_colon",
    "body_phrase",
    "given_name",
    "paragraphs",
    "sentences",
    "starts_with_name",
    "states_period",
    "roman",
    "sentence_case",
    "sort_key",
    "sorted_vi",
    "year_sql",
]


# --------------------------------------------------------------------------- text


def nfc(text: str) -> str:
    """NFC-normalise and strip."""
    return unicodedata.normalize("NFC", text).strip()


# Whitespace `clean` would change: any but a single space, a run, or at either end. One
# character class and three substring tests: the same answer as one regex alternating
# `[^\S ]|\s\s|^\s|\s$`, at a third of its cost per cell (once the class finds no other
# whitespace, every whitespace left is a plain space).
_ODD_SPACE = re.compile(r"[^\S ]")


def _is_tidy(text: str) -> bool:
    return not (_ODD_SPACE.search(text) or "  " in text or text.startswith(" ")
                or text.endswith(" "))


def clean(text: str | None) -> str:
    """Tidy free text typed or pasted by a user (web pages bring tabs and NBSPs)."""
    if text is None:
        return ""
    text = str(text)
    if unicodedata.is_normalized("NFC", text) and _is_tidy(text):
        return text  # most cells of an import: already tidy, nothing to rebuild
    lines = [re.sub(r"\s+", " ", line).strip() for line in nfc(text).splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# U+00D0/U+00F0 (Icelandic eth) are a frequent stand-in for Đ/đ in text typed with
# non-Vietnamese keyboards, so they are treated as Đ/đ for search and sorting.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "\u00f0": "d", "\u00d0": "D"})


def fold(text: str) -> str:
    """Accent- and case-insensitive form for search: fold("Đảng") == "dang"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_D_MAP)).casefold()


# Two spellings of one name that a clerk cannot tell apart on screen must compare equal:
# the old and new tone placement in oa/oe/uy at the end of a syllable ("Hoà"/"Hòa",
# "Huyện uỷ"/"Huyện ủy") and the eth stand-in for Đ. The canonical form puts the tone on the
# first vowel (hòa, ủy: the style of most administrative documents). A vowel that carries
# another mark is no such pair ("hoặc": NFD puts the dot below before the breve). "qu" is a
# consonant, so "quý" and "quà" keep their tone where it is. Case and tones otherwise stay
# significant: "Hòa" and "Hóa" are different names.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_NEW_STYLE_TONE = re.compile(
    rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])")
_ETH_MAP = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def _tone_on_first(m: re.Match[str]) -> str:
    pair = m.group(1)
    return pair[0] + m.group(2) + pair[1]


def canonical(text: str | None) -> str:
    """One form for comparing names: canonical("Hoà") == canonical("Hòa") == "Hòa".

    Whitespace is tidied as `clean` does; the result is NFC. Stored text is never rewritten:
    this is the key two names are compared by (duplicates, look-ups, re-imports).
    """
    decomposed = unicodedata.normalize("NFD", clean(text).translate(_ETH_MAP))
    return unicodedata.normalize("NFC", _NEW_STYLE_TONE.sub(_tone_on_first, decomposed))


# ----------------------------------------------------------------------- collation
#
# A small re-implementation of the ICU/CLDR "vi" tailoring:
#   &\u0300<<\u0309<<\u0303<<\u0301<<\u0323  &a<ă<â &d<đ &e<ê &o<ô<ơ &u<ư
# Letters decide first (primary), then tone marks (secondary), then case (tertiary).
# Spaces and punctuation are non-ignorable with weights below digits and letters, as in
# ICU's default "non-ignorable" alternate handling, so "An Bình" < "Anh".

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Marks that make a separate Vietnamese letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# huyền < hỏi < ngã < sắc < nặng; 0 (no mark) sorts before all of them.
_TONE_WEIGHT = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_OTHER_MARK_BASE = 16

# ICU's (DUCET) order for the punctuation and symbols that turn up in office text; any
# other punctuation or symbol follows these, by code point.
_PUNCT_ORDER = {
    ch: i for i, ch in enumerate("_-–—,;:!?.…·'‘’\"“”«»()[]{}§@*/\\&#%•`^°+±÷×<=>|~$€№")
}

_SPACE, _PUNCT, _SYMBOL, _DIGIT, _LETTER, _OTHER = range(1, 7)
_GROUP_SHIFT = 1 << 21  # above the largest code point, so groups never interleave


def _primary(group: int, value: int) -> int:
    return group * _GROUP_SHIFT + value


def _mark_weight(mark: str) -> int:
    weight = _TONE_WEIGHT.get(mark)
    return weight if weight is not None else _OTHER_MARK_BASE + ord(mark)


@lru_cache(maxsize=8192)
def sort_key(text: str) -> tuple:
    """Collation key following ICU's Vietnamese ordering (works on NFC or NFD input)."""
    # Built a word at a time, each word's weights cached: collating character by character
    # in Python cost more than the search query whose ties it breaks (issue 13).
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    after_space = text[:1].isspace()
    for word in text.split():
        word_primary, word_secondary, word_tertiary = _word_weights(word, after_space)
        after_space = True
        # Runs of whitespace count once, and leading/trailing whitespace not at all.
        if word_primary and primary:
            primary.append(_primary(_SPACE, 0))
            secondary.append(0)
            tertiary.append(0)
        primary.extend(word_primary)
        secondary.extend(word_secondary)
        tertiary.extend(word_tertiary)
    # The NFC text breaks remaining ties so that sorting is fully deterministic.
    return (tuple(primary), tuple(secondary), tuple(tertiary), unicodedata.normalize("NFC", text))


@lru_cache(maxsize=65536)
def _word_weights(word: str, after_space: bool) -> tuple[tuple, tuple, tuple]:
    decomposed = unicodedata.normalize("NFD", word)
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    i, n = 0, len(decomposed)
    if after_space:
        # Marks typed after a space belong to it, and a space weighs nothing but itself.
        while i < n and unicodedata.combining(decomposed[i]):
            i += 1
    while i < n:
        ch = decomposed[i]
        i += 1
        marks = []
        while i < n and unicodedata.combining(decomposed[i]):
            marks.append(decomposed[i])
            i += 1
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf"):
            continue
        if unicodedata.combining(ch):
            # A stray mark with no base letter only matters at the secondary level.
            secondary.append(_mark_weight(ch))
            continue
        lower = ch.lower()
        if len(lower) != 1:
            lower = ch
        if lower == "\u00f0":  # eth typed for đ, as in fold()
            lower = "đ"
        upper = 1 if ch.isupper() else 0
        if lower in _LETTER_RANK:
            for mark in marks:
                letter = _LETTER_MARKS.get((lower, mark))
                if letter is not None:
                    lower = letter
                    marks.remove(mark)
                    break
            primary.append(_primary(_LETTER, _LETTER_RANK[lower]))
        elif category == "Nd":
            primary.append(_primary(_DIGIT, unicodedata.digit(ch)))
        elif ch in _PUNCT_ORDER:
            primary.append(_primary(_PUNCT, _PUNCT_ORDER[ch]))
        elif category.startswith("P"):
            primary.append(_primary(_PUNCT, len(_PUNCT_ORDER) + ord(ch)))
        elif category.startswith(("S", "N")):
            primary.append(_primary(_SYMBOL, ord(ch)))
        else:
            primary.append(_primary(_OTHER, ord(lower)))
        secondary.append(0)
        secondary.extend(_mark_weight(m) for m in marks)
        tertiary.append(upper)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def name_sort_key(full_name: str) -> tuple:
    """Key for people lists: given name (last word) first, then family and middle names."""
    words = clean(full_name).split()
    if not words:
        return (sort_key(""), sort_key(""))
    return (sort_key(words[-1]), sort_key(" ".join(words[:-1])))


def sorted_vi(items: Iterable[Any], key: Callable[[Any], str] | None = None) -> list:
    """Sort in Vietnamese alphabetical order, optionally through ``key``."""
    if key is None:
        return sorted(items, key=sort_key)
    return sorted(items, key=lambda item: sort_key(key(item)))


# --------------------------------------------------------------------------- dates


class DateError(ValueError):
    """A date the user typed cannot be understood or does not exist."""


_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# SQLite may hand back "2024-05-23 14:00:00"; the time part is irrelevant here.
_YMD = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
)
_FORMAL = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def parse_date(text: str) -> date:
    """Parse a day-first date ("23/5/2024") or an ISO date ("2024-05-23")."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = nfc(str(text))
    value = re.sub(r"\s+", " ", raw).lower()
    if value.startswith("ngày ") and _DMY.fullmatch(value[5:]):
        value = value[5:]
    parts: tuple[str, str, str] | None = None
    if m := _DMY.fullmatch(value):
        parts = (m.group(4), m.group(3), m.group(1))
    elif m := _YMD.fullmatch(value):
        parts = (m.group(1), m.group(2), m.group(3))
    elif m := _FORMAL.fullmatch(value):
        parts = (m.group(3), m.group(2), m.group(1))
    if parts is not None:
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise DateError(f"Ngày không hợp lệ: '{raw}' (ví dụ đúng: 23/5/2024 hoặc 2024-05-23).")


def _as_date(value: date | str) -> date:
    # Templates receive dates from SQLite as ISO strings.
    return parse_date(value)  # type: ignore[arg-type]


# What an article may say about a meeting's date, stored as exactly that much: a full ISO date,
# "--05-23" (day and month, no year: ISO 8601's own form), "2024-05" (a month), or nothing.
_NO_YEAR = re.compile(r"--(\d{2})-(\d{2})")
_MONTH_ONLY = re.compile(r"(\d{4})-(\d{2})")
_UNDATED_WORDS = ("vua qua", "khong ro", "chua ro", "khong ghi ngay", "gan day", "moi day")


def parse_partial_date(text: Any) -> str | None:
    """A meeting date as far as it is known, never guessed: "23/5/2024" -> "2024-05-23",
    "23/5" -> "--05-23", "tháng 5/2024" -> "2024-05", "vừa qua" or nothing -> None."""
    if text is None or isinstance(text, date):
        return text.isoformat() if isinstance(text, date) else None
    raw = nfc(str(text))
    value = re.sub(r"\s+", " ", fold(raw)).strip().rstrip(".")
    if not value or value in _UNDATED_WORDS:
        return None
    if _NO_YEAR.fullmatch(value) or _MONTH_ONLY.fullmatch(value) and 1 <= int(value[5:]) <= 12:
        return value
    try:
        return parse_date(raw).isoformat()
    except DateError:
        pass
    m = re.fullmatch(r"(?:ngay )?(\d{1,2})[/.-](\d{1,2})", value)
    if m:
        day, month = int(m[1]), int(m[2])
        try:
            date(2024, month, day)  # a leap year, so 29/2 is a day that exists
        except ValueError:
            raise DateError(f"Ngày không hợp lệ: '{raw}'.") from None
        return f"--{month:02d}-{day:02d}"
    m = re.fullmatch(r"(?:thang )?(\d{1,2})(?:/| nam )(\d{4})", value)
    if m and 1 <= int(m[1]) <= 12:
        return f"{int(m[2]):04d}-{int(m[1]):02d}"
    raise DateError(
        f"Ngày không hợp lệ: '{raw}' (ví dụ đúng: 23/5/2024, 23/5 khi bài không ghi năm, "
        "tháng 5/2024 khi chỉ biết tháng, để trống khi bài không ghi ngày).")


def news_date(d: date | str | None, with_year: bool = True) -> str:
    """News style: "23/5/2024" or, without the year, "23/5"; a partial date as known:
    "23/5" (no year recorded), "tháng 5/2024" (month only)."""
    if d is None or d == "":
        return ""
    if isinstance(d, str) and len(d) == 7 and (m := _MONTH_ONLY.fullmatch(d)):
        return f"tháng {int(m[2])}/{m[1]}"
    if isinstance(d, str) and d.startswith("--") and (m := _NO_YEAR.fullmatch(d)):
        return f"{int(m[2])}/{int(m[1])}"
    if isinstance(d, str) and len(d) == 10 and d[4] == "-" == d[7]:
        # SQLite's ISO text, one per cell of a long listing: the C parser, not the regexes.
        try:
            d = date.fromisoformat(d)
        except ValueError:
            raise DateError(f"Ngày không hợp lệ: '{d}'.") from None
    else:
        d = _as_date(d)
    return f"{d.day}/{d.month}/{d.year}" if with_year else f"{d.day}/{d.month}"


def news_date_sql(expr: str) -> str:
    """`news_date` in SQL (tested equal) for a stored ISO date "2024-05-23": "23/5/2024".
    NULL for any other value, which the caller says in Python."""
    return (f"CASE WHEN {expr} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND "
            f"{expr} >= '0001' AND date({expr}, '+0 days') = {expr} THEN "
            f"CAST(substr({expr}, 9, 2) AS INTEGER) || '/' || "
            f"CAST(substr({expr}, 6, 2) AS INTEGER) || '/' || "
            f"CAST(substr({expr}, 1, 4) AS INTEGER) END")


def year_sql(expr: str) -> str:
    """The year of a stored (partial) date as text, "2024" from "2024-05-23" or "2024-05";
    NULL for "--05-23" (no year recorded) and for no date, so no page is offered for it."""
    return f"CASE WHEN {expr} GLOB '[0-9][0-9][0-9][0-9]*' THEN substr({expr}, 1, 4) END"


def month_sql(expr: str) -> str:
    """The month of a stored (partial) date as "2024-05"; NULL when no year or no month is
    recorded ("--05-23", NULL)."""
    return (f"CASE WHEN {expr} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' "
            f"THEN substr({expr}, 1, 7) END")


def news_datetime(value: datetime | str | None) -> str:
    """A moment as offices write it: "8 giờ 05 ngày 22/11/2026" (the clock, then the day)."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment.hour} giờ {moment.minute:02d} ngày {news_date(moment.date())}"


def formal_date(d: date | str | None) -> str:
    """Administrative style (Nghị định 30/2020/NĐ-CP): "ngày 05 tháng 3 năm 2024"."""
    if d is None or d == "":
        return ""
    d = _as_date(d)
    # The decree pads days below 10 and only months 1 and 2 ("tháng 01", "tháng 02")
    # so that handwritten additions cannot turn them into 11 or 12.
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


PARTS_OF_DAY = {"sáng": "Sáng", "trưa": "Trưa", "chiều": "Chiều", "tối": "Tối"}

_PART_ALIASES = {
    "sang": "sáng",
    "morning": "sáng",
    "am": "sáng",
    "trua": "trưa",
    "noon": "trưa",
    "midday": "trưa",
    "chieu": "chiều",
    "afternoon": "chiều",
    "pm": "chiều",
    "toi": "tối",
    "evening": "tối",
}


def parse_part_of_day(text: str) -> str:
    """Map user input ("chieu", "afternoon", "Buổi chiều") to a PARTS_OF_DAY key."""
    key = re.sub(r"\s+", " ", fold(str(text))).strip()
    key = re.sub(r"^buoi ", "", key)
    if key in _PART_ALIASES:
        return _PART_ALIASES[key]
    raise ValueError(
        f"Buổi trong ngày không hợp lệ: '{nfc(str(text))}' "
        "(chọn một trong: sáng, trưa, chiều, tối)."
    )


def day_phrase(d: date | str | None, part: str | None = None) -> str:
    """Lead of a news item: "Chiều ngày 23/5/2024"; without part, "Ngày 23/5/2024"; a month
    only, "Trong tháng 5/2024"; no date at all, "Vừa qua" (as articles write it)."""
    when = news_date(d)
    has_part = part is not None and bool(str(part).strip())
    if not when:
        return "Vừa qua"  # the article gave no date: the part of day alone says nothing
    if when.startswith("tháng"):
        return f"Trong {when}"
    if not has_part:
        return f"Ngày {when}"
    return f"{PARTS_OF_DAY[parse_part_of_day(part)]} ngày {when}"


# ------------------------------------------------------------------------- periods


_CODE_YEAR = re.compile(r"(\d{4})")
_CODE_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_CODE_HALF = re.compile(r"(\d{4})-H([12])")
_CODE_NINE = re.compile(r"(\d{4})-9M")
_CODE_MONTH = re.compile(r"(\d{4})-(\d{2})")
_CODE_TERM = re.compile(r"(\d{4})-(\d{4})")
_CODE_STAGE = re.compile(r"GĐ (\d{4})-(\d{4})")

_PERIOD_FORMS = (
    "2023 hoặc năm 2023; 2021-Q3, quý III năm 2021 hoặc quý 3/2021; "
    "2021-H1 hoặc 6 tháng đầu năm 2021; 2021-H2 hoặc 6 tháng cuối năm 2021; "
    "2024-9M hoặc 9 tháng năm 2024; 2024-05, 5/2024 hoặc tháng 5 năm 2024; "
    "2021-2026 hoặc nhiệm kỳ 2021-2026; giai đoạn 2019-2021"
)


# Any wording of a period inside a title ("năm 2022", "6 tháng đầu năm", "quý I/2023",
# "tháng 06 năm 2022", "nhiệm kỳ 2020-2025", "giai đoạn 2019 - 2021"), on folded text.
_PERIOD_IN_TEXT = re.compile(
    r"(?<!\w)(?:nam \d{4}|\d{4}-\d{4}|quy (?:iv|i{1,3}|[1-4])\b|\d+ thang(?: dau| cuoi)? nam"
    r"|thang \d{1,2}(?:/| nam )\d{4}|nhiem ky|giai doan)")


def states_period(text: str | None) -> bool:
    """Whether a title already says which period it reviews, in any wording: then the
    period is not written a second time next to it."""
    return bool(text) and bool(_PERIOD_IN_TEXT.search(_fold_compact(text)))


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A reporting period; ``code`` is the canonical form stored in the database."""

    code: str
    start: date
    end: date

    def phrase(self) -> str:
        code = self.code
        if m := _CODE_YEAR.fullmatch(code):
            return f"năm {m.group(1)}"
        if m := _CODE_QUARTER.fullmatch(code):
            return f"quý {roman(int(m.group(2)))} năm {m.group(1)}"
        if m := _CODE_HALF.fullmatch(code):
            half = "đầu" if m.group(2) == "1" else "cuối"
            return f"6 tháng {half} năm {m.group(1)}"
        if m := _CODE_NINE.fullmatch(code):
            return f"9 tháng năm {m.group(1)}"
        if m := _CODE_MONTH.fullmatch(code):
            return month_phrase(int(m.group(1)), int(m.group(2)))
        if m := _CODE_TERM.fullmatch(code):
            return f"nhiệm kỳ {m.group(1)}-{m.group(2)}"
        if m := _CODE_STAGE.fullmatch(code):
            return f"giai đoạn {m.group(1)}-{m.group(2)}"
        return code


def _make_period(kind: str, year: int, n: int = 0) -> Period:
    if kind == "year":
        return Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
    if kind == "quarter":
        return Period(f"{year:04d}-Q{n}", date(year, 3 * n - 2, 1), _month_end(year, 3 * n))
    if kind == "half":
        start = date(year, 1, 1) if n == 1 else date(year, 7, 1)
        end = date(year, 6, 30) if n == 1 else date(year, 12, 31)
        return Period(f"{year:04d}-H{n}", start, end)
    if kind == "nine":
        return Period(f"{year:04d}-9M", date(year, 1, 1), date(year, 9, 30))
    if kind == "month":
        return Period(f"{year:04d}-{n:02d}", date(year, n, 1), _month_end(year, n))
    # term (nhiệm kỳ) or stage (giai đoạn): n is the closing year. They cover the same years
    # but are different words: a "giai đoạn 2019-2021" is not a term of office.
    if n <= year:
        raise ValueError("end before start")
    code = f"{year:04d}-{n:04d}" if kind == "term" else f"GĐ {year:04d}-{n:04d}"
    return Period(code, date(year, 1, 1), date(n, 12, 31))


_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Patterns run on fold()ed input, so "Quý III năm 2021" arrives as "quy iii nam 2021".
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], tuple]], ...] = (
    (re.compile(r"(?:nam )?(\d{4})"), "year", lambda m: (m[1], 0)),
    (re.compile(r"(\d{4})-q([1-4])"), "quarter", lambda m: (m[1], m[2])),
    (
        re.compile(r"(?:quy |q)(iv|i{1,3}|[1-4])(?: nam |/|-| )(\d{4})"),
        "quarter",
        lambda m: (m[2], _ROMAN_QUARTER[m[1]]),
    ),
    (re.compile(r"(\d{4})-h([12])"), "half", lambda m: (m[1], m[2])),
    (re.compile(r"h([12])[/-](\d{4})"), "half", lambda m: (m[2], m[1])),
    (
        re.compile(r"6 thang (dau|cuoi) nam (\d{4})"),
        "half",
        lambda m: (m[2], 1 if m[1] == "dau" else 2),
    ),
    (re.compile(r"(\d{4})-9m"), "nine", lambda m: (m[1], 0)),
    (re.compile(r"9 thang (?:dau )?nam (\d{4})"), "nine", lambda m: (m[1], 0)),
    (re.compile(r"(\d{4})-(\d{1,2})"), "month", lambda m: (m[1], m[2])),
    (re.compile(r"(?:thang )?(\d{1,2})/(\d{4})"), "month", lambda m: (m[2], m[1])),
    (re.compile(r"thang (\d{1,2}) nam (\d{4})"), "month", lambda m: (m[2], m[1])),
    (re.compile(r"(?:nhiem ky )?(\d{4})-(\d{4})"), "term", lambda m: (m[1], m[2])),
    (re.compile(r"(?:giai doan|gd) ?(\d{4})-(\d{4})"), "stage", lambda m: (m[1], m[2])),
)


def _fold_compact(text: str) -> str:
    value = fold(str(text)).replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    value = re.sub(r"\s+", " ", value).strip()
    return re.sub(r" ?([/-]) ?", r"\1", value)


def parse_period(text: str) -> Period:
    """Parse a period code ("2021-Q3") or Vietnamese phrase ("quý III năm 2021")."""
    value = _fold_compact(text)
    for pattern, kind, extract in _PERIOD_PATTERNS:
        if m := pattern.fullmatch(value):
            year, n = extract(m)
            try:
                return _make_period(kind, int(year), int(n))
            except ValueError:
                break
    raise ValueError(
        f"Kỳ báo cáo không hợp lệ: '{nfc(str(text))}'. Các dạng được chấp nhận: {_PERIOD_FORMS}."
    )


def period_phrase(code: str | Period) -> str:
    """Vietnamese phrase for a period code: "2021-Q3" -> "quý III năm 2021"."""
    if isinstance(code, Period):
        return code.phrase()
    return parse_period(code).phrase()


def parse_month(text: str, today: date) -> tuple[int, int]:
    """Parse a report month: "2024-05", "5/2024", "last"/"trước", "this"/"này"."""
    value = _fold_compact(text)
    value = re.sub(r"^thang (truoc|nay)$", r"\1", value)
    value = re.sub(r"^thang (\d{1,2}) nam (\d{4})$", r"\1/\2", value)
    if value in ("last", "truoc", "previous"):
        return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    if value in ("this", "nay", "current"):
        return (today.year, today.month)
    year = month = 0
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(m[1]), int(m[2])
    elif m := re.fullmatch(r"(?:thang )?(\d{1,2})/(\d{4})", value):
        year, month = int(m[2]), int(m[1])
    if 1 <= month <= 12 and year >= 1:
        return (year, month)
    raise ValueError(
        f"Tháng không hợp lệ: '{nfc(str(text))}' "
        "(ví dụ đúng: 2024-05, 5/2024, last hoặc trước, this hoặc này)."
    )


def month_phrase(year: int | str | tuple[int, int], month: int | None = None) -> str:
    """Month in running text, "tháng 5 năm 2024"; also takes (year, month) or "2024-05"."""
    if month is None:
        if isinstance(year, str):
            year, month = parse_month(year, date.today())
        else:
            year, month = year  # type: ignore[misc]
    return f"tháng {int(month)} năm {int(year)}"  # type: ignore[arg-type]


# ------------------------------------------------------------------------- numbers

_ROMAN_TABLE = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral for section headings and quarters (1..3999)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(f"Số La Mã chỉ viết được cho số nguyên từ 1 đến 3999, nhận được: {n!r}.")
    out = []
    for value, numeral in _ROMAN_TABLE:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _group_thousands(digits: str) -> str:
    return f"{int(digits):,}".replace(",", ".")


def number(value: Any, decimals: int | None = None) -> str:
    """Vietnamese number format: "." groups thousands, "," marks decimals."""
    if value is None or value == "":
        return ""
    if type(value) is int and decimals is None:
        return f"{value:,}".replace(",", ".")  # an id or a count in a long listing
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                return nfc(value)
    if isinstance(value, bool):
        value = int(value)
    if decimals is None:
        if isinstance(value, int):
            formatted = str(value)
        elif float(value).is_integer():
            formatted = str(int(value))
        else:
            formatted = f"{float(value):.6f}".rstrip("0").rstrip(".")
    else:
        formatted = f"{float(value):.{decimals}f}"
    sign = ""
    if formatted.startswith("-"):
        sign, formatted = "-", formatted[1:]
    whole, _, fraction = formatted.partition(".")
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # no "-0" after rounding
    result = sign + _group_thousands(whole)
    return f"{result},{fraction}" if fraction else result


def number_sql(expr: str) -> str:
    """`number` in SQL (tested equal) for an integer: "1.234.567"."""
    return f"replace(printf('%,d', {expr}), ',', '.')"


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_VI_NUMBER = re.compile(r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?")


class NumberLiteral(float):
    """A number written without quotes in a YAML or JSON file, with the text as written.

    YAML would read `2.500` as two and a half; keeping the text lets the one Vietnamese
    reading (`parse_number`) decide, and lets JSON's own numbers be checked for doubt.
    """

    text: str
    machine: bool  # JSON: a dot is JSON's decimal point

    def __new__(cls, text: str, machine: bool = False):
        obj = super().__new__(cls, float(text.replace("_", "")))
        obj.text = text
        obj.machine = machine
        return obj


def parse_number(raw: Any) -> int | float:
    """The one reading of a number: "." groups thousands, "," is the decimal comma.

    "2.500" is 2500, "2,5" is 2.5, "1.234,5" is 1234.5. Refused as read-two-ways (ValueError
    with the reason): a dot that does not group thousands ("2.5", "1234.56": an English
    decimal point), a comma after a dot ("1,234.5"), and a JSON number such as 2.500, which
    JSON reads as 2.5 and a Vietnamese reader as 2500.
    """
    if isinstance(raw, bool):
        raise ValueError("cần một số")
    if isinstance(raw, NumberLiteral):
        if raw.machine:
            if _THOUSANDS.fullmatch(raw.text.lstrip("-")):
                as_json, as_vi = raw.text.rstrip("0"), raw.text.replace(".", "")
                raise ValueError(
                    f"'{raw.text}' đọc được hai cách (JSON: {as_json}; tiếng Việt: {as_vi}); "
                    f"hãy ghi {as_vi} (hàng nghìn) hoặc {as_json} (số lẻ)")
            return _whole_if_integer(float(raw))
        raw = raw.text
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return _whole_if_integer(raw)
    text = nfc(str(raw)).replace(" ", "").replace("\u00a0", "")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0].replace("+", ""), text[1:]
    m = _VI_NUMBER.fullmatch(text)
    if m is None:
        if re.fullmatch(r"\d+\.\d+", text) or re.fullmatch(r"[\d,]+\.\d+", text):
            comma = text.replace(",", "").replace(".", ",")
            raise ValueError(
                f"'{raw}' đọc được hai cách: theo cách viết Việt Nam dấu chấm tách hàng nghìn "
                f"(2.500 là hai nghìn năm trăm) và dấu phẩy là dấu thập phân; nếu là số lẻ, "
                f"hãy ghi {sign}{comma}")
        raise ValueError(f"'{raw}' không phải là số")
    value = float(f"{sign}{m['whole'].replace('.', '')}.{m['fraction'] or '0'}")
    return _whole_if_integer(value)


def _whole_if_integer(value: float) -> int | float:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{value}' không phải là số")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


# -------------------------------------------------------------------- punctuation


_TERMINAL = (".", "…", "!", "?")


def and_more(rest: Any, noun: str, tail: str = "") -> str:
    """The line that closes a list cut short: "… và 12 tồn tại, hạn chế khác." (nothing
    when none are left out); `tail` qualifies them ("chưa khắc phục xong")."""
    if not isinstance(rest, int) or isinstance(rest, bool) or rest <= 0:
        return ""
    qualifier = f" {clean(tail)}" if clean(tail) else ""
    return f"… và {number(rest)} {clean(noun)} khác{qualifier}."


def _strip_joiners(item: str) -> str:
    return item.rstrip(" ;,\t")


def join_list(items: Iterable[Any] | None, sep: str = "; ", end: str = ".") -> str:
    """Join list items the way report bodies do: "a; b; c." without doubled punctuation."""
    parts = []
    for item in items or ():
        text = _strip_joiners(clean(None if item is None else str(item)))
        parts.append(text)
    # An item that is nothing but punctuation would only produce "; ." noise.
    parts = [p for p in parts if p.strip(".;,…!? ")]
    if not parts:
        return ""
    body = []
    for part in parts[:-1]:
        # A single closing period would clash with the separator; "..." and "v.v." stay.
        if part.endswith(".") and not part.endswith("..") and not part.endswith("v.v."):
            part = _strip_joiners(part[:-1])
        body.append(part)
    last = parts[-1]
    body = [p for p in body if p]
    body.append(last)
    text = sep.join(body)
    if end and not last.endswith(_TERMINAL):
        text += end
    return text


def join_and(items: Iterable[Any] | None) -> str:
    """Join names or bodies in running text: "A", "A và B", "A, B và C"."""
    parts = [clean(str(item)) for item in items or () if item is not None]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def _first_letter(text: str) -> int:
    # Markup a clerk pasted ("<b>đậm</b> …") is not the first word: its letters stay as typed.
    start = 0
    while text.startswith("<", start) and ">" in text[start:]:
        start = text.index(">", start) + 1
    for i, ch in enumerate(text[start:], start):
        if ch.isalpha():
            return i
    return -1


def sentence_case(text: str) -> str:
    """Capitalise the first letter only, so acronyms and names later on survive."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    i = _first_letter(text)
    if i < 0:
        return text
    return text[:i] + text[i].upper() + text[i + 1 :]


# -- capitals of proper nouns ------------------------------------------------------------------
# A clause moved into the middle of a sentence loses the capital of its first word only when
# that word is generic. Names keep theirs: acronyms ("HĐND"), words that are names by
# themselves ("Đảng", "Ban" for a body named before), and a head such as "Văn phòng",
# "Chương trình" or "Bí thư" when a name follows it ("Văn phòng Tỉnh ủy", "Chương trình
# số 05", "Công an tỉnh", "Ủy ban nhân dân"), but not "Văn phòng các cấp ủy" or "Chương trình
# công tác của huyện".
_NAME_WORDS = frozenset({
    "đảng", "đảng ủy", "đảng bộ", "ban", "nhà nước", "quốc hội", "chính phủ", "trung ương",
    "bộ chính trị", "ban bí thư", "tỉnh ủy", "huyện ủy", "thành ủy", "thị ủy", "quận ủy",
    "tổ quốc", "covid", "bác hồ", "hội đồng nhân dân", "ủy ban nhân dân",
    "tòa án nhân dân", "viện kiểm sát nhân dân", "mặt trận tổ quốc", "mặt trận",
    # Awards are names too: "Bằng khen của Chủ tịch UBND tỉnh", "Huân chương Lao động".
    "bằng khen", "giấy khen", "cờ thi đua", "huân chương", "huy chương", "kỷ niệm chương",
})
# Second words that turn a name-word into an ordinary word ("ban hành", "đảng viên").
_NOT_NAMES = frozenset({"ban hành", "ban đầu", "ban ngày", "đảng viên", "đảng phí",
                        "đảng tịch", "trung ương đảng"})
_NAME_HEADS = frozenset({
    "văn phòng", "ủy ban", "hội đồng", "mặt trận", "công an", "viện", "viện kiểm sát",
    "tòa án", "sở", "phòng", "hội", "đoàn", "chi bộ", "thường trực", "ban thường vụ",
    "ban chấp hành", "ban chỉ đạo", "trung tâm", "trường", "bệnh viện", "cục", "chi cục",
    "bộ", "bộ chỉ huy", "bộ đội", "quân đội", "chương trình", "kế hoạch", "nghị quyết",
    "quy chế", "quy định", "quyết định", "chỉ thị", "kết luận", "hướng dẫn", "thông báo",
    "đề án", "luật", "nghị định", "thông tư", "công văn", "đại hội", "hội nghị", "kỳ họp",
    "bí thư", "phó bí thư", "chủ tịch", "phó chủ tịch", "chánh văn phòng", "chánh án",
    "viện trưởng", "giám đốc", "trưởng ban", "phó trưởng ban", "trưởng phòng",
    "chủ nhiệm", "ủy viên", "đại biểu", "đoàn đại biểu", "liên đoàn", "hội liên hiệp",
    "huyện đoàn", "tỉnh đoàn", "thành đoàn", "quỹ", "cuộc vận động", "phong trào",
})
# After a head, any of these within the next few words shows that a name follows.
_PLACE_WORDS = frozenset({"tỉnh", "huyện", "xã", "phường", "thị trấn", "thành phố", "quận",
                          "thị xã", "nhân dân", "trung ương", "số"})
_NAME_WINDOW = 4
_PHRASE_ENDS = frozenset({"của", "cho", "với", "và", "để", "trong", "tại", "theo", "về", "đã",
                          "được", "sẽ", "đang", "là"})


def _words(text: str) -> list[str]:
    return re.findall(r"[^\s,;:.()\"“”'‘’]+", text)


def _is_capitalised(word: str) -> bool:
    i = _first_letter(word)
    return i >= 0 and word[i].isupper()


def _looks_like_name(word: str) -> bool:
    """A word that only appears capitalised inside a name: "Tỉnh", "HĐND", "05", "XIII"."""
    return _is_capitalised(word) or word[:1].isdigit()


def _head_length(lowered: list[str], heads: frozenset[str]) -> int:
    for size in (4, 3, 2, 1):
        if len(lowered) >= size and " ".join(lowered[:size]) in heads:
            return size
    return 0


def starts_with_name(text: str) -> bool:
    """Whether the first word of `text` is part of a proper noun and keeps its capital.

    The rule is general, not a list of names: acronyms, two capitalised words in a row
    (people, places: "Nguyễn Văn A", "Quảng Nam"), words that name one institution by
    themselves, and a head noun of an organisation, post or document followed by a name
    (a capitalised word, a number, "số", an administrative unit or "nhân dân").
    """
    words = _words(unicodedata.normalize("NFC", str(text)))
    if not words or not _is_capitalised(words[0]):
        return False
    first = words[0]
    i = _first_letter(first)
    rest = first[i + 1:]
    if any(ch.isupper() or ch.isdigit() for ch in rest) or not rest:
        return bool(rest) or len(words) > 1 and _looks_like_name(words[1])
    if len(words) > 1 and _looks_like_name(words[1]):
        return True
    lowered = [canonical(w).lower() for w in words]
    if " ".join(lowered[:2]) in _NOT_NAMES:
        return False
    if _head_length(lowered, _NAME_WORDS):
        return True
    size = _head_length(lowered, _NAME_HEADS)
    if not size:
        return False
    # A unit right after the head ("Công an tỉnh", "Ủy ban nhân dân xã"), or a name in the
    # next few words before a preposition ends the noun phrase ("Chương trình phối hợp số
    # 05", but "chương trình công tác của Huyện ủy").
    following = lowered[size:]
    for n in (2, 1):
        if " ".join(following[:n]) in _PLACE_WORDS:
            return True
    for word, low in zip(words[size:size + _NAME_WINDOW], following[:_NAME_WINDOW],
                         strict=False):
        if low in _PHRASE_ENDS:
            return False
        if _looks_like_name(word):
            return True
    return False


def lower_first(text: str) -> str:
    """The first letter for use mid-sentence: lowered unless it begins a proper noun.

    "Hội nghị sơ kết" -> "hội nghị sơ kết", but "Văn phòng Tỉnh ủy", "HĐND huyện",
    "Đảng ủy xã" and "Chương trình số 05" keep their capital (see `starts_with_name`).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    i = _first_letter(text)
    if i < 0 or starts_with_name(text[i:]):
        return text
    return text[:i] + text[i].lower() + text[i + 1 :]


# The four kinds of body a document comes from. Party bodies write by Hướng dẫn 36-HD/VPTW,
# the others by Nghị định 30/2020/NĐ-CP (the Front and mass organisations follow it too).
SECTORS = ("đảng", "nhà nước", "mặt trận", "đoàn thể")
_SECTOR_MARKERS = (
    ("đảng", ("huyen uy", "tinh uy", "thanh uy", "quan uy", "thi uy", "dang uy", "dang bo",
              "chi bo", "ban chap hanh dang", "dang cong san", "ban thuong vu", "ban to chuc",
              "ban tuyen giao", "ban dan van", "uy ban kiem tra", "ban noi chinh")),
    ("mặt trận", ("mat tran", "mttq")),
    ("đoàn thể", ("doan thanh nien", "hoi lien hiep phu nu", "hoi phu nu", "hoi nong dan",
                  "hoi cuu chien binh", "cong doan", "lien doan lao dong", "doan tncs")),
)


def guess_sector(*names: str | None) -> str:
    """The sector a body's name tells ("Văn phòng Huyện ủy" is Party), else "nhà nước".

    Only a guess for bodies whose record does not say; matched on folded text, so "Huyện uỷ"
    and "huyen uy" count too. The first name that tells wins (the body, then its parent)."""
    for name in names:
        folded = f" {fold(name or '')} "
        for sector, markers in _SECTOR_MARKERS:
            if any(f" {marker} " in folded for marker in markers):
                return sector
    return "nhà nước"


def after_colon(text: str) -> str:
    """The one rule after a colon that opens a list or a quotation: a capital letter, as the
    articles write ("các tồn tại như: Công tác phối hợp …")."""
    return sentence_case(text)


def given_name(name: str) -> str:
    """The name a person is called by after the first mention: the last word ("Nhàn")."""
    words = clean(name).split()
    return words[-1] if words else ""


def person_phrase(name: str, titles: str | None = None, honorific: str = "đồng chí",
                  short: bool = False) -> str:
    """Introduce a person: "đồng chí Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy".

    `short` is for a later mention, as articles write it: "đồng chí Phu". A person known only
    by title ("Bí thư Đảng ủy xã") has no name: the title follows the honorific directly.
    """
    phrase = clean(name)
    titles_text = clean(titles).lstrip("-–— ").strip() if titles else ""
    if short and phrase:
        phrase, titles_text = given_name(phrase), ""
    honorific = clean(honorific)
    if not phrase:
        return f"{honorific} {titles_text}".strip()
    if honorific:
        phrase = f"{honorific} {phrase}"
    if titles_text:
        phrase = f"{phrase} - {titles_text}"
    return phrase


def body_phrase(name: str, short_form: str | None = None, first: bool = True) -> str:
    """A body as articles name it: the full name at the first mention, the short form after.

    An acronym short form is introduced once in brackets, "Hội đồng nhân dân huyện (HĐND
    huyện)"; a short form that is only a shorter wording needs no introduction.
    """
    name, short = clean(name), clean(short_form)
    if not short or short == name:
        return name
    if not first:
        return short
    if any(_looks_like_acronym(w) for w in short.split()) and short not in name:
        return f"{name} ({short})"
    return name


def _looks_like_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


# -- sentences of the length an article writes -------------------------------------------------
SENTENCE_LIMIT = 450
PARAGRAPH_TARGET = 700


def _close(sentence: str) -> str:
    sentence = _strip_joiners(sentence)
    return sentence if sentence.endswith(_TERMINAL) else sentence + "."


def _tidy_clause(item: Any) -> str:
    text = _strip_joiners(clean(None if item is None else str(item)))
    if text.endswith(".") and not text.endswith("..") and not text.endswith("v.v."):
        text = _strip_joiners(text[:-1])
    return text if text.strip(".;,…!? ") else ""


def _open(lead: str, clause: str) -> str:
    lead = clean(lead)
    if not lead:
        return sentence_case(clause)
    if lead.endswith(":"):
        return f"{lead} {after_colon(clause)}"
    return f"{lead} {lower_first(clause)}"


def sentences(items: Iterable[Any] | None, lead: str = "", limit: int = SENTENCE_LIMIT,
              sep: str = "; ") -> list[str]:
    """Clauses as sentences no longer than `limit`: "Lead a; b; c." then "D; e.".

    A lead ending with ":" is followed by a capital (`after_colon`), one ending with "," or a
    word by the clause as it reads mid-sentence (`lower_first`). When the next clause would
    make the sentence too long it opens a sentence of its own; a single clause longer than
    the limit stays whole, since cutting a recorded item would change what it says.
    """
    parts = [p for p in (_tidy_clause(i) for i in items or ()) if p]
    out: list[str] = []
    current = ""
    for part in parts:
        if not current:
            current = _open(lead, part) if not out else sentence_case(part)
            continue
        candidate = f"{current}{sep}{part}"
        if len(candidate) + 1 > limit:
            out.append(_close(current))
            current = sentence_case(part)
        else:
            current = candidate
    if current:
        out.append(_close(current))
    return out


def paragraphs(chunks: Iterable[Iterable[str]] | None,
               target: int = PARAGRAPH_TARGET) -> list[str]:
    """Pack groups of sentences into paragraphs of about `target` characters.

    A group (the sentences about one body or one field) starts a new paragraph when the
    current one is already long; a group too long for one paragraph is split between
    sentences. The sentences themselves are never cut.
    """
    out: list[str] = []
    current = ""
    for chunk in chunks or ():
        group = [clean(s) for s in chunk if clean(s)]
        if not group:
            continue
        text = " ".join(group)
        if current and len(current) + 1 + len(text) > target:
            out.append(current)
            current = ""
        for sentence in group:
            if current and len(current) + 1 + len(sentence) > target and \
                    len(current) >= target // 2:
                out.append(current)
                current = ""
            current = f"{current} {sentence}" if current else sentence
    if current:
        out.append(current)
    return out


# ----------------------------------------------------------------------- glossary

GLOSSARY: dict[str, str] = {
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


def expand(abbr: str) -> str:
    """Full form of a glossary abbreviation; unknown abbreviations come back unchanged."""
    key = nfc(str(abbr))
    return GLOSSARY.get(key, key)


@lru_cache(maxsize=1)
def _glossary_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    # Whole words only: "HU" must not fire inside "HUV", nor "MTTQ" inside "UBMTTQVN"; and
    # "&" or "/" glue abbreviations into one proper name ("Đoàn ĐBQH&HĐND tỉnh", "BC/HU").
    return re.compile(rf"(?<![\w&/-])(?:{alternatives})(?![\w&/-])")


@lru_cache(maxsize=1)
def _glossary_hint(keys: tuple[str, ...]) -> re.Pattern[str]:
    # The first two characters of every abbreviation as two classes: a text in which they
    # never stand side by side holds no abbreviation, and most findings hold none. Searching
    # for this pair costs a tenth of the whole-word pattern (its lookbehind runs everywhere).
    firsts = "".join(sorted({re.escape(k[0]) for k in keys}))
    if any(len(k) < 2 for k in keys):
        return re.compile(rf"[{firsts}]")
    seconds = "".join(sorted({re.escape(k[1]) for k in keys}))
    return re.compile(rf"[{firsts}][{seconds}]")


def expand_first_use(text: str, seen: set[str] | None = None) -> str:
    """Spell out each glossary abbreviation at its first use: "Hội đồng nhân dân (HĐND)".

    ``seen`` carries the abbreviations already introduced across several calls (one per
    section of the same report) and is updated in place.
    """
    if seen is None:
        seen = set()
    text = unicodedata.normalize("NFC", str(text))
    keys = tuple(GLOSSARY)
    if not _glossary_hint(keys).search(text):
        return text
    pattern = _glossary_pattern(keys)

    def replace(m: re.Match[str]) -> str:
        abbr = m.group(0)
        if abbr in seen:
            return abbr
        seen.add(abbr)
        before, after = text[: m.start()], text[m.end() :]
        if before.endswith("(") and after.startswith(")"):
            return abbr  # the author already wrote "Full form (ABBR)"
        full = GLOSSARY[abbr]
        if not before.strip() or re.search(r"[.!?…:]\s*$|\n\s*$", before):
            full = sentence_case(full)
        return f"{full} ({abbr})"

    return pattern.sub(replace, text)


# ------------------------------------------------------------------------ filters


def _attr_getter(attribute: str | None) -> Callable[[Any], str]:
    def get(item: Any) -> str:
        if attribute is None:
            return str(item)
        if isinstance(item, dict):
            return str(item.get(attribute, ""))
        return str(getattr(item, attribute, ""))

    return get


def _sort_vi_filter(items: Iterable[Any], attribute: str | None = None) -> list:
    return sorted_vi(items, key=_attr_getter(attribute))


def _sort_names_filter(items: Iterable[Any], attribute: str | None = None) -> list:
    get = _attr_getter(attribute)
    return sorted(items, key=lambda item: name_sort_key(get(item)))


def _body_filter(body: Any) -> str:
    if not body:
        return ""
    if isinstance(body, str):
        return body
    return body_phrase(body.get("name", ""), body.get("short_form"), body.get("first", True))


FILTERS: dict[str, Callable[..., Any]] = {
    "news_date": news_date,
    "news_datetime": news_datetime,
    "formal_date": formal_date,
    "day_phrase": day_phrase,
    "period": period_phrase,
    "roman": roman,
    "number": number,
    "join_list": join_list,
    "join_and": join_and,
    "and_more": and_more,
    "sentence_case": sentence_case,
    "lower_first": lower_first,
    "after_colon": after_colon,
    "person": person_phrase,
    "body": _body_filter,
    "sentences": sentences,
    "paragraphs": paragraphs,
    "expand": expand,
    "month_phrase": month_phrase,
    "sort_vi": _sort_vi_filter,
    "sort_names": _sort_names_filter,
}
