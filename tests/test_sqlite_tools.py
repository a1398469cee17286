"""The register in the SQLite ecosystem: sqlite-utils finds and searches its FTS tables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from conftest import Cli

SQLITE_UTILS = Path(sys.executable).with_name("sqlite-utils")


def sqlite_utils_ids(db: Path, table: str, query: str) -> list[int]:
    exe = str(SQLITE_UTILS) if SQLITE_UTILS.exists() else shutil.which("sqlite-utils")
    assert exe, "sqlite-utils CLI missing"
    out = subprocess.run([exe, "search", str(db), table, query, "-c", "id", "--json-cols"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(r["id"] for r in json.loads(out))


def cli_ids(cli: Cli, query: str, kind: str) -> list[int]:
    out = cli.ok("search", query, "--kind", kind, "-f", "json", "-n", "500")
    return sorted(r["id"] for r in json.loads(out))


@pytest.mark.parametrize(("table", "kind", "queries"), [
    ("findings", "finding", ("Đảng", "đảng", "dang", "DANG")),
    ("meetings", "meeting", ("Đoàn", "đoàn", "doan")),
    ("agreements", "agreement", ("Văn phòng", "van phong", "VĂN PHÒNG")),
])
def test_sqlite_utils_search_finds_what_coordtrack_finds(demo_cli, table, kind, queries):
    expected = cli_ids(demo_cli, queries[0], kind)
    assert expected
    for query in queries:
        assert sqlite_utils_ids(demo_cli.db, table, query) == expected, query
        assert cli_ids(demo_cli, query, kind) == expected, query


def test_fts_tables_follow_sqlite_utils_conventions(demo_cli):
    db = sqlite_utils.Database(demo_cli.db)
    for table in ("findings", "meetings", "agreements"):
        assert db[table].detect_fts() == f"{table}_fts"
        triggers = {t.name for t in db[table].triggers}
        assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= triggers
    # Reading the FTS table gives the original text, not the indexed spellings.
    row = db.execute("SELECT text FROM findings_fts WHERE findings_fts MATCH 'dang' "
                     "LIMIT 1").fetchone()
    assert "Đảng" in row[0] or "đ" in row[0].lower()


def test_edits_and_deletes_reach_the_index(demo_cli):
    before = cli_ids(demo_cli, "xyzzy", "finding")
    assert before == []
    new_id = int(demo_cli.ok("task", "add", "--meeting", "1", "Đẩy mạnh xyzzy đồng bộ").strip()
                 .split()[-1].strip("#."))
    assert sqlite_utils_ids(demo_cli.db, "findings", "đẩy xyzzy") == [new_id]
    assert sqlite_utils_ids(demo_cli.db, "findings", "day xyzzy") == [new_id]
    demo_cli.ok("task", "edit", str(new_id), "--text", "Việc khác hẳn")
    assert sqlite_utils_ids(demo_cli.db, "findings", "xyzzy") == []
    assert new_id in sqlite_utils_ids(demo_cli.db, "findings", "khac han")
    demo_cli.ok("task", "remove", str(new_id))
    assert new_id not in sqlite_utils_ids(demo_cli.db, "findings", "khac han")
    db = sqlite_utils.Database(demo_cli.db)
    db.execute("INSERT INTO findings_fts (findings_fts, rank) VALUES ('integrity-check', 0)")


def test_rows_written_by_sqlite_utils_are_searchable(demo_cli):
    db = sqlite_utils.Database(demo_cli.db)
    db["findings"].insert({"uid": "0f0e0d0c-0000-4000-8000-000000000001", "kind": "nhiệm vụ",
                           "meeting_id": 1, "text": "Đôn đốc zyxđ quyết liệt", "position": 99,
                           "created_at": "2026-01-01T00:00:00", "updated_at":
                           "2026-01-01T00:00:00"})
    new_id = db.execute("SELECT max(id) FROM findings").fetchone()[0]
    db.conn.close()
    assert cli_ids(demo_cli, "don doc zyxd", "task") == [new_id]
    assert sqlite_utils_ids(demo_cli.db, "findings", "Đôn đốc zyxđ") == [new_id]

