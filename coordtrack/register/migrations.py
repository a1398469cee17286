"""Schema versions as an ordered list of small functions (the `llm` way).

Each migration runs once, in order, inside one transaction with the others that are pending,
and its name is recorded in the `migrations` table. A register that names a migration this
version does not know was written by a newer coordtrack: it is refused and left untouched.
An existing register is copied aside before it is upgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from coordtrack.errors import CoordtrackError

if TYPE_CHECKING:
    from coordtrack.register.file import Register

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    `executescript()` would COMMIT first, which would split an upgrade into halves.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE bodies (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE,
            short_name TEXT UNIQUE,
            level TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            titles TEXT,
            body_id INTEGER REFERENCES bodies(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX people_name ON people(name);
        CREATE TABLE agreements (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            number TEXT,
            title TEXT NOT NULL,
            signed_on TEXT,
            valid_from TEXT,
            valid_to TEXT,
            term TEXT,
            areas TEXT,
            status TEXT NOT NULL DEFAULT 'hiệu lực',
            superseded_by_id INTEGER REFERENCES agreements(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE agreement_parties (
            id INTEGER PRIMARY KEY,
            agreement_id INTEGER NOT NULL REFERENCES agreements(id),
            body_id INTEGER NOT NULL REFERENCES bodies(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (agreement_id, body_id)
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            held_on TEXT NOT NULL,
            part_of_day TEXT,
            place TEXT,
            online INTEGER NOT NULL DEFAULT 0,
            connection_points TEXT,
            period TEXT,
            period_start TEXT,
            period_end TEXT,
            chair_groups TEXT,
            attendee_groups TEXT,
            author TEXT,
            source TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX meetings_held_on ON meetings(held_on);
        CREATE TABLE meeting_organisers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            body_id INTEGER NOT NULL REFERENCES bodies(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, body_id)
        );
        CREATE INDEX meeting_organisers_body ON meeting_organisers(body_id);
        CREATE TABLE meeting_participants (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            role TEXT NOT NULL CHECK (role IN ('chair', 'attendee')),
            titles TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, person_id, role)
        );
        CREATE INDEX meeting_participants_person ON meeting_participants(person_id);
        CREATE TABLE meeting_agreements (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            agreement_id INTEGER NOT NULL REFERENCES agreements(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, agreement_id)
        );
        CREATE INDEX meeting_agreements_agreement ON meeting_agreements(agreement_id);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN
                ('achievement', 'shortcoming', 'task', 'directive', 'recommendation')),
            meeting_id INTEGER REFERENCES meetings(id),
            position INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            area TEXT,
            value REAL,
            unit TEXT,
            body_id INTEGER REFERENCES bodies(id),
            cause TEXT,
            status TEXT,
            resolved_on TEXT,
            carried_over_from_id INTEGER REFERENCES findings(id),
            due_on TEXT,
            done_on TEXT,
            remedies_id INTEGER REFERENCES findings(id),
            from_body_id INTEGER REFERENCES bodies(id),
            to_body_id INTEGER REFERENCES bodies(id),
            response TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX findings_meeting ON findings(meeting_id, kind, position);
        CREATE INDEX findings_kind_status ON findings(kind, status);
        CREATE INDEX findings_body ON findings(body_id);
        CREATE INDEX findings_due_on ON findings(kind, due_on);
        CREATE TABLE finding_speakers (
            id INTEGER PRIMARY KEY,
            finding_id INTEGER NOT NULL REFERENCES findings(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            titles TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (finding_id, person_id)
        );
        CREATE TABLE finding_owners (
            id INTEGER PRIMARY KEY,
            finding_id INTEGER NOT NULL REFERENCES findings(id),
            body_id INTEGER NOT NULL REFERENCES bodies(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (finding_id, body_id)
        );
        CREATE INDEX finding_owners_body ON finding_owners(body_id);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            summary TEXT,
            changes TEXT NOT NULL,
            undone_by INTEGER REFERENCES history(id)
        );
        """
    )


def _applied(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if not exists:
        return []
    return [row[0] for row in conn.execute("SELECT name FROM migrations ORDER BY id")]


def pending_migrations(conn: sqlite3.Connection) -> list[Migration]:
    applied = set(_applied(conn))
    return [m for m in MIGRATIONS if m.__name__ not in applied]


def check_compatible(register: Register) -> list[str]:
    """Refuse, before anything is written, a file this version must not touch."""
    conn = register.conn
    applied = _applied(conn)
    known = {m.__name__ for m in MIGRATIONS}
    newer = [name for name in applied if name not in known]
    if newer:
        raise CoordtrackError(
            f"Sổ đăng ký {register.display_path} được tạo bởi phiên bản coordtrack mới hơn "
            f"(lược đồ {newer[-1]}); hãy nâng cấp coordtrack.", code="register_too_new"
        )
    if not applied:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        if tables:
            raise CoordtrackError(
                f"Tệp {register.display_path} là cơ sở dữ liệu SQLite nhưng không phải sổ đăng ký "
                "coordtrack.", code="not_a_register"
            )
    return applied


def migrate(register: Register, *, backup: bool, write: bool = True) -> None:
    conn = register.conn
    applied = check_compatible(register)
    pending = [m for m in MIGRATIONS if m.__name__ not in set(applied)]
    if not pending:
        if stale_views(conn):
            _refresh_views_alone(conn)
        return
    if applied and backup and register.path is not None:
        backup_before_upgrade(register, applied[-1])
    # A migration may rebuild a table (SQLite cannot drop a constraint in place). Foreign
    # keys are checked once, before the commit, instead of at the DROP of the old table, as
    # SQLite's own procedure for such changes does; the pragma is a no-op inside BEGIN.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process (cron, a second window) may have upgraded the file while this one
        # waited for the write lock: only what is still pending now runs.
        pending = pending_migrations(conn)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
        )
        for fn in pending:
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, datetime.now().astimezone().isoformat(timespec="seconds")),
            )
        refresh_views(conn)  # views are derived: made from this version's SQL, after the tables
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise CoordtrackError(f"Nâng cấp sổ đăng ký dừng lại: {len(broken)} tham chiếu hỏng "
                                  f"(bảng {broken[0][0]}); tệp không bị thay đổi.")
        _pause_for_crash_tests()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def stale_views(conn: sqlite3.Connection) -> dict[str, str]:
    """The CREATE statements of the views of `views_sql` that the file lacks or holds with
    other SQL (one read of sqlite_master: cheap enough for every open)."""
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    wanted = {name: f"CREATE VIEW {name} AS {sql.strip()}" for name, sql in views_sql().items()}
    return {name: sql for name, sql in wanted.items() if stored.get(name) != sql}


def refresh_views(conn: sqlite3.Connection) -> None:
    """Make every view of `views_sql` that is missing or different, inside the caller's
    transaction. Views are derived objects: no migration creates them, so a migration never
    depends on the columns this version's views name (an old register is upgraded table by
    table first, then gets the views of this version)."""
    for name, statement in stale_views(conn).items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(statement)


def _refresh_views_alone(conn: sqlite3.Connection) -> None:
    # A current schema whose views differ (a version that changed only a view, or a view
    # dropped by hand). Another process may do the same meanwhile: refresh_views re-checks
    # under the write lock. A file that cannot be written (read-only, locked for longer than
    # the busy timeout) keeps its views: no command reads them, and the next open retries.
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return
    try:
        refresh_views(conn)
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        conn.execute("ROLLBACK")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _pause_for_crash_tests() -> None:
    # Lets the crash test kill the process at a known point inside the upgrade transaction.
    import os

    delay = os.environ.get("COORDTRACK_TEST_UPGRADE_PAUSE")
    if delay:
        import time

        time.sleep(float(delay))


def backup_before_upgrade(register: Register, version: str) -> None:
    """Copy the register aside with SQLite's online backup before a schema upgrade."""
    assert register.path is not None
    from coordtrack.files import create_private

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    # Two processes started together (cron and a clerk, after coordtrack was upgraded) both
    # back the file up in the same second: the second copy gets a number, not an error.
    for n in range(1000):
        suffix = f"-{n}" if n else ""
        target = register.path.with_name(f"{register.path.name}.{version}.{stamp}{suffix}.bak")
        try:
            create_private(target)  # the copy holds the same records as the register: 0600
            break
        except FileExistsError:
            continue
    dest = sqlite3.connect(target)
    try:
        register.conn.backup(dest)
    finally:
        dest.close()


# -- m002: full-text search -----------------------------------------------------------------
# One contentless FTS5 table indexes findings, meetings and agreements. Its rowid encodes the
# source: rowid = id * 16 + code, so triggers, filters and result look-ups stay pure SQL.
# unicode61 with remove_diacritics 2 folds case and every Vietnamese mark except đ/Đ, which
# are letters of their own in Unicode: the triggers replace them in plain SQL, so the file
# stays writable by any SQLite tool (no application-defined function in a trigger).
SEARCH_CODES = {"achievement": 1, "shortcoming": 2, "task": 3, "directive": 4,
                "recommendation": 5, "meeting": 8, "agreement": 9}
SEARCH_SHIFT = 16


def _fold_sql(expr: str) -> str:
    # U+00F0/U+00D0 (eth) stand in for đ/Đ on non-Vietnamese keyboards; vietnamese.fold agrees.
    return (f"replace(replace(replace(replace(coalesce({expr}, ''), 'đ', 'd'), 'Đ', 'D'), "
            "'ð', 'd'), 'Ð', 'D')")


def _joined(*exprs: str) -> str:
    return " || ' ' || ".join(f"coalesce({e}, '')" for e in exprs)


FINDING_CODE_SQL = ("CASE {p}.kind WHEN 'achievement' THEN 1 WHEN 'shortcoming' THEN 2 "
                    "WHEN 'task' THEN 3 WHEN 'directive' THEN 4 ELSE 5 END")

# table -> (rowid code expression, main text, other text, columns whose change re-indexes)
SEARCH_SOURCES = {
    "findings": (FINDING_CODE_SQL, "{p}.text",
                 _joined("{p}.area", "{p}.unit", "{p}.cause", "{p}.response"),
                 "id, kind, text, area, unit, cause, response"),
    "meetings": ("8", "{p}.title",
                 _joined("{p}.place", "{p}.connection_points", "{p}.chair_groups",
                         "{p}.attendee_groups", "{p}.author", "{p}.source"),
                 "id, title, place, connection_points, chair_groups, attendee_groups, author, "
                 "source"),
    "agreements": ("9", "{p}.title", _joined("{p}.number", "{p}.term", "{p}.areas"),
                   "id, title, number, term, areas"),
}


def search_values_sql(table: str, p: str) -> str:
    """`rowid, main_text, other_text` of a row of `table` aliased `p`, as the index holds them."""
    code, main, other, _ = SEARCH_SOURCES[table]
    return (f"{p}.id * {SEARCH_SHIFT} + ({code.format(p=p)}), {_fold_sql(main.format(p=p))}, "
            f"{_fold_sql(other.format(p=p))}")


def fill_search_index(conn: sqlite3.Connection, table: str | None = None,
                      id_range: tuple[int, int] | None = None) -> None:
    for name in [table] if table else list(SEARCH_SOURCES):
        where, params = "", ()
        if id_range is not None:
            where, params = " WHERE t.id BETWEEN ? AND ?", id_range
        conn.execute(
            f"INSERT INTO search_index (rowid, main_text, other_text) "
            f"SELECT {search_values_sql(name, 't')} FROM {name} t{where}", params
        )


@migration
def m002_search_index(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "main_text, other_text, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    # FTS5 flushes its pending terms at every statement savepoint, so a trigger-fed index costs
    # a segment write per row. The bulk path marks this table inside its own transaction (no
    # other connection ever sees the mark), skips the trigger, and indexes the rows at once.
    conn.execute("CREATE TABLE search_paused (id INTEGER PRIMARY KEY)")
    for table, (_, _, _, watched) in SEARCH_SOURCES.items():
        insert = (f"INSERT INTO search_index (rowid, main_text, other_text) "
                  f"VALUES ({search_values_sql(table, 'new')});")
        # A contentless index forgets a row only when given the very values it indexed.
        delete = (f"INSERT INTO search_index (search_index, rowid, main_text, other_text) "
                  f"VALUES ('delete', {search_values_sql(table, 'old')});")
        run_script(conn, f"""
            CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
            WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
                {insert}
            END;
            CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN
                {delete}
            END;
            CREATE TRIGGER {table}_search_update AFTER UPDATE OF {watched} ON {table} BEGIN
                {delete}
                {insert}
            END;
        """)
    fill_search_index(conn)


@migration
def m003_followup_indexes(conn: sqlite3.Connection) -> None:
    # Reports count and list what is open, resolved or done among a province's findings.
    # Partial indexes hold only those items, so the counts read a small index, never the
    # table; queries must spell each condition exactly as here (`status IS NOT '…'`) and
    # name the kind as a literal. Plain (kind, date) indexes are gone: without statistics
    # the planner took them for any kind= query and read every finding of the kind.
    # A finding names bodies in three columns; each gets an index for --body filters.
    run_script(
        conn,
        """
        DROP INDEX findings_kind_status;
        DROP INDEX findings_due_on;
        CREATE INDEX findings_state ON findings(kind, status, due_on, done_on);
        CREATE INDEX findings_open_tasks ON findings(due_on)
            WHERE kind = 'task' AND status IS NOT 'đã hoàn thành';
        CREATE INDEX findings_done_tasks ON findings(done_on)
            WHERE kind = 'task' AND status = 'đã hoàn thành';
        CREATE INDEX findings_open_shortcomings ON findings(meeting_id)
            WHERE kind = 'shortcoming' AND status IS NOT 'đã khắc phục';
        CREATE INDEX findings_resolved_shortcomings ON findings(resolved_on)
            WHERE kind = 'shortcoming' AND status = 'đã khắc phục';
        CREATE INDEX findings_from_body ON findings(from_body_id);
        CREATE INDEX findings_to_body ON findings(to_body_id);
        """,
    )


@migration
def m004_foreign_key_indexes(conn: sqlite3.Connection) -> None:
    # With foreign keys on, deleting a row makes SQLite look for every row that references it.
    # Without an index on the referencing column that look-up reads the whole table, so undoing
    # a 50-finding import on a million-finding register took seconds per row. Every foreign key
    # column now leads some index (the UNIQUE pairs already cover the others).
    run_script(
        conn,
        """
        CREATE INDEX findings_carried_over_from ON findings(carried_over_from_id);
        CREATE INDEX findings_remedies ON findings(remedies_id);
        CREATE INDEX people_body ON people(body_id);
        CREATE INDEX finding_speakers_person ON finding_speakers(person_id);
        CREATE INDEX agreement_parties_body ON agreement_parties(body_id);
        CREATE INDEX agreements_superseded_by ON agreements(superseded_by_id);
        CREATE INDEX history_undone_by ON history(undone_by);
        """,
    )


# -- m005: record numbers are never reused -----------------------------------------------------
# SQLite gives a new row max(id) + 1, so removing the newest record handed its number to the
# next one, and an older `undo` of the removal then collided. Rebuilding the tables with
# AUTOINCREMENT would copy a province's million findings; instead each table's highest removed
# id is kept here by a trigger (so deletions by any path count) and `Register.next_id` starts
# above it.


@migration
def m005_retired_ids(conn: sqlite3.Connection) -> None:
    # Spelled out rather than taken from file.RECORD_TABLES: a migration never changes.
    record_tables = ("bodies", "people", "agreements", "meetings", "findings")
    conn.execute("CREATE TABLE retired_ids (tbl TEXT PRIMARY KEY, last_id INTEGER NOT NULL)")
    for table in record_tables:
        run_script(conn, f"""
            CREATE TRIGGER {table}_retire_id AFTER DELETE ON {table} BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('{table}', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
        """)
    # Numbers removed before this version are in the change log.
    conn.execute(
        "INSERT INTO retired_ids (tbl, last_id) "
        "SELECT json_extract(c.value, '$.table'), max(json_extract(c.value, '$.id')) "
        "FROM history h, json_each(h.changes) c "
        "WHERE json_extract(c.value, '$.op') = 'delete' "
        f"AND json_extract(c.value, '$.table') IN {record_tables!r} "
        "GROUP BY 1"
    )


# -- m006: one FTS5 table per searchable table, the sqlite-utils way ---------------------------
# `findings_fts`, `meetings_fts`, `agreements_fts` use the table as external content
# (content="findings"), with triggers named `<table>_ai/_ad/_au`: the layout `sqlite-utils
# enable-fts` makes, so `sqlite-utils search` and Datasette's `_search` find and use them.
# The triggers index more than the column holds: each value twice, once with đ/Đ written d/D
# and once with d/D written đ/Đ. unicode61 (remove_diacritics 2) folds every other mark and
# the case, so a query typed with or without đ ("Đảng", "đảng", "dang") finds the same rows in
# any tool that does not fold queries itself; coordtrack folds its queries to d anyway. Plain
# SQL only in the triggers, so any SQLite tool can still write the file. Reads of the FTS
# columns come from the table, so snippets show the original text. A 'rebuild' (as
# `sqlite-utils rebuild-fts` does) would index the bare text: `coordtrack` rebuilds with
# `rebuild_search` instead.
FTS_COLUMNS = {
    "findings": ("text", "area", "unit", "cause", "response"),
    "meetings": ("title", "place", "connection_points", "chair_groups", "attendee_groups",
                 "author", "source"),
    "agreements": ("title", "number", "term", "areas"),
}


def fts_table(table: str) -> str:
    return f"{table}_fts"


def _both_d_forms_sql(expr: str) -> str:
    # U+00F0/U+00D0 (eth) stand in for đ/Đ on non-Vietnamese keyboards; vietnamese.fold agrees.
    # The second spelling is made from the original text: replace() passes are most of the
    # cost of indexing (migration m008). NULL stays NULL (FTS5 indexes nothing for it, as for
    # the ' ' that coalesce gave): no work for the empty columns (migration m012).
    to_d = (f"replace(replace(replace(replace({expr}, 'đ', 'd'), 'Đ', 'D'), "
            "'ð', 'd'), 'Ð', 'D')")
    return f"{to_d} || ' ' || replace(replace({expr}, 'd', 'đ'), 'D', 'Đ')"


def fts_values_sql(table: str, p: str) -> str:
    """`rowid, col1, col2, …` of a row of `table` aliased `p`, as its FTS index holds them."""
    return ", ".join([f"{p}.id"] + [_both_d_forms_sql(f"{p}.{c}") for c in FTS_COLUMNS[table]])


def fill_fts(conn: sqlite3.Connection, table: str | None = None,
             id_range: tuple[int, int] | None = None) -> None:
    for name in [table] if table else list(FTS_COLUMNS):
        where, params = "", ()
        if id_range is not None:
            where, params = " WHERE t.id BETWEEN ? AND ?", id_range
        cols = ", ".join(FTS_COLUMNS[name])
        conn.execute(f"INSERT INTO {fts_table(name)} (rowid, {cols}) "
                     f"SELECT {fts_values_sql(name, 't')} FROM {name} t{where}", params)


def fts_triggers_sql(table: str) -> str:
    """The triggers that keep `<table>_fts` in step with `table` (sqlite-utils' names)."""
    fts, cols = fts_table(table), ", ".join(FTS_COLUMNS[table])
    new_values, old_values = fts_values_sql(table, "new"), fts_values_sql(table, "old")
    # The bulk path marks search_paused inside its own transaction, skips the insert
    # trigger and indexes its rows at once: FTS5 flushes at every statement otherwise.
    return f"""
        CREATE TRIGGER {table}_ai AFTER INSERT ON {table}
        WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
            INSERT INTO {fts} (rowid, {cols}) VALUES ({new_values});
        END;
        CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', {old_values});
        END;
        CREATE TRIGGER {table}_au AFTER UPDATE OF id, {cols} ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', {old_values});
            INSERT INTO {fts} (rowid, {cols}) VALUES ({new_values});
        END;
    """


def create_fts(conn: sqlite3.Connection, table: str) -> None:
    """The empty FTS5 table of `table` and its triggers, as this version makes them."""
    cols = ", ".join(FTS_COLUMNS[table])
    # sqlite-utils finds the index by this exact spelling: content="table".
    conn.execute(f'CREATE VIRTUAL TABLE {fts_table(table)} USING fts5({cols}, '
                 f'content="{table}", tokenize=\'unicode61 remove_diacritics 2\')')
    run_script(conn, fts_triggers_sql(table))


@migration
def m006_fts_tables(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    for table in FTS_COLUMNS:
        for event in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER {table}_search_{event}")
    conn.execute("DROP TABLE search_index")
    for table in FTS_COLUMNS:
        create_fts(conn, table)
        assert db[table].detect_fts() == fts_table(table)
    fill_fts(conn)


# -- m007: a table of code labels; views for SQL tools, spreadsheets and Datasette -------------
# The views hold the status rules of register/status.py and the stored codes as they are at
# this version. They are not made by a migration (m007 made them until issue 14): after the
# migrations, `refresh_views` makes again any view that differs from `views_sql`, so a change
# of a rule or a code needs no migration, and upgrading an old register never runs today's
# view SQL against yesterday's tables.
# "Today" is SQLite's local date, so a view read tomorrow counts tomorrow's overdue tasks.
TODAY_SQL = "date('now', 'localtime')"


def _names_sql(link: str, owner: str, target: str, names: str, where: str,
               titles: bool = False) -> str:
    """The linked names of a row, in their recorded order, joined with '; '."""
    label = "t.name || coalesce(' - ' || l.titles, '')" if titles else "t.name"
    return (f"(SELECT group_concat(name, '; ') FROM (SELECT {label} AS name FROM {link} l "
            f"JOIN {names} t ON t.id = l.{target} WHERE l.{owner} = {where} "
            "ORDER BY l.position))")


def views_sql() -> dict[str, str]:
    """The views as this version defines them: status rules from status.py, stored codes from
    the record types (made again by `refresh_views` whenever they change)."""
    from coordtrack.register import status
    from coordtrack.register.recordtypes import kind_sql, role_code

    owners = _names_sql("finding_owners", "finding_id", "body_id", "bodies", "f.id")
    speakers = _names_sql("finding_speakers", "finding_id", "person_id", "people", "f.id",
                          titles=True)
    kind_label = ("(SELECT label FROM code_labels WHERE table_name = 'findings' "
                  "AND column_name = 'kind' AND code = f.kind)")
    meeting_cols = "f.meeting_id, m.title AS meeting, m.held_on, m.period"
    joins = ("FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id "
             "LEFT JOIN bodies b ON b.id = f.body_id")
    return {
        "findings_described": f"""
            SELECT f.id, f.kind, {kind_label} AS kind_label, f.text, {meeting_cols},
                b.name AS body, {owners} AS owners, {speakers} AS speakers,
                fb.name AS from_body, tb.name AS to_body, f.status, f.due_on, f.done_on,
                f.resolved_on, f.area, f.value, f.unit, f.cause, f.response, f.position
            {joins}
            LEFT JOIN bodies fb ON fb.id = f.from_body_id
            LEFT JOIN bodies tb ON tb.id = f.to_body_id""",
        "open_shortcomings": f"""
            SELECT f.id, f.text, b.name AS body, f.body_id, f.status, f.cause, {meeting_cols},
                CAST(julianday({TODAY_SQL}) - julianday(m.held_on) AS INTEGER) AS age_days
            {joins}
            WHERE {kind_sql('f', 'shortcoming')} AND {status.shortcoming_open_sql('f')}""",
        "task_status": f"""
            SELECT f.id, f.text, {owners} AS owners, f.status,
                {status.category_sql('f', TODAY_SQL)} AS status_category,
                f.due_on, f.done_on, {status.days_late_sql('f', TODAY_SQL)} AS days_late,
                {meeting_cols}
            {joins}
            WHERE {kind_sql('f', 'task')}""",
        "overdue_tasks": f"""
            SELECT f.id, f.text, {owners} AS owners, f.status, f.due_on,
                {status.days_late_sql('f', TODAY_SQL)} AS days_late, {meeting_cols}
            {joins}
            WHERE {kind_sql('f', 'task')} AND {status.overdue_sql('f', TODAY_SQL)}""",
        "meetings_described": f"""
            SELECT m.id, m.title, m.kind, m.held_on, m.part_of_day, m.period, m.place,
                {_names_sql("meeting_organisers", "meeting_id", "body_id", "bodies", "m.id")}
                    AS organisers,
                (SELECT group_concat(name, '; ') FROM (SELECT p.name
                    || coalesce(' - ' || l.titles, '') AS name FROM meeting_participants l
                    JOIN people p ON p.id = l.person_id WHERE l.meeting_id = m.id
                    AND l.role = '{role_code('chairs')}' ORDER BY l.position)) AS chairs,
                {_names_sql("meeting_agreements", "meeting_id", "agreement_id", "agreements",
                            "m.id").replace("t.name", "t.title")} AS agreements,
                (SELECT count(*) FROM findings WHERE meeting_id = m.id) AS findings,
                m.author, m.source
            FROM meetings m""",
    }


# (table, column, code, label): the codes stored, with the words a reader sees.
CODE_LABELS = [
    *(("findings", "kind", code, label) for code, label in (
        ("achievement", "kết quả"), ("shortcoming", "tồn tại, hạn chế"), ("task", "nhiệm vụ"),
        ("directive", "ý kiến chỉ đạo"), ("recommendation", "kiến nghị, đề xuất"))),
    ("meeting_participants", "role", "chair", "chủ trì"),
    ("meeting_participants", "role", "attendee", "tham dự"),
    *(("findings", "status", s, s) for s in ("chưa khắc phục", "đang khắc phục", "đã khắc phục",
                                             "chưa thực hiện", "đang thực hiện",
                                             "đã hoàn thành")),
    *(("task_status", "status_category", s, s) for s in (
        "đã hoàn thành đúng hạn", "đã hoàn thành quá hạn", "chưa hoàn thành trong hạn",
        "chưa hoàn thành quá hạn")),
    *(("agreements", "status", s, s) for s in ("hiệu lực", "hết hiệu lực", "đã thay thế")),
    *(("meetings", "kind", s, s) for s in ("tổng kết", "sơ kết", "đánh giá", "giao ban",
                                           "khác")),
    *(("meetings", "part_of_day", s, s) for s in ("sáng", "trưa", "chiều", "tối")),
    *(("bodies", "level", s, s) for s in ("trung ương", "tỉnh", "huyện", "xã")),
]


@migration
def m007_views(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db["code_labels"].create(
        {"id": int, "table_name": str, "column_name": str, "code": str, "label": str},
        pk="id", not_null={"table_name", "column_name", "code", "label"},
    )
    db["code_labels"].create_index(["table_name", "column_name", "code"], unique=True)
    db["code_labels"].insert_all(
        {"table_name": t, "column_name": c, "code": code, "label": label}
        for t, c, code, label in CODE_LABELS)


# -- m008: the second spelling from the original text ----------------------------------------
# m006's triggers made the d→đ spelling from the already d-folded text: ten replace() passes
# per value where six give the same tokens for Vietnamese text. Indexing was then most of a
# bulk import's extra cost over raw inserts. The triggers are re-created from
# fts_triggers_sql and each index is refilled, so index and triggers agree again (an index
# must be deleted from with the very values it was given).


@migration
def m008_fts_fewer_passes(conn: sqlite3.Connection) -> None:
    for table in FTS_COLUMNS:
        current = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                               "AND name = ?", (f"{table}_ai",)).fetchone()[0]
        if fts_values_sql(table, "new") in current:
            continue  # made by this version's m006 in the same upgrade: already current
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER {table}_{suffix}")
        run_script(conn, fts_triggers_sql(table))
        fts = fts_table(table)
        conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
        fill_fts(conn, table)


@migration
def m009_import_baselines(conn: sqlite3.Connection) -> None:
    # What a meeting file said about each record when it was last imported, and what the
    # register then held: a re-import tells the file's edits from changes made with `edit`,
    # `resolve` or `done`, keeps the latter, and asks before overwriting them (issue 10).
    conn.execute(
        "CREATE TABLE import_baselines (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, "
        "snapshot TEXT NOT NULL)"
    )


@migration
def m010_body_sector(conn: sqlite3.Connection) -> None:
    # A body says whether it is a Party, State, Front or mass-organisation body: that picks
    # the layout of its documents (Hướng dẫn 36-HD/VPTW or Nghị định 30/2020/NĐ-CP).
    # Existing bodies get the sector their name tells; a clerk can correct it.
    from coordtrack.vietnamese import guess_sector

    conn.execute("ALTER TABLE bodies ADD COLUMN sector TEXT")
    for body_id, name in conn.execute("SELECT id, name FROM bodies").fetchall():
        conn.execute("UPDATE bodies SET sector = ? WHERE id = ?", (guess_sector(name), body_id))


# -- m011: meetings as articles report them (issue 9) -----------------------------------------
def rebuild_table(conn: sqlite3.Connection, table: str, edit: Callable[[str], str],
                  copy: dict[str, str] | None = None) -> None:
    """Recreate `table` from its own CREATE statement changed by `edit`, keeping every row,
    id, index and trigger (SQLite's procedure for changing a constraint). Columns that later
    migrations added stay, since the statement is read from the file, not from m001.
    `copy` gives an SQL expression for a column's new value (the rows are copied anyway, so a
    value the new constraint requires is written then, without firing any trigger)."""
    import re

    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (table,)).fetchone()[0]
    # Views read the table; they are set aside while it is replaced, or renaming the new
    # table would fail on a view that names the dropped one.
    views = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall()
    for name, _ in views:
        conn.execute(f"DROP VIEW {name}")
    extras = [row[0] for row in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name", (table,))]
    columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
    new_sql = re.sub(rf"^CREATE TABLE \"?{table}\"?", f"CREATE TABLE {table}__new", edit(sql))
    conn.execute(new_sql)
    values = ", ".join((copy or {}).get(row[1], row[1])
                       for row in conn.execute(f"PRAGMA table_info({table})"))
    conn.execute(f"INSERT INTO {table}__new ({columns}) SELECT {values} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}__new RENAME TO {table}")
    for statement in extras:
        conn.execute(statement)
    for _, sql_text in views:
        conn.execute(sql_text)


def _sub(pattern: str, replacement: str) -> Callable[[str], str]:
    import re

    def edit(sql: str) -> str:
        new, count = re.subn(pattern, replacement, sql)
        assert count == 1, f"{pattern!r} not found in {sql!r}"
        return new

    return edit


@migration
def m011_meetings_as_reported(conn: sqlite3.Connection) -> None:
    """What real meetings hold besides the five findings (issue 9).

    - A meeting may have no date, or a partial one ("23/5" with no year, "tháng 5/2024"):
      held_on keeps what is known ("2024-05-23", "--05-23", "2024-05") or NULL.
    - Organisers may be equals; one may be recorded as the lead (lead_organiser_id). The
      meeting may state its purposes (JSON list).
    - Participants have roles beyond chair and attendee (checked in Python), and a person
      known only by title takes part through the one nameless person row.
    - A body has a place ("tỉnh Quảng Nam"): the same name in two places is two bodies, so
      names are unique per place (checked in Python on the canonical form); short_form is
      the body's name in running text after the first mention ("HĐND huyện").
    - Findings gain three kinds (discussion, commendation, signing) and what they say: who
      raised a shortcoming, whom a directive addresses, the people a recommendation comes
      from, the recipients of a commendation, the agreement signed or amended and how.
    """
    rebuild_table(conn, "meetings", _sub(r"held_on TEXT NOT NULL", "held_on TEXT"))
    rebuild_table(conn, "meeting_participants", lambda sql: _sub(
        r"UNIQUE \(meeting_id, person_id, role\)", "UNIQUE (meeting_id, person_id, role, titles)")(
        _sub(r"\s*CHECK \(role IN \([^)]*\)\)", "")(sql)))
    rebuild_table(conn, "bodies", lambda sql: _sub(r"short_name TEXT UNIQUE", "short_name TEXT")(
        _sub(r"name TEXT NOT NULL UNIQUE", "name TEXT NOT NULL")(sql)))
    rebuild_table(conn, "findings", _sub(
        r"'directive', 'recommendation'\)\)",
        "'directive', 'recommendation', 'discussion', 'commendation', 'signing'))"))
    run_script(
        conn,
        """
        ALTER TABLE meetings ADD COLUMN lead_organiser_id INTEGER REFERENCES bodies(id);
        ALTER TABLE meetings ADD COLUMN purposes TEXT;
        CREATE INDEX meetings_lead_organiser ON meetings(lead_organiser_id);
        ALTER TABLE bodies ADD COLUMN place TEXT;
        ALTER TABLE bodies ADD COLUMN short_form TEXT;
        CREATE INDEX bodies_name ON bodies(name);
        CREATE INDEX bodies_short_name ON bodies(short_name);
        ALTER TABLE findings ADD COLUMN raised_by TEXT;
        ALTER TABLE findings ADD COLUMN addressees TEXT;
        ALTER TABLE findings ADD COLUMN from_people TEXT;
        ALTER TABLE findings ADD COLUMN recipients TEXT;
        ALTER TABLE findings ADD COLUMN agreement_id INTEGER REFERENCES agreements(id);
        ALTER TABLE findings ADD COLUMN action TEXT;
        CREATE INDEX findings_agreement ON findings(agreement_id);
        """,
    )
    # The words a reader sees for the new codes (code_labels, m007).
    conn.executemany(
        "INSERT INTO code_labels (table_name, column_name, code, label) VALUES (?, ?, ?, ?)", [
            ("findings", "kind", "discussion", "thảo luận"),
            ("findings", "kind", "commendation", "khen thưởng"),
            ("findings", "kind", "signing", "ký kết"),
            ("meeting_participants", "role", "co_chair", "đồng chủ trì"),
            ("meeting_participants", "role", "leader", "tham dự và chỉ đạo"),
            ("meeting_participants", "role", "opener", "khai mạc"),
            ("meeting_participants", "role", "presenter", "trình bày báo cáo"),
            ("meeting_participants", "role", "speaker", "phát biểu"),
            *(("findings", "action", a, a) for a in (
                "ký kết", "sửa đổi", "bổ sung", "sửa đổi, bổ sung", "gia hạn")),
        ])


# -- m012: the search triggers leave NULL columns NULL -----------------------------------------
# m008's triggers turned an empty column into ' ' with coalesce and six replace() passes; most
# findings have three empty columns, and that was a fifth of the cost of indexing them. FTS5
# indexes no token for NULL and none for ' ', so the index already holds exactly the tokens
# the new triggers give and delete: only the triggers are re-created, nothing is re-indexed.


@migration
def m012_fts_null_columns(conn: sqlite3.Connection) -> None:
    for table in FTS_COLUMNS:
        current = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                               "AND name = ?", (f"{table}_ai",)).fetchone()[0]
        if fts_values_sql(table, "new") in current:
            continue  # made by this version's m006 or m008 in the same upgrade
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER {table}_{suffix}")
        run_script(conn, fts_triggers_sql(table))


# -- m013: every stored code in Vietnamese (issue 14) ------------------------------------------
# findings.kind and meeting_participants.role held English codes while every other code was
# Vietnamese; a clerk reading an export, a CSV in Excel or Datasette now sees one language.
# The codes before and after, spelled out: a migration never changes, whatever the record
# types say later (recordtypes.FORMER_CODES maps the same old codes for old exports/history).
M013_CODES = {
    ("findings", "kind"): {
        "achievement": "kết quả", "shortcoming": "tồn tại", "task": "nhiệm vụ",
        "directive": "chỉ đạo", "recommendation": "kiến nghị", "discussion": "thảo luận",
        "commendation": "khen thưởng", "signing": "ký kết"},
    ("meeting_participants", "role"): {
        "chair": "chủ trì", "co_chair": "đồng chủ trì", "leader": "chỉ đạo",
        "attendee": "tham dự", "opener": "khai mạc", "presenter": "trình bày",
        "speaker": "phát biểu"},
}
# m003's partial indexes name the kind as a literal; they are made again with the new codes.
M013_PARTIAL_INDEXES = """
    CREATE INDEX findings_open_tasks ON findings(due_on)
        WHERE kind = 'nhiệm vụ' AND status IS NOT 'đã hoàn thành';
    CREATE INDEX findings_done_tasks ON findings(done_on)
        WHERE kind = 'nhiệm vụ' AND status = 'đã hoàn thành';
    CREATE INDEX findings_open_shortcomings ON findings(meeting_id)
        WHERE kind = 'tồn tại' AND status IS NOT 'đã khắc phục';
    CREATE INDEX findings_resolved_shortcomings ON findings(resolved_on)
        WHERE kind = 'tồn tại' AND status = 'đã khắc phục';
"""


def _recode_sql(column: str, codes: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in codes.items())
    return f"CASE {column} {whens} ELSE {column} END"


@migration
def m013_vietnamese_codes(conn: sqlite3.Connection) -> None:
    kinds = M013_CODES[("findings", "kind")]
    for name in ("findings_open_tasks", "findings_done_tasks", "findings_open_shortcomings",
                 "findings_resolved_shortcomings"):
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    # The CHECK on kind changes, so the table is rebuilt, and the copy writes the new codes:
    # an UPDATE would fire the search triggers once per finding of a million-row register.
    allowed = ", ".join(f"'{code}'" for code in kinds.values())
    rebuild_table(conn, "findings", _sub(r"CHECK \(kind IN\s*\([^)]*\)\)",
                                         f"CHECK (kind IN ({allowed}))"),
                  copy={"kind": _recode_sql("kind", kinds)})
    run_script(conn, M013_PARTIAL_INDEXES)
    # Roles are checked in Python since m011: no constraint, no trigger; a plain UPDATE.
    roles = M013_CODES[("meeting_participants", "role")]
    former = ", ".join(f"'{old}'" for old in roles)
    conn.execute(f"UPDATE meeting_participants SET role = {_recode_sql('role', roles)} "
                 f"WHERE role IN ({former})")
    for (table, column), codes in M013_CODES.items():
        conn.execute(f"UPDATE code_labels SET code = {_recode_sql('code', codes)} "
                     "WHERE table_name = ? AND column_name = ?", (table, column))
    # Views naming a code are made again from this version's SQL after the migrations
    # (refresh_views).
