/* Unit tests of store/copy.c: the catalogue, table checksums, and a whole copy from SQLite into the fixture's database (SQLite, or PostgreSQL under ZF_TEST_PG). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/copy.h"
#include "store_fixture.h"

/* The fixture's database is the (empty) target; the source is a SQLite file beside it. */
struct cfx {
	struct fixture f; /* first: fixture_new fills it */
	char src_path[160];
	struct zf_db *src;
	struct zf_copy_report rep;
};

static void remove_source(struct cfx *c)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[200];
	zf_db_close(c->src);
	c->src = NULL;
	for (size_t i = 0; c->src_path[0] && i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", c->src_path, suffix[i]);
		unlink(p);
	}
}

/* A small installation: a body, two officers (one with a NULL, one with an
 * empty text), metadata keys whose byte order differs from a language's. */
static int fill_source(struct cfx *c)
{
	struct zf_err err = {0};
	int64_t body;
	if (zf_store_migrate(c->src, NULL, &err) ||
	    !(body = fixture_body(c->src, "县市场监督管理局", "11330000002482014X")) ||
	    !fixture_officer(c->src, body, "张三", "C-0001") ||
	    !fixture_officer(c->src, body, "李四", "C-0002") ||
	    zf_db_exec(c->src, "UPDATE officer SET state_reason = '' WHERE id = 2", &err))
		return -1;
	static const char *const keys[] = {"origin", "a_key", "B_key", "甲", "Z"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (zf_store_meta_set(c->src, keys[i], "值 value", &err))
			return -1;
	return 0;
}

static int setup(void **state)
{
	struct cfx *c;
	struct zf_err err = {0};
	if (fixture_new(state, sizeof(struct cfx), 0))
		return -1;
	c = *state;
	snprintf(c->src_path, sizeof(c->src_path), "%s/src.db", c->f.dir);
	if (zf_db_open(&c->src, c->src_path, 1, &err) || fill_source(c)) {
		fprintf(stderr, "source: %s\n", err.msg);
		remove_source(c);
		fixture_close(&c->f);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct cfx *c = *state;
	remove_source(c);
	fixture_close(&c->f);
	return 0;
}

static const struct zf_table *table(const struct zf_table *ts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ts[i].name, name))
			return &ts[i];
	fail_msg("no table %s", name);
	return NULL;
}

static size_t place(const struct zf_table *ts, size_t n, const char *name)
{
	return (size_t)(table(ts, n, name) - ts);
}

static long count(struct zf_db *db, const char *sql)
{
	struct zf_stmt *st = NULL;
	struct zf_err err = {0};
	int64_t v = -1;
	assert_int_equal(zf_db_prepare(db, &st, sql, &err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &v, &err), 0);
	return (long)v;
}

/* The catalogue: every table, parents before children, kinds and keys. */
static void test_tables(void **state)
{
	struct cfx *c = *state;
	struct zf_table *ts = NULL;
	size_t n = 0;
	assert_int_equal(zf_store_tables(c->src, c->f.a, &ts, &n, &c->f.err), 0);
	assert_true(n >= 10); /* schema 1's tables; later migrations add more */
	assert_true(place(ts, n, "body") < place(ts, n, "officer"));
	assert_true(place(ts, n, "officer") < place(ts, n, "account"));
	assert_true(place(ts, n, "account") < place(ts, n, "session"));
	assert_true(place(ts, n, "account") < place(ts, n, "api_token"));
	const struct zf_table *o = table(ts, n, "officer");
	assert_true(o->ncols >= 16);
	assert_string_equal(o->cols[0].name, "id");
	assert_int_equal(o->cols[0].kind, ZF_COL_INT);
	assert_int_equal(o->cols[0].pk, 1);
	assert_string_equal(o->cols[2].name, "name");
	assert_int_equal(o->cols[2].kind, ZF_COL_TEXT);
	assert_int_equal(o->cols[2].pk, 0);
	assert_int_equal(o->nrefs, 1);
	assert_string_equal(o->refs[0], "body");
	const struct zf_table *m = table(ts, n, "meta");
	assert_int_equal(m->cols[0].kind, ZF_COL_TEXT);
	assert_int_equal(m->cols[0].pk, 1);
}

/* A table's sum changes with any value, tells NULL from empty, and comes back. */
static void test_sum(void **state)
{
	struct cfx *c = *state;
	struct zf_table *ts = NULL;
	struct zf_table_sum a, b, again;
	size_t n = 0;
	assert_int_equal(zf_store_tables(c->src, c->f.a, &ts, &n, &c->f.err), 0);
	const struct zf_table *o = table(ts, n, "officer");
	assert_int_equal(zf_store_table_sum(c->src, o, &a, &c->f.err), 0);
	assert_int_equal(a.rows, 2);
	assert_int_equal(strlen(a.sha256), 64);
	/* NULL -> '' on officer 1. */
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET state_reason = '' WHERE id = 1", &c->f.err), 0);
	assert_int_equal(zf_store_table_sum(c->src, o, &b, &c->f.err), 0);
	assert_int_equal(b.rows, 2);
	assert_string_not_equal(a.sha256, b.sha256);
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET state_reason = NULL WHERE id = 1", &c->f.err), 0);
	assert_int_equal(zf_store_table_sum(c->src, o, &again, &c->f.err), 0);
	assert_string_equal(a.sha256, again.sha256);
	/* Moving text between two columns changes it too (values are length-prefixed). */
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET issuer = '甲乙', domains = '' WHERE id = 1", &c->f.err), 0);
	assert_int_equal(zf_store_table_sum(c->src, o, &a, &c->f.err), 0);
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET issuer = '甲', domains = '乙' WHERE id = 1", &c->f.err), 0);
	assert_int_equal(zf_store_table_sum(c->src, o, &b, &c->f.err), 0);
	assert_string_not_equal(a.sha256, b.sha256);
}

/* A whole copy: every table equal, ids kept, new rows continue after them. */
static void test_copy(void **state)
{
	struct cfx *c = *state;
	struct zf_table *ts = NULL;
	size_t n = 0;
	assert_int_equal(zf_store_tables(c->src, c->f.a, &ts, &n, &c->f.err), 0);
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), 0);
	/* schema_migration is compared by version; portal_generation is the
	 * target's own cache counter */
	assert_int_equal(c->rep.n, n - 2);
	assert_true(c->rep.version >= 1);
	for (size_t i = 0; i < c->rep.n; i++) {
		const struct zf_copy_table *t = &c->rep.tables[i];
		assert_string_not_equal(t->name, "portal_generation");
		assert_true(t->same);
		assert_int_equal(t->from.rows, t->to.rows);
		assert_string_equal(t->from.sha256, t->to.sha256);
		if (!strcmp(t->name, "meta"))
			assert_int_equal(t->to.rows, 5);
	}
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM officer WHERE id = 2 AND state_reason = ''"), 1);
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM officer WHERE id = 1 AND state_reason IS NULL"), 1);
	/* The next id on the target follows the copied ones. */
	assert_int_equal(fixture_officer(c->f.db, 1, "王五", "C-0003"), 3);
	assert_int_equal(fixture_body(c->f.db, "县司法局", "11330000002482022R"), 2);
	/* A second copy finds rows and changes nothing. */
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "已有数据"));
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM officer"), 3);
}

/* Another program's database is refused untouched. */
static void test_refuses_foreign(void **state)
{
	struct cfx *c = *state;
	assert_int_equal(zf_db_exec(c->f.db, "CREATE TABLE t (x INTEGER PRIMARY KEY)", &c->f.err), 0);
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), ZF_ECONFLICT);
	assert_int_equal(zf_store_schema_present(c->f.db, &c->f.err), ZF_ECONFLICT);
	assert_int_equal(c->rep.n, 0);
}

/* A value that is not what its column says stops the copy; the target keeps
 * only the empty schema, and a copy after the repair succeeds. */
static void test_bad_value_rolls_back(void **state)
{
	struct cfx *c = *state;
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET version = 'x1' WHERE id = 2", &c->f.err), 0);
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), ZF_ERROR);
	assert_non_null(strstr(c->f.err.msg, "version"));
	assert_int_equal(zf_store_schema_present(c->f.db, &c->f.err), 1);
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM body"), 0);
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM meta"), 0);
	assert_int_equal(zf_db_exec(c->src, "UPDATE officer SET version = 1 WHERE id = 2", &c->f.err), 0);
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), 0);
	assert_int_equal(count(c->f.db, "SELECT count(*) FROM officer"), 2);
}

/* A source behind the current schema is refused: migrate it first. */
static void test_refuses_old_source(void **state)
{
	struct cfx *c = *state;
	assert_int_equal(zf_db_exec(c->src, "DELETE FROM schema_migration", &c->f.err), 0);
	assert_int_equal(zf_store_copy(c->src, c->f.db, c->f.a, &c->rep, &c->f.err), ZF_ECONFLICT);
	assert_non_null(strstr(c->f.err.msg, "zhifa migrate"));
}

/* On SQLite the sequence step is a no-op: the next id is still max + 1. */
static void test_sequence_sqlite(void **state)
{
	struct cfx *c = *state;
	assert_int_equal(zf_store_sequence_advance(c->src, "officer", "id", 100, &c->f.err), 0);
	assert_int_equal(fixture_officer(c->src, 1, "王五", "C-0003"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_sum),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_refuses_foreign),
		cmocka_unit_test(test_bad_value_rolls_back),
		cmocka_unit_test(test_refuses_old_source),
		cmocka_unit_test(test_sequence_sqlite),
	};
	return run_fresh(tests, setup, teardown);
}
