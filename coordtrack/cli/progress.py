"""Progress of long work on a terminal: a spinner with the elapsed time on stderr.

Nothing at all when stderr is not a terminal (a pipe, a file, cron's mail) or with --quiet,
so scripts see exactly what they saw before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_RUNNING: list = []  # the spinner on screen, if any, so that a question can pause it


def shown(quiet: bool = False) -> bool:
    stream = sys.stderr
    return not quiet and hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def activity(message: str, *, quiet: bool = False) -> Iterator[None]:
    """Show `message` with a spinner and the time elapsed while the block runs."""
    if not shown(quiet):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr, highlight=False)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        bar.add_task(message, total=None)
        _RUNNING.append(bar)
        try:
            yield
        finally:
            _RUNNING.remove(bar)


@contextmanager
def paused() -> Iterator[None]:
    """Stop the spinner while the clerk is asked something, then start it again."""
    if not _RUNNING:
        yield
        return
    bar = _RUNNING[-1]
    bar.stop()
    try:
        yield
    finally:
        bar.start()
