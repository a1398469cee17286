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
from itertools import groupby
from typing import Any

from coordtrack import vietnamese as vi
from coordtrack.errors import CoordtrackError, UsageError
from coordtrack.register.file import Register
from coordtrack.register.migrations import fts_table
from coordtrack.register.recordtypes import (
    FINDING_KIND_ALIASES,
    FINDING_KINDS,
    RECORD_TYPES,
    finding_type,
    kind_code,
)

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


def fts_query(phrases: list[list[str]], prefix: bool = False) -> str:
    # Each phrase is an FTS5 string; juxtaposed strings are ANDed. With `prefix`, the last
    # one matches as the start of a word ("don th" finds "đơn thư"): `"th" *`.
    quoted = ['"' + " ".join(p).replace('"', '""') + '"' for p in phrases]
    if prefix and quoted:
        quoted[-1] += " *"
    return " ".join(quoted)


def last_word_is_prefix(text: str, phrases: list[list[str]]) -> bool:
    """The query ends in a word being typed: not after a space, not a quoted phrase."""
    return bool(phrases) and len(phrases[-1]) == 1 and text == text.rstrip() and \
        not text.rstrip().endswith('"')


def has_marks(text: str) -> bool:
    """The query was typed with Vietnamese marks (or đ): exact spellings should rank first."""
    return vi.fold(text) != vi.clean(text).casefold()


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
        limit: int = 50, markup: bool = True) -> tuple[list[dict[str, Any]], bool]:
    """Like `search`, and whether ranking was limited to the newest WINDOW matches.

    `markup=False` leaves "snippet_markup" out (None): it needs rich, which a listing to a
    pipe or a file has no other use for.

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
    prefix = last_word_is_prefix(text, phrases)
    params: dict[str, Any] = {"k": WINDOW}
    scopes = _scopes(kind)
    if body is not None:
        from coordtrack.register.records import resolve

        params["body"] = resolve(reg, "body", body)
    lo = date_bound(date_from, False, "--from")
    hi = date_bound(date_to, True, "--to")
    if lo or hi:
        params["lo"], params["hi"] = lo or "", hi or "\uffff"
    # The last word may still be being typed ("don th"), but most often it is whole. Rows
    # holding it as typed come first; its completions only fill the places left, because
    # on a large register a prefix query costs several times the whole-word one.
    hits, windowed = _text_hits(reg, scopes, {**params, "q": fts_query(phrases)}, limit,
                                body is not None, bool(lo or hi))
    hits.extend(_people_hits(reg, phrases, prefix, scopes, params if body is not None else None,
                             lo, hi))
    completions: set[tuple[str, int]] = set()
    if prefix and len({h[1:] for h in hits}) < limit:
        more, more_windowed = _text_hits(reg, scopes, {**params, "q": fts_query(phrases, True)},
                                         limit, body is not None, bool(lo or hi))
        found = {h[1:] for h in hits}
        completions = {h[1:] for h in more} - found
        hits.extend(h for h in more if h[1:] in completions)
        windowed = windowed or more_windowed
    if not hits:
        return [], False

    def tier(h: tuple[float, str, int]) -> tuple[bool, float]:
        return (h[1:] in completions, h[0])

    hits = sorted(set(hits), key=lambda h: (tier(h), h))
    exact = has_marks(text)
    if len(hits) > limit and not exact:
        # Rows tied with the last one that fits compete for the places in Vietnamese order.
        boundary = tier(hits[limit - 1])
        hits = [h for h in hits if tier(h) <= boundary]
    rows = _fetch(reg, hits)
    hits = [h for h in hits if (h[1], h[2]) in rows]  # an index entry whose row is gone
    # The eth typed on a foreign keyboard stands for đ (as vietnamese.fold has it).
    spelt = WORD.findall(vi.clean(text).casefold().replace("ð", "đ")) if exact else []

    # Typed with marks: rows holding every word spelt exactly so come first.
    rank = {h: (h[1:] in completions,
                bool(spelt) and not _spelt_as_typed(rows[h[1], h[2]], spelt), h[0])
            for h in hits}

    def tie_break(h):
        row = rows[h[1], h[2]]
        return (vi.sort_key(row["text"] or ""), KIND_ORDER[row["type"]], h[2])

    hits.sort(key=rank.__getitem__)
    # Vietnamese order only breaks ties, and only among rows that can still be shown:
    # collating the text of every hit cost more than the query itself on a large register.
    ordered: list[tuple[float, str, int]] = []
    for _, tied in groupby(hits, key=rank.__getitem__):
        if len(ordered) >= limit:
            break
        group = list(tied)
        if len(group) > 1:
            group.sort(key=tie_break)
        ordered.extend(group)
    hits = ordered
    results = [_describe(rows[h[1], h[2]], h[0], phrases, prefix, markup)
               for h in hits[:limit]]
    return results, windowed


Hit = tuple[float, str, int]  # (bm25 score, table, id)


def _text_hits(reg: Register, scopes: dict[str, list[str] | None], params: dict[str, Any],
               limit: int, by_body: bool, by_date: bool) -> tuple[list[Hit], bool]:
    """(bm25, table, id) of the best matches of params["q"] in each table, and whether
    ranking was limited to the newest WINDOW matches of a table."""
    hits: list[Hit] = []
    windowed = False
    for table, kinds in scopes.items():
        fts = fts_table(table)
        row_id = f"{fts}.rowid"
        where = [f"{fts} MATCH :q"]
        if kinds is not None:
            listed = ", ".join(f"'{kind_code(k)}'" for k in kinds)
            where.append(f"(SELECT kind FROM findings WHERE id = {row_id}) IN ({listed})")
        if by_body:
            where.append(BODY_SQL[table].format(id=row_id))
        if by_date:
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
    return hits, windowed


# A person's name found in the query makes the meetings they chaired or attended, and the
# directives they gave, hits ranked above any text match.
PERSON_SCORE = -1000.0


def _people_hits(reg: Register, phrases: list[list[str]], prefix: bool,
                 scopes: dict[str, list[str] | None], body_params: dict[str, Any] | None,
                 lo: str | None, hi: str | None) -> list[tuple[float, str, int]]:
    words = [w for p in phrases for w in p]
    people = []
    for row in reg.rows("SELECT id, name FROM people"):
        name = WORD.findall(vi.fold(row["name"]))
        if all(w in name or (prefix and w == words[-1] and any(n.startswith(w) for n in name))
               for w in words):
            people.append(row["id"])
    if not people:
        return []
    marks = ", ".join(str(int(i)) for i in people)
    hits: list[tuple[float, str, int]] = []
    wanted = {
        "meetings": f"SELECT DISTINCT meeting_id AS rid FROM meeting_participants "
                    f"WHERE person_id IN ({marks})",
        "findings": f"SELECT DISTINCT finding_id AS rid FROM finding_speakers "
                    f"WHERE person_id IN ({marks})",
    }
    for table, sql in wanted.items():
        if table not in scopes:
            continue
        kinds = scopes[table]
        where = []
        if kinds is not None:
            listed = ", ".join(f"'{kind_code(k)}'" for k in kinds)
            where.append(f"(SELECT kind FROM findings WHERE id = x.rid) IN ({listed})")
        if body_params is not None:
            where.append(BODY_SQL[table].format(id="x.rid"))
        if lo or hi:
            where.append(f"{DATE_SQL[table].format(id='x.rid')} BETWEEN :lo AND :hi")
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        params = {k: v for k, v in (body_params or {}).items() if k == "body"}
        if lo or hi:
            params.update(lo=lo or "", hi=hi or "\uffff")
        for (rid,) in _rows(reg, f"SELECT x.rid FROM ({sql}) AS x{cond}", params):
            hits.append((PERSON_SCORE, table, rid))
    return hits


def _spelt_as_typed(row: dict[str, Any], spelt: list[str]) -> bool:
    others = FETCH_SQL[KIND_TABLE[row["type"]]][1]
    text = " ".join(_plain(v) for v in [row["text"], *(row.get(k) for k in others)] if v)
    words = set(WORD.findall(vi.clean(text).casefold()))
    return all(w in words for w in spelt)


def _plain(value: Any) -> str:
    """A stored value as text: a JSON list of lines (areas, connection points) joined."""
    if isinstance(value, str) and value.startswith("["):
        import json

        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return "; ".join(str(i) for i in items)
    return "" if value is None else str(value)


FETCH_SQL = {
    "meetings": ("SELECT 'meeting' AS type, id, uid, title AS text, held_on AS date, "
                 "NULL AS meeting_id, place, source, author, connection_points, chair_groups, "
                 "attendee_groups FROM meetings",
                 ("place", "connection_points", "chair_groups", "attendee_groups", "author",
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
                if table == "findings":  # hits are told by record type name ("task")
                    row["type"] = finding_type(row["type"]).name
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


def _describe(row: dict[str, Any], score: float, phrases: list[list[str]],
              prefix: bool = False, markup: bool = True) -> dict:
    kind = row["type"]
    others = FETCH_SQL[KIND_TABLE[kind]][1]
    terms = {w for p in phrases for w in p}
    start = phrases[-1][-1] if prefix else None
    main = row["text"] or ""
    candidates = [main] + [_plain(row[k]) for k in others if row.get(k)]
    # The field that matched best: the main text unless another holds more of the query.
    source = max(candidates, key=lambda t: _coverage(t, phrases))

    def shown(markup: bool) -> str:
        if kind not in {"meeting", "agreement"} or source == main:
            return snippet(source, terms, markup=markup, prefix=start)
        # A meeting or agreement is known by its title; the field that matched follows it.
        return (snippet(main, terms, markup=markup, prefix=start) + " — "
                + snippet(source, terms, markup=markup, prefix=start))

    return {
        "type": kind,
        "type_label": RECORD_TYPES[kind].label,
        "id": row["id"],
        "uid": row["uid"],
        "date": row["date"],
        "meeting": row["meeting_id"],
        "text": row["text"],
        "snippet": shown(False),
        "snippet_markup": shown(True) if markup else None,
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


def snippet(text: str, terms: set[str], *, markup: bool, words: int = SNIPPET_WORDS,
            prefix: str | None = None) -> str:
    """A window of `text` around the first hit; on a terminal the hits are rich markup."""
    if markup:
        from rich.markup import escape
    else:
        def escape(piece: str) -> str:
            return piece

    text = " ".join((text or "").split())
    spans = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(spans) if _fold_word(m.group()) in terms
            or (prefix and _fold_word(m.group()).startswith(prefix))]
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
