-- zhifa schema 11: the AV requirement list (音像记录事项清单) follows the rule
-- of every published list (issue 8): a draft by a reviewer or leader of the
-- body, approved by a leader who is not its drafter, then live with the
-- body's next VERSION; the live version it replaces is superseded (live_to
-- set). A draft may be rejected with a reason. The table is rebuilt with a
-- row id (drafts have no version yet: 0); the versions stored before become
-- live (the newest) or superseded, with their live periods, and stay readable.
CREATE TABLE av_list_v11 (
	id          INTEGER PRIMARY KEY,
	body_id     INTEGER NOT NULL REFERENCES body(id),
	version     INTEGER NOT NULL DEFAULT 0,   -- 0 until live, then 1, 2, ... per body
	json        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,             -- drafted at
	created_by  INTEGER NOT NULL DEFAULT 0,
	state       TEXT NOT NULL DEFAULT 'draft'
	            CHECK (state IN ('draft', 'live', 'superseded', 'rejected')),
	drafted_by  INTEGER NOT NULL DEFAULT 0,
	approved_by INTEGER NOT NULL DEFAULT 0,
	approved_at INTEGER NOT NULL DEFAULT 0,
	live_from   INTEGER NOT NULL DEFAULT 0,
	live_to     INTEGER NOT NULL DEFAULT 0,   -- 0 while live
	rejected_by INTEGER NOT NULL DEFAULT 0,
	rejected_at INTEGER NOT NULL DEFAULT 0,
	reason      TEXT NOT NULL DEFAULT ''      -- a rejection's reason
);
INSERT INTO av_list_v11 (body_id, version, json, created_at, created_by, state, drafted_by,
			 approved_by, approved_at, live_from, live_to)
SELECT o.body_id, o.version, o.json, o.created_at, o.created_by,
       CASE WHEN EXISTS (SELECT 1 FROM av_list n WHERE n.body_id = o.body_id
			 AND n.version > o.version) THEN 'superseded' ELSE 'live' END,
       o.created_by, o.created_by, o.created_at, o.created_at,
       COALESCE((SELECT MIN(n.created_at) FROM av_list n WHERE n.body_id = o.body_id
		 AND n.version > o.version), 0)
FROM av_list o ORDER BY o.body_id, o.version;
DROP TABLE av_list;
ALTER TABLE av_list_v11 RENAME TO av_list;
CREATE UNIQUE INDEX av_list_version ON av_list(body_id, version) WHERE version > 0;
CREATE UNIQUE INDEX av_list_live ON av_list(body_id) WHERE state = 'live';
CREATE INDEX av_list_body ON av_list(body_id, state, id);
