/* Unit tests of the step forms generated from a definition (web/case_form.c): inputs per field type, values kept after a refusal, field errors beside their inputs or at the top. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/case_form.h"

static const struct zf_option bands[] = {{"1", "轻微"}, {"2", "一般"}};
static const struct zf_option kinds[] = {{"warning", "警告"}, {"fine", "罚款"}};

static const struct zf_field_def fields[] = {
	{.name = "fine", .label = "罚款金额（元）", .type = ZF_FT_MONEY, .fact = "fine"},
	{.name = "band", .label = "裁量阶次", .type = ZF_FT_ENUM, .required = 1, .options = bands, .noptions = 2},
	{.name = "penalty_types", .label = "处罚种类", .type = ZF_FT_ENUMS, .options = kinds, .noptions = 2},
	{.name = "officers", .label = "执法人员", .type = ZF_FT_OFFICERS, .required = 1},
	{.name = "sign", .label = "当事人签名", .type = ZF_FT_SIGNATURE},
	{.name = "agent", .label = "委托代理人", .type = ZF_FT_PARTY},
	{.name = "violation_type", .label = "违法行为类型", .type = ZF_FT_INT},
	{.name = "reason", .label = "理由", .type = ZF_FT_TEXTAREA},
};
static const struct zf_step_def step = {.code = "notice", .name = "事先告知", .fields = fields, .nfields = 8};
static const struct zf_procedure proc = {.code = "p", .name = "程序", .steps = &step, .nsteps = 1};

/* The field named NAME of the rendered array F. */
static json_t *field(json_t *f, const char *name)
{
	json_t *e;
	size_t i;
	json_array_foreach(f, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "name")), name))
			return e;
	fail_msg("no field %s", name);
	return NULL;
}

static const char *text(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The option VALUE of field F, asserting it is (not) checked. */
static void want_checked(json_t *f, const char *value, int on)
{
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(f, "options"), i, o)
		if (!strcmp(text(o, "value"), value)) {
			assert_int_equal(json_is_true(json_object_get(o, "checked")), on);
			return;
		}
	fail_msg("no option %s", value);
}

static void inputs_by_type(void **state)
{
	(void)state;
	json_t *form = json_pack("{s:s,s:s,s:[s,s],s:[s],s:s,s:s,s:s}", "fine", "200.5", "band", "2",
				 "penalty_types", "warning", "fine", "officers", "7",
				 "sign.refused", "1", "sign.witnesses", "王五", "agent.name", "李四");
	json_t *officers = json_pack("[{s:s,s:s},{s:s,s:s}]", "value", "7", "label", "张三", "value", "9", "label", "李四");
	json_t *violations = json_pack("[{s:s,s:s}]", "value", "3", "label", "LY-001 未经许可经营");
	json_t *f = zf_case_form_fields(&proc, &step, form, NULL, officers, violations);

	json_t *fine = field(f, "fine");
	assert_string_equal(text(fine, "value"), "200.5");
	assert_string_equal(text(fine, "inputmode"), "decimal");
	assert_string_equal(text(fine, "id"), "f-fine");
	assert_true(json_is_true(json_object_get(fine, "input")));

	json_t *band = field(f, "band");
	assert_true(json_is_true(json_object_get(band, "radios")));
	want_checked(band, "2", 1);
	want_checked(band, "1", 0);

	json_t *types = field(f, "penalty_types");
	assert_true(json_is_true(json_object_get(types, "checks")));
	want_checked(types, "warning", 1);
	want_checked(types, "fine", 1);

	json_t *of = field(f, "officers");
	want_checked(of, "7", 1);
	want_checked(of, "9", 0);

	json_t *sign = field(f, "sign");
	assert_true(json_is_true(json_object_get(sign, "signature")));
	assert_true(json_is_true(json_object_get(sign, "refused")));
	assert_string_equal(text(sign, "witnesses"), "王五");
	assert_string_equal(text(sign, "witnesses_id"), "f-sign-witnesses");

	json_t *agent = json_object_get(json_object_get(field(f, "agent"), "party"), "fields");
	json_t *name = field(agent, "agent.name");
	assert_string_equal(text(name, "value"), "李四");
	assert_string_equal(text(name, "id"), "f-agent-name");

	json_t *vt = field(f, "violation_type");
	assert_true(json_is_true(json_object_get(vt, "select")));
	assert_int_equal(json_array_size(json_object_get(vt, "options")), 1);

	json_t *reason = field(f, "reason");
	assert_true(json_is_true(json_object_get(reason, "textarea")));
	assert_string_equal(text(reason, "value"), "");
	assert_true(json_is_false(json_object_get(reason, "error")));
	json_decref(f);
	json_decref(form);
	json_decref(officers);
	json_decref(violations);
}

static void party_block(void **state)
{
	(void)state;
	json_t *form = json_pack("{s:s,s:s}", "parties[0].kind", "org", "parties[0].uscc", "91140524MA0000000X");
	json_t *p = zf_case_form_party(ZF_CASE_FORM_PARTY, form, NULL);
	json_t *kind = field(p, "parties[0].kind");
	want_checked(kind, "org", 1);
	want_checked(kind, "person", 0);
	assert_string_equal(text(field(p, "parties[0].uscc"), "value"), "91140524MA0000000X");
	assert_string_equal(text(field(p, "parties[0].id_number"), "id"), "f-parties-0-id_number");
	assert_true(json_array_size(json_object_get(field(p, "parties[0].id_type"), "options")) >= 6);
	json_decref(p);
	json_decref(form);
}

static void errors_placed(void **state)
{
	(void)state;
	struct zf_err err = {0};
	zf_err_field(&err, "values.fine_fen", "罚款金额超过法定上限");
	zf_err_field(&err, "party.name", "请填写当事人姓名");
	zf_err_field(&err, "values.sign.witnesses", "请填写见证人");
	zf_err_field(&err, "settings", "本机关尚未设置裁量基准");
	json_t *errors = zf_case_form_errors(&err, &step);
	assert_string_equal(text(errors, "fine"), "罚款金额超过法定上限");
	assert_string_equal(text(errors, "parties[0].name"), "请填写当事人姓名");

	json_t *f = zf_case_form_fields(&proc, &step, NULL, errors, NULL, NULL);
	json_t *p = zf_case_form_party(ZF_CASE_FORM_PARTY, NULL, errors);
	assert_string_equal(text(field(f, "fine"), "error"), "罚款金额超过法定上限");
	assert_string_equal(text(field(f, "sign"), "error"), "请填写见证人");
	assert_string_equal(text(field(p, "parties[0].name"), "error"), "请填写当事人姓名");

	json_t *top = zf_case_form_unplaced(errors, f, p);
	assert_int_equal(json_array_size(top), 1);
	assert_string_equal(json_string_value(json_array_get(top, 0)), "本机关尚未设置裁量基准");
	json_t *all = zf_case_form_unplaced(errors, NULL, NULL);
	assert_int_equal(json_array_size(all), 4);
	json_decref(all);
	json_decref(top);
	json_decref(p);
	json_decref(f);
	json_decref(errors);
}

static void conditional_fields(void **state)
{
	(void)state;
	json_t *cond = json_pack("{s:s,s:b}", "fact", "fine", "set", 1);
	struct zf_field_def d = {.name = "band_reason", .label = "裁量理由", .type = ZF_FT_TEXTAREA, .when = cond};
	struct zf_step_def s = {.code = "x", .name = "x", .fields = &d, .nfields = 1};
	json_t *f = zf_case_form_fields(&proc, &s, NULL, NULL, NULL, NULL);
	assert_string_equal(text(field(f, "band_reason"), "cond"), "「罚款金额（元）」已填写");
	json_decref(f);
	json_decref(cond);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inputs_by_type),
		cmocka_unit_test(party_block),
		cmocka_unit_test(errors_placed),
		cmocka_unit_test(conditional_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
