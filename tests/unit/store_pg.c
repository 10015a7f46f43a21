/* Unit tests of the PostgreSQL driver alone: lost connections, the write lock, encodings. Without ZF_TEST_PG only the unreachable server is tried. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>

#include "store/db_driver.h"
#include "store/repo.h"
#include "store_fixture.h"

#define MSG_DOWN "数据库无法连接"

/* Ends the server sessions of F's test database, as a server restart would,
 * and waits until they are gone. Returns how many ended. */
static int64_t kill_sessions(struct fixture *f)
{
	struct zf_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(zf_repo_prepare_text(f->admin, &st,
					      "SELECT COUNT(pg_terminate_backend(pid, 5000)) "
					      "FROM pg_stat_activity WHERE datname = ?",
					      f->pgname, &f->err),
			 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &f->err), 0);
	return n;
}

static int64_t count_bodies(struct fixture *f)
{
	struct zf_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(zf_db_prepare(f->db, &st, "SELECT COUNT(*) FROM body", &f->err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &f->err), 0);
	return n;
}

static void test_unreachable_server(void **state)
{
	struct fixture *f = *state;
	struct zf_db *db = NULL;

	/* Nothing listens on port 1: refused at once. */
	assert_int_equal(zf_db_open(&db, "postgresql://zhifa@127.0.0.1:1/zhifa", 0, &f->err),
			 ZF_EUNAVAIL);
	assert_null(db);
	assert_memory_equal(f->err.msg, MSG_DOWN, strlen(MSG_DOWN));
}

static void test_reconnects_after_the_session_ends(void **state)
{
	struct fixture *f = *state;
	struct zf_body b;
	int64_t id;

	id = fixture_body(f->db, "甲局", "11330000002482014X");
	assert_true(id > 0);
	assert_int_equal(kill_sessions(f), 1);
	/* The next statement notices the closed session, reconnects and runs;
	 * cached statements are prepared again in the new session. */
	assert_int_equal(zf_store_body_get(f->db, f->a, id, &b, &f->err), 0);
	assert_string_equal(b.name, "甲局");
	assert_true(fixture_body(f->db, "乙局", "91350100M000100Y43") > 0);
	assert_int_equal(count_bodies(f), 2);
}

static void test_a_lost_transaction_fails_until_rolled_back(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	assert_true(fixture_body(f->db, "甲局", "11330000002482014X") > 0);
	assert_int_equal(kill_sessions(f), 1);
	/* Reconnecting now would run the rest outside the transaction. */
	assert_int_equal(zf_store_meta_set(f->db, "k", "v", &f->err), ZF_EUNAVAIL);
	assert_memory_equal(f->err.msg, MSG_DOWN, strlen(MSG_DOWN));
	assert_int_equal(zf_store_meta_set(f->db, "k", "v", &f->err), ZF_EUNAVAIL);
	assert_int_equal(zf_db_commit(f->db, &f->err), ZF_EUNAVAIL);
	zf_db_rollback(f->db);
	assert_false(zf_db_in_tx(f->db));
	/* Then the connection comes back, without what the transaction wrote. */
	assert_int_equal(count_bodies(f), 0);
}

static void test_a_failed_statement_fails_the_commit(void **state)
{
	struct fixture *f = *state;

	assert_true(fixture_body(f->db, "甲局", "11330000002482014X") > 0);
	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	assert_true(fixture_body(f->db, "乙局", "91350100M000100Y43") > 0);
	assert_int_equal(fixture_body(f->db, "丙局", "11330000002482014X"), 0);
	assert_int_not_equal(zf_db_commit(f->db, &f->err), 0);
	assert_false(zf_db_in_tx(f->db));
	assert_int_equal(count_bodies(f), 1);
}

static void test_write_transactions_take_turns(void **state)
{
	struct fixture *f = *state;
	struct zf_db *other = NULL;
	struct zf_err e = {0};

	assert_int_equal(zf_db_open(&other, f->path, 0, &e), 0);
	assert_int_equal(zf_db_exec(other, "SET lock_timeout = '200ms'", &e), 0);
	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	/* A second writer waits, and gives up with "busy" after lock_timeout. */
	assert_int_equal(zf_db_begin(other, 1, &e), ZF_EUNAVAIL);
	assert_string_equal(e.msg, "数据库繁忙，请稍后重试");
	assert_false(zf_db_in_tx(other));
	/* Readers do not wait. */
	assert_int_equal(zf_db_begin(other, 0, &e), 0);
	zf_db_rollback(other);
	assert_int_equal(zf_db_commit(f->db, &f->err), 0);
	/* Once the first has committed, the second gets its turn. */
	assert_int_equal(zf_db_begin(other, 1, &e), 0);
	assert_int_equal(zf_db_commit(other, &e), 0);
	zf_db_close(other);
}

#define WRITERS 4
#define ROUNDS 100

/* One writer of test_read_modify_write_loses_nothing. */
struct writer {
	const char *url;
	int failures;
};

/* Adds 1 to meta "n" ROUNDS times, each a read then a write in one write
 * transaction on its own connection. */
static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct zf_arena *a = zf_arena_new(0);
	struct zf_db *db = NULL;
	struct zf_err e = {0};
	char buf[32], *v;

	if (!a || zf_db_open(&db, w->url, 0, &e)) {
		w->failures = ROUNDS;
		zf_arena_free(a);
		return NULL;
	}
	for (int i = 0; i < ROUNDS; i++) {
		if (zf_db_begin(db, 1, &e) || zf_store_meta_get(db, a, "n", &v, &e) ||
		    snprintf(buf, sizeof(buf), "%lld", strtoll(v, NULL, 10) + 1) < 0 ||
		    zf_store_meta_set(db, "n", buf, &e) || zf_db_commit(db, &e)) {
			zf_db_rollback(db);
			w->failures++;
		}
	}
	zf_db_close(db);
	zf_arena_free(a);
	return NULL;
}

static void test_read_modify_write_loses_nothing(void **state)
{
	struct fixture *f = *state;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	char *v = NULL;

	assert_int_equal(zf_store_meta_set(f->db, "n", "0", &f->err), 0);
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){.url = f->path};
		assert_int_equal(pthread_create(&t[i], NULL, writer_run, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	/* Under READ COMMITTED alone, overlapping increments would be lost. */
	assert_int_equal(zf_store_meta_get(f->db, f->a, "n", &v, &f->err), 0);
	assert_int_equal(strtoll(v, NULL, 10), WRITERS * ROUNDS);
}

static void test_refuses_a_database_not_in_utf8(void **state)
{
	struct fixture *f = *state;
	struct fixture ascii = {0};
	struct zf_db *db = NULL;
	char url[sizeof(f->path)];

	ascii.admin = f->admin;
	/* The fixture's names are short: "zf_t_PID_XXXXXX". */
	assert_true(strlen(f->pgname) + 7 <= sizeof(ascii.pgname));
	memcpy(ascii.pgname, f->pgname, strlen(f->pgname));
	memcpy(ascii.pgname + strlen(f->pgname), "_ascii", 7);
	assert_int_equal(fixture_pg_admin(&ascii, "CREATE DATABASE",
					  " TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'"),
			 0);
	assert_int_equal(fixture_pg_url(fixture_pg(), ascii.pgname, url, sizeof(url)), 0);
	assert_int_equal(zf_db_open(&db, url, 0, &f->err), ZF_ERROR);
	assert_null(db);
	assert_non_null(strstr(f->err.msg, "SQL_ASCII"));
	assert_non_null(strstr(f->err.msg, "UTF8"));
	assert_int_equal(fixture_pg_admin(&ascii, "DROP DATABASE", ""), 0);
}

static void test_dialect(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(zf_db_dialect(f->db), "postgresql");
	assert_true(zf_db_url_is_pg(f->path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unreachable_server),
		/* The rest need a server: see store_fixture.h, ZF_TEST_PG. */
		cmocka_unit_test(test_reconnects_after_the_session_ends),
		cmocka_unit_test(test_a_lost_transaction_fails_until_rolled_back),
		cmocka_unit_test(test_a_failed_statement_fails_the_commit),
		cmocka_unit_test(test_write_transactions_take_turns),
		cmocka_unit_test(test_read_modify_write_loses_nothing),
		cmocka_unit_test(test_refuses_a_database_not_in_utf8),
		cmocka_unit_test(test_dialect),
	};
	/* Not skipped but left out: TAP counts a skipped test as "not ok". */
	size_t n = fixture_pg() ? sizeof(tests) / sizeof(tests[0]) : 1;

	return unit_run_fresh("tests", tests, n, fixture_setup, fixture_teardown);
}
