PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL);
INSERT INTO migrations VALUES(1,'m001_initial','2026-11-22T18:08:46+00:00');
INSERT INTO migrations VALUES(2,'m002_search_index','2026-11-22T18:08:46+00:00');
INSERT INTO migrations VALUES(3,'m003_followup_indexes','2026-11-22T18:08:46+00:00');
INSERT INTO migrations VALUES(4,'m004_foreign_key_indexes','2026-11-22T18:08:46+00:00');
INSERT INTO migrations VALUES(5,'m005_retired_ids','2026-11-22T18:08:46+00:00');
INSERT INTO migrations VALUES(6,'m006_fts_tables','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(7,'m007_views','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(8,'m008_fts_fewer_passes','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(9,'m009_import_baselines','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(10,'m010_body_sector','2026-11-22T18:08:47+00:00');
INSERT INTO migrations VALUES(11,'m011_meetings_as_reported','2026-11-22T18:08:47+00:00');
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
CREATE TABLE meeting_organisers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            body_id INTEGER NOT NULL REFERENCES bodies(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, body_id)
        );
CREATE TABLE meeting_agreements (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            agreement_id INTEGER NOT NULL REFERENCES agreements(id),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, agreement_id)
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
CREATE TABLE IF NOT EXISTS "code_labels" (
   "id" INTEGER PRIMARY KEY,
   "table_name" TEXT NOT NULL,
   "column_name" TEXT NOT NULL,
   "code" TEXT NOT NULL,
   "label" TEXT NOT NULL
);
INSERT INTO code_labels VALUES(1,'findings','kind','achievement','kết quả');
INSERT INTO code_labels VALUES(2,'findings','kind','shortcoming','tồn tại, hạn chế');
INSERT INTO code_labels VALUES(3,'findings','kind','task','nhiệm vụ');
INSERT INTO code_labels VALUES(4,'findings','kind','directive','ý kiến chỉ đạo');
INSERT INTO code_labels VALUES(5,'findings','kind','recommendation','kiến nghị, đề xuất');
INSERT INTO code_labels VALUES(6,'meeting_participants','role','chair','chủ trì');
INSERT INTO code_labels VALUES(7,'meeting_participants','role','attendee','tham dự');
INSERT INTO code_labels VALUES(8,'findings','status','chưa khắc phục','chưa khắc phục');
INSERT INTO code_labels VALUES(9,'findings','status','đang khắc phục','đang khắc phục');
INSERT INTO code_labels VALUES(10,'findings','status','đã khắc phục','đã khắc phục');
INSERT INTO code_labels VALUES(11,'findings','status','chưa thực hiện','chưa thực hiện');
INSERT INTO code_labels VALUES(12,'findings','status','đang thực hiện','đang thực hiện');
INSERT INTO code_labels VALUES(13,'findings','status','đã hoàn thành','đã hoàn thành');
INSERT INTO code_labels VALUES(14,'task_status','status_category','đã hoàn thành đúng hạn','đã hoàn thành đúng hạn');
INSERT INTO code_labels VALUES(15,'task_status','status_category','đã hoàn thành quá hạn','đã hoàn thành quá hạn');
INSERT INTO code_labels VALUES(16,'task_status','status_category','chưa hoàn thành trong hạn','chưa hoàn thành trong hạn');
INSERT INTO code_labels VALUES(17,'task_status','status_category','chưa hoàn thành quá hạn','chưa hoàn thành quá hạn');
INSERT INTO code_labels VALUES(18,'agreements','status','hiệu lực','hiệu lực');
INSERT INTO code_labels VALUES(19,'agreements','status','hết hiệu lực','hết hiệu lực');
INSERT INTO code_labels VALUES(20,'agreements','status','đã thay thế','đã thay thế');
INSERT INTO code_labels VALUES(21,'meetings','kind','tổng kết','tổng kết');
INSERT INTO code_labels VALUES(22,'meetings','kind','sơ kết','sơ kết');
INSERT INTO code_labels VALUES(23,'meetings','kind','đánh giá','đánh giá');
INSERT INTO code_labels VALUES(24,'meetings','kind','giao ban','giao ban');
INSERT INTO code_labels VALUES(25,'meetings','kind','khác','khác');
INSERT INTO code_labels VALUES(26,'meetings','part_of_day','sáng','sáng');
INSERT INTO code_labels VALUES(27,'meetings','part_of_day','trưa','trưa');
INSERT INTO code_labels VALUES(28,'meetings','part_of_day','chiều','chiều');
INSERT INTO code_labels VALUES(29,'meetings','part_of_day','tối','tối');
INSERT INTO code_labels VALUES(30,'bodies','level','trung ương','trung ương');
INSERT INTO code_labels VALUES(31,'bodies','level','tỉnh','tỉnh');
INSERT INTO code_labels VALUES(32,'bodies','level','huyện','huyện');
INSERT INTO code_labels VALUES(33,'bodies','level','xã','xã');
INSERT INTO code_labels VALUES(34,'findings','kind','discussion','thảo luận');
INSERT INTO code_labels VALUES(35,'findings','kind','commendation','khen thưởng');
INSERT INTO code_labels VALUES(36,'findings','kind','signing','ký kết');
INSERT INTO code_labels VALUES(37,'meeting_participants','role','co_chair','đồng chủ trì');
INSERT INTO code_labels VALUES(38,'meeting_participants','role','leader','tham dự và chỉ đạo');
INSERT INTO code_labels VALUES(39,'meeting_participants','role','opener','khai mạc');
INSERT INTO code_labels VALUES(40,'meeting_participants','role','presenter','trình bày báo cáo');
INSERT INTO code_labels VALUES(41,'meeting_participants','role','speaker','phát biểu');
INSERT INTO code_labels VALUES(42,'findings','action','ký kết','ký kết');
INSERT INTO code_labels VALUES(43,'findings','action','sửa đổi','sửa đổi');
INSERT INTO code_labels VALUES(44,'findings','action','bổ sung','bổ sung');
INSERT INTO code_labels VALUES(45,'findings','action','sửa đổi, bổ sung','sửa đổi, bổ sung');
INSERT INTO code_labels VALUES(46,'findings','action','gia hạn','gia hạn');
CREATE TABLE import_baselines (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, snapshot TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS "meetings" (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            held_on TEXT,
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
        , lead_organiser_id INTEGER REFERENCES bodies(id), purposes TEXT);
CREATE TABLE IF NOT EXISTS "meeting_participants" (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            role TEXT NOT NULL,
            titles TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meeting_id, person_id, role, titles)
        );
CREATE TABLE IF NOT EXISTS "bodies" (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            short_name TEXT,
            level TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        , sector TEXT, place TEXT, short_form TEXT);
CREATE TABLE IF NOT EXISTS "findings" (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN
                ('achievement', 'shortcoming', 'task', 'directive', 'recommendation', 'discussion', 'commendation', 'signing')),
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
        , raised_by TEXT, addressees TEXT, from_people TEXT, recipients TEXT, agreement_id INTEGER REFERENCES agreements(id), action TEXT);
CREATE INDEX people_name ON people(name);
CREATE INDEX meeting_organisers_body ON meeting_organisers(body_id);
CREATE INDEX meeting_agreements_agreement ON meeting_agreements(agreement_id);
CREATE INDEX finding_owners_body ON finding_owners(body_id);
CREATE INDEX people_body ON people(body_id);
CREATE INDEX finding_speakers_person ON finding_speakers(person_id);
CREATE INDEX agreement_parties_body ON agreement_parties(body_id);
CREATE INDEX agreements_superseded_by ON agreements(superseded_by_id);
CREATE INDEX history_undone_by ON history(undone_by);
CREATE TRIGGER people_retire_id AFTER DELETE ON people BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('people', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER agreements_retire_id AFTER DELETE ON agreements BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('agreements', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE TRIGGER agreements_ai AFTER INSERT ON agreements
        WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
            INSERT INTO agreements_fts (rowid, title, number, term, areas) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.number, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.term, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.areas, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER agreements_ad AFTER DELETE ON agreements BEGIN
            INSERT INTO agreements_fts (agreements_fts, rowid, title, number, term, areas) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.number, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.term, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.areas, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER agreements_au AFTER UPDATE OF id, title, number, term, areas ON agreements BEGIN
            INSERT INTO agreements_fts (agreements_fts, rowid, title, number, term, areas) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.number, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.term, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.areas, ''), 'd', 'đ'), 'D', 'Đ'));
            INSERT INTO agreements_fts (rowid, title, number, term, areas) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.number, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.number, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.term, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.term, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.areas, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.areas, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE UNIQUE INDEX "idx_code_labels_table_name_column_name_code"
    ON "code_labels" ("table_name", "column_name", "code");
CREATE INDEX meetings_held_on ON meetings(held_on);
CREATE TRIGGER meetings_ad AFTER DELETE ON meetings BEGIN
            INSERT INTO meetings_fts (meetings_fts, rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.place, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.connection_points, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.chair_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.attendee_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.author, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.source, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER meetings_ai AFTER INSERT ON meetings
        WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
            INSERT INTO meetings_fts (rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.place, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.connection_points, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.chair_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.attendee_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.author, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.source, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER meetings_au AFTER UPDATE OF id, title, place, connection_points, chair_groups, attendee_groups, author, source ON meetings BEGIN
            INSERT INTO meetings_fts (meetings_fts, rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.place, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.connection_points, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.chair_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.attendee_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.author, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.source, ''), 'd', 'đ'), 'D', 'Đ'));
            INSERT INTO meetings_fts (rowid, title, place, connection_points, chair_groups, attendee_groups, author, source) VALUES (new.id, replace(replace(replace(replace(coalesce(new.title, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.title, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.place, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.place, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.connection_points, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.connection_points, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.chair_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.chair_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.attendee_groups, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.attendee_groups, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.author, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.author, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.source, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.source, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER meetings_retire_id AFTER DELETE ON meetings BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('meetings', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE INDEX meeting_participants_person ON meeting_participants(person_id);
CREATE TRIGGER bodies_retire_id AFTER DELETE ON bodies BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('bodies', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE INDEX findings_body ON findings(body_id);
CREATE INDEX findings_carried_over_from ON findings(carried_over_from_id);
CREATE INDEX findings_done_tasks ON findings(done_on)
            WHERE kind = 'task' AND status = 'đã hoàn thành';
CREATE INDEX findings_from_body ON findings(from_body_id);
CREATE INDEX findings_meeting ON findings(meeting_id, kind, position);
CREATE INDEX findings_open_shortcomings ON findings(meeting_id)
            WHERE kind = 'shortcoming' AND status IS NOT 'đã khắc phục';
CREATE INDEX findings_open_tasks ON findings(due_on)
            WHERE kind = 'task' AND status IS NOT 'đã hoàn thành';
CREATE INDEX findings_remedies ON findings(remedies_id);
CREATE INDEX findings_resolved_shortcomings ON findings(resolved_on)
            WHERE kind = 'shortcoming' AND status = 'đã khắc phục';
CREATE INDEX findings_state ON findings(kind, status, due_on, done_on);
CREATE INDEX findings_to_body ON findings(to_body_id);
CREATE TRIGGER findings_ad AFTER DELETE ON findings BEGIN
            INSERT INTO findings_fts (findings_fts, rowid, text, area, unit, cause, response) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.text, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.area, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.unit, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.cause, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.response, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER findings_ai AFTER INSERT ON findings
        WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN
            INSERT INTO findings_fts (rowid, text, area, unit, cause, response) VALUES (new.id, replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.text, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.area, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.unit, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.cause, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.response, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER findings_au AFTER UPDATE OF id, text, area, unit, cause, response ON findings BEGIN
            INSERT INTO findings_fts (findings_fts, rowid, text, area, unit, cause, response) VALUES ('delete', old.id, replace(replace(replace(replace(coalesce(old.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.text, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.area, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.unit, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.cause, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(old.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(old.response, ''), 'd', 'đ'), 'D', 'Đ'));
            INSERT INTO findings_fts (rowid, text, area, unit, cause, response) VALUES (new.id, replace(replace(replace(replace(coalesce(new.text, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.text, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.area, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.area, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.unit, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.unit, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.cause, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.cause, ''), 'd', 'đ'), 'D', 'Đ'), replace(replace(replace(replace(coalesce(new.response, ''), 'đ', 'd'), 'Đ', 'D'), 'ð', 'd'), 'Ð', 'D') || ' ' || replace(replace(coalesce(new.response, ''), 'd', 'đ'), 'D', 'Đ'));
        END;
CREATE TRIGGER findings_retire_id AFTER DELETE ON findings BEGIN
                INSERT INTO retired_ids (tbl, last_id) VALUES ('findings', old.id)
                ON CONFLICT (tbl) DO UPDATE SET last_id = max(last_id, excluded.last_id);
            END;
CREATE VIEW "findings_described" AS SELECT f.id, f.kind, (SELECT label FROM code_labels WHERE table_name = 'findings' AND column_name = 'kind' AND code = f.kind) AS kind_label, f.text, f.meeting_id, m.title AS meeting, m.held_on, m.period,
                b.name AS body, (SELECT group_concat(name, '; ') FROM (SELECT t.name AS name FROM finding_owners l JOIN bodies t ON t.id = l.body_id WHERE l.finding_id = f.id ORDER BY l.position)) AS owners, (SELECT group_concat(name, '; ') FROM (SELECT t.name || coalesce(' - ' || l.titles, '') AS name FROM finding_speakers l JOIN people t ON t.id = l.person_id WHERE l.finding_id = f.id ORDER BY l.position)) AS speakers,
                fb.name AS from_body, tb.name AS to_body, f.status, f.due_on, f.done_on,
                f.resolved_on, f.area, f.value, f.unit, f.cause, f.response, f.position
            FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id LEFT JOIN bodies b ON b.id = f.body_id
            LEFT JOIN bodies fb ON fb.id = f.from_body_id
            LEFT JOIN bodies tb ON tb.id = f.to_body_id;
CREATE VIEW "open_shortcomings" AS SELECT f.id, f.text, b.name AS body, f.body_id, f.status, f.cause, f.meeting_id, m.title AS meeting, m.held_on, m.period,
                CAST(julianday(date('now', 'localtime')) - julianday(m.held_on) AS INTEGER) AS age_days
            FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id LEFT JOIN bodies b ON b.id = f.body_id
            WHERE f.kind = 'shortcoming' AND f.status IS NOT 'đã khắc phục';
CREATE VIEW "task_status" AS SELECT f.id, f.text, (SELECT group_concat(name, '; ') FROM (SELECT t.name AS name FROM finding_owners l JOIN bodies t ON t.id = l.body_id WHERE l.finding_id = f.id ORDER BY l.position)) AS owners, f.status,
                CASE WHEN f.status = 'đã hoàn thành' THEN CASE WHEN f.due_on IS NOT NULL AND f.done_on > f.due_on THEN 'đã hoàn thành quá hạn' ELSE 'đã hoàn thành đúng hạn' END ELSE CASE WHEN f.due_on IS NOT NULL AND f.due_on < date('now', 'localtime') THEN 'chưa hoàn thành quá hạn' ELSE 'chưa hoàn thành trong hạn' END END AS status_category,
                f.due_on, f.done_on, CASE WHEN f.due_on IS NOT NULL AND f.due_on < date('now', 'localtime') THEN CAST(julianday(date('now', 'localtime')) - julianday(f.due_on) AS INTEGER) END AS days_late,
                f.meeting_id, m.title AS meeting, m.held_on, m.period
            FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id LEFT JOIN bodies b ON b.id = f.body_id
            WHERE f.kind = 'task';
CREATE VIEW "overdue_tasks" AS SELECT f.id, f.text, (SELECT group_concat(name, '; ') FROM (SELECT t.name AS name FROM finding_owners l JOIN bodies t ON t.id = l.body_id WHERE l.finding_id = f.id ORDER BY l.position)) AS owners, f.status, f.due_on,
                CASE WHEN f.due_on IS NOT NULL AND f.due_on < date('now', 'localtime') THEN CAST(julianday(date('now', 'localtime')) - julianday(f.due_on) AS INTEGER) END AS days_late, f.meeting_id, m.title AS meeting, m.held_on, m.period
            FROM findings f LEFT JOIN meetings m ON m.id = f.meeting_id LEFT JOIN bodies b ON b.id = f.body_id
            WHERE f.kind = 'task' AND f.status IS NOT 'đã hoàn thành' AND f.due_on IS NOT NULL AND f.due_on < date('now', 'localtime');
CREATE VIEW "meetings_described" AS SELECT m.id, m.title, m.kind, m.held_on, m.part_of_day, m.period, m.place,
                (SELECT group_concat(name, '; ') FROM (SELECT t.name AS name FROM meeting_organisers l JOIN bodies t ON t.id = l.body_id WHERE l.meeting_id = m.id ORDER BY l.position))
                    AS organisers,
                (SELECT group_concat(name, '; ') FROM (SELECT p.name
                    || coalesce(' - ' || l.titles, '') AS name FROM meeting_participants l
                    JOIN people p ON p.id = l.person_id WHERE l.meeting_id = m.id
                    AND l.role = 'chair' ORDER BY l.position)) AS chairs,
                (SELECT group_concat(name, '; ') FROM (SELECT t.title AS name FROM meeting_agreements l JOIN agreements t ON t.id = l.agreement_id WHERE l.meeting_id = m.id ORDER BY l.position)) AS agreements,
                (SELECT count(*) FROM findings WHERE meeting_id = m.id) AS findings,
                m.author, m.source
            FROM meetings m;
CREATE INDEX meetings_lead_organiser ON meetings(lead_organiser_id);
CREATE INDEX bodies_name ON bodies(name);
CREATE INDEX bodies_short_name ON bodies(short_name);
CREATE INDEX findings_agreement ON findings(agreement_id);
PRAGMA writable_schema=OFF;
COMMIT;
