"""`coordtrack import` and `coordtrack meeting new`: a whole meeting from one file."""

from __future__ import annotations

import sys

import typer

from coordtrack.cli import state


def import_command(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="TỆP", help="Tệp YAML/JSON của một hội nghị, "
                                 "hoặc - để đọc từ đầu vào chuẩn."),
) -> None:
    """Nhập một hội nghị cùng toàn bộ nội dung từ tệp YAML hoặc JSON (tất cả hoặc không gì).

    Ví dụ: coordtrack import hoi-nghi-23-5-2024.yaml
    """
    if source.lower().endswith(".csv"):
        from coordtrack.transfer import import_csv
        return state(ctx).say(f"Đã nhập {source}: {import_csv(state(ctx).open(), source)}.")
    from coordtrack import capture

    st = state(ctx)
    if source == "-":
        text, name = sys.stdin.read(), "<đầu vào chuẩn>"
    else:
        from coordtrack.files import read_text

        text = read_text(source)
        name = source
    doc = capture.parse(text, name)
    if "records" in doc and "format" in doc:
        from coordtrack import transfer

        reg = st.open()
        result = transfer.import_export(reg, doc, name)
        st.say(f"Đã nhập {name}: {result}.")
        return
    reg = st.open()
    result = capture.import_document(reg, doc, name)
    st.say(f"Đã nhập {name}: {result.summary()}.")
    typer.echo(result.meeting_id)


def new_command(ctx: typer.Context) -> None:
    """Soạn một hội nghị mới trong trình soạn thảo ($EDITOR), nhập khi lưu.

    Khi có lỗi, tệp được mở lại với lỗi ghi ở đầu; bản nháp được giữ cho đến khi nhập xong.

    Ví dụ: EDITOR=nano coordtrack meeting new
    """
    from coordtrack import editor

    st = state(ctx)
    reg = st.open()
    meeting_id, summary = editor.capture_meeting(reg, say=st.say)
    st.say(f"Đã nhập hội nghị số {meeting_id}: {summary}.")
    typer.echo(meeting_id)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
