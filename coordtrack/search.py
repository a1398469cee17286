"""Full-text search over agreements, meetings and findings (FTS5, folded Vietnamese).

The index (`search_index`, migration m002) holds folded text: no marks, no case, đ → d.
Queries are folded the same way in Python, and every word the user typed becomes a quoted
FTS5 string, so no input can reach the FTS5 query syntax: `*`, `-`, `AND`, `NEAR(`, `:` and a
lone `"` are plain text. Double quotes that pair up mark phrases.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.register.file import Register
from coordtrack.register.migrations import SEARCH_CODES, SEARCH_SHIFT
from coordtrack.register.recordtypes import FINDING_KIND_ALIASES, FINDING_KINDS, RECORD_TYPES

# Letters and digits, as unicode61 sees them: the underscore separates tokens there too.
WORD = re.compile(r"[^\W_]+")
CODE_KIND = {code: kind for kind, code in SEARCH_CODES.items()}
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


def _kind_codes(kind: str | None) -> list[int] | None:
    if kind is None:
        return None
    text = vi.clean(kind).lower()
    if text in {"finding", "findings", "nội dung"}:
        return [SEARCH_CODES[k] for k in FINDING_KINDS]
    name = FINDING_KIND_ALIASES.get(text) or text
    aliases = {"hội nghị": "meeting", "quy chế": "agreement", "quy chế phối hợp": "agreement"}
    name = aliases.get(name, name)
    if name not in SEARCH_CODES:
        choices = ", ".join(["agreement", "meeting", "finding", *FINDING_KINDS])
        raise UsageError(f"--kind: '{kind}' không tìm kiếm được; chọn một trong: {choices}.")
    return [SEARCH_CODES[name]]


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


ID = f"(search_index.rowid / {SEARCH_SHIFT})"
CODE = f"(search_index.rowid % {SEARCH_SHIFT})"
BODY_SQL = (
    f"CASE {CODE} WHEN 8 THEN EXISTS (SELECT 1 FROM meeting_organisers "
    f"WHERE meeting_id = {ID} AND body_id = :body) "
    f"WHEN 9 THEN EXISTS (SELECT 1 FROM agreement_parties "
    f"WHERE agreement_id = {ID} AND body_id = :body) "
    f"ELSE EXISTS (SELECT 1 FROM findings f WHERE f.id = {ID} "
    "AND :body IN (f.body_id, f.from_body_id, f.to_body_id)) "
    f"OR EXISTS (SELECT 1 FROM finding_owners WHERE finding_id = {ID} AND body_id = :body) END"
)
DATE_SQL = (
    f"(CASE {CODE} WHEN 8 THEN (SELECT held_on FROM meetings WHERE id = {ID}) "
    f"WHEN 9 THEN (SELECT coalesce(signed_on, valid_from) FROM agreements WHERE id = {ID}) "
    "ELSE (SELECT m.held_on FROM findings f JOIN meetings m ON m.id = f.meeting_id "
    f"WHERE f.id = {ID}) END)"
)


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
    cost a second. So when there are more than WINDOW matches, only the newest WINDOW are
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
    where = ["search_index MATCH :q"]
    params: dict[str, Any] = {"q": fts_query(phrases), "k": WINDOW}
    codes = _kind_codes(kind)
    if codes is not None:
        where.append(f"{CODE} IN ({', '.join(str(c) for c in codes)})")
    if body is not None:
        from coordtrack.register.records import resolve

        params["body"] = resolve(reg, "body", body)
        where.append(BODY_SQL)
    lo = date_bound(date_from, False, "--from")
    hi = date_bound(date_to, True, "--to")
    if lo or hi:
        params["lo"], params["hi"] = lo or "", hi or "\uffff"
        where.append(f"{DATE_SQL} BETWEEN :lo AND :hi")
    cond = " AND ".join(where)
    floor = _rows(reg, f"SELECT min(rid), count(*) FROM (SELECT rowid AS rid FROM search_index "
                  f"WHERE {cond} ORDER BY rowid DESC LIMIT :k)", params)[0]
    if not floor[1]:
        return [], False
    params["floor"] = floor[0]
    base = (f"SELECT rowid, bm25(search_index) AS score FROM search_index WHERE {cond} "
            "AND rowid >= :floor")
    # One statement: FTS5 recomputes bm25's document frequencies for every statement, and
    # that scan of the whole index costs more than scoring the window.
    hits = _rows(reg, base + " ORDER BY score LIMIT :n", {**params, "n": limit + TIE_CAP})
    if len(hits) > limit:
        # Rows tied with the last one that fits compete for the places in Vietnamese order.
        boundary = hits[limit - 1][1]
        hits = [h for h in hits if h[1] <= boundary]
    titles = _titles(reg, [h[0] for h in hits])
    hits = [h for h in hits if h[0] in titles]  # an index entry whose row is gone is skipped
    hits.sort(key=lambda h: (h[1], vi.sort_key(titles[h[0]]), h[0] % SEARCH_SHIFT, h[0]))
    results = [r for r in (_describe(reg, h, phrases) for h in hits[:limit]) if r is not None]
    return results, floor[1] >= WINDOW


def _titles(reg: Register, rids: list[int]) -> dict[int, str]:
    """The main text of each hit, fetched per table in one query each."""
    out: dict[int, str] = {}
    by_table: dict[str, list[int]] = {}
    for rid in rids:
        record_id, code = divmod(rid, SEARCH_SHIFT)
        table = {8: "meetings", 9: "agreements"}.get(code, "findings")
        by_table.setdefault(table, []).append(record_id)
    for table, ids in by_table.items():
        col = "text" if table == "findings" else "title"
        codes = "(CASE kind WHEN 'achievement' THEN 1 WHEN 'shortcoming' THEN 2 WHEN 'task' " \
                "THEN 3 WHEN 'directive' THEN 4 ELSE 5 END)" if table == "findings" else \
                str(SEARCH_CODES[table[:-1]])
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for rid, title in reg.conn.execute(
                    f"SELECT id * {SEARCH_SHIFT} + {codes}, {col} FROM {table} "
                    f"WHERE id IN ({marks})", chunk):
                out[rid] = title or ""
    return out


def _rows(reg: Register, sql: str, params: dict[str, Any]) -> list[tuple]:
    import sqlite3

    try:
        cur = reg.conn.execute(sql, params)
        return cur.fetchall()
    except sqlite3.OperationalError as exc:
        # Every word is quoted, so this is not the user's syntax: most likely an old index.
        raise CoordtrackError(f"Không tìm kiếm được trong sổ đăng ký: {exc}.") from exc


def _describe(reg: Register, hit: tuple[int, float], phrases: list[list[str]]) -> dict | None:
    record_id, code = divmod(hit[0], SEARCH_SHIFT)
    kind = CODE_KIND.get(code)
    if kind == "meeting":
        row = reg.one("SELECT id, uid, title AS text, held_on AS date, NULL AS meeting_id, "
                      "place, source, author FROM meetings WHERE id = ?", (record_id,))
        others = ("place", "author", "source")
    elif kind == "agreement":
        row = reg.one("SELECT id, uid, title AS text, coalesce(signed_on, valid_from) AS date, "
                      "NULL AS meeting_id, number, term, areas FROM agreements WHERE id = ?",
                      (record_id,))
        others = ("number", "term", "areas")
    elif kind is not None:
        row = reg.one("SELECT f.id, f.uid, f.text, m.held_on AS date, f.meeting_id, f.area, "
                      "f.cause, f.response FROM findings f LEFT JOIN meetings m "
                      "ON m.id = f.meeting_id WHERE f.id = ?", (record_id,))
        others = ("cause", "response", "area")
    else:
        row = None
    if row is None:
        return None  # the index names a row that is gone: skip it rather than fail
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
        "score": hit[1],
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


def rebuild_index(reg: Register) -> None:
    """Re-create the search index from the tables (after a bulk load done outside coordtrack)."""
    from coordtrack.register.migrations import fill_search_index

    with reg.transaction("search rebuild", log=False):
        reg.conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
        fill_search_index(reg.conn)
