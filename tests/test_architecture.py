"""The architecture rules the code must keep, checked on its syntax tree.

No module reads another module's private (`_x`) names: a module uses its own private
helpers and attributes, and everything else through public names. This keeps each module's
internals free to change (the register's change log, its SQLite error translation…).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "coordtrack"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _own_names(tree: ast.Module) -> set[str]:
    """Private names this module defines: functions, classes, variables, attributes."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}):
            own.add(node.attr)
    return {name for name in own if _private(name)}


def private_uses(path: Path) -> list[str]:
    """Every place `path` reaches into another module's or object's private member."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own = _own_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            private_module = any(_private(part) for part in (node.module or "").split("."))
            found += [f"{node.lineno}: from {node.module} import {alias.name}"
                      for alias in node.names if private_module or _private(alias.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            if node.attr in own:
                continue  # this module's own helper or attribute
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (isinstance(node, ast.Attribute) and node.attr == "modules"
              and isinstance(node.value, ast.Name) and node.value.id == "sys"):
            found.append(f"{node.lineno}: sys.modules (reaches into modules by name)")
    return [place for _, place in sorted((int(p.split(":")[0]), p) for p in found)]


# Typer offers no public hook to translate click's help; cli/i18n.py patches its internals on
# purpose and falls back to English help if they change (test_help_speaks_to_a_clerk_not_a_
# programmer in tests/test_records_cli.py watches).
# Likewise cli/coercion.py replaces typer's get_runtime_param (start-up without pydantic): it
# checks the shape of typer's _coercion types first and keeps typer's own coercion if they
# differ (tests/test_startup.py compares both paths on every real parameter).
THIRD_PARTY_INTERNALS = {
    "coordtrack/cli/i18n.py": {"typer.core._", "from typer._click.core import Command",
                               "from typer._click.formatting import HelpFormatter"},
    "coordtrack/cli/coercion.py": {"from typer._coercion import RuntimeParam",
                                   "from typer._coercion import TypeDescriptor"},
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_reads_anothers_private_members(path: Path) -> None:
    allowed = THIRD_PARTY_INTERNALS.get(str(path.relative_to(PACKAGE.parent)), set())
    assert [p for p in private_uses(path) if p.split(": ", 1)[1] not in allowed] == []


def test_the_check_sees_a_private_access(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from coordtrack.register.file import _translate\n"
        "import sys\n"
        "class Own:\n"
        "    def __init__(self):\n"
        "        self._mine = 1\n"
        "    def peek(self, other):\n"
        "        return self._mine + other._mine + other._theirs\n"
        "def f(reg):\n"
        "    return reg._changes, sys.modules\n",
        encoding="utf-8",
    )
    assert private_uses(sample) == [
        "1: from coordtrack.register.file import _translate",
        "7: other._theirs",
        "9: reg._changes",
        "9: sys.modules (reaches into modules by name)",
    ]


def test_readme_layout_table_names_every_module() -> None:
    # The layout table is how a newcomer finds a rule's home: it must follow the folders.
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Layout"):]
    table = table[:table.index("\n## ", 1)] if "\n## " in table[1:] else table
    missing = []
    for folder in ("register", "exchange", "documents", "web"):
        if f"`coordtrack/{folder}/`" not in table and f"coordtrack/{folder}/" not in table:
            missing.append(f"coordtrack/{folder}/")
        for module in sorted((PACKAGE / folder).glob("*.py")):
            if module.name != "__init__.py" and f"`{module.name}`" not in table \
                    and f"{folder}/{module.name}" not in table:
                missing.append(f"coordtrack/{folder}/{module.name}")
    assert missing == []


TEMPLATES = PACKAGE.parent / "templates"


def _words(text: str) -> str:
    # "Chưa hoàn thành, trong hạn" names the same category as "chưa hoàn thành trong hạn".
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def status_literals(source: str) -> list[str]:
    """String constants in a template's expressions that name a stored status or category."""
    import jinja2

    from coordtrack.register import status

    names = {_words(s) for s in (*status.AGREEMENT_STATUSES, *status.SHORTCOMING_STATUSES,
                                 *status.TASK_STATUSES, *status.TASK_CATEGORIES)}
    strings = [ast.literal_eval(value) for _, kind, value in jinja2.Environment().lex(source)
               if kind == "string"]
    return [value for value in strings if _words(value) in names]


@pytest.mark.parametrize("path", sorted(p for p in TEMPLATES.rglob("*")
                                        if p.suffix in {".j2", ".html"}),
                         ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_take_status_words_from_the_data(path: Path) -> None:
    # A status or category is a rule of register/status.py; a template writing one itself
    # ("chưa khắc phục" as the default, the four categories as keys) keeps a second copy.
    assert status_literals(path.read_text(encoding="utf-8")) == []


def test_the_template_check_sees_a_status_word() -> None:
    source = ('{{ s.status or "chưa khắc phục" }}{{ c["Chưa hoàn thành, quá hạn"] }}'
              '{{ "Tồn tại, hạn chế chưa khắc phục" }} chưa khắc phục')
    assert status_literals(source) == ["chưa khắc phục", "Chưa hoàn thành, quá hạn"]


def type_name_branches(path: Path) -> list[str]:
    """Comparisons with a record type's name ("meeting", "task"…): behaviour by name."""
    from coordtrack.register.recordtypes import RECORD_TYPES

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                items = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) \
                    else [operand]
                if any(isinstance(i, ast.Constant) and i.value in RECORD_TYPES for i in items):
                    found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.name)
def test_cli_does_not_branch_on_record_type_names(path: Path) -> None:
    # What a type offers (resolve/done, new/export, shown whole) is declared with the type.
    assert type_name_branches(path) == []


def test_the_name_branch_check_fires(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('if rt.name == "meeting" or kind in ("task",):\n    pass\n',
                      encoding="utf-8")
    assert type_name_branches(module) == ["m.py:1 rt.name == 'meeting'",
                                          "m.py:1 kind in ('task',)"]
