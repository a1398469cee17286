"""Every bad input: one clear Vietnamese line on stderr, exit 1 (2 for usage), nothing changed."""

from __future__ import annotations

import sqlite3

import pytest

BAD_YAML = "meeting:\n  title: Hội nghị\n  date: 23/5/2024\n   bad: [\n"
NOT_A_MAPPING = "- một\n- hai\n"
AMBIGUOUS_VALUE = ("meeting:\n  title: Hội nghị\n  date: 23/5/2024\nfindings:\n"
                   "  - kind: achievement\n    text: abc\n    value: 2.5\n")
SAME_UID_TWICE = ("meeting:\n  title: Hội nghị\n  date: 23/5/2024\nfindings:\n"
                  "  - {uid: 0b0e9c8e-0000-4000-8000-000000000001, kind: task, text: a}\n"
                  "  - {uid: 0b0e9c8e-0000-4000-8000-000000000001, kind: task, text: b}\n")
SAME_MEETING_EMPTIED = "meeting:\n  title: Hội nghị đánh giá\n  date: 23/5/2024\n"
BAD_KIND = ("meeting:\n  title: Hội nghị\n  date: 23/5/2024\nfindings:\n"
            "  - kind: vinh danh\n    text: abc\n")

CASES = [
    # (args, exit code, part of the message)
    (["body", "show", "99"], 1, "Không tìm thấy cơ quan số 99"),
    (["shortcoming", "add", "--meeting", "1", "--body", "XYZ", "chậm"], 1,
     "Không tìm thấy cơ quan 'XYZ'"),
    (["meeting", "add", "Hội nghị", "--date", "31/2/2024"], 1, "Ngày"),
    (["meeting", "add", "Hội nghị", "--date", "5/23/2024"], 1, "5/23/2024"),
    (["meeting", "add", "Hội nghị", "--date", "hôm qua"], 1, "hôm qua"),
    (["body", "add", "   "], 1, "không được để trống"),
    (["body", "add", "Cơ quan mới", "--level", "quận"], 1, "không hợp lệ"),
    (["achievement", "add", "--meeting", "1", "kết quả", "--value", "nhiều"], 1,
     "không phải là số"),
    (["achievement", "add", "--meeting", "42", "kết quả"], 1, "Không tìm thấy hội nghị số 42"),
    (["task", "show", "1"], 1, "không phải nhiệm vụ"),
    (["body", "add", "Văn phòng Huyện ủy"], 1, "Đã có cơ quan"),
    (["body", "remove", "VPHU"], 1, "Không thể xóa"),
    (["meeting", "add", "Hội nghị", "--date", "1/1/2024", "--period", "quý 5"], 1, "Kỳ"),
    (["meeting", "add", "Hội nghị", "--date", "1/1/2024", "--part-of-day", "đêm khuya"], 1,
     "Buổi"),
    (["body", "list", "--format", "xml"], 2, "Định dạng 'xml'"),
    (["body", "list", "--bogus"], 2, "Không có tùy chọn"),
    (["body", "add"], 2, "Thiếu đối số"),
    (["body", "edit", "1"], 2, "Chưa có gì để sửa"),
    (["meeting", "list", "--from", "32/1/2024"], 1, "--from"),
    (["shortcoming", "list", "--status", "tốt"], 1, "Tình trạng 'tốt'"),
    (["import", "không-có-tệp.yaml"], 1, "Không tìm thấy tệp"),
    (["import", "-"], 1, "YAML sai cú pháp", BAD_YAML),
    (["import", "-"], 1, "bảng khóa", NOT_A_MAPPING),
    (["import", "-"], 1, "'kind' phải là", BAD_KIND),
    (["import", "-"], 1, "tệp rỗng", ""),
    (["shortcoming", "resolve", "2", "--on", "30/2/2024"], 1, "--on"),
    (["task", "done", "2"], 1, "không phải nhiệm vụ"),
    (["body", "add", "Cơ quan\x00ẩn"], 1, "NUL"),
    (["body", "list", "--limit", "0"], 2, "--limit"),
    (["person", "show", "Người Lạ"], 1, "Không tìm thấy người 'Người Lạ'"),
    (["agreement", "add", "Quy chế", "--valid-from", "1/1/2025", "--valid-to", "1/1/2024"], 1,
     "hết hiệu lực"),
    (["meeting", "add", "Hội nghị", "--date", "1/1/2024", "--online", "--chair", " - HUV"], 1,
     "Thiếu họ tên"),
    # Issue 10: data that changes without asking.
    (["achievement", "add", "--meeting", "1", "kết quả", "--value", "2.5"], 1,
     "đọc được hai cách"),
    (["import", "-"], 1, "đọc được hai cách", AMBIGUOUS_VALUE),
    (["import", "-"], 1, "mỗi mục một uid riêng", SAME_UID_TWICE),
    (["shortcoming", "resolve", "2", "--on", "1/1/2099"], 1, "1/1/2099 ở tương lai"),
    (["directive", "add", "--meeting", "1", "chỉ đạo", "--speaker",
      "Phạm Đức Long, Chủ tịch UBND xã"], 1, "cách nhau bằng dấu gạch ngang"),
    (["shortcoming", "list", "--body", "Van phong Huyen uj"], 1,
     "Có phải Văn phòng Huyện ủy (số 1)?"),
    (["task", "add", "--meeting", "1", "việc", "--due-on", "1/1/2024"], 1,
     "trước ngày hội nghị giao nhiệm vụ (23/5/2024)"),
    (["import", "--prune", "-"], 1, "nhập lại sẽ xóa hoặc ghi đè 2 mục", SAME_MEETING_EMPTIED),
]


def _dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def register(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")
    cli.ok("meeting", "add", "Hội nghị đánh giá", "--date", "23/5/2024", "--organiser", "VPHU")
    cli.ok("achievement", "add", "--meeting", "1", "kết quả tốt")
    cli.ok("shortcoming", "add", "--meeting", "1", "chậm gửi văn bản")
    return cli


# Issue 10, "cron and scripts" and "finding one's way" (kept apart to merge cleanly).
CASES += [
    (["--db", "sai-ten-so.db", "task", "list"], 1, "Chưa có sổ đăng ký sai-ten-so.db (chọn theo "
     "--db)"),
    (["--db", "sai-ten-so.db", "report", "monthly"], 1, "Chưa có sổ đăng ký"),
    (["meetng", "list"], 2, "Không có lệnh 'meetng'. Có phải ý bạn là 'meeting'?"),
    (["hoi-nghi", "remove", "9", "-q"], 1, "Không tìm thấy hội nghị số 9"),
    (["status", "--format", "csv"], 2, "Định dạng 'csv' không hỗ trợ"),
    (["nhiem-vu", "list", "--format", "xml"], 2, "Định dạng 'xml'"),
    (["task", "list", "-o", "/khong-co-thu-muc/nhiem-vu.csv"], 1, "không tồn tại"),
    (["search", "!!!"], 2, "không có chữ hoặc số"),
]


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c[0])[:40] for c in CASES])
def test_bad_input(register, case):
    args, code, message = case[:3]
    stdin = case[3] if len(case) > 3 else None
    before = _dump(register.db)
    result = register(*args, input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Lỗi: ")
    assert message in lines[0]
    assert _dump(register.db) == before


@pytest.mark.parametrize("args", [
    ["reindex"], ["undo"], ["task", "edit", "1", "--due-on", "1/1/2025"],
    ["shortcoming", "remove", "1"], ["task", "done", "1"], ["shortcoming", "resolve", "1"],
    ["meeting", "edit", "1"],
])
def test_a_change_to_a_mistyped_register_is_refused_and_creates_no_file(cli, tmp_path, args):
    missing = tmp_path / "sai-ten-so.db"
    result = cli("--db", str(missing), *args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith(f"Lỗi: Chưa có sổ đăng ký {missing} (chọn theo --db).")
    assert not missing.exists()
