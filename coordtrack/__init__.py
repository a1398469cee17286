"""coordtrack — sổ theo dõi quy chế phối hợp và hội nghị sơ kết, tổng kết.

A small API for Python callers; the `coordtrack` command is built on the same modules::

    import coordtrack

    with coordtrack.open_register("so-dang-ky.db") as reg:
        vphu = coordtrack.add(reg, "body", {"name": "Văn phòng Huyện ủy", "short_name": "VPHU"})
        coordtrack.list_records(reg, "body")
        result = coordtrack.import_meeting_file(reg, "hoi-nghi.yaml")
        text = coordtrack.render(reg, "news", meeting=result.meeting_id, fmt="md")

Record kinds are the CLI's: body, person, agreement, meeting, achievement, shortcoming, task,
directive, recommendation; values use the field names of the meeting file. Every failure is
a `CoordtrackError` with a Vietnamese `message` for people and a stable `code` for programs
(`not_found`, `invalid_value`, `missing_value`, `duplicate`, `referenced`, `invalid_file`…).
Each write is one transaction, logged in the history (so `coordtrack undo` can take it back).

The heavy modules are imported when first used, so `import coordtrack` stays quick.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordtrack.errors import CoordtrackError, InvalidValue, NotFound, UsageError

if TYPE_CHECKING:
    from coordtrack.config import Config
    from coordtrack.exchange.meeting_file import ImportResult
    from coordtrack.register.file import Register
    from coordtrack.register.recordtypes import RecordType

__version__ = "0.1.0"
__all__ = [
    "CoordtrackError", "InvalidValue", "NotFound", "UsageError", "add", "edit", "get",
    "import_meeting_file", "list_records", "open_register", "record_kinds", "remove", "render",
]

def open_register(path: str | Path | None = None, *, write: bool = True) -> Register:
    """Open the register file at `path` (created and brought up to date when writing).

    `None` opens a fresh register in memory. Close it with `.close()` or use `with`.
    """
    from coordtrack.register.file import open_register as open_file

    return open_file(Path(path) if path is not None else None, write=write)


def record_kinds() -> list[str]:
    from coordtrack.register.recordtypes import RECORD_TYPES

    return list(RECORD_TYPES)


def _record_type(kind: str) -> RecordType:
    from coordtrack.register.recordtypes import RECORD_TYPES

    if kind not in RECORD_TYPES:
        raise UsageError(f"Loại bản ghi '{kind}' không có; chọn một trong: "
                         f"{', '.join(RECORD_TYPES)}.", code="unknown_kind")
    return RECORD_TYPES[kind]


def add(reg: Register, kind: str, values: dict[str, Any], *, uid: str | None = None) -> int:
    """Add one record; returns its number (id)."""
    from coordtrack.register import records

    rt = _record_type(kind)
    with reg.transaction(f"{kind} add", f"Thêm {rt.label}"):
        return records.add(reg, rt, values, uid=uid)


def edit(reg: Register, kind: str, ref: Any, values: dict[str, Any]) -> bool:
    """Change the given fields of the record `ref` names (id, uid or name); whether it changed."""
    from coordtrack.register import records

    rt = _record_type(kind)
    record_id = records.find(reg, rt, ref)
    with reg.transaction(f"{kind} edit", f"Sửa {rt.label} số {record_id}"):
        return records.edit(reg, rt, record_id, values)


def remove(reg: Register, kind: str, ref: Any) -> None:
    """Remove a record (refused, code `referenced`, while other records name it)."""
    from coordtrack.register import records

    rt = _record_type(kind)
    record_id = records.find(reg, rt, ref)
    with reg.transaction(f"{kind} remove", f"Xóa {rt.label} số {record_id}"):
        records.remove(reg, rt, record_id)


def get(reg: Register, kind: str, ref: Any) -> dict[str, Any]:
    """One record with every field, references by name."""
    from coordtrack.register import records

    rt = _record_type(kind)
    return records.get(reg, rt, records.find(reg, rt, ref))


def list_records(reg: Register, kind: str, *, limit: int | None = None,
                 today: date | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Records of one kind, as `coordtrack KIND list` shows them; filters as its options
    (meeting, agreement, body, kind, status, overdue, from, to)."""
    from coordtrack.register import records

    return records.list_records(reg, _record_type(kind), filters, today=today, limit=limit)


def import_meeting_file(reg: Register, path: str | Path) -> ImportResult:
    """Import a meeting file (YAML or JSON), all or nothing; the result names the meeting
    (`meeting_id`) and says what changed (`summary()`). A bad file raises `invalid_file`
    with every problem in `errors`."""
    from coordtrack.exchange import meeting_file
    from coordtrack.files import read_text

    source = str(path)
    return meeting_file.import_document(reg, meeting_file.parse(read_text(source), source),
                                        source)


def render(reg: Register, document: str, *, fmt: str = "txt", today: date | None = None,
           config: Config | None = None, template_dir: str | Path | None = None,
           **options: Any) -> str | bytes:
    """Write a document as `coordtrack report DOCUMENT` does: news (meeting=…), summary
    (agreement, body, year, period, start, end, number; body without agreement: the summary
    of that body), monthly (month) or followup (body, agreement, overdue_only). txt, md and
    html give text; docx and pdf give bytes."""
    from coordtrack.config import Config as DefaultConfig
    from coordtrack.documents import data
    from coordtrack.documents import render as renderer

    if document not in data.KINDS:
        raise UsageError(f"Văn bản '{document}' không có; chọn một trong: "
                         f"{', '.join(data.KINDS)}.", code="unknown_document")
    today = today or date.today()
    if document == "news":
        content = data.news_data(reg, options.pop("meeting", None), **options)
    elif document == "summary":
        content = data.summary_data(reg, config or DefaultConfig(), today, **options)
    elif document == "monthly":
        content = data.monthly_data(reg, today, config=config, **options)
    else:
        content = data.followup_data(reg, today, config=config, **options)
    return renderer.render(document, renderer.pick_format(fmt, None), content, template_dir)
