"""Listings stream: rows are written as they are read, and the text is what it was."""

from __future__ import annotations

import io
import json
import math
import sqlite3
from datetime import date, timedelta

import pytest

from coordtrack import vietnamese as vi
from coordtrack.cli import output
from coordtrack.cli.records import _list_columns
from coordtrack.register import records
from coordtrack.register.file import open_register
from coordtrack.register.recordtypes import RECORD_TYPES


def rows(n: int):
    for i in range(1, n + 1):
        yield {"id": i, "text": f"Nội dung số {i}", "due_on": "2024-05-03"}


COLUMNS = [("id", "Số"), ("text", "Nội dung"), ("due_on", "Hạn")]


@pytest.mark.parametrize("items", [
    [], [{}], [1, "s"], [{"a": 1, "b": 'x\ny"\\', "c": None, "d": True, "e": -0.0, "f": 1e20}],
    [{"a": [1, 2], "b": {"c": None}}, {"a": "ệ"}], [{"n": math.nan}],
])
def test_json_array_is_the_text_json_dumps_writes(items) -> None:
    out = io.StringIO()
    output.write_json_array(out, items)
    assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(("text", "width"), [
    ("Nguyễn Thị Ánh", 14), ("ĐẢNG ỦY", 7), ("Nguye\u0302\u0303n", 6), ("会议", 4), ("", 0),
])
def test_width_counts_what_a_terminal_shows(text: str, width: int) -> None:
    assert output._width(text) == width


def test_plain_listing_is_not_held_in_memory_before_it_is_written() -> None:
    out = io.StringIO()
    written = []

    def watched(n: int):
        for row in rows(n):
            written.append(len(out.getvalue()))
            yield row

    output.emit_rows(watched(3 * output.PLAIN_WINDOW), COLUMNS, "plain", out=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Số    Nội dung          Hạn"
    assert lines[1] == "1     Nội dung số 1     3/5/2024"
    assert lines[-1] == "3000  Nội dung số 3000  3/5/2024"
    # By the time the last row was read, the rows of the first window were already out.
    assert written[-1] > 0


def test_table_on_a_terminal_shows_the_first_rows_and_says_how_to_see_all(capsys) -> None:
    out = io.StringIO()
    output.emit_rows(rows(output.TABLE_ROWS + 1), COLUMNS, "table", out=out)
    shown = out.getvalue()
    assert f"Nội dung số {output.TABLE_ROWS}" in shown
    assert f"Nội dung số {output.TABLE_ROWS + 1}" not in shown
    assert capsys.readouterr().err == (
        f"Chỉ hiện {output.TABLE_ROWS} dòng đầu; xem hết: thêm --format plain rồi chuyển qua "
        "less, hoặc chọn số dòng bằng --limit.\n")


# -- SQLite says the cells of a long plain listing: each SQL twin equals its Python rule ----
def _said(sql_of, value):
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (?)", (value,))
        return conn.execute(f"SELECT {sql_of('t.x')} FROM t").fetchone()[0]
    finally:
        conn.close()


ODD_DATES = ["2024-02-30", "2023-02-29", "0000-01-01", "2024-13-01", "2024-00-10",
             "2024-W01-1", "abcd-ef-gh", "2024-1-011", "2024-05", "--05-23", "", "2024-05-23 "]


def test_news_date_in_sql_is_news_date() -> None:
    day, checked = date(2023, 12, 25), 0
    while day < date(2025, 1, 7):
        assert _said(vi.news_date_sql, day.isoformat()) == vi.news_date(day.isoformat())
        day += timedelta(days=1)
        checked += 1
    for text in ["0001-01-01", "9999-12-31", "0999-03-04", "2024-02-29", *ODD_DATES]:
        try:
            expected = vi.news_date(text) if len(text) == 10 else None
        except ValueError:
            expected = None
        assert _said(vi.news_date_sql, text) == expected, text
    assert checked > 365


@pytest.mark.parametrize("value", [0, 7, 999, 1000, -1000, 1234567, -(2 ** 63), 2 ** 63 - 1])
def test_number_in_sql_is_number(value: int) -> None:
    assert _said(vi.number_sql, value) == vi.number(value)


@pytest.mark.parametrize("key", ["id", "position", "meeting", "due_on", "date", "text", "at"])
@pytest.mark.parametrize("value", [None, 0, 1234, -5, "văn bản", "", "2024-05-03", "2024-5-3",
                                   *ODD_DATES, 2.5, 3.0, b"\x00"])
def test_display_in_sql_is_display_or_leaves_it_to_display(key: str, value) -> None:
    sql = output.display_sql(key, "t.x")
    if sql is None:
        assert key == "at"
        return
    said = _said(lambda x: output.display_sql(key, x), value)
    if said is not None:  # NULL: the value goes through `display` itself
        assert said == output.display(value, key)
    else:
        assert isinstance(value, float | bytes) or key.endswith(output._DATE_KEYS)


def test_the_fast_line_check_is_the_complement_of_what_needs_care() -> None:
    for code in range(0x110000):
        c = chr(code)
        assert bool(output._PLAIN.fullmatch(c)) == (output._NOT_PLAIN.search(c) is None), code


TRICKY = ["tiếp công dân, văn thư", "dòng một\ndòng hai", "\x1b[31mđỏ", "会议 phối hợp",
          "Nguye\u0302\u0303n", "=1+2", "bình thường"]


def test_plain_task_list_said_by_sqlite_is_the_text_python_writes(cli, monkeypatch) -> None:
    cli.ok("body", "add", "--short-name", "VPHU", "Văn phòng Huyện ủy")
    cli.ok("meeting", "add", "--kind", "giao ban", "--date", "2/1/2024", "Giao ban")
    for i in range(16):
        cli.ok("task", "add", "--meeting", "1", "--owner", "VPHU", "--due-on",
               f"{i % 28 + 1}/2/2024", f"nhiệm vụ {i}")
    conn = sqlite3.connect(cli.db)
    with conn:  # as another tool may write: control characters, a date that is no date,
        # a fraction where a number belongs (said by Python, not SQLite)
        for i, text in enumerate(TRICKY, start=7):
            conn.execute("UPDATE findings SET text = ? WHERE id = ?", (text, i))
        conn.execute("UPDATE findings SET due_on = '2024-02-30' WHERE id = 3")
        conn.execute("UPDATE findings SET meeting_id = 2.5 WHERE id = 4")
        conn.execute("UPDATE findings SET meeting_id = 12345 WHERE id = 5")
        conn.execute("UPDATE findings SET meeting_id = NULL WHERE id = 6")
    conn.close()
    monkeypatch.setattr(output, "PLAIN_WINDOW", 7)  # most rows laid out by SQLite
    for args, limit in ((["--overdue"], None), ([], None), ([], 10), (["--overdue"], 3)):
        more = ["--limit", str(limit)] if limit else []
        listed = cli.ok("task", "list", *args, *more, "--format", "plain")
        reg = open_register(cli.db, write=False)
        rt = RECORD_TYPES["task"]
        out = io.StringIO()
        output.emit_rows(records.iter_records(reg, rt, {"overdue": bool(args)}, limit=limit),
                         _list_columns(rt), "plain", out=out)
        reg.close()
        assert listed == out.getvalue()
        assert len(listed.splitlines()) == 1 + (limit or 16)
        if limit:
            continue
        assert "2,5" in listed and "12.345" in listed and "30/2/2024" not in listed
        assert "␛[31mđỏ" in listed and "dòng một dòng hai" in listed
