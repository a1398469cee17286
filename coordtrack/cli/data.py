"""Placeholder: filled in by the data work."""

import typer


def register(app: typer.Typer) -> None:
    pass
