-- zhifa schema 7: the major-decision catalog (重大执法决定法制审核目录清单,
-- issue 7, docs/legal-review.md). One row per drafted version of a body's
-- catalog (JSON zhifa-catalog/v1 as compact TEXT). A draft is approved by
-- the body's 负责人 (another person than the drafter) and then gets the
-- body's next VERSION number; an approved row never changes again. A draft
-- may be rejected with a note, or replaced by a newer draft of the same
-- body. Each state change is a history row and a record-log entry.
CREATE TABLE review_catalog (
	id         INTEGER PRIMARY KEY,
	body_id    INTEGER NOT NULL REFERENCES body(id),
	version    INTEGER NOT NULL DEFAULT 0,   -- 0 until approved, then 1, 2, ... per body
	json       TEXT NOT NULL,
	state      TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'rejected', 'replaced')),
	drafted_by INTEGER NOT NULL,
	drafted_at INTEGER NOT NULL,
	decided_by INTEGER, -- who approved or rejected
	decided_at INTEGER,
	note       TEXT NOT NULL DEFAULT ''      -- the drafter's note; a rejection's reason
);
CREATE UNIQUE INDEX review_catalog_version ON review_catalog(body_id, version) WHERE version > 0;
CREATE INDEX review_catalog_body ON review_catalog(body_id, id);
