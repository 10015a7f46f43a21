/* A body's case settings: the sector parameters (day counts, thresholds, numbering patterns) with their documented defaults, typed and ranged. */
#include <stdio.h>
#include <string.h>

#include "core/case_rules.h"
#include "core/fieldcheck.h"
#include "util/str.h"

enum setting_type { ST_DAYS = 1, ST_MONEY, ST_BOOL, ST_WORDS, ST_TEXT, ST_PATTERN, ST_PATTERNS, ST_HOURS };

/* 10^12 yuan in 分: the largest amount zf_money_parse accepts. */
#define MONEY_MAX 100000000000000LL

struct setting {
	const char *key;
	const char *label;
	int type;
	int64_t min, max;   /* days, money (分), 学时, text length, list items */
	int64_t def;        /* days, money, bool */
	const char *def_text; /* text and patterns */
};

/* Sources: docs/case-rules.md ("Settings"). */
static const struct setting settings[] = {
	{"statement_days", "陈述申辩期限（工作日）", ST_DAYS, 1, 30, 5, NULL},
	{"decision_days", "作出处罚决定期限（日）", ST_DAYS, 30, 365, 90, NULL},
	{"decision_extension_days", "决定期限延长（日）", ST_DAYS, 0, 365, 30, NULL},
	{"clue_check_days", "线索核查期限（工作日）", ST_DAYS, 1, 90, 15, NULL},
	{"case_review", "案件审核", ST_BOOL, 0, 1, 1, NULL},
	{"gm_enabled", "启用国密算法（SM3）", ST_BOOL, 0, 1, 0, NULL},
	{"hearing_fine_person", "听证罚款数额（自然人，分）", ST_MONEY, 0, MONEY_MAX, 1000000, NULL},
	{"hearing_fine_org", "听证罚款数额（单位，分）", ST_MONEY, 0, MONEY_MAX, 10000000, NULL},
	{"hearing_confiscation_person", "听证没收数额（自然人，分）", ST_MONEY, 0, MONEY_MAX, 1000000,
	 NULL},
	{"hearing_confiscation_org", "听证没收数额（单位，分）", ST_MONEY, 0, MONEY_MAX, 10000000,
	 NULL},
	{"review_days", "案件审核期限（工作日）", ST_DAYS, 1, 60, 10, NULL},
	{"legal_review_days", "法制审核期限（工作日）", ST_DAYS, 1, 60, 10, NULL},
	{"discussion_quorum_pct", "集体讨论到会人数须超过负责人总数的百分比", ST_DAYS, 1, 100, 50, NULL},
	/* The 主要负责人 who chairs 集体讨论 (docs/legal-review.md): a leader login. */
	{"principal_leader", "主要负责人（负责人账号的登录名；空 = 未指定）", ST_TEXT, 0, 40, 0, ""},
	{"excluded_kinds", "不计入办案期限的事项", ST_WORDS, 0, 20, 0, NULL},
	{"collective_fine_person", "集体讨论罚款数额（自然人，分）", ST_MONEY, 0, MONEY_MAX, 5000000,
	 NULL},
	{"collective_fine_org", "集体讨论罚款数额（单位，分）", ST_MONEY, 0, MONEY_MAX, 50000000,
	 NULL},
	{"number_prefix", "文号机关代字", ST_TEXT, 0, 20, 0, ""},
	{"number_patterns", "文书编号格式", ST_PATTERNS, 0, 64, 0, NULL},
	{"case_number_pattern", "案号格式", ST_PATTERN, 1, 64, 0, "{body}案〔{year}〕{n}号"},
	/* Yearly training of every officer (docs/legal-review.md, "Reviewers and training"). */
	{"training_hours_required", "每年培训学时要求（学时）", ST_HOURS, 0, 1000, 60, NULL},
	/* Publicity after decisions (docs/publicity.md, "Periods and deadlines"). */
	{"publish_summary", "公开简易程序（当场）处罚决定", ST_BOOL, 0, 1, 0, NULL},
	{"publish_no_penalty", "公开不予行政处罚决定", ST_BOOL, 0, 1, 0, NULL},
	{"low_fine_person", "公开期限较短的罚款数额上限（自然人，分）", ST_MONEY, 0, MONEY_MAX, 1000000,
	 NULL},
	{"low_fine_org", "公开期限较短的罚款数额上限（单位，分）", ST_MONEY, 0, MONEY_MAX, 10000000,
	 NULL},
	{"period_short_months", "较短公开期限（月）", ST_DAYS, 1, 60, 3, NULL},
	{"period_long_years", "较长公开期限（年）", ST_DAYS, 1, 10, 3, NULL},
	{"correction_answer_days", "纠错申请答复期限（工作日）", ST_DAYS, 1, 60, 15, NULL},
};

static const char *const excluded_default[] = {"听证", "检测", "检验", "检疫", "鉴定", "公告"};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static const struct setting *setting_find(const char *key)
{
	for (size_t i = 0; key && i < NSETTINGS; i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

int zf_case_setting_known(const char *key)
{
	return setting_find(key) != NULL;
}

const char *zf_case_setting_label(const char *key)
{
	const struct setting *st = setting_find(key);
	return st ? st->label : "";
}

static json_t *default_value(const struct setting *st)
{
	switch (st->type) {
	case ST_DAYS:
	case ST_MONEY:
	case ST_HOURS:
		return json_integer(st->def);
	case ST_BOOL:
		return json_boolean(st->def);
	case ST_WORDS: {
		json_t *a = json_array();
		for (size_t i = 0; a && i < sizeof(excluded_default) / sizeof(excluded_default[0]); i++)
			if (json_array_append_new(a, json_string(excluded_default[i]))) {
				json_decref(a);
				return NULL;
			}
		return a;
	}
	case ST_PATTERNS:
		return json_object();
	default:
		return json_string(st->def_text);
	}
}

json_t *zf_case_settings_defaults(void)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < NSETTINGS; i++) {
		if (json_object_set_new(o, settings[i].key, default_value(&settings[i]))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int64_t zf_case_setting_int(const json_t *s, const char *key)
{
	const struct setting *st = setting_find(key);
	const json_t *v = json_is_object(s) ? json_object_get(s, key) : NULL;
	if (!st || (st->type != ST_DAYS && st->type != ST_MONEY && st->type != ST_HOURS &&
		    st->type != ST_BOOL))
		return 0;
	if (st->type == ST_BOOL && json_is_boolean(v))
		return json_is_true(v);
	if (st->type != ST_BOOL && json_is_integer(v))
		return json_integer_value(v);
	return st->def;
}

/* Checks numbering pattern P (text of FIELD) by formatting number 1. */
static void check_pattern(struct zf_fieldcheck *ck, const char *field, const char *label,
			  const json_t *p, size_t max)
{
	char out[512];
	struct zf_err e;
	zf_err_clear(&e);
	if (!json_is_string(p)) {
		zf_fieldcheck_fail(ck, field, "%s应为文字，例如“{body}罚决〔{year}〕{n}号”", label);
		return;
	}
	if (zf_fieldcheck_text(ck, field, label, json_string_value(p), max, 0, 1) != ZF_FIELD_OK)
		return;
	if (zf_doc_number_format(json_string_value(p), "示例", 2026, 1, out, sizeof(out), &e))
		zf_fieldcheck_fail(ck, field, "%s：%s", label, e.msg);
}

static void check_setting(struct zf_fieldcheck *ck, const struct setting *st, const json_t *v)
{
	const char *k = st->key;
	switch (st->type) {
	case ST_DAYS:
	case ST_MONEY:
	case ST_HOURS:
		if (!json_is_integer(v) || json_integer_value(v) < st->min ||
		    json_integer_value(v) > st->max) {
			if (st->type != ST_MONEY)
				zf_fieldcheck_fail(ck, k, "%s应为%lld至%lld之间的整数", st->label,
						   (long long)st->min, (long long)st->max);
			else
				zf_fieldcheck_fail(ck, k, "%s应为不小于0的整数（单位：分）", st->label);
		}
		break;
	case ST_BOOL:
		if (!json_is_boolean(v))
			zf_fieldcheck_fail(ck, k, "%s应为是或否（true/false）", st->label);
		break;
	case ST_WORDS: {
		if (!json_is_array(v) || (int64_t)json_array_size(v) > st->max) {
			zf_fieldcheck_fail(ck, k, "%s应为不超过%lld项的列表", st->label,
					   (long long)st->max);
			break;
		}
		size_t i;
		const json_t *w;
		json_array_foreach(v, i, w) {
			if (!json_is_string(w) ||
			    zf_fieldcheck_text(ck, k, "事项名称", json_string_value(w), 20, 0, 1) !=
				    ZF_FIELD_OK) {
				if (!json_is_string(w))
					zf_fieldcheck_fail(ck, k, "%s的每一项应为文字", st->label);
				break;
			}
		}
		break;
	}
	case ST_TEXT:
		if (!json_is_string(v))
			zf_fieldcheck_fail(ck, k, "%s应为文字", st->label);
		else
			zf_fieldcheck_text(ck, k, st->label, json_string_value(v), (size_t)st->max,
					   0, 0);
		break;
	case ST_PATTERN:
		check_pattern(ck, k, st->label, v, (size_t)st->max);
		break;
	case ST_PATTERNS: {
		const char *doc;
		const json_t *p;
		if (!json_is_object(v)) {
			zf_fieldcheck_fail(ck, k, "%s应为“文书类型：编号格式”的对象", st->label);
			break;
		}
		json_object_foreach((json_t *)v, doc, p) {
			char field[48];
			const struct zf_doc_type *t = zf_doc_type_find(doc);
			snprintf(field, sizeof(field), "%s.%s", k, doc);
			if (!t)
				zf_fieldcheck_fail(ck, field, "没有“%s”这种文书类型", doc);
			else if (!t->pattern)
				zf_fieldcheck_fail(ck, field, "%s不编文号，不能设置编号格式", t->name);
			else
				check_pattern(ck, field, t->name, p, (size_t)st->max);
		}
		break;
	}
	default:
		break;
	}
}

int zf_case_settings_validate(const json_t *s, struct zf_err *err)
{
	struct zf_fieldcheck ck = {err, 0};
	const char *key;
	const json_t *v;
	if (!json_is_object(s))
		return zf_err_set(err, ZF_EINVAL, "办案参数应为JSON对象");
	json_object_foreach((json_t *)s, key, v) {
		const struct setting *st = setting_find(key);
		if (!st)
			zf_fieldcheck_fail(&ck, key, "没有“%s”这项办案参数，请删除", key);
		else
			check_setting(&ck, st, v);
	}
	return ck.bad ? ZF_EINVAL : 0;
}
