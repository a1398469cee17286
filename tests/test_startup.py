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


# -- The coercion against typer's own, on every parameter of every real command ---------------
# Values a command line carries (digits, signs, spaces, other scripts, huge numbers, text,
# lists) and what defaults and absent values give (an int, None, an empty tuple).
VALUES = [None, 5, "2", "007", "0", "-1", "+5", " 5", "5_0", "abc", "٣", "1e3",
          "99999999999999999999", "Đảng ủy", "", ["a", "b"], ("x",), [], ()]


def real_parameters():
    """(command path, command, parameter) of every option and argument of the CLI."""
    from coordtrack.cli import COMMAND_MODULES, app

    root = typer.main.get_command(app)
    found = []

    def walk(path, command):
        for param in command.params:
            found.append((path, command, param))
        if hasattr(command, "list_commands"):  # a group (typer's own click)
            ctx = typer.Context(command)
            for name in command.list_commands(ctx):
                walk(f"{path} {name}", command.get_command(ctx, name))

    walk("coordtrack", root)
    assert {path.split()[1] for path, _, _ in found if " " in path} == set(COMMAND_MODULES)
    return found


def outcome(runtime_param, value, param, ctx):
    try:
        return ("value", repr(runtime_param.coerce(value, param=param, ctx=ctx)))
    except typer.BadParameter as refused:
        return ("refused", refused.format_message())
    except Exception as failed:  # noqa: BLE001 - compared, whatever it is
        return (type(failed).__name__, str(failed))


def test_every_real_parameter_reads_every_value_as_typers_own_coercion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a path parameter given "2" must not find a file of ours
    compared = {"int": 0, "str": 0, "list[str]": 0}
    for path, command, param in real_parameters():
        patched = type(param).get_runtime_param
        if not getattr(patched, "deferred", False):
            continue  # click's own (--help), not typer's
        descriptor = param.type_descriptor
        if descriptor.is_file:
            continue  # opening files is typer's alone (Deferred never reads them)
        ctx = typer.Context(command)
        for value in VALUES:
            ours = outcome(param.get_runtime_param(), value, param, ctx)
            typers = outcome(patched.original(param), value, param, ctx)
            assert ours == typers, (path, param.name, value)
        # Anything else asked of the runtime parameter is typer's own answer.
        assert param.get_runtime_param().parameter_info is patched.original(param).parameter_info
        kind = {int: "int", str: "str", list[str]: "list[str]"}.get(descriptor.annotation)
        if kind:
            compared[kind] += 1
    # The values the shortcut handles were compared on real parameters of each type.
    assert min(compared.values()) >= 3, compared


def test_a_typer_of_another_shape_falls_back_to_its_own_coercion(cli, monkeypatch):
    cli.ok("body", "add", "Văn phòng", "--short-name", "VP")
    for text in ("Rà soát hồ sơ", "Báo cáo quý", "Tiếp công dân"):
        cli.ok("task", "add", text, "--owner", "VP", "--due-on", "2026-12-31")
    expected = cli.ok("task", "list", "--limit", "2", "--format", "tsv")
    refused = cli("task", "list", "--limit", "0")
    # A later typer whose ParameterInfo has no `clamp` (its own coercion does not read it).
    import copy
    import dataclasses

    import typer.core
    import typer.main

    resolve, build = typer.main.resolve_type_descriptor, typer.core.build_runtime_param

    def resolve_without_clamp(annotation, parameter_info):
        info = copy.copy(parameter_info)
        del info.clamp
        return resolve(annotation, info)

    def typers_own(descriptor):
        info = copy.copy(descriptor.parameter_info)
        info.clamp = False
        return build(dataclasses.replace(descriptor, parameter_info=info))

    monkeypatch.setattr(typer.main, "resolve_type_descriptor", resolve_without_clamp)
    monkeypatch.setattr(typer.core, "build_runtime_param", typers_own)
    assert cli.ok("task", "list", "--limit", "2", "--format", "tsv") == expected
    again = cli("task", "list", "--limit", "0")
    assert (again.exit_code, again.stderr) == (refused.exit_code, refused.stderr)
    assert expected.count("\n") == 3  # a heading and two tasks: the limit was read


def test_install_leaves_a_typer_of_another_shape_alone(monkeypatch):
    from typer.core import TyperArgument, TyperOption
    from typer.models import ParameterInfo

    from coordtrack.cli import coercion

    assert coercion.typer_has_known_shape()
    for cls in (TyperOption, TyperArgument):
        monkeypatch.setattr(cls, "get_runtime_param", cls.get_runtime_param.original)
    original_init = ParameterInfo.__init__

    def without_clamp(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        del self.clamp

    monkeypatch.setattr(ParameterInfo, "__init__", without_clamp)
    assert not coercion.typer_has_known_shape()
    coercion.install()
    assert not getattr(TyperOption.get_runtime_param, "deferred", False)
    assert not getattr(TyperArgument.get_runtime_param, "deferred", False)
    monkeypatch.undo()
    coercion.install()  # known shape again: installed (and already installed is kept)
    assert TyperOption.get_runtime_param.deferred and TyperArgument.get_runtime_param.deferred
