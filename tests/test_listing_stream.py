"""Listings stream: rows are written as they are read, and the text is what it was."""

from __future__ import annotations

import io
import json
import math

import pytest

from coordtrack.cli import output


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
