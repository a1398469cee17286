"""Build and run the Datasette of `coordtrack serve`."""

from __future__ import annotations

from pathlib import Path

from coordtrack.resources import builtin_templates_dir


def make_datasette(path: Path, *, immutable: bool = False):
    """A Datasette over the register at `path`, read-only, with coordtrack's plugin."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from coordtrack.register.file import open_read_only
    from coordtrack.web import plugin
    from coordtrack.web.metadata import build_metadata

    if not pm.is_registered(plugin):
        pm.register(plugin, name="coordtrack")
    database = path.stem
    plugin.SETTINGS.update(path=str(path), database=database)
    reg = open_read_only(path)
    try:
        metadata = build_metadata(reg.conn, database)
    finally:
        reg.close()
    # Datasette opens a file it may see change with SQLite's mode=ro (never written, but
    # commits made meanwhile by coordtrack show); --immutable is for a copy nobody writes.
    return Datasette(
        files=[] if immutable else [str(path)],
        immutables=[str(path)] if immutable else [],
        metadata=metadata,
        template_dir=str(builtin_templates_dir() / "web"),
        settings={"default_page_size": 50, "suggest_facets": False,
                  "allow_download": False},
    )


def run(path: Path, host: str, port: int, *, immutable: bool = False) -> None:
    import uvicorn

    datasette = make_datasette(path, immutable=immutable)
    # Uvicorn's own start-up lines are English; coordtrack says where it serves instead.
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
