"""The one exception type the CLI turns into a one-line Vietnamese message.

Each error also carries a `code`, a stable English word for Python callers to branch on
(`not_found`, `invalid_value`…), since the Vietnamese message is for people and may be
reworded.
"""


class CoordtrackError(Exception):
    """A user-facing failure: its message is Vietnamese and shown as is, without a traceback."""

    exit_code = 1
    code = "error"

    def __init__(self, message: str, exit_code: int | None = None, *, code: str | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(CoordtrackError):
    """Bad command-line usage (exit 2, like click)."""

    exit_code = 2
    code = "usage"


class NotFound(CoordtrackError):
    code = "not_found"


class InvalidValue(CoordtrackError):
    """A value the user gave cannot be read (a date, a number, a choice…)."""

    code = "invalid_value"
