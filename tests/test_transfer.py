"""Export and import: JSON/YAML round trips, merging by uid, CSV for Excel, CSV findings import."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import FIXTURES, Cli
from hypothesis import given
from hypothesis import strategies as st

from coordtrack.exchange import register_export as transfer
from coordtrack.exchange.register_export import EXPORT_TABLES
from coordtrack.register.file import open_register

TABLES = EXPORT_TABLES


def records(cli: Cli, *args: str) -> dict:
    return json.loads(cli.ok("export", *args))["records"]


def contents(cli: Cli) -> dict[str, list[tuple]]:
    """Every table, integer ids replaced by the uids they stand for (as the export does)."""
    return {t: [tuple(sorted(r.items())) for r in rows] for t, rows in records(cli).items()}


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_round_trip_into_an_empty_register(demo_cli, tmp_path, fmt):
    demo_cli.ok("shortcoming", "resolve", "53", "--on", "1/6/2024")
    demo_cli.ok("task", "add", "--meeting", "3", "--remedies", "53", "--owner", "VPHU",
                "khắc phục việc gửi văn bản")
    first = tmp_path / f"a.{fmt}"
    demo_cli.ok("export", "--format", fmt, "-o", str(first))
    other = Cli(tmp_path / "empty.db")
    other.ok("import", str(first))
    assert records(other) == records(demo_cli)
    second = tmp_path / f"b.{fmt}"
    other.ok("export", "--format", fmt, "-o", str(second))

    def body(path):
        return [line for line in path.read_text(encoding="utf-8").splitlines()
                if "exported_at" not in line]

    assert body(first) == body(second)
    for table in TABLES:
        assert other.count(table) == demo_cli.count(table)
    # The search index came along through the triggers.
    assert other.ok("search", "van ban", "-f", "json") == \
        demo_cli.ok("search", "van ban", "-f", "json")
    # Importing the same export again changes nothing.
    before = other.count("history")
    assert "không có thay đổi" in other("import", str(first)).stderr
    assert other.count("history") == before


def test_merge_two_registers_without_duplicates(tmp_path):
    names = sorted(FIXTURES)
    a, b, both = Cli(tmp_path / "a.db"), Cli(tmp_path / "b.db"), Cli(tmp_path / "c.db")
    for name in names[:2]:
        a.import_fixture(name)
    for name in names[1:]:
        b.import_fixture(name)
    for name in names:
        both.import_fixture(name)
    exported = tmp_path / "b.json"
    b.ok("export", "-o", str(exported))
    a.ok("import", str(exported))
    for table in TABLES:
        assert a.count(table) == both.count(table), table
    for table in ("bodies", "people", "agreements", "meetings", "findings"):
        assert a.rows(f"SELECT count(DISTINCT uid) = count(*) FROM {table}") == [(1,)]
    def comparable(cli):
        skip = {"created_at", "updated_at"}
        return {t: sorted(repr([p for p in r if p[0] not in skip]) for r in rows)
                for t, rows in contents(cli).items()}

    assert comparable(a) == comparable(both)


def test_local_newer_copy_wins_a_merge(demo_cli, tmp_path):
    exported = tmp_path / "old.json"
    demo_cli.ok("export", "-o", str(exported))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    body = doc["records"]["bodies"][0]
    body["level"] = "xã"
    body["updated_at"] = "2000-01-01T00:00:00+00:00"
    exported.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    demo_cli.ok("import", str(exported))
    assert demo_cli.rows("SELECT level FROM bodies WHERE uid = ?", (body["uid"],)) != [("xã",)]


def test_partial_exports_stand_on_their_own(demo_cli, tmp_path):
    part = tmp_path / "m3.json"
    demo_cli.ok("export", "--meeting", "3", "-o", str(part))
    doc = json.loads(part.read_text(encoding="utf-8"))["records"]
    assert len(doc["meetings"]) == 1
    assert {f["meeting_uid"] for f in doc["findings"]} == {doc["meetings"][0]["uid"]}
    other = Cli(tmp_path / "o.db")
    other.ok("import", str(part))
    assert other.count("findings") == demo_cli.rows(
        "SELECT count(*) FROM findings WHERE meeting_id = 3")[0][0]
    only = records(demo_cli, "--kind", "shortcoming")
    assert only["findings"] and {f["kind"] for f in only["findings"]} == {"tồn tại"}
    assert only["meetings"]  # the meetings they were recorded at come along
    bodies = records(demo_cli, "--kind", "body")
    assert len(bodies["bodies"]) == demo_cli.count("bodies") and not bodies["findings"]
    bad = demo_cli("export", "--kind", "nope")
    assert bad.exit_code == 2 and "--kind" in bad.stderr


def test_import_refuses_a_broken_export_and_writes_nothing(demo_cli, tmp_path):
    doc = {"format": "coordtrack-export/1", "records": {
        "bodies": [{"uid": "b-1", "name": "Cơ quan mới", "created_at": "x", "updated_at": "x"}],
        "people": [{"uid": "p-1", "name": "Ai đó", "body_uid": "không-có",
                    "created_at": "x", "updated_at": "x"}],
        "meetings": [{"uid": "m-1", "title": "Thiếu ngày", "kind": "khác", "created_at": "x",
                      "updated_at": "x", "colour": "đỏ"}],
    }}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = {t: demo_cli.count(t) for t in (*TABLES, "history")}
    result = demo_cli("import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert {t: demo_cli.count(t) for t in (*TABLES, "history")} == before
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "khác/9", "records": {}}', encoding="utf-8")
    assert "coordtrack-export/1" in demo_cli("import", str(wrong)).stderr


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


DANGEROUS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3+cmd", "@SUM(A1)"]


def test_csv_export_opens_in_excel_and_neutralises_formulas(demo_cli, tmp_path):
    for text in DANGEROUS:
        demo_cli.ok("achievement", "add", "--meeting", "1", f"--unit={text}", "--", text)
    path = tmp_path / "out.csv"
    demo_cli.ok("export", "--format", "csv", "--kind", "achievement", "-o", str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Đảng".encode() in raw
    rows = read_csv(raw.decode("utf-8"))
    cells = {r["text"] for r in rows} | {r["unit"] for r in rows}
    for text in DANGEROUS:
        assert "'" + text in cells and text not in cells
    assert {r["kind"] for r in rows} == {"kết quả"}
    for value in ("\tx", "\rx", "=1", "＝1"):
        assert transfer.neutralise(value) == "'" + value
    assert transfer.neutralise("bình thường") == "bình thường"
    assert transfer.neutralise(-5) == -5
    everything = read_csv(demo_cli.ok("export", "--format", "csv"))
    assert {r["kind"] for r in everything} >= {"cơ quan", "người", "hội nghị", "nhiệm vụ"}


def write(path, rows: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


def test_csv_findings_import(cli, tmp_path):
    meeting = cli.import_fixture()
    uid = cli.rows("SELECT uid FROM meetings WHERE id = ?", (meeting,))[0][0]
    path = tmp_path / "f.csv"
    write(path, [
        ["kind", "meeting", "text", "due_on", "owners", "value", "unit", "Nguyên nhân"],
        ["task", str(meeting), "rà soát quy chế", "31/12/2024", "VPHU; VPHĐND-UBND", "", "", ""],
        ["kết quả", uid, "'=tổ chức 8 kỳ họp", "", "", "8", "kỳ họp", ""],
        ["shortcoming", str(meeting), "còn chậm", "", "", "", "", "thiếu người"],
        ["", "", "", "", "", "", "", ""],
    ], delimiter=";")
    before = cli.count("findings")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "thêm" in result.stderr
    assert cli.count("findings") == before + 3
    assert cli.rows("SELECT value, unit FROM findings WHERE text = '=tổ chức 8 kỳ họp'") == \
        [(8.0, "kỳ họp")]
    assert cli.rows("SELECT count(*) FROM finding_owners o JOIN findings f ON f.id = "
                    "o.finding_id WHERE f.text = 'rà soát quy chế'") == [(2,)]
    assert cli.rows("SELECT cause FROM findings WHERE text = 'còn chậm'") == [("thiếu người",)]
    # Round trip through the CSV export: same rows, updated in place by uid.
    exported = tmp_path / "tasks.csv"
    cli.ok("export", "--format", "csv", "--kind", "task", "-o", str(exported))
    count = cli.count("findings")
    assert cli("import", str(exported)).exit_code == 0
    assert cli.count("findings") == count


def test_csv_import_reports_every_bad_row_and_writes_nothing(cli, tmp_path):
    meeting = cli.import_fixture()
    path = tmp_path / "bad.csv"
    write(path, [
        ["kind", "meeting", "text", "due_on", "value"],
        ["task", str(meeting), "được", "31/12/2024", ""],
        ["bogus", str(meeting), "x", "", ""],
        ["achievement", "999", "", "", "abc"],
        ["achievement", str(meeting), "y", "31/12/2024", ""],
        ["task", str(meeting), "z", "32/13/2024", ""],
    ])
    before = {t: cli.count(t) for t in (*TABLES, "history")}
    result = cli("import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert "dòng 3, cột 'kind'" in err
    assert "dòng 4, cột 'meeting'" in err and "dòng 4, cột 'value'" in err
    assert "dòng 4, cột 'text'" in err
    assert "dòng 5, cột 'due_on'" in err
    assert "dòng 6, cột 'due_on'" in err
    assert "dòng 2" not in err
    assert {t: cli.count(t) for t in (*TABLES, "history")} == before
    unknown = tmp_path / "cols.csv"
    write(unknown, [["kind", "text", "màu"], ["task", "x", "đỏ"]])
    result = cli("import", str(unknown))
    assert result.exit_code == 1 and "màu" in result.stderr
    assert "không tìm thấy" in cli("import", str(tmp_path / "none.csv")).stderr.lower()


@given(st.text())
def test_formula_guard_and_unguard_are_exact_inverses(text):
    assert transfer.unneutralise(transfer.neutralise(text)) == text


def test_text_typed_with_an_apostrophe_survives_the_csv_round_trip(cli, tmp_path):
    meeting = cli.import_fixture()
    typed = ["'=A1 là ô Excel", "'bình thường'", "''=hai dấu", "=A1+1"]
    for text in typed:
        cli.ok("task", "add", "--meeting", str(meeting), "--", text)
    path = tmp_path / "tasks.csv"
    cli.ok("export", "--format", "csv", "--kind", "task", "-o", str(path))
    cli.db.unlink()
    cli.import_fixture()
    cli.ok("import", str(path))
    stored = {r[0] for r in cli.rows("SELECT text FROM findings WHERE kind = 'nhiệm vụ'")}
    assert set(typed) <= stored


def test_csv_cells_repeated_across_kinds_are_read_by_each_kinds_own_field(cli, tmp_path):
    # A province's CSV repeats cells thousands of times and each is read once; but the same
    # text is a valid status of a task and not of a shortcoming.
    meeting = cli.import_fixture()
    path = tmp_path / "s.csv"
    write(path, [
        ["kind", "meeting", "text", "status"],
        ["task", str(meeting), "rà soát", "đã hoàn thành"],
        ["shortcoming", str(meeting), "còn chậm", "đã hoàn thành"],
        ["task", str(meeting), "tổng hợp", "đã hoàn thành"],
    ])
    before = cli.count("findings")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "dòng 3, cột 'status'" in result.stderr
    assert "dòng 2" not in result.stderr and "dòng 4" not in result.stderr
    assert cli.count("findings") == before


# -- the JSON export's rows are written by SQLite: the same text Python's encoder writes ----
JSON_VALUES = [None, 0, -5, 2 ** 62, "", 'a"b\\c', "ệ Đảng 会议 😀", "\u2028\u2029\x7f",
               *(chr(c) + "x" for c in range(0x20)), 3.0, -7.0, 123456789012345.0, 2.5, 0.1,
               0.0, -0.0, 1e15, 1e20, 0.30000000000000004, b"\x00"]


@pytest.mark.parametrize("value", JSON_VALUES)
def test_json_value_in_sql_is_what_json_dumps_writes(value) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    said = conn.execute(f"SELECT printf('%s', {transfer.json_value_sql('t.x')}) FROM t"
                        ).fetchone()[0]  # as the export's rows hold it
    conn.close()
    if said == "\x01":  # left to Python's encoder
        assert isinstance(value, float | bytes) and value not in (3.0, -7.0)
    else:
        assert said == json.dumps(value, ensure_ascii=False)


def test_json_export_is_the_text_the_python_encoder_writes(demo_cli, tmp_path) -> None:
    conn = sqlite3.connect(demo_cli.db)
    with conn:  # as another tool may write them
        conn.execute("UPDATE findings SET value = 2.5 WHERE id = 1")
        conn.execute("UPDATE findings SET value = 1e20 WHERE id = 2")
        conn.execute("UPDATE findings SET value = 3.0, text = 'a\"b\\\\c' || char(27, 10) "
                     "WHERE id = 3")
    conn.close()
    path = tmp_path / "out.json"
    demo_cli.ok("export", "-o", str(path))
    written = path.read_text(encoding="utf-8")
    reg = open_register(demo_cli.db, write=False)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    expected = []
    for table, spec in transfer.specs(reg).items():
        rows = [encode(row) for row in transfer.iter_table(reg, spec, None)]
        expected.append(f'    "{table}": [' + ("\n      " + ",\n      ".join(rows) + "\n    ]"
                                               if rows else "]"))
    reg.close()
    body = written[written.index('  "records": {') + len('  "records": {\n'):-len("\n  }\n}\n")]
    assert body == ",\n".join(expected)
    assert '"value": 2.5' in written and '"value": 1e+20' in written
