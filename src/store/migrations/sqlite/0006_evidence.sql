-- zhifa schema 6: evidence and audio/video records (issue 6). Bytes live in
-- the blob store (content-addressed by SHA-256, docs/evidence.md); the
-- database holds resumable uploads, the evidence attached to case steps, the
-- custody trail, the bodies' AV requirement lists and the recorded reasons
-- for a missing AV record. Evidence rows are insert-only except step_id
-- (bound once, when the step they were uploaded for is recorded) and the
-- derived preview columns; a withdrawal is its own row.

-- A tus upload (docs/evidence.md): bytes in the blob store's partial area
-- until complete, then a blob. RECEIVED is the durable offset.
CREATE TABLE upload (
	id         TEXT PRIMARY KEY,           -- 32 lowercase hex, random: the URL's last segment
	body_id    INTEGER NOT NULL REFERENCES body(id),
	account_id INTEGER NOT NULL REFERENCES account(id),
	filename   TEXT NOT NULL,
	filetype   TEXT NOT NULL DEFAULT '',   -- the client's claim; only selects a size limit
	length     INTEGER NOT NULL CHECK (length >= 0),
	received   INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= length),
	state      TEXT NOT NULL CHECK (state IN ('open', 'complete', 'attached', 'terminated', 'expired')),
	sha256     TEXT NOT NULL DEFAULT '',   -- hex, set when complete
	sm3        TEXT NOT NULL DEFAULT '',   -- hex, set when complete and the body enables 国密
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX upload_expiry ON upload(state, expires_at);
CREATE INDEX upload_account ON upload(account_id, created_at);

-- A file attached to a case step (证据). STEP_CODE is the step it records;
-- STEP_ID is that step's record, NULL while the step is still to be
-- recorded (bound in the step's transaction).
CREATE TABLE evidence (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases(id),
	step_code    TEXT NOT NULL,
	step_id      INTEGER REFERENCES case_step(id),
	upload_id    TEXT NOT NULL REFERENCES upload(id),
	sha256       TEXT NOT NULL,
	sm3          TEXT NOT NULL DEFAULT '',
	size         INTEGER NOT NULL,
	filename     TEXT NOT NULL,
	media_type   TEXT NOT NULL,            -- sniffed from the bytes (libmagic)
	kind         TEXT NOT NULL CHECK (kind IN ('photo', 'audio', 'video', 'scan', 'electronic')),
	duration_ms  INTEGER NOT NULL DEFAULT 0,
	codec        TEXT NOT NULL DEFAULT '', -- video codec (else audio codec), libavformat's name
	width        INTEGER NOT NULL DEFAULT 0,
	height       INTEGER NOT NULL DEFAULT 0,
	device       TEXT NOT NULL DEFAULT '', -- capture device (执法记录仪 number, camera)
	officers_json TEXT NOT NULL DEFAULT '[]', -- officer ids who captured it
	captured_from INTEGER NOT NULL,        -- instants: capture start and end
	captured_to  INTEGER NOT NULL,
	place        TEXT NOT NULL DEFAULT '',
	lat_e6       INTEGER,                  -- optional coordinates in 1e-6 degrees (WGS-84)
	lon_e6       INTEGER,
	description  TEXT NOT NULL DEFAULT '',
	attached_by  INTEGER NOT NULL DEFAULT 0,
	attached_at  INTEGER NOT NULL,
	preview_state TEXT NOT NULL DEFAULT 'none' CHECK (preview_state IN ('none', 'pending', 'ready', 'failed')),
	preview_sha256 TEXT NOT NULL DEFAULT '' -- the derived browser preview (never the evidence)
);
CREATE INDEX evidence_case ON evidence(case_id, id);
CREATE INDEX evidence_step ON evidence(case_id, step_code, step_id);
CREATE INDEX evidence_sha ON evidence(sha256);
CREATE INDEX evidence_preview ON evidence(preview_state, id);

-- A withdrawn attachment (撤回): the evidence row stays, both facts logged.
CREATE TABLE evidence_withdrawal (
	evidence_id  INTEGER PRIMARY KEY REFERENCES evidence(id),
	reason       TEXT NOT NULL,
	withdrawn_by INTEGER NOT NULL DEFAULT 0,
	withdrawn_at INTEGER NOT NULL
);

-- The chain of custody: who did what with an item, when, from where.
-- Insert-only; each row is logged.
CREATE TABLE evidence_custody (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	action      TEXT NOT NULL CHECK (action IN ('upload', 'attach', 'bind', 'view', 'download', 'withdraw', 'preview', 'verify')),
	account_id  INTEGER NOT NULL DEFAULT 0,
	login       TEXT NOT NULL DEFAULT '',
	addr        TEXT NOT NULL DEFAULT '',
	at          INTEGER NOT NULL,
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_custody_item ON evidence_custody(evidence_id, id);

-- A playback session: the media URL works only with a token the play page
-- issued (and recorded as one 'view'); stored as its SHA-256.
CREATE TABLE evidence_session (
	token_hash  TEXT PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	account_id  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
);
CREATE INDEX evidence_session_expiry ON evidence_session(expires_at);

-- A body's AV requirement list (音像记录事项清单), one row per version
-- (zhifa-avlist/v1 JSON, docs/evidence.md); each version logged.
CREATE TABLE av_list (
	body_id    INTEGER NOT NULL REFERENCES body(id),
	version    INTEGER NOT NULL,
	json       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (body_id, version)
);

-- A step recorded without the AV record its list requires, with the reason
-- the list allows (e.g. 设备故障): listed for supervisors.
CREATE TABLE av_exception (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases(id),
	step_id      INTEGER NOT NULL REFERENCES case_step(id),
	step_code    TEXT NOT NULL,
	rule         TEXT NOT NULL,
	reason       TEXT NOT NULL,
	list_version INTEGER NOT NULL DEFAULT 0,
	recorded_by  INTEGER NOT NULL DEFAULT 0,
	recorded_at  INTEGER NOT NULL
);
CREATE INDEX av_exception_case ON av_exception(case_id);
CREATE INDEX av_exception_time ON av_exception(recorded_at);
