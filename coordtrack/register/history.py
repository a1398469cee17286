"""The change log: listing it, and undoing one change by replaying its row changes backwards.

Every write made through `Register.insert/update/delete` is logged as
{"table", "op", "id", "before", "after"}; undo applies the reverse of each, newest first, in
one transaction that is itself logged (so an undo can be undone too). A change is refused
when a later change that still stands touched one of the same rows: undoing it would silently
throw that later work away.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from coordtrack.errors import CoordtrackError, NotFound
from coordtrack.register.file import Register
from coordtrack.register.recordtypes import current_row

UNDO_COMMAND = "undo"
COLUMNS = [("id", "Số"), ("at", "Thời gian"), ("command", "Lệnh"), ("summary", "Nội dung"),
           ("rows", "Số dòng"), ("undone_by", "Đã hoàn tác bởi")]


def list_history(reg: Register, limit: int | None = 20) -> list[dict[str, Any]]:
    # A bulk entry stands for `count` rows; a row-by-row entry for one.
    sql = ("SELECT id, at, command, summary, (SELECT coalesce(sum(coalesce("
           "json_extract(value, '$.count'), 1)), 0) FROM json_each(changes)) AS rows, undone_by "
           "FROM history ORDER BY id DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return reg.rows(sql)


class Touched:
    """The rows a change touched: single ids, and the id ranges of bulk inserts."""

    def __init__(self, changes: list[dict[str, Any]]):
        self.rows = {(c["table"], c["id"]) for c in changes if c.get("id") is not None}
        self.ranges = [(c["table"], c["first_id"], c["last_id"]) for c in changes
                       if c.get("first_id") is not None]

    def _covers(self, table: str, row_id: int) -> bool:
        return (table, row_id) in self.rows or any(
            t == table and a <= row_id <= b for t, a, b in self.ranges)

    def overlaps(self, other: Touched) -> bool:
        if any(self._covers(t, i) for t, i in other.rows):
            return True
        if any(other._covers(t, i) for t, i in self.rows):
            return True
        return any(t1 == t2 and a1 <= b2 and a2 <= b1
                   for t1, a1, b1 in self.ranges for t2, a2, b2 in other.ranges)


def _touched(changes: list[dict[str, Any]]) -> Touched:
    return Touched(changes)


def _target(reg: Register, change_id: int | None) -> dict[str, Any]:
    if change_id is None:
        row = reg.one("SELECT * FROM history WHERE undone_by IS NULL AND command != ? "
                      "ORDER BY id DESC LIMIT 1", (UNDO_COMMAND,))
        if row is None:
            raise CoordtrackError("Không có thay đổi nào để hoàn tác.")
        return row
    row = reg.one("SELECT * FROM history WHERE id = ?", (change_id,))
    if row is None:
        raise NotFound(f"Không có thay đổi số {change_id} (xem: coordtrack history).")
    if row["undone_by"] is not None:
        raise CoordtrackError(f"Thay đổi số {change_id} đã được hoàn tác bởi thay đổi số "
                              f"{row['undone_by']}.")
    return row


def _blocking(reg: Register, target: dict[str, Any], touched: Touched) -> dict | None:
    """The first later change, still in force, that touched one of the same rows."""
    for later in reg.iter_rows("SELECT id, command, summary, changes FROM history "
                               "WHERE id > ? AND undone_by IS NULL ORDER BY id",
                               (target["id"],)):
        if later["command"] == UNDO_COMMAND:
            undid = reg.scalar("SELECT id FROM history WHERE undone_by = ?", (later["id"],))
            if undid is not None and undid > target["id"]:
                continue  # it cancels a change made after the target: together they are nothing
        if _touched(json.loads(later["changes"])).overlaps(touched):
            return later
    return None


def _revert_bulk(reg: Register, change: dict[str, Any]) -> None:
    table, first, last = change["table"], change["first_id"], change["last_id"]
    if change["op"] != "bulk_insert":
        raise CoordtrackError("thao tác xóa hàng loạt không thể làm lại; hãy nhập lại tệp")
    present = reg.scalar(f"SELECT count(*) FROM {table} WHERE id BETWEEN ? AND ?", (first, last))
    if present != change["count"]:
        raise CoordtrackError(f"một số dòng của bảng {table} đã bị thay đổi ngoài coordtrack")
    reg.conn.execute(f"DELETE FROM {table} WHERE id BETWEEN ? AND ?", (first, last))
    # Logged as a range too: a million deleted rows are not copied into the history.
    reg.log_change({"table": table, "op": "bulk_delete", "id": None,
                    "first_id": first, "last_id": last, "count": change["count"]})


def _revert(reg: Register, change: dict[str, Any]) -> None:
    if change.get("first_id") is not None:
        _revert_bulk(reg, change)
        return
    table, op, row_id = change["table"], change["op"], change["id"]
    # An entry written before migration m013 holds the English codes the rows had then.
    before, after = current_row(table, change["before"]), current_row(table, change["after"])
    current = reg.get(table, row_id)
    expected = None if op == "delete" else after
    if current != expected:
        raise CoordtrackError(f"bản ghi #{row_id} của bảng {table} đã bị thay đổi ngoài "
                              "coordtrack")
    if op == "insert":
        reg.delete(table, row_id)
    elif op == "delete":
        reg.insert(table, before)  # with its id: references to it hold again
    else:
        reg.update(table, row_id, {k: v for k, v in before.items() if k != "id"})


def undo(reg: Register, change_id: int | None = None) -> str:
    """Undo one change (default: the latest still in force); returns a Vietnamese summary."""
    with reg.transaction(UNDO_COMMAND, log=False):
        target = _target(reg, change_id)
        changes = json.loads(target["changes"])
        blocker = _blocking(reg, target, _touched(changes))
        if blocker is not None:
            raise CoordtrackError(
                f"Không thể hoàn tác thay đổi số {target['id']}: thay đổi số {blocker['id']} "
                f"({blocker['summary'] or blocker['command']}) sau đó đã sửa cùng bản ghi; "
                f"hãy hoàn tác thay đổi số {blocker['id']} trước."
            )
        try:
            for change in reversed(changes):
                _revert(reg, change)
        except sqlite3.IntegrityError as exc:
            raise CoordtrackError(
                f"Không thể hoàn tác thay đổi số {target['id']}: dữ liệu hiện tại còn phụ thuộc "
                f"vào nó ({_integrity_reason(exc)})."
            ) from exc
        except CoordtrackError as exc:
            raise CoordtrackError(
                f"Không thể hoàn tác thay đổi số {target['id']}: {exc.message}."
            ) from exc
        summary = f"Hoàn tác thay đổi số {target['id']}: {target['summary'] or target['command']}"
        # Logged here rather than by transaction(), to know the new entry's id in time.
        new_id = reg.write_history(UNDO_COMMAND, summary)
        if target["command"] == UNDO_COMMAND:
            # Undoing an undo brings the original change back into force.
            reg.conn.execute("UPDATE history SET undone_by = NULL WHERE undone_by = ?",
                             (target["id"],))
        reg.conn.execute("UPDATE history SET undone_by = ? WHERE id = ?", (new_id, target["id"]))
    what = target["summary"] or target["command"]
    return f"Đã hoàn tác thay đổi số {target['id']} ({what}); thay đổi này được ghi là số {new_id}."


def _integrity_reason(exc: sqlite3.IntegrityError) -> str:
    # SQLite says this in English; the clerk reads which kind of dependency is in the way.
    text = str(exc)
    if "FOREIGN KEY" in text:
        return "bản ghi khác đang tham chiếu đến bản ghi cần xóa hoặc khôi phục"
    if "UNIQUE" in text:
        column = text.rsplit(":", 1)[-1].strip()
        return f"đã có bản ghi khác cùng giá trị ở cột {column}"
    return "vi phạm ràng buộc của sổ đăng ký"
