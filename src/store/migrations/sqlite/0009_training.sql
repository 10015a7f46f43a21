-- zhifa schema 9: training records (培训记录) of officers (issue 7). Insert-
-- only: a correction is a new row naming the row it supersedes
-- (corrects_id), like case steps; a row is current while no other row
-- corrects it. HOURS is in tenths of a 学时 (0.5 学时 = 5); 0 only in a
-- correction that withdraws a record. HELD_ON is a civil date 'YYYY-MM-DD';
-- BODY_ID is the officer's body when the row was recorded. FORM is one word
-- of the fixed list in app/training.h. The history row committing to a row
-- is found by (entity 'training', entity_id).
CREATE TABLE training (
	id          INTEGER PRIMARY KEY,
	officer_id  INTEGER NOT NULL REFERENCES officer(id),
	body_id     INTEGER NOT NULL REFERENCES body(id),
	held_on     TEXT NOT NULL,
	hours       INTEGER NOT NULL CHECK (hours >= 0),
	topic       TEXT NOT NULL,
	form        TEXT NOT NULL CHECK (form IN ('case_teaching', 'centralised', 'online', 'exam', 'other')),
	organiser   TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER NOT NULL,
	corrects_id INTEGER REFERENCES training(id)
);
CREATE INDEX training_officer ON training(officer_id, held_on, id);
CREATE INDEX training_body ON training(body_id, held_on, id);
-- A row is corrected at most once: the next correction corrects the correction.
CREATE UNIQUE INDEX training_corrects ON training(corrects_id);
