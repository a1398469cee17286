"""Datasette metadata generated from the documented schema (register/schema.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

from coordtrack.register import schema

TITLE = "Sổ theo dõi quy chế phối hợp"
DESCRIPTION = ("Quy chế phối hợp, hội nghị sơ kết, tổng kết và nội dung của hội nghị. Chỉ xem: "
               "mọi thay đổi làm bằng lệnh coordtrack.")

# The search box of a table searches with the table's FTS index, which holds each word with
# đ and with d; this query does the same for all three tables at once, as one phrase.
SEARCH_SQL = """
SELECT 'nội dung' AS "Loại", f.id AS "Số", f.text AS "Nội dung", m.held_on AS "Ngày"
FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id
WHERE f.id IN (SELECT rowid FROM findings_fts WHERE findings_fts MATCH :phrase)
UNION ALL
SELECT 'hội nghị', id, title, held_on FROM meetings
WHERE id IN (SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH :phrase)
UNION ALL
SELECT 'quy chế', id, title, coalesce(signed_on, valid_from) FROM agreements
WHERE id IN (SELECT rowid FROM agreements_fts WHERE agreements_fts MATCH :phrase)
ORDER BY 4 DESC
LIMIT 500
"""
# :q folded (đ → d) and quoted as one FTS5 string, so no input reaches the query syntax.
PHRASE_SQL = ("'\"' || replace(replace(replace(replace(replace(coalesce(:q, ''), '\"', '\"\"'), "
              "'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || '\"'")

QUERIES: dict[str, dict[str, Any]] = {
    "ton_tai_theo_co_quan": {
        "title": "Tồn tại chưa khắc phục theo cơ quan",
        "description": "Số tồn tại, hạn chế chưa khắc phục của mỗi cơ quan.",
        "sql": ("SELECT coalesce(body, '(không ghi cơ quan)') AS \"Cơ quan\", "
                "count(*) AS \"Số tồn tại\" FROM open_shortcomings GROUP BY 1 "
                "ORDER BY 2 DESC, 1"),
    },
    "nhiem_vu_qua_han": {
        "title": "Nhiệm vụ quá hạn",
        "description": "Nhiệm vụ chưa hoàn thành đã qua hạn, lâu nhất trước.",
        "sql": ("SELECT id AS \"Số\", text AS \"Nội dung\", owners AS \"Cơ quan thực hiện\", "
                "due_on AS \"Hạn\", days_late AS \"Số ngày quá hạn\", meeting AS \"Hội nghị\" "
                "FROM overdue_tasks ORDER BY days_late DESC, id"),
    },
    "nhiem_vu_theo_tien_do": {
        "title": "Nhiệm vụ theo phân loại tiến độ",
        "description": "Số nhiệm vụ trong mỗi phân loại, tính theo ngày hôm nay.",
        "sql": ("SELECT status_category AS \"Phân loại\", count(*) AS \"Số nhiệm vụ\" "
                "FROM task_status GROUP BY 1 ORDER BY 1"),
    },
    "tim_kiem": {
        "title": "Tìm kiếm (không phân biệt dấu, đ/d)",
        "description": "Tìm một cụm từ trong nội dung, hội nghị và quy chế; gõ có dấu hay "
                       "không dấu, đ hay d đều được.",
        "sql": f"WITH q AS (SELECT {PHRASE_SQL} AS phrase) "
               + SEARCH_SQL.replace(":phrase", "(SELECT phrase FROM q)"),
        "params": ["q"],
    },
}


# Views whose rows are rows of an indexed table get that table's search box too.
VIEW_SEARCH = {"findings_described": "findings_fts", "open_shortcomings": "findings_fts",
               "task_status": "findings_fts", "overdue_tasks": "findings_fts",
               "meetings_described": "meetings_fts"}


def _table_metadata(name: str, doc: schema.TableDoc, columns: list[dict]) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": f"{doc.label} ({name})", "description": doc.description}
    if doc.label_column:
        meta["label_column"] = doc.label_column
    if doc.facets:
        meta["facets"] = list(doc.facets)
    if doc.sort_desc:
        meta["sort_desc"] = doc.sort_desc
    if doc.internal:
        meta["hidden"] = True
    if name in VIEW_SEARCH:
        meta.update(fts_table=VIEW_SEARCH[name], fts_pk="id")
    described = {}
    for col in columns:
        if col["label"]:
            text = col["label"]
            if col["description"] and col["description"] != text + ".":
                text += " — " + col["description"]
            described[col["name"]] = text
    meta["columns"] = described
    return meta


def build_metadata(conn: sqlite3.Connection, database: str) -> dict[str, Any]:
    tables = {}
    for item in schema.describe(conn):
        doc = schema.TABLES.get(item["name"]) or schema.VIEWS.get(item["name"])
        if doc is not None:
            tables[item["name"]] = _table_metadata(item["name"], doc, item["columns"])
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {database: {"title": TITLE, "tables": tables, "queries": QUERIES}},
    }
