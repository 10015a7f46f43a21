/* Test fixture of the store and auth unit tests: a migrated database in a fresh /tmp folder,
 * SQLite by default, PostgreSQL when ZF_TEST_PG is set.
 *
 * ZF_TEST_PG is the URL of a maintenance database on a PostgreSQL server
 * where its user may create databases, e.g. what tools/pg-cluster prints:
 * postgresql://postgres@127.0.0.1:PORT/postgres. Each test then gets a new
 * database zf_t_<pid>_<random> on that server (same user, host, port and
 * options; only the database name changes) with the ICU zh-CN collation
 * when the server has it, dropped after the test. A migrated database is a
 * copy of a template zf_tpl_<pid>_<random> that the process migrates once
 * (CREATE DATABASE ... TEMPLATE) and drops when it exits: the same schema
 * as a migration of its own, without its cost in every test. The /tmp
 * folder is made either way: the app tests keep their data there. */
#ifndef ZF_TEST_STORE_FIXTURE_H
#define ZF_TEST_STORE_FIXTURE_H
#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/registry.h"
#include "store/db.h"
#include "store/registry.h"
#include "store/schema.h"
#include "util/arena.h"
#include "unit.h"

struct fixture {
	char dir[64];
	char path[512];       /* the SQLite file, or the URL of the PostgreSQL test database */
	struct zf_db *db;
	struct zf_arena *a;
	struct zf_err err;
	struct zf_db *admin;  /* PostgreSQL: the maintenance connection that made the database */
	char pgname[64];      /* PostgreSQL: the test database's name */
};

/* The ZF_TEST_PG URL, or NULL when the tests run on SQLite. */
static inline const char *fixture_pg(void)
{
	const char *url = getenv("ZF_TEST_PG");

	return url && *url ? url : NULL;
}

/* Writes into OUT (SIZE bytes) the URL BASE with its database name replaced
 * by NAME, keeping any ?options. Returns 0 or -1 when BASE is not a URL or
 * OUT is too small. */
static inline int fixture_pg_url(const char *base, const char *name, char *out, size_t size)
{
	const char *host = strstr(base, "://"), *query;
	size_t auth;
	int n;

	if (!host)
		return -1;
	host += 3;
	auth = strcspn(host, "/?");
	query = strchr(host + auth, '?');
	n = snprintf(out, size, "%.*s/%s%s", (int)(host + auth - base), base, name,
		     query ? query : "");
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Runs SQL "VERB "NAME" REST" on the maintenance connection of F; 0 or -1. */
static inline int fixture_pg_admin(struct fixture *f, const char *verb, const char *rest)
{
	char sql[256];
	int n = snprintf(sql, sizeof(sql), "%s \"%s\"%s", verb, f->pgname, rest);

	if (n < 0 || (size_t)n >= sizeof(sql))
		return -1;
	if (zf_db_exec(f->admin, sql, &f->err)) {
		fprintf(stderr, "%s: %s\n", sql, f->err.msg);
		return -1;
	}
	return 0;
}

/* The name of this process's migrated template database on the ZF_TEST_PG
 * server, "" until made: the one piece of state the tests of a process share. */
static inline char *fixture_pg_template(void)
{
	static char name[64];

	return name;
}

/* At exit: drops the template database of the process, if it made one. */
static inline void fixture_pg_template_drop(void)
{
	char sql[128];
	struct zf_db *admin = NULL;
	struct zf_err err = {0};

	if (!fixture_pg_template()[0] || zf_db_open(&admin, fixture_pg(), 0, &err))
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
		 fixture_pg_template());
	if (zf_db_exec(admin, sql, &err))
		fprintf(stderr, "%s: %s\n", sql, err.msg);
	zf_db_close(admin);
}

/* Creates the database named F->pgname through F->admin: a Chinese
 * collation by default, as a provincial installation would have it (orders
 * that come out bytewise prove the schema's own "C" collation); servers
 * without ICU (or before 15) get their default. Returns 0 or -1. */
static inline int fixture_pg_create_new(struct fixture *f)
{
	if (fixture_pg_admin(f, "CREATE DATABASE",
			     " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
			     " LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN'") &&
	    fixture_pg_admin(f, "CREATE DATABASE", ""))
		return -1;
	return 0;
}

/* Makes the migrated template of the process through F->admin (as
 * fixture_pg_create_new would make F's database) unless it exists; its
 * name goes to fixture_pg_template(). Returns 0 or -1. */
static inline int fixture_pg_template_make(struct fixture *f)
{
	char own[sizeof(f->pgname)], url[sizeof(f->path)];
	char *tpl = fixture_pg_template();
	struct zf_db *db = NULL;
	int rc = -1;

	if (tpl[0])
		return 0;
	snprintf(own, sizeof(own), "%s", f->pgname);
	snprintf(f->pgname, sizeof(f->pgname), "zf_tpl_%.50s", own + strlen("zf_t_"));
	if (fixture_pg_url(fixture_pg(), f->pgname, url, sizeof(url)) ||
	    fixture_pg_create_new(f))
		goto out;
	if (zf_db_open(&db, url, 0, &f->err) || zf_store_migrate(db, NULL, &f->err)) {
		fprintf(stderr, "template %s: %s\n", f->pgname, f->err.msg);
		zf_db_close(db);
		db = NULL;
		fixture_pg_admin(f, "DROP DATABASE IF EXISTS", " WITH (FORCE)");
		goto out;
	}
	snprintf(tpl, sizeof(f->pgname), "%s", f->pgname);
	atexit(fixture_pg_template_drop);
	rc = 0;
out:
	zf_db_close(db); /* a template must have no connection when it is copied */
	snprintf(f->pgname, sizeof(f->pgname), "%s", own);
	return rc;
}

/* Creates the PostgreSQL database of F on the ZF_TEST_PG server, a copy of
 * the migrated template when MIGRATED, and puts its URL in F->path.
 * Returns 0 or -1. */
static inline int fixture_pg_create(struct fixture *f, int migrated)
{
	const char *rnd = strrchr(f->dir, '-') + 1; /* mkdtemp's random part */
	char from[96];

	snprintf(f->pgname, sizeof(f->pgname), "zf_t_%ld_%s", (long)getpid(), rnd);
	for (char *p = f->pgname; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (fixture_pg_url(fixture_pg(), f->pgname, f->path, sizeof(f->path))) {
		fprintf(stderr, "ZF_TEST_PG is not a postgresql:// URL\n");
		return -1;
	}
	if (zf_db_open(&f->admin, fixture_pg(), 0, &f->err)) {
		fprintf(stderr, "ZF_TEST_PG: %s\n", f->err.msg);
		return -1;
	}
	if (migrated) {
		if (fixture_pg_template_make(f))
			goto fail;
		snprintf(from, sizeof(from), " TEMPLATE \"%s\"", fixture_pg_template());
		if (fixture_pg_admin(f, "CREATE DATABASE", from))
			goto fail;
	} else if (fixture_pg_create_new(f)) {
		goto fail;
	}
	return 0;
fail:
	f->pgname[0] = '\0'; /* not ours to drop */
	return -1;
}

static inline int fixture_unlink_one(const char *path, const struct stat *st, int flag,
				     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

/* Removes the blob store an app opened in data folder DIR (DIR/blobs). */
static inline void fixture_blobs_remove(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/blobs", dir);
	nftw(path, fixture_unlink_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes the database of F (files or PostgreSQL database) and the folder. */
static inline void fixture_remove(struct fixture *f)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[sizeof(f->path) + 16];

	if (f->admin) {
		/* FORCE: connections a failed test left open must not keep it. */
		if (f->pgname[0])
			fixture_pg_admin(f, "DROP DATABASE IF EXISTS", " WITH (FORCE)");
		zf_db_close(f->admin);
		f->admin = NULL;
	} else if (f->path[0]) {
		for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
			snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
			unlink(p);
		}
	}
	if (f->dir[0]) {
		fixture_blobs_remove(f->dir);
		rmdir(f->dir);
	}
}

/* Creates F: a temporary folder and a database (test.db in the folder, or a
 * PostgreSQL database when ZF_TEST_PG is set), opened (and migrated when
 * MIGRATE is set). Returns 0 or -1. */
static inline int fixture_open(struct fixture *f, int migrate)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/zhifa-test-XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return -1;
	}
	if (fixture_pg()) {
		if (fixture_pg_create(f, migrate))
			return -1;
	} else {
		snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
	}
	if (zf_db_open(&f->db, f->path, 1, &f->err))
		return -1;
	/* On PostgreSQL a migrated database is a copy of the migrated template. */
	if (migrate && !fixture_pg() && zf_store_migrate(f->db, NULL, &f->err))
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

/* The single integer SQL (no parameters) answers on F's database. */
static inline int64_t fixture_count(struct fixture *f, const char *sql)
{
	struct zf_stmt *st;
	int64_t n = -1;

	assert_int_equal(zf_db_prepare(f->db, &st, sql, &f->err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &f->err), 0);
	return n;
}

/* Removes an application data folder DIR made by a test: the record log's
 * files (key, kept checkpoint, its lock, a rotated key), then the folder. */
static inline void fixture_data_remove(const char *dir)
{
	static const char *const files[] = {"log.key", "checkpoint", "checkpoint.lock", "old.key"};
	char path[256];

	fixture_blobs_remove(dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Per-test setup: SIZE zeroed bytes, a struct whose first member is a struct
 * fixture, opened as fixture_open(F, MIGRATE) does. Returns 0 or -1. */
static inline int fixture_new(void **state, size_t size, int migrate)
{
	struct fixture *f = calloc(1, size);

	if (!f || fixture_open(f, migrate)) {
		if (f) {
			fprintf(stderr, "fixture: %s\n", f->err.msg);
			fixture_close(f);
		}
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

/* Opens the application on F's database with the data folder F->dir/data
 * (its path into DATA, N bytes) and a pool of two connections into *APP:
 * 0, or -1 with the reason on stderr. */
static inline int fixture_app(struct fixture *f, char *data, size_t n, struct zf_app **app)
{
	snprintf(data, n, "%s/data", f->dir);
	if (mkdir(data, 0700) || zf_app_open(app, f->path, data, 2, &f->err)) {
		fprintf(stderr, "app: %s\n", f->err.msg);
		return -1;
	}
	return 0;
}

/* Fills A as the actor of account ACCOUNT (LOGIN, ROLE) of BODY, the
 * officer OFFICER (0 = none) signed in. */
static inline void fixture_actor(struct zf_actor *a, int64_t account, const char *login, int role,
				 int64_t body, int64_t officer)
{
	memset(a, 0, sizeof(*a));
	a->account_id = account;
	snprintf(a->login, sizeof(a->login), "%s", login);
	a->role = role;
	a->body_id = body;
	a->officer_id = officer;
}

#endif
