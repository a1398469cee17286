"""`coordtrack init` and `coordtrack status`: the register file itself."""

from __future__ import annotations

import typer

from coordtrack.cli import state


def init_command(ctx: typer.Context) -> None:
    """Tạo sổ đăng ký (nếu chưa có) và in đường dẫn của nó.

    Ví dụ: coordtrack --db so-dang-ky.db init
    """
    from coordtrack.register.file import open_register

    st = state(ctx)
    path = st.register_path()
    existed = path.exists()
    open_register(path, write=True)
    st.say("Sổ đăng ký đã có sẵn." if existed else "Đã tạo sổ đăng ký mới.")
    typer.echo(str(path))


def status_command(ctx: typer.Context) -> None:
    """Tóm tắt sổ đăng ký: vị trí, phiên bản lược đồ, số bản ghi, việc còn tồn đọng.

    Ví dụ: coordtrack status
    """
    from coordtrack.cli.output import emit_record
    from coordtrack.config import resolve_register_path
    from coordtrack.register import overview as status

    st = state(ctx)
    reg = st.open(write=False)
    path, why = resolve_register_path(st.db, st.config)
    rows = [("Sổ đăng ký", f"{path} (theo {why})"),
            ("Phiên bản lược đồ", status.schema_version(reg)), *status.summary(reg)]
    record = {str(i): value for i, (_, value) in enumerate(rows)}
    emit_record(record, [(str(i), label) for i, (label, _) in enumerate(rows)], "plain")


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.command("status")(status_command)
