/* The AV requirement list (音像记录事项清单): validation against the procedure definitions, the default list derived from them and the rule of one step. */
#include <stdio.h>
#include <string.h>

#include "core/av_list.h"
#include "core/fieldcheck.h"
#include "util/str.h"

static const char *const rule_words[] = {
	[ZF_AV_NONE] = "none", [ZF_AV_AV] = "av", [ZF_AV_AV_OR_PHOTO] = "av_or_photo",
	[ZF_AV_WHOLE] = "whole",
};

static const char *const rule_labels[] = {
	[ZF_AV_NONE] = "无需音像记录", [ZF_AV_AV] = "音像记录",
	[ZF_AV_AV_OR_PHOTO] = "音像或照片记录", [ZF_AV_WHOLE] = "全过程音像记录",
};

#define NRULES (sizeof(rule_words) / sizeof(rule_words[0]))

static const char *const categories[] = {"", "场景类", "约谈类", "确认类", "检查类"};

static const char *const item_keys[] = {"procedure", "step", "rule", "category",
					"record", "exceptions", "note"};

const char *zf_av_rule_word(int rule)
{
	return rule >= 0 && (size_t)rule < NRULES ? rule_words[rule] : "";
}

const char *zf_av_rule_label(int rule)
{
	return rule >= 0 && (size_t)rule < NRULES ? rule_labels[rule] : "";
}

/* The rule of WORD, or -1 when it is not one. */
static int rule_parse(const char *word)
{
	for (size_t i = 0; word && i < NRULES; i++)
		if (strcmp(rule_words[i], word) == 0)
			return (int)i;
	return -1;
}

static int known_word(const char *const *words, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(words[i], w) == 0)
			return 1;
	return 0;
}

/* Checks the text member KEY of ITEM (absent = ""), LABEL naming it. */
static void check_text(struct zf_fieldcheck *ck, const json_t *item, size_t i, const char *key,
		       const char *label, size_t max)
{
	const json_t *v = json_object_get(item, key);
	char field[48];

	snprintf(field, sizeof(field), "items[%zu].%s", i, key);
	if (!v)
		return;
	if (!json_is_string(v)) {
		zf_fieldcheck_fail(ck, field, "第%zu项的%s须为文字", i + 1, label);
		return;
	}
	zf_fieldcheck_text(ck, field, label, json_string_value(v), max, 0, 0);
}

static void check_exceptions(struct zf_fieldcheck *ck, const json_t *item, size_t i)
{
	const json_t *v = json_object_get(item, "exceptions"), *e;
	char field[48];
	size_t j;

	snprintf(field, sizeof(field), "items[%zu].exceptions", i);
	if (!v)
		return;
	if (!json_is_array(v) || json_array_size(v) > ZF_AV_LIST_EXCEPTIONS_MAX) {
		zf_fieldcheck_fail(ck, field, "第%zu项的例外情形须为不超过%d条原因的列表", i + 1,
				   ZF_AV_LIST_EXCEPTIONS_MAX);
		return;
	}
	json_array_foreach(v, j, e) {
		const char *s = json_string_value(e);
		size_t n = s ? strlen(s) : 0;
		if (!s || !zf_str_utf8_ok(s, n, 0) || zf_str_chars(s) < 2 ||
		    zf_str_chars(s) > 50 || zf_str_blank(s)) {
			zf_fieldcheck_fail(ck, field,
					   "第%zu项的例外情形第%zu条须为2至50个字的一行文字",
					   i + 1, j + 1);
			return;
		}
		for (size_t k = 0; k < j; k++)
			if (strcmp(json_string_value(json_array_get(v, k)), s) == 0) {
				zf_fieldcheck_fail(ck, field, "第%zu项的例外情形「%s」重复",
						   i + 1, s);
				return;
			}
	}
}

/* 1 when an earlier item than I lists PROC/STEP too. */
static int listed_before(const json_t *items, size_t i, const char *proc, const char *step)
{
	for (size_t k = 0; k < i; k++) {
		const json_t *o = json_array_get(items, k);
		const char *p = json_string_value(json_object_get(o, "procedure"));
		const char *s = json_string_value(json_object_get(o, "step"));
		if (p && s && strcmp(p, proc) == 0 && strcmp(s, step) == 0)
			return 1;
	}
	return 0;
}

static void check_item(struct zf_fieldcheck *ck, const json_t *items, size_t i,
		       const struct zf_procedures *set)
{
	const json_t *item = json_array_get(items, i), *v;
	const struct zf_procedure *p = NULL;
	const struct zf_step_def *s = NULL;
	const char *key, *pw, *sw, *rw, *cw;
	char field[48];

	snprintf(field, sizeof(field), "items[%zu]", i);
	if (!json_is_object(item)) {
		zf_fieldcheck_fail(ck, field, "第%zu项须为对象", i + 1);
		return;
	}
	json_object_foreach((json_t *)item, key, v) {
		if (!known_word(item_keys, sizeof(item_keys) / sizeof(item_keys[0]), key)) {
			zf_fieldcheck_fail(ck, field, "第%zu项含有未知的字段“%.40s”", i + 1, key);
			return;
		}
	}
	snprintf(field, sizeof(field), "items[%zu].procedure", i);
	pw = json_string_value(json_object_get(item, "procedure"));
	if (!pw || !(p = zf_procedure_find(set, pw)))
		zf_fieldcheck_fail(ck, field, "第%zu项的执法程序不存在，请从程序定义中选择", i + 1);
	snprintf(field, sizeof(field), "items[%zu].step", i);
	sw = json_string_value(json_object_get(item, "step"));
	if (p && (!sw || !(s = zf_procedure_step(p, sw))))
		zf_fieldcheck_fail(ck, field, "第%zu项的环节不是「%s」的环节", i + 1, p->name);
	else if (s && listed_before(items, i, pw, sw))
		zf_fieldcheck_fail(ck, field, "第%zu项的环节「%s」已在清单中，每个环节只能列一次",
				   i + 1, s->name);
	snprintf(field, sizeof(field), "items[%zu].rule", i);
	rw = json_string_value(json_object_get(item, "rule"));
	int rule = rule_parse(rw);
	if (rule < 0)
		zf_fieldcheck_fail(ck, field,
				   "第%zu项的音像记录要求须为无需音像记录、音像记录、音像或照片记录、"
				   "全过程音像记录之一",
				   i + 1);
	else if (s && s->av == ZF_AV_WHOLE && rule != ZF_AV_WHOLE)
		zf_fieldcheck_fail(ck, field,
				   "「%s」依法须全过程音像记录，不能降低要求", s->name);
	snprintf(field, sizeof(field), "items[%zu].category", i);
	v = json_object_get(item, "category");
	cw = json_string_value(v);
	if (v && (!cw || !known_word(categories, sizeof(categories) / sizeof(categories[0]), cw)))
		zf_fieldcheck_fail(ck, field, "第%zu项的类别须为场景类、约谈类、确认类、检查类或留空",
				   i + 1);
	check_text(ck, item, i, "record", "记录事项", 200);
	check_exceptions(ck, item, i);
	check_text(ck, item, i, "note", "备注", 500);
}

/* Every step whose definition requires whole-process recording must stay listed. */
static void check_whole_listed(struct zf_fieldcheck *ck, const json_t *items,
			       const struct zf_procedures *set)
{
	size_t np = 0;
	const struct zf_procedure *const *all = zf_procedures_all(set, &np);

	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < all[i]->nsteps; j++) {
			const struct zf_step_def *s = &all[i]->steps[j];
			if (s->av == ZF_AV_WHOLE &&
			    !listed_before(items, json_array_size(items), all[i]->code, s->code)) {
				zf_fieldcheck_fail(ck, "items",
						   "「%s」依法须全过程音像记录，不能从清单中删去",
						   s->name);
				return;
			}
		}
}

int zf_av_list_check(const json_t *list, const struct zf_procedures *set, struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, 0};
	const json_t *items = json_object_get(list, "items");
	const char *key;
	const json_t *v;

	if (!json_is_object(list))
		return zf_err_field(err, "list", "音像记录事项清单须为对象");
	json_object_foreach((json_t *)list, key, v) {
		if (strcmp(key, "format") != 0 && strcmp(key, "items") != 0)
			return zf_err_field(err, "list", "清单含有未知的字段“%.40s”", key);
	}
	const char *format = json_string_value(json_object_get(list, "format"));
	if (!format || strcmp(format, ZF_AV_LIST_FORMAT) != 0)
		zf_fieldcheck_fail(&ck, "format", "清单格式须为“%s”", ZF_AV_LIST_FORMAT);
	if (!json_is_array(items))
		zf_fieldcheck_fail(&ck, "items", "清单的事项（items）须为列表");
	else if (json_array_size(items) > ZF_AV_LIST_ITEMS_MAX)
		zf_fieldcheck_fail(&ck, "items", "清单最多%d项", ZF_AV_LIST_ITEMS_MAX);
	else {
		for (size_t i = 0; i < json_array_size(items); i++)
			check_item(&ck, items, i, set);
		check_whole_listed(&ck, items, set);
	}
	if (ck.bad) {
		if (err)
			err->code = ZF_EINVAL;
		return ZF_EINVAL;
	}
	return 0;
}

/* The category of step S by what it is: recorded talks, service, inspections, on-site acts. */
static const char *default_category(const struct zf_step_def *s)
{
	if (s->av == ZF_AV_WHOLE)
		return "场景类";
	if (strstr(s->name, "询问") || strstr(s->name, "陈述") || strstr(s->name, "听证"))
		return "约谈类";
	if (strstr(s->name, "送达") || strstr(s->name, "告知"))
		return "确认类";
	if (strstr(s->name, "检查") || strstr(s->name, "复查") || strstr(s->name, "勘验"))
		return "检查类";
	return "场景类";
}

static json_t *default_item(const struct zf_procedure *p, const struct zf_step_def *s)
{
	char record[256];
	json_t *exc = s->av == ZF_AV_WHOLE ? json_pack("[s]", "设备故障")
					   : json_pack("[s,s]", "设备故障", "现场条件不允许");

	snprintf(record, sizeof(record), "%s%s", s->name, s->av == ZF_AV_WHOLE ? "全过程" : "过程");
	if (!exc)
		return NULL;
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "procedure", p->code, "step", s->code,
			 "rule", zf_av_rule_word(s->av), "category", default_category(s), "record",
			 record, "exceptions", exc, "note", "");
}

json_t *zf_av_list_default(const struct zf_procedures *set)
{
	size_t np = 0;
	const struct zf_procedure *const *all = zf_procedures_all(set, &np);
	json_t *items = json_array(), *list;

	if (!items)
		return NULL;
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < all[i]->nsteps; j++) {
			const struct zf_step_def *s = &all[i]->steps[j];
			if (s->av == ZF_AV_NONE)
				continue;
			json_t *item = default_item(all[i], s);
			if (!item || json_array_append_new(items, item)) {
				json_decref(items);
				return NULL;
			}
		}
	list = json_pack("{s:s,s:o}", "format", ZF_AV_LIST_FORMAT, "items", items);
	return list;
}

void zf_av_list_rule(const json_t *list, const char *procedure, const char *step,
		     struct zf_av_rule *out)
{
	const json_t *items = json_object_get(list, "items"), *item;
	size_t i;

	*out = (struct zf_av_rule){ZF_AV_NONE, "", "", NULL};
	json_array_foreach(items, i, item) {
		const char *p = json_string_value(json_object_get(item, "procedure"));
		const char *s = json_string_value(json_object_get(item, "step"));
		if (!p || !s || strcmp(p, procedure) != 0 || strcmp(s, step) != 0)
			continue;
		int rule = rule_parse(json_string_value(json_object_get(item, "rule")));
		const char *c = json_string_value(json_object_get(item, "category"));
		const char *r = json_string_value(json_object_get(item, "record"));
		out->rule = rule < 0 ? ZF_AV_NONE : rule;
		out->category = c ? c : "";
		out->record = r ? r : "";
		out->exceptions = json_object_get(item, "exceptions");
		return;
	}
}

/* The bounds [*FROM, *TO) of S without white space (ASCII or U+3000) at either end. */
static void trim_bounds(const char *s, const char **from, const char **to)
{
	const char *b = s, *e = s + strlen(s);

	for (;;) {
		if (b < e && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
			b++;
		else if (e - b >= 3 && memcmp(b, "\xe3\x80\x80", 3) == 0)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - b >= 3 && memcmp(e - 3, "\xe3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	*from = b;
	*to = e;
}

int zf_av_exception_allowed(const struct zf_av_rule *rule, const char *reason)
{
	const char *rb, *re, *eb, *ee;
	const json_t *e;
	size_t i;

	if (!rule || !reason)
		return 0;
	trim_bounds(reason, &rb, &re);
	if (rb == re)
		return 0;
	json_array_foreach(rule->exceptions, i, e) {
		const char *s = json_string_value(e);
		if (!s)
			continue;
		trim_bounds(s, &eb, &ee);
		if (ee - eb == re - rb && memcmp(eb, rb, (size_t)(re - rb)) == 0)
			return 1;
	}
	return 0;
}
