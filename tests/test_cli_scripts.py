"""Cron and scripts: a missing register fails loudly, JSON for every read command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli

READ_COMMANDS = [
    ["status"],
    ["body", "list"],
    ["task", "list"],
    ["meeting", "show", "1"],
    ["report", "monthly", "--month", "last"],
    ["report", "followup"],
    ["followup"],
    ["report", "news", "--meeting", "1"],
    ["report", "summary", "--year", "2024"],
    ["search", "hội nghị"],
    ["export"],
    ["history"],
    ["check"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_a_read_of_a_missing_register_is_an_error(tmp_path, args):
    missing = tmp_path / "sai-ten.db"
    result = Cli(missing)(*args)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr == (
        f"Lỗi: Chưa có sổ đăng ký {missing} (chọn theo --db). Kiểm tra lại --db, "
        "COORDTRACK_DB hoặc db trong tệp cấu hình; tạo sổ mới bằng: coordtrack init.\n")
    assert not missing.exists()


def _chosen_by_env(tmp_path, monkeypatch) -> tuple[Path, str]:
    path = tmp_path / "sai.db"
    monkeypatch.setenv("COORDTRACK_DB", str(path))
    return path, "COORDTRACK_DB"


def _chosen_by_config(tmp_path, monkeypatch) -> tuple[Path, str]:
    path = tmp_path / "theo-cau-hinh.db"
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'db = "{path}"\n', encoding="utf-8")
    return path, f"tệp cấu hình {config}"


def _chosen_by_default(tmp_path, monkeypatch) -> tuple[Path, str]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from coordtrack.config import default_register_path

    return default_register_path(), "thư mục dữ liệu mặc định"


@pytest.mark.parametrize("chooser", [_chosen_by_env, _chosen_by_config, _chosen_by_default],
                         ids=["env", "config", "default"])
def test_the_error_says_how_the_register_was_chosen(tmp_path, monkeypatch, chooser):
    path, why = chooser(tmp_path, monkeypatch)
    result = Cli(tmp_path / "unused.db")("report", "monthly", db=False)
    assert result.exit_code == 1
    assert f"Chưa có sổ đăng ký {path} (chọn theo {why})." in result.stderr
    assert not path.exists()


def test_writes_and_init_still_create_the_register(tmp_path):
    cli = Cli(tmp_path / "moi.db")
    assert cli.ok("init").strip() == str(cli.db)
    assert cli.ok("status").startswith("Sổ đăng ký")
    assert "không có hoạt động nào" in cli.ok("report", "monthly", "--today", "2024-06-15")


# -- monthly report: as of the month's end ---------------------------------------------------
@pytest.fixture
def month_of_tasks(cli):
    cli.ok("meeting", "add", "Hội nghị giao ban", "--date", "2/5/2024")
    add = ["task", "add", "--meeting", "1"]
    cli.ok(*add, "--due-on", "31/5/2024", "lập danh sách", "--done-on", "5/6/2024")
    cli.ok(*add, "--due-on", "20/5/2024", "rà soát văn bản", "--done-on", "3/6/2024")
    cli.ok(*add, "--due-on", "31/5/2024", "tổng hợp số liệu", "--done-on", "31/5/2024")
    cli.ok(*add, "--due-on", "15/5/2024", "báo cáo quý")
    return cli


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if heading in line)
    body = []
    for line in lines[start + 1:]:
        if line[:1].isdigit() and ". " in line[:4]:
            break
        if line.strip():
            body.append(line.strip())
    return [lines[start].strip(), *body]


def test_a_task_finished_next_month_was_due_and_unfinished_this_month(month_of_tasks):
    text = month_of_tasks.ok("report", "monthly", "--month", "5/2024", "--today", "2024-06-10")
    assert _section(text, "đến hạn trong tháng") == [
        "5. Nhiệm vụ đến hạn trong tháng chưa hoàn thành: 3",
        "- Báo cáo quý (hạn 15/5/2024).",
        "- Rà soát văn bản (hạn 20/5/2024).",
        "- Lập danh sách (hạn 31/5/2024).",
    ]
    assert _section(text, "quá hạn chưa hoàn thành") == [
        "6. Nhiệm vụ quá hạn chưa hoàn thành (đến ngày 31/5/2024): 2",
        "- Báo cáo quý (hạn 15/5/2024, quá 16 ngày).",
        "- Rà soát văn bản (hạn 20/5/2024, quá 11 ngày).",
    ]
    assert "Nhiệm vụ hoàn thành trong tháng: 1" in text


def test_next_month_counts_them_as_done(month_of_tasks):
    text = month_of_tasks.ok("report", "monthly", "--month", "6/2024", "--today", "2024-07-01")
    assert "Nhiệm vụ hoàn thành trong tháng: 2" in text
    assert "Nhiệm vụ quá hạn chưa hoàn thành (đến ngày 30/6/2024): 1" in text


def test_status_rule_of_a_task_open_at_a_day():
    from datetime import date

    from coordtrack.register.status import is_task_open_on

    done_next_month = {"status": "đã hoàn thành", "done_on": "2024-06-05"}
    assert is_task_open_on(done_next_month, date(2024, 5, 31))
    assert not is_task_open_on(done_next_month, date(2024, 6, 5))
    assert is_task_open_on({"status": "đang thực hiện", "done_on": None}, date(2024, 5, 31))


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("date"), reason="needs GNU date")
def test_the_readme_cron_line_names_the_reported_month_and_is_silent(tmp_path, cli):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    line = readme.split("```cron\n", 1)[1].split("\n", 1)[0]
    command = line.split(None, 5)[5].replace("\\%", "%")  # cron escapes % as \%
    assert " -q " in command
    cli.ok("meeting", "add", "Hội nghị giao ban", "--date", "2/5/2024")
    (tmp_path / "bao-cao").mkdir()
    # Run as cron would on 1 June 2024: `date` is pinned to that morning.
    command = (command.replace("/srv/vanphong/coordtrack.db", str(cli.db))
               .replace("/srv/vanphong", str(tmp_path))
               .replace("/opt/coordtrack/.venv/bin/coordtrack", f"{sys.executable} -m coordtrack")
               .replace("date -d 'last month'", "date -d '2024-06-01 07:00 last month'"))
    env = {**os.environ, "COORDTRACK_TODAY": "2024-06-01"}
    result = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    report = (tmp_path / "bao-cao" / "thang-2024-05.txt").read_text(encoding="utf-8")
    assert report.startswith("TÌNH HÌNH THỰC HIỆN QUY CHẾ PHỐI HỢP THÁNG 5 NĂM 2024\n")
    assert "Hội nghị đã tổ chức: 1" in report


# -- JSON for scripts ------------------------------------------------------------------------
@pytest.fixture
def office(cli):
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")
    cli.ok("body", "add", "Văn phòng HĐND và UBND huyện", "--short-name", "VPUB")
    cli.ok("agreement", "add", "Quy chế phối hợp", "--party", "VPHU", "--party", "VPUB")
    cli.ok("meeting", "add", "Hội nghị giao ban", "--date", "2/5/2024", "--organiser", "VPHU",
           "--organiser", "VPUB", "--chair", "Lê Công Phu - Chánh Văn phòng", "--agreement", "1",
           "--connection-point", "Hội trường A")
    cli.ok("task", "add", "--meeting", "1", "--owner", "VPUB", "--owner", "VPHU",
           "--due-on", "31/5/2024", "lập danh sách", "--done-on", "5/6/2024")
    cli.ok("shortcoming", "add", "--meeting", "1", "--body", "VPUB", "chậm gửi văn bản")
    return cli


TASK_JSON = {
    "type": "task", "type_label": "nhiệm vụ", "id": 1,
    "text": "lập danh sách",
    "meeting": {"id": 1, "title": "Hội nghị giao ban", "date": "2024-05-02"},
    "owners": [{"id": 2, "name": "Văn phòng HĐND và UBND huyện", "short_name": "VPUB"},
               {"id": 1, "name": "Văn phòng Huyện ủy", "short_name": "VPHU"}],
    "due_on": "2024-05-31", "status": "done", "status_label": "đã hoàn thành",
    "done_on": "2024-06-05", "remedies": None, "position": 1,
    "category": "done_late", "category_label": "đã hoàn thành quá hạn",
}


def _without_uid(record: dict) -> dict:
    assert len(record.pop("uid")) == 36
    return record


def test_task_json_shape_in_list_and_show(office):
    listed = json.loads(office.ok("task", "list", "--format", "json"))
    assert [_without_uid(r) for r in listed] == [TASK_JSON]
    shown = json.loads(office.ok("task", "show", "1", "--format", "json"))
    assert _without_uid(shown) == TASK_JSON


def test_meeting_json_has_arrays_of_objects(office):
    meeting = json.loads(office.ok("meeting", "show", "1", "-f", "json"))
    assert meeting["organisers"][1] == {"id": 2, "name": "Văn phòng HĐND và UBND huyện",
                                        "short_name": "VPUB"}
    assert meeting["chairs"] == [{"id": 1, "name": "Lê Công Phu", "titles": "Chánh Văn phòng"}]
    assert meeting["connection_points"] == ["Hội trường A"]
    assert meeting["online"] is False and meeting["date"] == "2024-05-02"
    assert [f["id"] for f in meeting["findings"]["task"]] == [1]
    assert meeting["agreements"] == [{"id": 1, "number": None, "title": "Quy chế phối hợp"}]
    assert meeting["findings"]["shortcoming"][0]["body"]["short_name"] == "VPUB"
    assert meeting["findings"]["shortcoming"][0]["status"] == "open"


def _record_types() -> list[str]:
    from coordtrack.register.recordtypes import RECORD_TYPES

    return list(RECORD_TYPES)


@pytest.mark.parametrize("rt", _record_types())
def test_every_record_type_has_one_shape(office, rt):
    office.ok("discussion", "add", "--meeting", "1", "đa số ý kiến thống nhất", "--value", "7")
    office.ok("commendation", "add", "--meeting", "1", "tặng giấy khen", "--from-body", "VPHU",
              "--recipients", "Tổ một cửa")
    office.ok("signing", "add", "--meeting", "1", "ký kết quy chế", "--agreement", "1",
              "--action", "ký kết")
    office.ok("achievement", "add", "--meeting", "1", "tiếp 40 lượt công dân", "--value", "40")
    office.ok("directive", "add", "--meeting", "1", "--speaker", "Lê Công Phu - Chánh Văn phòng",
              "giữ kỷ cương")
    office.ok("recommendation", "add", "--meeting", "1", "--from-body", "VPUB", "--to-body",
              "VPHU", "sớm hướng dẫn")
    listed = json.loads(office.ok(rt, "list", "-f", "json"))
    assert listed, rt
    lines = office.ok(rt, "list", "-f", "ndjson").splitlines()
    assert [json.loads(line) for line in lines] == listed
    for record in listed:
        assert record["type"] == rt and isinstance(record["id"], int)
        shown = json.loads(office.ok(rt, "show", str(record["id"]), "-f", "json"))
        shown.pop("findings", None)  # a meeting shows its findings too
        assert shown == record


def test_status_json(office):
    data = json.loads(office.ok("status", "--format", "json"))
    assert data["register"] == str(office.db) and data["chosen_by"] == "db_option"
    assert (data["task"], data["shortcoming"], data["open_shortcomings"]) == (1, 1, 1)
    assert data["last_meeting"] == {"id": 1, "title": "Hội nghị giao ban", "date": "2024-05-02"}


@pytest.mark.parametrize("args", [["followup"], ["report", "followup"],
                                  ["report", "monthly", "--month", "5/2024"],
                                  ["report", "summary", "--year", "2024"],
                                  ["report", "news", "--meeting", "1"]])
def test_reports_give_json(office, args):
    data = json.loads(office.ok(*args, "--format", "json", "--today", "2024-06-10")
                      if args[0] != "report" or args[1] != "news"
                      else office.ok(*args, "--format", "json"))
    assert isinstance(data, dict) and data


def test_followup_json_codes_beside_labels(office):
    data = json.loads(office.ok("followup", "-f", "json", "--today", "2024-06-10"))
    shortcoming = data["groups"][0]["shortcomings"][0]
    assert (shortcoming["status"], shortcoming["status_label"]) == ("open", "chưa khắc phục")


def test_task_list_csv_has_a_bom_and_goes_to_a_file(office, tmp_path):
    assert office.ok("task", "list", "--format", "csv").startswith("\ufeffid,text,")
    target = tmp_path / "nhiem-vu.csv"
    result = office("task", "list", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Đã ghi {target}.\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffid,text,") and "lập danh sách" in text
    ndjson = tmp_path / "nhiem-vu.ndjson"
    office.ok("task", "list", "-o", str(ndjson))
    assert json.loads(ndjson.read_text(encoding="utf-8"))["id"] == 1


# -- progress of long work -------------------------------------------------------------------
def _big_meeting(tmp_path: Path, findings: int = 300) -> Path:
    lines = ["meeting:", "  title: Hội nghị lớn", "  date: 1/1/2024", "findings:"]
    lines += [f"  - kind: achievement\n    text: kết quả số {i}" for i in range(findings)]
    path = tmp_path / "lon.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_an_import_shows_progress_on_a_terminal(tmp_path):
    import pty

    source = _big_meeting(tmp_path)
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "coordtrack", "--db", str(tmp_path / "a.db"),
                             "import", str(source)], stdout=subprocess.PIPE, stderr=child,
                            stdin=subprocess.DEVNULL, env={**os.environ, "TERM": "xterm"})
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "\rĐang nhập " in text.replace("\x1b[2K", "")  # the spinner line, redrawn
    assert "thêm 1 hội nghị; 300 kết quả" in text


def test_nothing_but_the_confirmation_on_a_pipe(cli, tmp_path):
    source = _big_meeting(tmp_path)
    result = cli("import", str(source))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Đã nhập {source}: thêm 1 hội nghị; 300 kết quả")
    assert len(result.stderr.splitlines()) == 1 and "Đang nhập" not in result.stderr
    assert "Đang nhập" not in cli("-q", "import", str(source)).stderr
