/* Unit tests of store/registry.c and store/history.c on a temporary SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/history.h"
#include "store_fixture.h"

#define USCC_A "11330000002482014X"
#define USCC_B "91330100MA27XL0E2W"
#define USCC_C "12330000470003352K"

static void test_body_insert_get(void **state)
{
	struct fixture *f = *state;
	struct zf_body got, b = {.name = "某县综合行政执法局", .uscc = USCC_A,
				 .legal_basis = "《中华人民共和国行政处罚法》", .duties = "市容环境",
				 .phone = "0571-12345678", .state = ZF_BODY_ACTIVE};
	int64_t id = 0;

	assert_int_equal(zf_store_body_insert(f->db, &b, 1700000000, &id, &f->err), 0);
	assert_true(id > 0);

	assert_int_equal(zf_store_body_get(f->db, f->a, id, &got, &f->err), 0);
	assert_int_equal(got.id, id);
	assert_string_equal(got.name, b.name);
	assert_string_equal(got.uscc, USCC_A);
	assert_string_equal(got.legal_basis, b.legal_basis);
	assert_string_equal(got.duties, "市容环境");
	assert_string_equal(got.powers, ""); /* NULL is stored as empty text */
	assert_string_equal(got.phone, b.phone);
	assert_int_equal(got.state, ZF_BODY_ACTIVE);
	assert_null(got.state_date);
	assert_null(got.state_reason);
	assert_int_equal(got.version, 1);
	assert_int_equal(got.created_at, 1700000000);
	assert_int_equal(got.updated_at, 1700000000);

	assert_int_equal(zf_store_body_get(f->db, f->a, id + 100, &got, &f->err), ZF_ENOTFOUND);
}

static void test_body_update_and_version_conflict(void **state)
{
	struct fixture *f = *state;
	struct zf_body b, got;
	int64_t id = fixture_body(f->db, "甲局", USCC_A);

	assert_true(id > 0);
	assert_int_equal(zf_store_body_get(f->db, f->a, id, &b, &f->err), 0);
	b.name = "甲局（更名）";
	b.state = ZF_BODY_SUSPENDED;
	b.state_date = "2025-03-01";
	b.state_reason = "机构改革";
	assert_int_equal(zf_store_body_update(f->db, &b, 2000, &f->err), 0);
	assert_int_equal(zf_store_body_get(f->db, f->a, id, &got, &f->err), 0);
	assert_string_equal(got.name, "甲局（更名）");
	assert_int_equal(got.state, ZF_BODY_SUSPENDED);
	assert_string_equal(got.state_date, "2025-03-01");
	assert_string_equal(got.state_reason, "机构改革");
	assert_int_equal(got.version, 2);
	assert_int_equal(got.created_at, 1000);
	assert_int_equal(got.updated_at, 2000);

	/* A second editor still holding version 1 loses, and nothing changes. */
	b.name = "乙局";
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_body_update(f->db, &b, 3000, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "记录已被他人修改，请刷新后重试");
	assert_int_equal(zf_store_body_get(f->db, f->a, id, &got, &f->err), 0);
	assert_string_equal(got.name, "甲局（更名）");
	assert_int_equal(got.version, 2);

	b.id = id + 50;
	b.version = 1;
	assert_int_equal(zf_store_body_update(f->db, &b, 3000, &f->err), ZF_ENOTFOUND);
}

static void test_body_duplicate_uscc(void **state)
{
	struct fixture *f = *state;
	struct zf_body b = {0};
	int64_t id = 0, other = fixture_body(f->db, "乙局", USCC_B);

	assert_true(fixture_body(f->db, "甲局", USCC_A) > 0);
	b.name = "丙局";
	b.uscc = USCC_A;
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_body_insert(f->db, &b, 1000, &id, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "统一社会信用代码已存在");
	assert_string_equal(zf_err_field_msg(&f->err, "uscc"), "统一社会信用代码已存在");

	/* Taking another body's code on update is a conflict too. */
	assert_int_equal(zf_store_body_get(f->db, f->a, other, &b, &f->err), 0);
	b.uscc = USCC_A;
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_body_update(f->db, &b, 2000, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "统一社会信用代码已存在");
}

static void test_body_list_order_and_suspended(void **state)
{
	struct fixture *f = *state;
	struct zf_body *list = NULL, b;
	size_t n = 0;
	int64_t a = fixture_body(f->db, "丙局", USCC_C);
	int64_t c = fixture_body(f->db, "甲局", USCC_A);
	int64_t d = fixture_body(f->db, "乙局", USCC_B);

	assert_int_equal(zf_store_body_get(f->db, f->a, c, &b, &f->err), 0);
	b.state = ZF_BODY_SUSPENDED;
	b.state_date = "2025-01-01";
	b.state_reason = "撤销";
	assert_int_equal(zf_store_body_update(f->db, &b, 2000, &f->err), 0);

	assert_int_equal(zf_store_body_list(f->db, f->a, 1, &list, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, a);
	assert_int_equal(list[1].id, c);
	assert_int_equal(list[2].id, d);
	assert_string_equal(list[0].name, "丙局");

	assert_int_equal(zf_store_body_list(f->db, f->a, 0, &list, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, a);
	assert_int_equal(list[1].id, d);
}

static void test_officer_insert_get_conflicts(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), id = 0;
	struct zf_officer got, o = {.body_id = body, .name = "张三", .cert_no = "33010012345",
				    .issuer = "某省人民政府", .domains = "市场监管、食品安全",
				    .valid_from = "2024-01-01", .valid_to = "2028-12-31",
				    .state = ZF_CERT_VALID, .legal_qual = 1, .review_since = "2024-06-01"};

	assert_int_equal(zf_store_officer_insert(f->db, &o, 1500, &id, &f->err), 0);
	assert_int_equal(zf_store_officer_get(f->db, f->a, id, &got, &f->err), 0);
	assert_string_equal(got.body_name, "甲局");
	assert_string_equal(got.name, "张三");
	assert_string_equal(got.domains, "市场监管、食品安全");
	assert_string_equal(got.valid_to, "2028-12-31");
	assert_int_equal(got.legal_qual, 1);
	assert_string_equal(got.review_since, "2024-06-01");
	assert_int_equal(got.version, 1);

	assert_int_equal(zf_store_officer_by_cert(f->db, f->a, "33010012345", &got, &f->err), 0);
	assert_int_equal(got.id, id);
	assert_int_equal(zf_store_officer_by_cert(f->db, f->a, "33010099999", &got, &f->err),
			 ZF_ENOTFOUND);

	/* The same certificate number twice. */
	o.name = "李四";
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_officer_insert(f->db, &o, 1500, &id, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "执法证号已存在");
	assert_string_equal(zf_err_field_msg(&f->err, "cert_no"), "执法证号已存在");

	/* A body that does not exist. */
	o.cert_no = "33010000001";
	o.body_id = body + 9;
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_officer_insert(f->db, &o, 1500, &id, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "所属执法主体不存在");
}

static void test_officer_update_version(void **state)
{
	struct fixture *f = *state;
	struct zf_officer o, got;
	int64_t body = fixture_body(f->db, "甲局", USCC_A);
	int64_t id = fixture_officer(f->db, body, "张三", "A-0001");

	assert_true(fixture_officer(f->db, body, "李四", "A-0002") > 0);
	assert_int_equal(zf_store_officer_get(f->db, f->a, id, &o, &f->err), 0);
	o.state = ZF_CERT_SUSPENDED;
	o.state_date = "2025-02-01";
	o.state_reason = "违规执法";
	assert_int_equal(zf_store_officer_update(f->db, &o, 3000, &f->err), 0);
	assert_int_equal(zf_store_officer_get(f->db, f->a, id, &got, &f->err), 0);
	assert_int_equal(got.state, ZF_CERT_SUSPENDED);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.updated_at, 3000);

	zf_err_clear(&f->err);
	assert_int_equal(zf_store_officer_update(f->db, &o, 3100, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "记录已被他人修改，请刷新后重试");

	got.cert_no = "A-0002";
	zf_err_clear(&f->err);
	assert_int_equal(zf_store_officer_update(f->db, &got, 3100, &f->err), ZF_ECONFLICT);
	assert_string_equal(f->err.msg, "执法证号已存在");
}

static void test_officer_list_order(void **state)
{
	struct fixture *f = *state;
	struct zf_officer *list = NULL;
	size_t n = 0;
	int64_t b1 = fixture_body(f->db, "甲局", USCC_A);
	int64_t b2 = fixture_body(f->db, "乙局", USCC_B);
	int64_t cbody = 0, bodies = 0, officers = 0;

	/* Inserted out of order on purpose. */
	assert_true(fixture_officer(f->db, b2, "赵六", "B-0001") > 0);
	assert_true(fixture_officer(f->db, b1, "李四", "A-0003") > 0);
	assert_true(fixture_officer(f->db, b1, "张三", "A-0001") > 0);
	assert_true(fixture_officer(f->db, b2, "钱七", "A-0002") > 0);

	assert_int_equal(zf_store_officer_list(f->db, f->a, 0, &list, &n, &f->err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].cert_no, "A-0001");
	assert_string_equal(list[1].cert_no, "A-0003");
	assert_string_equal(list[2].cert_no, "A-0002");
	assert_string_equal(list[3].cert_no, "B-0001");
	assert_int_equal(list[2].body_id, b2);
	assert_string_equal(list[3].body_name, "乙局");

	assert_int_equal(zf_store_officer_list(f->db, f->a, b2, &list, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "钱七");
	assert_string_equal(list[1].name, "赵六");

	cbody = fixture_body(f->db, "丙局", USCC_C);
	assert_int_equal(zf_store_officer_list(f->db, f->a, cbody, &list, &n, &f->err), 0);
	assert_int_equal(n, 0);

	assert_int_equal(zf_store_registry_counts(f->db, &bodies, &officers, &f->err), 0);
	assert_int_equal(bodies, 3);
	assert_int_equal(officers, 4);
}

static void test_many_rows_grow_the_list(void **state)
{
	struct fixture *f = *state;
	struct zf_officer *list = NULL;
	int64_t body = fixture_body(f->db, "甲局", USCC_A);
	char cert[32];
	size_t n = 0;

	assert_int_equal(zf_db_begin(f->db, 1, &f->err), 0);
	for (int i = 0; i < 100; i++) {
		snprintf(cert, sizeof(cert), "C-%04d", 99 - i);
		assert_true(fixture_officer(f->db, body, "某某", cert) > 0);
	}
	assert_int_equal(zf_db_commit(f->db, &f->err), 0);
	assert_int_equal(zf_store_officer_list(f->db, f->a, body, &list, &n, &f->err), 0);
	assert_int_equal(n, 100);
	for (size_t i = 0; i < n; i++) {
		snprintf(cert, sizeof(cert), "C-%04zu", i);
		assert_string_equal(list[i].cert_no, cert);
	}
}

static void test_history_newest_first(void **state)
{
	struct fixture *f = *state;
	struct zf_history *list = NULL;
	struct zf_history h = {.at = 100, .entity = "body", .entity_id = 7, .action = "create",
			       .actor_login = "cli", .after_json = "{\"name\":\"甲局\"}"};
	size_t n = 0;

	assert_int_equal(zf_store_history_add(f->db, &h, &f->err), 0);
	/* The same record changed by a registrar. */
	h = (struct zf_history){.at = 200, .entity = "body", .entity_id = 7, .action = "update",
				.actor_id = 3, .actor_login = "registrar1",
				.before_json = "{\"name\":\"甲局\"}", .after_json = "{\"name\":\"乙局\"}"};
	assert_int_equal(zf_store_history_add(f->db, &h, &f->err), 0);
	h.entity = "officer";
	assert_int_equal(zf_store_history_add(f->db, &h, &f->err), 0);

	assert_int_equal(zf_store_history_list(f->db, f->a, "body", 7, &list, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].action, "update");
	assert_string_equal(list[0].before_json, "{\"name\":\"甲局\"}");
	assert_int_equal(list[0].actor_id, 3);
	assert_string_equal(list[1].action, "create");
	assert_null(list[1].before_json);
	assert_string_equal(list[1].actor_login, "cli");
	assert_true(list[0].id > list[1].id);

	h.after_json = NULL;
	assert_int_equal(zf_store_history_add(f->db, &h, &f->err), ZF_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_insert_get),
		cmocka_unit_test(test_body_update_and_version_conflict),
		cmocka_unit_test(test_body_duplicate_uscc),
		cmocka_unit_test(test_body_list_order_and_suspended),
		cmocka_unit_test(test_officer_insert_get_conflicts),
		cmocka_unit_test(test_officer_update_version),
		cmocka_unit_test(test_officer_list_order),
		cmocka_unit_test(test_many_rows_grow_the_list),
		cmocka_unit_test(test_history_newest_first),
	};
	return run_fresh(tests, fixture_setup, fixture_teardown);
}
