PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL);
INSERT INTO migrations VALUES(1,'m001_initial','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(2,'m002_search_index','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(3,'m003_followup_indexes','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(4,'m004_foreign_key_indexes','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(5,'m005_retired_ids','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(6,'m006_fts_tables','2026-11-22T18:08:48+00:00');
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
CREATE TABLE meeting_organisers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            body_id INTEGER NOT NULL REFERENCES bodies(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, body_id)
        );
CREATE TABLE meeting_participants (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            role TEXT NOT NULL CHECK (role IN ('chair', 'attendee')),
            titles TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, person_id, role)
        );
CREATE TABLE meeting_agreements (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            agreement_id INTEGER NOT NULL REFERENCES agreements(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, agreement_id)
        );
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
CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            summary TEXT,
            changes TEXT NOT NULL,
            undone_by INTEGER REFERENCES history(id)
        );
CREATE TABLE search_paused (id INTEGER PRIMARY KEY);
CREATE TABLE retired_ids (tbl TEXT PRIMARY KEY, last_id INTEGER NOT NULL);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','findings_fts','findings_fts',0,'CREATE VIRTUAL TABLE findings_fts USING fts5(text, area, unit, cause, response, content="findings", tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE IF NOT EXISTS 'findings_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO findings_fts_data VALUES(1,X'');
INSERT INTO findings_fts_data VALUES(10,X'00000000000000');
CREATE TABLE IF NOT EXISTS 'findings_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'findings_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'findings_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO findings_fts_config VALUES('version',4);
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','meetings_fts','meetings_fts',0,'CREATE VIRTUAL TABLE meetings_fts USING fts5(title, place, connection_points, chair_groups, attendee_groups, author, source, content="meetings", tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE IF NOT EXISTS 'meetings_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO meetings_fts_data VALUES(1,X'');
INSERT INTO meetings_fts_data VALUES(10,X'00000000000000');
CREATE TABLE IF NOT EXISTS 'meetings_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'meetings_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'meetings_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO meetings_fts_config VALUES('version',4);
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','agreements_fts','agreements_fts',0,'CREATE VIRTUAL TABLE agreements_fts USING fts5(title, number, term, areas, content="agreements", tokenize=''unicode61 remove_diacritics 2'')');
CREATE TABLE IF NOT EXISTS 'agreements_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO agreements_fts_data VALUES(1,X'');
INSERT INTO agreements_fts_data VALUES(10,X'00000000000000');
CREATE TABLE IF NOT EXISTS 'agreements_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'agreements_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'agreements_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO agreements_fts_config VALUES('version',4);
CREATE INDEX people_name ON people(name);
CREATE INDEX meetings_held_on ON meetings(held_on);
CREATE INDEX meeting_organisers_body ON meeting_organisers(body_id);
CREATE INDEX meeting_participants_person ON meeting_participants(person_id);
CREATE INDEX meeting_agreements_agreement ON meeting_agreements(agreement_id);
CREATE INDEX findings_meeting ON findings(meeting_id, kind, position);
CREATE INDEX findings_body ON findings(body_id);
CREATE INDEX finding_owners_body ON finding_owners(body_id);
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
CREATE INDEX findings_carried_over_from ON findings(carried_over_from_id);
CREATE INDEX findings_remedies ON findings(remedies_id);
CREATE INDEX people_body ON people(body_id);
CREATE INDEX finding_speakers_person ON finding_speakers(person_id);
CREATE INDEX agreement_parties_body ON agreement_parties(body_id);
CREATE INDEX agreements_superseded_by ON agreements(superseded_by_id);
CREATE INDEX history_undone_by ON history(undone_by);
CREATE TRIGGER bodies_retire_id AFTER DELETE ON bodies BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('bodies', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER people_retire_id AFTER DELETE ON people BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('people', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER agreements_retire_id AFTER DELETE ON agreements BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('agreements', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER meetings_retire_id AFTER DELETE ON meetings BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('meetings', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER findings_retire_id AFTER DELETE ON findings BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('findings', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER findings_ai AFTER INSERT ON findings
            WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
                INSERT INTO findings_fts (rowid, text, area, unit, cause, response) VALUES (new.id, replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER findings_ad AFTER DELETE ON findings BEGIN
                INSERT INTO findings_fts (findings_fts, rowid, text, area, unit, cause, response) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER findings_au AFTER UPDATE OF id, text, area, unit, cause, response ON findings BEGIN
                INSERT INTO findings_fts (findings_fts, rowid, text, area, unit, cause, response) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
                INSERT INTO findings_fts (rowid, text, area, unit, cause, response) VALUES (new.id, replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER meetings_ai AFTER INSERT ON meetings
            WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
                INSERT INTO meetings_fts (rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER meetings_ad AFTER DELETE ON meetings BEGIN
                INSERT INTO meetings_fts (meetings_fts, rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER meetings_au AFTER UPDATE OF id, title, place, connection_points, chair_groups, attendee_groups, author, source ON meetings BEGIN
                INSERT INTO meetings_fts (meetings_fts, rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
                INSERT INTO meetings_fts (rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER agreements_ai AFTER INSERT ON agreements
            WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
                INSERT INTO agreements_fts (rowid, title, number, term, areas) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER agreements_ad AFTER DELETE ON agreements BEGIN
                INSERT INTO agreements_fts (agreements_fts, rowid, title, number, term, areas) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
CREATE TRIGGER agreements_au AFTER UPDATE OF id, title, number, term, areas ON agreements BEGIN
                INSERT INTO agreements_fts (agreements_fts, rowid, title, number, term, areas) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
                INSERT INTO agreements_fts (rowid, title, number, term, areas) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D'), 'd', 'đ'), 'D', 'Đ'));
            END;
PRAGMA writable_schema=OFF;
COMMIT;
