"""Where the built-in templates and fixtures are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_templates_dir() -> Path:
    # The wheel carries templates/ inside the package; a source checkout has it at the top.
    installed = PACKAGE_DIR / "templates"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "templates"


def fixtures_dir() -> Path:
    return PACKAGE_DIR / "fixtures"


def fixture_files() -> list[Path]:
    return sorted(fixtures_dir().glob("*.yaml"))
