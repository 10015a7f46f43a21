/* Backups of the embedded SQLite database while zhifa runs, and copies of the data folder beside it. */
#ifndef ZF_STORE_BACKUP_H
#define ZF_STORE_BACKUP_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

/* One table of a backup and the rows it holds (equal in the snapshot and in the copy). */
struct zf_backup_table {
	const char *name;
	int64_t rows;
};

struct zf_backup_report {
	int64_t pages;                  /* database pages copied */
	int64_t bytes;                  /* size of the backup file */
	struct zf_backup_table *tables; /* by name, in the arena */
	size_t n;
};

/* Copies the SQLite database DB_PATH into the new file TO with SQLite's online
 * backup API, STEP_PAGES pages per step (0 = 256), all from one read snapshot,
 * so a zhifa server on the same file keeps reading and writing meanwhile (WAL).
 * The copy is written as TO.partial, switched to a rollback journal (one
 * self-contained file), verified (PRAGMA integrity_check and foreign_key_check
 * pass; the same tables with the same row counts as the snapshot), synced to
 * disk and renamed to TO; the folder is synced too. Refuses a PostgreSQL URL
 * (ZF_EINVAL: pg_dump or continuous archiving back PostgreSQL up), an existing
 * TO or TO.partial (ZF_ECONFLICT). On failure TO does not exist and the
 * partial file is removed. REP's arrays are allocated in A. */
int zf_store_backup(const char *db_path, const char *to, int step_pages, struct zf_arena *a,
		    struct zf_backup_report *rep, struct zf_err *err);

/* Copies the folder FROM with everything in it (folders, regular files with
 * their permission bits, symbolic links as links) into the new folder TO: it
 * is written as TO.partial, every file and folder synced, then renamed to TO
 * and TO's parent synced. Refuses an existing TO or TO.partial
 * (ZF_ECONFLICT), a missing FROM (ZF_ENOTFOUND) and other kinds of files
 * (ZF_ERROR); on failure the partial copy is removed. *FILES (may be NULL)
 * gets the number of regular files copied. */
int zf_store_copy_dir(const char *from, const char *to, int64_t *files, struct zf_err *err);

#endif
