-- zhifa schema 10: publicity (公示, issue 8). What the portal publishes
-- after a decision or an inspection (事后公开): a publication holds the exact
-- bytes shown (redacted text, UTF-8) and the salt of its record-log
-- commitment while it is live; withdrawn, expired and removed items keep
-- their row (state, dates, reason) but lose the text, so they can vanish
-- without breaking any proof. Correction requests (异议/纠错) from anyone.
-- Public lists (事前公开) with their versions and approvals.

CREATE TABLE publication (
	id            INTEGER PRIMARY KEY,
	body_id       INTEGER NOT NULL REFERENCES body(id),
	kind          TEXT NOT NULL CHECK (kind IN ('decision', 'inspection')),
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	doc_id        INTEGER REFERENCES case_document(id), -- the decision document published
	state         TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn', 'expired', 'removed', 'rejected')),
	title         TEXT NOT NULL,              -- redacted title shown in lists
	party_name    TEXT NOT NULL DEFAULT '',   -- as published (organisation or person, redacted rules applied)
	doc_number    TEXT NOT NULL DEFAULT '',   -- 文号
	violation     TEXT NOT NULL DEFAULT '',   -- violation type name
	decided_on    TEXT NOT NULL,              -- YYYY-MM-DD (decision or inspection end)
	due_on        TEXT NOT NULL,              -- publication deadline (7 / 20 working days)
	period_end    TEXT NOT NULL DEFAULT '',   -- 公开期限 end, set at publication
	text          TEXT NOT NULL DEFAULT '',   -- the exact published bytes ('' once gone)
	salt          TEXT NOT NULL DEFAULT '',   -- 64 hex, of the log commitment ('' once gone)
	drafted_by    INTEGER NOT NULL DEFAULT 0,
	drafted_at    INTEGER NOT NULL,
	published_by  INTEGER NOT NULL DEFAULT 0,
	published_at  INTEGER NOT NULL DEFAULT 0,
	ended_at      INTEGER NOT NULL DEFAULT 0, -- withdrawn / expired / removed
	end_reason    TEXT NOT NULL DEFAULT '',
	history_id    INTEGER NOT NULL DEFAULT 0, -- the history row of the publication entry
	version       INTEGER NOT NULL DEFAULT 1,
	hidden        TEXT NOT NULL DEFAULT '',   -- what the redaction hid (kinds and counts, never values)
	withdraw_due  TEXT NOT NULL DEFAULT '',   -- withdrawal deadline after a change/revocation record
	withdraw_reason TEXT NOT NULL DEFAULT ''  -- why it must be withdrawn (shown once withdrawn)
);
CREATE INDEX publication_state ON publication(state, kind, published_at);
CREATE INDEX publication_case ON publication(case_id);
CREATE INDEX publication_body ON publication(body_id, state);
-- the public lists, feeds and open data: live items of a kind, newest first
CREATE INDEX publication_live ON publication(state, kind, id);

-- The n-gram index of live publications (unigrams and bigrams of the
-- normalised searchable text: title, party, number, body, violation, text).
CREATE TABLE publication_gram (
	gram           TEXT NOT NULL,
	publication_id INTEGER NOT NULL REFERENCES publication(id),
	PRIMARY KEY (gram, publication_id)
);
CREATE INDEX publication_gram_pub ON publication_gram(publication_id);

-- A correction request (异议/纠错) against a published item, filed by anyone.
CREATE TABLE correction_request (
	id             INTEGER PRIMARY KEY,
	tracking_no    TEXT NOT NULL UNIQUE,      -- given to the requester
	publication_id INTEGER NOT NULL REFERENCES publication(id),
	name           TEXT NOT NULL,
	contact        TEXT NOT NULL,             -- phone or e-mail (never published)
	content        TEXT NOT NULL,
	filed_at       INTEGER NOT NULL,
	due_on         TEXT NOT NULL,             -- answer deadline
	state          TEXT NOT NULL CHECK (state IN ('open', 'answered')),
	answer         TEXT NOT NULL DEFAULT '',
	answered_by    INTEGER NOT NULL DEFAULT 0,
	answered_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX correction_request_pub ON correction_request(publication_id);
CREATE INDEX correction_request_state ON correction_request(state, due_on);

-- Public lists (事前公开): 行政执法事项清单 (items), 随机抽查事项清单
-- (random_checks), 服务指南 (service_guides), 立案依据与实施程序
-- (procedures_basis), 裁量基准 (benchmarks); one row per version.
CREATE TABLE public_list (
	id           INTEGER PRIMARY KEY,
	body_id      INTEGER NOT NULL REFERENCES body(id),
	kind         TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 0,   -- given when it goes live (1, 2, ...)
	json         TEXT NOT NULL,
	state        TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'live', 'superseded', 'rejected')),
	note         TEXT NOT NULL DEFAULT '',
	drafted_by   INTEGER NOT NULL DEFAULT 0,
	drafted_at   INTEGER NOT NULL,
	approved_by  INTEGER NOT NULL DEFAULT 0,   -- inside the body, not the drafter
	approved_at  INTEGER NOT NULL DEFAULT 0,
	justice_by   INTEGER NOT NULL DEFAULT 0,   -- county justice bureau (items list)
	justice_at   INTEGER NOT NULL DEFAULT 0,
	live_from    INTEGER NOT NULL DEFAULT 0,
	live_to      INTEGER NOT NULL DEFAULT 0,
	rejected_by  INTEGER NOT NULL DEFAULT 0,   -- who sent it back (inside or justice bureau)
	rejected_at  INTEGER NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT ''   -- why it was sent back
);
CREATE INDEX public_list_body ON public_list(body_id, kind, state);
