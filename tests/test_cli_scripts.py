"""Cron and scripts: a missing register fails loudly, JSON for every read command."""

from __future__ import annotations

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
