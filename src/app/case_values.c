/* The values of a step checked against its field definitions, normalised for storage, and rendered as display text. */
#include <stdio.h>
#include <string.h>

#include "app/case_int.h"
#include "store/registry.h"
#include "util/buf.h"
#include "util/str.h"

#define TEXT_MAX 200
#define TEXTAREA_MAX 4000
#define PLACE_MAX 200
#define SIG_STROKES_MAX 500
#define SIG_POINTS_MAX 200000 /* coordinates over all strokes */
#define SIG_SIZE_MAX 10000
#define LIST_MAX 50           /* officers or words in one field */

/* ---- reading raw input ---- */

/* The integer of V (a JSON integer or a decimal string) within [MIN, MAX]: 0 or -1. */
static int int_of(const json_t *v, int64_t min, int64_t max, int64_t *out)
{
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return *out < min || *out > max ? -1 : 0;
	}
	if (json_is_string(v))
		return zf_str_to_i64(json_string_value(v), min, max, out) ? -1 : 0;
	return -1;
}

/* The boolean of V (JSON true/false or a form word): 1, 0, or -1 when not one. */
static int bool_of(const json_t *v)
{
	static const char *const yes[] = {"1", "true", "on", "yes", "是"};
	static const char *const no[] = {"0", "false", "off", "no", "否", ""};

	if (json_is_boolean(v))
		return json_is_true(v);
	if (!json_is_string(v))
		return -1;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(json_string_value(v), yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcmp(json_string_value(v), no[i]) == 0)
			return 0;
	return -1;
}

/* 1 when V is absent: NULL, JSON null, a blank string or an empty array. */
static int absent(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && zf_str_blank(json_string_value(v))) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

/* The option of F whose value is WORD, or NULL. */
static const struct zf_option *option_of(const struct zf_field_def *f, const char *word)
{
	for (size_t i = 0; i < f->noptions; i++)
		if (strcmp(f->options[i].value, word) == 0)
			return &f->options[i];
	return NULL;
}

/* 1 when S is "YYYY-MM-DDTHH:MM" with a real date and time. */
static int datetime_ok(const char *s)
{
	char date[11];
	struct zf_date d;

	if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
	return zf_date_parse(date, &d) == 0 && h < 24 && m < 60;
}

/* The raw input of field NAME of IN: NAME itself, or "<NAME>_fen" for money. */
static const json_t *raw_of(const json_t *in, const struct zf_field_def *f, int *fen)
{
	char key[48];
	const json_t *v = json_object_get(in, f->name);

	*fen = 0;
	if (f->type == ZF_FT_MONEY && absent(v)) {
		snprintf(key, sizeof(key), "%s_fen", f->name);
		const json_t *w = json_object_get(in, key);
		if (w && !json_is_null(w)) {
			*fen = 1;
			return w;
		}
	}
	return v;
}

/* ---- officers ---- */

int zf_case_officer_resolve(struct zf_case_ctx *x, int64_t officer_id,
			    struct zf_guard_officer *out, struct zf_err *err)
{
	struct zf_officer o;
	int rc = zf_store_officer_get(x->db, x->a, officer_id, &o, err);

	if (rc == 0 && o.body_id != x->c.body_id)
		rc = ZF_ENOTFOUND;
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = o.id;
	out->name = o.name;
	out->cert_no = o.cert_no;
	out->cert_state = o.state;
	zf_date_parse(o.valid_from, &out->valid_from);
	zf_date_parse(o.valid_to, &out->valid_to);
	out->domains = o.domains;
	out->body_suspended = o.body_suspended;
	for (size_t i = 0; i < x->nofficers; i++)
		if (x->officers[i].officer_id == o.id) {
			out->assigned = 1;
			out->recused = x->officers[i].recused;
		}
	return 0;
}

/* Adds officer ID to the officers named in V (once; room for CAP). */
static int name_officer(struct zf_case_ctx *x, struct zf_case_values *v, size_t cap, int64_t id,
			const char *field, struct zf_err *err)
{
	struct zf_guard_officer g;
	int rc;

	for (size_t i = 0; i < v->nofficers; i++)
		if (v->officers[i].id == id)
			return 0;
	if ((rc = zf_case_officer_resolve(x, id, &g, err)) == ZF_ENOTFOUND) {
		err->msg[0] = '\0';
		return zf_err_field(err, field, "所选执法人员不属于本执法主体");
	}
	if (rc)
		return rc;
	if (v->nofficers >= cap)
		return zf_err_field(err, field, "所列执法人员过多");
	v->officers[v->nofficers++] = g;
	return 0;
}

/* ---- parties ---- */

/* The text member KEY of O, "" when absent; -1 when present but no string. */
static int member_text(const json_t *o, const char *key, const char **out)
{
	const json_t *v = json_object_get(o, key);

	*out = "";
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

int zf_case_party_parse(struct zf_arena *a, const json_t *o, const char *prefix,
			struct zf_party *p, struct zf_err *err)
{
	static const char *const keys[] = {"name", "id_type", "id_number", "uscc", "legal_rep",
					   "address", "phone", "birth_date"};
	const char **dst[] = {&p->name, &p->id_type, &p->id_number, &p->uscc, &p->legal_rep,
			      &p->address, &p->phone, &p->birth_date};
	struct zf_err e = {0};
	const char *kind = "";

	memset(p, 0, sizeof(*p));
	if (!json_is_object(o))
		return zf_err_field(err, prefix, "当事人信息格式不正确");
	if (member_text(o, "kind", &kind) || (strcmp(kind, "person") && strcmp(kind, "org")))
		return zf_err_field(err, prefix, "请选择当事人类型（自然人或单位）");
	p->kind = strcmp(kind, "org") == 0 ? ZF_PARTY_ORG : ZF_PARTY_PERSON;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *t;

		if (member_text(o, keys[i], &t))
			return zf_err_field(err, prefix, "当事人信息格式不正确");
		if (!(*dst[i] = zf_arena_strdup(a, t)))
			return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		zf_str_trim((char *)*dst[i]);
	}
	if (!zf_party_validate(p, &e))
		return 0;
	/* "party.name" becomes PREFIX ".name". */
	for (int i = 0; i < e.nfields; i++) {
		const char *dot = strchr(e.fields[i].field, '.');
		zf_err_field(err, "", "%s", e.fields[i].msg);
		snprintf(err->fields[err->nfields - 1].field, sizeof(err->fields[0].field), "%s%s",
			 prefix, dot ? dot : "");
	}
	if (!e.nfields)
		zf_err_field(err, prefix, "%s", e.msg);
	return ZF_EINVAL;
}

json_t *zf_case_party_json(const struct zf_party *p)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "kind",
			 p->kind == ZF_PARTY_ORG ? "org" : "person", "name", p->name ? p->name : "",
			 "id_type", p->id_type ? p->id_type : "", "id_number",
			 p->id_number ? p->id_number : "", "uscc", p->uscc ? p->uscc : "",
			 "legal_rep", p->legal_rep ? p->legal_rep : "", "address",
			 p->address ? p->address : "", "phone", p->phone ? p->phone : "",
			 "birth_date", p->birth_date ? p->birth_date : "");
}

/* ---- one field ---- */

/* A signature drawn on a tablet, or a refusal noted with witnesses. */
static int signature_value(const json_t *raw, const char *name, json_t **out,
			   struct zf_err *err)
{
	const json_t *strokes = json_object_get(raw, "strokes"), *st, *pt;
	size_t i, j, points = 0;
	int64_t w, h;

	if (!json_is_object(raw))
		return zf_err_field(err, name, "签名格式不正确，请重新签名");
	if (json_is_true(json_object_get(raw, "refused"))) {
		const json_t *wit = json_object_get(raw, "witnesses");
		if (!json_is_string(wit) || zf_str_blank(json_string_value(wit)) ||
		    zf_str_chars(json_string_value(wit)) > TEXT_MAX)
			return zf_err_field(err, name, "当事人拒绝签名的，须注明见证人（200字以内）");
		*out = json_pack("{s:b,s:s}", "refused", 1, "witnesses", json_string_value(wit));
		return *out ? 0 : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	}
	if (int_of(json_object_get(raw, "w"), 1, SIG_SIZE_MAX, &w) ||
	    int_of(json_object_get(raw, "h"), 1, SIG_SIZE_MAX, &h) || !json_is_array(strokes) ||
	    json_array_size(strokes) == 0 || json_array_size(strokes) > SIG_STROKES_MAX)
		return zf_err_field(err, name, "签名为空或格式不正确，请重新签名");
	json_array_foreach(strokes, i, st) {
		if (!json_is_array(st) || json_array_size(st) % 2)
			return zf_err_field(err, name, "签名笔画格式不正确，请重新签名");
		points += json_array_size(st);
		if (points > SIG_POINTS_MAX)
			return zf_err_field(err, name, "签名数据过大，请重新签名");
		json_array_foreach(st, j, pt)
			if (!json_is_number(pt) || json_number_value(pt) < 0 ||
			    json_number_value(pt) > SIG_SIZE_MAX)
				return zf_err_field(err, name, "签名坐标不正确，请重新签名");
	}
	*out = json_pack("{s:O,s:I,s:I}", "strokes", strokes, "w", (json_int_t)w, "h",
			 (json_int_t)h);
	return *out ? 0 : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
}

/* The words of an enums field: a JSON array of strings, or one string with "," between. */
static int enums_value(const struct zf_field_def *f, const json_t *raw, const char *name,
		       json_t **out, struct zf_err *err)
{
	json_t *arr = json_array(), *e;
	size_t i;
	int rc = 0;

	if (!arr)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (json_is_string(raw)) {
		char buf[1024];
		zf_strlcpy(buf, json_string_value(raw), sizeof(buf));
		for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && !rc;
		     t = strtok_r(NULL, ",", &save))
			rc = json_array_append_new(arr, json_string(zf_str_trim(t)));
	} else if (json_is_array(raw)) {
		json_array_foreach(raw, i, e)
			if (!json_is_string(e) || (rc = json_array_append(arr, e)))
				rc = -1;
	} else {
		rc = -1;
	}
	if (rc) {
		json_decref(arr);
		return zf_err_field(err, name, "%s：请从列表中选择", f->label);
	}
	if (json_array_size(arr) > (f->max > 0 ? (size_t)f->max : f->noptions)) {
		json_decref(arr);
		return zf_err_field(err, name, "%s：所选项过多", f->label);
	}
	json_array_foreach(arr, i, e) {
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= json_equal(e, json_array_get(arr, k));
		if (!option_of(f, json_string_value(e)) || dup) {
			json_decref(arr);
			return zf_err_field(err, name, "%s：「%s」不是可选项或重复", f->label,
					    json_string_value(e));
		}
	}
	*out = arr;
	return 0;
}

/* The ids of an officers field: a JSON array of ids, or a string of ids with "," between. */
static int officers_value(struct zf_case_ctx *x, const json_t *raw, const char *name,
			  struct zf_case_values *v, size_t cap, json_t **out, struct zf_err *err)
{
	json_t *arr = json_array(), *e;
	size_t i;
	int64_t id;
	int rc = 0;

	if (!arr)
		return zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
	if (json_is_string(raw) || json_is_integer(raw)) {
		char buf[1024];
		if (json_is_integer(raw))
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(raw));
		else
			zf_strlcpy(buf, json_string_value(raw), sizeof(buf));
		for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t && !rc;
		     t = strtok_r(NULL, ", ", &save))
			rc = zf_str_to_i64(t, 1, INT64_MAX, &id) ? -1
								  : json_array_append_new(arr, json_integer(id));
	} else if (json_is_array(raw)) {
		json_array_foreach(raw, i, e)
			if (int_of(e, 1, INT64_MAX, &id) ||
			    json_array_append_new(arr, json_integer(id)))
				rc = -1;
	} else {
		rc = -1;
	}
	if (rc || json_array_size(arr) > LIST_MAX) {
		json_decref(arr);
		return zf_err_field(err, name, "执法人员选择不正确");
	}
	json_array_foreach(arr, i, e)
		if ((rc = name_officer(x, v, cap, json_integer_value(e), name, err))) {
			json_decref(arr);
			return rc;
		}
	*out = arr;
	return 0;
}

/* Normalises the present input RAW of field F (error name NAME) into *OUT. */
static int field_value(struct zf_case_ctx *x, const struct zf_field_def *f, const json_t *raw,
		       int fen, const char *name, struct zf_case_values *v, size_t cap,
		       json_t **out, struct zf_err *err)
{
	const char *s = json_string_value(raw);
	struct zf_date d;
	int64_t n;
	int b;

	*out = NULL;
	switch (f->type) {
	case ZF_FT_TEXT:
	case ZF_FT_TEXTAREA: {
		size_t max = f->max > 0 ? (size_t)f->max : f->type == ZF_FT_TEXT ? TEXT_MAX : TEXTAREA_MAX;
		if (!s || !zf_str_utf8_ok(s, strlen(s), f->type == ZF_FT_TEXTAREA))
			return zf_err_field(err, name, "%s：请填写文字", f->label);
		if (zf_str_chars(s) > max)
			return zf_err_field(err, name, "%s：不能超过%zu个字", f->label, max);
		*out = json_string(s);
		break;
	}
	case ZF_FT_DATE:
		if (!s || strlen(s) != 10 || zf_date_parse(s, &d))
			return zf_err_field(err, name, "%s：请填写日期（如2026-04-01）", f->label);
		*out = json_string(s);
		break;
	case ZF_FT_DATETIME:
		if (!s || !datetime_ok(s))
			return zf_err_field(err, name, "%s：请填写日期和时间（如2026-04-01T09:30）",
					    f->label);
		*out = json_string(s);
		break;
	case ZF_FT_MONEY:
		if (fen ? int_of(raw, 0, (int64_t)100000000000000, &n)
			: (!s || zf_money_parse(s, &n)))
			return zf_err_field(err, name, "%s：请填写金额（元，最多两位小数）", f->label);
		*out = json_integer(n);
		break;
	case ZF_FT_INT:
		if (int_of(raw, 0, INT64_MAX, &n))
			return zf_err_field(err, name, "%s：请填写整数", f->label);
		*out = json_integer(n);
		break;
	case ZF_FT_BOOL:
		if ((b = bool_of(raw)) < 0)
			return zf_err_field(err, name, "%s：请选择是或否", f->label);
		*out = json_boolean(b);
		break;
	case ZF_FT_ENUM:
		if (!s || !option_of(f, s))
			return zf_err_field(err, name, "%s：请从列表中选择", f->label);
		*out = json_string(s);
		break;
	case ZF_FT_ENUMS:
		return enums_value(f, raw, name, out, err);
	case ZF_FT_OFFICERS:
		return officers_value(x, raw, name, v, cap, out, err);
	case ZF_FT_OFFICER:
		if (int_of(raw, 1, INT64_MAX, &n))
			return zf_err_field(err, name, "%s：请选择执法人员", f->label);
		if ((b = name_officer(x, v, cap, n, name, err)))
			return b;
		*out = json_integer(n);
		break;
	case ZF_FT_SIGNATURE:
		return signature_value(raw, name, out, err);
	case ZF_FT_PARTY: {
		struct zf_party p;
		if ((b = zf_case_party_parse(x->a, raw, name, &p, err)))
			return b;
		*out = zf_case_party_json(&p);
		break;
	}
	default:
		return zf_err_field(err, name, "%s：字段类型未知", f->label);
	}
	return *out ? 0 : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
}

/* The facts the raw input IN would set (for "when" of fields), new reference. */
static json_t *raw_facts(const struct zf_step_def *s, const json_t *in)
{
	json_t *f = json_object();

	for (size_t i = 0; f && i < s->nfields; i++) {
		const struct zf_field_def *d = &s->fields[i];
		int fen;
		const json_t *raw = raw_of(in, d, &fen);
		int64_t n;
		int b;

		if (!d->fact || absent(raw))
			continue;
		if (d->type == ZF_FT_MONEY &&
		    (fen ? int_of(raw, 0, INT64_MAX, &n) == 0
			 : (json_is_string(raw) && zf_money_parse(json_string_value(raw), &n) == 0)))
			json_object_set_new(f, d->fact, json_integer(n));
		else if (d->type == ZF_FT_BOOL && (b = bool_of(raw)) >= 0)
			json_object_set_new(f, d->fact, json_boolean(b));
		else if (d->type == ZF_FT_INT && int_of(raw, 0, INT64_MAX, &n) == 0)
			json_object_set_new(f, d->fact, json_integer(n));
		else
			json_object_set(f, d->fact, (json_t *)raw);
	}
	return f;
}

/* The step-level values beside the fields: place, occurred_on, corrects. */
static int step_meta(struct zf_case_ctx *x, const struct zf_step_def *step, const json_t *in,
		     struct zf_case_values *v, struct zf_err *err)
{
	const json_t *place = json_object_get(in, "place"), *on = json_object_get(in, "occurred_on");
	const json_t *corr = json_object_get(in, "corrects");
	struct zf_date d;
	char today[11];

	zf_date_iso(x->today, today);
	v->place = "";
	if (!absent(place)) {
		const char *s = json_string_value(place);
		if (!s || !zf_str_utf8_ok(s, strlen(s), 0) || zf_str_chars(s) > PLACE_MAX)
			return zf_err_field(err, "values.place", "地点：请填写200字以内的文字");
		v->place = zf_arena_strdup(x->a, s);
	}
	v->occurred_on = zf_arena_strdup(x->a, today);
	if (!absent(on)) {
		const char *s = json_string_value(on);
		if (!s || strlen(s) != 10 || zf_date_parse(s, &d))
			return zf_err_field(err, "values.occurred_on", "办理日期：请填写日期（如2026-04-01）");
		if (zf_date_cmp(d, x->today) > 0)
			return zf_err_field(err, "values.occurred_on", "办理日期不能晚于今天");
		v->occurred_on = zf_arena_strdup(x->a, s);
	}
	if (!absent(corr)) {
		int64_t id;
		size_t i;

		for (i = 0; int_of(corr, 1, INT64_MAX, &id) == 0 && i < x->nsteps; i++)
			if (x->steps[i].id == id)
				break;
		if (i >= x->nsteps)
			return zf_err_field(err, "values.corrects", "所更正的记录不属于本案");
		/* A correction is a new record of the same step, referring to the old one. */
		if (strcmp(x->steps[i].code, step->code))
			return zf_err_field(err, "values.corrects", "只能更正本环节的记录");
		v->corrects_id = id;
	}
	return v->place && v->occurred_on ? 0 : zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
}

/* 1 when KEY is something step S takes: one of its fields, "<name>_fen" for a
 * money field, or a value every step takes (place, occurred_on, corrects). */
static int step_takes(const struct zf_step_def *s, const char *key)
{
	static const char *const meta[] = {"place", "occurred_on", "corrects"};
	size_t n = strlen(key);

	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++)
		if (!strcmp(key, meta[i]))
			return 1;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct zf_field_def *f = &s->fields[i];
		size_t fl = strlen(f->name);

		if (!strcmp(key, f->name) || (f->type == ZF_FT_MONEY && n == fl + 4 &&
					      !strncmp(key, f->name, fl) && !strcmp(key + fl, "_fen")))
			return 1;
	}
	return 0;
}

/* Field errors "values.<key>" for each key of IN that step S does not take:
 * a misspelt field would otherwise be dropped without a word. */
static int unknown_keys(const struct zf_step_def *s, const json_t *in, struct zf_err *err)
{
	const char *key;
	json_t *v;
	int rc = 0;

	json_object_foreach((json_t *)in, key, v) {
		char field[48];

		if (step_takes(s, key))
			continue;
		snprintf(field, sizeof(field), "values.%.32s", key);
		zf_err_field(err, field, "「%s」没有字段 %.32s", s->name, key);
		rc = ZF_EINVAL;
	}
	return rc;
}

int zf_case_values_check(struct zf_case_ctx *x, const struct zf_step_def *s, const json_t *in,
			 struct zf_case_values *out, struct zf_err *err)
{
	size_t cap = LIST_MAX * (s->nfields + 1);
	json_t *facts = NULL, *extra = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (in && !json_is_object(in))
		return zf_err_field(err, "values", "办理内容格式不正确");
	if (!(out->values = json_object()) || !(out->facts = json_object()) ||
	    !(out->officers = zf_arena_alloc(x->a, cap * sizeof(*out->officers))) ||
	    !(extra = raw_facts(s, in)) || !(facts = zf_case_facts(x, extra))) {
		rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
		goto out;
	}
	if ((rc = step_meta(x, s, in, out, err)) && rc != ZF_EINVAL)
		goto out;
	if (in && unknown_keys(s, in, err))
		rc = ZF_EINVAL;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct zf_field_def *f = &s->fields[i];
		char name[48];
		int fen, frc;
		const json_t *raw = raw_of(in, f, &fen);
		json_t *val = NULL;

		if (f->when && !zf_cond_eval(f->when, facts))
			continue; /* not asked: whatever came is dropped */
		snprintf(name, sizeof(name), "values.%s", f->name);
		if (absent(raw) && !(f->type == ZF_FT_BOOL && raw && !json_is_null(raw))) {
			if (f->required) {
				zf_err_field(err, name, "请填写%s", f->label);
				rc = ZF_EINVAL;
			}
			continue;
		}
		frc = field_value(x, f, raw, fen, name, out, cap, &val, err);
		if (frc && frc != ZF_EINVAL) {
			rc = frc;
			goto out;
		}
		if (frc) {
			rc = ZF_EINVAL;
			continue;
		}
		if (json_object_set_new(out->values, f->name, val) ||
		    (f->fact && json_object_set(out->facts, f->fact, val))) {
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
			goto out;
		}
	}
	/* A step's own "date" field is the date it happened (docs/case-rules.md). */
	const json_t *date = json_object_get(out->values, "date");
	struct zf_date d;
	if (json_is_string(date) && absent(json_object_get(in, "occurred_on")) &&
	    zf_date_parse(json_string_value(date), &d) == 0) {
		if (zf_date_cmp(d, x->today) > 0) {
			zf_err_field(err, "values.date", "日期不能晚于今天");
			rc = ZF_EINVAL;
		} else if (!(out->occurred_on = zf_arena_strdup(x->a, json_string_value(date)))) {
			rc = zf_err_set(err, ZF_ENOMEM, ZF_CASE_MSG_NOMEM);
			goto out;
		}
	}
	if (rc == ZF_EINVAL && !err->msg[0])
		zf_err_set(err, ZF_EINVAL, "请检查填写的内容");
	if (rc == ZF_EINVAL)
		err->code = ZF_EINVAL;
out:
	json_decref(extra);
	json_decref(facts);
	if (rc)
		zf_case_values_free(out);
	return rc;
}

void zf_case_values_free(struct zf_case_values *v)
{
	json_decref(v->values);
	json_decref(v->facts);
	v->values = v->facts = NULL;
}

/* ---- display text ---- */

void zf_case_money_text(int64_t fen, char *out, size_t n)
{
	char plain[24], grouped[48], cap[128];
	size_t len, intlen, o = 0;

	zf_money_format(fen, plain);
	zf_money_capital(fen, cap, sizeof(cap));
	len = strlen(plain);
	intlen = strchr(plain, '.') ? (size_t)(strchr(plain, '.') - plain) : len;
	for (size_t i = 0; i < len && o + 2 < sizeof(grouped); i++) {
		if (i && i < intlen && (intlen - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = plain[i];
	}
	grouped[o] = '\0';
	snprintf(out, n, "%s元（%s）", grouped, cap);
}

/* "王建国（执法证号 14052400101）" for officer ID, or the id when unknown. */
static void officer_text(struct zf_case_ctx *x, int64_t id, struct zf_buf *b)
{
	struct zf_guard_officer g;
	struct zf_err e = {0};

	if (zf_case_officer_resolve(x, id, &g, &e) == 0)
		zf_buf_printf(b, "%s（执法证号 %s）", g.name, g.cert_no);
	else
		zf_buf_printf(b, "执法人员%lld", (long long)id);
}

const char *zf_case_value_text(struct zf_case_ctx *x, const struct zf_field_def *f,
			       const json_t *value)
{
	struct zf_buf b;
	char tmp[192];
	struct zf_date d;
	const struct zf_option *o;
	const json_t *e;
	size_t i;
	const char *s = json_string_value(value), *res;

	if (!value || json_is_null(value))
		return NULL;
	zf_buf_init(&b, 64 * 1024);
	switch (f ? f->type : 0) {
	case ZF_FT_DATE:
		if (s && zf_date_parse(s, &d) == 0) {
			zf_date_cn(d, tmp);
			zf_buf_puts(&b, tmp);
		}
		break;
	case ZF_FT_DATETIME:
		if (s && strlen(s) == 16) {
			memcpy(tmp, s, 10);
			tmp[10] = '\0';
			if (zf_date_parse(tmp, &d) == 0) {
				zf_date_cn(d, tmp);
				zf_buf_printf(&b, "%s%.2s时%.2s分", tmp, s + 11, s + 14);
			}
		}
		break;
	case ZF_FT_MONEY:
		zf_case_money_text((int64_t)json_integer_value(value), tmp, sizeof(tmp));
		zf_buf_puts(&b, tmp);
		break;
	case ZF_FT_BOOL:
		zf_buf_puts(&b, json_is_true(value) ? "是" : "否");
		break;
	case ZF_FT_ENUM:
		zf_buf_puts(&b, s && (o = option_of(f, s)) ? o->label : s);
		break;
	case ZF_FT_ENUMS:
		json_array_foreach(value, i, e) {
			const char *w = json_string_value(e);
			zf_buf_puts(&b, i ? "、" : "");
			zf_buf_puts(&b, w && (o = option_of(f, w)) ? o->label : w);
		}
		break;
	case ZF_FT_OFFICERS:
		json_array_foreach(value, i, e) {
			zf_buf_puts(&b, i ? "、" : "");
			officer_text(x, (int64_t)json_integer_value(e), &b);
		}
		break;
	case ZF_FT_OFFICER:
		officer_text(x, (int64_t)json_integer_value(value), &b);
		break;
	case ZF_FT_SIGNATURE:
		if (json_is_true(json_object_get(value, "refused")))
			zf_buf_printf(&b, "当事人拒绝签名（见证人：%s）",
				      json_string_value(json_object_get(value, "witnesses")));
		else
			zf_buf_puts(&b, "当事人已签名");
		break;
	case ZF_FT_PARTY:
		zf_buf_puts(&b, json_string_value(json_object_get(value, "name")));
		break;
	default:
		if (s)
			zf_buf_puts(&b, s);
		else if (json_is_integer(value))
			zf_buf_printf(&b, "%lld", (long long)json_integer_value(value));
		else if (json_is_boolean(value))
			zf_buf_puts(&b, json_is_true(value) ? "是" : "否");
		break;
	}
	res = b.failed ? NULL : zf_arena_strdup(x->a, zf_buf_cstr(&b));
	zf_buf_free(&b);
	return res;
}
