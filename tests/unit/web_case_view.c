/* Unit tests of the JSON views of cases (web/case_view.c): one shape for clients, stored JSON parsed, money in 分 and yuan, nulls for none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit_json.h"
#include "web/case_view.h"

static const char *s(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	if (!v)
		fail_msg("no string \"%s\"", key);
	return v;
}

static void test_state_words(void **state)
{
	(void)state;
	assert_string_equal(zf_view_case_state_word(ZF_CASE_OPEN), "open");
	assert_string_equal(zf_view_case_state_word(ZF_CASE_ARCHIVED), "archived");
	assert_null(zf_view_case_state_word(0));
	assert_null(zf_view_case_state_word(4));
	assert_int_equal(zf_view_case_state_parse("closed"), ZF_CASE_CLOSED);
	assert_int_equal(zf_view_case_state_parse("Closed"), 0);
	assert_int_equal(zf_view_case_state_parse(""), 0);
	assert_int_equal(zf_view_case_state_parse(NULL), 0);
}

/* Facts are an object, never the stored text; absent values are null or "". */
static void test_case(void **state)
{
	(void)state;
	struct zf_case c = {.id = 7, .body_id = 1, .procedure = "penalty_ordinary", .state = ZF_CASE_CLOSED,
			    .facts_json = "{\"fine\":5000,\"band\":\"general\"}", .created_at = 1778461200,
			    .version = 4, .next_due = "", .opened_on = "2026-05-11"};
	json_t *o = zf_view_case(&c, NULL), *exp = J("{\"fine\":5000,\"band\":\"general\"}");
	assert_true(json_equal(json_object_get(o, "facts"), exp));
	assert_string_equal(s(o, "state"), "closed");
	assert_string_equal(s(o, "state_label"), "已结案");
	/* Without the definitions the code names the procedure. */
	assert_string_equal(s(o, "procedure_name"), "penalty_ordinary");
	assert_string_equal(s(o, "case_no"), "");
	assert_string_equal(s(o, "created_at"), "2026-05-11T01:00:00Z");
	assert_true(json_is_null(json_object_get(o, "updated_at")));
	assert_true(json_is_null(json_object_get(o, "next_due")));
	assert_true(json_is_null(json_object_get(o, "violation_id")));
	assert_true(json_is_null(json_object_get(o, "party_names")));
	assert_int_equal(json_integer_value(json_object_get(o, "version")), 4);
	assert_true(json_is_false(json_object_get(o, "overdue")));
	json_decref(exp);
	json_decref(o);
	/* Unreadable stored facts come out as null, not as text. */
	c.facts_json = "{broken";
	o = zf_view_case(&c, NULL);
	assert_true(json_is_null(json_object_get(o, "facts")));
	json_decref(o);
}

static void test_document(void **state)
{
	(void)state;
	struct zf_case_doc d = {.id = 3, .step_id = 9, .doc_type = "penalty_decision", .name = "行政处罚决定书",
				.number = "陵示综执罚决〔2026〕1号",
				.data_json = "{\"format\":\"zhifa-document/v1\",\"values\":{\"fine\":5000}}",
				.issued_at = 1778461200};
	json_t *o = zf_view_case_doc(&d, 0);
	assert_null(json_object_get(o, "data"));
	assert_string_equal(s(o, "number"), "陵示综执罚决〔2026〕1号");
	json_decref(o);
	o = zf_view_case_doc(&d, 1);
	json_t *data = json_object_get(o, "data");
	assert_true(json_is_object(data));
	assert_string_equal(s(data, "format"), "zhifa-document/v1");
	json_decref(o);
}

/* Money: 分 as integers and yuan as text; no statutory maximum is null. */
static void test_violation(void **state)
{
	(void)state;
	struct zf_benchmark b[] = {{.id = 1, .level = ZF_BAND_GENERAL, .circumstance = "一般",
				    .fine_min = 20000, .fine_max = 1000050},
				   {.id = 2, .level = 9, .circumstance = "坏数据"}};
	struct zf_violation v = {.id = 4, .body_id = 1, .code = "LY-002", .name = "设摊经营",
				 .fine_min = 0, .fine_max = -1, .active = 1, .bands = b, .nbands = 2};
	json_t *o = zf_view_violation(&v);
	assert_string_equal(s(o, "fine_min"), "0.00");
	assert_int_equal(json_integer_value(json_object_get(o, "fine_min_fen")), 0);
	assert_true(json_is_null(json_object_get(o, "fine_max")));
	assert_true(json_is_null(json_object_get(o, "fine_max_fen")));
	json_t *bands = json_object_get(o, "bands");
	assert_int_equal(json_array_size(bands), 2);
	json_t *b0 = json_array_get(bands, 0);
	assert_string_equal(s(b0, "level"), "general");
	assert_string_equal(s(b0, "level_label"), "一般");
	assert_string_equal(s(b0, "fine_max"), "10000.50");
	assert_int_equal(json_integer_value(json_object_get(b0, "fine_max_fen")), 1000050);
	assert_string_equal(s(json_array_get(bands, 1), "level"), "");
	json_decref(o);
}

/* The whole view: every part present, masked parties as given, the
 * violation null when the case has none. */
static void test_full(void **state)
{
	(void)state;
	struct zf_party p = {.id = 1, .kind = ZF_PARTY_PERSON, .name = "李小山", .id_type = "id_card",
			     .id_number = "140*************12"};
	struct zf_case_step st = {.id = 5, .code = "source", .name = "案件来源登记", .seq = 1,
				  .values_json = "{\"title\":\"测试\"}", .occurred_on = "2026-05-11",
				  .log_index = -1};
	struct zf_case_deadline dl = {.code = "statement", .label = "陈述、申辩期限", .kind = ZF_DK_WAIT,
				      .state = ZF_DL_NONE, .due = "", .level = "error",
				      .message = "工作日历未载入"};
	struct zf_case_action act = {.code = "filing", .name = "立案审批"};
	struct zf_hint h = {.code = "limitation", .msg = "已超过追责期限"};
	struct zf_case_view v = {.c = {.id = 1, .state = ZF_CASE_OPEN, .facts_json = "{}"},
				 .parties = &p, .nparties = 1, .steps = &st, .nsteps = 1,
				 .deadlines = &dl, .ndeadlines = 1, .actions = &act, .nactions = 1,
				 .hints = &h, .nhints = 1};
	json_t *o = zf_view_case_full(&v, NULL);
	json_t *party = json_array_get(json_object_get(o, "parties"), 0);
	assert_string_equal(s(party, "kind"), "person");
	assert_string_equal(s(party, "id_type_label"), "居民身份证");
	assert_string_equal(s(party, "id_number"), "140*************12");
	json_t *step = json_array_get(json_object_get(o, "steps"), 0);
	assert_string_equal(s(json_object_get(step, "values"), "title"), "测试");
	assert_true(json_is_null(json_object_get(step, "log_index")));
	assert_true(json_is_null(json_object_get(step, "corrects_id")));
	json_t *d = json_array_get(json_object_get(o, "deadlines"), 0);
	assert_string_equal(s(d, "kind"), "wait");
	assert_string_equal(s(d, "state"), "none");
	assert_true(json_is_null(json_object_get(d, "due")));
	assert_true(json_is_null(json_object_get(d, "days_left")));
	assert_string_equal(s(json_array_get(json_object_get(o, "actions"), 0), "code"), "filing");
	assert_string_equal(s(json_array_get(json_object_get(o, "hints"), 0), "message"), "已超过追责期限");
	assert_int_equal(json_array_size(json_object_get(o, "officers")), 0);
	assert_int_equal(json_array_size(json_object_get(o, "documents")), 0);
	assert_true(json_is_null(json_object_get(o, "violation")));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_words),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_violation),
		cmocka_unit_test(test_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
