"""The register file and everything kept in it: the SQLite file, schema versions, the record types,
records, history and undo, the status rules, and maintenance (backup, check)."""

from __future__ import annotations

from typing import Any

# Every register this process has open (file.open_register adds, Register.close removes).
# Kept here, free of imports, so the CLI can close them at the end of any command without
# loading the SQLite layer for commands that never opened one.
OPEN_REGISTERS: list[Any] = []


def close_all() -> None:
    """Close every register this process opened, so WAL is checkpointed when a command ends."""
    for register in list(OPEN_REGISTERS):
        register.close()
