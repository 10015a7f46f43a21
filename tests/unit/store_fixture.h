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
#include "unit.h"

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

/* Per-test setup: SIZE zeroed bytes, a struct whose first member is a struct
 * fixture, opened as fixture_open(F, MIGRATE) does. Returns 0 or -1. */
static inline int fixture_new(void **state, size_t size, int migrate)
{
	struct fixture *f = calloc(1, size);

	if (!f || fixture_open(f, migrate)) {
		if (f)
			fixture_close(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* Per-test setup: a migrated database. */
static inline int fixture_setup(void **state)
{
	return fixture_new(state, sizeof(struct fixture), 1);
}

/* Per-test setup: an empty database, not migrated. */
static inline int fixture_setup_empty(void **state)
{
	return fixture_new(state, sizeof(struct fixture), 0);
}

/* Per-test teardown of a fixture_new fixture. */
static inline int fixture_teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* The ID of a row that an insert returning RC added; when RC is not 0,
 * prints ERR with WHAT and returns 0. */
static inline int64_t fixture_id(const char *what, int rc, int64_t id, const struct zf_err *err)
{
	if (rc) {
		fprintf(stderr, "%s: %s\n", what, err->msg);
		return 0;
	}
	return id;
}

/* Inserts a body named NAME with USCC at time 1000; returns its id or 0. */
static inline int64_t fixture_body(struct zf_db *db, const char *name, const char *uscc)
{
	const struct zf_body b = {.name = name, .uscc = uscc, .state = ZF_BODY_ACTIVE};
	struct zf_err err = {0};
	int64_t id = 0;
	int rc = zf_store_body_insert(db, &b, 1000, &id, &err);

	return fixture_id("fixture_body", rc, id, &err);
}

/* Inserts an officer with certificate CERT into BODY; returns its id or 0. */
static inline int64_t fixture_officer(struct zf_db *db, int64_t body, const char *name,
				      const char *cert)
{
	const struct zf_officer o = {.body_id = body, .name = name, .cert_no = cert,
				     .valid_from = "2024-01-01", .valid_to = "2029-12-31",
				     .state = ZF_CERT_VALID};
	struct zf_err err = {0};
	int64_t id = 0;
	int rc = zf_store_officer_insert(db, &o, 1000, &id, &err);

	return fixture_id("fixture_officer", rc, id, &err);
}

#endif
