"""Placeholder: filled in by the reports work."""

import typer


def register(app: typer.Typer) -> None:
    pass
