/* Unit tests of the AV requirement list: validation messages, the whole-process rule, the default derived from the shipped definitions, rule lookup and exception matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/av_list.h"
#include "core/case_rules.h"
#include "core/procedure.h"

static const struct zf_proc_vocab vocab = {zf_guard_known, zf_doc_known, zf_case_setting_known};

static int setup(void **state)
{
	struct zf_err err = {0};
	struct zf_procedures *set = NULL;

	if (zf_procedures_load(&set, &vocab, &err)) {
		print_error("zf_procedures_load: %s\n", err.msg);
		return -1;
	}
	*state = set;
	return 0;
}

static int teardown(void **state)
{
	zf_procedures_free(*state);
	return 0;
}

/* A list of the default plus ITEM_JSON appended (NULL: the default alone). */
static json_t *with_item(void **state, const char *item_json)
{
	json_t *list = zf_av_list_default(*state);
	assert_non_null(list);
	if (item_json) {
		json_t *item = json_loads(item_json, JSON_DECODE_ANY, NULL);
		assert_non_null(item);
		assert_int_equal(json_array_append_new(json_object_get(list, "items"), item), 0);
	}
	return list;
}

/* Checks LIST expecting ZF_EINVAL with a message for FIELD containing WORDS. */
static void expect_bad(void **state, json_t *list, const char *field, const char *words)
{
	struct zf_err err = {0};
	assert_int_equal(zf_av_list_check(list, *state, &err), ZF_EINVAL);
	const char *msg = zf_err_field_msg(&err, field);
	if (!msg)
		fail_msg("no message for %s (first: %s %s)", field, err.fields[0].field,
			 err.fields[0].msg);
	if (!strstr(msg, words))
		fail_msg("%s: \"%s\" lacks \"%s\"", field, msg, words);
	json_decref(list);
}

static void test_default_passes_and_matches_definitions(void **state)
{
	struct zf_err err = {0};
	json_t *list = zf_av_list_default(*state);
	size_t np = 0, expected = 0;
	const struct zf_procedure *const *all = zf_procedures_all(*state, &np);

	assert_non_null(list);
	assert_int_equal(zf_av_list_check(list, *state, &err), 0);
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < all[i]->nsteps; j++) {
			const struct zf_step_def *s = &all[i]->steps[j];
			struct zf_av_rule r;
			zf_av_list_rule(list, all[i]->code, s->code, &r);
			assert_int_equal(r.rule, s->av);
			if (s->av == ZF_AV_NONE)
				continue;
			expected++;
			assert_non_null(strstr(r.record, s->name));
			assert_true(strlen(r.category) > 0);
			assert_int_equal(json_array_size(r.exceptions),
					 s->av == ZF_AV_WHOLE ? 1 : 2);
		}
	assert_int_equal(json_array_size(json_object_get(list, "items")), expected);
	/* 16 steps ship with an AV rule: a change there shows up here. */
	assert_int_equal(expected, 16);
	json_decref(list);
}

static void test_default_categories(void **state)
{
	json_t *list = zf_av_list_default(*state);
	struct zf_av_rule r;

	zf_av_list_rule(list, "compulsory", "onsite", &r);
	assert_int_equal(r.rule, ZF_AV_WHOLE);
	assert_string_equal(r.category, "场景类");
	assert_string_equal(r.record, "实施查封、扣押全过程");
	zf_av_list_rule(list, "penalty_ordinary", "inquiry", &r);
	assert_string_equal(r.category, "约谈类");
	zf_av_list_rule(list, "penalty_ordinary", "hearing", &r);
	assert_string_equal(r.category, "约谈类");
	zf_av_list_rule(list, "penalty_ordinary", "service", &r);
	assert_string_equal(r.category, "确认类");
	zf_av_list_rule(list, "inspection", "site_inspection", &r);
	assert_string_equal(r.category, "检查类");
	zf_av_list_rule(list, "penalty_ordinary", "sampling", &r);
	assert_string_equal(r.category, "场景类");
	json_decref(list);
}

static void test_rule_lookup(void **state)
{
	json_t *list = with_item(state, NULL);
	struct zf_av_rule r;

	zf_av_list_rule(list, "penalty_ordinary", "inquiry", &r);
	assert_int_equal(r.rule, ZF_AV_AV);
	zf_av_list_rule(list, "penalty_ordinary", "filing", &r);
	assert_int_equal(r.rule, ZF_AV_NONE);
	assert_string_equal(r.category, "");
	assert_null(r.exceptions);
	zf_av_list_rule(list, "nosuch", "inquiry", &r);
	assert_int_equal(r.rule, ZF_AV_NONE);
	json_decref(list);
	/* a body may raise a step the definitions leave without a rule */
	list = with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				"\"rule\":\"av\",\"category\":\"\",\"record\":\"立案\"}");
	struct zf_err err = {0};
	assert_int_equal(zf_av_list_check(list, *state, &err), 0);
	zf_av_list_rule(list, "penalty_ordinary", "filing", &r);
	assert_int_equal(r.rule, ZF_AV_AV);
	assert_string_equal(r.record, "立案");
	assert_null(r.exceptions);
	json_decref(list);
}

static void test_exceptions_match(void **state)
{
	json_t *list = with_item(state, NULL);
	struct zf_av_rule r;

	zf_av_list_rule(list, "penalty_ordinary", "inquiry", &r);
	assert_true(zf_av_exception_allowed(&r, "设备故障"));
	assert_true(zf_av_exception_allowed(&r, "  设备故障\t"));
	assert_true(zf_av_exception_allowed(&r, "\xe3\x80\x80现场条件不允许\xe3\x80\x80"));
	assert_false(zf_av_exception_allowed(&r, "设备"));
	assert_false(zf_av_exception_allowed(&r, "设备故障了"));
	assert_false(zf_av_exception_allowed(&r, ""));
	assert_false(zf_av_exception_allowed(&r, "   "));
	assert_false(zf_av_exception_allowed(&r, NULL));
	zf_av_list_rule(list, "compulsory", "onsite", &r);
	assert_true(zf_av_exception_allowed(&r, "设备故障"));
	assert_false(zf_av_exception_allowed(&r, "现场条件不允许"));
	zf_av_list_rule(list, "penalty_ordinary", "filing", &r);
	assert_false(zf_av_exception_allowed(&r, "设备故障"));
	json_decref(list);
}

static void test_words_and_labels(void **state)
{
	(void)state;
	assert_string_equal(zf_av_rule_word(ZF_AV_NONE), "none");
	assert_string_equal(zf_av_rule_word(ZF_AV_AV), "av");
	assert_string_equal(zf_av_rule_word(ZF_AV_AV_OR_PHOTO), "av_or_photo");
	assert_string_equal(zf_av_rule_word(ZF_AV_WHOLE), "whole");
	assert_string_equal(zf_av_rule_label(ZF_AV_NONE), "无需音像记录");
	assert_string_equal(zf_av_rule_label(ZF_AV_AV), "音像记录");
	assert_string_equal(zf_av_rule_label(ZF_AV_AV_OR_PHOTO), "音像或照片记录");
	assert_string_equal(zf_av_rule_label(ZF_AV_WHOLE), "全过程音像记录");
	assert_string_equal(zf_av_rule_word(9), "");
	assert_string_equal(zf_av_rule_label(-1), "");
}

static void test_top_level(void **state)
{
	struct zf_err err = {0};
	json_t *list = json_array();

	assert_int_equal(zf_av_list_check(list, *state, &err), ZF_EINVAL);
	assert_non_null(zf_err_field_msg(&err, "list"));
	json_decref(list);
	list = with_item(state, NULL);
	json_object_set_new(list, "format", json_string("zhifa-avlist/v0"));
	expect_bad(state, list, "format", "zhifa-avlist/v1");
	list = with_item(state, NULL);
	json_object_del(list, "format");
	expect_bad(state, list, "format", "清单格式");
	list = with_item(state, NULL);
	json_object_set_new(list, "items", json_string("x"));
	expect_bad(state, list, "items", "须为列表");
	list = with_item(state, NULL);
	json_object_set_new(list, "extra", json_true());
	expect_bad(state, list, "list", "extra");
	list = with_item(state, NULL);
	json_t *items = json_object_get(list, "items");
	while (json_array_size(items) <= ZF_AV_LIST_ITEMS_MAX)
		json_array_append_new(items, json_object());
	expect_bad(state, list, "items", "最多512项");
}

static void test_item_messages(void **state)
{
	size_t n;
	json_t *base = zf_av_list_default(*state);
	n = json_array_size(json_object_get(base, "items"));
	json_decref(base);
	char f[48];

#define ITEM(field) (snprintf(f, sizeof(f), "items[%zu]%s", n, field), f)
	expect_bad(state, with_item(state, "3"), ITEM(""), "须为对象");
	expect_bad(state, with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":"
					   "\"filing\",\"rule\":\"av\",\"colour\":1}"),
		   ITEM(""), "colour");
	expect_bad(state, with_item(state, "{\"procedure\":\"nosuch\",\"step\":\"x\",\"rule\":\"av\"}"),
		   ITEM(".procedure"), "执法程序不存在");
	expect_bad(state, with_item(state, "{\"step\":\"x\",\"rule\":\"av\"}"), ITEM(".procedure"),
		   "执法程序不存在");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"nosuch\","
				    "\"rule\":\"av\"}"),
		   ITEM(".step"), "不是「");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"inquiry\","
				    "\"rule\":\"av\"}"),
		   ITEM(".step"), "已在清单中");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"always\"}"),
		   ITEM(".rule"), "音像记录要求");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\"}"),
		   ITEM(".rule"), "音像记录要求");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"category\":\"其他类\"}"),
		   ITEM(".category"), "场景类");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"record\":5}"),
		   ITEM(".record"), "记录事项须为文字");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"record\":\"a\\nb\"}"),
		   ITEM(".record"), "一行");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"exceptions\":\"设备故障\"}"),
		   ITEM(".exceptions"), "不超过8条");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"exceptions\":[\"a\",\"b\",\"c\",\"d\",\"e\","
				    "\"f\",\"g\",\"h\",\"i\"]}"),
		   ITEM(".exceptions"), "不超过8条");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"exceptions\":[\"坏\"]}"),
		   ITEM(".exceptions"), "2至50个字");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"exceptions\":[\"设备故障\",\"设备故障\"]}"),
		   ITEM(".exceptions"), "重复");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"exceptions\":[2]}"),
		   ITEM(".exceptions"), "2至50个字");
	expect_bad(state,
		   with_item(state, "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\","
				    "\"rule\":\"av\",\"note\":false}"),
		   ITEM(".note"), "备注须为文字");
#undef ITEM
	/* the record's length limit names the field */
	char big[700] = "{\"procedure\":\"penalty_ordinary\",\"step\":\"filing\",\"rule\":\"av\","
			"\"record\":\"";
	size_t len = strlen(big);
	for (int i = 0; i < 201; i++)
		big[len++] = 'x';
	memcpy(big + len, "\"}", 3);
	snprintf(f, sizeof(f), "items[%zu].record", n);
	expect_bad(state, with_item(state, big), f, "不能超过200个字");
}

static void test_whole_cannot_be_lowered(void **state)
{
	json_t *list = zf_av_list_default(*state), *item = NULL;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, item) {
		if (strcmp(json_string_value(json_object_get(item, "step")), "onsite") == 0)
			break;
	}
	char f[48];
	snprintf(f, sizeof(f), "items[%zu].rule", i);
	json_object_set_new(item, "rule", json_string("av"));
	json_incref(list);
	expect_bad(state, list, f, "不能降低要求");
	json_object_set_new(item, "rule", json_string("none"));
	json_incref(list);
	expect_bad(state, list, f, "全过程音像记录");
	/* dropping the item is lowering it too */
	json_array_remove(json_object_get(list, "items"), i);
	expect_bad(state, list, "items", "不能从清单中删去");
	/* lowering others is the body's choice */
	list = zf_av_list_default(*state);
	json_array_foreach(json_object_get(list, "items"), i, item) {
		if (strcmp(json_string_value(json_object_get(item, "step")), "inquiry") == 0)
			json_object_set_new(item, "rule", json_string("none"));
	}
	struct zf_err err = {0};
	assert_int_equal(zf_av_list_check(list, *state, &err), 0);
	json_decref(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_passes_and_matches_definitions),
		cmocka_unit_test(test_default_categories),
		cmocka_unit_test(test_rule_lookup),
		cmocka_unit_test(test_exceptions_match),
		cmocka_unit_test(test_words_and_labels),
		cmocka_unit_test(test_top_level),
		cmocka_unit_test(test_item_messages),
		cmocka_unit_test(test_whole_cannot_be_lowered),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
