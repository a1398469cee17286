"""Start-up: a command loads only what it needs, and the parameter coercion that spares typer's
pydantic layer reads every value exactly as typer does."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

import coordtrack.cli  # noqa: F401 - installs the coercion, as the command does

# Libraries a command may load only when it needs them (documents, tables on a terminal,
# meeting files, the web app); pydantic is typer's, and no read command needs it.
HEAVY = {"pydantic", "jinja2", "docx", "docxtpl", "rich", "yaml", "bs4", "sqlite_utils",
         "lxml", "openpyxl"}

LOADED = """
import runpy, sys
sys.argv = ["coordtrack", *sys.argv[1:]]
try:
    runpy.run_module("coordtrack", run_name="__main__")
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def loaded_by(args: list[str], tmp_path) -> set[str]:
    env = {**os.environ, "COORDTRACK_CONFIG": str(tmp_path / "none.toml"),
           "COORDTRACK_PLAIN": "1"}
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True,
                          text=True, env=env, check=True)
    return set(done.stderr.strip().splitlines()[-1].split())


@pytest.mark.parametrize(("args", "needs"), [
    (["--version"], set()),
    (["status"], set()),
    (["body", "list"], set()),
    (["task", "list", "--overdue", "--format", "plain", "--limit", "5"], set()),
    (["search", "tiếp công dân", "--format", "tsv"], set()),
    (["report", "monthly", "--month", "2026-05"], {"jinja2"}),
])
def test_a_read_command_loads_only_what_it_needs(tmp_path, args, needs):
    import coordtrack

    db = tmp_path / "so.db"
    with coordtrack.open_register(db) as reg:  # something to find, list and report
        coordtrack.add(reg, "body", {"name": "Văn phòng", "short_name": "VP"})
        coordtrack.add(reg, "meeting", {"kind": "sơ kết", "title": "Hội nghị tiếp công dân",
                                        "date": "2026-05-10", "organisers": ["VP"]})
    loaded = loaded_by(["--db", str(db), *args], tmp_path)
    assert "coordtrack" in loaded  # the command ran in that interpreter
    assert loaded & HEAVY == needs


def demo_app() -> typer.Typer:
    demo = typer.Typer()

    @demo.command()
    def show(limit: int = typer.Option(None, "--limit", min=1),
             port: int = typer.Option(8000, "--port", min=0, max=65535),
             count: int = typer.Option(3, "--count"),
             name: str = typer.Option(None, "--name"),
             kind: list[str] = typer.Option(None, "--kind")) -> None:
        typer.echo(repr((limit, port, count, name, kind)))

    return demo


# What typer 0.29 itself gives for each (measured with its pydantic coercion).
@pytest.mark.parametrize(("args", "shown"), [
    ([], (None, 8000, 3, None, None)),
    (["--limit", "007"], (7, 8000, 3, None, None)),
    (["--limit", "5"], (5, 8000, 3, None, None)),
    (["--limit", " 5"], (5, 8000, 3, None, None)),
    (["--limit", "+5"], (5, 8000, 3, None, None)),
    (["--limit", "5_0"], (50, 8000, 3, None, None)),
    (["--limit", "99999999999999999999"], (99999999999999999999, 8000, 3, None, None)),
    (["--port", "0"], (None, 0, 3, None, None)),
    (["--port", "65535"], (None, 65535, 3, None, None)),
    (["--count", "-4"], (None, 8000, -4, None, None)),
    (["--name", "Đảng ủy"], (None, 8000, 3, "Đảng ủy", None)),
    (["--name", ""], (None, 8000, 3, "", None)),
    (["--kind", "a", "--kind", "b"], (None, 8000, 3, None, ["a", "b"])),
])
def test_values_are_read_as_typer_reads_them(args, shown):
    result = CliRunner().invoke(demo_app(), args)
    assert (result.exit_code, result.output) == (0, repr(shown) + "\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "0"], "Invalid value for '--limit': Input should be greater than or equal "
                       "to 1"),
    (["--limit", "-1"], "Invalid value for '--limit': Input should be greater than or equal "
                        "to 1"),
    (["--port", "65536"], "Invalid value for '--port': Input should be less than or equal to "
                          "65535"),
    (["--limit", "abc"], "Invalid value for '--limit': Input should be a valid integer, "
                         "unable to parse string as an integer"),
    (["--limit", "٣"], "Invalid value for '--limit': Input should be a valid integer, unable "
                       "to parse string as an integer"),
    (["--count", "1e3"], "Invalid value for '--count': Input should be a valid integer, "
                         "unable to parse string as an integer"),
])
def test_refused_values_keep_typers_messages(args, message):
    command = typer.main.get_command(demo_app())
    with pytest.raises(typer.BadParameter) as refused:
        command.main(args, standalone_mode=False)
    assert refused.value.format_message() == message
