"""`coordtrack serve` (Datasette, optional extra) and `coordtrack schema`."""

from __future__ import annotations

import typer

from coordtrack.cli import state
from coordtrack.errors import CoordtrackError

WEB_EXTRA = 'pip install "coordtrack[web]"'


def serve_command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Địa chỉ lắng nghe (mặc định chỉ máy "
                             "này: 127.0.0.1; 0.0.0.0 để máy khác trong mạng xem được)."),
    port: int = typer.Option(8001, "--port", "-p", min=0, max=65535, help="Cổng."),
    immutable: bool = typer.Option(False, "--immutable", help="Coi tệp là bất biến (chỉ dùng "
                                   "cho bản sao không ai ghi; nhanh hơn)."),
) -> None:
    """Mở sổ đăng ký trên trình duyệt (Datasette), chỉ xem: bảng, tìm kiếm, văn bản, biểu đồ.

    Cần cài thêm: pip install "coordtrack[web]". Ví dụ: coordtrack serve --port 8001
    """
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise CoordtrackError(f"Lệnh serve cần phần web của coordtrack; hãy cài: {WEB_EXTRA}") \
            from None
    st = state(ctx)
    path = st.register_path()
    if not path.exists():
        raise CoordtrackError(f"Chưa có sổ đăng ký {path}; hãy tạo bằng: coordtrack init "
                              "(hoặc coordtrack demo).")
    st.open(write=False).close()  # an older register is upgraded (with a backup) first
    from coordtrack.web import server

    shown = f"[{host}]" if ":" in host else host
    st.say(f"Đang mở sổ đăng ký {path} tại http://{shown}:{port}/ (chỉ xem). "
           "Nhấn Ctrl+C để dừng.")
    server.run(path, host, port, immutable=immutable)


def schema_command(
    ctx: typer.Context,
    fmt: str = typer.Option("plain", "--format", "-f", help="plain (văn bản) hoặc json."),
) -> None:
    """In lược đồ của sổ đăng ký: các bảng, khung nhìn, cột và ý nghĩa của từng cột.

    Ví dụ: coordtrack schema ; coordtrack schema --format json
    """
    from coordtrack.register import schema

    if fmt not in {"plain", "json"}:
        from coordtrack.errors import UsageError

        raise UsageError(f"--format: '{fmt}' không hợp lệ; chọn plain hoặc json.")
    st = state(ctx)
    if st.register_path().exists():
        reg = st.open(write=False)
    else:
        from coordtrack.register.file import open_register

        reg = open_register(None)  # no register yet: the schema this version creates
    if fmt == "json":
        import json

        typer.echo(json.dumps(schema.describe(reg.conn), ensure_ascii=False, indent=2))
    else:
        typer.echo(schema.schema_text(reg.conn), nl=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("schema")(schema_command)
