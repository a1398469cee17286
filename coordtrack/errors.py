"""The one exception type the CLI turns into a one-line Vietnamese message."""


class CoordtrackError(Exception):
    """A user-facing failure: its message is Vietnamese and shown as is, without a traceback."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(CoordtrackError):
    """Bad command-line usage (exit 2, like click)."""

    exit_code = 2


class NotFound(CoordtrackError):
    pass
