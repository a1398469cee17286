"""coordtrack as a Python library: the API in coordtrack/__init__.py, used without the CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import coordtrack
from coordtrack.resources import fixture_files

FIXTURE = next(p for p in fixture_files() if p.name == "2024-05-23-vphu-vp-hdnd-ubnd.yaml")


@pytest.fixture
def reg(tmp_path: Path):
    with coordtrack.open_register(tmp_path / "so.db") as register:
        yield register


def test_add_list_get_edit_remove(reg):
    vphu = coordtrack.add(reg, "body", {"name": "Văn phòng Huyện ủy", "short_name": "VPHU",
                                        "level": "huyện"})
    coordtrack.add(reg, "person", {"name": "Lê Công Phu", "titles": "Chánh Văn phòng",
                                   "body": "VPHU"})
    assert [(b["id"], b["short_name"]) for b in coordtrack.list_records(reg, "body")] == \
        [(vphu, "VPHU")]
    assert [p["name"] for p in coordtrack.list_records(reg, "person", body="VPHU")] == \
        ["Lê Công Phu"]
    assert coordtrack.edit(reg, "body", "VPHU", {"level": "tỉnh"}) is True
    assert coordtrack.edit(reg, "body", "VPHU", {"level": "tỉnh"}) is False
    assert coordtrack.get(reg, "body", vphu)["level"] == "tỉnh"
    with pytest.raises(coordtrack.CoordtrackError) as refused:
        coordtrack.remove(reg, "body", "VPHU")
    assert refused.value.code == "referenced"
    coordtrack.remove(reg, "person", "Lê Công Phu")
    coordtrack.remove(reg, "body", "VPHU")
    assert coordtrack.list_records(reg, "body") == []


def test_import_a_meeting_file_and_render_its_news(reg):
    result = coordtrack.import_meeting_file(reg, FIXTURE)
    assert result.meeting_id == 1
    assert result.summary().startswith("thêm 8 cơ quan")
    again = coordtrack.import_meeting_file(reg, FIXTURE)
    assert again.summary() == "không có thay đổi (tệp đã được nhập trước đó)"
    tasks = coordtrack.list_records(reg, "task", meeting=1, today=date(2024, 6, 1))
    assert tasks and {t["category"] for t in tasks} == {"chưa hoàn thành trong hạn"}
    text = coordtrack.render(reg, "news", meeting=result.meeting_id, fmt="md")
    assert text.startswith("# Hội nghị đánh giá kết quả thực hiện Quy chế phối hợp")
    docx = coordtrack.render(reg, "news", meeting=1, fmt="docx")
    assert docx[:2] == b"PK"


@pytest.mark.parametrize(("call", "code", "message"), [
    (lambda reg: coordtrack.get(reg, "body", 99), "not_found", "Không tìm thấy cơ quan số 99."),
    (lambda reg: coordtrack.add(reg, "meeting", {"title": "Hội nghị", "date": "31/2/2024"}),
     "invalid_value", "Ngày"),
    (lambda reg: coordtrack.add(reg, "body", {"level": "huyện"}), "missing_value",
     "Tên: không được để trống."),
    (lambda reg: coordtrack.add(reg, "file", {}), "unknown_kind", "Loại bản ghi 'file'"),
    (lambda reg: coordtrack.render(reg, "letter"), "unknown_document", "Văn bản 'letter'"),
    (lambda reg: coordtrack.render(reg, "news"), "missing_value", "Thiếu hội nghị."),
])
def test_errors_carry_a_code_and_the_vietnamese_message(reg, call, code, message):
    with pytest.raises(coordtrack.CoordtrackError) as failure:
        call(reg)
    assert failure.value.code == code
    assert failure.value.message.startswith(message)


def test_a_bad_meeting_file_lists_every_problem(reg, tmp_path: Path):
    bad = tmp_path / "hoi-nghi.yaml"
    bad.write_text("meeting:\n  title: Hội nghị\nfindings:\n  - kind: tin đồn\n",
                   encoding="utf-8")
    with pytest.raises(coordtrack.CoordtrackError) as failure:
        coordtrack.import_meeting_file(reg, bad)
    assert failure.value.code == "invalid_file"
    # A meeting without a date is allowed (the article said "vừa qua", issue 9).
    assert failure.value.errors == [
        "findings[1]: 'kind' phải là một trong: kết quả (achievement), tồn tại (shortcoming), "
        "chỉ đạo (directive), kiến nghị (recommendation), nhiệm vụ (task), thảo luận "
        "(discussion), khen thưởng (commendation), ký kết (signing).",
    ]
    assert coordtrack.list_records(reg, "meeting") == []


def test_the_library_does_not_load_the_cli(tmp_path: Path):
    # The core never imports Typer: a program using the API does not pay for the CLI.
    script = (
        "import sys, coordtrack\n"
        f"reg = coordtrack.open_register({str(tmp_path / 'so.db')!r})\n"
        f"coordtrack.import_meeting_file(reg, {str(FIXTURE)!r})\n"
        "coordtrack.render(reg, 'news', meeting=1)\n"
        "reg.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'typer'"
        " or m.startswith('coordtrack.cli')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
