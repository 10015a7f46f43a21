-- zhifa schema 8: legal review of major decisions (issue 7,
-- docs/legal-review.md). A case's review has one row per submission
-- (version 1, 2, ...): the proposal's canonical JSON and SHA-256, the catalog
-- version it was evaluated under, the package, the reviewer, the checklist
-- and the outcome with its issued opinion (法制审核意见书). Disagreements
-- with a 纠正 opinion, collective discussions (协调 and art. 57) and legal
-- advisers' opinions are their own rows. Reviewers' qualification and
-- review-work start date are officer.legal_qual and officer.review_since.

CREATE TABLE review (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases(id),
	body_id         INTEGER NOT NULL REFERENCES body(id),
	version         INTEGER NOT NULL CHECK (version >= 1),
	state           TEXT NOT NULL CHECK (state IN ('submitted', 'assigned', 'concluded', 'superseded')),
	proposal_json   TEXT NOT NULL,
	proposal_sha256 TEXT NOT NULL,
	catalog_version INTEGER NOT NULL DEFAULT 0,
	matches_json    TEXT NOT NULL DEFAULT '[]',
	package_json    TEXT NOT NULL,
	submitted_by    INTEGER NOT NULL DEFAULT 0,
	submitted_at    INTEGER NOT NULL,
	due_on          TEXT NOT NULL DEFAULT '',
	reviewer_id     INTEGER REFERENCES officer(id),
	assigned_by     INTEGER NOT NULL DEFAULT 0,
	assigned_at     INTEGER NOT NULL DEFAULT 0,
	checklist_json  TEXT NOT NULL DEFAULT '',
	outcome         TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'agree', 'correct', 'transfer')),
	opinion         TEXT NOT NULL DEFAULT '',
	corrections     TEXT NOT NULL DEFAULT '',
	transfer_to     TEXT NOT NULL DEFAULT '',
	opinion_no      TEXT NOT NULL DEFAULT '',
	transfer_no     TEXT NOT NULL DEFAULT '',
	opinion_json    TEXT NOT NULL DEFAULT '',
	concluded_by    INTEGER NOT NULL DEFAULT 0,
	concluded_at    INTEGER NOT NULL DEFAULT 0,
	revises_id      INTEGER REFERENCES review(id),
	updated_at      INTEGER NOT NULL,
	UNIQUE (case_id, version)
);
CREATE INDEX review_case ON review(case_id, id);
CREATE INDEX review_body ON review(body_id, state, id);

-- A recorded non-acceptance of a 纠正 opinion (协调决策机制) and how the
-- coordination resolved it.
CREATE TABLE review_disagreement (
	id            INTEGER PRIMARY KEY,
	review_id     INTEGER NOT NULL REFERENCES review(id),
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	body_id       INTEGER NOT NULL REFERENCES body(id),
	raised_by     INTEGER NOT NULL DEFAULT 0,
	raised_as     TEXT NOT NULL CHECK (raised_as IN ('handler', 'head')),
	reasons       TEXT NOT NULL,
	state         TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
	resolution    TEXT NOT NULL DEFAULT '' CHECK (resolution IN ('', 'revise_proposal', 'revise_opinion')),
	discussion_id INTEGER,
	created_at    INTEGER NOT NULL,
	resolved_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_disagreement_body ON review_disagreement(body_id, id);

-- A collective discussion (集体讨论) of the body's leaders: a coordination
-- of a disagreement, or an art. 57 discussion of a complex or serious case.
CREATE TABLE review_discussion (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases(id),
	body_id         INTEGER NOT NULL REFERENCES body(id),
	disagreement_id INTEGER REFERENCES review_disagreement(id),
	kind            TEXT NOT NULL CHECK (kind IN ('coordination', 'art57')),
	held_on         TEXT NOT NULL,
	chair_id        INTEGER NOT NULL DEFAULT 0,
	chair_name      TEXT NOT NULL,
	attendees_json  TEXT NOT NULL,
	reviewer_heard  TEXT NOT NULL DEFAULT '',
	minutes_json    TEXT NOT NULL,
	conclusion      TEXT NOT NULL,
	conclusion_text TEXT NOT NULL DEFAULT '',
	record_json     TEXT NOT NULL DEFAULT '',
	created_by      INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL
);
CREATE INDEX review_discussion_case ON review_discussion(case_id, id);

-- A written opinion asked of a legal adviser (法律顾问 / 公职律师).
CREATE TABLE review_adviser (
	id           INTEGER PRIMARY KEY,
	review_id    INTEGER NOT NULL REFERENCES review(id),
	name         TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('counsel', 'public_lawyer')),
	organisation TEXT NOT NULL DEFAULT '',
	question     TEXT NOT NULL,
	requested_by INTEGER NOT NULL DEFAULT 0,
	requested_at INTEGER NOT NULL,
	opinion      TEXT NOT NULL DEFAULT '',
	answered_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_adviser_review ON review_adviser(review_id, id);
