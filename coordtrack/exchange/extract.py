"""A draft meeting file from an article, report or minutes that an office already holds.

The draft is for a clerk to check, never a record by itself: it fills only what the text
states, copies every value from the source as written, and keeps every sentence it could not
place under ``# chưa xếp:`` with its position, so nothing of the source is lost. A value
that could be read two ways is left out rather than guessed (a date without a year stays
without one).

How a text is read, in order:

1. the paragraphs (`article_reader`), less page furniture (captions, "Tin liên quan",
   update times) and the byline, which is kept as the author;
2. the lead: the first paragraph that gives the day of the meeting. It gives the date and
   part of day, the organisers (the bodies before the verb "tổ chức"), the meeting's title
   and place;
3. people: the sentences naming who chaired ("chủ trì") and who attended ("tham dự", "dự");
   a person is "đồng chí Họ Tên - chức vụ" or "chức vụ Họ Tên";
4. everything else, sentence by sentence, into findings: each sentence is given to the kind
   its cue words name (kết quả, tồn tại/hạn chế, kiến nghị, chỉ đạo/kết luận, nhiệm vụ thời
   gian tới) and the kind stays until another cue comes, the way articles run section by
   section. A list after a colon or joined by ";" becomes one finding per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from coordtrack import vietnamese as vi

if TYPE_CHECKING:
    from coordtrack.register.file import Register

# -- what the text says, in the words articles use ------------------------------------------

_PART = r"(?P<part>sáng|trưa|chiều|tối)"
# "Chiều ngày 13/3/2024", "Sáng 24.8", "Ngày 08/6", "chiều nay 8/3", "Chiều 10-6".
_DAY = re.compile(
    rf"(?:\b{_PART}\s+(?:nay\s+|hôm nay\s+)?(?:\(?(?:thứ\s+\w+|chủ nhật),?\s+)?(?:ngày\s+)?|"
    r"\b[Nn]gày\s+)"
    r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?!\d)",
    re.IGNORECASE)
_FORMAL_DAY = re.compile(
    rf"(?:\b{_PART}\s+)?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})"
    r"(?:\s+năm\s+(?P<y>\d{4}))?", re.IGNORECASE)
_RECENTLY = re.compile(r"\b(vừa qua|mới đây|vừa diễn ra)\b", re.IGNORECASE)
_DATELINE = re.compile(r"^(cập nhật|đăng|ngày đăng|thời gian)\b.*?(\d{1,2})/(\d{1,2})/(\d{4})",
                       re.IGNORECASE)

_ORGANISE = re.compile(r"\s(?:đã\s+)?(?:phối hợp\s+)?(?:tổ chức|tiến hành)\s+", re.IGNORECASE)
_REVIEW_VERB = re.compile(r"\s(?:đã\s+)?(tổng kết|sơ kết|đánh giá|giao ban)\s+", re.IGNORECASE)
_MEETING_WORDS = re.compile(
    r"\b(Hội nghị|hội nghị|Lễ|lễ|buổi làm việc|Buổi làm việc|cuộc họp|Cuộc họp|phiên họp)\b")
_KINDS = ("tổng kết", "sơ kết", "đánh giá", "giao ban")
_UNDER_REVIEW = re.compile(
    r"^(?:Thực hiện|Triển khai|Căn cứ)\s+(?P<title>(?:Quy chế|Chương trình|Kế hoạch|Nghị quyết|"
    r"Quy định|Đề án)\b.{5,300}?),\s*(?=(?:sáng|trưa|chiều|tối|ngày|vừa qua)\b)", re.I)
# A period as titles write it; the register reads the phrase itself (vietnamese.parse_period).
_PERIOD = re.compile(
    r"\b(6 tháng (?:đầu|cuối) năm \d{4}|9 tháng (?:đầu )?năm \d{4}|"
    r"quý (?:IV|I{1,3}|[1-4])(?:/| năm )\d{4}|tháng \d{1,2}(?:/| năm )\d{4}|"
    r"(?:giai đoạn|nhiệm kỳ) \d{4}\s*[-–]\s*\d{4}|năm \d{4})\b", re.I)
_DEADLINE = re.compile(r"\b(?:trước|chậm nhất|hạn chót|hạn)\s+(?:ngày\s+)?"
                       r"(\d{1,2}/\d{1,2}/\d{4})\b")
_CAUSE = re.compile(r"[,;]\s*(nguyên nhân (?:là|do|chủ yếu là|chủ yếu do)\s+.+)$")
_NUMBER = re.compile(r",?\s*số\s+([0-9][\w./\-]*[\w])")
_PLACE = re.compile(r"\btại\s+(?:điểm cầu chính\s+)?(?P<place>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^,.;:()]{2,80})")
_CONNECTION = re.compile(r"(điểm cầu\s+[^,.;:()]{3,80})")
_SOURCE = re.compile(r"^\((?P<source>[A-ZĐ][A-Za-zĐđ.&]{1,12})\)\s*[-–—]\s*")
_CHAIR = re.compile(r"\b(?:đồng )?chủ trì\b", re.IGNORECASE)
_ATTEND = re.compile(r"^(Tham dự|Dự|Đến dự|Cùng dự|Về dự)\b|\b(đến dự|tham dự và chỉ đạo|"
                     r"có sự tham dự của|cùng dự)\b", re.IGNORECASE)

# Cue words of each kind of finding, checked on the start of a sentence first.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signing", re.compile(r"\b(lễ ký|ký kết|ký văn bản|ký bổ sung|ký sửa đổi|ký quy chế|"
                           r"ký chương trình)\b", re.I)),
    ("discussion", re.compile(r"\b(thảo luận|ý kiến phát biểu|ý kiến tham luận)\b", re.I)),
    ("recommendation", re.compile(
        r"\b(kiến nghị|đề xuất)\s+(với|lên|cấp trên|Trung ương|tỉnh|huyện)\b|"
        r"\b(kiến nghị|đề xuất)\s*:|\b(một số|các|những)\s+(ý kiến,\s+)?(kiến nghị|đề xuất)\b|"
        r"\bcho rằng\b", re.I)),
    ("shortcoming", re.compile(r"\b(tồn tại|hạn chế|khó khăn|vướng mắc|bất cập|yếu kém)\b",
                               re.I)),
    ("task", re.compile(r"\b(thời gian tới|thời gian đến|nhiệm vụ (?:trọng tâm|thời gian)|"
                        r"phương hướng|năm tới|tới đây|giai đoạn tới)\b", re.I)),
    ("directive", re.compile(r"\b(phát biểu chỉ đạo|kết luận hội nghị|kết luận tại hội nghị|"
                             r"chỉ đạo tại hội nghị|phát biểu kết luận|đề nghị|yêu cầu|"
                             r"nhấn mạnh|biểu dương|ghi nhận)\b", re.I)),
    ("achievement", re.compile(r"\b(kết quả|đạt được|theo báo cáo|qua đánh giá|"
                               r"đã tham mưu|hoàn thành)\b", re.I)),
)
_SPEECH_VERB = re.compile(
    r"\s(?:đã\s+)?(?:trân trọng\s+)?(biểu dương|đề nghị|yêu cầu|nhấn mạnh|ghi nhận|đánh giá cao|"
    r"cảm ơn|chỉ đạo|lưu ý|khẳng định|chỉ rõ|giao)\b")
_RESPONSE = re.compile(
    r"^(?:Trước\s+(?:những|các)?\s*(?:ý kiến|kiến nghị)|(?:Trả lời|Giải trình|Tiếp thu)\b.*"
    r"\b(?:ý kiến|kiến nghị))", re.I)
# Lead-ins that only announce the list that follows ("Hội nghị đã nghiêm túc nhìn nhận các
# tồn tại như: …"): the items after the colon are the findings.
_LIST_OPENER = re.compile(r"^(?P<head>[^:]{0,200}?)(?:như|gồm|sau|là)?\s*:\s+(?P<rest>.+)$")
_INTRO = re.compile(
    r"^(?:(?:Qua đánh giá|Theo báo cáo|Theo đánh giá|Theo nhận xét|Tại hội nghị|Trong đó|"
    r"Đồng thời|Bên cạnh đó|Ngoài ra|Theo đó|Đặc biệt|Cụ thể|Thời gian qua|"
    r"Trong thời gian qua|Về nhiệm vụ|Về phương hướng)[^,]{0,80},\s*)+",
    re.IGNORECASE)

# Words that begin the name of a body: where "và" or a comma starts a second body.
_BODY_HEADS = (
    "Văn phòng", "Ủy ban", "Ban", "Sở", "Phòng", "Công an", "Viện", "Tòa án", "Mặt trận",
    "Hội", "Đoàn", "Liên đoàn", "Bộ", "Cục", "Chi cục", "Trung tâm", "Trường", "Đảng ủy",
    "Huyện ủy", "Tỉnh ủy", "Thành ủy", "Thị ủy", "Quận ủy", "Chi bộ", "Đảng bộ", "Hội đồng",
    "Thường trực", "Bộ Chỉ huy", "Bộ đội", "Huyện đoàn", "Tỉnh đoàn", "Thành đoàn",
    "Kho bạc", "Chi nhánh", "Ngân hàng", "Hạt", "Đồn", "Tổng", "Cơ quan",
)
_SURNAMES = frozenset({
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đinh", "đào", "lương", "trương", "lâm", "mai", "trịnh", "tô",
    "từ", "hà", "cao", "đoàn", "thái", "châu", "tạ", "quách", "lưu", "kiều", "nông", "lò",
    "triệu", "khổng", "đàm", "chu", "tăng", "la", "phùng", "âu", "giang", "mạc", "lạc", "tống",
    "doãn", "khúc", "thân", "kim", "ninh", "vi", "hứa", "lục", "bế", "tôn", "vương", "diệp",
    "nghiêm", "ông", "quan", "đồng", "cù", "lại", "tiêu", "nhữ", "lã", "thạch", "danh", "sơn",
    "lăng", "mông", "ksor", "rơ", "siu", "rahlan", "niê", "mlô",
    "byă", "êban",
})
_NAME_WORD = re.compile(r"^[A-ZĐÀ-ỸА-Я][\wÀ-ỹ']*$")
_HONORIFIC = re.compile(r"\b(?:đồng chí|ông|bà|Đồng chí|Ông|Bà)\s+")
_DASH = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*")

_PHOTO_CREDIT = re.compile(r"(?:^|[-–(|.]\s*)Ảnh\s*:\s*(?P<who>[^)]{1,40})\)?\s*$")
_FURNITURE = re.compile(
    r"^(tin liên quan|tags?\b|chia sẻ|bình luận|xem thêm|lượt xem|in bài|gửi bài|"
    r"cập nhật lúc|đăng lúc|ảnh:)|[-–(]\s*ảnh\s*:", re.IGNORECASE)


@dataclass
class Sentence:
    text: str
    paragraph: int  # 1-based, as the clerk counts them in the source
    number: int  # 1-based within its paragraph

    @property
    def where(self) -> str:
        return f"đoạn {self.paragraph}, câu {self.number}"


@dataclass
class Person:
    name: str
    titles: str = ""


@dataclass
class Draft:
    title: str = ""
    headline: str = ""
    agreement: dict[str, str] | None = None
    period: str | None = None
    kind: str = "khác"
    date: str | None = None
    date_note: str = ""
    part_of_day: str | None = None
    place: str | None = None
    online: bool = False
    connection_points: list[str] = field(default_factory=list)
    organisers: list[str] = field(default_factory=list)
    chairs: list[Person] = field(default_factory=list)
    co_chairs: list[Person] = field(default_factory=list)
    chair_groups: list[str] = field(default_factory=list)
    attendees: list[Person] = field(default_factory=list)
    attendee_groups: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    author: str | None = None
    author_from_photo: str | None = None
    dateline: str | None = None
    source: str | None = None
    unplaced: list[Sentence] = field(default_factory=list)
    captions: list[Sentence] = field(default_factory=list)
    known_bodies: dict[str, str] = field(default_factory=dict)  # canonical name -> register's
    known_people: dict[str, str] = field(default_factory=dict)


# -- sentences --------------------------------------------------------------------------------

# A sentence ends at . ! ? … followed by a capital; not after an initial ("X.PHÚ", "TP.").
_SPLIT = re.compile(r"(?<=[.!?…])(?<!\b[A-ZĐ]\.)(?<!\bTP\.)\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])")


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(paragraph) if s.strip()]


def _canon(text: str) -> str:
    return vi.canonical(text)


# -- people ---------------------------------------------------------------------------------

def _name_run(words: list[str]) -> tuple[int, int] | None:
    """Where a person's name stands in `words`: a run of 2 to 5 capitalised words that
    begins with a family name and ends at a comma. Returns (start, end) or None.

    Family names are compared with their marks ("Đặng" is a family name, "Đảng" is not)."""
    for i, word in enumerate(words):
        if word.strip(",.;:()").lower() not in _SURNAMES or not _NAME_WORD.match(
                word.strip(",.;:()")):
            continue
        j = i + 1
        ended = word[-1:] in ",.;:)"
        while not ended and j < len(words) and j - i < 5:
            bare = words[j].strip(",.;:()")
            if not _NAME_WORD.match(bare) or bare.isupper():
                break
            ended = words[j][-1:] in ",.;:)"
            j += 1
        if j - i >= 2:
            return i, j
    return None


def parse_people(text: str) -> tuple[list[Person], list[str]]:
    """People and free groups in a run like "đồng chí A - chức vụ; đồng chí B – chức vụ; các
    đồng chí lãnh đạo …" or "Chánh Văn phòng Tỉnh ủy Nguyễn Thị Hồng Trang và các Phó chánh
    Văn phòng Tỉnh ủy Nguyễn Xuân Cường, Từ Thiên Tú"."""
    people: list[Person] = []
    groups: list[str] = []
    segments = [s.strip(" ,.") for s in re.split(r";|\s+và\s+(?=(?:đồng chí|các|ông|bà)\b)",
                                                   text) if s.strip(" ,.")]
    for segment in segments:
        found = _people_in_segment(segment)
        if found:
            people.extend(found)
        elif re.match(r"^(các|lãnh đạo|đại diện|đại biểu|toàn thể|cán bộ|thành viên)", segment,
                      re.I):
            groups.append(segment)
    return people, groups


def _people_in_segment(segment: str) -> list[Person]:
    # "đồng chí Họ Tên - chức vụ"
    m = _HONORIFIC.search(segment)
    if m:
        rest = segment[m.end():]
        parts = _DASH.split(rest, maxsplit=1)
        words = parts[0].split()
        run = _name_run(words)
        if run and run[0] == 0:
            titles = parts[1].strip(" ,.") if len(parts) > 1 else " ".join(words[run[1]:])
            return [Person(" ".join(words[run[0]:run[1]]), titles.strip(" ,"))]
    # "chức vụ Họ Tên[, Họ Tên]": the titles stand before the first name and are shared.
    words = segment.split()
    run = _name_run(words)
    if not run or run[0] == 0:
        return []
    titles = " ".join(words[:run[0]]).strip(" ,")
    titles = re.sub(r"^(các|và|có|gồm)\s+", "", titles)
    people = [Person(" ".join(words[run[0]:run[1]]).strip(",. "), titles)]
    tail = " ".join(words[run[1]:])
    for extra in re.split(r",\s*|\s+và\s+", tail):
        extra_words = extra.split()
        extra_run = _name_run(extra_words)
        if extra_run and extra_run[0] == 0:
            people.append(Person(" ".join(extra_words[:extra_run[1]]).strip(",. "), titles))
    return people


# -- the draft -------------------------------------------------------------------------------

def draft_from_paragraphs(paragraphs: list[str], known_bodies: list[dict[str, Any]] = (),
                          known_people: list[dict[str, Any]] = ()) -> Draft:
    d = Draft()
    paragraphs = [vi.canonical(p) for p in paragraphs]
    kept: list[tuple[int, str]] = []
    captions: list[Sentence] = []
    dateline_year = None
    for number, text in enumerate(paragraphs, 1):
        m = _DATELINE.match(text)
        if m:
            dateline_year = (int(m[2]), int(m[3]), int(m[4]))
            d.dateline = text
            continue
        credit = _PHOTO_CREDIT.search(text)
        if credit and not d.author:
            d.author_from_photo = credit["who"].strip(" .")
        # A photo caption: marked "Ảnh:", or the same short line twice (the image's alt
        # text and its caption, as a copied page gives them).
        twice = kept and kept[-1][1] == text
        if credit or twice or _FURNITURE.search(text) or not re.search(r"\w", text):
            if twice:
                kept.pop()
            if credit and not twice:
                captions.append(Sentence(text, number, 1))
            elif twice:
                captions.append(Sentence(text, number - 1, 1))
            continue
        kept.append((number, text))
    if not kept:
        return d
    d.headline = kept[0][1]
    # A byline: a short line naming a person or initials, alone, at the top or the end.
    for index in (1, -1):
        if len(kept) > 1 and _is_byline(kept[index][1]):
            d.author = kept[index][1].strip(" |")
            kept.pop(index)
            break
    body = kept[1:] if not kept[0][1].rstrip().endswith((".", ":")) else kept
    lead_at = next((i for i, (_, t) in enumerate(body)
                    if _DAY.search(t) or _FORMAL_DAY.search(t) or _RECENTLY.search(t)), None)
    stream: list[Sentence] = []
    for number, text in body:
        for k, s in enumerate(sentences(text), 1):
            stream.append(Sentence(s, number, k))
    if lead_at is not None:
        _read_lead(d, body[lead_at][1], dateline_year)
        lead_number = body[lead_at][0]
        stream = [s for s in stream if not (s.paragraph == lead_number and s.number == 1)]
        following = [n for n, _ in body[lead_at:lead_at + 3]]
        stream = _read_people_sentences(d, stream, max(following))
    _match_register(d, known_bodies, known_people)
    _read_findings(d, stream)
    _read_captions(d, captions)
    if not d.author and d.author_from_photo:
        d.author = d.author_from_photo
    if not d.title:
        d.title = d.headline
    period = _PERIOD.search(d.title)
    if period and _period_ok(period[1]):
        d.period = period[1]
    kind = next((k for k in _KINDS if k in d.title.lower()), None)
    d.kind = kind or "khác"
    return d


def _is_byline(text: str) -> bool:
    text = text.strip(" |")
    words = text.split()
    if not 1 <= len(words) <= 4 or text.endswith((".", ":", "?")):
        return False
    return all(w[:1].isupper() for w in words) and not _MEETING_WORDS.search(text)


def _read_lead(d: Draft, text: str, dateline: tuple[int, int, int] | None) -> None:
    m = _SOURCE.match(text)
    if m:
        d.source = m["source"]
        text = text[m.end():]
    first = sentences(text)[0]
    day = _DAY.search(first) or _FORMAL_DAY.search(first)
    rest = first
    if day:
        if day["part"]:
            d.part_of_day = day["part"].lower()
        dd, mm = int(day["d"]), int(day["m"])
        if day["y"]:
            d.date = f"{dd}/{mm}/{day['y']}"
        elif dateline and (dateline[1], dateline[0]) >= (mm, dd) and _valid(dd, mm, dateline[2]):
            d.date = f"{dd}/{mm}/{dateline[2]}"
            d.date_note = "năm lấy từ ngày đăng bài"
        elif _valid(dd, mm, 2024):  # a day that exists in some year (29/2 included)
            # Stored as known: the register keeps a date without a year as such.
            d.date = f"{dd}/{mm}"
            d.date_note = "bài không ghi năm"
        rest = first[day.end():].lstrip(" ,")
    elif _RECENTLY.search(first):
        d.date_note = f"bài chỉ ghi \"{_RECENTLY.search(first)[1]}\", không ghi ngày"
    under_review = _UNDER_REVIEW.match(first)
    if under_review and day and under_review.end() <= day.start() + 1:
        title = under_review["title"].strip(" ,")
        number = _NUMBER.search(title)
        d.agreement = {"title": _NUMBER.sub("", title).strip(" ,") if number else title}
        if number:
            d.agreement["number"] = number[1]
        term = re.search(r"(?:giai đoạn|nhiệm kỳ) \d{4}\s*[-–]\s*\d{4}", title)
        if term:
            d.agreement["term"] = term[0]
    place = _PLACE.match(rest)
    if place:  # "…, tại Hội trường X, A và B tổ chức …"
        d.place = place["place"].strip()
        rest = rest[place.end():].lstrip(" ,")
    verb = _ORGANISE.search(rest)
    review = _REVIEW_VERB.search(rest)
    if verb and (not review or verb.start() <= review.start()):
        who, what = rest[:verb.start()], rest[verb.end():]
    elif review:
        who, what = rest[:review.start()], rest[review.start():].strip()
    else:
        who, what = "", rest
    d.organisers = _bodies_in(who)
    title = re.split(r"(?<=\S)[.;](?:\s|$)", what, maxsplit=1)[0].strip(" .")
    place = _PLACE.search(title)
    if place and not d.place:
        d.place = place["place"].strip()
        title = (title[:place.start()] + title[place.end():]).strip(" ,")
    if title:
        d.title = vi.sentence_case(title) if _MEETING_WORDS.match(title) else title
    d.online = "trực tuyến" in first.lower()
    d.connection_points = [c.strip() for c in _CONNECTION.findall(text)]


def _read_captions(d: Draft, captions: list[Sentence]) -> None:
    """Captions say where the meeting was when the text does not ("Hội nghị tại điểm cầu
    chính Hội trường Tỉnh ủy"); every caption stays in the draft as a comment."""
    for caption in captions:
        text = _PHOTO_CREDIT.sub("", caption.text).strip(" -–.")
        if not d.place and _MEETING_WORDS.match(text):
            place = _PLACE.search(text)
            if place:
                d.place = place["place"].strip(" .")
        if not (d.chairs or d.chair_groups) and _CHAIR.search(text):
            _people_sentence(d, re.split(r"\s+(?:vào|trong|tại)\s+", text)[0])
        point = _CONNECTION.search(text)
        if point and d.online and point[1].strip(" .") not in d.connection_points:
            d.connection_points.insert(0, point[1].strip(" ."))
        d.captions.append(caption)


def _valid(dd: int, mm: int, yyyy: int) -> bool:
    try:
        date(yyyy, mm, dd)
    except ValueError:
        return False
    return True


def _bodies_in(text: str) -> list[str]:
    """The bodies named in "A phối hợp với B", "A, B và C": "và" and a comma part two bodies
    only when a new body name follows ("Văn phòng HĐND và UBND huyện" is one body)."""
    text = re.sub(r"^(các|hai|ba|2|3)\s+", "", text.strip(" ,"))
    heads = "|".join(_BODY_HEADS)
    parts = re.split(rf"\s+phối hợp với\s+|\s+cùng với\s+|\s+cùng\s+|"
                     rf"(?:,\s*|\s+và\s+)(?=(?:{heads})\b)", text)
    return [p.strip(" ,") for p in parts if p.strip(" ,") and p.strip()[:1].isupper()]


def _read_people_sentences(d: Draft, items: list[Sentence], last_paragraph: int
                           ) -> list[Sentence]:
    """Takes the chair and attendance sentences near the lead out of `items`; returns the
    others. Later in an article "tham dự" is part of a finding, not a list of guests."""
    rest = []
    for s in items:
        if s.paragraph > last_paragraph or len(s.text) > 800 or not _people_sentence(d, s.text):
            rest.append(s)
    return rest


def _people_sentence(d: Draft, s: str) -> bool:
    if _CHAIR.search(s):
        inner = re.sub(r"^(Hội nghị|hội nghị|Buổi lễ|Lễ)\s+(do\s+)?", "", s)
        inner = _CHAIR.split(inner)[0]
        inner = re.sub(r"\s+(đã|cùng)\s*$", "", inner.strip(" ,.")).removeprefix("do ")
        people, groups = parse_people(inner)
        if not people and not groups and inner:
            groups = [inner.strip(" ,.")]
        # "đồng chủ trì": equals, recorded as co-chairs.
        (d.co_chairs if re.search(r"đồng chủ trì", s, re.I) else d.chairs).extend(people)
        d.chair_groups.extend(g for g in groups if g)
        return True
    if _ATTEND.search(s):
        inner = re.sub(r"^(Tham dự|Dự|Đến dự|Cùng dự|Về dự)\s+(hội nghị|buổi lễ|lễ|"
                       r"buổi làm việc)?\s*", "", s, flags=re.I)
        point = re.match(r"tại\s+(điểm cầu[^,]*(?:,[^,]*)?)\s+có\s+", inner)
        if point:
            inner = inner[point.end():]
        inner = re.sub(r"^(có\s+)?(các đồng chí là\s+)?", "", inner)
        inner = re.sub(r"\s*(đến dự|cùng dự|tham dự)\s*\.?$", "", inner.strip(" ."))
        people, groups = parse_people(inner)
        if not people and not groups:
            groups = [inner.strip(" ,.")]
        d.attendees.extend(people)
        d.attendee_groups.extend(groups)
        return True
    return False


def _match_register(d: Draft, bodies: list[dict[str, Any]], people: list[dict[str, Any]]) -> None:
    by_fold: dict[str, str] = {}
    for b in bodies:
        for key in (b.get("name"), b.get("short_name")):
            if key:
                by_fold[vi.fold(vi.canonical(key))] = b.get("short_name") or b["name"]
    for name in d.organisers:
        if vi.fold(name) in by_fold:
            d.known_bodies[name] = by_fold[vi.fold(name)]
    known = {vi.fold(vi.canonical(p["name"])): p["name"] for p in people if p.get("name")}
    for person in [*d.chairs, *d.co_chairs, *d.attendees]:
        if vi.fold(person.name) in known:
            d.known_people[person.name] = known[vi.fold(person.name)]


def _cue(text: str) -> str | None:
    """The kind a sentence's cue words name: its opening words decide first, the rest of
    it only when they name none ("…, đạt nhiều kết quả nổi bật" at the end)."""
    for part in (text[:160], text):
        for kind, pattern in _CUES:
            if pattern.search(part):
                return kind
    return None


def _trim_end(text: str) -> str:
    """A sentence without its closing marks ("./." ends a news item)."""
    return re.sub(r"[\s.…/]+$", "", text)


def _split_items(text: str) -> list[str]:
    """The findings a sentence holds: the items of a list after a colon, or its parts
    joined by ";"; the sentence whole otherwise."""
    body = _trim_end(text)
    m = _LIST_OPENER.match(body)
    if m and _cue(m["head"]) is not None and len(m["head"]) < 200:
        body = m["rest"]
    body = _INTRO.sub("", body)
    items = [i.strip(" ,") for i in re.split(r";\s+", body) if len(i.strip(" ,")) > 3]
    return [vi.lower_first(i) for i in items]


def _period_ok(phrase: str) -> bool:
    try:
        vi.parse_period(phrase)
    except ValueError:
        return False
    return True


def _details(kind: str, item: str) -> dict[str, Any]:
    """What a finding's own words say beyond its text: a task's deadline ("trước ngày
    30/9/2024"), a shortcoming's cause ("…, nguyên nhân là …"), copied as written."""
    found: dict[str, Any] = {"text": item}
    if kind == "task":
        deadline = _DEADLINE.search(item)
        if deadline and _valid(*(int(x) for x in deadline[1].split("/"))):
            found["due_on"] = deadline[1]
    if kind == "shortcoming":
        cause = _CAUSE.search(item)
        if cause:
            found["text"], found["cause"] = item[:cause.start()].rstrip(" ,;"), cause[1]
    return found


def _signing_action(text: str) -> str:
    low = text.lower()
    if "sửa đổi" in low and "bổ sung" in low:
        return "sửa đổi, bổ sung"
    for action in ("sửa đổi", "bổ sung", "gia hạn"):
        if action in low:
            return action
    return "ký kết"


def _speakers_in(text: str, d: Draft) -> tuple[list[Person], str]:
    """Who speaks in a directive sentence, and the sentence without its speaker part."""
    intro = re.match(r"^(?:Phát biểu|Kết luận|Tại buổi|Chỉ đạo tại)[^,]{0,80},\s*", text)
    body = text[intro.end():] if intro else text
    according = re.match(r"^Theo ([^,]{3,120}),\s*", body)
    m = _SPEECH_VERB.search(body)
    if according:
        before, start = according[1], according.end()
    elif m:
        before, start = body[:m.start()], m.start()
    else:
        return [], text
    people, _groups = parse_people(before)
    given = re.fullmatch(r"(?:Đồng chí|đồng chí)\s+([A-ZĐÀ-Ỹ][\wÀ-ỹ]+)", before.strip(" ,"))
    if not people and given:
        # "đồng chí Phước": a person named in full earlier, now by the given name.
        people = [p for p in [*d.chairs, *d.co_chairs, *d.attendees]
                  if p.name.split()[-1] == given[1]][:1]
    if not people:
        # "Đồng chí Phó Bí thư Thường trực Huyện ủy đề nghị", "Theo Chánh Văn phòng Tỉnh ủy,":
        # a person already introduced, named again by title only.
        title = re.sub(r"^(Đồng chí|đồng chí|Theo)\s+", "", before).strip(" ,")
        for p in [*d.chairs, *d.co_chairs, *d.attendees]:
            if title and p.titles and _canon(title).lower() in _canon(p.titles).lower():
                people = [p]
                break
    if not people:
        return [], text
    return people, body[start:].strip()


def _read_findings(d: Draft, stream: list[Sentence]) -> None:
    current: str | None = None
    last_recommendations: list[dict[str, Any]] = []
    for s in stream:
        if _RESPONSE.search(s.text) and last_recommendations:
            answer = re.sub(r"^Trước\s+(?:những|các)?\s*(?:ý kiến|kiến nghị)\s+(?:trên|này|đó)?"
                            r"\s*,\s*", "", s.text)
            for rec in last_recommendations:
                rec["response"] = vi.lower_first(_trim_end(answer))
            last_recommendations = []
            continue
        cue = _cue(s.text)
        speakers: list[Person] = []
        text = s.text
        if cue == "directive" or (cue is None and current == "directive"):
            speakers, text = _speakers_in(s.text, d)
            if speakers:
                cue = "directive"
        if cue == "directive" and not speakers and current != "directive":
            # "đề nghị", "yêu cầu" inside a report's sentence name no speaker: the section
            # the article is in goes on.
            cue = None
        kind = cue or current
        if kind is None:
            d.unplaced.append(s)
            continue
        current = kind
        if kind == "directive" and not speakers:
            previous = next((f for f in reversed(d.findings) if f["kind"] == "directive"), None)
            if previous is None:
                d.unplaced.append(s)
                continue
            speakers = previous["speakers"]
        # A directive that goes on to name the tasks ("tập trung vào những nhiệm vụ lớn
        # như: …") gives those as tasks.
        task_list = re.search(r"(?:những|các) nhiệm vụ[^:]{0,60}:\s*(.+)$", text)
        if kind == "directive" and task_list:
            head = re.sub(r",?\s*(tập trung vào|tập trung|gồm|với|như|trong đó)$", "",
                          text[:task_list.start()].rstrip(" ,"))
            if head:
                d.findings.append({"kind": "directive", "speakers": speakers,
                                   "text": vi.lower_first(head)})
            for item in _split_items(task_list[1]):
                d.findings.append({"kind": "task", **_details("task", item)})
            continue
        # One leader's words are one directive, as the articles report them; other kinds
        # list one finding per item.
        items = [vi.lower_first(_trim_end(text))] if kind == "directive" else _split_items(text)
        for item in items:
            finding: dict[str, Any] = {"kind": kind, **_details(kind, item)}
            if kind == "directive":
                finding["speakers"] = speakers
            if kind == "signing":
                finding["action"] = _signing_action(item)
                if d.agreement:
                    finding["agreement"] = d.agreement.get("number") or d.agreement["title"]
            d.findings.append(finding)
            if kind == "recommendation":
                last_recommendations.append(finding)
        if kind != "recommendation":
            last_recommendations = []


def extract(source: str, reg: Register | None = None) -> str:
    """The draft meeting file (YAML text) for `source` (a path, or "-" for stdin), naming
    bodies and people the way `reg` already does when a register is given."""
    from coordtrack.exchange.article_reader import read_paragraphs

    bodies: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    if reg is not None:
        bodies = reg.rows("SELECT name, short_name FROM bodies")
        people = reg.rows("SELECT name FROM people")
    draft = draft_from_paragraphs(read_paragraphs(source), bodies, people)
    name = "đầu vào chuẩn" if source == "-" else Path(source).name
    return to_yaml(draft, name)


# -- the meeting file ------------------------------------------------------------------------

def _q(value: Any) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9, default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()


def to_yaml(d: Draft, source_name: str = "") -> str:
    out: list[str] = [
        f"# Bản nháp tệp hội nghị, lấy từ {source_name or 'văn bản'} bằng coordtrack extract.",
        "# Hãy đọc lại từng mục so với văn bản gốc trước khi nhập; mục nào sai thì sửa hoặc xóa.",
        "",
    ]
    new_bodies = [b for b in d.organisers if b not in d.known_bodies]
    if new_bodies:
        out.append("bodies:")
        for name in new_bodies:
            full, short = _split_short(name)
            out.append(f"  - name: {_q(full)}  # mới: chưa có trong sổ")
            if short:
                out.append(f"    short_form: {_q(short)}")
        out.append("")
    if d.agreement:
        out.append("agreements:")
        out.append(f"  - title: {_q(d.agreement['title'])}  # quy chế được đánh giá")
        for key in ("number", "term"):
            if d.agreement.get(key):
                out.append(f"    {key}: {_q(d.agreement[key])}")
        out.append("")
    out.append("meeting:")
    out.append(f"  kind: {_q(d.kind)}")
    out.append(f"  title: {_q(d.title)}")
    if d.date:
        note = f"  # {d.date_note}" if d.date_note else ""
        out.append(f"  date: {_q(d.date)}{note}")
    else:
        out.append(f"  date:  # {d.date_note or 'bài không ghi ngày họp'}")
    if d.part_of_day:
        out.append(f"  part_of_day: {_q(d.part_of_day)}")
    if d.place:
        out.append(f"  place: {_q(d.place)}")
    if d.online:
        out.append("  online: true")
    if d.connection_points:
        out.append("  connection_points:")
        out.extend(f"    - {_q(c)}" for c in d.connection_points)
    if d.period:
        out.append(f"  period: {_q(d.period)}")
    if d.organisers:
        names = [d.known_bodies.get(b, b) for b in d.organisers]
        out.append(f"  organisers: {_q([_split_short(n)[0] for n in names])}")
    if d.agreement:
        ref = d.agreement.get("number") or d.agreement["title"]
        out.append(f"  agreements: {_q([ref])}")
    for key, people, groups in (("chairs", d.chairs, d.chair_groups),
                                ("co_chairs", d.co_chairs, []),
                                ("attendees", d.attendees, d.attendee_groups)):
        if people:
            out.append(f"  {key}:")
            for p in people:
                out.extend(_person_lines(d, p, "    ", mark_new=True))
        if groups:
            out.append(f"  {key[:-1]}_groups:")
            out.extend(f"    - {_q(vi.lower_first(g))}" for g in groups)
    if d.author:
        note = "  # theo chú thích ảnh" if d.author == d.author_from_photo else ""
        out.append(f"  author: {_q(d.author)}{note}")
    if d.source:
        out.append(f"  source: {_q(d.source)}")
    out.append("")
    if d.findings:
        out.append("findings:")
        for f in d.findings:
            out.append(f"  - kind: {f['kind']}")
            if f.get("speakers"):
                out.append("    speakers:")
                for p in f["speakers"]:
                    out.extend(_person_lines(d, p, "      "))
            for key in ("agreement", "action"):
                if f.get(key):
                    out.append(f"    {key}: {_q(f[key])}")
            out.append(f"    text: {_q(f['text'])}")
            for key in ("cause", "due_on"):
                if f.get(key):
                    out.append(f"    {key}: {_q(f[key])}")
            if f.get("response"):
                out.append(f"    response: {_q(f['response'])}")
        out.append("")
    if d.dateline:
        out.append(f"# dòng ngày đăng trong bài: {d.dateline}")
        out.append("")
    if d.captions:
        out.append("# chú thích ảnh trong bài (không đưa vào tin):")
        for s in d.captions:
            out.append(f"#   (đoạn {s.paragraph}) {s.text}")
        out.append("")
    if d.unplaced:
        out.append("# chưa xếp: những câu dưới đây chưa được đưa vào mục nào; "
                   "chuyển bằng tay nếu cần.")
        for s in d.unplaced:
            for k, line in enumerate(_wrap(s.text)):
                out.append(f"#   ({s.where}) {line}" if k == 0 else f"#     {line}")
        out.append("")
    return "\n".join(out)


def _person_lines(d: Draft, p: Person, indent: str, mark_new: bool = False) -> list[str]:
    """A person as the meeting file lists one, under the register's spelling when known."""
    mark = "  # mới: chưa có trong sổ" if mark_new and p.name not in d.known_people else ""
    lines = [f"{indent}- person: {_q(d.known_people.get(p.name, p.name))}{mark}"]
    if p.titles:
        lines.append(f"{indent}  titles: {_q(p.titles)}")
    return lines


def _split_short(name: str) -> tuple[str, str | None]:
    """ "Tòa án nhân dân huyện Phù Cát (TAND huyện)": the name and the short form an article
    introduces in brackets."""
    m = re.fullmatch(r"(.+?)\s*\(([^()]{2,40})\)", name)
    return (m[1], m[2]) if m else (name, None)


def _wrap(text: str, width: int = 90) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines or [""]
