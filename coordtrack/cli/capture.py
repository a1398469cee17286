"""`coordtrack import` and `coordtrack meeting new`: a whole meeting from one file."""

from __future__ import annotations

import sys
from collections.abc import Callable

import typer

from coordtrack import vietnamese as vi
from coordtrack.cli import state


def import_command(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="TỆP", help="Tệp YAML/JSON của một hội nghị, "
                                 "tệp xuất JSON/YAML của cả sổ, tệp CSV các nội dung; hoặc - "
                                 "để đọc từ đầu vào chuẩn."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Đồng ý trước nếu nhập lại sẽ xóa "
                             "hoặc ghi đè dữ liệu đã có (dùng trong tập lệnh)."),
    prune: bool = typer.Option(False, "--prune", help="Xóa cả các nội dung của hội nghị được "
                               "thêm ngoài tệp (mặc định: giữ lại)."),
) -> None:
    """Nhập một hội nghị, một tệp xuất hoặc một tệp CSV nội dung (tất cả hoặc không gì).

    Nhập lại cùng một tệp không tạo bản ghi trùng. Lần nhập đầu ghi thêm dòng "uid: …" vào
    từng mục của tệp, để lần sau sửa đúng mục ấy kể cả khi nội dung đã đổi. Nếu nhập lại sẽ
    xóa hoặc ghi đè gì, lệnh liệt kê từng mục và hỏi trước (hoặc cần --yes).

    Ví dụ: coordtrack import hoi-nghi-23-5-2024.yaml
    """
    from coordtrack.cli.progress import activity
    from coordtrack.exchange.import_any import import_source

    st = state(ctx)
    confirm = confirmer(yes, interactive=source != "-")
    if confirm is not None and not yes:
        confirm = _pausing(confirm)
    path = st.register_path()
    existed = path.exists()
    try:
        with activity(f"Đang nhập {source if source != '-' else 'đầu vào chuẩn'}…",
                      quiet=st.quiet):
            summary, meeting_id = import_source(st.open, source, prune=prune, confirm=confirm)
    except BaseException:
        if not existed:
            # A failed import into a register that did not exist leaves no empty file.
            from coordtrack.register import close_all

            close_all()
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        raise
    st.say(f"Đã nhập {source if source != '-' else 'đầu vào chuẩn'}: {summary}.")
    if meeting_id is not None:
        typer.echo(meeting_id)


def _pausing(ask: Callable[[list[str]], bool]) -> Callable[[list[str]], bool]:
    """The question to the clerk is asked with the spinner stopped, so it stays readable."""
    def ask_plainly(items: list[str]) -> bool:
        from coordtrack.cli.progress import paused

        with paused():
            return ask(items)

    return ask_plainly


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirmer(yes: bool, *, interactive: bool = True) -> Callable[[list[str]], bool] | None:
    """How a re-import that removes or overwrites gets its answer: --yes, or the clerk at a
    terminal; with neither, None (the import is refused and says why)."""
    if yes:
        return lambda items: True
    if not interactive or not stdin_is_terminal():
        return None

    def ask(items: list[str]) -> bool:
        typer.echo(f"Nhập lại sẽ thay đổi {len(items)} mục đã có:", err=True)
        for item in items:
            typer.echo(f"  - {item}", err=True)
        typer.echo("Đồng ý? Gõ c (có) để tiếp tục, Enter để hủy: ", err=True, nl=False)
        answer = sys.stdin.readline()
        return vi.fold(answer.strip()) in {"c", "co", "y", "yes", "dong y"}

    return ask


def new_command(
    ctx: typer.Context,
    source: str = typer.Option(None, "--from", metavar="TỆP",
                               help="Soạn từ bản nháp lấy ra từ một bài viết, báo cáo hoặc biên "
                                    "bản có sẵn (.txt, .docx, .html; - là đầu vào chuẩn)."),
) -> None:
    """Soạn một hội nghị mới trong trình soạn thảo ($EDITOR), nhập khi lưu.

    Khi có lỗi, tệp được mở lại với lỗi ghi ở đầu; bản nháp được giữ cho đến khi nhập xong.

    Ví dụ: EDITOR=nano coordtrack meeting new --from tin-bai-cu.docx
    """
    from coordtrack.cli import editor

    st = state(ctx)
    reg = st.open()
    initial = None
    if source is not None:
        from coordtrack.exchange.extract import extract

        initial = extract(source, reg)
    meeting_id, summary = editor.capture_meeting(reg, say=st.say, initial=initial)
    st.say(f"Đã nhập hội nghị số {meeting_id}: {summary}.")
    typer.echo(meeting_id)


def extract_command(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="TỆP",
                                 help="Bài viết, báo cáo hoặc biên bản: .txt, .docx, .html lưu "
                                      "từ trình duyệt; hoặc - để đọc văn bản từ đầu vào chuẩn."),
    output: str = typer.Option(None, "-o", "--output", metavar="TỆP",
                               help="Ghi bản nháp ra tệp thay vì in ra màn hình."),
) -> None:
    """Lấy bản nháp tệp hội nghị (YAML) từ một bài viết, báo cáo hoặc biên bản có sẵn.

    Bản nháp chỉ ghi những gì văn bản nêu; câu nào chưa xếp được vào mục nào thì giữ lại
    dưới dòng "# chưa xếp:". Đọc lại, sửa rồi nhập bằng coordtrack import.

    Ví dụ: coordtrack extract tin-bai-23-5-2024.docx -o hoi-nghi.yaml
    """
    from coordtrack.exchange.extract import extract
    from coordtrack.files import write_atomic

    st = state(ctx)
    # Matching names against the register is a help, not a need: a clerk may draft
    # before the register exists, and drafting never creates one.
    reg = st.open(write=False) if st.register_path().exists() else None
    text = extract(source, reg)
    if output and output != "-":
        write_atomic(output, text.encode("utf-8"))
        st.say(f"Đã ghi bản nháp {output}.")
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("extract")(extract_command)
