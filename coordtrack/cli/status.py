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


def status_command(
    ctx: typer.Context,
    fmt: str | None = typer.Option(None, "--format", "-f", metavar="ĐỊNH_DẠNG",
                                   help="plain (văn bản, mặc định) hoặc json."),
) -> None:
    """Tóm tắt sổ đăng ký: vị trí, phiên bản lược đồ, số bản ghi, việc còn tồn đọng.

    Ví dụ: coordtrack status ; coordtrack status --format json
    """
    from coordtrack.cli import check_format
    from coordtrack.cli.output import emit_record
    from coordtrack.config import resolve_register_path
    from coordtrack.register import overview as status

    check_format(fmt, ("plain", "json"))
    st = state(ctx)
    reg = st.open(write=False)
    path, why = resolve_register_path(st.db, st.config)
    if fmt == "json":
        import json

        record = {"register": str(path), "chosen_by": chosen_by_code(why),
                  "chosen_by_label": why, "schema_version": status.schema_version(reg),
                  **{key: value for key, _, value in status.facts(reg)}}
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    rows = [("Sổ đăng ký", f"{path} (theo {why})"),
            ("Phiên bản lược đồ", status.schema_version(reg)), *status.summary(reg)]
    record = {str(i): value for i, (_, value) in enumerate(rows)}
    emit_record(record, [(str(i), label) for i, (label, _) in enumerate(rows)], "plain")


def chosen_by_code(why: str) -> str:
    """How the register was chosen, as a code for scripts."""
    return {"--db": "db_option", "COORDTRACK_DB": "env"}.get(
        why, "config" if why.startswith("tệp cấu hình") else "default")


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.command("status")(status_command)
