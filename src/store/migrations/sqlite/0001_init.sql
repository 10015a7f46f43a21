-- zhifa schema 1: installation metadata, registry, accounts, sessions, tokens,
-- login throttling, audit trail, registry change history.
-- Instants are INTEGER Unix seconds (UTC); civil dates TEXT 'YYYY-MM-DD';
-- booleans INTEGER 0/1. Nothing is rendered by the database.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE body (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	uscc         TEXT NOT NULL UNIQUE,
	legal_basis  TEXT NOT NULL DEFAULT '',
	duties       TEXT NOT NULL DEFAULT '',
	powers       TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL DEFAULT '',
	phone        TEXT NOT NULL DEFAULT '',
	supervision  TEXT NOT NULL DEFAULT '',
	remedy       TEXT NOT NULL DEFAULT '',
	state        INTEGER NOT NULL DEFAULT 1 CHECK (state IN (1, 2)),
	state_date   TEXT,
	state_reason TEXT,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);

CREATE TABLE officer (
	id           INTEGER PRIMARY KEY,
	body_id      INTEGER NOT NULL REFERENCES body(id),
	name         TEXT NOT NULL,
	cert_no      TEXT NOT NULL UNIQUE,
	issuer       TEXT NOT NULL DEFAULT '',
	domains      TEXT NOT NULL DEFAULT '',
	valid_from   TEXT NOT NULL,
	valid_to     TEXT NOT NULL,
	state        INTEGER NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 4),
	state_date   TEXT,
	state_reason TEXT,
	legal_qual   INTEGER NOT NULL DEFAULT 0 CHECK (legal_qual IN (0, 1)),
	review_since TEXT,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX officer_body ON officer(body_id, cert_no, id);

CREATE TABLE account (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	role          INTEGER NOT NULL,
	body_id       INTEGER NOT NULL REFERENCES body(id),
	officer_id    INTEGER REFERENCES officer(id),
	pw_hash       TEXT NOT NULL,
	totp_secret   TEXT,
	enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	created_at    INTEGER NOT NULL,
	pw_changed_at INTEGER NOT NULL
);

CREATE TABLE session (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES account(id),
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL
);
CREATE INDEX session_account ON session(account_id);

CREATE TABLE api_token (
	id         INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES account(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL DEFAULT 0,
	revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_token_account ON api_token(account_id, id);

CREATE TABLE throttle (
	key          TEXT PRIMARY KEY,
	window_start INTEGER NOT NULL,
	failures     INTEGER NOT NULL,
	blocked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	actor_login TEXT NOT NULL DEFAULT '',
	addr        TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	target      TEXT NOT NULL DEFAULT '',
	outcome     TEXT NOT NULL,
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE history (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL,
	action      TEXT NOT NULL,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	actor_login TEXT NOT NULL DEFAULT '',
	before_json TEXT,
	after_json  TEXT NOT NULL
);
CREATE INDEX history_entity ON history(entity, entity_id, id);
