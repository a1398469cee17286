"""What is in a register, at a glance: the numbers `coordtrack status` prints."""

from __future__ import annotations

from datetime import date
from typing import Any

from coordtrack.register import status
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import RECORD_TYPES


def summary(reg: Register, today: date | None = None) -> list[tuple[str, Any]]:
    today = today or date.today()
    counts = {row["kind"]: row["n"] for row in reg.rows(
        "SELECT kind, count(*) AS n FROM findings GROUP BY kind")}
    lines: list[tuple[str, Any]] = []
    for name, table in (("body", "bodies"), ("person", "people"), ("agreement", "agreements"),
                        ("meeting", "meetings")):
        lines.append((RECORD_TYPES[name].label.capitalize(),
                      reg.scalar(f"SELECT count(*) FROM {table}")))
    for kind in ("achievement", "shortcoming", "directive", "recommendation", "task"):
        lines.append((RECORD_TYPES[kind].label.capitalize(), counts.get(kind, 0)))
    lines.append(("Tồn tại chưa khắc phục", reg.scalar(
        f"SELECT count(*) FROM findings INDEXED BY {status.OPEN_SHORTCOMINGS_INDEX} "
        f"WHERE kind = 'shortcoming' AND {status.shortcoming_open_sql('')}")))
    lines.append(("Nhiệm vụ quá hạn", reg.scalar(
        f"SELECT count(*) FROM findings INDEXED BY {status.OPEN_TASKS_INDEX} "
        f"WHERE kind = 'task' AND {status.overdue_sql('', '?')}", (today.isoformat(),))))
    last = reg.one("SELECT title, held_on FROM meetings ORDER BY held_on DESC, id DESC LIMIT 1")
    if last:
        from coordtrack import vietnamese as vi

        lines.append(("Hội nghị gần nhất", f"{vi.news_date(last['held_on'])} — {last['title']}"))
    return lines


def schema_version(reg: Register) -> str:
    return reg.scalar("SELECT name FROM migrations ORDER BY id DESC LIMIT 1") or ""
