"""Where the register and the settings live: --db > COORDTRACK_DB > config file > user data dir."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from coordtrack.errors import CoordtrackError

APP_NAME = "coordtrack"
REGISTER_FILENAME = "coordtrack.db"


def config_path() -> Path:
    # An explicit path lets tests, cron jobs and several offices on one PC keep separate settings.
    explicit = os.environ.get("COORDTRACK_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


@dataclass
class Config:
    db: str | None = None
    template_dir: str | None = None
    office_name: str | None = None
    parent_office: str | None = None
    place: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signer_capacity: str | None = None
    report_prefix: str | None = None
    layout: str | None = None
    source: Path | None = None


KNOWN_KEYS = {f.name for f in fields(Config)} - {"source"}


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "tệp không phải văn bản UTF-8"
    from coordtrack.files import os_error_text

    return os_error_text(exc) if isinstance(exc, OSError) else type(exc).__name__


def _toml_place(exc: Exception) -> str:
    # tomllib's message is English; keep only where it points ("(at line 3, column 7)").
    import re

    found = re.search(r"line (\d+), column (\d+)", str(exc))
    return f"dòng {found[1]}, cột {found[2]}" if found else "không đọc được"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config()
    import tomllib  # most runs have no config file: they skip this import

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CoordtrackError(f"Không đọc được tệp cấu hình {path}: {_reason(exc)}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CoordtrackError(
            f"Tệp cấu hình {path} sai cú pháp TOML ({_toml_place(exc)})."
        ) from exc
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise CoordtrackError(
            f"Tệp cấu hình {path} có khóa không hỗ trợ: {', '.join(unknown)} "
            f"(các khóa hợp lệ: {', '.join(sorted(KNOWN_KEYS))})."
        )
    for key, value in data.items():
        if not isinstance(value, str):
            raise CoordtrackError(f"Tệp cấu hình {path}: giá trị của '{key}' phải là chuỗi.")
    return Config(**data, source=path)


def default_register_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / REGISTER_FILENAME


def resolve_register_path(cli_value: str | None, config: Config) -> tuple[Path, str]:
    """Return the register path and where it came from (shown by `coordtrack config`)."""
    if cli_value:
        return Path(cli_value).expanduser(), "--db"
    env = os.environ.get("COORDTRACK_DB")
    if env:
        return Path(env).expanduser(), "COORDTRACK_DB"
    if config.db:
        return Path(config.db).expanduser(), f"tệp cấu hình {config.source}"
    return default_register_path(), "thư mục dữ liệu mặc định"


def missing_register(path: Path, why: str) -> CoordtrackError:
    """The error for a read of a register that is not there: the path, how it was chosen, and
    the two ways out."""
    return CoordtrackError(
        f"Chưa có sổ đăng ký {path} (chọn theo {why}). Kiểm tra lại --db, COORDTRACK_DB hoặc "
        "db trong tệp cấu hình; tạo sổ mới bằng: coordtrack init."
    )
