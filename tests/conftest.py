"""Shared test helpers: every test gets its own register, config path and drafts folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coordtrack.cli import app
from coordtrack.resources import fixture_files
from coordtrack.vietnamese import clean

FIXTURES = {p.name: p for p in fixture_files()}
NEWS_FIXTURE = "2024-05-23-vphu-vp-hdnd-ubnd.yaml"
# Phrases of Python, the OS, PyYAML or Typer that must never reach a clerk's screen.
ENGLISH = ("Input should", "No such file", "Permission denied", "expected", "found",
           "Usage:", "Error:", "argument", "is not", "Invalid value", "unable to")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never read or write the developer's real config, register or drafts.
    monkeypatch.setenv("COORDTRACK_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("COORDTRACK_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("COORDTRACK_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("COORDTRACK_DB", raising=False)
    monkeypatch.delenv("COORDTRACK_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


class Cli:
    """Runs coordtrack against one register file, as a user at a shell would."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, db: bool = True):
        argv = (["--db", str(self.db)] if db else []) + [str(a) for a in args]
        result = self.runner.invoke(app, argv, input=input)
        # The catch-all turns a crash into one tidy line; a test must still see it as a bug.
        assert "không mong đợi" not in result.stderr, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        # What the user typed may be echoed back ("Thừa đối số (expected)"): only our own
        # words are checked.
        ours = result.stderr
        typed = {a for a in argv if a} | {clean(a) for a in argv if clean(a)}
        for text in sorted(typed, key=len, reverse=True):
            ours = ours.replace(text, "")
        for english in ENGLISH:
            assert english not in ours, result.stderr
        return result

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result.stdout

    def rows(self, sql: str, params=()) -> list[tuple]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def count(self, table: str) -> int:
        return self.rows(f"SELECT count(*) FROM {table}")[0][0]

    def import_fixture(self, name: str = NEWS_FIXTURE) -> int:
        return int(self.ok("import", str(FIXTURES[name])).strip())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.db"


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def demo_cli(cli: Cli) -> Cli:
    for name in FIXTURES:
        cli.import_fixture(name)
    return cli
