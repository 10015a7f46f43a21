-- zhifa schema 4: cases (issue 5). A case runs one procedure definition
-- (code, version, SHA-256 of the file) under one version of its body's
-- settings; everything that happens on it is a step, insert-only, and each
-- issued document is insert-only with its number from a per-body, per-year,
-- per-type sequence. Money in 分, civil dates TEXT 'YYYY-MM-DD', instants
-- INTEGER Unix seconds, JSON as compact TEXT.

-- A body's sector settings, one row per version (JSON object of keys).
CREATE TABLE case_setting (
	body_id    INTEGER NOT NULL REFERENCES body(id),
	version    INTEGER NOT NULL,
	json       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (body_id, version)
);

-- A body's violation types (违法行为) with the statutory fine range; the
-- row is replaced in place, each version logged in history.
CREATE TABLE violation_type (
	id            INTEGER PRIMARY KEY,
	body_id       INTEGER NOT NULL REFERENCES body(id),
	code          TEXT NOT NULL,
	name          TEXT NOT NULL,
	matter_code   TEXT NOT NULL DEFAULT '',
	domain        TEXT NOT NULL DEFAULT '',
	legal_basis   TEXT NOT NULL DEFAULT '',
	penalty_basis TEXT NOT NULL DEFAULT '',
	fine_min      INTEGER NOT NULL DEFAULT 0,
	fine_max      INTEGER NOT NULL DEFAULT -1,
	safety        INTEGER NOT NULL DEFAULT 0 CHECK (safety IN (0, 1)),
	version       INTEGER NOT NULL DEFAULT 1,
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	UNIQUE (body_id, code)
);

-- Discretion bands (裁量基准) of a violation type.
CREATE TABLE benchmark (
	id           INTEGER PRIMARY KEY,
	violation_id INTEGER NOT NULL REFERENCES violation_type(id),
	level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
	circumstance TEXT NOT NULL,
	fine_min     INTEGER NOT NULL DEFAULT 0,
	fine_max     INTEGER NOT NULL DEFAULT 0,
	other        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX benchmark_violation ON benchmark(violation_id, level, id);

CREATE TABLE cases (
	id               INTEGER PRIMARY KEY,
	body_id          INTEGER NOT NULL REFERENCES body(id),
	procedure        TEXT NOT NULL,
	proc_version     INTEGER NOT NULL,
	proc_sha256      TEXT NOT NULL,
	settings_version INTEGER NOT NULL DEFAULT 0,
	case_no          TEXT NOT NULL DEFAULT '',
	title            TEXT NOT NULL DEFAULT '',
	state            INTEGER NOT NULL DEFAULT 1 CHECK (state IN (1, 2, 3)),
	last_step        TEXT NOT NULL DEFAULT '',
	facts_json       TEXT NOT NULL DEFAULT '{}',
	violation_id     INTEGER REFERENCES violation_type(id),
	opened_on        TEXT NOT NULL,
	created_by       INTEGER NOT NULL DEFAULT 0,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_body ON cases(body_id, state, id);

-- 当事人 of a case, in the order given at opening.
CREATE TABLE party (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	kind       INTEGER NOT NULL CHECK (kind IN (1, 2)),
	name       TEXT NOT NULL,
	id_type    TEXT NOT NULL DEFAULT '',
	id_number  TEXT NOT NULL DEFAULT '',
	uscc       TEXT NOT NULL DEFAULT '',
	legal_rep  TEXT NOT NULL DEFAULT '',
	address    TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX party_case ON party(case_id, id);

-- Officers assigned to a case (承办), and whether a recusal excluded them.
CREATE TABLE case_officer (
	case_id     INTEGER NOT NULL REFERENCES cases(id),
	officer_id  INTEGER NOT NULL REFERENCES officer(id),
	assigned_at INTEGER NOT NULL,
	recused     INTEGER NOT NULL DEFAULT 0 CHECK (recused IN (0, 1)),
	recused_at  INTEGER NOT NULL DEFAULT 0,
	reason      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, officer_id)
);
CREATE INDEX case_officer_officer ON case_officer(officer_id, case_id);

-- Completed steps: insert-only; a correction is a new step (corrects_id).
-- The history row committing to a step is found by (entity, entity_id).
CREATE TABLE case_step (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases(id),
	seq          INTEGER NOT NULL,
	code         TEXT NOT NULL,
	values_json  TEXT NOT NULL,
	officers_json TEXT NOT NULL DEFAULT '[]',
	place        TEXT NOT NULL DEFAULT '',
	occurred_on  TEXT NOT NULL,
	performed_at INTEGER NOT NULL,
	performed_by INTEGER NOT NULL DEFAULT 0,
	performer    TEXT NOT NULL DEFAULT '',
	corrects_id  INTEGER REFERENCES case_step(id),
	UNIQUE (case_id, seq)
);

-- Issued documents: insert-only; NUMBER is '' when the type is unnumbered.
CREATE TABLE case_document (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	step_id    INTEGER NOT NULL REFERENCES case_step(id),
	body_id    INTEGER NOT NULL REFERENCES body(id),
	doc_type   TEXT NOT NULL,
	year       INTEGER NOT NULL DEFAULT 0,
	seq        INTEGER NOT NULL DEFAULT 0,
	number     TEXT NOT NULL DEFAULT '',
	data_json  TEXT NOT NULL,
	issued_at  INTEGER NOT NULL
);
CREATE INDEX case_document_case ON case_document(case_id, id);
CREATE UNIQUE INDEX case_document_number ON case_document(body_id, number) WHERE number <> '';

-- The next number of each (body, year, document type); "case" numbers 案号.
CREATE TABLE doc_sequence (
	body_id  INTEGER NOT NULL REFERENCES body(id),
	year     INTEGER NOT NULL,
	doc_type TEXT NOT NULL,
	next     INTEGER NOT NULL,
	PRIMARY KEY (body_id, year, doc_type)
);

-- Intervals excluded from a time limit (听证, 鉴定, 公告 ...): END_ON is NULL
-- while the pause runs.
CREATE TABLE case_pause (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	kind       TEXT NOT NULL,
	start_on   TEXT NOT NULL,
	end_on     TEXT,
	start_step INTEGER NOT NULL REFERENCES case_step(id),
	end_step   INTEGER REFERENCES case_step(id)
);
CREATE INDEX case_pause_case ON case_pause(case_id, id);
