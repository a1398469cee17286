"""`coordtrack report …`, `templates`, `demo` and `config`: thin wrappers over report/render.

The data comes from `coordtrack.documents.data`, the text from `coordtrack.documents.render`;
these functions only read options, pick the output and print. jinja2 and python-docx are imported
by those modules, lazily, so `coordtrack --version` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from coordtrack.cli import state
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.files import os_error_text

FORMAT_OPT = typer.Option(None, "--format", "-f", metavar="ĐỊNH_DẠNG",
                          help="txt, md, html, docx, pdf (cần LibreOffice) hoặc json (dữ "
                          "liệu cho tập lệnh; mặc định: theo phần mở rộng của -o, nếu không "
                          "thì txt).")
OUTPUT_OPT = typer.Option(None, "--output", "-o", metavar="TỆP",
                          help="Ghi vào tệp (ghi trọn vẹn hoặc không ghi gì) thay vì in ra.")
TEMPLATE_DIR_OPT = typer.Option(None, "--template-dir", metavar="THƯ_MỤC",
                                help="Thư mục mẫu tùy chỉnh; mẫu nào không có ở đây thì dùng "
                                "mẫu mặc định (mặc định: template_dir trong tệp cấu hình).")
TODAY_OPT = typer.Option(None, "--today", metavar="NGÀY", envvar="COORDTRACK_TODAY",
                         help="Dùng khi kiểm thử: coi NGÀY là hôm nay (cũng đọc từ biến môi "
                         "trường COORDTRACK_TODAY).")

report_app = typer.Typer(
    help="Viết tin bài, báo cáo và danh sách theo dõi từ sổ đăng ký (mẫu Jinja2 tiếng Việt).\n\n"
    "Ví dụ: coordtrack report news --meeting 1 -o tin-bai.docx",
    no_args_is_help=True, rich_markup_mode=None)
templates_app = typer.Typer(help="Mẫu báo cáo: xem danh sách, sao chép ra để sửa.\n\n"
                            "Ví dụ: coordtrack templates copy ./mau-bao-cao",
                            no_args_is_help=True, rich_markup_mode=None)
config_app = typer.Typer(help="Tệp cấu hình: vị trí, sổ đăng ký đang dùng và các giá trị.\n\n"
                         "Ví dụ: coordtrack config", rich_markup_mode=None)


def _template_dir(ctx: typer.Context, option: str | None) -> str | None:
    return option or state(ctx).config.template_dir


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    return str(value)


def _emit(ctx: typer.Context, kind: str, data: dict[str, Any], fmt: str | None,
          output: str | None, template_dir: str | None) -> None:
    from coordtrack.documents import render

    to_stdout = output == "-"  # `-o -`: standard output, as for export
    if to_stdout:
        output = None
    if (fmt or "").lower() == "json" or (fmt is None and (output or "").lower().endswith(".json")):
        # For scripts: the data the templates receive, with ISO dates.
        import json

        from coordtrack.exchange.script_json import coded

        content = json.dumps(coded(data), ensure_ascii=False, indent=2, default=_json_value) + "\n"
        if output is None:
            sys.stdout.write(content)
            sys.stdout.flush()
        else:
            state(ctx).say(f"Đã ghi {render.write_atomic(output, content)}.")
        return
    chosen = render.pick_format(fmt, output)
    if chosen in render.BINARY_FORMATS and output is None and not to_stdout:
        raise UsageError(f"Định dạng {chosen} là tệp nhị phân, không in ra màn hình được; "
                         f"hãy ghi vào tệp bằng -o TỆP.{chosen}.")
    if chosen == "pdf":
        from coordtrack.documents.pdf import MISSING, find_soffice

        if find_soffice() is None:
            raise CoordtrackError(MISSING)
    office = data.get("office")
    # The monthly and follow-up texts have no letterhead; their .docx and PDF have one.
    if office and office["missing"] and (kind == "summary" or chosen in render.BINARY_FORMATS):
        _warn_missing_settings(ctx, office["missing"])
    content = render.render(kind, chosen, data, _template_dir(ctx, template_dir))
    if to_stdout:
        render.write_atomic("-", content)
        return
    if output is None:
        if sys.stdout.isatty():  # a report on screen, not into a pipe: no raw control codes
            from coordtrack.cli.output import terminal_safe

            content = terminal_safe(str(content))
        sys.stdout.write(content)  # type: ignore[arg-type]
        sys.stdout.flush()
        return
    path = render.write_atomic(output, content)
    state(ctx).say(f"Đã ghi {path}.")


def _warn_missing_settings(ctx: typer.Context, missing: list[str]) -> None:
    from coordtrack.config import config_path

    names = ", ".join(missing)
    typer.echo(f"Cảnh báo: tệp cấu hình chưa có {names}; văn bản ghi \"…\" ở những chỗ đó. "
               f"Tạo tệp mẫu bằng: coordtrack config init, rồi điền vào {config_path()}.",
               err=True)


@report_app.command("news")
def news_command(
    ctx: typer.Context,
    meeting: str = typer.Option(..., "--meeting", "-m", metavar="SỐ",
                                help="Hội nghị (số hoặc uid)."),
    fmt: str | None = FORMAT_OPT,
    output: str | None = OUTPUT_OPT,
    template_dir: str | None = TEMPLATE_DIR_OPT,
) -> None:
    """Tin bài về một hội nghị, theo lối các bài đưa tin của cơ quan.

    \b
    Ví dụ: coordtrack report news --meeting 1 -o tin-bai.docx
    """
    from coordtrack.documents import data as report

    reg = state(ctx).open(write=False)
    _emit(ctx, "news", report.news_data(reg, meeting), fmt, output, template_dir)


@report_app.command("summary")
def summary_command(
    ctx: typer.Context,
    agreement: str | None = typer.Option(None, "--agreement", "-a", metavar="QUY_CHẾ",
                                         help="Quy chế phối hợp (số, số hiệu hoặc tên)."),
    body: str | None = typer.Option(None, "--body", "-b", metavar="CƠ_QUAN",
                                    help="Báo cáo về một cơ quan trong kỳ, qua mọi quy chế: "
                                    "hội nghị cơ quan tổ chức hoặc tham dự, kết quả, tồn tại, "
                                    "nhiệm vụ, ý kiến chỉ đạo, kiến nghị; cùng --agreement thì "
                                    "là báo cáo quy chế, chỉ gồm các hội nghị của quy chế do cơ "
                                    "quan này tổ chức."),
    year: int | None = typer.Option(None, "--year", "-y", metavar="NĂM", help="Năm báo cáo."),
    period: str | None = typer.Option(None, "--period", metavar="KỲ",
                                      help="Kỳ báo cáo: 2024-H1, 2024-Q3, 6 tháng đầu năm "
                                      "2024…"),
    from_: str | None = typer.Option(None, "--from", metavar="NGÀY", help="Từ ngày."),
    to: str | None = typer.Option(None, "--to", metavar="NGÀY", help="Đến ngày."),
    number: str | None = typer.Option(None, "--number", metavar="SỐ",
                                      help="Số văn bản (mặc định để trống: …)."),
    fmt: str | None = FORMAT_OPT,
    output: str | None = OUTPUT_OPT,
    template_dir: str | None = TEMPLATE_DIR_OPT,
    today: str | None = TODAY_OPT,
) -> None:
    """Báo cáo kết quả thực hiện quy chế phối hợp, hoặc kết quả công tác phối hợp của một
    cơ quan, trong một kỳ (thể thức Nghị định 30/2020/NĐ-CP; cơ quan Đảng theo Hướng dẫn
    36-HD/VPTW).

    \b
    Ví dụ: coordtrack report summary --agreement 1 --year 2024 -o bao-cao-2024.docx
           coordtrack report summary --body VPHU --year 2024 -o bao-cao-vphu-2024.docx
           coordtrack report summary --body "Huyện ủy" --period 2024-Q1 -o quy-1.pdf
    """
    from coordtrack.documents import data as report

    st = state(ctx)
    when = report.report_today(today)
    reg = st.open(write=False)
    data = report.summary_data(reg, st.config, when, agreement=agreement, body=body, year=year,
                               period=period, start=from_, end=to, number=number)
    _emit(ctx, "summary", data, fmt, output, template_dir)


@report_app.command("monthly")
def monthly_command(
    ctx: typer.Context,
    month: str = typer.Option("last", "--month", metavar="THÁNG",
                              help="YYYY-MM, MM/YYYY, last (tháng trước) hoặc this (tháng này)."),
    fmt: str | None = FORMAT_OPT,
    output: str | None = OUTPUT_OPT,
    template_dir: str | None = TEMPLATE_DIR_OPT,
    today: str | None = TODAY_OPT,
) -> None:
    """Tình hình trong tháng: hội nghị, nội dung ghi nhận, tồn tại đã khắc phục, nhiệm vụ
    hoàn thành, đến hạn và quá hạn. Dùng được trong cron / Task Scheduler.

    \b
    Ví dụ: coordtrack report monthly --month last
    """
    from coordtrack.documents import data as report

    when = report.report_today(today)
    st = state(ctx)
    reg = st.open(write=False)
    _emit(ctx, "monthly", report.monthly_data(reg, when, month, st.config), fmt, output,
          template_dir)


@report_app.command("followup")
def followup_command(
    ctx: typer.Context,
    body: str | None = typer.Option(None, "--body", metavar="CƠ_QUAN",
                                    help="Chỉ cơ quan này."),
    agreement: str | None = typer.Option(None, "--agreement", "-a", metavar="QUY_CHẾ",
                                         help="Chỉ các hội nghị của quy chế này."),
    overdue: bool = typer.Option(False, "--overdue", help="Chỉ nhiệm vụ quá hạn."),
    fmt: str | None = FORMAT_OPT,
    output: str | None = OUTPUT_OPT,
    template_dir: str | None = TEMPLATE_DIR_OPT,
    today: str | None = TODAY_OPT,
) -> None:
    """Tồn tại chưa khắc phục và nhiệm vụ chưa hoàn thành, theo từng cơ quan, kèm số ngày
    và thời hạn.

    \b
    Ví dụ: coordtrack report followup --overdue
    """
    from coordtrack.documents import data as report

    when = report.report_today(today)
    st = state(ctx)
    reg = st.open(write=False)
    data = report.followup_data(reg, when, body=body, agreement=agreement, overdue_only=overdue,
                                config=st.config)
    _emit(ctx, "followup", data, fmt, output, template_dir)


# -- templates ---------------------------------------------------------------------------------
@templates_app.command("list")
def templates_list(
    ctx: typer.Context,
    template_dir: str | None = TEMPLATE_DIR_OPT,
) -> None:
    """Liệt kê các mẫu và cho biết mẫu nào đang được thay bằng bản tùy chỉnh.

    \b
    Ví dụ: coordtrack templates list --template-dir ./mau-bao-cao
    """
    from coordtrack.cli.output import emit_rows
    from coordtrack.documents import render

    rows = render.list_templates(_template_dir(ctx, template_dir))
    emit_rows(rows, [("name", "Mẫu"), ("source", "Nguồn"), ("path", "Đường dẫn")], None,
              title="Mẫu báo cáo")


@templates_app.command("copy")
def templates_copy(
    ctx: typer.Context,
    dest: str = typer.Argument(..., metavar="THƯ_MỤC", help="Thư mục nhận bản sao."),
    force: bool = typer.Option(False, "--force", help="Ghi đè mẫu đã có trong thư mục."),
) -> None:
    """Sao chép các mẫu mặc định ra THƯ_MỤC để sửa; sau đó dùng --template-dir THƯ_MỤC
    (hoặc template_dir trong tệp cấu hình).

    \b
    Ví dụ: coordtrack templates copy ./mau-bao-cao
    """
    from coordtrack.documents import render

    copied = render.copy_templates(dest, force=force)
    state(ctx).say(f"Đã sao chép {len(copied)} mẫu vào {Path(dest).expanduser()}; sửa xong "
                   f"thì dùng: coordtrack report … --template-dir {dest}")


# -- demo --------------------------------------------------------------------------------------


def demo_command(
    ctx: typer.Context,
    path: str | None = typer.Argument(None, metavar="TỆP",
                                      help="Nơi tạo sổ đăng ký mẫu (mặc định: thư mục tạm)."),
    db: str | None = typer.Option(None, "--db", metavar="TỆP",
                                  help="Như TỆP: nơi tạo sổ đăng ký mẫu."),
) -> None:
    """Tạo sổ đăng ký mẫu từ ba bài viết mẫu rồi in tin bài về hội nghị ngày 23/5/2024.

    \b
    Ví dụ: coordtrack demo
           coordtrack demo mau.db && coordtrack --db mau.db meeting list
    """
    import tempfile

    from coordtrack import demo
    from coordtrack.documents import data as report
    from coordtrack.documents import render
    from coordtrack.register.file import open_register
    from coordtrack.resources import fixture_files

    st = state(ctx)
    if path and db and Path(path) != Path(db):
        raise UsageError("Chỉ ghi một nơi tạo sổ mẫu: TỆP hoặc --db.")
    # Only a path given on this command line: the demo must never fill the clerk's real
    # register found through COORDTRACK_DB or the config file.
    chosen = path or db or st.db
    if chosen:
        target = Path(chosen).expanduser()
    else:
        target = Path(tempfile.mkdtemp(prefix="coordtrack-demo-")) / "coordtrack-demo.db"
    reg = open_register(target, write=True)
    try:
        demo.refuse_a_register_in_use(reg)
        news_id = demo.build(reg)
        st.say(f"Đã tạo sổ đăng ký mẫu {target} với {len(fixture_files())} hội nghị.")
        st.say(f"Xem tiếp: coordtrack --db {target} meeting list")
        text = render.render("news", "txt", report.news_data(reg, news_id))
    finally:
        reg.close()
    sys.stdout.write(text)  # type: ignore[arg-type]


# -- config ------------------------------------------------------------------------------------


@config_app.callback(invoke_without_command=True)
def config_show(ctx: typer.Context) -> None:
    """Cho biết tệp cấu hình ở đâu, sổ đăng ký nào đang được dùng và vì sao, và các giá trị."""
    if ctx.invoked_subcommand is not None:
        return
    from dataclasses import fields

    from coordtrack.config import config_path, resolve_register_path

    st = state(ctx)
    cfg = st.config
    path = config_path()
    register, why = resolve_register_path(st.db, cfg)
    exists = "" if path.exists() else " (chưa có; tạo bằng: coordtrack config init)"
    lines = [f"Tệp cấu hình: {path}{exists}", f"Sổ đăng ký: {register} (theo {why})",
             "Giá trị:"]
    for f in fields(cfg):
        if f.name == "source":
            continue
        value = getattr(cfg, f.name)
        lines.append(f"  {f.name} = {value if value is not None else '(chưa đặt)'}")
    typer.echo("\n".join(lines))


@config_app.command("init")
def config_init(
    ctx: typer.Context,
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp cấu hình đã có."),
) -> None:
    """Tạo tệp cấu hình mẫu có chú thích (các giá trị để ở dạng chú thích).

    \b
    Ví dụ: coordtrack config init
    """
    from coordtrack.config import config_path
    from coordtrack.documents import render
    from coordtrack.errors import CoordtrackError

    path = config_path()
    if path.exists() and not force:
        raise CoordtrackError(f"Đã có tệp cấu hình {path}; dùng --force để ghi đè.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoordtrackError(f"Không tạo được thư mục {path.parent}: "
                              f"{os_error_text(exc)}.") from None
    from coordtrack.resources import builtin_templates_dir

    example = (builtin_templates_dir() / "config-example.toml").read_text(encoding="utf-8")
    render.write_atomic(path, example)
    state(ctx).say(f"Đã tạo tệp cấu hình {path}.")


def register_one(app: typer.Typer, name: str) -> None:
    # One top-level command at a time: Typer builds every command of the app it is given
    # (a signature and type hints each), and `report monthly` needs only the report group.
    if name == "report":
        app.add_typer(report_app, name="report")
    elif name == "templates":
        app.add_typer(templates_app, name="templates")
    elif name == "config":
        app.add_typer(config_app, name="config")
    elif name == "demo":
        app.command("demo")(demo_command)
    elif name == "followup":
        # DESIGN names `coordtrack followup` as the clerk's daily look at what is still open.
        app.command("followup", help="Tồn tại chưa khắc phục và nhiệm vụ chưa hoàn thành, "
                    "theo từng cơ quan (như: coordtrack report followup).\n\nVí dụ: "
                    "coordtrack followup --overdue")(followup_command)


def register(app: typer.Typer) -> None:
    for name in ("report", "templates", "config", "demo", "followup"):
        register_one(app, name)
