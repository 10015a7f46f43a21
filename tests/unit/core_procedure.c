/* Unit tests of procedure definitions: loading, every validation error, lookups, conditions over facts and the flowchart SVG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/case_rules.h"
#include "core/procedure.h"
#include "util/buf.h"
#include "util/crypto.h"

/* A small but complete definition: a branch (filing / no_filing), an
 * optional step, an anytime step, a field condition, a wait deadline with a
 * guard on it and a due deadline from a setting. */
static const char base_json[] =
	"{\"format\":\"zhifa-procedure/v1\",\"code\":\"test_proc\",\"version\":2,"
	"\"name\":\"测试程序\",\"kind\":\"penalty\",\"basis\":\"《测试法》第一条\","
	"\"facts\":{\"fine\":\"money\",\"decision\":\"enum\",\"hearing_requested\":\"bool\","
	"\"summary\":\"text\"},"
	"\"steps\":["
	"{\"code\":\"source\",\"name\":\"案件来源登记\",\"group\":\"立案\",\"roles\":[\"officer\"],"
	" \"fields\":[{\"name\":\"found_on\",\"label\":\"发现日期\",\"type\":\"date\",\"required\":true},"
	"  {\"name\":\"summary\",\"label\":\"简要案情\",\"type\":\"textarea\",\"fact\":\"summary\"}],"
	" \"documents\":[\"case_source\"]},"
	"{\"code\":\"filing\",\"name\":\"立案审批\",\"roles\":[\"leader\",\"officer\"],\"after\":[\"source\"],"
	" \"unless\":[\"no_filing\"],\"guards\":[\"two_officers\"],\"documents\":[\"filing_approval\"],"
	" \"effect\":\"assign_case_no\",\"av\":\"av_or_photo\"},"
	"{\"code\":\"no_filing\",\"name\":\"不予立案\",\"roles\":[\"leader\"],\"after\":[\"source\"],"
	" \"unless\":[\"filing\"],\"terminal\":true,\"effect\":\"close\"},"
	"{\"code\":\"notice\",\"name\":\"事先告知\",\"roles\":[\"officer\"],\"handler\":true,"
	" \"after\":[\"filing\"],"
	" \"fields\":[{\"name\":\"served_on\",\"label\":\"送达日期\",\"type\":\"date\",\"required\":true},"
	"  {\"name\":\"fine\",\"label\":\"罚款金额（元）\",\"type\":\"money\",\"fact\":\"fine\",\"max\":4000}]},"
	"{\"code\":\"statement\",\"name\":\"陈述申辩\",\"roles\":[\"officer\"],\"after\":[\"notice\"],"
	" \"optional\":true,\"repeat\":true,"
	" \"fields\":[{\"name\":\"hearing\",\"label\":\"要求听证\",\"type\":\"bool\",\"fact\":\"hearing_requested\"},"
	"  {\"name\":\"hearing_on\",\"label\":\"听证日期\",\"type\":\"date\","
	"   \"when\":{\"fact\":\"hearing\",\"eq\":true}}]},"
	"{\"code\":\"decision\",\"name\":\"负责人决定\",\"roles\":[\"leader\"],"
	" \"after_any\":[\"notice\",\"statement\"],\"guards\":[\"period_over:statement\"],"
	" \"major_gate\":true,\"when\":{\"fact\":\"officers\",\"ge\":2},"
	" \"fields\":[{\"name\":\"decision\",\"label\":\"决定\",\"type\":\"enum\",\"fact\":\"decision\","
	"  \"options\":[[\"penalty\",\"给予处罚\"],[\"none\",\"不予处罚\"]]},"
	"  {\"name\":\"kinds\",\"label\":\"处罚种类\",\"type\":\"enums\","
	"   \"options\":[[\"warning\",\"警告\"],[\"fine\",\"罚款\"]]}],"
	" \"documents\":[\"penalty_decision\"]},"
	"{\"code\":\"recusal\",\"name\":\"回避申请\",\"roles\":[\"officer\"],\"anytime\":true,"
	" \"repeat\":true,\"effect\":\"recusal_apply\"},"
	"{\"code\":\"closing\",\"name\":\"结案\",\"roles\":[\"leader\"],\"after\":[\"decision\"],"
	" \"terminal\":true,\"effect\":\"close\",\"documents\":[\"closing_report\"]}"
	"],"
	"\"deadlines\":["
	"{\"code\":\"statement\",\"label\":\"陈述申辩期限\",\"from\":{\"step\":\"notice\",\"field\":\"served_on\"},"
	" \"unit\":\"working\",\"count\":5,\"until\":[\"statement\"],\"kind\":\"wait\",\"provisional_ok\":true},"
	"{\"code\":\"decide\",\"label\":\"作出决定期限\",\"from\":{\"step\":\"filing\"},"
	" \"unit\":\"calendar\",\"setting\":\"decision_days\",\"until\":[\"decision\",\"no_filing\"],"
	" \"pausable\":true}"
	"]}";

static int test_guard_known(const char *name)
{
	return strcmp(name, "two_officers") == 0 || strncmp(name, "period_over:", 12) == 0;
}

static int test_doc_known(const char *code)
{
	static const char *const docs[] = {"case_source", "filing_approval", "penalty_decision",
					   "closing_report"};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (strcmp(docs[i], code) == 0)
			return 1;
	return 0;
}

static int test_setting_known(const char *key)
{
	return strcmp(key, "decision_days") == 0 || strcmp(key, "statement_days") == 0;
}

static const struct zf_proc_vocab vocab = {test_guard_known, test_doc_known, test_setting_known};

/* Adds TEXT as "t.json" to a new set; returns the rc, the set in *OUT (freed by the caller). */
static int add_text(const char *text, const struct zf_proc_vocab *v, struct zf_procedures **out,
		    struct zf_err *err)
{
	int rc;

	zf_err_clear(err);
	assert_int_equal(zf_procedures_new(out, err), 0);
	rc = zf_procedures_add(*out, v, "t.json", text, strlen(text), err);
	if (rc)
		assert_int_not_equal(err->msg[0], '\0');
	return rc;
}

/* Sets the member at PATH ("steps.1.roles", "." separated keys and indexes;
 * an index equal to the array's size appends) of ROOT to the JSON VALUE, or
 * removes it when VALUE is NULL. */
static void patch(json_t *root, const char *path, const char *value)
{
	char buf[128], *save = NULL, *tok, *next;
	json_t *node = root, *v = NULL;

	assert_true(strlen(path) < sizeof(buf));
	memcpy(buf, path, strlen(path) + 1);
	if (value) {
		json_error_t jerr;
		v = json_loads(value, JSON_DECODE_ANY, &jerr);
		if (!v)
			fail_msg("bad patch value %s: %s", value, jerr.text);
	}
	tok = strtok_r(buf, ".", &save);
	while (tok) {
		next = strtok_r(NULL, ".", &save);
		if (json_is_array(node)) {
			size_t i = strtoul(tok, NULL, 10);
			if (!next) {
				if (!v)
					assert_int_equal(json_array_remove(node, i), 0);
				else if (i == json_array_size(node))
					assert_int_equal(json_array_append_new(node, v), 0);
				else
					assert_int_equal(json_array_set_new(node, i, v), 0);
				return;
			}
			node = json_array_get(node, i);
		} else {
			if (!next) {
				if (!v)
					assert_int_equal(json_object_del(node, tok), 0);
				else
					assert_int_equal(json_object_set_new(node, tok, v), 0);
				return;
			}
			node = json_object_get(node, tok);
		}
		assert_non_null(node);
		tok = next;
	}
}

/* The base definition with up to two patches applied, as text (free()). */
static char *patched(const char *p1, const char *v1, const char *p2, const char *v2)
{
	json_t *root = json_loads(base_json, 0, NULL);
	char *text;

	assert_non_null(root);
	if (p1)
		patch(root, p1, v1);
	if (p2)
		patch(root, p2, v2);
	text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	assert_non_null(text);
	return text;
}

static void base_loads(void **state)
{
	const struct zf_procedure *p;
	const struct zf_step_def *s;
	const struct zf_deadline_def *d;
	struct zf_procedures *set;
	struct zf_err err;
	char hex[65];

	(void)state;
	assert_int_equal(add_text(base_json, &vocab, &set, &err), 0);
	p = zf_procedure_find(set, "test_proc");
	assert_non_null(p);
	assert_string_equal(p->name, "测试程序");
	assert_int_equal(p->version, 2);
	assert_string_equal(p->kind, "penalty");
	assert_string_equal(p->basis, "《测试法》第一条");
	assert_int_equal(p->nfacts, 4);
	assert_int_equal(p->nsteps, 8);
	assert_string_equal(p->steps[0].code, "source");
	assert_string_equal(p->steps[0].group, "立案");
	assert_null(p->steps[1].group);
	/* the digest is of the file's bytes */
	assert_int_equal(zf_sha256_hex(base_json, hex), 0);
	assert_string_equal(p->sha256, hex);

	s = zf_procedure_step(p, "filing");
	assert_non_null(s);
	assert_int_equal(s->roles, (1u << 3) | (1u << 1)); /* leader, officer */
	assert_int_equal(s->nafter, 1);
	assert_string_equal(s->after[0], "source");
	assert_int_equal(s->nunless, 1);
	assert_string_equal(s->effect, "assign_case_no");
	assert_int_equal(s->av, ZF_AV_AV_OR_PHOTO);
	assert_int_equal(s->nguards, 1);
	assert_string_equal(s->documents[0], "filing_approval");
	assert_int_equal(s->nfields, 0);
	assert_false(s->terminal);

	s = zf_procedure_step(p, "source");
	assert_int_equal(s->av, ZF_AV_NONE);
	assert_string_equal(s->effect, "");
	assert_int_equal(s->fields[0].type, ZF_FT_DATE);
	assert_true(s->fields[0].required);
	assert_int_equal(s->fields[1].type, ZF_FT_TEXTAREA);
	assert_int_equal(s->fields[1].max, 4000);
	assert_null(s->fields[1].help);
	assert_string_equal(s->fields[1].fact, "summary");

	s = zf_procedure_step(p, "notice");
	assert_true(s->handler);
	assert_int_equal(s->fields[1].type, ZF_FT_MONEY);
	assert_int_equal(s->fields[1].max, 4000);

	s = zf_procedure_step(p, "statement");
	assert_true(s->optional);
	assert_true(s->repeat);
	assert_non_null(s->fields[1].when);
	assert_null(s->fields[0].when);

	s = zf_procedure_step(p, "decision");
	assert_true(s->major_gate);
	assert_non_null(s->when);
	assert_int_equal(s->nafter_any, 2);
	assert_int_equal(s->fields[0].noptions, 2);
	assert_string_equal(s->fields[0].options[1].value, "none");
	assert_string_equal(s->fields[0].options[1].label, "不予处罚");
	assert_int_equal(s->fields[1].max, 2); /* enums: as many as options */

	assert_true(zf_procedure_step(p, "recusal")->anytime);
	assert_true(zf_procedure_step(p, "closing")->terminal);

	d = zf_procedure_deadline(p, "statement");
	assert_non_null(d);
	assert_string_equal(d->from_step, "notice");
	assert_string_equal(d->from_field, "served_on");
	assert_int_equal(d->unit, ZF_DU_WORKING);
	assert_int_equal(d->count, 5);
	assert_null(d->setting);
	assert_int_equal(d->kind, ZF_DK_WAIT);
	assert_false(d->pausable);
	d = zf_procedure_deadline(p, "decide");
	assert_null(d->from_field);
	assert_string_equal(d->setting, "decision_days");
	assert_int_equal(d->unit, ZF_DU_CALENDAR);
	assert_int_equal(d->kind, ZF_DK_DUE);
	assert_true(d->pausable);
	assert_int_equal(d->nuntil, 2);

	/* the definition as loaded, for the API */
	assert_string_equal(json_string_value(json_object_get(zf_procedure_json(p), "code")),
			    "test_proc");
	zf_procedures_free(set);
}

static void lookups(void **state)
{
	static const char *const codes[] = {"zeta", "inspection", "penalty_ordinary", "alpha",
					    "compulsory", "penalty_summary"};
	static const char *const order[] = {"penalty_ordinary", "penalty_summary", "compulsory",
					    "inspection", "alpha", "zeta"};
	const struct zf_procedure *const *all;
	struct zf_procedures *set;
	struct zf_err err;
	size_t n;

	(void)state;
	assert_int_equal(zf_procedures_new(&set, &err), 0);
	all = zf_procedures_all(set, &n);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char value[48];
		char *text;
		snprintf(value, sizeof(value), "\"%s\"", codes[i]);
		text = patched("code", value, NULL, NULL);
		assert_int_equal(zf_procedures_add(set, &vocab, codes[i], text, strlen(text), &err), 0);
		free(text);
	}
	all = zf_procedures_all(set, &n);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(all[i]->code, order[i]);
	assert_ptr_equal(zf_procedure_find(set, "compulsory"), all[2]);
	assert_null(zf_procedure_find(set, "nope"));
	assert_null(zf_procedure_find(set, NULL));
	assert_null(zf_procedure_step(all[0], "nope"));
	assert_null(zf_procedure_step(NULL, "source"));
	assert_null(zf_procedure_deadline(all[0], "nope"));
	assert_null(zf_procedure_json(NULL));

	/* the same code twice */
	assert_int_equal(zf_procedures_add(set, &vocab, "again.json", base_json, strlen(base_json),
					   &err), 0);
	zf_err_clear(&err);
	assert_int_equal(zf_procedures_add(set, &vocab, "again2.json", base_json,
					   strlen(base_json), &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "已经载入过"));
	zf_procedures_all(set, &n);
	assert_int_equal(n, 7);
	zf_procedures_free(set);
	zf_procedures_free(NULL);
}

/* The embedded folder: whatever definitions ship must load with a vocabulary that checks nothing. */
static void embedded_load(void **state)
{
	struct zf_procedures *set = NULL;
	struct zf_err err;
	size_t n;

	(void)state;
	zf_err_clear(&err);
	if (zf_procedures_load(&set, NULL, &err))
		fail_msg("%s", err.msg);
	assert_non_null(set);
	const struct zf_procedure *const *all = zf_procedures_all(set, &n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(all[i]->sha256), 64);
		assert_ptr_equal(zf_procedure_find(set, all[i]->code), all[i]);
	}
	zf_procedures_free(set);
}

struct bad_case {
	const char *p1, *v1, *p2, *v2;
	const char *msg; /* the whole message, or a part of it after "..." */
};

static const struct bad_case bad_cases[] = {
	{"format", "\"zhifa-procedure/v2\"", NULL, NULL,
	 "定义 t.json：格式应为 zhifa-procedure/v1，不是 zhifa-procedure/v2"},
	{"format", NULL, NULL, NULL, "定义 t.json：缺少 format"},
	{"kind", "\"licence\"", NULL, NULL, "...kind 应为 penalty、compulsory 或 inspection"},
	{"version", "0", NULL, NULL, "...version 应为 1 至"},
	{"code", "\"Bad-Code\"", NULL, NULL, "...代码 Bad-Code 应为"},
	{"name", "\"\"", NULL, NULL, "定义 t.json：name 不能为空"},
	{"extra", "1", NULL, NULL, "定义 t.json：未知的键 extra"},
	{"steps", "[]", NULL, NULL, "...steps 应为 1 至 256"},
	{"steps.2.code", "\"filing\"", NULL, NULL, "定义 t.json 步骤 filing：步骤代码 filing 重复"},
	{"steps.2", "3", NULL, NULL, "定义 t.json：steps 的每一项应为对象"},
	{"steps.2.code", "\"No\"", NULL, NULL, "...步骤代码 No 应为 1 至 32 个小写字母、数字或下划线"},
	{"steps.0.fields.1.name", "\"a b\"", NULL, NULL, "定义 t.json 步骤 source：字段名 a b 应为..."},
	{"deadlines.0", "[]", NULL, NULL, "定义 t.json：deadlines 的每一项应为对象"},
	{"steps.1.roles", "[\"boss\"]", NULL, NULL, "定义 t.json 步骤 filing：未知的角色 boss"},
	{"steps.1.roles", "[]", NULL, NULL, "定义 t.json 步骤 filing：roles 至少列出一个角色"},
	{"steps.1.repeat", "\"yes\"", NULL, NULL, "定义 t.json 步骤 filing：repeat 应为 true 或 false"},
	{"steps.1.colour", "\"red\"", NULL, NULL, "定义 t.json 步骤 filing：未知的键 colour"},
	{"steps.0.fields.0.type", "\"datum\"", NULL, NULL,
	 "定义 t.json 步骤 source 字段 found_on：未知的字段类型 datum"},
	{"steps.5.fields.0.options", NULL, NULL, NULL,
	 "定义 t.json 步骤 decision 字段 decision：enum/enums 字段需要 options..."},
	{"steps.5.fields.1.options", "[]", NULL, NULL, "...字段 kinds：enum/enums 字段需要 options"},
	{"steps.5.fields.0.options.1", "[\"penalty\",\"重复\"]", NULL, NULL,
	 "...字段 decision：options 的值 penalty 重复"},
	{"steps.5.fields.0.options.1", "[\"Bad\",\"x\"]", NULL, NULL, "...options 的第 2 项应为"},
	{"steps.0.fields.0.options", "[[\"a\",\"b\"]]", NULL, NULL,
	 "...字段 found_on：只有 enum 或 enums 字段可以有 options"},
	{"steps.0.fields.1.name", "\"found_on\"", NULL, NULL, "...步骤 source：字段 found_on 重复"},
	{"steps.0.fields.1.fact", "\"nope\"", NULL, NULL,
	 "定义 t.json 步骤 source 字段 summary：fact 引用了未声明的事实 nope"},
	{"steps.3.fields.1.fact", "\"hearing_requested\"", NULL, NULL,
	 "...字段 fine：字段类型 money 与事实 hearing_requested 的类型 bool 不符"},
	{"steps.1.effect", "\"explode\"", NULL, NULL, "定义 t.json 步骤 filing：未知的效果 explode"},
	{"steps.1.av", "\"always\"", NULL, NULL, "...步骤 filing：未知的音像记录要求 always"},
	{"steps.1.guards", "[\"magic\"]", NULL, NULL, "定义 t.json 步骤 filing：未知的检查规则 magic"},
	{"steps.5.guards", "[\"period_over:nope\"]", NULL, NULL,
	 "定义 t.json 步骤 decision：检查规则 period_over:nope 引用了不存在的期限 nope"},
	{"steps.1.documents", "[\"poster\"]", NULL, NULL,
	 "定义 t.json 步骤 filing：未知的文书类型 poster"},
	{"steps.1.documents", "[\"filing_approval\",\"filing_approval\"]", NULL, NULL,
	 "...documents 重复列出 filing_approval"},
	{"steps.3.after", "[\"nope\"]", NULL, NULL,
	 "定义 t.json 步骤 notice：after 引用了不存在的步骤 nope"},
	{"steps.5.after_any", "[\"notice\",\"nope\"]", NULL, NULL,
	 "定义 t.json 步骤 decision：after_any 引用了不存在的步骤 nope"},
	{"steps.1.unless", "[\"nope\"]", NULL, NULL,
	 "定义 t.json 步骤 filing：unless 引用了不存在的步骤 nope"},
	{"deadlines.0.until", "[\"nope\"]", NULL, NULL,
	 "定义 t.json 期限 statement：until 引用了不存在的步骤 nope"},
	{"deadlines.0.from.step", "\"nope\"", NULL, NULL,
	 "定义 t.json 期限 statement：from 引用了不存在的步骤 nope"},
	{"deadlines.0.from.field", "\"fine\"", NULL, NULL,
	 "定义 t.json 期限 statement：from 的字段 fine 不是日期或日期时间字段"},
	{"deadlines.0.from.field", "\"nope\"", NULL, NULL,
	 "...期限 statement：from 的字段 nope 不是步骤 notice 的字段"},
	{"deadlines.0.count", NULL, NULL, NULL, "定义 t.json 期限 statement：应给出 count 或 setting 之一"},
	{"deadlines.0.setting", "\"statement_days\"", NULL, NULL, "...应给出 count 或 setting 之一"},
	{"deadlines.1.setting", "\"nope_days\"", NULL, NULL, "定义 t.json 期限 decide：未知的设置项 nope_days"},
	{"deadlines.0.unit", "\"weeks\"", NULL, NULL, "...unit 应为 working、calendar 或 months"},
	{"deadlines.0.kind", "\"soon\"", NULL, NULL, "...kind 应为 due 或 wait"},
	{"deadlines.1.until", "[]", NULL, NULL, "...期限 decide：due 期限需要 until"},
	{"deadlines.1.code", "\"statement\"", NULL, NULL, "...期限代码 statement 重复"},
	{"steps.5.when", "{\"fact\":\"nope\",\"eq\":1}", NULL, NULL,
	 "定义 t.json 步骤 decision：条件引用了未声明的事实 nope"},
	{"steps.5.when", "{\"fact\":\"fine\",\"eq\":1,\"ne\":2}", NULL, NULL, "...条件应为"},
	{"steps.5.when", "{\"fact\":\"fine\",\"like\":1}", NULL, NULL, "...条件的运算应为"},
	{"steps.5.when", "{\"all\":[]}", NULL, NULL, "...条件 all/any 应为非空数组"},
	{"steps.5.when", "{\"any\":[{\"fact\":\"fine\",\"set\":1}]}", NULL, NULL,
	 "...条件 set 的值应为 true 或 false"},
	{"steps.5.when", "{\"not\":{\"fact\":\"decision\",\"gt\":1}}", NULL, NULL,
	 "...条件 gt 只能用于金额或整数事实"},
	{"steps.5.when", "{\"fact\":\"fine\",\"le\":\"200\"}", NULL, NULL, "...条件 le 的值应为数字"},
	{"steps.5.when", "{\"fact\":\"hearing_requested\",\"eq\":\"yes\"}", NULL, NULL,
	 "...条件 eq 的值与事实 hearing_requested 的类型不符"},
	{"steps.5.when", "{\"fact\":\"decision\",\"in\":[]}", NULL, NULL, "...条件 in 的值应为非空数组"},
	{"steps.5.when", "[1]", NULL, NULL, "...条件应为对象"},
	/* a field's own step fields are visible to its condition, not to the step's */
	{"steps.4.when", "{\"fact\":\"hearing\",\"eq\":true}", NULL, NULL,
	 "定义 t.json 步骤 statement：条件引用了未声明的事实 hearing"},
	{"steps.4.fields.1.when", "{\"fact\":\"served_on\",\"set\":true}", NULL, NULL,
	 "定义 t.json 步骤 statement 字段 hearing_on：条件引用了未声明的事实 served_on"},
	{"facts.major", "\"bool\"", NULL, NULL, "...事实 major 由系统设置"},
	{"facts.sig", "\"signature\"", NULL, NULL, "...事实 sig 的类型未知或不能作为事实"},
	/* reachability */
	{"steps.7.after", "[\"recusal_x\"]", "steps.8",
	 "{\"code\":\"recusal_x\",\"name\":\"孤立\",\"roles\":[\"officer\"]}",
	 "定义 t.json 步骤 closing：从首个步骤 source 无法到达（检查 after/after_any）"},
	{"steps.8", "{\"code\":\"lone\",\"name\":\"孤立\",\"roles\":[\"officer\"]}", NULL, NULL,
	 "定义 t.json 步骤 lone：从首个步骤 source 无法到达..."},
	{"steps.8", "{\"code\":\"loop_a\",\"name\":\"环\",\"roles\":[\"officer\"],\"after\":[\"loop_b\"]}",
	 "steps.9", "{\"code\":\"loop_b\",\"name\":\"环\",\"roles\":[\"officer\"],\"after\":[\"loop_a\"]}",
	 "定义 t.json 步骤 loop_a：从首个步骤 source 无法到达..."},
	{"steps.0.after", "[\"filing\"]", NULL, NULL,
	 "定义 t.json 步骤 source：首个步骤开立案件，不能有前置步骤（after/after_any）"},
	{"steps.0.anytime", "true", NULL, NULL, "...首个步骤开立案件，不能是 anytime"},
	{"steps.7.terminal", "false", "steps.2.terminal", "false", "定义 t.json：至少需要一个 terminal 步骤..."},
};

static void check_msg(const char *got, const char *want, size_t i)
{
	size_t n = strlen(want);

	if (strncmp(want, "...", 3) == 0) {
		char part[256];
		size_t m = n - 3;
		if (m >= 3 && strcmp(want + n - 3, "...") == 0)
			m -= 3;
		memcpy(part, want + 3, m);
		part[m] = '\0';
		if (!strstr(got, part))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, got, part);
	} else if (n >= 3 && strcmp(want + n - 3, "...") == 0) {
		if (strncmp(got, want, n - 3) != 0)
			fail_msg("case %zu: \"%s\" does not start with \"%.*s\"", i, got,
				 (int)(n - 3), want);
	} else if (strcmp(got, want) != 0) {
		fail_msg("case %zu: \"%s\" is not \"%s\"", i, got, want);
	}
}

static void validation_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		char *text = patched(b->p1, b->v1, b->p2, b->v2);
		struct zf_procedures *set;
		struct zf_err err;
		size_t n;

		if (add_text(text, &vocab, &set, &err) != ZF_EINVAL)
			fail_msg("case %zu (%s) accepted", i, b->p1);
		check_msg(err.msg, b->msg, i);
		zf_procedures_all(set, &n);
		assert_int_equal(n, 0); /* nothing added */
		zf_procedures_free(set);
		free(text);
	}
}

static void syntax_and_duplicates(void **state)
{
	struct zf_procedures *set;
	struct zf_err err;

	(void)state;
	assert_int_equal(add_text("{\"format\":", &vocab, &set, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "定义 t.json：JSON 无法解析（第 1 行"));
	zf_procedures_free(set);
	/* a key twice in one object */
	assert_int_equal(add_text("{\"format\":\"zhifa-procedure/v1\",\"format\":\"x\"}", &vocab,
				  &set, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "JSON 无法解析"));
	zf_procedures_free(set);
	assert_int_equal(add_text("[]", &vocab, &set, &err), ZF_EINVAL);
	assert_string_equal(err.msg, "定义 t.json：定义应为 JSON 对象");
	zf_procedures_free(set);
}

/* Words other modules own go unchecked when the vocabulary (or one callback) is NULL; references inside the file never do. */
static void vocab_optional(void **state)
{
	const struct zf_proc_vocab partial = {NULL, test_doc_known, NULL};
	struct zf_procedures *set;
	struct zf_err err;
	char *text = patched("steps.1.guards", "[\"magic\"]", "deadlines.1.setting", "\"nope_days\"");

	(void)state;
	assert_int_equal(add_text(text, NULL, &set, &err), 0);
	zf_procedures_free(set);
	assert_int_equal(add_text(text, &partial, &set, &err), 0);
	zf_procedures_free(set);
	assert_int_equal(add_text(text, &vocab, &set, &err), ZF_EINVAL);
	zf_procedures_free(set);
	free(text);
	text = patched("steps.1.documents", "[\"poster\"]", NULL, NULL);
	assert_int_equal(add_text(text, &partial, &set, &err), ZF_EINVAL);
	assert_string_equal(err.msg, "定义 t.json 步骤 filing：未知的文书类型 poster");
	zf_procedures_free(set);
	free(text);
	text = patched("steps.5.guards", "[\"period_over:nope\"]", NULL, NULL);
	assert_int_equal(add_text(text, NULL, &set, &err), ZF_EINVAL);
	zf_procedures_free(set);
	free(text);
}

/* Definitions that look odd but are valid. */
static void valid_variants(void **state)
{
	static const struct bad_case ok[] = {
		{"_comment", "\"说明\"", "steps.1._note", "\"备注\"", NULL},
		{"steps.5.when", "{\"fact\":\"officers\",\"ge\":2,\"_why\":\"两名执法人员\"}", NULL, NULL,
		 NULL},
		{"steps.5.when", "{\"all\":[{\"fact\":\"party_kind\",\"in\":[\"person\",\"org\"]},"
		 "{\"not\":{\"fact\":\"statement_waived\",\"eq\":true}},"
		 "{\"any\":[{\"fact\":\"fine\",\"le\":20000},{\"fact\":\"major\",\"set\":false}]}]}",
		 NULL, NULL, NULL},
		{"deadlines.0.kind", NULL, NULL, NULL, NULL}, /* due by default */
		{"deadlines.1.until", "[]", "deadlines.1.kind", "\"wait\"", NULL},
		{"steps.8", "{\"code\":\"pause\",\"name\":\"中止\",\"roles\":[\"leader\"],\"anytime\":true,"
		 "\"effect\":\"pause_start\",\"unless\":[\"closing\"]}", NULL, NULL, NULL},
		{"deadlines.0.from.field", NULL, NULL, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char *text = patched(ok[i].p1, ok[i].v1, ok[i].p2, ok[i].v2);
		struct zf_procedures *set;
		struct zf_err err;

		if (add_text(text, &vocab, &set, &err))
			fail_msg("variant %zu refused: %s", i, err.msg);
		zf_procedures_free(set);
		free(text);
	}
}

/* ---- conditions ---- */

struct cond_case {
	const char *cond;
	int want;
};

static void cond_truth_table(void **state)
{
	static const struct cond_case cases[] = {
		{"{\"fact\":\"fine\",\"eq\":5000}", 1},
		{"{\"fact\":\"fine\",\"eq\":5001}", 0},
		{"{\"fact\":\"fine\",\"eq\":5000.0}", 1},
		{"{\"fact\":\"fine\",\"eq\":\"5000\"}", 0},
		{"{\"fact\":\"fine\",\"ne\":5000}", 0},
		{"{\"fact\":\"fine\",\"ne\":1}", 1},
		{"{\"fact\":\"fine\",\"gt\":4999}", 1},
		{"{\"fact\":\"fine\",\"gt\":5000}", 0},
		{"{\"fact\":\"fine\",\"ge\":5000}", 1},
		{"{\"fact\":\"fine\",\"ge\":5001}", 0},
		{"{\"fact\":\"fine\",\"lt\":5001}", 1},
		{"{\"fact\":\"fine\",\"lt\":5000}", 0},
		{"{\"fact\":\"fine\",\"le\":5000}", 1},
		{"{\"fact\":\"fine\",\"le\":4999}", 0},
		{"{\"fact\":\"fine\",\"le\":5000.5}", 1},
		{"{\"fact\":\"rate\",\"gt\":1}", 1},
		{"{\"fact\":\"rate\",\"lt\":1.5}", 0},
		{"{\"fact\":\"kind\",\"gt\":1}", 0},        /* no number */
		{"{\"fact\":\"kind\",\"eq\":\"fine\"}", 1},
		{"{\"fact\":\"kind\",\"in\":[\"warning\",\"fine\"]}", 1},
		{"{\"fact\":\"kind\",\"in\":[\"warning\"]}", 0},
		{"{\"fact\":\"flag\",\"eq\":true}", 1},
		{"{\"fact\":\"flag\",\"eq\":false}", 0},
		{"{\"fact\":\"off\",\"eq\":false}", 1},
		{"{\"fact\":\"list\",\"eq\":\"b\"}", 1},   /* enums hold the word */
		{"{\"fact\":\"list\",\"eq\":\"c\"}", 0},
		{"{\"fact\":\"list\",\"ne\":\"c\"}", 1},
		{"{\"fact\":\"list\",\"in\":[\"c\",\"a\"]}", 1},
		/* a missing fact compares false, also with ne */
		{"{\"fact\":\"missing\",\"eq\":1}", 0},
		{"{\"fact\":\"missing\",\"ne\":1}", 0},
		{"{\"fact\":\"missing\",\"lt\":1}", 0},
		{"{\"fact\":\"missing\",\"in\":[1]}", 0},
		{"{\"fact\":\"nul\",\"eq\":null}", 0},
		{"{\"not\":{\"fact\":\"missing\",\"eq\":1}}", 1},
		{"{\"fact\":\"missing\",\"set\":true}", 0},
		{"{\"fact\":\"missing\",\"set\":false}", 1},
		{"{\"fact\":\"nul\",\"set\":true}", 0},
		{"{\"fact\":\"empty\",\"set\":true}", 0},
		{"{\"fact\":\"none\",\"set\":true}", 0},
		{"{\"fact\":\"fine\",\"set\":true}", 1},
		{"{\"fact\":\"off\",\"set\":true}", 1},    /* false is a value */
		{"{\"fact\":\"fine\",\"set\":false}", 0},
		{"{\"all\":[{\"fact\":\"flag\",\"eq\":true},{\"fact\":\"fine\",\"gt\":100}]}", 1},
		{"{\"all\":[{\"fact\":\"flag\",\"eq\":true},{\"fact\":\"fine\",\"gt\":10000}]}", 0},
		{"{\"any\":[{\"fact\":\"flag\",\"eq\":false},{\"fact\":\"fine\",\"gt\":10000}]}", 0},
		{"{\"any\":[{\"fact\":\"flag\",\"eq\":false},{\"fact\":\"fine\",\"gt\":100}]}", 1},
		{"{\"not\":{\"all\":[{\"fact\":\"flag\",\"eq\":true}]}}", 0},
		{"{\"not\":{\"any\":[{\"fact\":\"missing\",\"set\":true}]}}", 1},
		{"{\"all\":\"x\"}", 0},
		{"{\"fact\":\"fine\"}", 0},                 /* no operation */
		{"{}", 0},
		{"[]", 0},
		{"true", 0},
	};
	json_t *facts = json_loads("{\"fine\":5000,\"rate\":1.5,\"kind\":\"fine\",\"flag\":true,"
				   "\"off\":false,\"list\":[\"a\",\"b\"],\"empty\":\"\",\"nul\":null,"
				   "\"none\":[]}", 0, NULL);

	(void)state;
	assert_non_null(facts);
	assert_int_equal(zf_cond_eval(NULL, facts), 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *c = json_loads(cases[i].cond, JSON_DECODE_ANY, NULL);
		assert_non_null(c);
		if (zf_cond_eval(c, facts) != cases[i].want)
			fail_msg("%s should be %d", cases[i].cond, cases[i].want);
		json_decref(c);
	}
	/* no facts at all */
	json_t *c = json_loads("{\"fact\":\"fine\",\"set\":false}", 0, NULL);
	assert_int_equal(zf_cond_eval(c, NULL), 1);
	json_decref(c);
	json_decref(facts);
}

/* The loaded conditions evaluate as written. */
static void cond_from_definition(void **state)
{
	struct zf_procedures *set;
	struct zf_err err;
	const struct zf_procedure *p;
	json_t *facts = json_pack("{s:i}", "officers", 1);

	(void)state;
	assert_int_equal(add_text(base_json, &vocab, &set, &err), 0);
	p = zf_procedure_find(set, "test_proc");
	assert_false(zf_cond_eval(zf_procedure_step(p, "decision")->when, facts));
	json_object_set_new(facts, "officers", json_integer(2));
	assert_true(zf_cond_eval(zf_procedure_step(p, "decision")->when, facts));
	assert_true(zf_cond_eval(zf_procedure_step(p, "filing")->when, facts)); /* none */
	json_object_set_new(facts, "hearing", json_true());
	assert_true(zf_cond_eval(zf_procedure_step(p, "statement")->fields[1].when, facts));
	json_decref(facts);
	zf_procedures_free(set);
}

/* ---- the flowchart ---- */

/* Renders procedure CODE of SET into a new string (free()). */
static char *render(const struct zf_procedures *set, const char *code)
{
	struct zf_buf b;
	struct zf_err err;

	zf_buf_init(&b, 0);
	if (zf_procedure_svg(zf_procedure_find(set, code), &b, &err))
		fail_msg("svg: %s", err.msg);
	return zf_buf_take(&b);
}

/* Every element of SVG is closed in order, every "&" starts an entity, and
 * no text holds a raw "<". Returns the number of elements. */
static int check_balanced(const char *svg)
{
	const char *stack[64];
	int depth = 0, elements = 0;
	const char *s = svg;

	assert_true(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
	s = strchr(s, '\n') + 1;
	while (*s) {
		const char *end;
		if (*s == '&') {
			if (strncmp(s, "&amp;", 5) && strncmp(s, "&lt;", 4) && strncmp(s, "&gt;", 4) &&
			    strncmp(s, "&quot;", 6) && strncmp(s, "&#39;", 5))
				fail_msg("raw & at %.20s", s);
			s++;
			continue;
		}
		if (*s != '<') {
			assert_true(*s != '>');
			s++;
			continue;
		}
		end = strchr(s, '>');
		assert_non_null(end);
		for (const char *q = s + 1; q < end; q++)
			assert_true(*q != '<');
		if (s[1] == '/') {
			size_t n = strcspn(s + 2, ">");
			assert_true(depth > 0);
			depth--;
			if (strncmp(stack[depth], s + 2, n) != 0 || !strchr(" >/", stack[depth][n]))
				fail_msg("</%.*s> closes <%.10s", (int)n, s + 2, stack[depth]);
		} else if (end[-1] != '/') {
			assert_true(depth < 64);
			stack[depth++] = s + 1;
			elements++;
		} else {
			elements++;
		}
		s = end + 1;
	}
	assert_int_equal(depth, 0);
	return elements;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

/* Nothing in SVG needs a style sheet, which zhifa's Content-Security-Policy
 * (style-src 'self') would block: no <style> element, no style attribute. */
static void assert_no_styles(const char *svg)
{
	assert_null(strstr(svg, "<style"));
	assert_null(strstr(svg, "style="));
	assert_null(strstr(svg, "class="));
}

static void svg_chart(void **state)
{
	struct zf_procedures *set;
	struct zf_err err;
	char *svg, *again;

	(void)state;
	assert_int_equal(add_text(base_json, &vocab, &set, &err), 0);
	svg = render(set, "test_proc");
	assert_true(check_balanced(svg) > 20);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(svg, "font-family=\"PingFang SC, Microsoft YaHei, Noto Sans CJK SC, "
				    "sans-serif\""));
	assert_null(strstr(svg, "href")); /* nothing external */
	assert_null(strstr(svg, "<script"));
	assert_no_styles(svg);
	/* title and basis */
	assert_non_null(strstr(svg, "<title id=\"title\">测试程序流程图</title>"));
	assert_non_null(strstr(svg, ">测试程序</text>"));
	assert_non_null(strstr(svg, ">《测试法》第一条</text>"));
	/* one box per step drawn in the flow; the anytime step in the side box */
	assert_int_equal(count(svg, "<g id=\"step-"), 7);
	assert_int_equal(count(svg, "<rect x="), 7 + 1 + 1 + 3); /* steps, group, side box, legend */
	assert_non_null(strstr(svg, ">立案</text>"));
	assert_non_null(strstr(svg, ">随时可办理</text>"));
	assert_non_null(strstr(svg, ">· 回避申请</text>"));
	assert_null(strstr(svg, "<g id=\"step-recusal\""));
	/* arrows: one per after/after_any edge, the after_any ones dashed, each
	 * with its arrowhead as a presentation attribute */
	assert_int_equal(count(svg, "=\"url(#arrow)\""), 7 + 2); /* edges + the legend's two */
	assert_int_equal(count(svg, "stroke-dasharray=\"6 4\""), 2 + 1);
	assert_non_null(strstr(svg, "<marker id=\"arrow\""));
	assert_non_null(strstr(svg, "<g fill=\"none\" stroke=\"#7b8794\" stroke-width=\"1.4\">"));
	/* boxes filled and stroked by attributes: optional steps dashed,
	 * terminal ones emphasised, alternatives marked */
	const char *st = strstr(svg, "<g id=\"step-statement\">");
	assert_non_null(st);
	assert_true(strstr(st, "stroke-dasharray=\"5 4\"") < strstr(st, "</g>"));
	assert_true(strstr(st, "fill=\"#f7f9fc\" stroke=\"#4a6fa5\"") < strstr(st, "</g>"));
	assert_non_null(strstr(strstr(svg, "<g id=\"step-source\">"),
			       "fill=\"#e3edf9\" stroke=\"#2d4f7c\" stroke-width=\"2\""));
	assert_non_null(strstr(strstr(svg, "<g id=\"step-closing\">"),
			       "fill=\"#fdf1e6\" stroke=\"#b54708\" stroke-width=\"3\""));
	assert_non_null(strstr(strstr(svg, "<g id=\"step-no_filing\">"), "stroke=\"#b54708\""));
	assert_int_equal(count(svg, ">或</text>"), 1); /* 立案 或 不予立案 */
	/* time limits beside the steps they bind; one a body sets in Chinese
	 * with its default, never the settings key */
	assert_non_null(strstr(strstr(svg, "<g id=\"step-statement\">"),
			       ">陈述申辩期限：5个工作日</text>"));
	st = strstr(svg, "<g id=\"step-decision\">");
	assert_non_null(st);
	assert_non_null(strstr(st, ">作出决定期限：本机关规定（默</text>"));
	assert_non_null(strstr(st, ">认90日）</text>"));
	assert_non_null(strstr(st, "办案参数“作出处罚决定期限（日）”），默认90日</title>"));
	assert_null(strstr(svg, "decision_days"));
	assert_null(strstr(svg, "按设置"));
	assert_non_null(strstr(svg, ">重大案件须先经法制审核</text>"));
	/* the same definition draws the same bytes */
	again = render(set, "test_proc");
	assert_string_equal(svg, again);
	free(again);
	free(svg);
	zf_procedures_free(set);
}

/* The Chinese names of settings keys the flowchart writes instead of the keys. */
static void setting_labels(void **state)
{
	json_t *d = zf_case_settings_defaults();
	const char *key;
	json_t *v;

	(void)state;
	assert_string_equal(zf_case_setting_label("review_days"), "案件审核期限（工作日）");
	assert_string_equal(zf_case_setting_label("statement_days"), "陈述申辩期限（工作日）");
	assert_string_equal(zf_case_setting_label("nope"), "");
	assert_string_equal(zf_case_setting_label(NULL), "");
	/* every key has one, in Chinese */
	json_object_foreach(d, key, v) {
		const char *label = zf_case_setting_label(key);
		assert_true(strlen(label) > 0);
		assert_true((unsigned char)label[0] >= 0x80);
	}
	json_decref(d);
}

/* The shipped procedures draw without style sheets, with no settings key
 * raw, the same bytes twice; the ordinary procedure's steps that hang off
 * 立案 are listed, not drawn with arrows across the chart. */
static void svg_shipped(void **state)
{
	struct zf_procedures *set = NULL;
	struct zf_err err;
	json_t *d = zf_case_settings_defaults();
	size_t n;

	(void)state;
	zf_err_clear(&err);
	if (zf_procedures_load(&set, NULL, &err))
		fail_msg("%s", err.msg);
	const struct zf_procedure *const *all = zf_procedures_all(set, &n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		char *svg = render(set, all[i]->code), *again = render(set, all[i]->code);
		const char *key;
		json_t *v;

		assert_true(check_balanced(svg) > 20);
		assert_no_styles(svg);
		assert_string_equal(svg, again);
		json_object_foreach(d, key, v) {
			/* only as a step's id (案件审核 is step case_review too) */
			char id[64];
			snprintf(id, sizeof(id), "\"step-%s\"", key);
			if (count(svg, key) != count(svg, id))
				fail_msg("%s: settings key %s written raw", all[i]->code, key);
		}
		free(again);
		free(svg);
	}
	char *svg = render(set, "penalty_ordinary");
	assert_non_null(strstr(strstr(svg, "<g id=\"step-case_review\">"),
			       "案件审核期限：本机关规定（默"));
	assert_non_null(strstr(svg, ">· 延长办案期限（立案审批后）</text>"));
	assert_non_null(strstr(svg, ">· 终止调查（立案审批后；之后结案）</text>"));
	assert_null(strstr(svg, "<g id=\"step-decision_extension\""));
	/* 负责人决定 给予处罚 或 不予处罚 share a row */
	const char *a = strstr(svg, "<g id=\"step-decision\"><title>"),
		   *b = strstr(svg, "<g id=\"step-decision_other\"><title>");
	assert_non_null(a);
	assert_non_null(b);
	a = strstr(a, " y=\"");
	b = strstr(b, " y=\"");
	assert_int_equal(strncmp(a, b, strcspn(a + 4, "\"") + 5), 0);
	free(svg);
	json_decref(d);
	zf_procedures_free(set);
}

/* The base definition patched at P1 (and P2), drawn and checked for balance (free()). */
static char *render_patched(const char *p1, const char *v1, const char *p2, const char *v2)
{
	char *text = patched(p1, v1, p2, v2), *svg;
	struct zf_procedures *set;
	struct zf_err err;

	assert_int_equal(add_text(text, &vocab, &set, &err), 0);
	svg = render(set, "test_proc");
	check_balanced(svg);
	zf_procedures_free(set);
	free(text);
	return svg;
}

static void svg_escapes(void **state)
{
	struct zf_err err;
	char *svg = render_patched("name", "\"<程序&\\\"名'>\"", "steps.1.name",
				   "\"立案</text><script>\"");

	(void)state;
	assert_non_null(strstr(svg, "&lt;程序&amp;&quot;名&#39;&gt;"));
	assert_non_null(strstr(svg, "立案&lt;/text&gt;&lt;script&gt;"));
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "<程序"));
	free(svg);
	/* a very long name wraps, never overflows the box: 11 characters of
	 * 14 px fit in the box's 160 px of text; the box grows to hold them */
	svg = render_patched("steps.3.name",
			     "\"这是一个非常非常非常非常非常非常非常非常非常非常长的步骤名称\"", NULL, NULL);
	assert_non_null(strstr(svg, ">这是一个非常非常非常非</text>"));
	assert_non_null(strstr(svg, ">常非常非常非常非常非常</text>"));
	assert_non_null(strstr(svg, ">非常长的步骤名称</text>"));
	assert_non_null(strstr(strstr(svg, "<g id=\"step-notice\">"), "width=\"176\" height=\"74.0\""));
	free(svg);
	/* closing punctuation never begins a line: it hangs on the line before */
	svg = render_patched("steps.3.name", "\"一二三四五六七八九十甲，乙\"", NULL, NULL);
	assert_non_null(strstr(svg, ">一二三四五六七八九十甲，</text>"));
	assert_non_null(strstr(svg, ">乙</text>"));
	free(svg);
	assert_int_equal(zf_procedure_svg(NULL, &(struct zf_buf){0}, &err), ZF_EINVAL);
}

/* A step that follows only an anytime step joins the side box; a loop back
 * is drawn too; an arrow another prerequisite implies is not. */
static void svg_side_and_loops(void **state)
{
	char *svg = render_patched("steps.8", "{\"code\":\"recusal_decide\",\"name\":\"回避决定\","
				   "\"roles\":[\"leader\"],\"after\":[\"recusal\"]}", NULL, NULL);

	(void)state;
	assert_non_null(strstr(svg, ">· 回避决定（回避申请后）</text>"));
	assert_null(strstr(svg, "<g id=\"step-recusal_decide\""));
	assert_int_equal(count(svg, "<g id=\"step-"), 7);
	free(svg);
	/* notice after filing or again after statement: the second goes back
	 * up, not drawn as an arrow across the chart but said on the box */
	svg = render_patched("steps.3.after", NULL, "steps.3.after_any", "[\"filing\",\"statement\"]");
	assert_int_equal(count(svg, "<g id=\"step-"), 7);
	assert_int_equal(count(svg, "=\"url(#arrow)\""), 7 + 2);
	assert_int_equal(count(svg, "stroke-dasharray=\"6 4\""), 3 + 1);
	assert_non_null(strstr(strstr(svg, "<g id=\"step-statement\">"), ">完成后回到：事先告知</text>"));
	free(svg);
	/* notice after filing and source: source comes before filing anyway, so
	 * its arrow is left out */
	svg = render_patched("steps.3.after", "[\"filing\",\"source\"]", NULL, NULL);
	assert_int_equal(count(svg, "=\"url(#arrow)\""), 7 + 2);
	free(svg);
	svg = render_patched("steps.3.after", "[\"source\"]", NULL, NULL);
	assert_int_equal(count(svg, "=\"url(#arrow)\""), 7 + 2);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base_loads),
		cmocka_unit_test(lookups),
		cmocka_unit_test(embedded_load),
		cmocka_unit_test(validation_errors),
		cmocka_unit_test(syntax_and_duplicates),
		cmocka_unit_test(vocab_optional),
		cmocka_unit_test(valid_variants),
		cmocka_unit_test(cond_truth_table),
		cmocka_unit_test(cond_from_definition),
		cmocka_unit_test(svg_chart),
		cmocka_unit_test(svg_escapes),
		cmocka_unit_test(svg_side_and_loops),
		cmocka_unit_test(setting_labels),
		cmocka_unit_test(svg_shipped),
	};
	if (zf_crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
