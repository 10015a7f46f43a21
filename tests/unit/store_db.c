/* Unit tests of db.h as both drivers must honour it: markers, values, NULLs, text order, transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/role.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db_driver.h"
#include "store/repo.h"
#include "store_fixture.h"

/* Counts the rows SQL (one text parameter V) selects with COUNT(*). */
static int64_t count_text(struct fixture *f, const char *sql, const char *v)
{
	struct zf_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(zf_repo_prepare_text(f->db, &st, sql, v, &f->err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &f->err), 0);
	return n;
}

static void test_markers_in_literals_and_comments_are_text(void **state)
{
	struct fixture *f = *state;
	const char *sql = "SELECT COUNT(*) FROM meta /* ? */ WHERE key = '?' OR key = 'it''s?' "
			  "OR key = ? -- ?\n";
	struct zf_stmt *st = NULL;

	assert_int_equal(zf_store_meta_set(f->db, "?", "1", &f->err), 0);
	assert_int_equal(zf_store_meta_set(f->db, "it's?", "2", &f->err), 0);
	assert_int_equal(zf_store_meta_set(f->db, "x", "3", &f->err), 0);
	assert_int_equal(zf_store_meta_set(f->db, "y", "4", &f->err), 0);
	/* One parameter only: the others are inside a literal or a comment. */
	assert_int_equal(count_text(f, sql, "x"), 3);
	assert_int_equal(zf_db_prepare(f->db, &st, sql, &f->err), 0);
	assert_int_equal(zf_stmt_bind_text(st, 1, "y"), 0);
	assert_int_not_equal(zf_stmt_bind_text(st, 2, "x"), 0);
	assert_int_not_equal(zf_stmt_bind_i64(st, 0, 1), 0);
	zf_stmt_done(st);
	/* A quoted identifier holding '?' is a name, not a marker. */
	assert_int_equal(count_text(f, "SELECT COUNT(*) AS \"n?\" FROM meta WHERE key <> ?", "x"), 3);
}

static void test_integers_round_trip(void **state)
{
	struct fixture *f = *state;
	const int64_t at[] = {INT64_MIN + 1, -1, 0, 1, INT64_MAX};
	struct zf_audit *list = NULL;
	struct zf_stmt *st = NULL;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		struct zf_audit r = {.at = at[i], .action = "t", .outcome = "ok"};
		assert_int_equal(zf_store_audit_add(f->db, &r, &f->err), 0);
	}
	/* LIMIT takes a bound value. */
	assert_int_equal(zf_store_audit_list(f->db, f->a, 0, 4, &list, &n, &f->err), 0);
	assert_int_equal(n, 4);
	assert_true(list[0].at == INT64_MAX);
	assert_true(list[3].at == -1);
	assert_int_equal(zf_store_audit_list(f->db, f->a, list[3].id, 10, &list, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_true(list[0].at == INT64_MIN + 1);

	/* Integer division, comparisons read as 0/1, COUNT as an integer. */
	assert_int_equal(zf_db_prepare(f->db, &st,
				       "SELECT 7 / 2, 1 = 1, 1 = 0, COUNT(*), -7 / 2 FROM audit", &f->err),
			 0);
	assert_int_equal(zf_stmt_step(st, &f->err), ZF_DB_ROW);
	assert_int_equal(zf_stmt_i64(st, 0), 3);
	assert_int_equal(zf_stmt_i64(st, 1), 1);
	assert_string_equal(zf_stmt_text(st, 1), "1");
	assert_int_equal(zf_stmt_i64(st, 2), 0);
	assert_string_equal(zf_stmt_text(st, 2), "0");
	assert_int_equal(zf_stmt_i64(st, 3), 5);
	assert_int_equal(zf_stmt_i64(st, 4), -3);
	assert_int_equal(zf_stmt_step(st, &f->err), ZF_DB_DONE);
	zf_stmt_done(st);
}

static void test_null_and_missing_columns(void **state)
{
	struct fixture *f = *state;
	struct zf_stmt *st = NULL;

	assert_int_equal(zf_db_prepare(f->db, &st, "SELECT NULL, 5, '张三', ''", &f->err), 0);
	assert_int_equal(zf_stmt_step(st, &f->err), ZF_DB_ROW);
	assert_true(zf_stmt_is_null(st, 0));
	assert_null(zf_stmt_text(st, 0));
	assert_int_equal(zf_stmt_i64(st, 0), 0);
	assert_false(zf_stmt_is_null(st, 1));
	assert_string_equal(zf_stmt_text(st, 1), "5");
	assert_string_equal(zf_stmt_text(st, 2), "张三");
	/* The empty string is not NULL. */
	assert_false(zf_stmt_is_null(st, 3));
	assert_string_equal(zf_stmt_text(st, 3), "");
	/* A column the result does not have reads as NULL. */
	assert_true(zf_stmt_is_null(st, 4));
	assert_null(zf_stmt_text(st, 4));
	assert_int_equal(zf_stmt_step(st, &f->err), ZF_DB_DONE);
	zf_stmt_done(st);

	/* A NULL bound as text reaches the database as NULL. A parameter whose
	 * type nothing around it fixes needs a CAST on PostgreSQL. */
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM meta WHERE CAST(? AS TEXT) IS NULL", NULL),
			 0);
	assert_int_equal(zf_store_meta_set(f->db, "k", "v", &f->err), 0);
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM meta WHERE COALESCE(?, 'k') = key", NULL),
			 1);
}

static void test_text_order_is_bytewise(void **state)
{
	struct fixture *f = *state;
	const char *logins[] = {"b", "阿", "B", "_x", "张", "a"};
	const char *want[] = {"B", "_x", "a", "b", "张", "阿"};
	int64_t body = fixture_body(f->db, "甲局", "11330000002482014X");
	struct zf_account *list = NULL;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
		struct zf_account a = {.login = logins[i], .role = ZF_ROLE_PUBLISHER, .body_id = body,
				       .pw_hash = "x", .enabled = 1};
		int64_t id = 0;
		assert_int_equal(zf_store_account_insert(f->db, &a, &id, &f->err), 0);
	}
	/* Byte order, as SQLite sorts, whatever the database's locale. */
	assert_int_equal(zf_store_account_list(f->db, f->a, &list, &n, &f->err), 0);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(list[i].login, want[i]);
	/* Comparison is exact: case matters. */
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM account WHERE login = ?", "A"), 0);
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM account WHERE login > ?", "Z"), 5);
}

static void test_transactions(void **state)
{
	struct fixture *f = *state;

	assert_false(zf_db_in_tx(f->db));
	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	assert_true(zf_db_in_tx(f->db));
	assert_int_equal(zf_store_meta_set(f->db, "gone", "1", &f->err), 0);
	zf_db_rollback(f->db);
	assert_false(zf_db_in_tx(f->db));
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM meta WHERE key = ?", "gone"), 0);

	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	assert_int_equal(zf_store_meta_set(f->db, "kept", "1", &f->err), 0);
	assert_int_equal(zf_db_commit(f->db, &f->err), 0);
	assert_false(zf_db_in_tx(f->db));
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM meta WHERE key = ?", "kept"), 1);

	/* A read transaction sees the data; rollback is safe without one. */
	assert_int_equal(zf_db_begin(f->db, 0, &f->err), 0);
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM meta WHERE key = ?", "kept"), 1);
	assert_int_equal(zf_db_commit(f->db, &f->err), 0);
	zf_db_rollback(f->db);
	assert_false(zf_db_in_tx(f->db));
	/* There is nothing to commit outside a transaction. */
	assert_int_not_equal(zf_db_commit(f->db, &f->err), 0);
	assert_false(zf_db_in_tx(f->db));
}

static void test_conflicts(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", "11330000002482014X");
	const struct zf_repo_arg dup[] = {ZF_ARG_TEXT("乙局"), ZF_ARG_TEXT("11330000002482014X")};
	const struct zf_repo_arg orphan[] = {ZF_ARG_I64(body + 100), ZF_ARG_TEXT("A-1")};

	assert_true(body > 0);
	assert_int_equal(zf_repo_run(f->db,
				     "INSERT INTO body (name, uscc, created_at, updated_at) "
				     "VALUES (?, ?, 0, 0)",
				     dup, ZF_REPO_NARGS(dup), &f->err),
			 ZF_ECONFLICT);
	assert_int_equal(zf_repo_run(f->db,
				     "INSERT INTO officer (body_id, cert_no, name, valid_from, valid_to, "
				     "created_at, updated_at) VALUES (?, ?, 'x', '', '', 0, 0)",
				     orphan, ZF_REPO_NARGS(orphan), &f->err),
			 ZF_ECONFLICT);
	/* The connection is still good. */
	assert_int_equal(count_text(f, "SELECT COUNT(*) FROM body WHERE uscc = ?", "11330000002482014X"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markers_in_literals_and_comments_are_text),
		cmocka_unit_test(test_integers_round_trip),
		cmocka_unit_test(test_null_and_missing_columns),
		cmocka_unit_test(test_text_order_is_bytewise),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_conflicts),
	};
	return run_fresh(tests, fixture_setup, fixture_teardown);
}
