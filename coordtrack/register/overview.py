"""What is in a register, at a glance: the numbers `coordtrack status` prints."""

from __future__ import annotations

from datetime import date
from typing import Any

from coordtrack.register import status
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import RECORD_TYPES, kind_code, kind_sql


def facts(reg: Register, today: date | None = None) -> list[tuple[str, str, Any]]:
    """(key, Vietnamese label, value) of each number: the keys are the JSON of `status`."""
    today = today or date.today()
    counts = {row["kind"]: row["n"] for row in reg.rows(
        "SELECT kind, count(*) AS n FROM findings GROUP BY kind")}
    lines: list[tuple[str, str, Any]] = []
    for name, table in (("body", "bodies"), ("person", "people"), ("agreement", "agreements"),
                        ("meeting", "meetings")):
        lines.append((name, RECORD_TYPES[name].label.capitalize(),
                      reg.scalar(f"SELECT count(*) FROM {table}")))
    for kind in ("achievement", "shortcoming", "directive", "recommendation", "task"):
        lines.append((kind, RECORD_TYPES[kind].label.capitalize(), counts.get(kind_code(kind), 0)))
    lines.append(("open_shortcomings", "Tồn tại chưa khắc phục", reg.scalar(
        f"SELECT count(*) FROM findings INDEXED BY {status.OPEN_SHORTCOMINGS_INDEX} "
        f"WHERE {kind_sql('', 'shortcoming')} AND {status.shortcoming_open_sql('')}")))
    lines.append(("overdue_tasks", "Nhiệm vụ quá hạn", reg.scalar(
        f"SELECT count(*) FROM findings INDEXED BY {status.OPEN_TASKS_INDEX} "
        f"WHERE {kind_sql('', 'task')} AND {status.overdue_sql('', '?')}",
        (today.isoformat(),))))
    last = reg.one("SELECT id, title, held_on AS date FROM meetings "
                   "ORDER BY held_on DESC, id DESC LIMIT 1")
    if last:
        lines.append(("last_meeting", "Hội nghị gần nhất", last))
    return lines


def summary(reg: Register, today: date | None = None) -> list[tuple[str, Any]]:
    from coordtrack import vietnamese as vi

    return [(label, f"{vi.news_date(value['date'])} — {value['title']}"
             if key == "last_meeting" else value) for key, label, value in facts(reg, today)]


def schema_version(reg: Register) -> str:
    return reg.scalar("SELECT name FROM migrations ORDER BY id DESC LIMIT 1") or ""
