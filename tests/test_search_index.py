"""The search indexes: `coordtrack reindex`, what `check` finds wrong in them, the bulk path
and migration m012 keeping them equal to what the triggers would build."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli
from test_sqlite_tools import cli_ids, sqlite_utils_ids

from coordtrack.register import maintenance, migrations
from coordtrack.register.file import open_register

SQLITE_UTILS = str(Path(sys.executable).with_name("sqlite-utils"))
LABELS = {"findings": "nội dung", "meetings": "hội nghị", "agreements": "quy chế"}


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LABELS}
    finally:
        conn.close()


def problems(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return maintenance.search_index_problems(conn)
    finally:
        conn.close()


def reindex_lines(db: Path) -> str:
    return "".join(
        f"Đã dựng lại chỉ mục tìm kiếm của bảng {t} ({label}): {n} bản ghi, mỗi chữ cả dạng "
        "viết đ và d; đã kiểm tra, không có lỗi.\n"
        for (t, label), n in zip(LABELS.items(), counts(db).values(), strict=True))


def test_reindex_builds_every_index_with_both_spellings_and_says_so(demo_cli):
    result = demo_cli("reindex")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == reindex_lines(demo_cli.db)
    assert problems(demo_cli.db) == []
    assert demo_cli.ok("check") == "Sổ đăng ký không có lỗi.\n"
    expected = cli_ids(demo_cli, "Đảng", "finding")
    assert expected
    for query in ("Đảng", "đảng", "dang"):
        assert sqlite_utils_ids(demo_cli.db, "findings", query) == expected


def test_quiet_reindex_prints_nothing(demo_cli):
    result = demo_cli("-q", "reindex")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


# What other tools can do to an index, and what `check` then says about it.
DAMAGE = {
    "rebuild-fts": (["rebuild-fts", "{db}", "findings"],
                    r"Chỉ mục tìm kiếm của bảng findings \(nội dung\) không khớp với dữ liệu "
                    r"của bảng: \d+ từ được lập chỉ mục khác \(thiếu dạng viết đ/d, hoặc có bản "
                    r"ghi được sửa mà chỉ mục không theo\)\."),
    "disable-fts": (["disable-fts", "{db}", "meetings"],
                    r"Chỉ mục tìm kiếm của bảng meetings \(hội nghị\) không còn \(bảng "
                    r"meetings_fts\)\."),
    "trigger dropped": (["query", "{db}", "DROP TRIGGER agreements_ad"],
                        r"Lệnh tự động \(trigger\) giữ chỉ mục tìm kiếm của bảng agreements "
                        r"\(quy chế\) bị thiếu hoặc đã bị thay: agreements_ad\."),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_finds_an_index_another_tool_changed_and_reindex_repairs_it(demo_cli, damage):
    args, message = DAMAGE[damage]
    subprocess.run([SQLITE_UTILS, *(a.format(db=demo_cli.db) for a in args)], check=True,
                   capture_output=True)
    result = demo_cli("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"Lỗi: Sổ đăng ký {demo_cli.db} có {len(lines) - 2} lỗi:"
    assert any(re.fullmatch(f"  - {message}", line) for line in lines[1:-1]), result.stderr
    assert lines[-1] == ("Dựng lại chỉ mục tìm kiếm bằng: coordtrack reindex (không dùng "
                         "sqlite-utils rebuild-fts).")
    assert demo_cli("-q", "reindex").exit_code == 0
    assert demo_cli.ok("check") == "Sổ đăng ký không có lỗi.\n"
    assert sqlite_utils_ids(demo_cli.db, "findings", "Đảng") == \
        sqlite_utils_ids(demo_cli.db, "findings", "dang")


def test_check_finds_a_row_changed_behind_the_index(demo_cli):
    conn = sqlite3.connect(demo_cli.db)
    with conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'findings_au'").fetchone()
        conn.execute("DROP TRIGGER findings_au")
        conn.execute("UPDATE findings SET text = 'Đổi nội dung không qua trigger' WHERE id = 1")
        conn.execute(sql[0])
    conn.close()
    found = problems(demo_cli.db)
    assert len(found) == 1 and found[0].startswith(
        "Chỉ mục tìm kiếm của bảng findings (nội dung) không khớp với dữ liệu của bảng: ")


def test_bulk_import_leaves_the_index_as_the_triggers_would_build_it(demo_cli, tmp_path):
    export = tmp_path / "so.json"
    demo_cli.ok("export", "-o", str(export))
    target = Cli(tmp_path / "moi.db")
    target.ok("import", str(export))
    assert problems(target.db) == []
    conn = sqlite3.connect(target.db)
    triggers = {n for (n,) in conn.execute("SELECT name FROM sqlite_master "
                                           "WHERE type = 'trigger' AND name LIKE '%_ai'")}
    conn.close()
    assert {"findings_ai", "meetings_ai", "agreements_ai"} <= triggers
    assert cli_ids(target, "dang", "finding") == cli_ids(demo_cli, "dang", "finding")


def test_a_failed_bulk_insert_keeps_the_insert_trigger(tmp_path):
    from coordtrack.exchange.bulk_insert import insert_rows

    reg = open_register(tmp_path / "so.db")
    with reg.transaction("thử"), pytest.raises(sqlite3.IntegrityError):
        # A caller that catches the error and carries on must still have the trigger.
        insert_rows(reg, "agreements", ["uid", "title", "created_at", "updated_at"],
                    [("a1", "Quy chế một", "x", "x"), ("a1", "Trùng uid", "x", "x")])
    assert reg.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'agreements_ai'") == 1
    with reg.transaction("thêm"):
        reg.insert("agreements", {"uid": "a2", "title": "Quy chế Đảng ủy", "created_at": "x",
                                  "updated_at": "x"})
    assert reg.scalar("SELECT count(*) FROM agreements_fts WHERE agreements_fts MATCH "
                      "'dang'") == 1
    reg.close()


def test_upgrade_to_m012_keeps_the_index_right_without_reindexing(tmp_path, monkeypatch):
    """A register indexed by m008's triggers (coalesce(x, '')) is upgraded: the triggers
    change, the index is not rebuilt, and edits of rows with empty columns keep it right."""
    path = tmp_path / "old.db"
    names = [m.__name__ for m in migrations.MIGRATIONS]
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        migrations.MIGRATIONS[:names.index("m012_fts_null_columns")])
    reg = open_register(path)
    conn = reg.conn
    with reg.transaction("m008 triggers"):
        for table in LABELS:
            old = []
            for suffix in ("ai", "ad", "au"):
                sql = reg.scalar("SELECT sql FROM sqlite_master WHERE name = ?",
                                 (f"{table}_{suffix}",))
                old.append(re.sub(r"replace\((new|old)\.(\w+),", r"replace(coalesce(\1.\2, ''),",
                                  sql))
                conn.execute(f"DROP TRIGGER {table}_{suffix}")
            for sql in old:
                conn.execute(sql)
        assert "coalesce(new.text, '')" in reg.scalar(
            "SELECT sql FROM sqlite_master WHERE name = 'findings_ai'")
        reg.insert("bodies", {"uid": "b1", "name": "Văn phòng Huyện ủy", "created_at": "x",
                              "updated_at": "x"})
        reg.insert("agreements", {"uid": "a1", "title": "Quy chế phối hợp Đảng đoàn",
                                  "created_at": "x", "updated_at": "x"})
        reg.insert("agreements", {"uid": "a2", "title": "Quy chế dân vận", "number": "01-QC",
                                  "created_at": "x", "updated_at": "x"})
    reg.close()
    monkeypatch.undo()
    reg = open_register(path)
    for table in LABELS:
        for suffix in ("ai", "ad", "au"):
            assert "coalesce" not in reg.scalar("SELECT sql FROM sqlite_master WHERE name = ?",
                                                (f"{table}_{suffix}",))
    with reg.transaction("sửa"):
        reg.conn.execute("UPDATE agreements SET title = 'Quy chế đổi tên' WHERE uid = 'a1'")
        reg.conn.execute("DELETE FROM agreements WHERE uid = 'a2'")
    assert maintenance.search_index_problems(reg.conn) == []
    assert reg.scalar("SELECT count(*) FROM agreements_fts WHERE agreements_fts MATCH "
                      "'dang OR dan'") == 0
    reg.close()
    assert Cli(path).ok("check") == "Sổ đăng ký không có lỗi.\n"
