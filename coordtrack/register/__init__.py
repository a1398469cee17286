"""The register file and everything kept in it: the SQLite file, schema versions, the record types,
records, history and undo, the status rules, and maintenance (backup, check)."""
