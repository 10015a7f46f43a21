/* Unit tests of store/case.c, store/violation.c and store/case_setting.c (SQLite, or PostgreSQL with ZF_TEST_PG). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/case.h"
#include "store/case_setting.h"
#include "store/history.h"
#include "store/violation.h"
#include "store_fixture.h"

#define USCC_A "11330000002482014X"
#define USCC_B "91330100MA27XL0E2W"

/* A case of BODY opened at time 1000; its id or 0. */
static int64_t new_case(struct fixture *f, int64_t body, const char *title)
{
	const struct zf_case_rec c = {.body_id = body, .procedure = "penalty_ordinary",
				      .proc_version = 1, .proc_sha256 = "ab", .settings_version = 1,
				      .title = title, .state = 1, .last_step = "source",
				      .facts_json = "{\"fine\":100}", .opened_on = "2026-03-02",
				      .created_by = 5, .created_at = 1000};
	int64_t id = 0;
	int rc = zf_store_case_insert(f->db, &c, &id, &f->err);

	return fixture_id("new_case", rc, id, &f->err);
}

static void test_case_insert_get_update(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), id = new_case(f, body, "擅自占道");
	struct zf_case_rec c;

	assert_true(id > 0);
	assert_int_equal(zf_store_case_get(f->db, f->a, id, &c, &f->err), 0);
	assert_string_equal(c.body_name, "甲局");
	assert_string_equal(c.procedure, "penalty_ordinary");
	assert_string_equal(c.case_no, "");
	assert_string_equal(c.title, "擅自占道");
	assert_int_equal(c.violation_id, 0);
	assert_int_equal(c.version, 0);
	assert_int_equal(c.settings_version, 1);
	assert_string_equal(c.opened_on, "2026-03-02");

	c.case_no = "甲局案〔2026〕1号";
	c.state = 2;
	c.last_step = "closing";
	assert_int_equal(zf_store_case_update(f->db, &c, 2000, &f->err), 0);
	assert_int_equal(zf_store_case_update(f->db, &c, 2001, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_store_case_get(f->db, f->a, id, &c, &f->err), 0);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.state, 2);
	assert_int_equal(c.updated_at, 2000);
	assert_string_equal(c.case_no, "甲局案〔2026〕1号");
	assert_int_equal(zf_store_case_get(f->db, f->a, id + 9, &c, &f->err), ZF_ENOTFOUND);
}

static void test_case_list_filters(void **state)
{
	struct fixture *f = *state;
	int64_t a = fixture_body(f->db, "甲局", USCC_A), b = fixture_body(f->db, "乙局", USCC_B);
	int64_t off = fixture_officer(f->db, a, "张三", "14052400101");
	int64_t c1 = new_case(f, a, "擅自占道"), c2 = new_case(f, a, "违规排污_100%"),
		c3 = new_case(f, b, "乙局的案");
	const struct zf_party p = {.kind = ZF_PARTY_PERSON, .name = "王五", .id_type = "id_card",
				   .id_number = "110101199003078515"};
	struct zf_case_query q = {.body_id = a, .limit = 50};
	struct zf_case_rec *rows;
	size_t n;

	assert_true(c1 && c2 && c3 && off);
	assert_int_equal(zf_store_party_insert(f->db, c1, &p, NULL, &f->err), 0);
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, c2); /* newest first */
	assert_int_equal(rows[1].id, c1);

	q.q = "王五";
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c1);
	q.q = "_100%"; /* wildcards are literal */
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c2);
	q.q = "%";
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 1);

	q.q = NULL;
	q.mine = 1;
	q.mine_account = 999;
	q.mine_officer = off;
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(zf_store_case_officer_add(f->db, c1, off, 1500, &f->err), 0);
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c1);

	q = (struct zf_case_query){.body_id = 0, .before_id = c3, .limit = 1};
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, c2);
	q = (struct zf_case_query){.procedure = "inspection", .limit = 10};
	assert_int_equal(zf_store_case_list(f->db, f->a, &q, &rows, &n, &f->err), 0);
	assert_int_equal(n, 0);
}

static void test_parties_officers(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), id = new_case(f, body, "t");
	int64_t o1 = fixture_officer(f->db, body, "张三", "14052400101");
	int64_t o2 = fixture_officer(f->db, body, "李四", "14052400102");
	const struct zf_party org = {.kind = ZF_PARTY_ORG, .name = "某公司", .uscc = USCC_B,
				     .legal_rep = "赵六"};
	struct zf_party *ps;
	struct zf_case_officer_rec *os;
	size_t n;

	assert_int_equal(zf_store_party_insert(f->db, id, &org, NULL, &f->err), 0);
	assert_int_equal(zf_store_party_list(f->db, f->a, id, &ps, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ps[0].kind, ZF_PARTY_ORG);
	assert_string_equal(ps[0].uscc, USCC_B);
	assert_string_equal(ps[0].id_number, "");

	assert_int_equal(zf_store_case_officer_add(f->db, id, o1, 1100, &f->err), 0);
	assert_int_equal(zf_store_case_officer_add(f->db, id, o2, 1200, &f->err), 0);
	assert_int_equal(zf_store_case_officer_add(f->db, id, o1, 1300, &f->err), 0); /* kept */
	assert_int_equal(zf_store_case_officer_recuse(f->db, id, o2, 1400, "近亲属", &f->err), 0);
	assert_int_equal(zf_store_case_officer_recuse(f->db, id, o2 + 50, 1400, "x", &f->err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_store_case_officer_list(f->db, f->a, id, &os, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(os[0].officer_id, o1);
	assert_int_equal(os[0].assigned_at, 1100);
	assert_int_equal(os[0].recused, 0);
	assert_string_equal(os[1].name, "李四");
	assert_string_equal(os[1].cert_no, "14052400102");
	assert_int_equal(os[1].recused, 1);
	assert_string_equal(os[1].reason, "近亲属");
}

static void test_steps_documents_sequences(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), other = fixture_body(f->db, "乙局", USCC_B);
	int64_t id = new_case(f, body, "t"), s1 = 0, s2 = 0, d1 = 0, d2 = 0, n1 = 0, n2 = 0, n3 = 0;
	struct zf_step_rec s = {.case_id = id, .code = "source", .values_json = "{\"a\":1}",
				.occurred_on = "2026-03-02", .performed_at = 1000, .performed_by = 5,
				.performer = "officer1"};
	struct zf_step_rec *steps;
	struct zf_doc_rec *docs, d;
	size_t n;
	int seq = 0;

	assert_int_equal(zf_store_step_insert(f->db, &s, &s1, &seq, &f->err), 0);
	assert_int_equal(seq, 1);
	s.code = "filing";
	s.corrects_id = s1;
	assert_int_equal(zf_store_step_insert(f->db, &s, &s2, &seq, &f->err), 0);
	assert_int_equal(seq, 2);
	assert_int_equal(zf_store_step_list(f->db, f->a, id, &steps, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(steps[0].code, "source");
	assert_int_equal(steps[0].corrects_id, 0);
	assert_int_equal(steps[1].corrects_id, s1);
	assert_string_equal(steps[1].officers_json, "[]");
	assert_string_equal(steps[1].performer, "officer1");
	assert_int_equal(steps[1].history_id, 0);

	/* Sequences per (body, year, type), from 1, without gaps. */
	assert_int_equal(zf_store_seq_next(f->db, body, 2026, "penalty_decision", &n1, &f->err), 0);
	assert_int_equal(zf_store_seq_next(f->db, body, 2026, "penalty_decision", &n2, &f->err), 0);
	assert_int_equal(zf_store_seq_next(f->db, body, 2027, "penalty_decision", &n3, &f->err), 0);
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 2);
	assert_int_equal(n3, 1);
	assert_int_equal(zf_store_seq_next(f->db, other, 2026, "penalty_decision", &n3, &f->err), 0);
	assert_int_equal(n3, 1);
	assert_int_equal(zf_store_seq_next(f->db, body, 2026, "case", &n3, &f->err), 0);
	assert_int_equal(n3, 1);

	d = (struct zf_doc_rec){.case_id = id, .step_id = s2, .body_id = body,
				.doc_type = "penalty_decision", .year = 2026, .seq = 1,
				.number = "甲局罚决〔2026〕1号", .data_json = "{}", .issued_at = 1000};
	assert_int_equal(zf_store_doc_insert(f->db, &d, &d1, &f->err), 0);
	assert_int_equal(zf_store_doc_insert(f->db, &d, &d2, &f->err), ZF_ECONFLICT);
	d.number = "";
	d.doc_type = "filing_approval";
	assert_int_equal(zf_store_doc_insert(f->db, &d, &d2, &f->err), 0);
	assert_int_equal(zf_store_doc_insert(f->db, &d, &d2, &f->err), 0); /* unnumbered repeat */
	assert_int_equal(zf_store_doc_list(f->db, f->a, id, &docs, &n, &f->err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(docs[0].number, "甲局罚决〔2026〕1号");
	assert_int_equal(zf_store_doc_get(f->db, f->a, id, d1, &d, &f->err), 0);
	assert_string_equal(d.doc_type, "penalty_decision");
	assert_int_equal(zf_store_doc_get(f->db, f->a, id + 1, d1, &d, &f->err), ZF_ENOTFOUND);
}

static void test_pauses(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), id = new_case(f, body, "t"), s1 = 0;
	struct zf_step_rec s = {.case_id = id, .code = "pause", .occurred_on = "2026-03-02"};
	struct zf_pause_rec *ps;
	const char *kind = NULL;
	size_t n;

	assert_int_equal(zf_store_step_insert(f->db, &s, &s1, NULL, &f->err), 0);
	assert_int_equal(zf_store_pause_end(f->db, f->a, id, "2026-03-05", s1, &kind, &f->err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_store_pause_start(f->db, id, "鉴定", "2026-03-02", s1, &f->err), 0);
	assert_int_equal(zf_store_pause_start(f->db, id, "听证", "2026-03-03", s1, &f->err),
			 ZF_ECONFLICT);
	assert_int_equal(zf_store_pause_end(f->db, f->a, id, "2026-03-10", s1, &kind, &f->err), 0);
	assert_string_equal(kind, "鉴定");
	assert_int_equal(zf_store_pause_list(f->db, f->a, id, &ps, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ps[0].end_on, "2026-03-10");
	assert_int_equal(ps[0].end_step, s1);
}

static void test_settings_versions(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), v = 0;
	const char *json = NULL;

	assert_int_equal(zf_store_case_setting_latest(f->db, f->a, body, &json, &v, &f->err),
			 ZF_ENOTFOUND);
	assert_int_equal(zf_store_case_setting_add(f->db, body, "{\"a\":1}", 10, 3, &v, &f->err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(zf_store_case_setting_add(f->db, body, "{\"a\":2}", 11, 3, &v, &f->err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(zf_store_case_setting_latest(f->db, f->a, body, &json, &v, &f->err), 0);
	assert_int_equal(v, 2);
	assert_string_equal(json, "{\"a\":2}");
	assert_int_equal(zf_store_case_setting_get(f->db, f->a, body, 1, &json, &f->err), 0);
	assert_string_equal(json, "{\"a\":1}");
	assert_int_equal(zf_store_case_setting_get(f->db, f->a, body, 3, &json, &f->err),
			 ZF_ENOTFOUND);
}

static void test_violations(void **state)
{
	struct fixture *f = *state;
	int64_t body = fixture_body(f->db, "甲局", USCC_A), id = 0, id2 = 0;
	const struct zf_benchmark bands[] = {
		{.level = ZF_BAND_GRAVE, .circumstance = "严重", .fine_min = 500000, .fine_max = 1000000},
		{.level = ZF_BAND_MINOR, .circumstance = "轻微", .fine_min = 0, .fine_max = 100000,
		 .other = "警告"},
	};
	struct zf_violation v = {.body_id = body, .code = "SZ-01", .name = "擅自占用城市道路",
				 .domain = "市政", .fine_min = 0, .fine_max = 2000000, .active = 1,
				 .bands = bands, .nbands = 2};
	struct zf_violation got, *list;
	size_t n;

	assert_int_equal(zf_store_violation_insert(f->db, &v, 100, &id, &f->err), 0);
	assert_int_equal(zf_store_violation_insert(f->db, &v, 100, &id2, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_store_violation_get(f->db, f->a, id, &got, &f->err), 0);
	assert_string_equal(got.name, "擅自占用城市道路");
	assert_int_equal(got.version, 1);
	assert_int_equal(got.fine_max, 2000000);
	assert_int_equal(got.nbands, 2);
	assert_int_equal(got.bands[0].level, ZF_BAND_MINOR); /* by level */
	assert_string_equal(got.bands[0].other, "警告");

	v.id = id;
	v.version = 1;
	v.name = "擅自占用、挖掘城市道路";
	v.nbands = 1;
	assert_int_equal(zf_store_violation_update(f->db, &v, 200, &f->err), 0);
	assert_int_equal(zf_store_violation_update(f->db, &v, 200, &f->err), ZF_ECONFLICT);
	assert_int_equal(zf_store_violation_list(f->db, f->a, body, &list, &n, &f->err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].version, 2);
	assert_int_equal(list[0].nbands, 1);
	assert_int_equal(list[0].bands[0].level, ZF_BAND_GRAVE);
	assert_string_equal(list[0].name, "擅自占用、挖掘城市道路");
}

static void test_history_salted_between(void **state)
{
	struct fixture *f = *state;
	const char *salts[] = {NULL, "aa", "bb", NULL, "cc"};
	int64_t ids[5], n = -1;

	for (int i = 0; i < 5; i++) {
		struct zf_history h = {.at = 1, .entity = "t", .entity_id = i, .action = "t_add",
				       .after_json = "{}", .salt = salts[i]};
		assert_int_equal(zf_store_history_insert(f->db, &h, &ids[i], &f->err), 0);
	}
	assert_int_equal(zf_store_history_salted_between(f->db, 0, ids[4], &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(zf_store_history_salted_between(f->db, ids[2], ids[4] + 1, &n, &f->err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(zf_store_history_salted_between(f->db, ids[3], ids[4], &n, &f->err), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_insert_get_update),
		cmocka_unit_test(test_case_list_filters),
		cmocka_unit_test(test_parties_officers),
		cmocka_unit_test(test_steps_documents_sequences),
		cmocka_unit_test(test_pauses),
		cmocka_unit_test(test_settings_versions),
		cmocka_unit_test(test_violations),
		cmocka_unit_test(test_history_salted_between),
	};
	return run_fresh(tests, fixture_setup, fixture_teardown);
}
