"""The Datasette plugin of `coordtrack serve`: document pages and a dashboard.

Registered by `coordtrack serve` itself (not through an entry point), so a plain `datasette`
run in the same environment is not changed. The documents come from the same templates and
data builders as `coordtrack report`; each page links its .docx.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from coordtrack.errors import CoordtrackError, InvalidValue, UsageError
from coordtrack.vietnamese import month_sql, sorted_vi, year_sql

PREFIX = "/-/coordtrack"
# Set by `coordtrack serve` before Datasette starts.
SETTINGS: dict[str, Any] = {"path": None, "database": None}


def _register():
    from coordtrack.register.file import open_read_only

    return open_read_only(Path(SETTINGS["path"]))


def _document(kind: str, fmt: str, build) -> str | bytes:
    from coordtrack.documents import render

    reg = _register()
    try:
        return render.render(kind, fmt, build(reg))
    finally:
        reg.close()


def _config():
    from coordtrack.config import load_config

    return load_config()


# Each page by name: how its data is built from the URL's parts. The body summary is a
# summary (same templates), reached by its own route.
BUILDERS = {
    "news": lambda args: (lambda reg: _data().news_data(reg, int(args["meeting"]))),
    "summary": lambda args: (lambda reg: _data().summary_data(
        reg, _config(), date.today(), agreement=int(args["agreement"]), year=int(args["year"]))),
    "body_summary": lambda args: (lambda reg: _data().summary_data(
        reg, _config(), date.today(), body=int(args["body"]), year=int(args["year"]))),
    "monthly": lambda args: (lambda reg: _data().monthly_data(reg, date.today(),
                                                              args["month"], _config())),
}
FILE_NAMES = {
    "news": "tin-bai-hoi-nghi-{meeting}.docx",
    "summary": "bao-cao-quy-che-{agreement}-nam-{year}.docx",
    "body_summary": "bao-cao-co-quan-{body}-nam-{year}.docx",
    "monthly": "bao-cao-thang-{month}.docx",
}


# Pages whose document kind (templates) differs from their name.
RENDERED_AS = {"body_summary": "summary"}


def _data():
    from coordtrack.documents import data

    return data


async def _page(datasette, request, template: str, context: dict[str, Any], status: int = 200):
    html = await datasette.render_template(template, {"prefix": PREFIX, **context},
                                           request=request)
    return Response.html(html, status=status)


async def document_view(datasette, request):
    args = dict(request.url_vars)
    return await _document_response(datasette, request, args.pop("kind"), args)


async def body_summary_view(datasette, request):
    return await _document_response(datasette, request, "body_summary", dict(request.url_vars))


async def _document_response(datasette, request, page: str, args: dict[str, Any]):
    kind = RENDERED_AS.get(page, page)
    docx = args.pop("docx", None)
    try:
        if docx:
            content = _document(kind, "docx", BUILDERS[page](args))
            name = FILE_NAMES[page].format(**args)
            return Response(content, content_type="application/vnd.openxmlformats-"
                            "officedocument.wordprocessingml.document",
                            headers={"content-disposition": f'attachment; filename="{name}"'})
        html = _document(kind, "html", BUILDERS[page](args))
    except CoordtrackError as exc:
        # A value that cannot be read (year 0000, month 13) is the request's fault: 400.
        status = 400 if isinstance(exc, (UsageError, InvalidValue)) else 404
        return await _page(datasette, request, "coordtrack_message.html",
                           {"title": "Không lập được văn bản", "message": str(exc)}, status)
    style = "".join(re.findall(r"<style>.*?</style>", html, re.S))
    body = re.search(r"<body>(.*)</body>", html, re.S)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    return await _page(datasette, request, "coordtrack_document.html", {
        "title": Markup(title.group(1)) if title else kind,
        "document_style": Markup(style.replace("body {", ".coordtrack-document {")
                                 .replace("html {", ".coordtrack-page {")),
        "document": Markup(body.group(1) if body else html),
        "docx_url": request.path + ".docx",
    })


async def dashboard_view(datasette, request):
    from coordtrack.web import charts

    reg = _register()
    try:
        quarters = charts.shortcomings_per_quarter(reg.conn)
        bodies = charts.tasks_per_body(reg.conn)
    finally:
        reg.close()
    return await _page(datasette, request, "coordtrack_dashboard.html", {
        "title": "Bảng điều khiển",
        "quarter_chart": Markup(charts.quarter_chart(quarters)),
        "body_chart": Markup(charts.body_chart(bodies)),
        "database": SETTINGS["database"],
    })


async def index_view(datasette, request):
    reg = _register()
    try:
        meetings = reg.rows("SELECT id, title, held_on FROM meetings ORDER BY held_on DESC, id")
        agreements = reg.rows(
            f"SELECT a.id, a.title, group_concat(DISTINCT {year_sql('m.held_on')}) AS years "
            "FROM agreements a LEFT JOIN meeting_agreements l ON l.agreement_id = a.id "
            "LEFT JOIN meetings m ON m.id = l.meeting_id GROUP BY a.id ORDER BY a.title")
        # Only real years and months make links: a meeting dated "23/5" ("--05-23") has
        # neither. A body's years: those of the meetings it organised or whose agreement it
        # is a party to, by the period they review (as the summary counts them).
        bodies = reg.rows(
            f"SELECT b.id, b.name, group_concat(DISTINCT "
            f"{year_sql('coalesce(m.period_end, m.held_on)')}) AS years FROM bodies b "
            "LEFT JOIN (SELECT meeting_id, body_id FROM meeting_organisers UNION "
            "SELECT l.meeting_id, p.body_id FROM meeting_agreements l JOIN agreement_parties p "
            "ON p.agreement_id = l.agreement_id) x ON x.body_id = b.id "
            "LEFT JOIN meetings m ON m.id = x.meeting_id GROUP BY b.id")
        months = [r["month"] for r in reg.rows(
            f"SELECT DISTINCT {month_sql('held_on')} AS month FROM meetings "
            "WHERE month IS NOT NULL ORDER BY 1 DESC")]
    finally:
        reg.close()
    for row in (*agreements, *bodies):
        row["years"] = sorted(row["years"].split(","), reverse=True) if row["years"] else []
    bodies = sorted_vi(bodies, key=lambda b: b["name"])
    return await _page(datasette, request, "coordtrack_index.html", {
        "title": "Văn bản và bảng điều khiển", "meetings": meetings,
        "agreements": agreements, "bodies": bodies, "months": months,
        "database": SETTINGS["database"],
    })


async def not_found_view(datasette, request):
    # Every other URL under the prefix ends here, never in Datasette's own 404 handling:
    # Datasette 0.65.5 calls rich's print_exception outside an except block there, which
    # raises with rich 15 and turns the 404 into a 500 "Error" with a traceback in the log.
    return await _page(datasette, request, "coordtrack_message.html", {
        "title": "Không có trang này",
        "message": f"Không có trang {request.path}: địa chỉ không đúng mẫu của một văn bản. "
                   "Các văn bản xem được có trong danh sách văn bản.",
        "back_to_index": True}, 404)


@hookimpl
def register_routes(datasette):
    docx = r"(?P<docx>\.docx)?"
    return [
        (rf"^{PREFIX}/?$", index_view),
        (rf"^{PREFIX}/dashboard$", dashboard_view),
        (rf"^{PREFIX}/(?P<kind>news)/(?P<meeting>\d+){docx}$", document_view),
        (rf"^{PREFIX}/(?P<kind>summary)/(?P<agreement>\d+)/(?P<year>\d{{4}}){docx}$",
         document_view),
        (rf"^{PREFIX}/summary/body/(?P<body>\d+)/(?P<year>\d{{4}}){docx}$", body_summary_view),
        (rf"^{PREFIX}/(?P<kind>monthly)/(?P<month>\d{{4}}-\d{{2}}){docx}$", document_view),
        # Last: whatever the routes above do not match.
        (rf"^{PREFIX}/.*$", not_found_view),
    ]


@hookimpl
def menu_links(datasette, actor, request):
    return [{"href": datasette.urls.path(f"{PREFIX}/dashboard"), "label": "Bảng điều khiển"},
            {"href": datasette.urls.path(PREFIX), "label": "Văn bản (tin bài, báo cáo)"}]


@hookimpl
def extra_template_vars(datasette):
    return {"coordtrack_prefix": PREFIX}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # A meeting's title links to its news item, in the meetings table and its view.
    if table in {"meetings", "meetings_described"} and column == "title" and value:
        url = datasette.urls.path(f"{PREFIX}/news/{quote(str(row['id']))}")
        return Markup(f'{escape(value)} <a class="coordtrack-news" href="{url}">(tin bài)</a>')
    # A body's name leads to its yearly summaries, listed on the documents page.
    if table == "bodies" and column == "name" and value:
        url = datasette.urls.path(f"{PREFIX}#co-quan-{quote(str(row['id']))}")
        return Markup(f'{escape(value)} <a class="coordtrack-body" href="{url}">(báo cáo)</a>')
    return None
