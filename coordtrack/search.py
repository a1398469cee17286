"""Full-text search over agreements, meetings and findings (FTS5, folded Vietnamese).

Each table has its FTS5 index (`findings_fts`, … migration m006), which folds marks and case
and holds each word spelt with đ and with d. Queries are folded to plain d in Python, and
every word the user typed becomes a quoted FTS5 string, so no input can reach the FTS5 query
syntax: `*`, `-`, `AND`, `NEAR(`, `:` and a lone `"` are plain text.
Double quotes that pair up mark phrases.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.register.file import Register
from coordtrack.register.migrations import fts_table
from coordtrack.register.recordtypes import FINDING_KIND_ALIASES, FINDING_KINDS, RECORD_TYPES

# Letters and digits, as unicode61 sees them: the underscore separates tokens there too.
WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 24
MAX_TERMS = 64
WINDOW = 2000  # matches ranked at most (the newest); see run()
TIE_CAP = 200  # extra rows fetched so that ties at the cut are ordered the Vietnamese way


def parse_query(text: str) -> list[list[str]]:
    """Folded phrases of the query: each inner list is one phrase (a word is a phrase of one).

    Quotes that pair up delimit phrases; an unpaired quote is ignored like any punctuation.
    """
    folded = vi.fold(text)
    parts = folded.split('"')
    phrases: list[list[str]] = []
    closed = len(parts) - 1 if len(parts) % 2 == 0 else len(parts)
    for i, part in enumerate(parts):
        words = WORD.findall(part)
        if i % 2 == 1 and i < closed:
            if words:
                phrases.append(words)
        else:
            phrases.extend([w] for w in words)
    return phrases


def fts_query(phrases: list[list[str]]) -> str:
    # Each phrase is an FTS5 string; juxtaposed strings are ANDed.
    return " ".join('"' + " ".join(p).replace('"', '""') + '"' for p in phrases)


def date_bound(value: str | date | None, end: bool, option: str) -> str | None:
    """A day, or a period (2023, 2023-Q3, 6 tháng đầu năm 2023) taken at its start or end."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = vi.clean(str(value))
    try:
        return vi.parse_date(text).isoformat()
    except ValueError as exc:
        try:
            period = vi.parse_period(text)
        except ValueError:
            raise UsageError(f"{option}: {exc}") from None
        return (period.end if end else period.start).isoformat()


# The FTS table of each searchable table; `kinds` limits findings to some kinds.
KIND_TABLE = {"meeting": "meetings", "agreement": "agreements",
              **{k: "findings" for k in FINDING_KINDS}}
# Equal scores are ordered by title, then findings before meetings before agreements.
KIND_ORDER = {kind: i for i, kind in enumerate([*FINDING_KINDS, "meeting", "agreement"])}
BODY_SQL = {
    "meetings": "EXISTS (SELECT 1 FROM meeting_organisers WHERE meeting_id = {id} "
                "AND body_id = :body)",
    "agreements": "EXISTS (SELECT 1 FROM agreement_parties WHERE agreement_id = {id} "
                  "AND body_id = :body)",
    "findings": "(EXISTS (SELECT 1 FROM findings f WHERE f.id = {id} "
                "AND :body IN (f.body_id, f.from_body_id, f.to_body_id)) "
                "OR EXISTS (SELECT 1 FROM finding_owners WHERE finding_id = {id} "
                "AND body_id = :body))",
}
DATE_SQL = {
    "meetings": "(SELECT held_on FROM meetings WHERE id = {id})",
    "agreements": "(SELECT coalesce(signed_on, valid_from) FROM agreements WHERE id = {id})",
    "findings": "(SELECT m.held_on FROM findings f JOIN meetings m ON m.id = f.meeting_id "
                "WHERE f.id = {id})",
}


def _scopes(kind: str | None) -> dict[str, list[str] | None]:
    """Table -> the finding kinds wanted in it (None: every row of the table)."""
    if kind is None:
        return {"findings": None, "meetings": None, "agreements": None}
    text = vi.clean(kind).lower()
    if text in {"finding", "findings", "nội dung"}:
        return {"findings": None}
    name = FINDING_KIND_ALIASES.get(text) or text
    aliases = {"hội nghị": "meeting", "quy chế": "agreement", "quy chế phối hợp": "agreement"}
    name = aliases.get(name, name)
    if name not in KIND_TABLE:
        choices = ", ".join(["agreement", "meeting", "finding", *FINDING_KINDS])
        raise UsageError(f"--kind: '{kind}' không tìm kiếm được; chọn một trong: {choices}.")
    table = KIND_TABLE[name]
    return {table: [name] if table == "findings" else None}


def search(reg: Register, text: str, *, kind: str | None = None, body: Any = None,
           date_from: str | date | None = None, date_to: str | date | None = None,
           limit: int = 50) -> list[dict[str, Any]]:
    """Best matches first (bm25), equal scores in Vietnamese alphabetical order."""
    return run(reg, text, kind=kind, body=body, date_from=date_from, date_to=date_to,
               limit=limit)[0]


def run(reg: Register, text: str, *, kind: str | None = None, body: Any = None,
        date_from: str | date | None = None, date_to: str | date | None = None,
        limit: int = 50) -> tuple[list[dict[str, Any]], bool]:
    """Like `search`, and whether ranking was limited to the newest WINDOW matches.

    FTS5 scores every match to rank them; a word found in half a million findings would
    cost a second. So when a table has more than WINDOW matches, only its newest WINDOW are
    ranked: a query that vague wants more words or a filter, and the caller says so.
    """
    if not isinstance(text, str) or not text.strip():
        raise UsageError("Hãy nhập nội dung cần tìm.")
    phrases = parse_query(text)
    if not phrases:
        raise UsageError("Nội dung cần tìm không có chữ hoặc số nào.")
    if sum(len(p) for p in phrases) > MAX_TERMS:
        raise UsageError(f"Nội dung cần tìm quá dài (tối đa {MAX_TERMS} từ).")
    if limit < 1:
        raise UsageError("--limit phải lớn hơn 0.")
    params: dict[str, Any] = {"q": fts_query(phrases), "k": WINDOW}
    scopes = _scopes(kind)
    if body is not None:
        from coordtrack.register.records import resolve

        params["body"] = resolve(reg, "body", body)
    lo = date_bound(date_from, False, "--from")
    hi = date_bound(date_to, True, "--to")
    if lo or hi:
        params["lo"], params["hi"] = lo or "", hi or "\uffff"
    hits: list[tuple[float, str, int]] = []  # (score, table, id)
    windowed = False
    for table, kinds in scopes.items():
        fts = fts_table(table)
        row_id = f"{fts}.rowid"
        where = [f"{fts} MATCH :q"]
        if kinds is not None:
            listed = ", ".join(f"'{k}'" for k in kinds)
            where.append(f"(SELECT kind FROM findings WHERE id = {row_id}) IN ({listed})")
        if body is not None:
            where.append(BODY_SQL[table].format(id=row_id))
        if lo or hi:
            where.append(f"{DATE_SQL[table].format(id=row_id)} BETWEEN :lo AND :hi")
        cond = " AND ".join(where)
        floor = _rows(reg, f"SELECT min(rid), count(*) FROM (SELECT rowid AS rid FROM {fts} "
                      f"WHERE {cond} ORDER BY rowid DESC LIMIT :k)", params)[0]
        if not floor[1]:
            continue
        windowed = windowed or floor[1] >= WINDOW
        # One statement: FTS5 recomputes bm25's document frequencies for every statement, and
        # that scan of the whole index costs more than scoring the window.
        found = _rows(reg, f"SELECT rowid, bm25({fts}) AS score FROM {fts} WHERE {cond} "
                      "AND rowid >= :floor ORDER BY score LIMIT :n",
                      {**params, "floor": floor[0], "n": min(limit + TIE_CAP, 2**63 - 1)})
        hits.extend((score, table, rid) for rid, score in found)
    if not hits:
        return [], False
    hits.sort()
    if len(hits) > limit:
        # Rows tied with the last one that fits compete for the places in Vietnamese order.
        boundary = hits[limit - 1][0]
        hits = [h for h in hits if h[0] <= boundary]
    rows = _fetch(reg, hits)
    hits = [h for h in hits if (h[1], h[2]) in rows]  # an index entry whose row is gone
    hits.sort(key=lambda h: (h[0], vi.sort_key(rows[h[1], h[2]]["text"] or ""),
                             KIND_ORDER[rows[h[1], h[2]]["type"]], h[2]))
    results = [_describe(rows[h[1], h[2]], h[0], phrases) for h in hits[:limit]]
    return results, windowed


FETCH_SQL = {
    "meetings": ("SELECT 'meeting' AS type, id, uid, title AS text, held_on AS date, "
                 "NULL AS meeting_id, place, source, author FROM meetings", ("place", "author",
                                                                            "source")),
    "agreements": ("SELECT 'agreement' AS type, id, uid, title AS text, "
                   "coalesce(signed_on, valid_from) AS date, NULL AS meeting_id, number, term, "
                   "areas FROM agreements", ("number", "term", "areas")),
    "findings": ("SELECT f.kind AS type, f.id, f.uid, f.text, m.held_on AS date, f.meeting_id, "
                 "f.area, f.cause, f.response FROM findings f LEFT JOIN meetings m "
                 "ON m.id = f.meeting_id", ("cause", "response", "area")),
}


def _fetch(reg: Register, hits: list[tuple[float, str, int]]) -> dict[tuple[str, int], dict]:
    """The rows of the hits, fetched per table in one query per 500."""
    out: dict[tuple[str, int], dict] = {}
    by_table: dict[str, list[int]] = {}
    for _, table, rid in hits:
        by_table.setdefault(table, []).append(rid)
    for table, ids in by_table.items():
        sql, _ = FETCH_SQL[table]
        alias = "f." if table == "findings" else ""
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in reg.rows(f"{sql} WHERE {alias}id IN ({marks})", chunk):
                out[table, row["id"]] = row
    return out


def _rows(reg: Register, sql: str, params: dict[str, Any]) -> list[tuple]:
    import sqlite3

    try:
        cur = reg.conn.execute(sql, params)
        return cur.fetchall()
    except sqlite3.OperationalError as exc:
        # Every word is quoted, so this is not the user's syntax: most likely an old index.
        raise CoordtrackError(f"Không tìm kiếm được trong sổ đăng ký: {exc}.") from exc


def _describe(row: dict[str, Any], score: float, phrases: list[list[str]]) -> dict:
    kind = row["type"]
    others = FETCH_SQL[KIND_TABLE[kind]][1]
    terms = {w for p in phrases for w in p}
    candidates = [row["text"] or ""] + [row[k] for k in others if row.get(k)]
    # Show the field that matched best: the main text unless another holds more of the query.
    source = max(candidates, key=lambda t: _coverage(t, phrases))
    return {
        "type": kind,
        "type_label": RECORD_TYPES[kind].label,
        "id": row["id"],
        "uid": row["uid"],
        "date": row["date"],
        "meeting": row["meeting_id"],
        "text": row["text"],
        "snippet": snippet(source, terms, markup=False),
        "snippet_markup": snippet(source, terms, markup=True),
        "score": score,
    }


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return vi.fold(word)


def _coverage(text: str, phrases: list[list[str]]) -> tuple[int, int]:
    """(phrases found word for word, distinct words found) in `text`."""
    words = [_fold_word(w) for w in WORD.findall(text)]
    joined = " " + " ".join(words) + " "
    whole = sum(1 for p in phrases if f" {' '.join(p)} " in joined)
    return whole, len(set(words) & {w for p in phrases for w in p})


def snippet(text: str, terms: set[str], *, markup: bool, words: int = SNIPPET_WORDS) -> str:
    """A window of `text` around the first hit; on a terminal the hits are rich markup."""
    from rich.markup import escape

    text = " ".join((text or "").split())
    spans = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(spans) if _fold_word(m.group()) in terms]
    first = hits[0] if hits else 0
    start = max(0, first - words // 3)
    end = min(len(spans), start + words)
    start = max(0, min(start, end - words))
    lo = spans[start].start() if spans and start > 0 else 0
    hi = spans[end - 1].end() if spans and end < len(spans) else len(text)
    pieces: list[tuple[str, bool]] = []  # (text, is a hit); plain runs are escaped whole
    pos = lo
    hit_set = set(hits)
    for i in range(start, end) if spans else ():
        m = spans[i]
        if markup and i in hit_set:
            pieces.append((text[pos:m.start()], False))
            pieces.append((m.group(), True))
            pos = m.end()
    pieces.append((text[pos:hi], False))
    out = [f"[bold yellow]{escape(t)}[/]" if hit else (escape(t) if markup else t)
           for t, hit in pieces]
    result = "".join(out).strip()
    return ("…" if lo > 0 else "") + result + ("…" if hi < len(text) else "")
