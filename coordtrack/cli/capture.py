"""`coordtrack import` and `coordtrack meeting new`: a whole meeting from one file."""

from __future__ import annotations

import typer

from coordtrack.cli import state


def import_command(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="TỆP", help="Tệp YAML/JSON của một hội nghị, "
                                 "tệp xuất JSON/YAML của cả sổ, tệp CSV các nội dung; hoặc - "
                                 "để đọc từ đầu vào chuẩn."),
) -> None:
    """Nhập một hội nghị, một tệp xuất hoặc một tệp CSV nội dung (tất cả hoặc không gì).

    Nhập lại cùng một tệp không tạo bản ghi trùng.

    Ví dụ: coordtrack import hoi-nghi-23-5-2024.yaml
    """
    from coordtrack.exchange.import_any import import_source

    st = state(ctx)
    summary, meeting_id = import_source(st.open, source)
    st.say(f"Đã nhập {source if source != '-' else 'đầu vào chuẩn'}: {summary}.")
    if meeting_id is not None:
        typer.echo(meeting_id)


def new_command(ctx: typer.Context) -> None:
    """Soạn một hội nghị mới trong trình soạn thảo ($EDITOR), nhập khi lưu.

    Khi có lỗi, tệp được mở lại với lỗi ghi ở đầu; bản nháp được giữ cho đến khi nhập xong.

    Ví dụ: EDITOR=nano coordtrack meeting new
    """
    from coordtrack.cli import editor

    st = state(ctx)
    reg = st.open()
    meeting_id, summary = editor.capture_meeting(reg, say=st.say)
    st.say(f"Đã nhập hội nghị số {meeting_id}: {summary}.")
    typer.echo(meeting_id)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
