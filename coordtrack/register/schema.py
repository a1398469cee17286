"""The documented schema: what each table, view and column of a register holds, in Vietnamese.

`coordtrack schema` prints it and `coordtrack serve` turns it into Datasette metadata. The
columns themselves are read from a register (through sqlite-utils), so a column without a
description here still shows, and a test fails until it gets one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coordtrack.register.recordtypes import FINDING_TYPES, PARTICIPANT_FIELDS


def _codes(pairs: list[tuple[str, str]]) -> str:
    """'tồn tại (tồn tại, hạn chế), nhiệm vụ, …': each stored code, with its label if other."""
    return ", ".join(code if code == label else f"{code} ({label})" for code, label in pairs)


# The stored codes, from the record types that own them (issue 14: all Vietnamese since m013).
KIND_CODES = _codes([(code, rt.label) for code, rt in FINDING_TYPES.items()])
ROLE_CODES = _codes([(f.link.role, f.label.lower()) for f in PARTICIPANT_FIELDS
                     if f.link and f.link.role])
JSON_LIST = "Danh sách JSON các chuỗi văn bản, ví dụ [\"điểm cầu A\", \"điểm cầu B\"]."
COMMON = {
    "id": ("Số", "Số của bản ghi (khóa chính), không bao giờ dùng lại."),
    "uid": ("Mã định danh", "UUID bền vững, để nhập lại hoặc gộp sổ không bị trùng."),
    "created_at": ("Tạo lúc", "Thời điểm tạo bản ghi (ISO 8601)."),
    "updated_at": ("Sửa lúc", "Thời điểm sửa gần nhất (ISO 8601)."),
    "position": ("Thứ tự", "Thứ tự trong danh sách hoặc trong hội nghị."),
}
LINK = {
    "agreement_id": ("Quy chế", "Quy chế phối hợp (agreements.id)."),
    "body_id": ("Cơ quan", "Cơ quan, đơn vị (bodies.id)."),
    "meeting_id": ("Hội nghị", "Hội nghị (meetings.id)."),
    "person_id": ("Người", "Người (people.id)."),
    "finding_id": ("Nội dung", "Nội dung của hội nghị (findings.id)."),
    "titles": ("Chức vụ", "Chức vụ của người đó vào lúc ấy, ghi như trong bài viết."),
}
MEETING_AS_TEXT = {
    "meeting": ("Hội nghị", "Tên hội nghị."),
    "held_on": ("Ngày họp", "Ngày họp (YYYY-MM-DD)."),
    "period": ("Kỳ đánh giá", "Kỳ được đánh giá: 2023, 2021-Q3, 2021-H1…"),
}
TASK_CATEGORY = ("Phân loại tiến độ", "đã hoàn thành đúng hạn, đã hoàn thành quá hạn, chưa hoàn "
                 "thành trong hạn hoặc chưa hoàn thành quá hạn, tính theo ngày hôm nay.")


@dataclass(frozen=True)
class TableDoc:
    label: str
    description: str
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    internal: bool = False
    sort_desc: str | None = None


TABLES: dict[str, TableDoc] = {
    "bodies": TableDoc(
        "Cơ quan, đơn vị", "Văn phòng Huyện ủy, Văn phòng HĐND và UBND huyện…", {
            "name": ("Tên", "Tên đầy đủ của cơ quan."),
            "short_name": ("Tên viết tắt", "Tên viết tắt, dùng để gọi nhanh (VPHU)."),
            "level": ("Cấp", "trung ương, tỉnh, huyện hoặc xã."),
            "sector": ("Khối", "đảng, nhà nước, mặt trận hoặc đoàn thể; quyết định thể thức "
                       "văn bản (Hướng dẫn 36-HD/VPTW hay Nghị định 30/2020/NĐ-CP)."),
            "place": ("Địa phương", "Địa phương của cơ quan (tỉnh Quảng Nam); tên là duy nhất "
                      "trong một địa phương."),
            "short_form": ("Tên gọi tắt trong bài", "Tên gọi từ lần nhắc thứ hai trong bài "
                           "viết (HĐND huyện)."),
        }, label_column="name", facets=("level", "sector", "place")),
    "people": TableDoc(
        "Người", "Cán bộ, lãnh đạo chủ trì, tham dự và phát biểu tại hội nghị.", {
            "name": ("Họ và tên", "Họ và tên."),
            "titles": ("Chức vụ", "Chức vụ gần nhất được ghi."),
            "body_id": ("Cơ quan", "Cơ quan công tác (bodies.id)."),
        }, label_column="name"),
    "agreements": TableDoc(
        "Quy chế phối hợp", "Quy chế phối hợp giữa hai hay nhiều cơ quan.", {
            "number": ("Số hiệu", "Số, ký hiệu văn bản."),
            "title": ("Tên quy chế", "Tên quy chế."),
            "signed_on": ("Ngày ký", "Ngày ký (YYYY-MM-DD)."),
            "valid_from": ("Hiệu lực từ", "Có hiệu lực từ ngày."),
            "valid_to": ("Hiệu lực đến", "Hết hiệu lực ngày."),
            "term": ("Nhiệm kỳ", "Nhiệm kỳ, ví dụ 2021-2026."),
            "areas": ("Lĩnh vực phối hợp", JSON_LIST),
            "status": ("Tình trạng", "hiệu lực, hết hiệu lực hoặc đã thay thế."),
            "superseded_by_id": ("Thay thế bởi", "Quy chế thay thế quy chế này "
                                 "(agreements.id)."),
        }, label_column="title", facets=("status",)),
    "agreement_parties": TableDoc(
        "Các bên của quy chế", "Mỗi dòng: một cơ quan tham gia một quy chế."),
    "meetings": TableDoc(
        "Hội nghị", "Hội nghị sơ kết, tổng kết, đánh giá việc thực hiện quy chế phối hợp.", {
            "kind": ("Loại", "tổng kết, sơ kết, đánh giá, giao ban hoặc khác."),
            "title": ("Tên hội nghị", "Tên hội nghị."),
            "held_on": ("Ngày họp", "Ngày họp như bài viết ghi: YYYY-MM-DD, --MM-DD (không "
                        "ghi năm), YYYY-MM (chỉ biết tháng) hoặc trống (không ghi ngày)."),
            "part_of_day": ("Buổi", "sáng, trưa, chiều hoặc tối."),
            "place": ("Địa điểm", "Địa điểm."),
            "online": ("Trực tuyến", "1 nếu họp trực tuyến, 0 nếu không."),
            "connection_points": ("Điểm cầu", JSON_LIST),
            "period": MEETING_AS_TEXT["period"],
            "period_start": ("Kỳ từ ngày", "Ngày đầu của kỳ đánh giá."),
            "period_end": ("Kỳ đến ngày", "Ngày cuối của kỳ đánh giá."),
            "chair_groups": ("Nhóm chủ trì", JSON_LIST),
            "attendee_groups": ("Nhóm tham dự", JSON_LIST),
            "author": ("Người viết", "Tác giả bài viết."),
            "source": ("Nguồn", "Nguồn (báo, cổng thông tin)."),
            "lead_organiser_id": ("Cơ quan chủ trì tổ chức", "Cơ quan chủ trì, nếu có; các "
                                  "cơ quan tổ chức khác phối hợp với cơ quan này (bodies.id)."),
            "purposes": ("Mục đích", JSON_LIST),
        }, label_column="title", facets=("kind", "period"), sort_desc="held_on"),
    "meeting_organisers": TableDoc(
        "Cơ quan tổ chức hội nghị", "Mỗi dòng: một cơ quan tổ chức một hội nghị; thứ tự 0 "
        "là cơ quan chủ trì."),
    "meeting_participants": TableDoc(
        "Người chủ trì, tham dự hội nghị", "Mỗi dòng: một người chủ trì hoặc tham dự một hội "
        "nghị, với chức vụ lúc ấy.", {
            "role": ("Vai trò", f"Mã vai trò: {ROLE_CODES}; nhãn ở bảng code_labels."),
        }, facets=("role",)),
    "meeting_agreements": TableDoc(
        "Quy chế được đánh giá tại hội nghị", "Mỗi dòng: một quy chế được một hội nghị đánh "
        "giá."),
    "findings": TableDoc(
        "Nội dung hội nghị", "Kết quả, tồn tại, nhiệm vụ, ý kiến chỉ đạo, kiến nghị của các "
        "hội nghị, theo thứ tự trong hội nghị.", {
            "kind": ("Loại", f"Mã loại nội dung: {KIND_CODES}; nhãn ở bảng code_labels."),
            "text": ("Nội dung", "Nội dung."),
            "area": ("Lĩnh vực", "Lĩnh vực."),
            "value": ("Số liệu", "Số liệu của kết quả."),
            "unit": ("Đơn vị tính", "Đơn vị tính của số liệu."),
            "body_id": ("Cơ quan", "Cơ quan đạt kết quả hoặc có tồn tại (bodies.id)."),
            "cause": ("Nguyên nhân", "Nguyên nhân của tồn tại."),
            "status": ("Tình trạng", "Tồn tại: chưa khắc phục, đang khắc phục, đã khắc phục. "
                       "Nhiệm vụ: chưa thực hiện, đang thực hiện, đã hoàn thành."),
            "resolved_on": ("Ngày khắc phục", "Ngày tồn tại được khắc phục."),
            "carried_over_from_id": ("Chuyển tiếp từ", "Tồn tại kỳ trước mà tồn tại này "
                                     "tiếp nối (findings.id)."),
            "due_on": ("Hạn", "Hạn hoàn thành nhiệm vụ."),
            "done_on": ("Ngày hoàn thành", "Ngày nhiệm vụ hoàn thành."),
            "remedies_id": ("Khắc phục tồn tại", "Tồn tại mà nhiệm vụ này khắc phục "
                            "(findings.id)."),
            "from_body_id": ("Cơ quan kiến nghị", "Cơ quan kiến nghị (bodies.id)."),
            "to_body_id": ("Cơ quan tiếp nhận", "Cơ quan tiếp nhận kiến nghị (bodies.id)."),
            "response": ("Trả lời", "Ý kiến trả lời kiến nghị."),
            "raised_by": ("Người nêu", "Ai nêu tồn tại."),
            "addressees": ("Đối tượng", "Ý kiến chỉ đạo dành cho ai."),
            "from_people": ("Người kiến nghị", "Người kiến nghị khi không phải một cơ quan."),
            "recipients": ("Người được khen", "Tập thể, cá nhân được khen thưởng."),
            "agreement_id": ("Quy chế", "Quy chế được ký kết hoặc sửa đổi tại hội nghị "
                             "(agreements.id)."),
            "action": ("Hình thức", "ký kết, sửa đổi, bổ sung, sửa đổi, bổ sung hoặc gia hạn."),
        }, label_column="text", facets=("kind", "status", "body_id")),
    "finding_speakers": TableDoc(
        "Người phát biểu", "Mỗi dòng: một người phát biểu một ý kiến chỉ đạo, với chức vụ "
        "lúc ấy."),
    "finding_owners": TableDoc(
        "Cơ quan thực hiện nhiệm vụ", "Mỗi dòng: một cơ quan thực hiện một nhiệm vụ."),
    "code_labels": TableDoc(
        "Nhãn của các mã", "Chữ tiếng Việt của mỗi mã lưu trong sổ (loại nội dung, vai trò, "
        "tình trạng…).", {
            "table_name": ("Bảng", "Bảng hoặc khung nhìn có cột mang mã."),
            "column_name": ("Cột", "Cột mang mã."),
            "code": ("Mã", "Giá trị lưu trong cột."),
            "label": ("Nhãn", "Chữ tiếng Việt hiển thị cho mã."),
        }, label_column="label", facets=("table_name", "column_name")),
    "history": TableDoc(
        "Lịch sử thay đổi", "Mỗi thay đổi của coordtrack, để xem lại và hoàn tác.", {
            "at": ("Lúc", "Thời điểm thay đổi."),
            "command": ("Lệnh", "Lệnh đã chạy."),
            "summary": ("Tóm tắt", "Tóm tắt thay đổi."),
            "changes": ("Các thay đổi", "JSON: danh sách dòng trước và sau khi đổi (dùng cho "
                        "undo)."),
            "undone_by": ("Hoàn tác bởi", "Thay đổi đã hoàn tác thay đổi này (history.id)."),
        }, internal=True),
    "migrations": TableDoc(
        "Phiên bản lược đồ", "Các bước nâng cấp lược đồ đã chạy.", {
            "name": ("Tên", "Tên bước nâng cấp."),
            "applied_at": ("Lúc chạy", "Thời điểm chạy."),
        }, internal=True),
    "retired_ids": TableDoc(
        "Số đã dùng", "Số lớn nhất đã xóa của mỗi bảng, để không cấp lại.", {
            "tbl": ("Bảng", "Tên bảng."),
            "last_id": ("Số lớn nhất đã xóa", "Số lớn nhất đã xóa."),
        }, internal=True),
    "import_baselines": TableDoc(
        "Mốc nhập tệp", "Điều tệp hội nghị đã ghi về mỗi bản ghi ở lần nhập gần nhất, và điều "
        "sổ có sau lần nhập đó: lần nhập lại phân biệt được chỗ tệp sửa với chỗ sửa ngoài tệp.", {
            "uid": ("Mã định danh", "uid của bản ghi."),
            "snapshot": ("Ảnh chụp", "JSON: {\"file\": …, \"register\": …} theo từng trường."),
        }, internal=True),
    "search_paused": TableDoc(
        "Tạm dừng chỉ mục", "Khi bảng có một dòng, trigger chèn của chỉ mục tìm kiếm không "
        "lập chỉ mục dòng mới: cho công cụ khác nạp nhiều dòng rồi dựng lại bằng coordtrack "
        "reindex. Lệnh nhập của coordtrack tự bỏ trigger đó trong giao dịch của mình và lập "
        "chỉ mục một lần.", internal=True),
}
for _fts, _source in (("findings_fts", "findings"), ("meetings_fts", "meetings"),
                      ("agreements_fts", "agreements")):
    TABLES[_fts] = TableDoc(
        f"Chỉ mục tìm kiếm của bảng {_source}",
        f"FTS5, nội dung lấy từ bảng {_source}; mỗi chữ được lập chỉ mục cả dạng viết đ và d "
        f"(trigger {_source}_ai/_ad/_au). Dựng lại bằng: coordtrack reindex (rồi tự kiểm tra "
        "bằng FTS5 integrity-check); không dùng sqlite-utils rebuild-fts, lệnh đó chỉ lập chỉ "
        "mục một dạng viết. coordtrack check báo khi chỉ mục không khớp với bảng.",
        internal=True)

VIEWS: dict[str, TableDoc] = {
    "findings_described": TableDoc(
        "Nội dung hội nghị (dạng chữ)", "Mỗi nội dung với hội nghị, cơ quan và người dưới "
        "dạng chữ.", {
            "kind_label": ("Loại (chữ)", "Loại nội dung bằng tiếng Việt."),
            "body": ("Cơ quan", "Tên cơ quan."),
            "owners": ("Cơ quan thực hiện", "Các cơ quan thực hiện nhiệm vụ, cách nhau "
                       "bằng '; '."),
            "speakers": ("Người phát biểu", "Người phát biểu và chức vụ, cách nhau bằng '; '."),
            "from_body": ("Cơ quan kiến nghị", "Tên cơ quan kiến nghị."),
            "to_body": ("Cơ quan tiếp nhận", "Tên cơ quan tiếp nhận."),
            **MEETING_AS_TEXT,
        }, label_column="text", facets=("kind_label", "status", "body", "period")),
    "open_shortcomings": TableDoc(
        "Tồn tại chưa khắc phục", "Tồn tại, hạn chế chưa được khắc phục (chưa hoặc đang "
        "khắc phục).", {
            "body": ("Cơ quan", "Cơ quan có tồn tại."),
            "age_days": ("Số ngày", "Số ngày từ hội nghị ghi nhận đến hôm nay."),
            **MEETING_AS_TEXT,
        }, label_column="text", facets=("body", "status", "period")),
    "task_status": TableDoc(
        "Nhiệm vụ theo tiến độ", "Mọi nhiệm vụ với phân loại tiến độ tính theo ngày hôm nay.", {
            "owners": ("Cơ quan thực hiện", "Các cơ quan thực hiện, cách nhau bằng '; '."),
            "status_category": TASK_CATEGORY,
            "days_late": ("Số ngày quá hạn", "Số ngày từ hạn đến hôm nay, nếu đã qua hạn."),
            **MEETING_AS_TEXT,
        }, label_column="text", facets=("status_category", "status", "period")),
    "overdue_tasks": TableDoc(
        "Nhiệm vụ quá hạn", "Nhiệm vụ chưa hoàn thành mà hạn đã qua (hạn là hôm nay thì chưa "
        "quá hạn).", {
            "owners": ("Cơ quan thực hiện", "Các cơ quan thực hiện, cách nhau bằng '; '."),
            "days_late": ("Số ngày quá hạn", "Số ngày từ hạn đến hôm nay."),
            **MEETING_AS_TEXT,
        }, label_column="text", facets=("status", "period")),
    "meetings_described": TableDoc(
        "Hội nghị (dạng chữ)", "Mỗi hội nghị với cơ quan tổ chức, người chủ trì và các quy "
        "chế được đánh giá dưới dạng chữ.", {
            "organisers": ("Cơ quan tổ chức", "Các cơ quan tổ chức, cơ quan chủ trì trước."),
            "chairs": ("Chủ trì", "Người chủ trì và chức vụ, cách nhau bằng '; '."),
            "agreements": ("Quy chế được đánh giá", "Tên các quy chế, cách nhau bằng '; '."),
            "findings": ("Số nội dung", "Số nội dung ghi nhận tại hội nghị."),
        }, label_column="title", facets=("kind", "period")),
}


def column_doc(table: str, column: str) -> tuple[str, str] | None:
    """(label, description) of a column of a table or view, or None when undocumented."""
    doc = TABLES.get(table) or VIEWS.get(table)
    if doc and column in doc.columns:
        return doc.columns[column]
    if column in COMMON:
        return COMMON[column]
    if column in LINK:
        return LINK[column]
    if table.endswith("_fts"):
        return column_doc(table[:-len("_fts")], column)
    if table in VIEWS:
        # A view's other columns are the table's: findings_described.text is findings.text.
        source = "meetings" if table == "meetings_described" else "findings"
        return column_doc(source, column)
    return None


def describe(conn: Any) -> list[dict[str, Any]]:
    """Every table and view of the register with its columns, as documented here.

    Read through sqlite-utils; FTS5's own shadow tables (findings_fts_data…) are left out.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    out = []
    shadows = {f"{fts}_{s}" for fts in TABLES if fts.endswith("_fts")
               for s in ("data", "idx", "docsize", "config", "content")}
    items = [(name, "table") for name in db.table_names() if name not in shadows] + \
            [(name, "view") for name in db.view_names()]
    for name, kind in items:
        if name.startswith("sqlite_"):
            continue
        doc = TABLES.get(name) or VIEWS.get(name)
        table = db[name]
        fks = {fk.column: f"{fk.other_table}.{fk.other_column}"
               for fk in getattr(table, "foreign_keys", [])} if kind == "table" else {}
        columns = []
        for col in table.columns:
            label, description = column_doc(name, col.name) or ("", "")
            columns.append({"name": col.name, "type": col.type, "label": label,
                            "description": description, "references": fks.get(col.name)})
        out.append({"name": name, "kind": kind, "label": doc.label if doc else "",
                    "description": doc.description if doc else "",
                    "internal": doc.internal if doc else False, "columns": columns})
    return out


def schema_text(conn: Any) -> str:
    """The documented schema as plain text, one block per table or view."""
    blocks = []
    for item in describe(conn):
        kind = "bảng" if item["kind"] == "table" else "khung nhìn"
        head = f"{item['name']} ({kind}) — {item['label']}"
        if item["internal"]:
            head += " [nội bộ]"
        lines = [head, f"  {item['description']}"]
        width = max(len(c["name"]) for c in item["columns"])
        for col in item["columns"]:
            what = col["label"]
            if col["description"] and col["description"] != col["label"] + ".":
                what += f": {col['description']}"
            kind_text = (col["type"] or "").lower()
            lines.append(f"  {col['name']:<{width}}  {kind_text:<7}  {what}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
