"""The `coordtrack` command: a Typer app with a global --db and one sub-app per concept.

Command functions only parse and print; the work is done in the modules below `cli/`.
Errors become one Vietnamese line on stderr (exit 1; 2 for usage), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import typer
from typer.core import TyperGroup

from coordtrack import __version__
from coordtrack.cli import coercion, i18n
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.register import close_all

i18n.install()
coercion.install()

CONTEXT = {"help_option_names": ["-h", "--help"]}


def err(message: str) -> None:
    from coordtrack.cli.output import terminal_safe

    typer.echo(f"Lỗi: {terminal_safe(message)}", err=True)


class CoordtrackGroup(TyperGroup):
    """Runs the CLI with our own error reporting, both from the console script and in tests,
    and loads each top-level command lazily (click's "lazily loading subcommands" pattern)."""

    def get_params(self, ctx):
        # Typer appends its completion options after building the group: made Vietnamese here.
        for param in self.params:
            if param.name in COMPLETION_HELP and param.help != COMPLETION_HELP[param.name]:
                param.help = COMPLETION_HELP[param.name]
                param.callback = _completion_callback(param.name)
        return super().get_params(ctx)

    def list_commands(self, ctx):
        return list(COMMAND_MODULES)

    def get_command(self, ctx, cmd_name):
        cmd_name = ALIASES.get(cmd_name, cmd_name)
        if cmd_name not in COMMAND_MODULES:
            return None
        cache = self.__dict__.setdefault("_loaded", {})
        if cmd_name not in cache:
            cache[cmd_name] = _load_command(cmd_name)
            _accept_global_options(cache[cmd_name], self.params)
        return cache[cmd_name]

    def resolve_command(self, ctx, args):
        # Typer suggests only among commands it has built; ours load lazily, so the names
        # (and the Vietnamese aliases) are offered here, as sub-commands offer theirs.
        from difflib import get_close_matches

        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:
            matches = get_close_matches(args[0], [*COMMAND_MODULES, *ALIASES]) if args else []
            if matches:
                exc.message = (f"{exc.message.rstrip('.')}. Did you mean "
                               f"{', '.join(repr(m) for m in matches)}?")
            raise

    def shell_complete(self, ctx, incomplete):
        from typer.core import CompletionItem

        items = super().shell_complete(ctx, incomplete)
        return items + [CompletionItem(alias) for alias in ALIASES if alias.startswith(incomplete)]

    def format_commands(self, ctx, formatter):
        # Each record command is listed with its Vietnamese name: "meeting, hoi-nghi".
        names = {canonical: alias for alias, canonical in ALIASES.items()}
        rows = [(f"{name}, {names[name]}" if name in names else name,
                 self.get_command(ctx, name).get_short_help_str())
                for name in self.list_commands(ctx)]
        with formatter.section(i18n.HEADINGS["Commands"]):
            formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        _prepare_streams()
        try:
            _refuse_undecodable(sys.argv[1:] if args is None else args)
            rv = super().main(args=args, prog_name=prog_name or "coordtrack",
                              complete_var=complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()  # a full or closed stdout fails here, where it is reported
        except CoordtrackError as exc:
            err(exc.message)
            code = exc.exit_code
        except typer.Exit as exc:
            code = exc.exit_code
        except typer.Abort:
            err("Đã hủy.")
            code = 1
        except typer.TyperException as exc:
            code = _framework_error(exc)
        except KeyboardInterrupt:
            err("Đã dừng theo yêu cầu.")
            code = 130
        except BrokenPipeError:
            # A pipe reader that went away (`| head`) is not an error worth a message.
            _silence_stdout()
            code = 0
        except sqlite3.Error as exc:
            from coordtrack.register.file import translate_error

            err(translate_error(exc, "").message)
            code = 1
        except MemoryError:
            err("Không đủ bộ nhớ để thực hiện lệnh.")
            code = 1
        except OverflowError:
            # A number past SQLite's 64-bit integers, wherever it came in.
            err("Số quá lớn: sổ đăng ký chỉ nhận số nguyên đến 9.223.372.036.854.775.807.")
            code = 1
        except OSError as exc:
            # Almost always our standard output: /dev/full, a closed terminal, a full disk.
            from coordtrack.files import os_error_text

            _silence_stdout()  # the interpreter's last flush must not fail a second time
            if exc.filename:
                err(f"Không truy cập được tệp {exc.filename}: {os_error_text(exc)}.")
            else:
                err(f"Không ghi được ra đầu ra chuẩn: {os_error_text(exc)}.")
            code = 1
        except Exception as exc:  # noqa: BLE001 - the user must never see a traceback
            if os.environ.get("COORDTRACK_DEBUG"):
                raise
            err(f"Lỗi không mong đợi ({type(exc).__name__}): {exc}. "
                "Đặt biến môi trường COORDTRACK_DEBUG=1 để xem chi tiết.")
            code = 1
        else:
            code = rv if isinstance(rv, int) else 0
        finally:
            close_all()
        if standalone_mode:
            sys.exit(code)
        return code


def _refuse_undecodable(args) -> None:
    """Bytes that are not UTF-8 in an argument (a console in a legacy code page) reach Python
    as lone surrogates, which SQLite and every file we write refuse later with English text."""
    for arg in args or ():
        if isinstance(arg, str) and any("\udc80" <= ch <= "\udcff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise UsageError(f"Đối số '{shown}' không phải văn bản UTF-8; hãy đặt "
                             "cửa sổ lệnh dùng UTF-8 (ví dụ LANG=vi_VN.UTF-8) rồi gõ lại.")


def _framework_error(exc: typer.TyperException) -> int:
    """Usage errors raised by Typer's own parser: help for a bare group, else one line."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        typer.echo(ctx.get_help())
        return 0
    message = i18n.translate(exc.format_message())
    if ctx is not None and hasattr(ctx, "command_path"):
        message += f" (xem: {ctx.command_path} --help)"
    err(message)
    return getattr(exc, "exit_code", 1)


def _prepare_streams() -> None:
    # Office PCs run Windows consoles with legacy code pages: Vietnamese must still come out.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in {"utf-8", "utf8"}:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@dataclass
class State:
    db: str | None = None
    quiet: bool = False
    verbose: bool = False
    _config: object | None = field(default=None, repr=False)

    @property
    def config(self):
        if self._config is None:
            from coordtrack.config import load_config

            self._config = load_config()
        return self._config

    def register_path(self, must_exist: bool = False) -> Path:
        """The register file; with `must_exist`, a missing one is an error naming the path and
        why it was chosen (a mistyped COORDTRACK_DB in cron must fail loudly, not report an
        empty month)."""
        from coordtrack.config import resolve_register_path

        path, why = resolve_register_path(self.db, self.config)
        if self.verbose:
            typer.echo(f"Sổ đăng ký: {path} (theo {why})", err=True)
        if must_exist and not path.exists():
            from coordtrack.config import missing_register

            raise missing_register(path, why)
        return path

    def open(self, write: bool = True, existing: bool = False):
        """Open the register; a write creates it, a read requires it to exist, and so does a
        write to what is already there (`existing`: edit, remove, undo, reindex…), so that a
        mistyped --db is an error rather than a new empty register."""
        from coordtrack.register.file import open_register

        return open_register(self.register_path(must_exist=existing or not write), write=write)

    def say(self, message: str) -> None:
        """Confirmation for a person at a terminal; goes to stderr so stdout stays clean."""
        if not self.quiet:
            from coordtrack.cli.output import terminal_safe

            typer.echo(terminal_safe(message), err=True)


FORMAT_HELP = ("Định dạng: table (bảng), plain (văn bản), json, ndjson (mỗi dòng một bản ghi), "
               "csv (có BOM cho Excel), tsv.")


def check_format(fmt: str | None, allowed: tuple[str, ...] | None = None) -> None:
    """Refuse an output format the command cannot write (a usage error, exit 2)."""
    from coordtrack.cli.output import FORMATS
    from coordtrack.errors import UsageError

    allowed = allowed or FORMATS
    if fmt is not None and fmt not in allowed:
        raise UsageError(f"Định dạng '{fmt}' không hỗ trợ; chọn một trong: {', '.join(allowed)}.")


def state(ctx: typer.Context) -> State:
    obj = ctx.find_object(State)
    if obj is None:
        obj = State()
        ctx.obj = obj
    return obj


app = typer.Typer(
    cls=CoordtrackGroup,
    name="coordtrack",
    help="Sổ theo dõi quy chế phối hợp, hội nghị sơ kết, tổng kết và báo cáo tiếng Việt.\n\n"
    "Ví dụ: coordtrack demo",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coordtrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", metavar="TỆP", help="Tệp sổ đăng ký (mặc định: COORDTRACK_DB, tệp cấu "
        "hình, rồi thư mục dữ liệu người dùng)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Không in thông báo xác nhận."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="In thêm chi tiết."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="In phiên bản rồi thoát."),
) -> None:
    """Sổ theo dõi quy chế phối hợp và hội nghị sơ kết, tổng kết."""
    ctx.obj = State(db=db, quiet=quiet, verbose=verbose)


# Top-level commands and the module that defines each. They are loaded only when asked for:
# building every command of every record type costs more than the command a clerk runs.
COMMAND_MODULES: dict[str, str] = {
    "init": "status", "status": "status",
    **{name: "records" for name in ("body", "person", "agreement", "meeting", "achievement",
                                   "shortcoming", "task", "directive", "recommendation",
                                   "discussion", "commendation", "signing")},
    "import": "capture", "extract": "capture",
    "report": "reports", "followup": "reports", "templates": "reports", "demo": "reports",
    "config": "reports",
    "search": "data", "export": "data", "backup": "data", "restore": "data", "check": "data",
    "reindex": "data", "history": "data", "undo": "data", "serve": "web", "schema": "web",
}


# Vietnamese names for the record commands: `coordtrack hoi-nghi list` is `meeting list`.
ALIASES: dict[str, str] = {
    "co-quan": "body", "nguoi": "person", "quy-che": "agreement", "hoi-nghi": "meeting",
    "ket-qua": "achievement", "ton-tai": "shortcoming", "nhiem-vu": "task",
    "chi-dao": "directive", "kien-nghi": "recommendation", "thao-luan": "discussion",
    "khen-thuong": "commendation", "ky-ket": "signing",
}
COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_COORDTRACK_COMPLETE"  # what the installed script sets to ask for completions
COMPLETION_HELP = {
    "install_completion": "Cài gợi ý lệnh (phím Tab) cho shell đang dùng.",
    "show_completion": "In đoạn mã gợi ý lệnh cho shell đang dùng, để chép hoặc tự cài.",
}


def _completion_callback(name: str):
    """Typer's completion options, with Vietnamese messages instead of its English ones."""

    def callback(ctx, param, value):
        if not value or ctx.resilient_parsing:
            return value
        from typer.completion import get_completion_script, install

        from coordtrack.errors import CoordtrackError

        shell = value if isinstance(value, str) else detected_shell()
        if shell not in COMPLETION_SHELLS:
            raise CoordtrackError(f"Chưa hỗ trợ gợi ý lệnh cho shell '{shell}'; chỉ có: "
                                  f"{', '.join(COMPLETION_SHELLS)}.")
        if name == "install_completion":
            shell, path = install(shell=shell, prog_name="coordtrack",
                                  complete_var=COMPLETE_VAR)
            typer.echo(f"Đã cài gợi ý lệnh cho {shell} vào {path}; mở lại cửa sổ dòng lệnh "
                       "để dùng.")
        else:
            typer.echo(get_completion_script(prog_name="coordtrack", complete_var=COMPLETE_VAR,
                                             shell=shell))
        raise typer.Exit()

    return callback


def detected_shell() -> str:
    try:  # what Typer itself uses to find the shell
        import shellingham

        return shellingham.detect_shell()[0]
    except Exception:  # noqa: BLE001 - no shell found is not an error: fall back to $SHELL
        return os.path.basename(os.environ.get("SHELL", "")) or "bash"


def _accept_global_options(command, root_params) -> None:
    """Let --db, -q and -v also follow the sub-command (`meeting remove 5 -q`): each command
    gets hidden copies of them that set the same State as the top-level ones."""
    import copy

    if hasattr(command, "commands"):  # a group: its leaves take the options
        for sub in command.commands.values():
            _accept_global_options(sub, root_params)
        return
    taken = {opt for param in command.params for opt in param.opts}
    for param in root_params:
        if param.name not in {"db", "quiet", "verbose"} or taken & set(param.opts):
            continue
        local = copy.copy(param)
        local.expose_value = False
        local.hidden = True
        local.callback = _set_state(param.name)
        command.params.append(local)


def _set_state(name: str):
    def callback(ctx, param, value):
        if value:
            setattr(state(ctx), name, value)
        return value

    return callback


def _load_command(name: str):
    import importlib

    module = importlib.import_module(f"coordtrack.cli.{COMMAND_MODULES[name]}")
    holder = typer.Typer(rich_markup_mode=None, context_settings=CONTEXT)
    if hasattr(module, "register_one"):
        module.register_one(holder, name)
    else:
        module.register(holder)

    @holder.callback()
    def _group() -> None:  # keeps Typer from collapsing a one-command app
        pass

    group = typer.main.get_command(holder)
    return group.commands.get(name)


def main() -> None:
    typer.main.get_command(app).main(prog_name="coordtrack")
