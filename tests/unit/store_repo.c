/* Unit tests of store/repo.c: bound values, row lists out of memory, checked growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/role.h"
#include "store/account.h"
#include "store/repo.h"
#include "store_fixture.h"

/* Counts the rows SQL (one text parameter V) selects with COUNT(*). */
static int64_t count_where(struct fixture *f, const char *sql, const char *v)
{
	struct zf_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(zf_repo_prepare_text(f->db, &st, sql, v, &f->err), 0);
	assert_int_equal(zf_stmt_one_i64(st, &n, &f->err), 0);
	return n;
}

static void test_ref_binds_null_for_zero(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", "11330000002482014X");
	int64_t officer = fixture_officer(f->db, body, "张三", "33000012345");
	struct zf_account a = {0}, got;
	int64_t id = 0;

	assert_true(body > 0 && officer > 0);
	a.role = ZF_ROLE_OFFICER;
	a.body_id = body;
	a.pw_hash = "scrypt$x";
	a.enabled = 1;
	a.login = "free";
	assert_int_equal(zf_store_account_insert(f->db, &a, &id, &f->err), 0);
	a.login = "bound";
	a.officer_id = officer;
	assert_int_equal(zf_store_account_insert(f->db, &a, &id, &f->err), 0);

	/* No officer is stored as NULL, not as a dangling id 0. */
	assert_int_equal(count_where(f, "SELECT COUNT(*) FROM account WHERE officer_id IS NULL "
					"AND login = ?", "free"), 1);
	assert_int_equal(count_where(f, "SELECT COUNT(*) FROM account WHERE officer_id IS NULL "
					"AND login = ?", "bound"), 0);
	assert_int_equal(zf_store_account_get(f->db, f->a, id, &got, &f->err), 0);
	assert_int_equal(got.officer_id, officer);
	assert_null(got.totp_secret);
}

static void test_bind_failure_resets_the_statement(void **state)
{
	struct fixture *f = *state;
	const struct zf_repo_arg two[] = {ZF_ARG_TEXT("a"), ZF_ARG_TEXT("b")};
	const char *sql = "DELETE FROM meta WHERE key = ?";

	/* A second value has no parameter to go to. */
	assert_int_equal(zf_repo_run(f->db, sql, two, ZF_REPO_NARGS(two), &f->err), ZF_ERROR);
	assert_string_equal(f->err.msg, "数据库参数绑定失败");
	/* The cached statement was reset, so it serves the next call. */
	assert_int_equal(zf_store_meta_set(f->db, "k", "v", &f->err), 0);
	assert_int_equal(zf_repo_run_text(f->db, sql, "k", &f->err), 0);
	assert_int_equal(count_where(f, "SELECT COUNT(*) FROM meta WHERE key = ?", "k"), 0);
}

static void test_exists(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", "11330000002482014X");

	assert_int_equal(zf_repo_exists(f->db, "SELECT 1 FROM body WHERE id = ?", body, &f->err), 1);
	assert_int_equal(zf_repo_exists(f->db, "SELECT 1 FROM body WHERE id = ?", body + 1, &f->err),
			 0);
}

static void test_out_of_memory_reading_rows(void **state)
{
	struct fixture *f = *state;
	struct zf_arena *tiny = zf_arena_new(4);
	struct zf_body got, *list = &got;
	size_t n = 99;
	int64_t body = fixture_body(f->db, "甲局", "11330000002482014X");

	assert_non_null(tiny);
	assert_true(body > 0);
	/* The name does not fit: one row fails as a whole. */
	assert_int_equal(zf_store_body_get(f->db, tiny, body, &got, &f->err), ZF_ENOMEM);
	assert_string_equal(f->err.msg, "内存不足");
	/* Neither does the array: the list is empty, not half filled. */
	assert_int_equal(zf_store_body_list(f->db, tiny, 1, &list, &n, &f->err), ZF_ENOMEM);
	assert_null(list);
	assert_int_equal(n, 0);
	/* The statements were finished: the same queries work with room. */
	assert_int_equal(zf_store_body_list(f->db, f->a, 1, &list, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "甲局");
	zf_arena_free(tiny);
}

static void test_list_after_a_failed_prepare(void **state)
{
	struct fixture *f = *state;
	void *rows = f;
	size_t n = 7;

	assert_int_equal(zf_repo_list(NULL, ZF_EUNAVAIL, f->a, NULL, 1, &rows, &n, &f->err),
			 ZF_EUNAVAIL);
	assert_null(rows);
	assert_int_equal(n, 0);
}

static void test_grow_doubles_and_checks_overflow(void **state)
{
	struct fixture *f = *state;
	size_t cap = 0;
	int64_t *arr = zf_repo_grow(f->a, NULL, &cap, 0, sizeof(*arr)), *grown;

	assert_non_null(arr);
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		arr[i] = i;
	assert_ptr_equal(zf_repo_grow(f->a, arr, &cap, 7, sizeof(*arr)), arr);
	grown = zf_repo_grow(f->a, arr, &cap, 8, sizeof(*arr));
	assert_non_null(grown);
	assert_int_equal(cap, 16);
	assert_int_equal(grown[7], 7);

	/* Sizes that overflow size_t fail and leave the capacity alone. */
	assert_null(zf_repo_grow(f->a, grown, &cap, 16, SIZE_MAX / 4));
	assert_int_equal(cap, 16);
	assert_null(zf_repo_grow(f->a, grown, &cap, SIZE_MAX / 2 + 1, 1));
	assert_int_equal(cap, 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_binds_null_for_zero),
		cmocka_unit_test(test_bind_failure_resets_the_statement),
		cmocka_unit_test(test_exists),
		cmocka_unit_test(test_out_of_memory_reading_rows),
		cmocka_unit_test(test_list_after_a_failed_prepare),
		cmocka_unit_test(test_grow_doubles_and_checks_overflow),
	};
	return run_fresh(tests, fixture_setup, fixture_teardown);
}
