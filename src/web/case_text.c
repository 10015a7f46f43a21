/* Case data as people read it on the workbench: money, record values, conditions and deadlines in words, and the form input a field error belongs to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/time.h"
#include "web/case_text.h"

#define TEXT_LIMIT ((size_t)256 << 10)

void zf_case_text_money(int64_t fen, char out[40])
{
	char digits[24], grouped[40];
	uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	size_t n, j = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(v / 100));
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, 40, "%s%.27s.%02u元", fen < 0 ? "-" : "", grouped, (unsigned)(v % 100));
}

/* Parses yuan text "1234.5" into 分; 0 or -1. */
static int yuan_to_fen(const char *s, int64_t *fen)
{
	char whole[24];
	const char *dot = strchr(s, '.');
	size_t wl = dot ? (size_t)(dot - s) : strlen(s);
	int64_t w, cents = 0;
	if (!wl || wl >= sizeof(whole))
		return -1;
	memcpy(whole, s, wl);
	whole[wl] = '\0';
	if (zf_str_to_i64(whole, 0, INT64_MAX / 100 - 1, &w))
		return -1;
	if (dot) {
		const char *f = dot + 1;
		size_t fl = strlen(f);
		if (fl < 1 || fl > 2 || f[0] < '0' || f[0] > '9' || (fl == 2 && (f[1] < '0' || f[1] > '9')))
			return -1;
		cents = (f[0] - '0') * 10 + (fl == 2 ? f[1] - '0' : 0);
	}
	*fen = w * 100 + cents;
	return 0;
}

static const char *option_label(const struct zf_field_def *f, const char *value)
{
	for (size_t i = 0; f && i < f->noptions; i++)
		if (!strcmp(f->options[i].value, value))
			return f->options[i].label;
	return value;
}

static void officer_name(struct zf_buf *b, int64_t id, const struct zf_case_text_officer *o,
			 size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o[i].id == id) {
			zf_buf_puts(b, o[i].name);
			if (o[i].cert_no && *o[i].cert_no)
				zf_buf_printf(b, "（执法证号 %s）", o[i].cert_no);
			return;
		}
	zf_buf_printf(b, "执法人员 #%lld", (long long)id);
}

static void date_text(struct zf_buf *b, const char *s)
{
	struct zf_date d;
	char iso[11], cn[24];
	size_t n = strlen(s);
	if (n < 10) {
		zf_buf_puts(b, s);
		return;
	}
	memcpy(iso, s, 10);
	iso[10] = '\0';
	if (zf_date_parse(iso, &d)) {
		zf_buf_puts(b, s);
		return;
	}
	zf_date_cn(d, cn);
	zf_buf_puts(b, cn);
	if (n > 11 && (s[10] == 'T' || s[10] == ' '))
		zf_buf_printf(b, " %s", s + 11);
}

static void party_text(struct zf_buf *b, const json_t *v)
{
	const char *name = json_string_value(json_object_get(v, "name"));
	const char *id = json_string_value(json_object_get(v, "id_number"));
	const char *uscc = json_string_value(json_object_get(v, "uscc"));
	zf_buf_puts(b, name ? name : "当事人");
	if (uscc && *uscc)
		zf_buf_printf(b, "（统一社会信用代码 %s）", uscc);
	else if (id && *id)
		zf_buf_printf(b, "（证件号码 %s）", id);
}

static void signature_text(struct zf_buf *b, const json_t *v)
{
	if (json_is_true(json_object_get(v, "refused"))) {
		const char *w = json_string_value(json_object_get(v, "witnesses"));
		zf_buf_puts(b, "当事人拒绝签字");
		if (w && *w)
			zf_buf_printf(b, "（见证人：%s）", w);
	} else {
		zf_buf_puts(b, "已签名（手写签名）");
	}
}

static int empty(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)) ||
	       (json_is_array(v) && !json_array_size(v)) ||
	       (json_is_object(v) && !json_object_size(v));
}

/* One scalar value of F as text. */
static void scalar_text(struct zf_buf *b, const struct zf_field_def *f, const json_t *v,
			const struct zf_case_text_officer *o, size_t n)
{
	int type = f ? f->type : 0;
	char money[40];
	int64_t fen;

	if (json_is_boolean(v)) {
		zf_buf_puts(b, json_is_true(v) ? "是" : "否");
	} else if (type == ZF_FT_MONEY && json_is_integer(v)) {
		zf_case_text_money(json_integer_value(v), money);
		zf_buf_puts(b, money);
	} else if (type == ZF_FT_MONEY && json_is_string(v) && !yuan_to_fen(json_string_value(v), &fen)) {
		zf_case_text_money(fen, money);
		zf_buf_puts(b, money);
	} else if ((type == ZF_FT_OFFICER || type == ZF_FT_OFFICERS) && json_is_integer(v)) {
		officer_name(b, json_integer_value(v), o, n);
	} else if (json_is_integer(v)) {
		zf_buf_printf(b, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		zf_buf_printf(b, "%g", json_real_value(v));
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (type == ZF_FT_DATE || type == ZF_FT_DATETIME)
			date_text(b, s);
		else if (type == ZF_FT_ENUM || type == ZF_FT_ENUMS)
			zf_buf_puts(b, option_label(f, s));
		else
			zf_buf_puts(b, s);
	} else if (type == ZF_FT_SIGNATURE && json_is_object(v)) {
		signature_text(b, v);
	} else if (json_is_object(v)) {
		party_text(b, v);
	}
}

char *zf_case_text_value(const struct zf_field_def *f, const json_t *v,
			 const struct zf_case_text_officer *officers, size_t n)
{
	struct zf_buf b;
	size_t i;
	const json_t *e;

	if (empty(v))
		return NULL;
	zf_buf_init(&b, TEXT_LIMIT);
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (i)
				zf_buf_puts(&b, "、");
			scalar_text(&b, f, e, officers, n);
		}
	} else {
		scalar_text(&b, f, v, officers, n);
	}
	if (b.failed) {
		zf_buf_free(&b);
		return NULL;
	}
	return zf_buf_take(&b);
}

/* Facts the engine sets itself, with their labels. */
static const char *const builtin_facts[][2] = {
	{"party_kind", "当事人类型"},
	{"party_minor", "当事人未满十八周岁"},
	{"hearing_eligible", "符合听证条件"},
	{"major", "重大案件"},
	{"collective_required", "需要集体讨论"},
	{"statement_waived", "当事人放弃陈述申辩"},
	{"officers", "承办执法人员人数"},
};

const struct zf_field_def *zf_case_text_fact_field(const struct zf_procedure *p,
						   const char *name)
{
	for (size_t i = 0; p && i < p->nsteps; i++)
		for (size_t j = 0; j < p->steps[i].nfields; j++) {
			const struct zf_field_def *f = &p->steps[i].fields[j];
			if (f->fact && !strcmp(f->fact, name))
				return f;
		}
	return NULL;
}

const char *zf_case_text_fact_label(const struct zf_procedure *p, const char *name)
{
	const struct zf_field_def *f = zf_case_text_fact_field(p, name);
	if (f)
		return f->label;
	for (size_t i = 0; i < sizeof(builtin_facts) / sizeof(builtin_facts[0]); i++)
		if (!strcmp(builtin_facts[i][0], name))
			return builtin_facts[i][1];
	return name;
}

/* A compared value in words, through the fact's field when there is one. */
static void cond_value(struct zf_buf *b, const struct zf_procedure *p, const char *fact,
		       const json_t *v)
{
	const struct zf_field_def *f = zf_case_text_fact_field(p, fact);
	if (!f && !strcmp(fact, "party_kind") && json_is_string(v)) {
		zf_buf_puts(b, !strcmp(json_string_value(v), "org") ? "单位" : "个人");
		return;
	}
	zf_buf_puts(b, "“");
	scalar_text(b, f, v, NULL, 0);
	zf_buf_puts(b, "”");
}

static void cond_words(struct zf_buf *b, const struct zf_procedure *p, const json_t *c,
		       int depth)
{
	static const char *const ops[][2] = {
		{"eq", "为"}, {"ne", "不为"}, {"gt", "大于"}, {"ge", "不少于"},
		{"lt", "小于"}, {"le", "不超过"},
	};
	const json_t *list;
	const char *fact = json_string_value(json_object_get(c, "fact"));
	size_t i;
	const json_t *e;

	if (depth > 16 || !json_is_object(c))
		return;
	if ((list = json_object_get(c, "all")) || (list = json_object_get(c, "any"))) {
		const char *join = json_object_get(c, "all") ? " 且 " : " 或 ";
		json_array_foreach(list, i, e) {
			if (i)
				zf_buf_puts(b, join);
			cond_words(b, p, e, depth + 1);
		}
		return;
	}
	if ((e = json_object_get(c, "not"))) {
		zf_buf_puts(b, "并非（");
		cond_words(b, p, e, depth + 1);
		zf_buf_puts(b, "）");
		return;
	}
	if (!fact)
		return;
	zf_buf_printf(b, "「%s」", zf_case_text_fact_label(p, fact));
	if ((e = json_object_get(c, "set"))) {
		zf_buf_puts(b, json_is_true(e) ? "已填写" : "未填写");
		return;
	}
	if ((list = json_object_get(c, "in"))) {
		zf_buf_puts(b, "为");
		json_array_foreach(list, i, e) {
			if (i)
				zf_buf_puts(b, "、");
			cond_value(b, p, fact, e);
		}
		if (json_array_size(list) > 1)
			zf_buf_puts(b, "之一");
		return;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((e = json_object_get(c, ops[i][0]))) {
			zf_buf_puts(b, ops[i][1]);
			cond_value(b, p, fact, e);
			return;
		}
}

char *zf_case_text_cond(const struct zf_procedure *p, const json_t *cond)
{
	struct zf_buf b;
	if (!cond)
		return NULL;
	zf_buf_init(&b, TEXT_LIMIT);
	cond_words(&b, p, cond, 0);
	if (b.failed || !b.len) {
		zf_buf_free(&b);
		return NULL;
	}
	return zf_buf_take(&b);
}

json_t *zf_case_text_deadline(const char *label, const char *due, int provisional,
			      const char *level, int days_left, const char *message)
{
	struct zf_date d;
	char cn[24], state[64], cls[32];
	const char *lv = level && *level ? level : "ok";

	if (!strcmp(lv, "overdue"))
		snprintf(state, sizeof(state), days_left < 0 ? "已逾期%d个工作日" : "已逾期",
			 days_left < 0 ? -days_left : 0);
	else if (!strcmp(lv, "met"))
		snprintf(state, sizeof(state), "已完成");
	else if (!strcmp(lv, "error"))
		snprintf(state, sizeof(state), "无法计算");
	else if (days_left <= 0)
		snprintf(state, sizeof(state), "今日到期");
	else
		snprintf(state, sizeof(state), "剩余%d个工作日", days_left);
	snprintf(cls, sizeof(cls), "dl-%s", lv);
	if (due && *due && !zf_date_parse(due, &d))
		zf_date_cn(d, cn);
	else
		snprintf(cn, sizeof(cn), "—");
	return json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:b}", "label", label ? label : "",
			 "due", due ? due : "", "due_cn", cn, "provisional", provisional, "level", lv,
			 "class", cls, "state_text", state,
			 "message", message ? message : "", "overdue", !strcmp(lv, "overdue"));
}

const char *zf_case_text_input(const struct zf_step_def *s, const char *field, char *out,
			       size_t n)
{
	const char *name = field;
	size_t len;

	if (!strncmp(name, "values.", 7))
		name += 7;
	if (!strncmp(name, "party.", 6)) {
		snprintf(out, n, "parties[0].%s", name + 6);
		return out;
	}
	zf_strlcpy(out, name, n);
	len = strlen(out);
	if (s && len > 4 && !strcmp(out + len - 4, "_fen")) {
		for (size_t i = 0; i < s->nfields; i++)
			if (s->fields[i].type == ZF_FT_MONEY && strlen(s->fields[i].name) == len - 4 &&
			    !strncmp(s->fields[i].name, out, len - 4)) {
				out[len - 4] = '\0';
				break;
			}
	}
	return out;
}
