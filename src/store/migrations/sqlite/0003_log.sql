-- zhifa schema 3: the record log (issue 4). Every change of a logged record
-- writes, in its own transaction, a history row carrying a random salt and one
-- pending log entry committing to that row; the sequencer of `zhifa serve`
-- moves pending entries into the Merkle tree in batches and signs checkpoints.
-- Entries are UTF-8 text (zhifa-entry/v1) and hashes standard base64, so every
-- column is portable as TEXT; indexes and sizes are 64-bit integers.

-- Entries written by a change and not yet in the tree, in commit order.
CREATE TABLE log_pending (
	id         INTEGER PRIMARY KEY,
	created_at INTEGER NOT NULL,
	entry      TEXT NOT NULL
);

-- The tree's leaves: entry IDX (0-based) as it was hashed.
CREATE TABLE log_leaf (
	idx           INTEGER PRIMARY KEY,
	entry         TEXT NOT NULL,
	integrated_at INTEGER NOT NULL
);

-- Complete-subtree hashes at heights 0, 8, 16, ... (the rows of tlog tiles):
-- tile L/N entry i is level 8L, index N*256+i.
CREATE TABLE log_hash (
	level INTEGER NOT NULL,
	idx   INTEGER NOT NULL,
	hash  TEXT NOT NULL,
	PRIMARY KEY (level, idx)
);

-- The tree's size and right edge (compact range); one row, updated by the
-- sequencer under the write lock: the serialisation point of the log. The
-- sequencer creates it (a migration writes no rows: zhifa copy needs them empty).
CREATE TABLE log_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	size       INTEGER NOT NULL,
	compact    TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Every signed checkpoint (C2SP signed note), by tree size.
CREATE TABLE log_checkpoint (
	size      INTEGER PRIMARY KEY,
	root      TEXT NOT NULL,
	note      TEXT NOT NULL,
	signed_at INTEGER NOT NULL
);

-- The salt of a logged history row (64 hex); NULL for rows from before the log.
ALTER TABLE history ADD COLUMN salt TEXT;
