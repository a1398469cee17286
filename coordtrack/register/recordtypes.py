"""What each of the nine record types is: one description drives add/list/show/edit/remove.

The CLI, the meeting file importer, the exporter and the listings all read these
descriptions, so a new field is added here once and appears everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError
from coordtrack.register.fieldtypes import FIELD_TYPES, TABLES, FieldType
from coordtrack.register.status import (
    AGREEMENT_IN_FORCE,
    AGREEMENT_STATUSES,
    SHORTCOMING_OPEN,
    SHORTCOMING_STATUSES,
    TASK_CATEGORIES,
    TASK_NOT_STARTED,
    TASK_STATUSES,
    apply_implied_status,
    category_sql,
)


@dataclass(frozen=True)
class Link:
    """A many-valued field kept in its own table (parties of an agreement, chairs…)."""

    table: str
    owner: str  # column pointing at the record
    target: str  # column pointing at the linked body/person/agreement
    role: str | None = None  # meeting_participants.role: the stored code ("chủ trì")
    with_titles: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    help: str
    type: str = "text"  # a name in fieldtypes.FIELD_TYPES, which holds its behaviour
    required: bool = False
    column: str | None = None
    choices: tuple[str, ...] = ()
    default: object = None
    link: Link | None = None
    in_list: bool = False
    aliases: tuple[str, ...] = ()
    # A record naming another in this field belongs to it, and is removed with it (a
    # finding with its meeting); otherwise the reference keeps the other from removal.
    belongs: bool = False

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: unknown type {self.type!r}")

    # Asked for every field of every row of a bulk import: worked out once per field.
    @cached_property
    def value_type(self) -> FieldType:
        return FIELD_TYPES[self.type]

    @cached_property
    def col(self) -> str:
        return self.value_type.column(self)

    @cached_property
    def is_link(self) -> bool:
        return self.link is not None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Computed:
    """A value worked out by SQL when read, never stored (a task's category)."""

    name: str
    label: str  # in `show`
    sql: str  # over the record's table as alias t; may use :today
    list_label: str  # in listings, where it stands in for the field `replaces`
    replaces: str | None = None


@dataclass(frozen=True)
class Completion:
    """Marking a record done on a day, as a command of its own (`shortcoming resolve`)."""

    command: str  # the sub-command
    verb: str  # what happened, lower case: "khắc phục", "hoàn thành"
    help: str  # the command's help, with an example


@dataclass(frozen=True)
class RecordType:
    name: str  # CLI group and YAML kind
    table: str
    label: str  # Vietnamese noun, lower case
    help: str
    example: str
    fields: tuple[Field, ...]
    main: str  # the field given as the positional argument of `add`
    # The code stored in findings.kind for this type ("tồn tại"); None for other tables.
    # Its `name` stays the Python, CLI and template identity ("shortcoming").
    finding_kind: str | None = None
    filters: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    # -- behaviour of this type (the generic code in records.py calls these) ---------------
    computed: tuple[Computed, ...] = ()
    # Columns no two records may share, with how a message names them.
    unique: tuple[tuple[str, str], ...] = ()
    unique_scope: str | None = None  # a column the unique names are unique within
    # Fills in columns worked out from others (a meeting's period bounds), in place.
    derive: Callable[[dict[str, Any]], None] | None = None
    # Check a row about to be written and complete what it implies; raise on a bad one.
    checks: tuple[Callable[[dict[str, Any]], None], ...] = ()
    # Listing order in SQL over alias t; without one, rows are sorted by `sort_key`.
    order_by: str | None = None
    sort_key: Callable[[dict[str, Any]], Any] | None = None
    # SQL (alias t) for the --agreement and --from/--to filters ({op}, {bound}).
    agreement_filter: str | None = None
    date_filter: str | None = None
    # -- what the interfaces offer for this type (the CLI builds each from these) ----------
    completion: Completion | None = None
    # Further sub-commands by name, after add…remove; the CLI provides each ("new", "export").
    commands: tuple[str, ...] = ()
    # Other records belong to it (a meeting's findings): `show` lists them with it, and
    # `edit` without options opens it whole, as the file it is imported from.
    whole: bool = False

    @property
    def ref_kind(self) -> str:
        """The kind `resolve` looks records of this type up as."""
        return "finding" if self.finding_kind else self.name

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name or name in f.aliases:
                return f
        raise KeyError(name)

    @property
    def columns(self) -> list[Field]:
        return [f for f in self.fields if not f.is_link]

    @property
    def links(self) -> list[Field]:
        return [f for f in self.fields if f.is_link]


LEVELS = ("trung ương", "tỉnh", "huyện", "xã")
SECTORS = vi.SECTORS
SIGNING_ACTIONS = ("ký kết", "sửa đổi", "bổ sung", "sửa đổi, bổ sung", "gia hạn")
MEETING_KINDS = ("tổng kết", "sơ kết", "đánh giá", "giao ban", "khác")
MEETING_FIELD = Field("meeting", "Hội nghị", "Hội nghị ghi nhận nội dung này (số hoặc uid).",
                      type="meeting", in_list=True, belongs=True)
TEXT_FIELD = Field("text", "Nội dung", "Nội dung.", required=True, in_list=True)
POSITION = Field("position", "Thứ tự", "Thứ tự trong hội nghị (theo bài viết).", type="number")

# -- per-type behaviour ------------------------------------------------------------------------
def _valid_dates(row: dict[str, Any]) -> None:
    if row.get("valid_from") and row.get("valid_to") and row["valid_to"] < row["valid_from"]:
        raise CoordtrackError("Ngày hết hiệu lực không được trước ngày có hiệu lực.")


def _period_bounds(values: dict[str, Any]) -> None:
    """A meeting's reviewed period is also kept as its first and last day, for date queries."""
    if "period" not in values:
        return
    code = values["period"]
    if code:
        period = vi.parse_period(code)
        values["period_start"] = period.start.isoformat()
        values["period_end"] = period.end.isoformat()
    else:
        values["period_start"] = values["period_end"] = None


BODY = RecordType(
    name="body",
    table="bodies",
    label="cơ quan",
    help="Cơ quan, đơn vị (Văn phòng Huyện ủy, Văn phòng HĐND và UBND huyện…).",
    example='coordtrack body add "Văn phòng Huyện ủy" --short-name VPHU --level huyện',
    main="name",
    unique=(("name", "tên"), ("short_name", "tên viết tắt")),
    unique_scope="place",
    sort_key=lambda row: vi.sort_key(row["name"]),
    fields=(
        Field("name", "Tên", "Tên đầy đủ của cơ quan.", required=True, in_list=True),
        Field("short_name", "Tên viết tắt", "Tên viết tắt, dùng để gọi nhanh (VPHU).",
              in_list=True),
        Field("level", "Cấp", "Cấp: trung ương, tỉnh, huyện, xã.", type="choice",
              choices=LEVELS, in_list=True),
        Field("sector", "Khối", "Khối: đảng, nhà nước, mặt trận, đoàn thể; quyết định thể "
              "thức văn bản (để trống: đoán theo tên).", type="choice", choices=SECTORS),
        Field("place", "Địa phương", "Địa phương của cơ quan (tỉnh Quảng Nam, huyện Đại Lộc): "
              "cùng tên ở hai nơi là hai cơ quan.", in_list=True),
        Field("short_form", "Tên gọi tắt trong bài", "Tên gọi từ lần nhắc thứ hai trong bài "
              "viết (HĐND huyện)."),
    ),
)

PERSON = RecordType(
    name="person",
    table="people",
    label="người",
    help="Cán bộ, lãnh đạo tham dự và phát biểu tại hội nghị.",
    example='coordtrack person add "Lê Công Phu" --titles "HUV, Chánh Văn phòng Huyện ủy" '
    "--body VPHU",
    main="name",
    filters=("body",),
    sort_key=lambda row: vi.name_sort_key(row["name"]),
    fields=(
        Field("name", "Họ và tên", "Họ và tên.", required=True, in_list=True),
        Field("titles", "Chức vụ", "Chức vụ hiện nay.", in_list=True),
        Field("body", "Cơ quan", "Cơ quan công tác.", type="body", in_list=True),
    ),
)

AGREEMENT = RecordType(
    name="agreement",
    table="agreements",
    label="quy chế phối hợp",
    help="Quy chế phối hợp giữa hai hay nhiều cơ quan.",
    example='coordtrack agreement add "Quy chế phối hợp công tác giữa Văn phòng Huyện ủy và '
    'Văn phòng HĐND và UBND huyện" --number 01-QC/VPHU-VP --party VPHU --party VPUB '
    "--signed-on 15/3/2021 --term 2021-2026",
    main="title",
    filters=("body", "status"),
    statuses=AGREEMENT_STATUSES,
    checks=(_valid_dates,),
    order_by="coalesce(t.signed_on, ''), t.id",
    fields=(
        Field("title", "Tên quy chế", "Tên quy chế.", required=True, in_list=True),
        Field("number", "Số hiệu", "Số, ký hiệu văn bản.", in_list=True),
        Field("parties", "Các bên", "Cơ quan tham gia (lặp lại cho từng cơ quan).",
              type="bodies", link=Link("agreement_parties", "agreement_id", "body_id"),
              in_list=True, aliases=("party",)),
        Field("signed_on", "Ngày ký", "Ngày ký.", type="date", in_list=True),
        Field("valid_from", "Hiệu lực từ", "Có hiệu lực từ ngày.", type="date"),
        Field("valid_to", "Hiệu lực đến", "Hết hiệu lực ngày.", type="date"),
        Field("term", "Nhiệm kỳ", "Nhiệm kỳ, ví dụ 2021-2026.", type="period"),
        Field("areas", "Lĩnh vực phối hợp", "Lĩnh vực phối hợp (lặp lại cho từng lĩnh vực).",
              type="list", aliases=("area",)),
        Field("status", "Tình trạng", "hiệu lực, hết hiệu lực hoặc đã thay thế.", type="choice",
              choices=AGREEMENT_STATUSES, default=AGREEMENT_IN_FORCE, in_list=True),
        Field("superseded_by", "Thay thế bởi", "Quy chế thay thế quy chế này.",
              type="agreement"),
    ),
)

def _participants(name: str, label: str, help_: str, role: str) -> Field:
    """People taking part in a meeting in one role, with their titles at the time. `role`
    is the code stored in meeting_participants.role; the field's singular alias ("chair")
    was the stored code before migration m013."""
    return Field(name, label, help_, type="people",
                 link=Link("meeting_participants", "meeting_id", "person_id", role=role,
                           with_titles=True), aliases=(name[:-1],))


MEETING = RecordType(
    name="meeting",
    table="meetings",
    label="hội nghị",
    help="Hội nghị sơ kết, tổng kết, đánh giá việc thực hiện quy chế phối hợp.",
    example='coordtrack meeting add "Hội nghị tổng kết thực hiện Quy chế phối hợp năm 2023" '
    "--kind 'tổng kết' --date 23/5/2024 --part-of-day chiều --organiser VPHU "
    "--chair 'Lê Công Phu - HUV, Chánh Văn phòng Huyện ủy'",
    main="title",
    filters=("agreement", "body", "kind", "from", "to"),
    commands=("new", "export"),
    whole=True,
    derive=_period_bounds,
    order_by="t.held_on, t.id",
    agreement_filter="t.id IN (SELECT meeting_id FROM meeting_agreements "
                     "WHERE agreement_id = :agreement)",
    date_filter="t.held_on {op} :{bound}",
    fields=(
        Field("title", "Tên hội nghị", "Tên hội nghị.", required=True, in_list=True),
        Field("kind", "Loại", "tổng kết, sơ kết, đánh giá, giao ban hoặc khác.", type="choice",
              choices=MEETING_KINDS, default="khác", in_list=True),
        Field("date", "Ngày", "Ngày họp (23/5/2024 hoặc 2024-05-23; 23/5 khi không rõ năm; "
              "tháng 5/2024 khi chỉ biết tháng; để trống khi bài không ghi ngày).",
              type="partial_date", column="held_on", in_list=True),
        Field("part_of_day", "Buổi", "Buổi: sáng, trưa, chiều, tối.", type="part_of_day"),
        Field("place", "Địa điểm", "Địa điểm."),
        Field("online", "Trực tuyến", "Họp trực tuyến.", type="bool", default=False),
        Field("connection_points", "Điểm cầu", "Điểm cầu (lặp lại cho từng điểm cầu).",
              type="list", aliases=("connection_point",)),
        Field("period", "Kỳ đánh giá", "Kỳ được đánh giá: 2023, 2021-Q3, 2021-H1, 2021-2026…",
              type="period", in_list=True),
        Field("organisers", "Cơ quan tổ chức", "Các cơ quan cùng tổ chức, ngang nhau.",
              type="bodies", link=Link("meeting_organisers", "meeting_id", "body_id"),
              in_list=True, aliases=("organiser",)),
        Field("lead_organiser", "Cơ quan chủ trì tổ chức", "Cơ quan chủ trì, nếu có (các cơ "
              "quan khác 'phối hợp với' cơ quan này).", type="body"),
        Field("purposes", "Mục đích", "Mục đích của hội nghị (lặp lại cho từng mục đích).",
              type="list", aliases=("purpose",)),
        _participants("chairs", "Chủ trì", "Người chủ trì, dạng 'Họ tên - chức vụ'.", "chủ trì"),
        _participants("co_chairs", "Đồng chủ trì", "Người đồng chủ trì (ngang nhau).",
                      "đồng chủ trì"),
        Field("chair_groups", "Nhóm chủ trì", "Nhóm chủ trì ghi tự do.", type="list",
              aliases=("chair_group",)),
        _participants("leaders", "Tham dự và chỉ đạo", "Lãnh đạo tham dự và chỉ đạo hội nghị.",
                      "chỉ đạo"),
        _participants("openers", "Khai mạc", "Người phát biểu khai mạc.", "khai mạc"),
        _participants("presenters", "Trình bày báo cáo", "Người trình bày báo cáo.",
                      "trình bày"),
        _participants("speakers", "Phát biểu", "Người phát biểu, tham luận.", "phát biểu"),
        _participants("attendees", "Thành phần tham dự",
                      "Người tham dự, dạng 'Họ tên - chức vụ'.", "tham dự"),
        Field("attendee_groups", "Nhóm tham dự", "Nhóm tham dự ghi tự do.", type="list",
              aliases=("attendee_group",)),
        Field("agreements", "Quy chế được đánh giá", "Quy chế được đánh giá (số hiệu hoặc tên).",
              type="agreements", link=Link("meeting_agreements", "meeting_id", "agreement_id"),
              aliases=("agreement",)),
        Field("author", "Người viết", "Tác giả bài viết."),
        Field("source", "Nguồn", "Nguồn (báo, cổng thông tin)."),
    ),
)


def _finding(name, code, label, help_, example, extra_fields, statuses=(), filters=(),
             computed=(), completion=None):
    return RecordType(
        name=name,
        table="findings",
        label=label,
        help=help_,
        example=example,
        main="text",
        finding_kind=code,
        statuses=statuses,
        filters=("meeting", "agreement", "body", "from", "to", *filters),
        fields=(TEXT_FIELD, MEETING_FIELD, *extra_fields, POSITION),
        computed=computed,
        completion=completion,
        checks=(partial(apply_implied_status, name),),
        # In the order the meetings were held, each in the order its article gives.
        order_by="(SELECT held_on FROM meetings WHERE id = t.meeting_id), t.meeting_id, "
                 "t.position, t.id",
        agreement_filter="t.meeting_id IN (SELECT meeting_id FROM meeting_agreements "
                         "WHERE agreement_id = :agreement)",
        date_filter="t.meeting_id IN (SELECT id FROM meetings WHERE held_on {op} :{bound})",
    )


ACHIEVEMENT = _finding(
    "achievement", "kết quả", "kết quả",
    "Kết quả đạt được, có thể kèm số liệu.",
    'coordtrack achievement add --meeting 1 "tổ chức thành công các kỳ họp HĐND tỉnh" '
    "--value 8 --unit 'kỳ họp'",
    (
        Field("area", "Lĩnh vực", "Lĩnh vực.", in_list=True),
        Field("value", "Số liệu", "Số liệu.", type="number", in_list=True),
        Field("unit", "Đơn vị", "Đơn vị tính.", in_list=True),
        Field("body", "Cơ quan", "Cơ quan đạt kết quả.", type="body", in_list=True),
    ),
)

SHORTCOMING = _finding(
    "shortcoming", "tồn tại", "tồn tại, hạn chế",
    "Tồn tại, hạn chế và nguyên nhân.",
    'coordtrack shortcoming add --meeting 1 --body UBND "việc gửi, nhận văn bản đôi lúc còn '
    'chưa thông suốt"',
    (
        Field("body", "Cơ quan", "Cơ quan có tồn tại.", type="body", in_list=True),
        Field("cause", "Nguyên nhân", "Nguyên nhân."),
        Field("status", "Tình trạng", "chưa khắc phục, đang khắc phục, đã khắc phục.",
              type="choice", choices=SHORTCOMING_STATUSES, default=SHORTCOMING_OPEN,
              in_list=True),
        Field("resolved_on", "Ngày khắc phục", "Ngày đã khắc phục.", type="date"),
        Field("carried_over_from", "Chuyển tiếp từ", "Tồn tại kỳ trước mà tồn tại này tiếp nối.",
              type="finding"),
        Field("raised_by", "Người nêu", "Ai nêu tồn tại này (một số văn phòng cấp ủy, đồng chí "
              "Bí thư…)."),
    ),
    statuses=SHORTCOMING_STATUSES,
    filters=("status",),
    completion=Completion("resolve", "khắc phục",
                          "Đánh dấu tồn tại đã được khắc phục.\n\nVí dụ: coordtrack shortcoming "
                          "resolve 12 --on 30/6/2024"),
)

TASK = _finding(
    "task", "nhiệm vụ", "nhiệm vụ",
    "Phương hướng, nhiệm vụ kỳ tới.",
    'coordtrack task add --meeting 1 --owner VPHU --due-on 31/12/2024 "xây dựng kế hoạch '
    'phối hợp 6 tháng còn lại năm 2024"',
    (
        Field("owners", "Cơ quan thực hiện", "Cơ quan thực hiện (lặp lại cho từng cơ quan).",
              type="bodies", link=Link("finding_owners", "finding_id", "body_id"),
              in_list=True, aliases=("owner",)),
        Field("due_on", "Hạn", "Hạn hoàn thành.", type="date", in_list=True),
        Field("status", "Tình trạng", "chưa thực hiện, đang thực hiện, đã hoàn thành.",
              type="choice", choices=TASK_STATUSES, default=TASK_NOT_STARTED, in_list=True),
        Field("done_on", "Ngày hoàn thành", "Ngày hoàn thành.", type="date"),
        Field("remedies", "Khắc phục tồn tại", "Tồn tại mà nhiệm vụ này khắc phục.",
              type="finding"),
    ),
    statuses=TASK_STATUSES + TASK_CATEGORIES,
    filters=("status", "overdue"),
    computed=(Computed("category", "Phân loại", category_sql(), "Tình trạng",
                       replaces="status"),),
    completion=Completion("done", "hoàn thành",
                          "Đánh dấu nhiệm vụ đã hoàn thành.\n\nVí dụ: coordtrack task done 7 "
                          "--on 15/12/2024"),
)

DIRECTIVE = _finding(
    "directive", "chỉ đạo", "ý kiến chỉ đạo",
    "Ý kiến phát biểu chỉ đạo, kết luận của lãnh đạo.",
    'coordtrack directive add --meeting 1 --speaker "Võ Văn Nhàn - Phó Bí thư Thường trực '
    'Huyện ủy" "biểu dương những thành tích đạt được"',
    (
        Field("speakers", "Người phát biểu", "Người phát biểu, dạng 'Họ tên - chức vụ'.",
              type="people", link=Link("finding_speakers", "finding_id", "person_id",
                                       with_titles=True),
              in_list=True, aliases=("speaker",)),
        Field("addressees", "Đối tượng", "Chỉ đạo này dành cho ai (các văn phòng, đội ngũ cán "
              "bộ…)."),
    ),
)

RECOMMENDATION = _finding(
    "recommendation", "kiến nghị", "kiến nghị, đề xuất",
    "Kiến nghị, đề xuất và ý kiến trả lời.",
    'coordtrack recommendation add --meeting 1 --from-body VPHU --to-body VPTU "sớm có hướng '
    'dẫn nghiệp vụ" --response "đã hướng dẫn tại hội nghị"',
    (
        Field("from_body", "Cơ quan kiến nghị", "Cơ quan kiến nghị.", type="body",
              in_list=True, aliases=("from",)),
        Field("to_body", "Cơ quan tiếp nhận", "Cơ quan tiếp nhận.", type="body", in_list=True,
              aliases=("to",)),
        Field("response", "Trả lời", "Ý kiến trả lời.", in_list=True),
        Field("from_people", "Người kiến nghị", "Người kiến nghị khi không phải một cơ quan "
              "(các đồng chí đảng viên, cử tri…)."),
    ),
)

DISCUSSION = _finding(
    "discussion", "thảo luận", "thảo luận",
    "Diễn biến thảo luận: số ý kiến, sự thống nhất, điều được "
    "khẳng định.",
    'coordtrack discussion add --meeting 1 --value 12 --unit "ý kiến" "các ý kiến thống nhất '
    'cao với dự thảo báo cáo"',
    (
        Field("value", "Số ý kiến", "Số ý kiến phát biểu.", type="number", in_list=True),
        Field("unit", "Đơn vị", "Đơn vị (ý kiến, lượt đại biểu).", in_list=True),
    ),
)

COMMENDATION = _finding(
    "commendation", "khen thưởng", "khen thưởng",
    "Khen thưởng tại hội nghị: ai trao, trao gì, cho ai, bao "
    "nhiêu.",
    'coordtrack commendation add --meeting 1 --from-body CAT --recipients "các tập thể, cá '
    'nhân có thành tích xuất sắc" --value 12 "Giấy khen"',
    (
        Field("from_body", "Cơ quan khen thưởng", "Cơ quan trao khen thưởng.", type="body",
              in_list=True, aliases=("from", "giver")),
        Field("recipients", "Người được khen", "Tập thể, cá nhân được khen thưởng.",
              in_list=True),
        Field("value", "Số lượng", "Số tập thể, cá nhân được khen.", type="number",
              in_list=True),
        Field("unit", "Đơn vị", "Đơn vị (tập thể, cá nhân).", in_list=True),
    ),
)

SIGNING = _finding(
    "signing", "ký kết", "ký kết",
    "Quy chế, chương trình phối hợp được ký kết, sửa đổi tại hội nghị.",
    'coordtrack signing add --meeting 1 --agreement 01-QC --action "ký kết" "ký kết Quy chế '
    'phối hợp giai đoạn 2024-2029"',
    (
        Field("agreement", "Quy chế", "Quy chế được ký kết hoặc sửa đổi.", type="agreement",
              in_list=True),
        Field("action", "Hình thức", "ký kết, sửa đổi, bổ sung hoặc gia hạn.", type="choice",
              choices=SIGNING_ACTIONS, default="ký kết", in_list=True),
    ),
)

RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in (BODY, PERSON, AGREEMENT, MEETING, ACHIEVEMENT, SHORTCOMING, TASK, DIRECTIVE,
               RECOMMENDATION, DISCUSSION, COMMENDATION, SIGNING)
}
FINDING_KINDS = ("achievement", "shortcoming", "directive", "recommendation", "task",
                 "discussion", "commendation", "signing")

# -- stored codes --------------------------------------------------------------------------------
# Every code the register stores is Vietnamese, the words a clerk reads in an export, a CSV in
# Excel, sqlite3 or Datasette: findings.kind is the record type's `finding_kind` ("tồn tại"),
# meeting_participants.role its link's `role` ("chủ trì"). Up to migration m013 both were
# English: the record type's name ("shortcoming") and the participant field's singular
# ("chair"). Those are still read wherever old data arrives: rows of an earlier export or a
# history entry written before the upgrade through `current_row`, and what a user types (a CSV,
# a meeting file, --kind) through FINDING_KIND_ALIASES.
FINDING_TYPES: dict[str, RecordType] = {RECORD_TYPES[n].finding_kind: RECORD_TYPES[n]
                                        for n in FINDING_KINDS}
PARTICIPANT_FIELDS = tuple(f for f in MEETING.links if f.link and f.link.role)
PARTICIPANT_ROLES = tuple(f.link.role for f in PARTICIPANT_FIELDS)
FORMER_CODES: dict[tuple[str, str], dict[str, str]] = {
    ("findings", "kind"): {rt.name: code for code, rt in FINDING_TYPES.items()},
    ("meeting_participants", "role"): {f.aliases[0]: f.link.role
                                       for f in PARTICIPANT_FIELDS},
}


def kind_code(name: str) -> str:
    """The stored findings.kind of the record type `name` ("shortcoming" → "tồn tại")."""
    code = RECORD_TYPES[name].finding_kind
    if code is None:
        raise KeyError(name)
    return code


def finding_type(code: str) -> RecordType:
    """The record type of a findings row, from its stored kind."""
    return FINDING_TYPES[code]


def kind_sql(alias: str, *names: str) -> str:
    """SQL that a findings row (`alias`, "" for none) is of one of the types `names`. The
    codes are literals, never parameters, so the partial indexes on kind can serve."""
    column = f"{alias}.kind" if alias else "kind"
    codes = [f"'{kind_code(n)}'" for n in names]
    return f"{column} = {codes[0]}" if len(codes) == 1 else f"{column} IN ({', '.join(codes)})"


def kind_name_sql(expr: str) -> str:
    """SQL turning a stored findings.kind (`expr`) into its record type's name ("task")."""
    whens = " ".join(f"WHEN '{code}' THEN '{rt.name}'" for code, rt in FINDING_TYPES.items())
    return f"CASE {expr} {whens} END"


def role_code(field_name: str) -> str:
    """The stored role of the meeting's participant field ("chairs" → "chủ trì")."""
    link = MEETING.field(field_name).link
    if link is None or link.role is None:
        raise KeyError(field_name)
    return link.role


def current_code(table: str, column: str, value: Any) -> Any:
    """`value` as stored today: a code written before m013 becomes its Vietnamese one."""
    return FORMER_CODES.get((table, column), {}).get(value, value) if isinstance(
        value, str) else value


def current_row(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row of `table` (from history or an old export) with its codes as stored today."""
    if row is None:
        return None
    changed = {column: current_code(table, column, row[column])
               for (t, column) in FORMER_CODES if t == table and column in row}
    return {**row, **changed} if changed else row


# What a user may type for a finding kind (CLI options, CSV and meeting files): the record
# type's name (the code before m013), its stored code, its label and common words.
FINDING_KIND_ALIASES = {
    **{rt.name: rt.name for rt in FINDING_TYPES.values()},
    **{code: rt.name for code, rt in FINDING_TYPES.items()},
    **{rt.label: rt.name for rt in FINDING_TYPES.values()},
    "hạn chế": "shortcoming", "kết luận": "directive", "đề xuất": "recommendation",
}


# -- what the descriptions imply -------------------------------------------------------------------
# Several record types share the findings table; rows of it are named by this noun.
FINDING_NOUN = "nội dung"


@dataclass(frozen=True)
class Referrers:
    """Rows that name a record of some kind, found from the field descriptions."""

    table: str  # where the naming rows are
    columns: tuple[str, ...]  # the columns holding the named record's id
    owner: str  # the column giving the naming record: "id" in its own table, else the link's
    owner_table: str  # the naming record's table
    noun: str  # how a message names the naming records
    belongs: bool  # the naming records belong to the named one (removed with it)


def references_to(kind: str) -> list[Referrers]:
    """Every table and column that refers to records of `kind` ("body", "person"…)."""
    target_table = TABLES[kind]
    found: dict[tuple[str, str, bool], Referrers] = {}
    for rt in RECORD_TYPES.values():
        shared = sum(other.table == rt.table for other in RECORD_TYPES.values()) > 1
        for f in rt.fields:
            if f.value_type.refers_to != kind:
                continue
            if f.link is not None:
                table, column, owner, noun = f.link.table, f.link.target, f.link.owner, rt.label
            else:
                table, column, owner = rt.table, f.col, "id"
                noun = FINDING_NOUN if shared else rt.label
            if table == target_table:
                noun += " khác"
            key = (table, owner, f.belongs)
            before = found.get(key)
            if before is None:
                found[key] = Referrers(table, (column,), owner, rt.table, noun, f.belongs)
            elif column not in before.columns:
                found[key] = Referrers(table, (*before.columns, column), owner, rt.table,
                                       before.noun, f.belongs)
    return list(found.values())


def link_tables() -> dict[str, tuple[str, str]]:
    """Link table → (column naming its owner, the owner's table), from the descriptions."""
    out: dict[str, tuple[str, str]] = {}
    for rt in RECORD_TYPES.values():
        for f in rt.links:
            assert f.link is not None
            out.setdefault(f.link.table, (f.link.owner, rt.table))
    return out


def body_filter_sql(rt: RecordType) -> str | None:
    """SQL (alias t, parameter :body) for records of `rt` that name a body anywhere."""
    own_links = {f.link.table for other in RECORD_TYPES.values() if other.table == rt.table
                 for f in other.links if f.link is not None}
    parts, own_columns = [], []
    for ref in references_to("body"):
        if ref.table == rt.table:
            own_columns += ref.columns
            parts += [f"SELECT id FROM {rt.table} WHERE {c} = :body" for c in ref.columns]
        elif ref.table in own_links:
            parts += [f"SELECT {ref.owner} FROM {ref.table} WHERE {c} = :body"
                      for c in ref.columns]
    if not parts:
        return None
    if len(parts) == 1 and own_columns:
        return f"t.{own_columns[0]} = :body"
    # One indexed look-up per place, rather than an OR that would scan every row.
    return f"t.id IN ({' UNION ALL '.join(parts)})"
