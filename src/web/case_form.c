/* The step forms of cases: fields generated from a procedure definition, the party block, and the submitted form read back into the JSON the engine takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case_rules.h"
#include "util/str.h"
#include "web/case_form.h"
#include "web/case_text.h"
#include "web/request.h"

#define SIGNATURE_MAX ((size_t)256 << 10) /* bytes of one signature's strokes */

/* How a field is asked. */
enum widget {
	W_TEXT = 1, W_TEXTAREA, W_DATE, W_DATETIME, W_MONEY, W_INT, W_TEL, W_BOOL, W_SELECT,
	W_RADIOS, W_CHECKS, W_SIGNATURE, W_PARTY,
};

json_t *zf_case_form_submitted(struct zf_req *req)
{
	json_t *out = json_object();
	const struct zf_form *f = &req->priv->form;
	for (int i = 0; i < f->n; i++) {
		json_t *old = json_object_get(out, f->v[i].name);
		json_t *v = json_string(f->v[i].value);
		if (!old) {
			json_object_set_new(out, f->v[i].name, v);
		} else if (json_is_array(old)) {
			json_array_append_new(old, v);
		} else {
			json_t *arr = json_pack("[O]", old);
			json_array_append_new(arr, v);
			json_object_set_new(out, f->v[i].name, arr);
		}
	}
	return out;
}

/* The text of FORM[NAME] (the first of several), "" when absent. */
static const char *form_text(json_t *form, const char *name)
{
	json_t *v = json_object_get(form, name);
	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* 1 when VALUE is among FORM[NAME]. */
static int form_has(json_t *form, const char *name, const char *value)
{
	json_t *v = json_object_get(form, name), *e;
	size_t i;
	if (json_is_string(v))
		return !strcmp(json_string_value(v), value);
	json_array_foreach(v, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), value))
			return 1;
	return 0;
}

static int truthy(const char *s)
{
	return s && (!strcmp(s, "1") || !strcmp(s, "on") || !strcmp(s, "true"));
}

/* An element id for input NAME: "f-" and its letters and digits. */
static json_t *input_id(const char *name)
{
	char id[96];
	size_t j = 0;
	id[j++] = 'f';
	id[j++] = '-';
	for (const char *p = name; *p && j + 1 < sizeof(id); p++) {
		char c = *p;
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (alnum)
			id[j++] = c;
		else if (id[j - 1] != '-')
			id[j++] = '-';
	}
	while (j > 2 && id[j - 1] == '-')
		j--;
	id[j] = '\0';
	return json_string(id);
}

/* CHOICES ({"value","label"} objects) with the ones in FORM[NAME] marked. */
static json_t *marked(json_t *choices, json_t *form, const char *name)
{
	json_t *out = json_array(), *o;
	size_t i;
	json_array_foreach(choices, i, o) {
		const char *v = json_string_value(json_object_get(o, "value"));
		int on = v && form_has(form, name, v);
		json_array_append_new(out, json_pack("{s:O,s:O,s:b,s:b}", "value", json_object_get(o, "value"),
				      "label", json_object_get(o, "label"), "checked", on, "selected", on));
	}
	return out;
}

/* One input for case_field.html. Every key is set (false when unused) so
 * that a lookup never climbs to a same-named key of the page. Takes
 * CHOICES (may be NULL). */
static json_t *widget_json(const char *name, const char *label, enum widget w, int required,
			   const char *help, const char *cond, json_t *form, json_t *errors,
			   json_t *choices)
{
	static const char *const types[] = {
		[W_TEXT] = "text", [W_DATE] = "date", [W_DATETIME] = "datetime-local",
		[W_MONEY] = "text", [W_INT] = "text", [W_TEL] = "tel",
	};
	const char *msg = json_string_value(json_object_get(errors, name));
	int input = w == W_TEXT || w == W_DATE || w == W_DATETIME || w == W_MONEY || w == W_INT || w == W_TEL;
	json_t *f = json_object();
	json_object_set_new(f, "name", json_string(name));
	json_object_set_new(f, "id", input_id(name));
	json_object_set_new(f, "label", json_string(label));
	json_object_set_new(f, "help", help && *help ? json_string(help) : json_false());
	json_object_set_new(f, "cond", cond ? json_string(cond) : json_false());
	json_object_set_new(f, "required", json_boolean(required));
	json_object_set_new(f, "error", msg ? json_string(msg) : json_false());
	json_object_set_new(f, "value", json_string(form_text(form, name)));
	json_object_set_new(f, "labelled", json_boolean(input || w == W_TEXTAREA || w == W_SELECT));
	json_object_set_new(f, "input", json_boolean(input));
	json_object_set_new(f, "type", json_string(input ? types[w] : "text"));
	json_object_set_new(f, "inputmode", w == W_MONEY ? json_string("decimal") :
			    w == W_INT ? json_string("numeric") : json_false());
	json_object_set_new(f, "textarea", json_boolean(w == W_TEXTAREA));
	json_object_set_new(f, "select", json_boolean(w == W_SELECT));
	json_object_set_new(f, "radios", json_boolean(w == W_RADIOS));
	json_object_set_new(f, "checks", json_boolean(w == W_CHECKS));
	json_object_set_new(f, "bool", json_boolean(w == W_BOOL));
	json_object_set_new(f, "checked", json_boolean(truthy(form_text(form, name))));
	json_object_set_new(f, "signature", json_boolean(w == W_SIGNATURE));
	json_object_set_new(f, "party", json_false());
	json_object_set_new(f, "options", choices ? marked(choices, form, name) : json_array());
	if (w == W_SIGNATURE) {
		char refused[96], witnesses[96];
		snprintf(refused, sizeof(refused), "%s.refused", name);
		snprintf(witnesses, sizeof(witnesses), "%s.witnesses", name);
		const char *wmsg = json_string_value(json_object_get(errors, witnesses));
		json_object_set_new(f, "refused_name", json_string(refused));
		json_object_set_new(f, "refused", json_boolean(truthy(form_text(form, refused))));
		json_object_set_new(f, "witnesses_name", json_string(witnesses));
		json_object_set_new(f, "witnesses_id", input_id(witnesses));
		json_object_set_new(f, "witnesses", json_string(form_text(form, witnesses)));
		if (wmsg && !msg)
			json_object_set_new(f, "error", json_string(wmsg));
	}
	json_decref(choices);
	return f;
}

static enum widget widget_of(int type)
{
	switch (type) {
	case ZF_FT_TEXTAREA: return W_TEXTAREA;
	case ZF_FT_DATE: return W_DATE;
	case ZF_FT_DATETIME: return W_DATETIME;
	case ZF_FT_MONEY: return W_MONEY;
	case ZF_FT_INT: return W_INT;
	case ZF_FT_BOOL: return W_BOOL;
	case ZF_FT_ENUM: return W_RADIOS;
	case ZF_FT_ENUMS: return W_CHECKS;
	case ZF_FT_OFFICERS: return W_CHECKS;
	case ZF_FT_OFFICER: return W_SELECT;
	case ZF_FT_SIGNATURE: return W_SIGNATURE;
	case ZF_FT_PARTY: return W_PARTY;
	default: return W_TEXT;
	}
}

static json_t *options_json(const struct zf_field_def *d)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < d->noptions; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s}", "value", d->options[i].value,
				      "label", d->options[i].label));
	return arr;
}

json_t *zf_case_form_party(const char *prefix, json_t *form, json_t *errors)
{
	static const char *const id_types[] = {"id_card", "passport", "hk_mo_permit", "tw_permit",
					       "hmt_residence", "foreign_pr"};
	static const struct {
		const char *key, *label, *help;
		enum widget w;
		int required;
	} parts[] = {
		{"kind", "当事人类型", NULL, W_RADIOS, 1},
		{"name", "姓名或名称", NULL, W_TEXT, 1},
		{"id_type", "证件类型", "个人填写", W_SELECT, 0},
		{"id_number", "证件号码", "个人填写", W_TEXT, 0},
		{"birth_date", "出生日期", "个人填写；居民身份证可不填", W_DATE, 0},
		{"uscc", "统一社会信用代码", "单位填写", W_TEXT, 0},
		{"legal_rep", "法定代表人（负责人）", "单位填写", W_TEXT, 0},
		{"address", "住所或地址", NULL, W_TEXT, 0},
		{"phone", "联系电话", NULL, W_TEL, 0},
	};
	json_t *out = json_array();
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		char name[96];
		json_t *choices = NULL;
		snprintf(name, sizeof(name), "%s.%s", prefix, parts[i].key);
		if (!strcmp(parts[i].key, "kind"))
			choices = json_pack("[{s:s,s:s},{s:s,s:s}]", "value", "person", "label", "个人",
					    "value", "org", "label", "单位");
		if (!strcmp(parts[i].key, "id_type")) {
			choices = json_array();
			for (size_t k = 0; k < sizeof(id_types) / sizeof(id_types[0]); k++) {
				const char *l = zf_id_type_label(id_types[k]);
				json_array_append_new(choices, json_pack("{s:s,s:s}", "value", id_types[k],
						      "label", l ? l : id_types[k]));
			}
		}
		json_array_append_new(out, widget_json(name, parts[i].label, parts[i].w, parts[i].required,
						       parts[i].help, NULL, form, errors, choices));
	}
	return out;
}

json_t *zf_case_form_fields(const struct zf_procedure *p, const struct zf_step_def *s,
			    json_t *form, json_t *errors, json_t *officers, json_t *violations)
{
	json_t *out = json_array();
	for (size_t i = 0; i < s->nfields; i++) {
		const struct zf_field_def *d = &s->fields[i];
		enum widget w = widget_of(d->type);
		char *cond = zf_case_text_cond(p, d->when);
		json_t *choices = d->type == ZF_FT_OFFICERS || d->type == ZF_FT_OFFICER ?
				  (officers ? json_incref(officers) : json_array()) :
				  d->noptions ? options_json(d) : NULL;
		if (w == W_RADIOS && d->noptions > 6)
			w = W_SELECT;
		if (d->type == ZF_FT_INT && violations && !strcmp(d->name, ZF_CASE_FORM_VIOLATION)) {
			w = W_SELECT;
			choices = json_incref(violations);
		}
		json_t *f = widget_json(d->name, d->label, w, d->required, d->help, cond, form, errors,
					choices);
		free(cond);
		if (w == W_PARTY)
			json_object_set_new(f, "party", json_pack("{s:o}", "fields",
					    zf_case_form_party(d->name, form, errors)));
		json_array_append_new(out, f);
	}
	/* A step whose definition asks for an AV record: the reason when there
	 * is none (app/evidence_gate.c checks it against the body's list). */
	if (s->av != ZF_AV_NONE)
		json_array_append_new(out, widget_json(ZF_CASE_FORM_AV_EXCEPTION, "未能音像记录的原因",
						       W_TEXT, 0,
						       "本环节须附音像记录；因设备故障等音像记录事项清单允许的情形未能记录的，填写原因",
						       NULL, form, errors, NULL));
	return out;
}

/* A trimmed copy of parameter NAME, NULL when absent or blank. */
static const char *param(struct zf_req *req, const char *name)
{
	const char *v = zf_req_param(req, name);
	char *c;
	if (!v || !(c = zf_arena_strdup(req->arena, v)))
		return NULL;
	zf_str_trim(c);
	return *c ? c : NULL;
}

/* Every value sent under NAME, as an array of strings or (INTS) integers;
 * texts that are no integer are kept as texts for the engine to refuse. */
static json_t *all_params(struct zf_req *req, const char *name, int ints)
{
	const struct zf_form *f = &req->priv->form;
	json_t *arr = json_array();
	for (int i = 0; i < f->n; i++) {
		int64_t n;
		if (strcmp(f->v[i].name, name) || !*f->v[i].value)
			continue;
		if (ints && !zf_str_to_i64(f->v[i].value, 1, INT64_MAX, &n))
			json_array_append_new(arr, json_integer(n));
		else
			json_array_append_new(arr, json_string(f->v[i].value));
	}
	return arr;
}

json_t *zf_case_form_party_value(struct zf_req *req, const char *prefix)
{
	static const char *const common[] = {"name", "address", "phone"};
	static const char *const person[] = {"id_type", "id_number", "birth_date"};
	static const char *const org[] = {"uscc", "legal_rep"};
	json_t *o = json_object();
	char name[96];
	snprintf(name, sizeof(name), "%s.kind", prefix);
	const char *kind = param(req, name);
	int is_org = kind && !strcmp(kind, "org");
	for (size_t i = 0; i < 3; i++) {
		const char *key = common[i];
		const char *extra = is_org ? (i < 2 ? org[i] : NULL) : person[i];
		for (int k = 0; k < 2; k++, key = extra) {
			const char *v;
			if (!key)
				continue;
			snprintf(name, sizeof(name), "%s.%s", prefix, key);
			if ((v = param(req, name)))
				json_object_set_new(o, key, json_string(v));
		}
	}
	if (!json_object_size(o) && !kind) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "kind", json_string(kind ? kind : ""));
	return o;
}

/* A signature from its pad (strokes JSON) or the refusal with witnesses. */
static json_t *signature_value(struct zf_req *req, const char *name, struct zf_err *err)
{
	char sub[96];
	const char *strokes = param(req, name);
	snprintf(sub, sizeof(sub), "%s.refused", name);
	int refused = truthy(zf_req_param(req, sub));
	snprintf(sub, sizeof(sub), "%s.witnesses", name);
	const char *witnesses = param(req, sub);
	if (refused)
		return json_pack("{s:b,s:s}", "refused", 1, "witnesses", witnesses ? witnesses : "");
	if (!strokes)
		return NULL;
	json_error_t je;
	json_t *v = strlen(strokes) <= SIGNATURE_MAX ?
		    json_loads(strokes, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!json_is_object(v)) {
		json_decref(v);
		zf_err_field(err, name, "签名数据已损坏，请清除后重新签名");
		return NULL;
	}
	return v;
}

json_t *zf_case_form_values(struct zf_req *req, const struct zf_step_def *s, struct zf_err *err)
{
	json_t *out = json_object();
	for (size_t i = 0; i < s->nfields; i++) {
		const struct zf_field_def *d = &s->fields[i];
		const char *v = NULL;
		json_t *val = NULL;
		int64_t n;
		switch (d->type) {
		case ZF_FT_BOOL:
			val = json_boolean(truthy(zf_req_param(req, d->name)));
			break;
		case ZF_FT_ENUMS:
		case ZF_FT_OFFICERS:
			val = all_params(req, d->name, d->type == ZF_FT_OFFICERS);
			break;
		case ZF_FT_INT:
		case ZF_FT_OFFICER:
			if ((v = param(req, d->name)))
				val = zf_str_to_i64(v, INT64_MIN, INT64_MAX, &n) ? json_string(v) : json_integer(n);
			break;
		case ZF_FT_SIGNATURE:
			val = signature_value(req, d->name, err);
			break;
		case ZF_FT_PARTY:
			val = zf_case_form_party_value(req, d->name);
			break;
		default:
			if ((v = param(req, d->name)))
				val = json_string(v);
			break;
		}
		if (val)
			json_object_set_new(out, d->name, val);
	}
	const char *reason = s->av != ZF_AV_NONE ? param(req, ZF_CASE_FORM_AV_EXCEPTION) : NULL;
	if (reason)
		json_object_set_new(out, ZF_CASE_FORM_AV_EXCEPTION, json_string(reason));
	return out;
}

json_t *zf_case_form_errors(const struct zf_err *err, const struct zf_step_def *s)
{
	json_t *out = json_object();
	for (int i = 0; err && i < err->nfields; i++) {
		char name[96];
		zf_case_text_input(s, err->fields[i].field, name, sizeof(name));
		if (!json_object_get(out, name))
			json_object_set_new(out, name, json_string(err->fields[i].msg));
	}
	return out;
}

/* Drops from PENDING the names of the inputs in FIELDS (and their parts). */
static void placed(json_t *pending, json_t *fields)
{
	json_t *f;
	size_t i;
	json_array_foreach(fields, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		const char *witnesses = json_string_value(json_object_get(f, "witnesses_name"));
		if (name)
			json_object_del(pending, name);
		if (witnesses)
			json_object_del(pending, witnesses);
		placed(pending, json_object_get(json_object_get(f, "party"), "fields"));
	}
}

json_t *zf_case_form_unplaced(json_t *errors, json_t *fields, json_t *party)
{
	json_t *pending = json_copy(errors), *out = json_array(), *v;
	const char *key;
	placed(pending, fields);
	placed(pending, party);
	json_object_foreach(pending, key, v)
		json_array_append(out, v);
	json_decref(pending);
	return out;
}
