"""Running code a clerk supplied (a user template) under limits the operating system enforces.

Jinja's sandbox stops a template from reaching files or Python internals, and the renderer's
clock and size checks stop most runaway templates with a precise message. But those checks
need the template's cooperation: a pure loop never calls anything that checks the clock, and
one call (`'x'.ljust(2000000000)`, `lipsum(n=3000000)`) can run or allocate for minutes. A
cron job with a `template_dir` must fail, not hang, so user templates run in a child process:

- wall clock: the parent waits at most `seconds` and then kills the child (every platform);
- memory: the child caps its own address space with `resource.setrlimit(RLIMIT_AS)` at what it
  already uses plus `memory_mb` (Linux; macOS where the kernel accepts it). Windows has no
  rlimit: there only the wall-clock limit applies (a job object would need pywin32).

On Linux the child is forked, so the report's data is not copied or pickled and starting it
costs a few milliseconds; elsewhere it is spawned and the arguments must pickle.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any


class LimitExceeded(Exception):
    """The child ran out of time ("time") or memory ("memory"); `args[0]` says which."""

    @property
    def kind(self) -> str:
        return str(self.args[0])


def _context():
    # fork is unsafe on macOS (system frameworks) and absent on Windows.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _address_space_in_use() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    limit = _address_space_in_use() + memory_mb * 1024 * 1024
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            _soft, hard = resource.getrlimit(which)
            cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            resource.setrlimit(which, (cap, hard))
        except (OSError, ValueError):
            pass  # a kernel that refuses the cap leaves the wall-clock limit


def _child(conn, func: Callable[..., Any], args: tuple, memory_mb: int) -> None:
    _cap_memory(memory_mb)
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - handed to the parent to raise there
        outcome = ("error", exc)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception still reports
        conn.send(("error", RuntimeError(str(outcome[1] if outcome[0] == "error" else exc))))
    finally:
        conn.close()


def run_limited(func: Callable[..., Any], *args: Any, seconds: float, memory_mb: int) -> Any:
    """`func(*args)` in a child process; its result, its exception, or LimitExceeded."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, func, args, memory_mb), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LimitExceeded("time")
        try:
            status, payload = receiver.recv()
        except (EOFError, OSError):
            # Killed without a word: the kernel's OOM killer, or a crash in C code.
            raise LimitExceeded("memory") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "ok":
        return payload
    if status == "memory":
        raise LimitExceeded("memory")
    raise payload
