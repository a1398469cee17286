"""Costs that must not grow with the register: counted in SQLite VM steps, not timed.

A register of 100,000 findings is built with executemany (seconds), then a meeting file is
imported and undone, and findings are removed. SQLite's progress handler counts the virtual
machine instructions each takes: with every foreign key indexed, that count depends on the
rows removed, not on the rows kept. Without an index on a column that references `findings`,
each deleted finding reads all 100,000 rows once per such column.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import FIXTURES, NEWS_FIXTURE

from coordtrack.exchange.import_any import import_source
from coordtrack.register import history
from coordtrack.register.file import Register, open_register
from coordtrack.register.migrations import fill_fts

BIG = 100_000
SMALL = 2_000
STAMP = "2026-01-01T00:00:00+07:00"
STEP = 100  # the progress handler runs once per this many VM instructions


def foreign_keys_without_index(conn: sqlite3.Connection) -> list[str]:
    missing = []
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'")]
    for table in tables:
        leading = set()
        for _, name, _, _, partial in conn.execute(f"PRAGMA index_list({table})"):
            columns = [r[2] for r in conn.execute(f"PRAGMA index_info({name})")]
            if columns and not partial:
                leading.add(columns[0])
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if fk[3] not in leading:
                missing.append(f"{table}.{fk[3]} -> {fk[2]}")
    return missing


def test_every_foreign_key_leads_an_index() -> None:
    reg = open_register(None)
    try:
        assert foreign_keys_without_index(reg.conn) == []
    finally:
        reg.close()


def build(path: Path, findings: int) -> Register:
    reg = open_register(path)
    conn = reg.conn
    meetings = findings // 50
    conn.execute("BEGIN")
    # The search index is filled at once afterwards, as the bulk path does (much faster).
    conn.execute("INSERT INTO search_paused (id) VALUES (1)")
    conn.executemany("INSERT INTO bodies (uid, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                     [(f"b{i}", f"Cơ quan {i}", STAMP, STAMP) for i in range(1, 51)])
    conn.executemany(
        "INSERT INTO meetings (uid, kind, title, held_on, created_at, updated_at) "
        "VALUES (?, 'sơ kết', ?, '2020-01-01', ?, ?)",
        [(f"m{i}", f"Hội nghị {i}", STAMP, STAMP) for i in range(1, meetings + 1)])
    # Every tenth shortcoming carries over an earlier one and every tenth task remedies one:
    # the self-references whose missing indexes made deletes scan the table.
    conn.executemany(
        "INSERT INTO findings (uid, kind, meeting_id, text, body_id, carried_over_from_id, "
        "remedies_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f"f{i}", "nhiệm vụ" if i % 2 else "tồn tại", (i - 1) // 50 + 1, f"Nội dung số {i}",
          i % 50 + 1, i - 10 if i % 10 == 0 and i > 10 else None,
          i - 5 if i % 10 == 5 and i > 10 else None,
          STAMP, STAMP) for i in range(1, findings + 1)])
    conn.execute("DELETE FROM search_paused")
    fill_fts(conn)
    conn.execute("COMMIT")
    return reg


def steps(conn: sqlite3.Connection, action) -> int:
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    conn.set_progress_handler(tick, STEP)
    try:
        action()
    finally:
        conn.set_progress_handler(None, STEP)
    return count * STEP


def import_then_undo(reg: Register) -> tuple[int, int]:
    before = reg.scalar("SELECT count(*) FROM findings")
    import_source(lambda: reg, str(FIXTURES[NEWS_FIXTURE]))
    added = reg.scalar("SELECT count(*) FROM findings") - before
    return added, steps(reg.conn, lambda: history.undo(reg))


def remove(reg: Register, ids: list[int]) -> int:
    def run() -> None:
        with reg.transaction("test remove", "Xóa thử"):
            for row_id in ids:
                reg.delete("findings", row_id)
    return steps(reg.conn, run)


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("scaling")
    small, big = build(folder / "small.db", SMALL), build(folder / "big.db", BIG)
    yield small, big
    small.close()
    big.close()


@pytest.mark.slow
def test_undo_of_a_meeting_import_does_not_grow_with_the_register(registers) -> None:
    small, big = registers
    added, small_steps = import_then_undo(small)
    added_big, big_steps = import_then_undo(big)
    assert added == added_big >= 20
    # 50× the findings: a scan per deleted row would multiply the count by about 50.
    assert big_steps < 1.5 * small_steps, (small_steps, big_steps)
    assert big_steps < 5_000 * added


@pytest.mark.slow
@pytest.mark.parametrize("count", [10, 100])
def test_removing_findings_costs_per_row_removed(registers, count: int) -> None:
    small, big = registers
    # Rows that reference nothing and that nothing references, spread over the register.
    pick = "SELECT id FROM findings WHERE id % 10 NOT IN (0, 5) AND id % 7 = 3 LIMIT ?"
    small_ids = [r[0] for r in small.conn.execute(pick, (count,))]
    big_ids = [r[0] for r in big.conn.execute(pick.replace("LIMIT", "AND id > 50000 LIMIT"),
                                              (count,))]
    small_steps, big_steps = remove(small, small_ids), remove(big, big_ids)
    assert big_steps < 1.5 * small_steps, (small_steps, big_steps)
    assert big_steps < 2_000 * count, big_steps


def test_csv_import_is_logged_as_id_ranges_and_undone(cli, tmp_path: Path) -> None:
    meeting = cli.import_fixture()
    before = cli.count("findings"), cli.count("finding_owners")
    path = tmp_path / "findings.csv"
    path.write_text(
        "kind,uid,meeting,text,owners\n"
        f"task,u-1,{meeting},Hoàn thành báo cáo,VPHU\n"
        f"shortcoming,,{meeting},Chậm gửi văn bản,\n"
        f"task,u-1,{meeting},Hoàn thành báo cáo quý,VPHU; VPHĐND-UBND\n", encoding="utf-8")
    cli.ok("import", str(path))
    rows = cli.rows("SELECT text, position FROM findings WHERE id > (SELECT max(id) - 2 "
                    "FROM findings) ORDER BY id")
    top = cli.rows("SELECT max(position) FROM findings WHERE meeting_id = ? AND id <= ?",
                   (meeting, before[0]))[0][0]
    # The second row naming u-1 edits the first, as a row-by-row import would.
    assert rows == [("Hoàn thành báo cáo quý", top + 1), ("Chậm gửi văn bản", top + 2)]
    assert cli.count("finding_owners") == before[1] + 2
    [(changes,)] = cli.rows("SELECT changes FROM history ORDER BY id DESC LIMIT 1")
    ops = [(c["table"], c["op"], c.get("count")) for c in json.loads(changes)]
    # New rows as one id range per table; only the edit of u-1 is logged row by row.
    assert ops[:2] == [("findings", "bulk_insert", 2), ("finding_owners", "bulk_insert", 1)]
    assert ops[2:] == [("findings", "update", None), ("finding_owners", "delete", None),
                       ("finding_owners", "insert", None), ("finding_owners", "insert", None)]
    cli.ok("undo")
    assert (cli.count("findings"), cli.count("finding_owners")) == before


def register_with_later_tasks(later: int) -> Register:
    """May 2024 with a few tasks of its own, and `later` tasks due and done months after it."""
    import coordtrack
    from coordtrack.register import records
    from coordtrack.register.recordtypes import RECORD_TYPES

    reg = open_register(None)
    coordtrack.add(reg, "body", {"name": "Văn phòng", "short_name": "VP"})
    march, may = (coordtrack.add(reg, "meeting", {"kind": "sơ kết", "title": f"Hội nghị {day}",
                                                  "date": day, "organisers": ["VP"]})
                  for day in ("2024-03-10", "2024-05-10"))
    autumn = coordtrack.add(reg, "meeting", {"kind": "sơ kết", "title": "Hội nghị tháng 9",
                                             "date": "2024-09-10", "organisers": ["VP"]})
    task = RECORD_TYPES["task"]
    with reg.transaction("test", "Thêm nhiệm vụ thử"):
        for meeting, due, done in [(may, "2024-05-20", None), (may, "2024-05-25", "2024-07-01"),
                                   (march, "2024-04-01", "2024-08-01"),
                                   (may, "2024-05-15", "2024-05-16")]:
            records.add(reg, task, {"meeting": meeting, "text": f"Nhiệm vụ hạn {due}",
                                    "owners": ["VP"], "due_on": due, "done_on": done})
        for i in range(later):
            records.add(reg, task, {"meeting": autumn, "text": f"Nhiệm vụ sau số {i}",
                                    "owners": ["VP"], "due_on": "2024-10-01",
                                    "done_on": "2024-11-01"})
    return reg


def test_monthly_report_does_not_read_the_tasks_of_later_months() -> None:
    # Tasks done after the month still count as open at its end (due in it, or overdue);
    # finding those must not walk every task done since, which is most of an old register.
    from datetime import date

    from coordtrack.documents.data import monthly_data

    counted = []
    for later in (0, 1_000):
        reg = register_with_later_tasks(later)
        try:
            report: dict = {}
            cost = steps(reg.conn, lambda r=reg, out=report: out.update(
                monthly_data(r, date(2025, 1, 1), "2024-05")))
        finally:
            reg.close()
        counted.append(cost)
        assert (report["due_count"], report["overdue_count"], report["done_count"]) == (2, 3, 1)
    assert counted[1] - counted[0] < 2_000, counted
