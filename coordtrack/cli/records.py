"""add / list / show / edit / remove for the nine record types, generated from their descriptions.

One builder serves every type: the options of each command come from `recordtypes`, so the
nine sub-apps cannot drift apart.
"""

from __future__ import annotations

import inspect
import json
import sys
from datetime import date
from typing import Any

import typer

from coordtrack.cli import FORMAT_HELP, check_format, state
from coordtrack.register import records
from coordtrack.register.recordtypes import (
    FINDING_KINDS,
    RECORD_TYPES,
    Field,
    RecordType,
    role_code,
)

FILTER_OPTIONS = {
    "meeting": ("--meeting", "Chỉ nội dung của hội nghị này (số hoặc uid).", "HỘI_NGHỊ"),
    "agreement": ("--agreement", "Chỉ những gì thuộc quy chế này (số, số hiệu hoặc tên).",
                  "QUY_CHẾ"),
    "body": ("--body", "Chỉ những gì liên quan cơ quan này (số, tên viết tắt hoặc tên).",
             "CƠ_QUAN"),
    "kind": ("--kind", "Loại hội nghị: tổng kết, sơ kết, đánh giá, giao ban, khác.", "LOẠI"),
    "status": ("--status", "Tình trạng.", "TÌNH_TRẠNG"),
    "from": ("--from", "Từ ngày (theo ngày hội nghị).", "NGÀY"),
    "to": ("--to", "Đến ngày (theo ngày hội nghị).", "NGÀY"),
}
KIND_HEADINGS = {
    "achievement": "Kết quả đạt được",
    "shortcoming": "Tồn tại, hạn chế",
    "directive": "Ý kiến chỉ đạo",
    "recommendation": "Kiến nghị, đề xuất",
    "task": "Phương hướng, nhiệm vụ",
}


def _command(params: list[inspect.Parameter], impl):
    def command(**kwargs):
        return impl(**kwargs)

    command.__signature__ = inspect.Signature(params)
    command.__annotations__ = {p.name: p.annotation for p in params}
    return command


def _param(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


def label_metavar(label: str) -> str:
    return label.upper().replace(" ", "_")


def _option_for(field: Field) -> inspect.Parameter:
    many = field.value_type.many
    flag = "--" + (field.aliases[0] if many and field.aliases else field.name).replace("_", "-")
    help_text = field.help
    if field.choices and not all(choice in help_text for choice in field.choices):
        help_text += f" [{', '.join(field.choices)}]"
    if field.value_type.flag:
        return _param(field.name, bool | None, typer.Option(
            None, f"{flag}/--no-{field.name.replace('_', '-')}", help=help_text))
    metavar = field.value_type.metavar
    if field.type in {"text", "list"}:
        # Free text is named by what it is (--place ĐỊA_ĐIỂM, --cause NGUYÊN_NHÂN).
        metavar = label_metavar(field.label)
    if many:
        if "lặp lại" not in help_text:
            help_text += " Có thể lặp lại."
        return _param(field.name, list[str] | None,
                      typer.Option(None, flag, help=help_text, metavar=metavar))
    return _param(field.name, str | None, typer.Option(None, flag, help=help_text,
                                                       metavar=metavar))


CTX = _param("ctx", typer.Context, inspect.Parameter.empty)
OUTPUT = _param("output", str | None, typer.Option(
    None, "--output", "-o", metavar="TỆP", help="Ghi ra tệp (trọn vẹn hoặc không gì) thay vì "
    "in ra; định dạng theo phần mở rộng (.csv, .json…) nếu không có --format."))
FMT = _param("fmt", str | None, typer.Option(None, "--format", "-f", help=FORMAT_HELP,
                                             metavar="ĐỊNH_DẠNG"))


def _given(rt: RecordType, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {f.name: kwargs[f.name] for f in rt.fields
            if f.name in kwargs and kwargs[f.name] is not None}


def _empty_listing(rt, filters: dict) -> str:
    # With a filter given, "none yet" would read as an empty register.
    if any(v not in (None, False, (), []) for v in filters.values()):
        return f"Không có {rt.label} nào khớp điều kiện đã chọn."
    return f"Chưa có {rt.label} nào."


def _list_columns(rt: RecordType) -> list[tuple[str, str]]:
    columns = [("id", "Số")] + [(f.name, f.label) for f in rt.fields if f.in_list]
    replaced = {c.replaces for c in rt.computed}
    return [c for c in columns if c[0] not in replaced] + [
        (c.name, c.list_label) for c in rt.computed]


def _show_fields(rt: RecordType) -> list[tuple[str, str]]:
    fields = [("id", "Số")] + [(f.name, f.label) for f in rt.fields
                               if f.name not in {"chairs", "attendees", "position"}]
    fields += [(c.name, c.label) for c in rt.computed]
    return fields + [("uid", "Mã định danh (uid)")]


def build(rt: RecordType) -> typer.Typer:
    sub = typer.Typer(help=f"{rt.help}\n\nVí dụ: {rt.example}", no_args_is_help=True,
                      rich_markup_mode=None)
    main = rt.field(rt.main)

    def add_impl(ctx: typer.Context, **kwargs):
        st = state(ctx)
        values = _given(rt, kwargs)
        values[main.name] = kwargs[main.name]
        reg = st.open()
        with reg.transaction(f"{rt.name} add", f"Thêm {rt.label}"):
            record_id = records.add(reg, rt, values)
        st.say(f"Đã thêm {rt.label} số {record_id}.")
        typer.echo(record_id)

    main_metavar = label_metavar(main.label)
    add_params = [CTX, inspect.Parameter(main.name, inspect.Parameter.KEYWORD_ONLY,
                                         annotation=str,
                                         default=typer.Argument(..., help=main.help,
                                                                metavar=main_metavar))]
    add_params += [_option_for(f) for f in rt.fields if f.name != main.name]
    sub.command("add", help=f"Thêm {rt.label}.\n\nVí dụ: {rt.example}")(
        _command(add_params, add_impl))

    def list_impl(ctx: typer.Context, fmt: str | None = None, limit: int | None = None,
                  output: str | None = None, **filters):
        check_format(fmt)
        from coordtrack.cli.output import (
            display_cell,
            display_sql,
            emit_cells,
            emit_listing,
            emit_rows,
            to_output,
            use_rich,
        )

        st = state(ctx)
        reg = st.open(write=False)
        with to_output(output, fmt) as (out, chosen):
            if (chosen or ("table" if use_rich(out) else "plain")) == "plain":
                # SQLite says the cells, and lays out the lines after the first rows.
                columns = _list_columns(rt)
                keys = [k for k, _ in columns]
                empty = _empty_listing(rt, filters)
                if rt.sort_key is None:
                    with records.Cells(reg, rt, filters, keys, display_sql,
                                       display_cell) as cells:
                        emit_listing(cells, columns, limit, empty=empty, out=out)
                else:
                    emit_cells(records.iter_cells(reg, rt, filters, keys, display_sql,
                                                  display_cell, limit=limit),
                               columns, empty=empty, out=out)
                if output and output != "-":
                    st.say(f"Đã ghi {output}.")
                return
            rows = records.iter_records(reg, rt, filters, limit=limit)
            if chosen in {"json", "ndjson"}:
                from coordtrack.cli.output import write_json
                from coordtrack.exchange import script_json

                write_json(out, script_json.records(reg, rt, (r["id"] for r in rows)), chosen)
            else:
                emit_rows(rows, _list_columns(rt), chosen, title=f"Danh sách {rt.label}",
                          empty=_empty_listing(rt, filters), out=out)
        if output and output != "-":
            st.say(f"Đã ghi {output}.")

    list_params = [CTX, FMT, _param("limit", int | None, typer.Option(
        None, "--limit", "-n", min=1, help="Chỉ in tối đa N bản ghi.")), OUTPUT]
    for name in rt.filters:
        if name == "overdue":
            list_params.append(_param("overdue", bool, typer.Option(
                False, "--overdue", help="Chỉ nhiệm vụ quá hạn chưa hoàn thành.")))
            continue
        flag, help_text, metavar = FILTER_OPTIONS[name]
        if name == "status" and rt.statuses:
            help_text += f" [{', '.join(rt.statuses)}]"
        list_params.append(_param(name if name not in {"from", "to"} else f"{name}_",
                                  str | None, typer.Option(None, flag, help=help_text,
                                                           metavar=metavar)))

    def list_entry(ctx: typer.Context, fmt=None, limit=None, output=None, **kw):
        filters = {k.rstrip("_"): v for k, v in kw.items()}
        return list_impl(ctx, fmt, limit, output, **filters)

    sub.command("list", help=f"Liệt kê {rt.label}.\n\nVí dụ: coordtrack {rt.name} list "
                "--format csv")(_command(list_params, list_entry))

    def show_impl(ctx: typer.Context, ref: str, fmt: str | None = None):
        check_format(fmt)
        from coordtrack.cli.output import emit_record

        reg = state(ctx).open(write=False)
        record_id = records.find(reg, rt, ref)
        if fmt in {"json", "ndjson"}:
            from coordtrack.exchange import script_json

            item = script_json.record(reg, rt, record_id)
            if rt.whole:
                item["findings"] = script_json.meeting_findings(reg, record_id)
            indent = None if fmt == "ndjson" else 2
            sys.stdout.write(json.dumps(item, ensure_ascii=False, indent=indent) + "\n")
            return
        record = records.get(reg, rt, record_id)
        if rt.whole:
            show_meeting(reg, record, fmt)
            return
        emit_record(record, _show_fields(rt), fmt, title=f"{rt.label.capitalize()} số {record_id}")

    ref_param = inspect.Parameter("ref", inspect.Parameter.KEYWORD_ONLY, annotation=str,
                                  default=typer.Argument(..., metavar="SỐ",
                                                         help="Số (id) hoặc uid."))
    sub.command("show", help=f"Xem chi tiết {rt.label}.\n\nVí dụ: coordtrack {rt.name} show 1")(
        _command([CTX, ref_param, FMT], show_impl))

    def edit_impl(ctx: typer.Context, ref: str, **kwargs):
        st = state(ctx)
        yes = kwargs.pop("yes", False)
        values = _given(rt, kwargs)
        if not values and rt.whole:
            edit_meeting_file(st, ref, yes)
            return
        if not values:
            from coordtrack.errors import UsageError

            raise UsageError("Chưa có gì để sửa: hãy cho ít nhất một tùy chọn (xem --help).")
        reg = st.open(existing=True)
        record_id = records.find(reg, rt, ref)
        with reg.transaction(f"{rt.name} edit", f"Sửa {rt.label} số {record_id}"):
            changed = records.edit(reg, rt, record_id, values)
        st.say(f"Đã sửa {rt.label} số {record_id}." if changed else "Không có thay đổi nào.")

    edit_params = [CTX, ref_param] + [_option_for(f) for f in rt.fields]
    edit_help = (f"Sửa {rt.label}.\n\nVí dụ: coordtrack {rt.name} edit 1 "
                 f"--{rt.main.replace('_', '-')} \"…\"")
    if rt.whole:
        edit_params.append(YES)
        edit_help += ("\n\nKhông có tùy chọn nào: mở cả hội nghị (kèm các nội dung) dạng tệp "
                      "hội nghị trong trình soạn thảo, nhập lại khi lưu.\n\nVí dụ: coordtrack "
                      "meeting edit 1")
    sub.command("edit", help=edit_help)(_command(edit_params, edit_impl))

    def remove_impl(ctx: typer.Context, ref: str):
        st = state(ctx)
        reg = st.open(existing=True)
        record_id = records.find(reg, rt, ref)
        with reg.transaction(f"{rt.name} remove", f"Xóa {rt.label} số {record_id}"):
            records.remove(reg, rt, record_id)
        st.say(f"Đã xóa {rt.label} số {record_id} (có thể hoàn tác bằng: coordtrack undo).")

    sub.command("remove", help=f"Xóa {rt.label} (có thể hoàn tác).\n\nVí dụ: coordtrack "
                f"{rt.name} remove 1")(_command([CTX, ref_param], remove_impl))
    return sub


YES = _param("yes", bool, typer.Option(
    False, "--yes", "-y", help="Đồng ý trước nếu việc nhập lại sẽ xóa hoặc ghi đè dữ liệu."))


def edit_meeting_file(st, ref: str, yes: bool) -> None:
    """`meeting edit N` without options: the whole meeting in the editor."""
    from coordtrack.cli import editor
    from coordtrack.cli.capture import confirmer

    reg = st.open(existing=True)
    record_id = records.find(reg, RECORD_TYPES["meeting"], ref)
    meeting_id, summary = editor.edit_meeting(reg, record_id, say=st.say,
                                              confirm=confirmer(yes))
    if meeting_id is None:
        st.say("Không có thay đổi nào.")
    else:
        st.say(f"Đã sửa hội nghị số {meeting_id}: {summary}.")


def export_meeting_command(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="SỐ", help="Số (id) hoặc uid của hội nghị."),
) -> None:
    """In một hội nghị (kèm các nội dung) dạng tệp hội nghị YAML, để sửa rồi nhập lại.

    Ví dụ: coordtrack meeting export 1 > hoi-nghi-1.yaml
    """
    import sys

    from coordtrack.exchange.meeting_file import export_meeting

    reg = state(ctx).open(write=False)
    record_id = records.find(reg, RECORD_TYPES["meeting"], ref)
    sys.stdout.write(export_meeting(reg, record_id)[0])


def show_meeting(reg, record: dict[str, Any], fmt: str | None) -> None:
    """A meeting with its people and every finding under its kind, in the recorded order."""
    import json
    import sys

    from coordtrack import vietnamese as vi
    from coordtrack.cli.output import display, emit_record

    rt = RECORD_TYPES["meeting"]
    chairs = records.participants(reg, record["id"], role_code("chairs"))
    attendees = records.participants(reg, record["id"], role_code("attendees"))
    findings = records.meeting_findings(reg, record["id"])
    if fmt == "json":
        record = {**record, "chairs": chairs, "attendees": attendees, "findings": findings}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt in {"csv", "tsv"}:
        emit_record(record, _show_fields(rt), fmt)
        return
    emit_record(record, _show_fields(rt), "plain" if fmt in (None, "plain") else fmt,
                title=f"Hội nghị số {record['id']}")
    out = sys.stdout
    for heading, people in (("Chủ trì", chairs), ("Tham dự", attendees)):
        if people:
            out.write(f"\n{heading}:\n")
            for p in people:
                out.write(f"  - {vi.person_phrase(p['name'], p['titles'], honorific='')}"
                          f" [người số {p['id']}]\n")
    for kind in FINDING_KINDS:
        items = findings[kind]
        if not items:
            continue
        out.write(f"\n{KIND_HEADINGS[kind]}:\n")
        for item in items:
            extra = []
            if item.get("value") is not None:  # a figure (achievements), with its unit
                extra.append(f"{display(item['value'])} {item.get('unit') or ''}".strip())
            # A computed value that stands in for a stored one (a task's category for
            # its status) is said once.
            replaced = {c.replaces for c in RECORD_TYPES[kind].computed}
            for key in ("body", "speakers", "owners", "from_body", "to_body", "due_on",
                        "category", "status"):
                if key in replaced:
                    continue
                if item.get(key):
                    extra.append(display(item[key], key))
            suffix = f" ({'; '.join(extra)})" if extra else ""
            out.write(f"  {item['id']}. {vi.sentence_case(item['text'])}{suffix}\n")
            if item.get("response"):
                out.write(f"     Trả lời: {item['response']}\n")


def _new_command():
    from coordtrack.cli.capture import new_command  # only when asked: it imports more

    return new_command


# The sub-commands a record type may name in its `commands`, each loaded when registered.
EXTRA_COMMANDS = {"new": _new_command, "export": lambda: export_meeting_command}


def register_one(app: typer.Typer, name: str) -> None:
    rt = RECORD_TYPES[name]
    sub = build(rt)
    if rt.completion is not None:
        _completion_command(sub, rt)
    for command in rt.commands:
        sub.command(command)(EXTRA_COMMANDS[command]())
    app.add_typer(sub, name=rt.name, help=rt.help)


def register(app: typer.Typer) -> None:
    for name in RECORD_TYPES:
        register_one(app, name)


def _completion_command(sub: typer.Typer, rt: RecordType) -> None:
    completion = rt.completion
    assert completion is not None
    verb = completion.verb[0].upper() + completion.verb[1:]

    @sub.command(completion.command, help=completion.help)
    def command(
        ctx: typer.Context,
        ref: str = typer.Argument(..., metavar="SỐ", help="Số (id) hoặc uid."),
        on: str | None = typer.Option(None, "--on", metavar="NGÀY",
                                       help="Ngày (mặc định: hôm nay)."),
    ) -> None:
        from coordtrack import vietnamese as vi
        from coordtrack.errors import CoordtrackError

        st = state(ctx)
        try:
            when = vi.parse_date(on) if on else date.today()
        except ValueError as exc:
            raise CoordtrackError(f"--on: {exc}") from exc
        reg = st.open(existing=True)
        record_id = records.find(reg, rt, ref)
        with reg.transaction(f"{rt.name} {completion.command}",
                             f"{verb} {rt.label} số {record_id}"):
            records.complete(reg, rt, record_id, when)
        st.say(f"Đã ghi nhận {completion.verb} {rt.label} số {record_id} ngày "
               f"{vi.news_date(when)}.")
