"""Reading the files a clerk names and writing ours all-or-nothing, with Vietnamese errors.

A report, an export or a backup is written to a temporary file in the same folder and moved
into place with `os.replace`, so a crash, a full disk or Ctrl-C never leaves half a file
where the clerk expects a whole one (and it works the same on Windows).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coordtrack.errors import CoordtrackError


def read_text(path: str | Path, *, encoding_hint: str = "") -> str:
    """The text of a UTF-8 file (a BOM, as Excel writes, is dropped)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoordtrackError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise CoordtrackError(f"{path} là một thư mục, không phải tệp.") from None
    except UnicodeDecodeError:
        raise CoordtrackError(f"Tệp {path} không phải văn bản UTF-8{encoding_hint}.") from None
    except OSError as exc:
        raise CoordtrackError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False,
                  newline: str | None = None) -> Iterator[IO]:
    """Yield a file to write; it replaces `path` only if the block ends without error."""
    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise CoordtrackError(f"{target} là một thư mục, không phải tệp.")
    if not folder.is_dir():
        raise CoordtrackError(f"Không ghi được {target}: thư mục {folder} không tồn tại.")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise CoordtrackError(
            f"Không ghi được {target}: {exc.strerror or exc} (kiểm tra quyền ghi thư mục)."
        ) from None
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private; a report is meant to be shared like any document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CoordtrackError(f"Không ghi được {target}: {exc.strerror or exc}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write all of the file or nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_writer(path, binary=True) as fh:
        fh.write(data)
    return Path(path).expanduser()
