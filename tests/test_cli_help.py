"""Finding one's way: help in Vietnamese throughout, aliases, suggestions, completion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from coordtrack.cli import ALIASES, app

runner = CliRunner()


def _help(*path: str) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _command_paths() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    paths = []

    def walk(command, path):
        paths.append(path)
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), (*path, name))

    walk(root, ())
    return paths


PATHS = _command_paths()
ENGLISH_IN_HELP = ("COMMAND", "[ARGS]", "OPTIONS", "env var", "x>=", "x<=", "TEXT", "INTEGER",
                   "Usage", "Show this message", "Install completion", "Show completion")


def test_every_command_is_walked():
    assert ("meeting", "add") in PATHS and ("report", "monthly") in PATHS
    assert len(PATHS) > 60


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "coordtrack")
def test_help_is_vietnamese_throughout(path):
    text = _help(*path)
    for english in ENGLISH_IN_HELP:
        assert english not in text, (english, text)
    # Free text is not "VĂN_BẢN" (an official document) and summaries are not cut off.
    assert "VĂN_BẢN" not in text
    assert "..." not in text.replace("[ĐỐI_SỐ]...", "")
    for line in text.splitlines():
        words = line.split()
        # A date is shown as a date: every option taking a day says NGÀY.
        if words and words[0] in {"--on", "--date", "--due-on", "--done-on", "--resolved-on",
                                  "--signed-on", "--valid-from", "--valid-to", "--from",
                                  "--to", "--today"} and "ngày" in line.lower():
            assert words[1] == "NGÀY", line


def test_free_text_is_named_by_what_it_holds():
    text = _help("meeting", "add")
    assert "--place ĐỊA_ĐIỂM" in text
    assert "--author NGƯỜI_VIẾT" in text
    assert "--chair-group NHÓM_CHỦ_TRÌ" in text
    assert "--on NGÀY" in _help("shortcoming", "resolve")
    assert "-n, --limit SỐ          Chỉ in tối đa N bản ghi.  [từ 1 trở lên]" in _help(
        "body", "list")
    assert "--today NGÀY" in _help("report", "monthly")
    assert "biến môi trường: COORDTRACK_TODAY" in " ".join(_help("report", "monthly").split())


def test_command_summaries_are_whole_sentences():
    text = _help()
    assert "Tạo sổ đăng ký (nếu chưa có) và in đường dẫn của nó." in " ".join(text.split())
    assert text.startswith("Cách dùng: coordtrack [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]...\n")


def test_a_mistyped_top_level_command_gets_a_suggestion():
    result = runner.invoke(app, ["meetng", "list"])
    assert result.exit_code == 2
    assert result.stderr == ("Lỗi: Không có lệnh 'meetng'. Có phải ý bạn là 'meeting'? "
                             "(xem: coordtrack --help)\n")


def test_a_mistyped_alias_gets_a_suggestion():
    result = runner.invoke(app, ["nhiemvu", "list"])
    assert "Có phải ý bạn là 'nhiem-vu'?" in result.stderr


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_vietnamese_aliases_run_the_record_commands(cli, alias):
    cli.ok("body", "add", "Văn phòng Huyện ủy", "--short-name", "VPHU")
    assert cli.ok(alias, "list") == cli.ok(ALIASES[alias], "list")
    assert f"{ALIASES[alias]}, {alias}" in _help()


def test_aliases_are_the_ones_a_clerk_would_type():
    assert ALIASES == {
        "co-quan": "body", "nguoi": "person", "quy-che": "agreement", "hoi-nghi": "meeting",
        "ket-qua": "achievement", "ton-tai": "shortcoming", "nhiem-vu": "task",
        "chi-dao": "directive", "kien-nghi": "recommendation", "thao-luan": "discussion",
        "khen-thuong": "commendation", "ky-ket": "signing"}


def test_every_record_command_has_a_vietnamese_name():
    from coordtrack.cli import COMMAND_MODULES

    records = {name for name, module in COMMAND_MODULES.items() if module == "records"}
    assert set(ALIASES.values()) == records


@pytest.mark.parametrize("args", [
    ["meeting", "remove", "1", "-q"],
    ["meeting", "remove", "1", "--quiet"],
])
def test_quiet_after_the_sub_command(cli, args):
    cli.ok("meeting", "add", "Hội nghị", "--date", "1/1/2024")
    result = runner.invoke(app, [*args, "--db", str(cli.db)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert cli.count("meetings") == 0


def test_db_and_verbose_after_the_sub_command(cli, tmp_path):
    cli.ok("body", "add", "Văn phòng Huyện ủy")
    other = tmp_path / "khac.db"
    result = runner.invoke(app, ["--db", str(other), "body", "list", "-v", "--db", str(cli.db)])
    assert result.exit_code == 0, result.stderr
    assert "Văn phòng Huyện ủy" in result.stdout
    assert result.stderr == f"Sổ đăng ký: {cli.db} (theo --db)\n"
    assert not other.exists()


def test_demo_keeps_its_own_db_option(tmp_path):
    target = tmp_path / "mau.db"
    result = runner.invoke(app, ["demo", "--db", str(target), "-q"])
    assert result.exit_code == 0, result.stderr
    assert target.exists() and result.stderr == ""


def test_show_completion_prints_a_script(monkeypatch):
    monkeypatch.setattr("coordtrack.cli.detected_shell", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"])
    assert result.exit_code == 0, result.stderr
    assert "_COORDTRACK_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _coordtrack_completion coordtrack" in result.stdout


def test_install_completion_writes_the_script(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("coordtrack.cli.detected_shell", lambda: "bash")
    result = runner.invoke(app, ["--install-completion"])
    assert result.exit_code == 0, result.stderr
    script = tmp_path / ".bash_completions" / "coordtrack.sh"
    assert result.stdout == (f"Đã cài gợi ý lệnh cho bash vào {script}; mở lại cửa sổ dòng "
                             "lệnh để dùng.\n")
    assert "_COORDTRACK_COMPLETE" in script.read_text(encoding="utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_of_an_unknown_shell_is_refused(monkeypatch):
    monkeypatch.setattr("coordtrack.cli.detected_shell", lambda: "tcsh")
    result = runner.invoke(app, ["--show-completion"])
    assert result.exit_code == 1
    assert result.stderr == ("Lỗi: Chưa hỗ trợ gợi ý lệnh cho shell 'tcsh'; chỉ có: bash, zsh, "
                             "fish, powershell, pwsh.\n")


@pytest.mark.parametrize("words, cword, expected", [
    ("coordtrack hoi", "1", "hoi-nghi"),
    ("coordtrack meeting li", "2", "list"),
    ("coordtrack report mon", "2", "monthly"),
])
def test_the_shell_gets_completions(words, cword, expected):
    env = {**os.environ, "_COORDTRACK_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": cword}
    result = subprocess.run([sys.executable, "-m", "coordtrack"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert expected in result.stdout.split(), (result.stdout, result.stderr)
