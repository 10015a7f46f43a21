/* Test fixture of the store and auth unit tests: a migrated SQLite file in a fresh /tmp folder. */
#ifndef ZF_TEST_STORE_FIXTURE_H
#define ZF_TEST_STORE_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/registry.h"
#include "store/db.h"
#include "store/registry.h"
#include "store/schema.h"
#include "util/arena.h"

struct fixture {
	char dir[64];
	char path[128];
	struct zf_db *db;
	struct zf_arena *a;
	struct zf_err err;
};

/* Removes the database files and the folder of F. */
static inline void fixture_remove(struct fixture *f)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	if (f->dir[0])
		rmdir(f->dir);
}

/* Creates F: a temporary folder, database test.db in it, opened (and migrated
 * when MIGRATE is set). Returns 0 or -1. */
static inline int fixture_open(struct fixture *f, int migrate)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/zhifa-test-XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
	if (zf_db_open(&f->db, f->path, 1, &f->err))
		return -1;
	if (migrate && zf_store_migrate(f->db, NULL, &f->err))
		return -1;
	if (!(f->a = zf_arena_new(0)))
		return -1;
	return 0;
}

static inline void fixture_close(struct fixture *f)
{
	zf_db_close(f->db);
	f->db = NULL;
	zf_arena_free(f->a);
	f->a = NULL;
	fixture_remove(f);
	free(f);
}

/* Inserts a body named NAME with USCC at time 1000; returns its id or 0. */
static inline int64_t fixture_body(struct zf_db *db, const char *name, const char *uscc)
{
	struct zf_body b = {0};
	struct zf_err err;
	int64_t id = 0;

	b.name = name;
	b.uscc = uscc;
	b.state = ZF_BODY_ACTIVE;
	zf_err_clear(&err);
	if (zf_store_body_insert(db, &b, 1000, &id, &err)) {
		fprintf(stderr, "fixture_body: %s\n", err.msg);
		return 0;
	}
	return id;
}

/* Inserts an officer with certificate CERT into BODY; returns its id or 0. */
static inline int64_t fixture_officer(struct zf_db *db, int64_t body, const char *name,
				      const char *cert)
{
	struct zf_officer o = {0};
	struct zf_err err;
	int64_t id = 0;

	o.body_id = body;
	o.name = name;
	o.cert_no = cert;
	o.valid_from = "2024-01-01";
	o.valid_to = "2029-12-31";
	o.state = ZF_CERT_VALID;
	zf_err_clear(&err);
	if (zf_store_officer_insert(db, &o, 1000, &id, &err)) {
		fprintf(stderr, "fixture_officer: %s\n", err.msg);
		return 0;
	}
	return id;
}

#endif
