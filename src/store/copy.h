/* Copying a whole zhifa database into an empty one (SQLite to PostgreSQL) and proving both hold the same rows. */
#ifndef ZF_STORE_COPY_H
#define ZF_STORE_COPY_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* How a column's values are read, written and rendered for a checksum. */
enum zf_col_kind {
	ZF_COL_INT,  /* 64-bit integers (ids, instants, money, booleans 0/1) */
	ZF_COL_TEXT, /* UTF-8 text (civil dates are text too) */
};

struct zf_table_col {
	const char *name;
	enum zf_col_kind kind;
	int pk; /* position (1-based) in the primary key, 0 when not part of it */
};

/* One user table as the database's catalogue describes it. */
struct zf_table {
	const char *name;
	struct zf_table_col *cols; /* in declaration order */
	size_t ncols;
	const char **refs; /* names of the other tables its foreign keys reference */
	size_t nrefs;
};

/* Reads the user tables of DB from its catalogue (SQLite: sqlite_master,
 * pragma_table_info, pragma_foreign_key_list; PostgreSQL: information_schema
 * of the current schema) into *TABLES, *N entries, allocated in A. They are
 * ordered so that every table comes after the tables it references, ties by
 * name. Refuses (ZF_ERROR) a table without a primary key, a name that is not
 * a plain lower-case identifier, a column type other than integer or text,
 * and a cycle of references. */
int zf_store_tables(struct zf_db *db, struct zf_arena *a, struct zf_table **tables, size_t *n,
		    struct zf_err *err);

/* Row count and checksum of one table. */
struct zf_table_sum {
	int64_t rows;
	char sha256[65]; /* lowercase hex */
};

/* Counts the rows of T (a description from zf_store_tables, possibly of
 * another database with the same schema) in DB and computes their SHA-256:
 * rows read in primary-key order (byte order for text keys on every
 * database), each column of T in T's order rendered canonically by zhifa (an
 * integer in decimal; NULL distinct from an empty text; every value
 * length-prefixed). The same rows give the same sum on either driver.
 * ZF_ERROR when an integer column holds something else. */
int zf_store_table_sum(struct zf_db *db, const struct zf_table *t, struct zf_table_sum *out,
		       struct zf_err *err);

/* Moves the identity sequence of TABLE.COLUMN on PostgreSQL so that the next
 * generated value is above MAX (after rows were inserted with explicit ids).
 * A no-op on SQLite (an INTEGER PRIMARY KEY continues after its largest
 * value) and for a column without a sequence. */
int zf_store_sequence_advance(struct zf_db *db, const char *table, const char *column,
			      int64_t max, struct zf_err *err);

/* What zf_store_copy found for one table. */
struct zf_copy_table {
	const char *name;
	struct zf_table_sum from, to;
	int same; /* 1 when count and checksum agree */
};

struct zf_copy_report {
	int version;                  /* schema version of both databases */
	struct zf_copy_table *tables; /* in copy order, in the arena */
	size_t n;
};

/* Copies every table of the zhifa database FROM into TO, which must be
 * empty: TO gets the migrations of its dialect first (zf_store_migrate), and
 * is then refused (ZF_ECONFLICT, nothing copied) when it holds a table FROM
 * has not, a column that differs, or any row outside schema_migration, or when
 * the two schema versions differ (FROM must be migrated first). The rows are
 * read from one snapshot of FROM and written with their ids in one write
 * transaction on TO, parents before children; identity sequences are advanced
 * (zf_store_sequence_advance); then, still inside that transaction, every
 * table's count and checksum are compared (zf_store_table_sum on both sides,
 * with FROM's description). TO is committed only when all agree; otherwise it
 * is rolled back and ZF_ERROR is returned. REP (filled as far as the copy
 * went, arrays in A) says what was compared. Not thread-safe: both handles
 * belong to the caller for the duration. */
int zf_store_copy(struct zf_db *from, struct zf_db *to, struct zf_arena *a,
		  struct zf_copy_report *rep, struct zf_err *err);

#endif
