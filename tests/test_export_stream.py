"""Import of a JSON export read as a stream: a piece of the file and one batch of rows at a
time, still all or nothing, every problem named by its row, undo as after any import."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from conftest import Cli

from coordtrack.exchange import json_reader
from coordtrack.exchange import register_export as transfer
from coordtrack.exchange.register_export import EXPORT_TABLES


def exported(cli: Cli, path) -> dict:
    cli.ok("export", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def write_like_export(path, doc: dict) -> None:
    """The layout `export` writes (format first, one row a line), so the file streams."""
    lines = ["{", f'  "format": {json.dumps(doc["format"])},', '  "records": {']
    tables = []
    for table, rows in doc["records"].items():
        body = ",\n".join("      " + json.dumps(r, ensure_ascii=False) for r in rows)
        tables.append(f'    "{table}": [\n{body}\n    ]' if rows else f'    "{table}": []')
    lines += [",\n".join(tables), "  }", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def counts(cli: Cli) -> dict[str, int]:
    return {t: cli.count(t) for t in (*EXPORT_TABLES, "history")}


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_reader_reads_what_json_reads_at_any_piece_size(chunk):
    doc = {"format": "x", "n": [1, -2.5e3, 12345678901234567890], "records": {
        "a": [{"s": "dấu \"nháy\" \\ và \u00a0", "t": True, "u": None}, {}],
        "b": [], "c": {"k": [1, {"z": []}]}}}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    reader = json_reader.Reader(io.StringIO(text), chunk=chunk)
    got: dict = {}
    for key, is_array in reader.items():
        if key != "records":
            got[key] = reader.value()
            continue
        got[key] = {}
        for table, is_array in reader.items():
            got[key][table] = list(reader.elements()) if is_array else reader.value()
    reader.end()
    assert got == doc


@pytest.mark.parametrize("text, line, column", [
    ('{\n  "a": [1,\n   2 3]}', 3, 6),
    ('{"a": [1, 2]} x', 1, 15),
    ('{"a": [{"b": tru}]}', 1, 14),
])
def test_reader_names_the_line_and_column_json_would(text, line, column):
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    reader = json_reader.Reader(io.StringIO(text), chunk=3)
    with pytest.raises(json_reader.JsonSyntaxError) as streamed:
        for _key, _ in reader.items():
            list(reader.elements())
        reader.end()
    assert (streamed.value.line, streamed.value.column) == (line, column)
    assert (whole.value.lineno, whole.value.colno) == (line, column)


def many_findings(cli: Cli, tmp_path, n: int) -> dict:
    doc = exported(cli, tmp_path / "base.json")
    template = doc["records"]["findings"][0]
    doc["records"]["findings"] += [
        {**template, "uid": str(uuid.uuid4()), "text": f"nội dung thử số {i}",
         "carried_over_from_uid": None, "remedies_uid": None} for i in range(n)]
    return doc


def test_a_large_export_is_read_a_piece_at_a_time_and_written_in_batches(
        demo_cli, tmp_path, monkeypatch):
    doc = many_findings(demo_cli, tmp_path, 6_000)
    path = tmp_path / "big.json"
    write_like_export(path, doc)
    held, batches = [], []
    more = json_reader.Reader._more

    def watched(self, least=0):
        grew = more(self, least)
        held.append(len(self.buf))
        return grew

    from coordtrack.exchange import bulk_insert
    insert_rows = bulk_insert.insert_rows

    def counted(reg, table, columns, rows):
        batches.append((table, len(rows)))
        return insert_rows(reg, table, columns, rows)

    monkeypatch.setattr(transfer, "EXPORT_BATCH", 2_000)
    monkeypatch.setattr(json_reader.Reader, "_more", watched)
    monkeypatch.setattr(bulk_insert, "insert_rows", counted)
    other = Cli(tmp_path / "o.db")
    other.ok("import", str(path))
    assert other.count("findings") == len(doc["records"]["findings"])
    size = path.stat().st_size
    assert size > 3_000_000 and max(held) < 2 * json_reader.CHUNK
    findings = [n for table, n in batches if table == "findings"]
    assert sum(findings) == len(doc["records"]["findings"])
    assert max(findings) <= 2_000 and len(findings) >= 3
    # One history entry whose changes name id ranges, and undo takes all of it back.
    assert other.rows("SELECT count(*) FROM history") == [(1,)]
    assert len(other.rows("SELECT changes FROM history")[0][0]) < 5_000
    other.ok("undo")
    assert all(other.count(t) == 0 for t in EXPORT_TABLES)


def test_a_bad_row_deep_in_a_streamed_export_is_named_and_nothing_is_written(
        demo_cli, tmp_path):
    doc = many_findings(demo_cli, tmp_path, 5_100)
    rows = doc["records"]["findings"]
    rows[5_050]["meeting_uid"] = "không-có"
    rows[5_080]["colour"] = "đỏ"
    path = tmp_path / "bad.json"
    write_like_export(path, doc)
    target = Cli(tmp_path / "t.db")
    target.import_fixture()
    before = counts(target)
    result = target("import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    # The shape of a row is reported first: a file of the wrong shape says little else.
    assert f"records.findings[{5_081}]: khóa 'colour' không được hỗ trợ." in result.stderr
    assert counts(target) == before
    del rows[5_080]["colour"]
    write_like_export(path, doc)
    result = target("import", str(path))
    assert result.exit_code == 1
    assert (f"records.findings[{5_051}]: meeting_uid không-có không có trong tệp cũng như "
            "trong sổ đăng ký.") in result.stderr
    assert counts(target) == before
    fresh = Cli(tmp_path / "new.db")
    assert fresh("import", str(path)).exit_code == 1 and not fresh.db.exists()


def test_a_syntax_error_names_its_line_and_leaves_nothing(demo_cli, tmp_path):
    path = tmp_path / "cut.json"
    demo_cli.ok("export", "-o", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if '"findings": [' in line) + 3
    lines[at] = lines[at].replace('"uid":', '"uid"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = Cli(tmp_path / "o.db")
    result = other("import", str(path))
    assert result.exit_code == 1
    assert f"dòng {at + 1}, cột " in result.stderr and "JSON sai cú pháp" in result.stderr
    assert not other.db.exists()


def test_an_export_in_another_order_or_naming_rows_further_down_still_imports(
        demo_cli, tmp_path):
    doc = exported(demo_cli, tmp_path / "a.json")
    agreements = doc["records"]["agreements"]
    assert len(agreements) >= 2
    agreements[0]["superseded_by_uid"] = agreements[1]["uid"]  # a row further down
    path = tmp_path / "later.json"
    write_like_export(path, doc)
    first = Cli(tmp_path / "first.db")
    first.ok("import", str(path))
    assert first.rows("SELECT s.uid FROM agreements a JOIN agreements s ON s.id = "
                      "a.superseded_by_id WHERE a.uid = ?", (agreements[0]["uid"],)) == \
        [(agreements[1]["uid"],)]
    # Tables out of dependency order: read whole, as any hand-made file.
    records = doc["records"]
    doc["records"] = {t: records[t] for t in reversed(list(records))}
    write_like_export(path, doc)
    second = Cli(tmp_path / "second.db")
    second.ok("import", str(path))
    assert {t: second.count(t) for t in EXPORT_TABLES} == \
        {t: first.count(t) for t in EXPORT_TABLES}
