"""search, export, backup, check, reindex, history and undo: thin commands over the data modules."""

from __future__ import annotations

import typer

from coordtrack.cli import FORMAT_HELP, check_format, state


def search_command(
    ctx: typer.Context,
    text: str = typer.Argument(..., metavar="NỘI_DUNG", help="Từ cần tìm, không cần dấu; "
                               "đặt trong ngoặc kép để tìm đúng cụm từ."),
    kind: str | None = typer.Option(None, "--kind", "-k",
                                    metavar="LOẠI", help="Chỉ tìm một loại: agreement, "
                                    "meeting, finding, achievement, shortcoming, task, "
                                    "directive, recommendation."),
    body: str | None = typer.Option(None, "--body",
                                    metavar="CƠ_QUAN", help="Chỉ những gì liên quan cơ quan này."),
    date_from: str | None = typer.Option(None, "--from",
                                         metavar="NGÀY", help="Từ ngày hoặc từ kỳ (2023, "
                                         "2023-Q1…)."),
    date_to: str | None = typer.Option(None, "--to",
                                       metavar="NGÀY", help="Đến ngày hoặc đến hết kỳ (2023…)."),
    fmt: str | None = typer.Option(None, "--format", "-f", metavar="ĐỊNH_DẠNG", help=FORMAT_HELP),
    limit: int = typer.Option(50, "--limit", "-n", min=1, metavar="SỐ", help="Số kết quả tối đa."),
) -> None:
    """Tìm trong quy chế, hội nghị và mọi nội dung; không phân biệt dấu, hoa thường, đ/d.

    Ví dụ: coordtrack search "tiep cong dan" --from 2023 --to 2023
    """
    from coordtrack import search as search_mod
    from coordtrack.cli.output import FORMATS, emit_rows, use_rich

    check_format(fmt, FORMATS)
    st = state(ctx)
    reg = st.open(write=False)
    fmt = fmt or ("table" if use_rich() else "plain")
    results, windowed = search_mod.run(reg, text, kind=kind, body=body, date_from=date_from,
                                       date_to=date_to, limit=limit, markup=fmt == "table")
    if windowed:
        from coordtrack.vietnamese import number

        many = number(search_mod.WINDOW)
        st.say(f"Có hơn {many} kết quả; chỉ xếp hạng trong {many} kết quả mới nhất. Hãy thêm "
               "từ hoặc bộ lọc (--kind, --body, --from, --to).")
    if fmt == "table":
        results = [{**r, "snippet": r["snippet_markup"]} for r in results]
    columns = [("type_label", "Loại"), ("id", "Số"), ("date", "Ngày"), ("snippet", "Nội dung")]
    if fmt in {"json", "csv", "tsv"}:
        columns = [("type", "type"), ("id", "id"), ("uid", "uid"), ("date", "date"),
                   ("meeting", "meeting"), ("text", "text"), ("snippet", "snippet"),
                   ("score", "score")]
    emit_rows(results, columns, fmt, title=f"Kết quả tìm kiếm: {text}",
              empty="Không tìm thấy kết quả nào.", markup={"snippet"})


def export_command(
    ctx: typer.Context,
    fmt: str = typer.Option("json", "--format", "-f",
                            metavar="ĐỊNH_DẠNG", help="json, yaml hoặc csv (mở bằng "
                            "Excel)."),
    kinds: list[str] | None = typer.Option(None, "--kind", "-k",
                                           metavar="LOẠI", help="Chỉ xuất loại này "
                                           "(body, person, agreement, meeting, achievement…); "
                                           "có thể lặp lại."),
    meeting: str | None = typer.Option(None, "--meeting",
                                       metavar="HỘI_NGHỊ", help="Chỉ một hội nghị và nội dung "
                                       "của nó."),
    agreement: str | None = typer.Option(None, "--agreement",
                                         metavar="QUY_CHẾ", help="Chỉ một quy chế, các hội "
                                         "nghị đánh giá nó và nội dung của chúng."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="TỆP",
                                      help="Ghi ra tệp (mặc định: đầu ra chuẩn)."),
) -> None:
    """Xuất sổ đăng ký (hoặc một phần) ra JSON/YAML để nhập lại, hoặc CSV cho Excel.

    Ví dụ: coordtrack export -o so-dang-ky.json ; coordtrack export --format csv -o so.csv
    """
    from coordtrack.exchange import register_export as transfer

    check_format(fmt, transfer.EXPORT_FORMATS)
    st = state(ctx)
    reg = st.open(write=False)
    from coordtrack.cli.progress import activity

    # Only when writing to a file: a spinner on the terminal would mix with what is printed.
    with activity(f"Đang xuất ra {output}…", quiet=st.quiet or not output or output == "-"):
        count = transfer.export_to(reg, output, fmt=fmt, kinds=kinds or None, meeting=meeting,
                                   agreement=agreement)
    if output:
        st.say(f"Đã xuất {count} bản ghi ra {output}.")
    note = transfer.csv_note(kinds) if fmt == "csv" else None
    if note:
        st.say(note)


def backup_command(
    ctx: typer.Context,
    path: str = typer.Argument(..., metavar="TỆP", help="Tệp sao lưu cần tạo."),
    force: bool = typer.Option(False, "--force", help="Ghi đè nếu tệp đã có."),
) -> None:
    """Sao lưu sổ đăng ký (an toàn cả khi đang có người ghi).

    Ví dụ: coordtrack backup D:/saoluu/coordtrack-2024-05-31.db
    """
    from coordtrack.register import maintenance

    st = state(ctx)
    target = maintenance.backup(st.register_path(must_exist=True), path, force=force)
    st.say(f"Đã sao lưu sổ đăng ký vào {target}.")


def restore_command(
    ctx: typer.Context,
    path: str = typer.Argument(..., metavar="TỆP_SAO_LƯU", help="Bản sao lưu cần khôi phục."),
) -> None:
    """Thay sổ đăng ký bằng một bản sao lưu đã kiểm tra; sổ cũ được giữ lại bên cạnh.

    Hãy chạy khi không ai khác đang dùng sổ đăng ký.
    Ví dụ: coordtrack restore D:/saoluu/coordtrack-2024-05-31.db
    """
    from coordtrack.register import maintenance

    st = state(ctx)
    for line in maintenance.restore(path, st.register_path()):
        typer.echo(line, err=True)


def check_command(ctx: typer.Context) -> None:
    """Kiểm tra tính toàn vẹn của sổ đăng ký.

    Ví dụ: coordtrack check
    """
    from coordtrack.register import maintenance

    typer.echo(maintenance.check(state(ctx).register_path(must_exist=True)))


def reindex_command(ctx: typer.Context) -> None:
    """Dựng lại chỉ mục tìm kiếm (cả dạng viết đ và d) rồi kiểm tra.

    Dùng khi coordtrack check báo chỉ mục tìm kiếm sai, hoặc sau khi sửa sổ bằng công cụ
    khác (như sqlite-utils rebuild-fts, chỉ lập chỉ mục một dạng viết). Sổ lớn mất vài chục
    giây và người khác phải chờ để ghi: hãy chạy lúc không ai dùng sổ.

    Ví dụ: coordtrack reindex
    """
    from coordtrack.cli.progress import activity
    from coordtrack.register import maintenance

    st = state(ctx)
    reg = st.open(existing=True)
    with activity("Đang dựng lại chỉ mục tìm kiếm…", quiet=st.quiet):
        done = maintenance.rebuild_search(reg)
    for line in done:
        st.say(line)


def history_command(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1,
                              metavar="SỐ", help="Số thay đổi gần nhất."),
    fmt: str | None = typer.Option(None, "--format", "-f", metavar="ĐỊNH_DẠNG", help=FORMAT_HELP),
) -> None:
    """Liệt kê các thay đổi gần đây (có thể hoàn tác bằng: coordtrack undo).

    Ví dụ: coordtrack history -n 10
    """
    from coordtrack.cli.output import FORMATS, emit_rows
    from coordtrack.register import history

    check_format(fmt, FORMATS)
    reg = state(ctx).open(write=False)
    emit_rows(history.list_history(reg, limit=limit), history.COLUMNS, fmt,
              title="Lịch sử thay đổi", empty="Chưa có thay đổi nào.")


def undo_command(
    ctx: typer.Context,
    change: int | None = typer.Argument(None, metavar="SỐ", help="Số thay đổi (xem coordtrack "
                                        "history); mặc định: thay đổi gần nhất."),
) -> None:
    """Hoàn tác một thay đổi (mặc định: thay đổi gần nhất chưa hoàn tác).

    Ví dụ: coordtrack undo ; coordtrack undo 12
    """
    from coordtrack.register import history

    st = state(ctx)
    reg = st.open(existing=True)
    st.say(history.undo(reg, change))


def register(app: typer.Typer) -> None:
    app.command("search")(search_command)
    app.command("export")(export_command)
    app.command("backup")(backup_command)
    app.command("check")(check_command)
    app.command("reindex")(reindex_command)
    app.command("restore")(restore_command)
    app.command("history")(history_command)
    app.command("undo")(undo_command)
