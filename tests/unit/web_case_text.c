/* Unit tests of the workbench's case text (web/case_text.c): money, record values, conditions and deadlines in words, field errors to inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/case_text.h"

static const struct zf_option decisions[] = {{"penalty", "给予行政处罚"}, {"none", "不予行政处罚"}};
static const struct zf_option kinds[] = {{"warning", "警告"}, {"fine", "罚款"}, {"confiscation", "没收违法所得"}};

static const struct zf_field_def fields[] = {
	{.name = "fine", .label = "罚款金额（元）", .type = ZF_FT_MONEY, .fact = "fine"},
	{.name = "decision", .label = "决定", .type = ZF_FT_ENUM, .options = decisions, .noptions = 2, .fact = "decision"},
	{.name = "kinds", .label = "处罚种类", .type = ZF_FT_ENUMS, .options = kinds, .noptions = 3},
	{.name = "served_on", .label = "送达日期", .type = ZF_FT_DATE},
	{.name = "at", .label = "时间", .type = ZF_FT_DATETIME},
	{.name = "hearing", .label = "是否申请听证", .type = ZF_FT_BOOL, .fact = "hearing_requested"},
	{.name = "officers", .label = "执法人员", .type = ZF_FT_OFFICERS},
	{.name = "sign", .label = "当事人签名", .type = ZF_FT_SIGNATURE},
};
static const struct zf_step_def steps[] = {
	{.code = "decision", .name = "负责人决定", .fields = fields, .nfields = 8},
};
static const struct zf_procedure proc = {.code = "penalty_ordinary", .name = "行政处罚普通程序", .steps = steps, .nsteps = 1};

static void want_money(int64_t fen, const char *want)
{
	char out[40];
	zf_case_text_money(fen, out);
	assert_string_equal(out, want);
}

static void money(void **state)
{
	(void)state;
	want_money(0, "0.00元");
	want_money(5, "0.05元");
	want_money(123450, "1,234.50元");
	want_money(100000000, "1,000,000.00元");
	want_money(99999, "999.99元");
	want_money(-150, "-1.50元");
}

/* Asserts the display text of JSON value TEXT under field I. */
static void want_value(size_t i, const char *text, const char *want)
{
	static const struct zf_case_text_officer of[] = {{7, "张三", "14052400101"}, {9, "李四", ""}};
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	char *got = zf_case_text_value(&fields[i], v, of, 2);
	if (!want) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	free(got);
	json_decref(v);
}

static void values(void **state)
{
	(void)state;
	want_value(0, "500000", "5,000.00元");
	want_value(0, "\"200.5\"", "200.50元");
	want_value(1, "\"none\"", "不予行政处罚");
	want_value(1, "\"unknown\"", "unknown");
	want_value(2, "[\"warning\",\"fine\"]", "警告、罚款");
	want_value(3, "\"2026-03-05\"", "2026年3月5日");
	want_value(4, "\"2026-10-08T09:30\"", "2026年10月8日 09:30");
	want_value(5, "true", "是");
	want_value(5, "false", "否");
	want_value(6, "[7,9,11]", "张三（执法证号 14052400101）、李四、执法人员 #11");
	want_value(7, "{\"refused\":true,\"witnesses\":\"王五\"}", "当事人拒绝签字（见证人：王五）");
	want_value(7, "{\"strokes\":[[1,2,3,4]],\"w\":300,\"h\":100}", "已签名（手写签名）");
	want_value(3, "\"\"", NULL);
	want_value(2, "[]", NULL);
	want_value(3, "null", NULL);
}

static void want_cond(const char *text, const char *want)
{
	json_t *c = json_loads(text, 0, NULL);
	char *got = zf_case_text_cond(&proc, c);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	json_decref(c);
}

static void conditions(void **state)
{
	(void)state;
	assert_null(zf_case_text_cond(&proc, NULL));
	want_cond("{\"fact\":\"hearing_requested\",\"eq\":true}", "「是否申请听证」为“是”");
	want_cond("{\"fact\":\"fine\",\"gt\":20000}", "「罚款金额（元）」大于“200.00元”");
	want_cond("{\"fact\":\"decision\",\"in\":[\"penalty\",\"none\"]}",
		    "「决定」为“给予行政处罚”、“不予行政处罚”之一");
	want_cond("{\"all\":[{\"fact\":\"party_kind\",\"eq\":\"org\"},{\"not\":{\"fact\":\"major\",\"eq\":true}}]}",
		    "「当事人类型」为单位 且 并非（「重大案件」为“是”）");
	want_cond("{\"any\":[{\"fact\":\"fine\",\"set\":true},{\"fact\":\"x_y\",\"ne\":\"a\"}]}",
		    "「罚款金额（元）」已填写 或 「x_y」不为“a”");
	assert_string_equal(zf_case_text_fact_label(&proc, "statement_waived"), "当事人放弃陈述申辩");
	assert_string_equal(zf_case_text_fact_label(&proc, "decision"), "决定");
}

static void want_deadline(const char *level, int days, const char *state_text, const char *cls)
{
	json_t *d = zf_case_text_deadline("陈述申辩期限", "2026-10-09", 1, level, days, "");
	assert_non_null(d);
	assert_string_equal(json_string_value(json_object_get(d, "state_text")), state_text);
	assert_string_equal(json_string_value(json_object_get(d, "class")), cls);
	assert_string_equal(json_string_value(json_object_get(d, "due_cn")), "2026年10月9日");
	assert_true(json_is_true(json_object_get(d, "provisional")));
	json_decref(d);
}

static void deadlines(void **state)
{
	(void)state;
	want_deadline("overdue", -3, "已逾期3个工作日", "dl-overdue");
	want_deadline("soon", 2, "剩余2个工作日", "dl-soon");
	want_deadline("soon", 0, "今日到期", "dl-soon");
	want_deadline("ok", 12, "剩余12个工作日", "dl-ok");
	want_deadline("met", 0, "已完成", "dl-met");
	json_t *d = zf_case_text_deadline("期限", "", 0, "error", 0, "2028 年的工作日历尚未载入");
	assert_string_equal(json_string_value(json_object_get(d, "due_cn")), "—");
	assert_string_equal(json_string_value(json_object_get(d, "message")), "2028 年的工作日历尚未载入");
	json_decref(d);
}

static void want_input(const char *field, const char *want)
{
	char out[64];
	assert_string_equal(zf_case_text_input(&steps[0], field, out, sizeof(out)), want);
}

static void inputs(void **state)
{
	(void)state;
	want_input("values.fine", "fine");
	want_input("values.fine_fen", "fine");
	want_input("fine_fen", "fine");
	want_input("values.other_fen", "other_fen");
	want_input("fine", "fine");
	want_input("party.uscc", "parties[0].uscc");
	want_input("parties[0].name", "parties[0].name");
	want_input("parties[1].name", "parties[1].name");
	want_input("values.agent.name", "agent.name");
	char out[64];
	assert_string_equal(zf_case_text_input(NULL, "values.fine_fen", out, sizeof(out)), "fine_fen");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money),
		cmocka_unit_test(values),
		cmocka_unit_test(conditions),
		cmocka_unit_test(deadlines),
		cmocka_unit_test(inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
