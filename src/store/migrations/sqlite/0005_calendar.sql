-- zhifa schema 5: the working-day calendar (issue 5). Each row is one year
-- file (zhifa-calendar/v1, docs/calendar.md) an administrator loaded; the
-- calendar in force is the years built into zhifa with every row applied
-- over them in id order (an official file replaces a provisional year).
-- Rows are never changed or deleted: a corrected notice is a new row.
CREATE TABLE calendar_year (
	id        INTEGER PRIMARY KEY,
	year      INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	status    TEXT NOT NULL CHECK (status IN ('official', 'provisional')),
	json      TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	loaded_at INTEGER NOT NULL,
	loaded_by TEXT NOT NULL
);
CREATE INDEX calendar_year_year ON calendar_year (year, id);
